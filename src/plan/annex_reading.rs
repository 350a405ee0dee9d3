//! A sample written `8.2` is clause 8.2 (Information security risk assessment), as the standard
//! numbers it; a plan whose sample is about administrator accounts meant A.8.2 (Privileged
//! access rights). The number stays the clause, and a warning says so when what the plan says
//! about the sample reads like the control.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use super::fields::Diags;
use super::model::AgendaItem;
use super::parse::{Parts, SampleDraft};
use crate::catalogue::{Entry, similarity};
use crate::diagnostic::Diagnostic;

/// A word of the plan matches a word of a title when their Jaro-Winkler similarity is at least
/// this (the threshold of the catalogue's "did you mean" for title words).
const WORD_SCORE: f64 = 0.88;
/// Words shorter than this (of, and, the) say nothing about what a title is about.
const SHORTEST_WORD: usize = 4;
/// A word in more than this share of the catalogue's titles (information, security,
/// management) says nothing about which of them a text is about.
const GENERIC_SHARE: f64 = 0.1;

/// Warns for each sample whose bare clause number has a control of the same number that its
/// `why`, evidence, questions or the titles of its agenda slots read like.
pub(super) fn check(parts: &Parts<'_>, slots: &[AgendaItem], diags: &mut Diags) {
    let Some(catalogue) = parts.catalogue else {
        return;
    };
    let annex = catalogue.annex.as_deref().unwrap_or_default();
    let generic = OnceCell::new();
    for s in &parts.samples {
        let Some(control) = catalogue.control_of_clause_number(s.written) else {
            continue;
        };
        let Some(clause) = catalogue.get(s.reference.value) else {
            continue;
        };
        let generic = generic.get_or_init(|| generic_words(&catalogue.entries));
        if !reads_like_control(&said_about(s, slots), control, clause, annex, generic) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                s.reference.span.clone(),
                format!(
                    "{} resolved to clause {} ({}); for the Annex {annex} control write {} ({})",
                    s.written.trim(),
                    clause.id,
                    clause.title,
                    control.id,
                    control.title
                ),
            )
            .with_hint(format!(
                "write \"clause {}\" if the clause is meant",
                clause.id
            )),
        );
    }
}

/// Everything the plan says about a sample, lower-cased: why it was chosen, the evidence and
/// the questions, and the titles of the agenda slots that cover it.
fn said_about(s: &SampleDraft<'_>, slots: &[AgendaItem]) -> String {
    let titles = slots
        .iter()
        .filter(|slot| slot.samples.iter().any(|r| r.value == s.reference.value))
        .map(|slot| slot.title.as_str());
    std::iter::once(s.why)
        .chain(s.evidence.iter().copied())
        .chain(s.questions.iter().copied())
        .chain(titles)
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase()
}

/// The lower-cased title words in more than [`GENERIC_SHARE`] of the titles of `entries`.
fn generic_words(entries: &[Entry]) -> HashSet<String> {
    let mut titles_with: HashMap<String, usize> = HashMap::new();
    for e in entries {
        let title = e.title.to_lowercase();
        let words: HashSet<&str> = significant_words(&title).collect();
        for w in words {
            *titles_with.entry(w.to_string()).or_default() += 1;
        }
    }
    let most = (entries.len() as f64 * GENERIC_SHARE) as usize;
    titles_with
        .into_iter()
        .filter(|(_, n)| *n > most)
        .map(|(w, _)| w)
        .collect()
}

/// Whether `text` (lower-cased) is about `control` rather than `clause`: it names the control's
/// title; or it names the annex and not clauses (a slot "Leadership and policy (clauses 4–5)"
/// is about clauses); or, naming both or neither, more of the control's title words than of
/// the clause's have a close word in it (`generic` words left out of both).
fn reads_like_control(
    text: &str,
    control: &Entry,
    clause: &Entry,
    annex: &str,
    generic: &HashSet<String>,
) -> bool {
    if text.contains(&control.title.to_lowercase()) {
        return true;
    }
    let names_annex = text.contains(&format!("annex {}", annex.to_lowercase()));
    let names_clauses = text.contains("clause");
    if names_annex != names_clauses {
        return names_annex;
    }
    let words: Vec<&str> = significant_words(text).collect();
    let share = |title: &str| {
        let title = title.to_lowercase();
        let title_words: Vec<&str> = significant_words(&title)
            .filter(|w| !generic.contains(*w))
            .collect();
        let found = title_words
            .iter()
            .filter(|t| {
                words
                    .iter()
                    .any(|w| similarity::jaro_winkler(w, t) >= WORD_SCORE)
            })
            .count();
        found as f64 / title_words.len().max(1) as f64
    };
    let control_share = share(&control.title);
    control_share > 0.0 && control_share > share(&clause.title)
}

/// The words of `text` long enough to say what it is about.
fn significant_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= SHORTEST_WORD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    fn about(number: &str, text: &str) -> bool {
        let c = Catalogue::iso27001_2022();
        let control = c.get(&format!("A.{number}")).unwrap();
        let clause = c.get(number).unwrap();
        let generic = generic_words(&c.entries);
        reads_like_control(&text.to_lowercase(), control, clause, "A", &generic)
    }

    fn about_control(text: &str) -> bool {
        about("8.2", text)
    }

    #[test]
    fn words_of_most_titles_say_nothing() {
        let c = Catalogue::iso27001_2022();
        let mut generic: Vec<String> = generic_words(&c.entries).into_iter().collect();
        generic.sort();
        assert_eq!(generic, ["information", "management", "security"]);
        assert!(!about(
            "5.1",
            "Top management must direct and support the ISMS, not delegate it to the security lead"
        ));
        assert!(about(
            "5.1",
            "The topic-specific policies and their approval"
        ));
        assert!(!about(
            "5.1",
            "Context, scope, leadership and policy (clauses 4–5)"
        ));
    }

    #[test]
    fn the_annex_the_control_title_or_its_words_read_like_the_control() {
        assert!(about_control("Annex A control on admin accounts"));
        assert!(about_control("Check privileged access rights of the DBAs"));
        assert!(about_control(
            "Who holds admin rights and how access is reviewed"
        ));
        assert!(about_control("privilege reviews"));
    }

    #[test]
    fn the_clause_words_or_no_words_keep_the_clause() {
        assert!(!about_control(
            "Risk assessment performed at planned intervals"
        ));
        assert!(!about_control(
            "Information security risk assessment results"
        ));
        assert!(!about_control(""));
        assert!(!about_control("Sampled because of last year's finding"));
        assert!(!about_control("Privileges, clause 8 operation"));
    }
}
