//! The checks a Stage 1 reviewer makes on an SoA: every Annex A control listed, once, in the
//! current edition's ids, each applicable or excluded, and every exclusion justified.

use std::collections::HashMap;

use super::header::Table;
use super::{At, Listed, Problem, ProblemKind, SoaReport};
use crate::catalogue::{Catalogue, Entry, EntryKind, LookupError};

/// Checks `table`, read from `file`, against `catalogue`'s annex controls.
pub(super) fn check(file: &str, table: &Table, catalogue: &Catalogue) -> SoaReport {
    let mut problems = Vec::new();
    let mut listed: Vec<Listed> = Vec::new();
    let mut first_row: HashMap<String, (usize, bool)> = HashMap::new();
    let mut replaced: HashMap<String, (usize, String)> = HashMap::new();
    for row in &table.rows {
        let Some(id_cell) = row.get(table.id) else {
            continue;
        };
        let written = id_cell.text.as_str();
        let applicability = row.text(table.applicable);
        if !looks_like_id(written) || is_theme_heading(written, applicability, catalogue) {
            continue;
        }
        let at_id = At {
            row: row.number,
            column: Some(table.id),
        };
        let entry = match control_of(written, catalogue) {
            Ok(entry) => entry,
            Err(problem) => {
                if let LookupError::PreviousEdition {
                    input, successors, ..
                } = &problem
                {
                    for (id, _) in successors {
                        replaced
                            .entry(id.clone())
                            .or_insert_with(|| (row.number, input.clone()));
                    }
                }
                problems.push(lookup_problem(&problem, written, at_id));
                continue;
            }
        };
        if let Some(&(first, numeric)) = first_row.get(&entry.id) {
            problems.push(Problem {
                kind: ProblemKind::Duplicate,
                at: Some(at_id),
                id: entry.id.clone(),
                message: format!("{} is listed twice: first on row {first}", entry.id),
                hint: (numeric || id_cell.numeric).then(|| {
                    "a cell stored as a number loses a trailing zero (8.10 reads 8.1): \
                     format the id column as text"
                        .to_owned()
                }),
            });
            continue;
        }
        first_row.insert(entry.id.clone(), (row.number, id_cell.numeric));
        let applicable = match yes_no(applicability) {
            Answer::Yes => Some(true),
            Answer::No => Some(false),
            Answer::Blank | Answer::Other => {
                problems.push(Problem {
                    kind: ProblemKind::NoApplicability,
                    at: Some(At {
                        row: row.number,
                        column: Some(table.applicable),
                    }),
                    id: entry.id.clone(),
                    message: if applicability.is_empty() {
                        format!("{} does not say whether it is applicable", entry.id)
                    } else {
                        format!(
                            "{}: \"{applicability}\" does not say whether it is applicable",
                            entry.id
                        )
                    },
                    hint: Some("write Yes or No".to_owned()),
                });
                None
            }
        };
        let justification = table.justification.map_or("", |c| row.text(c));
        if applicable == Some(false) && is_blank(justification) {
            problems.push(Problem {
                kind: ProblemKind::NoJustification,
                at: Some(At {
                    row: row.number,
                    column: Some(table.justification.unwrap_or(table.applicable)),
                }),
                id: entry.id.clone(),
                message: format!("{} is excluded without a justification", entry.id),
                hint: Some(
                    "clause 6.1.3 d) asks for the justification of every exclusion".to_owned(),
                ),
            });
        }
        let implemented = table.implemented.and_then(|c| match yes_no(row.text(c)) {
            Answer::Yes => Some(true),
            Answer::No => Some(false),
            Answer::Blank | Answer::Other => None,
        });
        listed.push(Listed {
            id: entry.id.clone(),
            row: row.number,
            applicable,
            implemented,
        });
    }
    problems.sort_by_key(|p| p.at);
    let mut missing = Vec::new();
    for control in catalogue.controls() {
        if first_row.contains_key(&control.id) {
            continue;
        }
        missing.push(control.id.clone());
        let hint = match (
            replaced.get(&control.id),
            catalogue.predecessors_of(&control.id),
        ) {
            (Some((row, old)), _) => Some(format!(
                "row {row} lists {old}, the {} control it replaces",
                catalogue.previous_edition.as_deref().unwrap_or("previous")
            )),
            (None, Some(old)) if old.is_empty() => Some(format!(
                "new in {}: an SoA carried over from the previous edition lacks it",
                catalogue.title
            )),
            _ => None,
        };
        problems.push(Problem {
            kind: ProblemKind::Missing,
            at: None,
            id: control.id.clone(),
            message: format!("{} {} is not in the SoA", control.id, control.title),
            hint,
        });
    }
    let count = |want: Option<bool>| listed.iter().filter(|l| l.applicable == want).count();
    SoaReport {
        file: file.to_owned(),
        sheet: table.sheet.clone(),
        header_row: table.header_row,
        controls: listed.len(),
        applicable: count(Some(true)),
        excluded: count(Some(false)),
        missing,
        problems,
        listed,
    }
}

/// The annex control `written` names: its leading id when the cell also holds the title
/// (`A.5.1 Policies for information security`), a bare number read as a control (`5.1` is
/// A.5.1 in an SoA, not clause 5.1).
fn control_of<'c>(written: &str, catalogue: &'c Catalogue) -> Result<&'c Entry, LookupError> {
    let words: Vec<&str> = written.split_whitespace().collect();
    let mut first_error = None;
    for take in (1..=words.len().min(3)).rev() {
        let candidate = words[..take]
            .join(" ")
            .trim_end_matches([':', '-', ')', '–', '—'])
            .to_owned();
        match catalogue.resolve(&candidate) {
            Ok(entry) if entry.kind == EntryKind::Control => return Ok(entry),
            Ok(entry) => match catalogue.control_of_clause_number(&candidate) {
                Some(control) => return Ok(control),
                None => {
                    first_error.get_or_insert(LookupError::Unknown {
                        input: candidate,
                        catalogue: catalogue.title.clone(),
                        suggestions: vec![(entry.id.clone(), entry.title.clone())],
                    });
                }
            },
            Err(e @ LookupError::PreviousEdition { .. }) => return Err(e),
            Err(e) => {
                if take == 1 {
                    first_error = Some(e);
                }
            }
        }
    }
    Err(first_error.unwrap_or(LookupError::Empty))
}

/// The problem a cell that names no annex control is.
fn lookup_problem(e: &LookupError, written: &str, at: At) -> Problem {
    let (kind, message, hint) = match e {
        LookupError::PreviousEdition { .. } => {
            (ProblemKind::PreviousEdition, e.message(), e.hint())
        }
        LookupError::Unknown {
            input, suggestions, ..
        } => match suggestions.as_slice() {
            [(id, title)] if id == input.trim() => (
                ProblemKind::Unknown,
                format!("{id} is clause {id} {title}, not an Annex A control"),
                Some("an SoA lists the Annex A controls; clauses are not excluded".to_owned()),
            ),
            _ => (ProblemKind::Unknown, e.message(), e.hint()),
        },
        LookupError::Empty => (ProblemKind::Unknown, e.message(), e.hint()),
    };
    Problem {
        kind,
        at: Some(at),
        id: written.to_owned(),
        message,
        hint,
    }
}

/// Whether a cell is meant as an id: its first word starts with a digit, or with the annex
/// letter before a digit or a dot (`A.5.1`, `a51`), or is `Annex`. A heading, a note under
/// the table or a sign-off line is not.
fn looks_like_id(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let lower = first.to_lowercase();
    if lower == "a" {
        return words
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
    }
    let rest = lower.strip_prefix('a').unwrap_or(&lower);
    lower == "annex"
        || rest.starts_with(|c: char| c.is_ascii_digit())
        || (lower.starts_with('a')
            && rest.starts_with('.')
            && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether a row is a theme's heading (`A.5`, `5 Organizational controls`) with no yes or no
/// (a heading merged across the row fills the applicability column with itself).
fn is_theme_heading(written: &str, applicability: &str, catalogue: &Catalogue) -> bool {
    let Some(first) = written.split_whitespace().next() else {
        return false;
    };
    let Some(annex) = &catalogue.annex else {
        return false;
    };
    let lower = first.trim_end_matches(['.', ':']).to_lowercase();
    let number = lower
        .strip_prefix(&annex.to_lowercase())
        .map_or(lower.as_str(), |r| r.trim_start_matches('.'));
    !matches!(yes_no(applicability), Answer::Yes | Answer::No)
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
        && catalogue.theme(&format!("{annex}.{number}")).is_some()
}

/// An answer in an applicability or implementation cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Yes,
    No,
    Blank,
    Other,
}

/// Reads yes and no as SoAs write them: `Yes`, `Y`, `x`, `✓`, `TRUE`, `Applicable`,
/// `Included`, `Implemented`; `No`, `N`, `N/A`, `Not applicable`, `Excluded`, `Partial`,
/// `Planned`; also with more words after the first (`Yes – required by R12`).
fn yes_no(text: &str) -> Answer {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return Answer::Blank;
    }
    let first = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | '–' | '—'))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    const NO: &[&str] = &[
        "no",
        "n",
        "false",
        "0",
        "n/a",
        "na",
        "not",
        "excluded",
        "exclude",
        "out",
        "✗",
        "✘",
        "partial",
        "partially",
        "planned",
        "pending",
        "ongoing",
        "in-progress",
        "-",
    ];
    const YES: &[&str] = &[
        "yes",
        "y",
        "true",
        "1",
        "x",
        "✓",
        "✔",
        "applicable",
        "included",
        "include",
        "in",
        "implemented",
        "done",
        "complete",
        "completed",
        "fully",
        "operational",
        "ja",
        "oui",
    ];
    if NO.contains(&first) || lower.starts_with("in progress") {
        Answer::No
    } else if YES.contains(&first) {
        Answer::Yes
    } else {
        Answer::Other
    }
}

/// Whether a justification says nothing: empty, or a dash or `n/a`.
fn is_blank(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "" | "-" | "–" | "—" | "n/a" | "na" | "tbd" | "tbc" | "?"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_soas_write_them() {
        for (text, want) in [
            ("Yes", Answer::Yes),
            ("y", Answer::Yes),
            ("X", Answer::Yes),
            ("✓", Answer::Yes),
            ("TRUE", Answer::Yes),
            ("Yes – required by risk R12", Answer::Yes),
            ("Applicable", Answer::Yes),
            ("No", Answer::No),
            ("N/A", Answer::No),
            ("Not applicable", Answer::No),
            ("Excluded", Answer::No),
            ("Partially", Answer::No),
            ("In progress", Answer::No),
            ("", Answer::Blank),
            ("maybe", Answer::Other),
        ] {
            assert_eq!(yes_no(text), want, "{text:?}");
        }
    }

    #[test]
    fn ids_are_read_in_every_tolerant_form_and_with_titles() {
        let c = Catalogue::iso27001_2022();
        for (written, want) in [
            ("A.5.1", "A.5.1"),
            ("a51", "A.5.1"),
            ("5.1", "A.5.1"),
            ("8.2", "A.8.2"),
            ("A 8.15", "A.8.15"),
            ("Annex A 8.15", "A.8.15"),
            ("A.5.1 Policies for information security", "A.5.1"),
            ("8.15 - Logging", "A.8.15"),
            ("A.5.23:", "A.5.23"),
        ] {
            assert_eq!(
                control_of(written, c).map(|e| e.id.as_str()),
                Ok(want),
                "{written}"
            );
        }
        assert!(matches!(
            control_of("A.12.4.1 Event logging", c),
            Err(LookupError::PreviousEdition { .. })
        ));
        assert!(control_of("9.2", c).is_err());
    }

    #[test]
    fn a_clause_in_an_soa_is_named_as_such() {
        let c = Catalogue::iso27001_2022();
        let at = At {
            row: 3,
            column: Some(1),
        };
        let problem = lookup_problem(&control_of("9.2", c).unwrap_err(), "9.2", at);
        assert_eq!(
            problem.message,
            "9.2 is clause 9.2 Internal audit, not an Annex A control"
        );
        assert_eq!(
            problem.hint.as_deref(),
            Some("an SoA lists the Annex A controls; clauses are not excluded")
        );
        let problem = lookup_problem(&control_of("A.8.51", c).unwrap_err(), "A.8.51", at);
        assert_eq!(
            problem.message,
            "A.8.51 is not a clause or control of ISO/IEC 27001:2022"
        );
    }

    #[test]
    fn headings_and_notes_are_not_ids() {
        let c = Catalogue::iso27001_2022();
        assert!(looks_like_id("A.5.1"));
        assert!(looks_like_id("a51"));
        assert!(looks_like_id("12.4.1"));
        assert!(looks_like_id("A 5.10"));
        assert!(!looks_like_id("A note"));
        assert!(!looks_like_id("Approved by the CISO on 2026-01-10"));
        assert!(!looks_like_id("Notes:"));
        assert!(!looks_like_id("Access control"));
        assert!(is_theme_heading("A.5 Organizational controls", "", c));
        assert!(is_theme_heading("6", "", c));
        assert!(is_theme_heading(
            "A.6 People controls",
            "A.6 People controls",
            c
        ));
        assert!(!is_theme_heading("6", "yes", c));
        assert!(!is_theme_heading("A.5.1", "", c));
    }
}
