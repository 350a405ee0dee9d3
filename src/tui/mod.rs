//! The terminal interface: a thin skin over the library. State + messages + update + view: a
//! key becomes an [`action::Action`] (`keymap`), `update` changes the [`app::App`] and asks
//! for events to be recorded, `runner` records them and draws the `view`.

pub mod action;
pub mod app;
#[path = "forms/mod.rs"]
pub mod editing;
#[path = "forms/fields.rs"]
pub mod form;
pub mod keymap;
pub mod resume;
pub mod runner;
pub mod style;
pub mod terminal;
pub mod update;
pub mod view;
