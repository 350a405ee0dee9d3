//! auditday: the library behind the audit-day terminal application. The domain modules know
//! nothing of the terminal; `tui` is the only one that draws.

pub mod audit;
pub mod catalogue;
pub mod cli;
pub mod diagnostic;
mod input;
mod json_out;
pub mod library;
pub mod plan;
pub mod practice;
pub mod record;
pub mod report;
pub mod session;
pub mod soa;
pub mod team;
pub mod text;
pub mod tui;
