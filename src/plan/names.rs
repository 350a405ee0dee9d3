//! "Did you mean" for the names of people a plan refers to (a sample's or a slot's `auditor`,
//! a slot's `interviewee`): a plan written in a hurry says "Sam Patle", "sam patel", "Sam  Patel"
//! or just "Sam" for the "Sam Patel" of its `[[team]]` or `[[interviewee]]` list.

use crate::catalogue::similarity;

/// A name scores as a misspelling when its Jaro-Winkler similarity to a known one is at least
/// this, and it is within [`EDITS`] edits: a swapped or a dropped letter, not another person.
const SCORE: f64 = 0.85;
/// The most edits (Levenshtein) between a name and the one it suggests.
const EDITS: usize = 2;

/// The known name `written` most likely means: the same name in another case or spacing; a
/// single first name or surname that only one known name has; or a name a letter or two away.
pub(super) fn closest<'n>(written: &str, known: &[&'n str]) -> Option<&'n str> {
    let said = normal(written);
    if said.is_empty() {
        return None;
    }
    let normals: Vec<String> = known.iter().map(|k| normal(k)).collect();
    if let Some(i) = normals.iter().position(|k| *k == said) {
        return Some(known[i]);
    }
    if !said.contains(' ') {
        let mut with_word = normals
            .iter()
            .enumerate()
            .filter(|(_, k)| k.split(' ').any(|w| w == said));
        if let (Some((i, _)), None) = (with_word.next(), with_word.next()) {
            return Some(known[i]);
        }
    }
    normals
        .iter()
        .enumerate()
        .map(|(i, k)| (similarity::jaro_winkler(&said, k), i, k))
        .filter(|(score, _, k)| *score >= SCORE && similarity::levenshtein(&said, k) <= EDITS)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i, _)| known[i])
}

/// A name lower-cased with its words separated by single spaces.
fn normal(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::closest;

    const TEAM: [&str; 3] = ["Sam Patel", "Ann Lead", "Ann Other"];

    #[test]
    fn a_letter_or_two_off_case_and_spacing_find_the_name() {
        for written in [
            "Sam Patle",
            "Sam Patl",
            "sam patel",
            "SAM PATEL",
            " Sam  Patel ",
        ] {
            assert_eq!(closest(written, &TEAM), Some("Sam Patel"), "{written:?}");
        }
        assert_eq!(closest("Ann Laed", &TEAM), Some("Ann Lead"));
    }

    #[test]
    fn a_first_name_or_surname_finds_the_name_only_when_unique() {
        assert_eq!(closest("Sam", &TEAM), Some("Sam Patel"));
        assert_eq!(closest("patel", &TEAM), Some("Sam Patel"));
        assert_eq!(closest("Other", &TEAM), Some("Ann Other"));
        assert_eq!(closest("Ann", &TEAM), None);
    }

    #[test]
    fn another_person_is_not_suggested() {
        assert_eq!(closest("Dan Nobody", &TEAM), None);
        assert_eq!(closest("", &TEAM), None);
        assert_eq!(closest("Sam Patel", &[]), None);
    }
}
