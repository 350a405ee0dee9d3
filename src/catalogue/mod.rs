//! The standard's list of clauses and Annex A controls that plans and findings refer to.
//!
//! A catalogue is data, not code: the built-in ISO/IEC 27001:2022 one is a TOML file embedded in
//! the binary, and another standard can be loaded from a file of the same format
//! (`docs/catalogue-format.md`).

mod correspondence;
mod format;
mod fuzzy;
mod lookup;
pub(crate) mod similarity;
mod suggest;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use crate::input;

pub use format::CatalogueError;
pub use lookup::LookupError;

/// The built-in ISO/IEC 27001:2022 catalogue, as shipped in `assets/`.
const ISO27001_2022: &str = include_str!("../../assets/catalogues/iso27001-2022.toml");

/// Whether a catalogue entry is a management-system clause or an Annex control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A clause of the management-system part (4 … 10.2).
    Clause,
    /// An Annex control (A.5.1 … A.8.34).
    Control,
}

/// One clause or control: what a sample, a finding or an interview topic refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Canonical id as the standard writes it: `9.2.2`, `A.8.15`.
    pub id: String,
    /// Title as the standard writes it.
    pub title: String,
    /// Clause or control.
    pub kind: EntryKind,
    /// For controls, the id of the theme (`A.8`).
    pub theme: Option<String>,
    /// Attribute tags (ISO/IEC 27002 for the built-in catalogue), by attribute name.
    pub attributes: BTreeMap<String, Vec<String>>,
}

/// A group of Annex controls (A.5 Organizational controls …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Theme id, the controls' common prefix: `A.5`.
    pub id: String,
    /// Heading: `Organizational controls`.
    pub title: String,
}

/// A piece of documented information the clauses require: the default document list of a
/// Stage 1 review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandatoryDocument {
    /// The clause that requires it, possibly with a list item: `6.1.3 d)`.
    pub clause: String,
    /// What must be documented.
    pub text: String,
}

/// A whole standard's list of clauses and controls, with tolerant lookup.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Id a plan's `standard` names: `iso27001-2022`.
    pub id: String,
    /// Human name: `ISO/IEC 27001:2022`.
    pub title: String,
    /// Letter of the annex whose controls are listed (`A`), if the standard has one.
    pub annex: Option<String>,
    /// The edition whose numbering a reference probably comes from when it does not fit this
    /// one (`ISO/IEC 27001:2013`).
    pub previous_edition: Option<String>,
    /// Themes of the annex controls, in order.
    pub themes: Vec<Theme>,
    /// Clauses first, then controls, each in the standard's order.
    pub entries: Vec<Entry>,
    /// Documented information the clauses require.
    pub mandatory: Vec<MandatoryDocument>,
    index: HashMap<String, usize>,
    /// The highest top-level clause number (10): a larger first number is a control's.
    max_clause: u32,
    /// Lower-cased ids and titles for "did you mean", found at the first unknown reference.
    suggest: OnceLock<suggest::SuggestIndex>,
}

impl Catalogue {
    /// The built-in ISO/IEC 27001:2022 catalogue, parsed once.
    pub fn iso27001_2022() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            Catalogue::from_toml(ISO27001_2022).expect("the built-in catalogue is valid")
        })
    }

    /// Every catalogue built into the binary.
    pub fn builtin() -> Vec<&'static Catalogue> {
        vec![Catalogue::iso27001_2022()]
    }

    /// Reads a catalogue file in the documented format.
    pub fn load(path: &Path) -> Result<Catalogue, CatalogueError> {
        let text = input::read_to_string(path, input::Kind::Catalogue).map_err(|io| {
            CatalogueError::Read {
                path: crate::text::one_line(&path.display().to_string()).into_owned(),
                io,
            }
        })?;
        Catalogue::from_toml(&text).map_err(|e| e.in_file(path))
    }

    /// The entry with exactly this canonical id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    /// The clauses, in order.
    pub fn clauses(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.kind == EntryKind::Clause)
    }

    /// The annex controls, in order.
    pub fn controls(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.kind == EntryKind::Control)
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    fn build(
        header: (String, String, Option<String>, Option<String>),
        themes: Vec<Theme>,
        entries: Vec<Entry>,
        mandatory: Vec<MandatoryDocument>,
    ) -> Catalogue {
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let max_clause = entries
            .iter()
            .filter(|e| e.kind == EntryKind::Clause)
            .filter_map(|e| e.id.split('.').next()?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        let (id, title, annex, previous_edition) = header;
        Catalogue {
            id,
            title,
            annex,
            previous_edition,
            themes,
            entries,
            mandatory,
            index,
            max_clause,
            suggest: OnceLock::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_the_standards_counts() {
        let c = Catalogue::iso27001_2022();
        assert_eq!(c.controls().count(), 93);
        assert_eq!(c.clauses().count(), 41);
        assert_eq!(c.mandatory.len(), 17);
        let per_theme: Vec<usize> = c
            .themes
            .iter()
            .map(|t| {
                c.controls()
                    .filter(|e| e.theme.as_deref() == Some(&t.id))
                    .count()
            })
            .collect();
        assert_eq!(per_theme, [37, 8, 14, 34]);
        assert_eq!(c.get("A.8.15").unwrap().title, "Logging");
        assert_eq!(
            c.get("A.8.15").unwrap().attributes["control_type"],
            ["#Detective"]
        );
        assert_eq!(c.get("9.3.3").unwrap().title, "Management review results");
    }
}
