//! `auditday catalogue`: the clauses and controls, one a line, all or those matching a query.

use std::process::ExitCode;

use crate::catalogue::{Catalogue, Entry};

/// Prints every entry, or those matching `query`; exit 1 when nothing matches.
pub fn run(query: &str, extra: Option<&Catalogue>) -> anyhow::Result<ExitCode> {
    let catalogue = extra.unwrap_or_else(|| Catalogue::iso27001_2022());
    let entries: Vec<&Entry> = if query.trim().is_empty() {
        catalogue.entries.iter().collect()
    } else {
        catalogue.search(query)
    };
    if entries.is_empty() {
        let hint = catalogue
            .resolve(query)
            .err()
            .and_then(|e| e.hint())
            .unwrap_or_default();
        eprintln!(
            "nothing in {} matches \"{}\". {}",
            catalogue.title,
            crate::text::one_line(query),
            hint
        );
        return Ok(ExitCode::FAILURE);
    }
    let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
    for e in entries {
        println!("{:<width$}  {}", e.id, crate::text::one_line(&e.title));
    }
    Ok(ExitCode::SUCCESS)
}
