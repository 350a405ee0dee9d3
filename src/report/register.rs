//! The findings register: one row a standing finding in number order, the auditee's
//! corrective-action tracker. The columns are defined once here, and both the CSV (RFC 4180,
//! through the `csv` crate) and the XLSX register (`super::xlsx`) write them, so the two
//! cannot drift. Every text cell is text from the record made safe for a spreadsheet: control
//! and bidirectional characters made visible, and a cell a spreadsheet would read as a
//! formula neutralised with a leading `'` (OWASP's CSV injection advice).

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::context::{FindingPart, ReportContext};
use super::words::Words;
use crate::text::escape_controls;

/// A column of a spreadsheet (the register's, the evidence requests'): its heading's key in
/// the language file, and how a spreadsheet shows it.
pub(super) struct Column {
    /// The heading's key in the table of words the spreadsheet's headings come from.
    pub key: &'static str,
    /// The width in Excel's character units.
    pub width: f64,
    /// Whether long text wraps inside the cell.
    pub wrap: bool,
}

pub(super) const fn column(key: &'static str, width: f64, wrap: bool) -> Column {
    Column { key, width, wrap }
}

/// The columns, in order.
pub(super) const COLUMNS: [Column; 12] = [
    column("number", 9.0, false),
    column("grade", 22.0, false),
    column("references", 18.0, true),
    column("statement", 60.0, true),
    column("requirement", 40.0, true),
    column("objective_evidence", 60.0, true),
    column("sample", 10.0, false),
    column("due", 12.0, false),
    column("response", 40.0, true),
    column("raised_by", 18.0, false),
    column("raised_at", 17.0, false),
    column("incomplete", 24.0, true),
];

/// One cell of a finding's row, typed so a spreadsheet can hold a date as a date.
pub(super) enum Cell {
    /// Text, as recorded (not yet made safe: see [`cell_text`]).
    Text(String),
    /// A day (the corrective action's due date).
    Day(NaiveDate),
    /// A moment with the report's offset (when the finding was raised).
    Moment(DateTime<FixedOffset>),
}

impl Cell {
    /// The cell as CSV holds it: safe text, a day as ISO 8601, a moment as RFC 3339.
    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => cell_text(text).into_owned(),
            Cell::Day(day) => day.to_string(),
            Cell::Moment(at) => at.to_rfc3339(),
        }
    }
}

/// The register of `context`'s standing findings, with a heading row in `words`' language.
pub fn csv(context: &ReportContext, words: &Words) -> csv::Result<Vec<u8>> {
    csv_table(
        COLUMNS.map(|c| words.get("register", c.key)),
        context.findings.iter().map(|f| row(f, words)),
    )
}

/// A CSV table (RFC 4180, CRLF line ends): the `headings` row, then `rows` with every text
/// cell made safe as [`cell_text`] says; the findings register and the evidence requests
/// (`super::plan_docs`) are both written through it.
pub(super) fn csv_table<'h>(
    headings: impl IntoIterator<Item = &'h str>,
    rows: impl IntoIterator<Item = impl IntoIterator<Item = Cell>>,
) -> csv::Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(headings)?;
    for row in rows {
        out.write_record(row.into_iter().map(|c| c.csv()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// One finding's cells, in [`COLUMNS`] order.
pub(super) fn row(f: &FindingPart, words: &Words) -> [Cell; 12] {
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
    let text = Cell::Text;
    [
        text(f.number.clone()),
        text(grade),
        text(
            (f.references.iter().map(|r| r.id.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        text(f.statement.clone()),
        text(f.requirement.clone()),
        text(f.objective_evidence.clone()),
        text(f.sample.clone().unwrap_or_default()),
        (f.corrective_action.as_ref()).map_or_else(|| text(String::new()), |c| Cell::Day(c.due)),
        text(responses.join("\n")),
        text(f.raised_by.clone()),
        Cell::Moment(f.raised_at),
        text(
            (f.incomplete.iter())
                .map(|m| words.get("missing", m))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ]
}

/// A cell's text as written: control and bidirectional characters made visible, and a
/// leading `=`, `+`, `-`, `@`, tab or carriage return (which a spreadsheet may read as a
/// formula) behind a `'`.
pub(super) fn cell_text(raw: &str) -> Cow<'_, str> {
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
