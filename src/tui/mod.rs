//! The terminal interface: a thin skin over the library. State + messages + update + view: a
//! key becomes an [`action::Action`] through the key tables (`keymap`), `update` changes the
//! [`app::App`] and asks for events to be recorded, `runner` records them and draws the `view`.
//! Each screen of the rail is a folder of `screens/` (state, update, view, keys), listed in
//! its registry; the overlays drawn over them are in `overlays/`, the forms in `forms/`.

pub mod action;
pub mod app;
mod forms;
pub mod keymap;
pub mod message;
mod overlays;
mod practice;
pub mod resume;
pub mod runner;
mod screens;
mod style;
pub mod terminal;
mod undo;
pub mod update;
pub mod view;
