//! Tolerant lookup of references as auditors type them (`A.8.15`, `a815`, `8.15`, `clause 9.2`),
//! with "did you mean" suggestions and recognition of the previous edition's numbering.

use super::correspondence::Correspondence;
use super::suggest::SuggestIndex;
use super::{Catalogue, Entry, EntryKind};

/// Why a reference did not resolve to a clause or control.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// Nothing was given.
    #[error("empty reference")]
    Empty,
    /// The reference has the shape of the previous edition's numbering (A.12.4.1).
    #[error("{input} is {edition} numbering; use {current} ids")]
    PreviousEdition {
        /// The reference as written.
        input: String,
        /// The edition it probably comes from.
        edition: String,
        /// The catalogue in use.
        current: String,
        /// The ids and titles that took its place in the catalogue in use, when the
        /// correspondence between the editions is known (more than one when it was split).
        successors: Vec<(String, String)>,
    },
    /// No clause or control has this id.
    #[error("{input} is not a clause or control of {catalogue}")]
    Unknown {
        /// The reference as written.
        input: String,
        /// The catalogue in use.
        catalogue: String,
        /// Closest ids and titles, best first: (id, title).
        suggestions: Vec<(String, String)>,
    },
}

impl LookupError {
    /// What is wrong in one line, naming the successors of an id of the previous edition
    /// where the short form ([`Display`](std::fmt::Display)) only says to use current ids.
    pub fn message(&self) -> String {
        match self {
            LookupError::PreviousEdition {
                input,
                edition,
                current,
                successors,
            } => {
                let year = current.rsplit(':').next().unwrap_or(current);
                let named: Vec<String> = successors
                    .iter()
                    .map(|(id, title)| format!("{id} {title}"))
                    .collect();
                match named.as_slice() {
                    [] => self.to_string(),
                    [one] => {
                        format!("{input} is {edition} numbering; its {year} successor is {one}")
                    }
                    [rest @ .., last] => format!(
                        "{input} is {edition} numbering; its {year} successors are {} and {last}",
                        rest.join(", ")
                    ),
                }
            }
            other => other.to_string(),
        }
    }

    /// A one-line hint for the user: the suggestions, or where to look the id up.
    pub fn hint(&self) -> Option<String> {
        match self {
            LookupError::Empty => None,
            LookupError::PreviousEdition { successors, .. } => Some(match successors.len() {
                0 => "find the current id with `auditday catalogue WORDS`".to_string(),
                1 => "write the new id; the correspondence is ISO/IEC 27002:2022 Annex B".to_string(),
                _ => "the control was split: write the new id that fits, or one for each; the correspondence is ISO/IEC 27002:2022 Annex B".to_string(),
            }),
            LookupError::Unknown { suggestions, .. } if suggestions.is_empty() => {
                Some("list every id with `auditday catalogue`".to_string())
            }
            LookupError::Unknown { suggestions, .. } => {
                let list: Vec<String> = suggestions
                    .iter()
                    .map(|(id, title)| format!("{id} {title}"))
                    .collect();
                Some(format!("did you mean {}?", list.join(", or ")))
            }
        }
    }
}

impl Catalogue {
    /// Resolves a reference written the way people write them. A bare number is a clause when
    /// such a clause exists and an annex control otherwise; an annex letter or `clause` makes it
    /// explicit.
    pub fn resolve(&self, input: &str) -> Result<&Entry, LookupError> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err(LookupError::Empty);
        }
        let lower = raw.to_lowercase();
        let (clause_only, rest) = strip_clause_word(&lower);
        let (annex, rest) = match (&self.annex, clause_only) {
            (Some(letter), false) => strip_annex(rest, &letter.to_lowercase()),
            _ => (false, rest),
        };
        let Some(parts) = self.numbers(rest, annex) else {
            return Err(self.unknown(raw));
        };
        let dotted = parts
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".");
        let control_id = self.annex.as_ref().map(|a| format!("{a}.{dotted}"));
        if !annex && let Some(e) = self.get(&dotted) {
            return Ok(e);
        }
        if !clause_only && let Some(e) = control_id.as_deref().and_then(|id| self.get(id)) {
            return Ok(e);
        }
        if let (Some(edition), Some(annex_letter)) = (&self.previous_edition, &self.annex) {
            let control_like = annex || parts[0] > self.max_clause;
            let theme_exists = self
                .theme(&format!("{annex_letter}.{}", parts[0]))
                .is_some();
            if control_like && (parts.len() >= 3 || !theme_exists) {
                return Err(LookupError::PreviousEdition {
                    input: raw.to_string(),
                    edition: edition.clone(),
                    current: self.title.clone(),
                    successors: self.successors_of(&format!("{annex_letter}.{dotted}")),
                });
            }
        }
        Err(self.unknown(raw))
    }

    /// The annex control a bare number means once the annex letter is put before it, when the
    /// number alone resolves to a clause (`8.2` is clause 8.2 Information security risk
    /// assessment, `A.8.2` the control Privileged access rights): the pairs an auditor can
    /// mix up.
    pub fn control_of_clause_number(&self, written: &str) -> Option<&Entry> {
        let written = written.trim();
        let annex = self.annex.as_ref()?;
        if !written.starts_with(|c: char| c.is_ascii_digit())
            || self.resolve(written).ok()?.kind != EntryKind::Clause
        {
            return None;
        }
        self.resolve(&format!("{annex}.{written}"))
            .ok()
            .filter(|e| e.kind == EntryKind::Control)
    }

    /// Resolves a list of references separated by commas or semicolons, as typed into a
    /// finding: each part with its outcome, empty parts skipped.
    pub fn resolve_list<'a>(&self, text: &'a str) -> Vec<(&'a str, Result<&Entry, LookupError>)> {
        text.split([',', ';'])
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| (part, self.resolve(part)))
            .collect()
    }

    /// Entries whose id, or a word of whose title, starts with every word of `query`; the exact
    /// reference first.
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let exact = self.resolve(query).ok();
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut found: Vec<&Entry> = exact.into_iter().collect();
        found.extend(self.entries.iter().filter(|e| {
            let title = e.title.to_lowercase();
            let title_words: Vec<&str> = title
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let id = e.id.to_lowercase();
            Some(e.id.as_str()) != exact.map(|x| x.id.as_str())
                && words.iter().all(|w| {
                    id.starts_with(w.as_str())
                        || title_words.iter().any(|t| t.starts_with(w.as_str()))
                })
        }));
        found
    }

    /// Splits the numeric part of a reference into its levels; a compact annex form such as
    /// `815` is split after the theme digit when that theme exists.
    fn numbers(&self, rest: &str, annex: bool) -> Option<Vec<u32>> {
        let compact: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() || !compact.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let parts: Vec<&str> = compact.split('.').collect();
        if parts.iter().any(|p| p.is_empty() || p.len() > 4) {
            return None;
        }
        if annex && parts.len() == 1 && parts[0].len() >= 2 {
            let (theme, control) = parts[0].split_at(1);
            return Some(vec![theme.parse().ok()?, control.parse().ok()?]);
        }
        parts.iter().map(|p| p.parse().ok()).collect()
    }

    /// The entries that took the place of a previous edition's control, when the built-in
    /// correspondence is between this catalogue's editions.
    fn successors_of(&self, old: &str) -> Vec<(String, String)> {
        let table = Correspondence::builtin();
        if !table.applies_to(self) {
            return Vec::new();
        }
        table
            .successors(old)
            .iter()
            .filter_map(|id| self.get(id))
            .map(|e| (e.id.clone(), e.title.clone()))
            .collect()
    }

    /// The previous edition's ids a control of this one took the place of (empty for a control
    /// new in this edition), or `None` when no built-in correspondence is between this
    /// catalogue's editions: an SoA carried over from 2013 lacks exactly the new ones.
    pub fn predecessors_of(&self, id: &str) -> Option<Vec<String>> {
        let table = Correspondence::builtin();
        table.applies_to(self).then(|| {
            table
                .predecessors(id)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
    }

    fn unknown(&self, raw: &str) -> LookupError {
        LookupError::Unknown {
            input: raw.to_string(),
            catalogue: self.title.clone(),
            suggestions: self.suggestions(raw),
        }
    }

    /// The closest ids (by edit distance) and titles (by word similarity), best first, at most 3.
    fn suggestions(&self, raw: &str) -> Vec<(String, String)> {
        self.suggest
            .get_or_init(|| SuggestIndex::new(&self.entries))
            .closest(raw)
            .into_iter()
            .map(|i| (self.entries[i].id.clone(), self.entries[i].title.clone()))
            .collect()
    }
}

fn strip_clause_word(s: &str) -> (bool, &str) {
    for word in ["clause", "cl.", "§"] {
        if let Some(rest) = s.strip_prefix(word) {
            return (true, rest.trim_start());
        }
    }
    (false, s)
}

fn strip_annex<'a>(s: &'a str, letter: &str) -> (bool, &'a str) {
    let s = s.strip_prefix("annex").map_or(s, str::trim_start);
    match s.strip_prefix(letter) {
        Some(rest)
            if rest.starts_with(['.', ' ']) || rest.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            (true, rest.trim_start_matches(['.', ' ']))
        }
        _ => (false, s),
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;

    use super::LookupError;

    fn id(input: &str) -> String {
        match Catalogue::iso27001_2022().resolve(input) {
            Ok(e) => e.id.clone(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn tolerant_forms_resolve() {
        for (input, want) in [
            ("A.8.15", "A.8.15"),
            ("a815", "A.8.15"),
            ("A8.15", "A.8.15"),
            ("a.8.15", "A.8.15"),
            ("A 8.15", "A.8.15"),
            ("Annex A 8.15", "A.8.15"),
            ("8.15", "A.8.15"),
            ("9.2", "9.2"),
            ("9.2.2", "9.2.2"),
            ("clause 9.2", "9.2"),
            ("Clause 10.2", "10.2"),
            ("5.1", "5.1"),
            ("A.5.1", "A.5.1"),
            ("a51", "A.5.1"),
            (" 4 ", "4"),
        ] {
            assert_eq!(id(input), want, "{input}");
        }
    }

    #[test]
    fn previous_edition_numbering_is_named() {
        assert_eq!(
            id("A.12.4.1"),
            "error: A.12.4.1 is ISO/IEC 27001:2013 numbering; use ISO/IEC 27001:2022 ids"
        );
        assert!(id("A.9.2").contains("2013 numbering"));
        assert!(id("12.4.1").contains("2013 numbering"));
    }

    fn message(input: &str) -> String {
        Catalogue::iso27001_2022()
            .resolve(input)
            .unwrap_err()
            .message()
    }

    #[test]
    fn previous_edition_ids_name_their_successors() {
        assert_eq!(
            message("A.12.4.1"),
            "A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging"
        );
        assert_eq!(
            message("a.9.2.1"),
            "a.9.2.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.5.16 Identity management"
        );
        assert_eq!(
            message("12.4.1"),
            "12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging"
        );
        assert_eq!(
            message("A.18.2.3"),
            "A.18.2.3 is ISO/IEC 27001:2013 numbering; its 2022 successors are A.5.36 Compliance with policies, rules and standards for information security and A.8.8 Management of technical vulnerabilities"
        );
        assert_eq!(
            message("A.9.2"),
            "A.9.2 is ISO/IEC 27001:2013 numbering; use ISO/IEC 27001:2022 ids"
        );
    }

    #[test]
    fn a_bare_clause_number_has_the_control_of_the_same_number() {
        let c = Catalogue::iso27001_2022();
        let control = |written: &str| c.control_of_clause_number(written).map(|e| e.id.as_str());
        assert_eq!(control("8.2"), Some("A.8.2"));
        assert_eq!(control(" 5.1 "), Some("A.5.1"));
        assert_eq!(control("9.2"), None, "there is no A.9.2");
        assert_eq!(control("clause 8.2"), None);
        assert_eq!(control("A.8.2"), None);
        assert_eq!(control("8.15"), None, "8.15 is the control already");
    }

    #[test]
    fn unknown_ids_get_close_suggestions() {
        let err = Catalogue::iso27001_2022().resolve("A.8.51").unwrap_err();
        assert_eq!(
            err.to_string(),
            "A.8.51 is not a clause or control of ISO/IEC 27001:2022"
        );
        let hint = err.hint().unwrap();
        assert!(hint.starts_with("did you mean "), "{hint}");
        assert!(hint.contains("A.8.15 Logging"), "{hint}");
    }

    #[test]
    fn words_suggest_titles() {
        let err = Catalogue::iso27001_2022().resolve("loging").unwrap_err();
        assert!(
            err.hint().unwrap().contains("A.8.15 Logging"),
            "{:?}",
            err.hint()
        );
        assert_eq!(
            Catalogue::iso27001_2022().resolve(""),
            Err(LookupError::Empty)
        );
        assert!(Catalogue::iso27001_2022().resolve("clause A.5.1").is_err());
    }

    #[test]
    fn lists_of_references_resolve_part_by_part() {
        let c = Catalogue::iso27001_2022();
        let parts = c.resolve_list("a815, 9.2 ; A.12.4.1,");
        let shown: Vec<(&str, bool)> = parts.iter().map(|(p, r)| (*p, r.is_ok())).collect();
        assert_eq!(shown, [("a815", true), ("9.2", true), ("A.12.4.1", false)]);
    }

    #[test]
    fn search_matches_titles_and_ids() {
        let c = Catalogue::iso27001_2022();
        let ids: Vec<&str> = c.search("log").iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["A.8.15"]);
        let ids: Vec<&str> = c
            .search("access rights")
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["A.5.18", "A.8.2"]);
        let ids: Vec<&str> = c.search("8.15").iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids[0], "A.8.15");
        assert!(c.search("no such words here").is_empty());
    }
}
