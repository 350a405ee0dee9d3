//! The catalogue file format (TOML), read with serde: unknown keys are refused so a misspelt
//! field in a custom catalogue is reported rather than silently ignored.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::{Catalogue, Entry, EntryKind, MandatoryDocument, Theme};

/// Why a catalogue file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// The file could not be read.
    #[error("cannot read catalogue {path}: {io}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        io: std::io::Error,
    },
    /// The file is not valid TOML of the catalogue format.
    #[error("{location}invalid catalogue: {message}")]
    Format {
        /// `path:line:col: ` when known.
        location: String,
        /// What is wrong.
        message: String,
    },
}

impl CatalogueError {
    pub(super) fn in_file(self, path: &Path) -> CatalogueError {
        match self {
            CatalogueError::Format { location, message } => CatalogueError::Format {
                location: format!(
                    "{}:{}",
                    crate::text::one_line(&path.display().to_string()),
                    if location.is_empty() {
                        " "
                    } else {
                        location.as_str()
                    }
                ),
                message,
            },
            other => other,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: String,
    title: String,
    annex: Option<String>,
    previous_edition: Option<String>,
    #[serde(default)]
    theme: Vec<ThemeRow>,
    #[serde(default)]
    clause: Vec<ClauseRow>,
    #[serde(default)]
    control: Vec<ControlRow>,
    #[serde(default)]
    mandatory: Vec<MandatoryRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeRow {
    id: String,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseRow {
    id: String,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlRow {
    id: String,
    title: String,
    theme: String,
    #[serde(default)]
    attributes: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MandatoryRow {
    clause: String,
    text: String,
}

impl Catalogue {
    /// Parses a catalogue from TOML text and checks that ids are unique and themes exist.
    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueError> {
        let file: File = toml::from_str(text).map_err(|e| {
            let location = e
                .span()
                .map(|s| {
                    let at = crate::diagnostic::line_col(text, s.start);
                    format!("{}:{}: ", at.line, at.col)
                })
                .unwrap_or_default();
            CatalogueError::Format {
                location,
                message: e.message().to_string(),
            }
        })?;
        let invalid = |message: String| CatalogueError::Format {
            location: String::new(),
            message,
        };
        let theme_ids: HashSet<&str> = file.theme.iter().map(|t| t.id.as_str()).collect();
        let mut entries = Vec::with_capacity(file.clause.len() + file.control.len());
        entries.extend(file.clause.into_iter().map(|c| Entry {
            id: c.id,
            title: c.title,
            kind: EntryKind::Clause,
            theme: None,
            attributes: BTreeMap::new(),
        }));
        for c in file.control {
            if !theme_ids.contains(c.theme.as_str()) {
                return Err(invalid(format!(
                    "control {} names theme {}, which no [[theme]] defines",
                    c.id, c.theme
                )));
            }
            entries.push(Entry {
                id: c.id,
                title: c.title,
                kind: EntryKind::Control,
                theme: Some(c.theme),
                attributes: c.attributes,
            });
        }
        let mut seen = HashSet::new();
        if let Some(dup) = entries.iter().find(|e| !seen.insert(e.id.as_str())) {
            return Err(invalid(format!("id {} is listed twice", dup.id)));
        }
        let themes = file
            .theme
            .into_iter()
            .map(|t| Theme {
                id: t.id,
                title: t.title,
            })
            .collect();
        let mandatory = file
            .mandatory
            .into_iter()
            .map(|m| MandatoryDocument {
                clause: m.clause,
                text: m.text,
            })
            .collect();
        Ok(Catalogue::build(
            (file.id, file.title, file.annex, file.previous_edition),
            themes,
            entries,
            mandatory,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_custom_catalogue_loads() {
        let c = Catalogue::from_toml(
            "id = \"iso9001-2015\"\ntitle = \"ISO 9001:2015\"\n[[clause]]\nid = \"7.1.5\"\ntitle = \"Monitoring and measuring resources\"\n",
        )
        .unwrap();
        assert_eq!(c.clauses().count(), 1);
        assert_eq!(c.controls().count(), 0);
        assert_eq!(c.resolve("clause 7.1.5").unwrap().id, "7.1.5");
    }

    #[test]
    fn misspelt_key_is_refused_with_its_place() {
        let err = Catalogue::from_toml(
            "id = \"x\"\ntitle = \"X\"\n[[clause]]\nid = \"4\"\ntitel = \"Context\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("5:1: invalid catalogue: unknown field `titel`"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let err = Catalogue::from_toml(
            "id = \"x\"\ntitle = \"X\"\n[[clause]]\nid = \"4\"\ntitle = \"A\"\n[[clause]]\nid = \"4\"\ntitle = \"B\"\n",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "invalid catalogue: id 4 is listed twice");
    }
}
