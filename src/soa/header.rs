//! Finding an SoA's columns by their headings, as organisations write them: a title and blank
//! rows above the heading, synonyms ("Annex A ref", "Included", "Reason for exclusion"), and
//! two-row headings where a merged "Applicability" stands over "Applicable" and
//! "Justification".

use super::grid::{Row, Sheet};

/// How many rows from the top are looked at for the heading.
pub(super) const SEARCHED_ROWS: usize = 50;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The control id; a plain "Control" heading (often the title) ranks below "Control ID".
    Id { explicit: bool },
    /// Whether the control is applicable.
    Applicable,
    /// Whether it is implemented.
    Implemented,
    /// Why it is included or excluded.
    Justification,
}

/// The SoA's table: where its columns are and its rows below the heading.
#[derive(Debug, Clone)]
pub(super) struct Table {
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The heading's (lower) row.
    pub header_row: usize,
    /// The column of the control ids.
    pub id: usize,
    /// The column saying whether a control is applicable.
    pub applicable: usize,
    /// The column saying whether it is implemented, if any.
    pub implemented: Option<usize>,
    /// The column of the justifications, if any.
    pub justification: Option<usize>,
    /// The rows below the heading.
    pub rows: Vec<Row>,
}

/// The table of `sheet`: the first of its top rows that names an id column and an
/// applicability column, alone or with the row below it as a second heading row.
pub(super) fn table(sheet: &Sheet) -> Option<Table> {
    let top = &sheet.rows[..sheet.rows.len().min(SEARCHED_ROWS)];
    for (i, row) in top.iter().enumerate() {
        let below = sheet.rows.get(i + 1);
        let single = roles(row, None);
        let double = below.map(|b| roles(row, Some(b)));
        let (columns, header_row, first_data) = match (columns(&single), double) {
            (_, Some(double)) if is_subheading(row, below, &double) => match columns(&double) {
                Some(c) => (c, below.map_or(row.number, |b| b.number), i + 2),
                None => continue,
            },
            (Some(c), _) => (c, row.number, i + 1),
            (None, _) => continue,
        };
        return Some(Table {
            sheet: sheet.name.clone(),
            header_row,
            id: columns.0,
            applicable: columns.1,
            implemented: columns.2,
            justification: columns.3,
            rows: sheet.rows[first_data.min(sheet.rows.len())..].to_vec(),
        });
    }
    None
}

/// Whether the row below a heading is a second heading row: it names a role of its own and
/// holds no control id under the id column.
fn is_subheading(row: &Row, below: Option<&Row>, double: &[(usize, Role)]) -> bool {
    let Some(below) = below else {
        return false;
    };
    let named_below = below
        .cells
        .iter()
        .any(|(_, cell)| classify(&cell.text).is_some());
    let id_column = double
        .iter()
        .find(|(_, r)| matches!(r, Role::Id { .. }))
        .map(|(c, _)| *c);
    let holds_id = id_column.is_some_and(|c| below.text(c).chars().any(|ch| ch.is_ascii_digit()));
    named_below && !holds_id && row.number + 1 >= below.number
}

/// The role of each column: from the lower row where it names one, else from the upper.
fn roles(upper: &Row, lower: Option<&Row>) -> Vec<(usize, Role)> {
    let mut columns: Vec<usize> = upper.cells.iter().map(|(c, _)| *c).collect();
    if let Some(lower) = lower {
        columns.extend(lower.cells.iter().map(|(c, _)| *c));
    }
    columns.sort_unstable();
    columns.dedup();
    columns
        .into_iter()
        .filter_map(|c| {
            let role = lower
                .and_then(|l| classify(l.text(c)))
                .or_else(|| classify(upper.text(c)))?;
            Some((c, role))
        })
        .collect()
}

/// The id, applicability, implementation and justification columns, when there are an id
/// and an applicability column: the explicit id heading first, else the leftmost; the leftmost
/// of each other role.
fn columns(roles: &[(usize, Role)]) -> Option<(usize, usize, Option<usize>, Option<usize>)> {
    let first = |want: Role| roles.iter().find(|(_, r)| *r == want).map(|(c, _)| *c);
    let id = first(Role::Id { explicit: true }).or_else(|| first(Role::Id { explicit: false }))?;
    let applicable = first(Role::Applicable)?;
    Some((
        id,
        applicable,
        first(Role::Implemented),
        first(Role::Justification),
    ))
}

/// What a heading names, if it names anything an SoA check reads.
fn classify(heading: &str) -> Option<Role> {
    let lower = heading.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    if has(&[
        "justification",
        "justifications",
        "justified",
        "reason",
        "reasons",
        "rationale",
    ]) {
        return Some(Role::Justification);
    }
    if has(&["implemented", "implementation", "status"]) {
        return Some(Role::Implemented);
    }
    if has(&[
        "applicable",
        "applicability",
        "included",
        "include",
        "inclusion",
        "selected",
        "applies",
    ]) {
        return Some(Role::Applicable);
    }
    if has(&[
        "name",
        "title",
        "description",
        "objective",
        "text",
        "owner",
        "notes",
    ]) {
        return None;
    }
    if has(&["ref", "reference", "id", "no", "number", "annex", "clause"]) {
        return Some(Role::Id { explicit: true });
    }
    has(&["control", "controls"]).then_some(Role::Id { explicit: false })
}

#[cfg(test)]
mod tests {
    use super::super::grid::Cell;
    use super::*;

    fn row(number: usize, texts: &[&str]) -> Row {
        Row {
            number,
            cells: texts
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(i, t)| {
                    (
                        i + 1,
                        Cell {
                            text: (*t).to_owned(),
                            numeric: false,
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn synonyms_name_their_roles() {
        for (heading, want) in [
            ("Control", Some(Role::Id { explicit: false })),
            ("Control ID", Some(Role::Id { explicit: true })),
            ("Ref", Some(Role::Id { explicit: true })),
            ("Annex A ref", Some(Role::Id { explicit: true })),
            ("Applicable", Some(Role::Applicable)),
            ("Included", Some(Role::Applicable)),
            ("Applicability", Some(Role::Applicable)),
            ("Applicable? (Y/N)", Some(Role::Applicable)),
            ("Implemented", Some(Role::Implemented)),
            ("Status", Some(Role::Implemented)),
            ("Implementation status", Some(Role::Implemented)),
            ("Justification", Some(Role::Justification)),
            ("Reason", Some(Role::Justification)),
            (
                "Justification for inclusion/exclusion",
                Some(Role::Justification),
            ),
            ("Control name", None),
            ("Notes", None),
            ("", None),
        ] {
            assert_eq!(classify(heading), want, "{heading}");
        }
    }

    #[test]
    fn a_title_row_and_a_two_row_heading_are_read_through() {
        let sheet = Sheet {
            name: None,
            rows: vec![
                row(1, &["Acme Ltd Statement of Applicability"]),
                row(
                    3,
                    &[
                        "Annex A ref",
                        "Control",
                        "Applicability",
                        "Applicability",
                        "Status",
                    ],
                ),
                row(4, &["", "", "Applicable", "Justification"]),
                row(5, &["A.5.1", "Policies", "Yes", "Risk R1", "Implemented"]),
            ],
        };
        let t = table(&sheet).unwrap();
        assert_eq!(
            (
                t.header_row,
                t.id,
                t.applicable,
                t.implemented,
                t.justification
            ),
            (4, 1, 3, Some(5), Some(4))
        );
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 5);
    }

    #[test]
    fn a_single_row_heading_is_not_joined_to_the_first_control() {
        let sheet = Sheet {
            name: None,
            rows: vec![
                row(1, &["Control", "Control name", "Included", "Reason"]),
                row(2, &["A.5.1", "Policies", "Yes", "Required"]),
            ],
        };
        let t = table(&sheet).unwrap();
        assert_eq!((t.header_row, t.id, t.applicable), (1, 1, 3));
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn no_heading_is_none() {
        let sheet = Sheet {
            name: None,
            rows: vec![row(1, &["a", "b"]), row(2, &["A.5.1", "yes"])],
        };
        assert!(table(&sheet).is_none());
    }
}
