//! "Did you mean" for a reference that is not in the catalogue, fast enough for a plan with
//! thousands of them.
//!
//! The scores are those of a plain scan over every entry (Jaro-Winkler on the id without its
//! annex letter, and on each word of the title); what makes it fast is that the lower-cased
//! forms are found once per catalogue, and that an entry is only scored when a cheap upper bound
//! says it could reach the threshold. The bound counts the characters the two strings have in
//! common, which no Jaro match and no edit can do without, so a skipped entry is one the scan
//! would have rejected: the suggestions, their scores and their order are the scan's.

use super::{Entry, EntryKind, similarity};

/// An id scores when its Jaro-Winkler similarity is at least this, and it is within
/// [`ID_EDITS`] edits.
const ID_SCORE: f64 = 0.85;
/// The most edits (Levenshtein) between a reference and an id it suggests.
const ID_EDITS: usize = 2;
/// A title word scores when its Jaro-Winkler similarity is at least this.
const TITLE_SCORE: f64 = 0.88;
/// Slack for rounding, so a bound is never trusted to reject a score right at a threshold.
const SLACK: f64 = 1e-9;
/// How many suggestions are given at most.
const MAX_SUGGESTIONS: usize = 3;

/// How many characters of each kind a string holds: letters, digits and `.` each have their
/// own count, other characters share counts. Two strings have at most `common` characters in
/// common (as a multiset), since equal characters fall in the same count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bag([u8; 64]);

impl Bag {
    /// The bag of `s`, or `None` when a count would not fit (no bound is then used).
    fn of(s: &str) -> Option<Bag> {
        let mut counts = [0u8; 64];
        for c in s.chars() {
            let slot = &mut counts[Bag::slot(c)];
            *slot = slot.checked_add(1)?;
        }
        Some(Bag(counts))
    }

    fn slot(c: char) -> usize {
        match c {
            'a'..='z' => c as usize - 'a' as usize,
            '0'..='9' => 26 + (c as usize - '0' as usize),
            '.' => 36,
            _ => 37 + c as usize % 27,
        }
    }

    /// At least as many as the characters the two strings have in common.
    fn common(&self, other: &Bag) -> usize {
        let mut sum = 0u32;
        for (a, b) in self.0.iter().zip(other.0.iter()) {
            sum += u32::from(*a.min(b));
        }
        sum as usize
    }

    /// The larger count of each kind.
    fn max(&self, other: &Bag) -> Bag {
        let mut counts = self.0;
        for (c, o) in counts.iter_mut().zip(other.0.iter()) {
            *c = (*c).max(*o);
        }
        Bag(counts)
    }

    /// Whether every count is at most the other's: a string can only contain another whose
    /// bag fits in its own.
    fn fits_in(&self, other: &Bag) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| a <= b)
    }
}

/// A lower-cased string with its length in characters and its bag.
#[derive(Debug, Clone)]
struct Lowered {
    text: String,
    chars: usize,
    bag: Option<Bag>,
}

impl Lowered {
    fn new(text: String) -> Lowered {
        Lowered {
            chars: text.chars().count(),
            bag: Bag::of(&text),
            text,
        }
    }

    /// At least as many as the characters `self` and `other` have in common, or `None` when
    /// there is no bound.
    fn common(&self, other: &Lowered) -> Option<usize> {
        match (&self.bag, &other.bag) {
            (Some(a), Some(b)) if self.chars > 0 && other.chars > 0 => Some(a.common(b)),
            _ => None,
        }
    }

    /// Whether the Jaro-Winkler similarity of `self` and `other` may reach `threshold`, given
    /// at most `common` characters in common. With `m` matching characters, Jaro is at most
    /// (m/|a| + m/|b| + 1) / 3, and Winkler adds a tenth of what is left per character of
    /// common prefix, up to four.
    fn may_reach(&self, other: &Lowered, common: Option<usize>, threshold: f64) -> bool {
        let Some(common) = common else {
            return true;
        };
        let m = common.min(self.chars).min(other.chars) as f64;
        let jaro = (m / self.chars as f64 + m / other.chars as f64 + 1.0) / 3.0;
        let prefix = self
            .text
            .chars()
            .zip(other.text.chars())
            .take(4)
            .take_while(|(x, y)| x == y)
            .count() as f64;
        jaro + 0.1 * prefix * (1.0 - jaro) >= threshold - SLACK
    }

    /// Whether `self` and `other` may be within `edits` edits (Levenshtein), given at most
    /// `common` characters in common: every character of the longer one that is not in common
    /// must be edited, and so must the difference in length.
    fn may_be_within(&self, other: &Lowered, common: Option<usize>, edits: usize) -> bool {
        self.chars.abs_diff(other.chars) <= edits
            && common.is_none_or(|c| self.chars.max(other.chars).saturating_sub(c) <= edits)
    }
}

/// One entry as the suggestion search sees it.
#[derive(Debug, Clone)]
struct Candidate {
    control: bool,
    /// The id, lower-cased, without its leading annex letter and dot.
    id_bare: Lowered,
    title: Lowered,
    /// The words of the title, lower-cased, split at white space.
    words: Vec<Lowered>,
}

/// The lower-cased ids and titles of a catalogue's entries, found once.
#[derive(Debug, Clone)]
pub(super) struct SuggestIndex {
    candidates: Vec<Candidate>,
    /// The larger count of each kind over every title word: what any word can have in common
    /// with a reference.
    word_bag: Option<Bag>,
    /// The same over whole titles.
    title_bag: Option<Bag>,
}

impl SuggestIndex {
    /// Lower-cases every id and title of `entries`.
    pub(super) fn new(entries: &[Entry]) -> SuggestIndex {
        let candidates: Vec<Candidate> = entries
            .iter()
            .map(|e| {
                let title = e.title.to_lowercase();
                Candidate {
                    control: e.kind == EntryKind::Control,
                    id_bare: Lowered::new(
                        e.id.to_lowercase()
                            .trim_start_matches(['a', '.'])
                            .to_string(),
                    ),
                    words: title
                        .split_whitespace()
                        .map(|w| Lowered::new(w.to_string()))
                        .collect(),
                    title: Lowered::new(title),
                }
            })
            .collect();
        SuggestIndex {
            word_bag: most(candidates.iter().flat_map(|c| &c.words).map(|w| &w.bag)),
            title_bag: most(candidates.iter().map(|c| &c.title.bag)),
            candidates,
        }
    }

    /// The closest entries to `raw`, best first, at most three: by the id (Jaro-Winkler at least
    /// 0.85 and at most two edits) or by a word of the title (Jaro-Winkler at least 0.88, or the
    /// title contains the reference). Indices into the entries the index was built from.
    pub(super) fn closest(&self, raw: &str) -> Vec<usize> {
        let needle = Lowered::new(raw.to_lowercase());
        let bare = Lowered::new(needle.text.trim_start_matches(['a', '.', ' ']).to_string());
        let annex_form = needle.text.starts_with('a');
        let by_title = needle.text.chars().any(char::is_alphabetic) && needle.text.len() >= 3;
        let may_contain = by_title && Self::may_fit(&needle, self.title_bag.as_ref());
        let may_match_word = by_title && self.word_may_reach(&needle);
        let mut scored: Vec<(f64, usize)> = self
            .candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let id_score = if (c.control || !annex_form)
                    && bare.chars.abs_diff(c.id_bare.chars) <= ID_EDITS
                    && let common = bare.common(&c.id_bare)
                    && bare.may_be_within(&c.id_bare, common, ID_EDITS)
                    && bare.may_reach(&c.id_bare, common, ID_SCORE)
                {
                    let score = similarity::jaro_winkler(&bare.text, &c.id_bare.text);
                    let close = score >= ID_SCORE
                        && similarity::levenshtein(&bare.text, &c.id_bare.text) <= ID_EDITS;
                    if close { score } else { 0.0 }
                } else {
                    0.0
                };
                let title_score = if may_contain
                    && Self::may_fit(&needle, c.title.bag.as_ref())
                    && c.title.text.contains(needle.text.as_str())
                {
                    1.0
                } else if may_match_word {
                    c.words
                        .iter()
                        .filter(|w| needle.may_reach(w, needle.common(w), TITLE_SCORE))
                        .map(|w| similarity::jaro_winkler(&needle.text, &w.text))
                        .fold(0.0, f64::max)
                } else {
                    0.0
                };
                let score = id_score.max(if title_score >= TITLE_SCORE {
                    title_score
                } else {
                    0.0
                });
                (score > 0.0).then_some((score, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, i)| i)
            .collect()
    }

    /// Whether `needle` could be contained in a string whose bag is `bag` (always, without
    /// bags).
    fn may_fit(needle: &Lowered, bag: Option<&Bag>) -> bool {
        match (&needle.bag, bag) {
            (Some(n), Some(b)) => n.fits_in(b),
            _ => true,
        }
    }

    /// Whether any title word could be similar enough to `needle`: the best a word can do is
    /// to be made only of characters in common with it.
    fn word_may_reach(&self, needle: &Lowered) -> bool {
        let (Some(n), Some(words)) = (&needle.bag, &self.word_bag) else {
            return true;
        };
        if needle.chars == 0 {
            return true;
        }
        let m = n.common(words).min(needle.chars) as f64;
        let jaro = (m / needle.chars as f64 + 2.0) / 3.0;
        jaro + 0.4 * (1.0 - jaro) >= TITLE_SCORE - SLACK
    }
}

/// The larger count of each kind over all `bags`; `None` if one of them is unknown.
fn most<'a>(mut bags: impl Iterator<Item = &'a Option<Bag>>) -> Option<Bag> {
    bags.try_fold(Bag([0; 64]), |all, bag| bag.as_ref().map(|b| all.max(b)))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::catalogue::{Catalogue, EntryKind};

    /// The plain scan the index must agree with: every entry lower-cased and scored.
    fn scan(catalogue: &Catalogue, raw: &str) -> Vec<usize> {
        let needle = raw.to_lowercase();
        let bare = needle.trim_start_matches(['a', '.', ' ']);
        let mut scored: Vec<(f64, usize)> = catalogue
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let id = e.id.to_lowercase();
                let id_bare = id.trim_start_matches(['a', '.']);
                let id_score = if e.kind == EntryKind::Control || !needle.starts_with('a') {
                    strsim::jaro_winkler(bare, id_bare)
                } else {
                    0.0
                };
                let title = e.title.to_lowercase();
                let title_score = if needle.chars().any(char::is_alphabetic) && needle.len() >= 3 {
                    if title.contains(needle.as_str()) {
                        1.0
                    } else {
                        title
                            .split_whitespace()
                            .map(|w| strsim::jaro_winkler(&needle, w))
                            .fold(0.0, f64::max)
                    }
                } else {
                    0.0
                };
                let id_ok = id_score >= 0.85 && strsim::levenshtein(bare, id_bare) <= 2;
                let score = if id_ok { id_score } else { 0.0 }.max(if title_score >= 0.88 {
                    title_score
                } else {
                    0.0
                });
                (score > 0.0).then_some((score, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, i)| i).collect()
    }

    fn agrees(raw: &str) {
        let c = Catalogue::iso27001_2022();
        let index = super::SuggestIndex::new(&c.entries);
        assert_eq!(index.closest(raw), scan(c, raw), "{raw:?}");
    }

    /// Every id with a character dropped, doubled, changed or swapped with the next, and every
    /// title word with a character dropped: the kinds of slip the suggestions are for.
    #[test]
    fn the_index_agrees_with_a_scan_on_near_misses() {
        let c = Catalogue::iso27001_2022();
        let index = super::SuggestIndex::new(&c.entries);
        let mut words: Vec<&str> = c
            .entries
            .iter()
            .flat_map(|e| e.title.split_whitespace())
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut inputs: Vec<String> = [
            "",
            "a",
            "A.",
            "a. ",
            "A.5.40",
            "A.8.4039",
            "clause 11",
            "ログ",
        ]
        .map(str::to_string)
        .to_vec();
        for e in &c.entries {
            let chars: Vec<char> = e.id.chars().collect();
            for i in 0..chars.len() {
                let with = |f: &dyn Fn(&mut Vec<char>)| {
                    let mut c = chars.clone();
                    f(&mut c);
                    c.into_iter().collect::<String>()
                };
                inputs.push(with(&|c| {
                    c.remove(i);
                }));
                inputs.push(with(&|c| c.insert(i, c[i])));
                inputs.push(with(&|c| c[i] = if c[i] == '1' { '7' } else { '1' }));
                if i + 1 < chars.len() {
                    inputs.push(with(&|c| c.swap(i, i + 1)));
                }
            }
        }
        for word in words {
            inputs.push(word.to_string());
            let mut chars: Vec<char> = word.chars().collect();
            chars.remove(chars.len() / 2);
            inputs.push(chars.into_iter().collect());
        }
        for raw in &inputs {
            assert_eq!(index.closest(raw), scan(c, raw), "{raw:?}");
        }
    }

    proptest! {
        #[test]
        fn the_index_agrees_with_a_scan_on_any_text(raw in "[aA. 0-9a-z\u{e9}\u{30ed}]{0,12}") {
            agrees(&raw);
        }

        #[test]
        fn the_index_agrees_with_a_scan_on_long_text(raw in "\\PC{0,300}") {
            agrees(&raw);
        }
    }
}
