//! Fuzzy search over ids and titles for the "add an unplanned sample" picker, where an auditor
//! types a few letters of what they are looking at (`acc rev`, `a815`, `backup`).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::{Catalogue, Entry};

impl Catalogue {
    /// Entries matching `query` best first: an exact reference first of all, then fuzzy matches
    /// of "id title"; every entry, in order, for an empty query.
    pub fn fuzzy(&self, query: &str) -> Vec<&Entry> {
        if query.trim().is_empty() {
            return self.entries.iter().collect();
        }
        let exact = self.resolve(query).ok();
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let candidates = self.entries.iter().map(|entry| Candidate {
            text: format!("{} {}", entry.id, entry.title),
            entry,
        });
        let mut scored: Vec<(u32, &Entry)> = pattern
            .match_list(candidates, &mut matcher)
            .into_iter()
            .map(|(c, score)| (score, c.entry))
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        let mut found: Vec<&Entry> = exact.into_iter().collect();
        found.extend(
            scored
                .into_iter()
                .map(|(_, e)| e)
                .filter(|e| Some(e.id.as_str()) != exact.map(|x| x.id.as_str())),
        );
        found
    }
}

/// An entry as the matcher sees it: "A.8.15 Logging".
struct Candidate<'a> {
    text: String,
    entry: &'a Entry,
}

impl AsRef<str> for Candidate<'_> {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;

    fn top(query: &str) -> Vec<String> {
        Catalogue::iso27001_2022()
            .fuzzy(query)
            .iter()
            .take(3)
            .map(|e| e.id.clone())
            .collect()
    }

    #[test]
    fn exact_reference_comes_first() {
        assert_eq!(top("a815")[0], "A.8.15");
        assert_eq!(top("9.2")[0], "9.2");
    }

    #[test]
    fn words_in_titles_match_loosely() {
        assert_eq!(top("backup")[0], "A.8.13");
        assert!(
            top("acc rights").contains(&"A.5.18".to_string()),
            "{:?}",
            top("acc rights")
        );
        assert_eq!(Catalogue::iso27001_2022().fuzzy("").len(), 134);
        assert!(top("zzzzqqq").is_empty());
    }
}
