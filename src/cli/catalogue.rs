//! `auditday catalogue`: the clauses and controls, one a line, all or those matching a query.

use std::io::Write;
use std::process::ExitCode;

use crate::catalogue::{Catalogue, Entry, LookupError};
use crate::text::one_line;

/// Prints every entry, or those matching `query`; exit 1 when nothing matches. Output goes
/// through `?` so that a reader closing the pipe (`| head -1`) ends the command quietly.
pub fn run(query: &str, extra: Option<&Catalogue>) -> anyhow::Result<ExitCode> {
    let catalogue = extra.unwrap_or_else(|| Catalogue::iso27001_2022());
    let entries: Vec<&Entry> = if query.trim().is_empty() {
        catalogue.entries.iter().collect()
    } else {
        catalogue.search(query)
    };
    if entries.is_empty() {
        let why = match catalogue.resolve(query) {
            Err(e @ LookupError::PreviousEdition { .. }) => e.message(),
            _ => format!(
                "nothing in {} matches \"{}\"",
                catalogue.title,
                one_line(query)
            ),
        };
        let hint = catalogue.resolve(query).err().and_then(|e| e.hint());
        let mut err = std::io::stderr().lock();
        writeln!(err, "{}", one_line(&why))?;
        if let Some(hint) = hint {
            writeln!(err, "hint: {}", one_line(&hint))?;
        }
        return Ok(ExitCode::FAILURE);
    }
    let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for e in entries {
        writeln!(out, "{:<width$}  {}", e.id, one_line(&e.title))?;
    }
    Ok(ExitCode::SUCCESS)
}
