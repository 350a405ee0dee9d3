//! auditday: the library behind the audit-day terminal application. The domain modules know
//! nothing of the terminal; `tui` is the only one that draws.

pub mod catalogue;
pub mod diagnostic;
pub mod text;
pub mod cli;
pub mod plan;
pub mod record;
