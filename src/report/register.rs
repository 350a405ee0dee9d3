//! The findings register as CSV (RFC 4180, through the `csv` crate): one row a standing
//! finding in number order, the auditee's corrective-action tracker. Every cell is text from
//! the record made safe for a spreadsheet: control and bidirectional characters made
//! visible, and a cell a spreadsheet would read as a formula neutralised with a leading `'`
//! (OWASP's CSV injection advice).

use std::borrow::Cow;

use super::context::{FindingPart, ReportContext};
use super::words::Words;
use crate::text::escape_controls;

/// The columns, by their key in the language file's `[register]` table.
const COLUMNS: [&str; 12] = [
    "number",
    "grade",
    "references",
    "statement",
    "requirement",
    "objective_evidence",
    "sample",
    "due",
    "response",
    "raised_by",
    "raised_at",
    "incomplete",
];

/// The register of `context`'s standing findings, with a heading row in `words`' language.
pub fn csv(context: &ReportContext, words: &Words) -> csv::Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(COLUMNS.map(|c| words.get("register", c)))?;
    for f in &context.findings {
        out.write_record(
            row(f, words)
                .iter()
                .map(|cell| cell_text(cell).into_owned()),
        )?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// One finding's cells, in [`COLUMNS`] order.
fn row(f: &FindingPart, words: &Words) -> [String; 12] {
    let grade = serde_json::to_value(f.grade)
        .ok()
        .and_then(|g| g.as_str().map(|g| words.get("grade", g).to_owned()))
        .unwrap_or_default();
    let responses: Vec<String> = (f.responses.iter())
        .map(|r| match r.kind {
            "accepted" => words.get("register", "accepted").to_owned(),
            _ => format!(
                "{} ({}): {}",
                words.get("register", "diverging"),
                r.held_by,
                r.text
            ),
        })
        .collect();
    [
        f.number.clone(),
        grade,
        (f.references.iter().map(|r| r.id.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        f.statement.clone(),
        f.requirement.clone(),
        f.objective_evidence.clone(),
        f.sample.clone().unwrap_or_default(),
        (f.corrective_action.as_ref())
            .map(|c| c.due.to_string())
            .unwrap_or_default(),
        responses.join("\n"),
        f.raised_by.clone(),
        f.raised_at.to_rfc3339(),
        (f.incomplete.iter())
            .map(|m| words.get("missing", m))
            .collect::<Vec<_>>()
            .join(", "),
    ]
}

/// A cell's text as written: control and bidirectional characters made visible, and a
/// leading `=`, `+`, `-`, `@`, tab or carriage return (which a spreadsheet may read as a
/// formula) behind a `'`.
fn cell_text(raw: &str) -> Cow<'_, str> {
    let shown = escape_controls(raw, true);
    let formula = |text: &str| text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula(raw) || formula(&shown) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_compute_is_neutralised() {
        for raw in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(cell_text(raw).starts_with('\''), "{raw:?}");
        }
        assert_eq!(cell_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell_text("NC-01"), "NC-01");
        assert_eq!(cell_text("a\u{202e}b\u{1b}"), "a\\u{202e}b\\u{1b}");
        assert_eq!(cell_text("two\nlines"), "two\nlines");
    }
}
