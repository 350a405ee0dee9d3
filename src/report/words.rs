//! The report's words (headings, grade names, labels, the sampling statement) from a language
//! file in `assets/report/`, so that a report in another language is another file, not
//! another template.

use serde::Serialize;

/// The built-in English words.
const EN: &str = include_str!("../../assets/report/en.toml");

/// A language file: tables of words by key, read by the templates as `t.<table>.<key>`.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Words(toml::Table);

impl Words {
    /// The built-in English words.
    pub fn english() -> Words {
        Words(toml::from_str(EN).expect("the built-in language file is valid TOML"))
    }

    /// The language's code (`en`).
    pub fn language(&self) -> &str {
        self.0
            .get("language")
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
    }

    /// The sentence `key` of the `[text]` table.
    pub fn text(&self, key: &str) -> &str {
        self.get("text", key)
    }

    /// The word `key` of table `table`; empty when the file lacks it (the templates, which
    /// render with strict undefined checks, find a missing word in the tests).
    pub fn get(&self, table: &str, key: &str) -> &str {
        self.0
            .get(table)
            .and_then(|t| t.get(key))
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_file_names_every_grade_and_register_column() {
        let words = Words::english();
        assert_eq!(words.language(), "en");
        for grade in ["major", "minor", "observation", "opportunity", "strength"] {
            assert!(!words.get("grade", grade).is_empty(), "{grade}");
        }
        for column in [
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
            "accepted",
            "diverging",
            "sheet",
            "cut",
        ] {
            assert!(!words.get("register", column).is_empty(), "{column}");
        }
        assert!(words.text("sampling").contains("sample"));
    }
}
