//! A finding as the lists show it (the Findings screen, the closing meeting): number, grade,
//! who raised it (when more than one auditor raised findings), references and statement in columns sized from the width, statements cut so that no two
//! read the same, and under a nonconformity that is not complete what it lacks, in words.

use unicode_width::UnicodeWidthStr;

use super::{cut_apart, fit, safe, widest};
use crate::audit::Grade;
use crate::tui::app::FindingRow;
use crate::tui::forms::{first_line, short_grade};

/// Width of the number column: `NC-01?`; a longer number (`OBS-02 (was NC-03)`) takes its
/// room from the statement of its own line.
const NUMBER: usize = 7;

/// The columns of a list of findings `width` columns wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FindingColumns {
    /// The grade in a word (`major`) rather than in two (`major NC`), when narrow.
    brief_grade: bool,
    /// Who raised it, by first name; 0 when every finding is one auditor's.
    by: usize,
    references: usize,
    statement: usize,
    width: usize,
}

impl FindingColumns {
    /// The columns for `findings` in `width`: who raised each when `everyone` (all the
    /// findings of the audit) were raised by more than one auditor, the references as wide
    /// as the longest needs, up to a quarter of the room (at least 12), the statement the rest.
    pub(crate) fn of(
        findings: &[&FindingRow],
        everyone: &[FindingRow],
        width: usize,
    ) -> FindingColumns {
        let brief_grade = width < 70;
        let grade = if brief_grade { 5 } else { 11 };
        let team = everyone.iter().any(|f| f.by != everyone[0].by);
        let by = if team {
            widest(findings.iter().map(|f| recorder(f))).min(BY)
        } else {
            0
        };
        let room = width.saturating_sub(NUMBER + 1 + grade + 1 + by + usize::from(by > 0));
        let want = widest(findings.iter().map(|f| references(f)));
        let references = want.min((room / 4).max(12));
        FindingColumns {
            brief_grade,
            by,
            references,
            statement: room.saturating_sub(references + 1),
            width,
        }
    }
}

/// One finding's lines in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FindingLines {
    /// Number, grade, references, statement.
    pub(crate) row: String,
    /// What a standing nonconformity lacks (`incomplete: no objective evidence`), under it.
    pub(crate) lacks: Option<String>,
}

impl FindingLines {
    /// How many lines it takes.
    pub(crate) fn height(finding: &FindingRow) -> usize {
        1 + usize::from(lacks(finding).is_some())
    }
}

/// What a standing finding lacks to be complete; nothing for a withdrawn one.
fn lacks(finding: &FindingRow) -> Option<String> {
    finding
        .is_open()
        .then(|| finding.content.incomplete())
        .flatten()
}

/// The widest the recorder's column gets.
const BY: usize = 10;

/// Who raised a finding, as the list names them: their first name.
fn recorder(finding: &FindingRow) -> String {
    safe(finding.by.split_whitespace().next().unwrap_or_default())
}

fn references(finding: &FindingRow) -> String {
    safe(&finding.content.references.join(", "))
}

fn grade(grade: Grade, brief: bool) -> &'static str {
    match (grade, brief) {
        (Grade::Major, true) => "major",
        (Grade::Minor, true) => "minor",
        (Grade::Observation, true) => "obs",
        (Grade::Strength, true) => "str",
        (Grade::AreaOfConcern, true) => "AOC",
        (grade, _) => short_grade(grade),
    }
}

/// The lines of `findings` (those drawn), each followed by `mark(id)` (" — NOT SAVED").
pub(crate) fn finding_lines<'a>(
    findings: &[&FindingRow],
    columns: FindingColumns,
    mark: impl Fn(ulid::Ulid) -> &'a str,
) -> Vec<FindingLines> {
    let statements: Vec<String> = findings
        .iter()
        .map(|f| {
            let withdrawn = if f.is_open() { "" } else { "WITHDRAWN: " };
            format!("{withdrawn}{}", safe(first_line(&f.content.statement)))
        })
        .collect();
    let cut = cut_apart(&statements, columns.statement);
    findings
        .iter()
        .zip(cut)
        .map(|(f, statement)| {
            let number = f.number.to_string();
            let wider = number.chars().count().saturating_sub(NUMBER);
            let mark = mark(f.id);
            let grade_width = if columns.brief_grade { 5 } else { 11 };
            let statement = if wider + mark.width() > 0 {
                let room = columns.statement.saturating_sub(wider + mark.width());
                super::cut(&statement, room)
            } else {
                statement
            };
            let by = if columns.by > 0 {
                format!("{} ", fit(&recorder(f), columns.by))
            } else {
                String::new()
            };
            let row = format!(
                "{number:<NUMBER$} {} {by}{} {statement}{mark}",
                fit(grade(f.grade(), columns.brief_grade), grade_width),
                fit(&references(f), columns.references),
            );
            // Under the statement, or further left when that is what keeps the words whole.
            let lacks = lacks(f).map(|l| {
                let room = columns.width.saturating_sub(l.chars().count());
                let indent = (NUMBER + 1 + grade_width + 1).min(room).max(2);
                format!("{}{l}", " ".repeat(indent))
            });
            FindingLines { row, lacks }
        })
        .collect()
}
