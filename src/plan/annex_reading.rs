//! A sample written `8.2` is clause 8.2 (Information security risk assessment), as the standard
//! numbers it; a plan whose sample is about administrator accounts meant A.8.2 (Privileged
//! access rights). The number stays the clause, and a warning says so when what the plan says
//! about the sample reads like the control.

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

/// Warns for each sample whose bare clause number has a control of the same number that its
/// `why`, evidence, questions or the titles of its agenda slots read like.
pub(super) fn check(parts: &Parts<'_>, slots: &[AgendaItem], diags: &mut Diags) {
    let Some(catalogue) = parts.catalogue else {
        return;
    };
    let annex = catalogue.annex.as_deref().unwrap_or_default();
    for s in &parts.samples {
        let Some(control) = catalogue.control_of_clause_number(s.written) else {
            continue;
        };
        let Some(clause) = catalogue.get(s.reference.value) else {
            continue;
        };
        if !reads_like_control(&said_about(s, slots), control, clause, annex) {
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

/// Whether `text` (lower-cased) is about `control` rather than `clause`: it names the annex or
/// the control's title, or more of the control's title words than of the clause's have a close
/// word in it.
fn reads_like_control(text: &str, control: &Entry, clause: &Entry, annex: &str) -> bool {
    if text.contains(&format!("annex {}", annex.to_lowercase()))
        || text.contains(&control.title.to_lowercase())
    {
        return true;
    }
    let words: Vec<&str> = significant_words(text).collect();
    let share = |title: &str| {
        let title = title.to_lowercase();
        let title_words: Vec<&str> = significant_words(&title).collect();
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

    fn about_control(text: &str) -> bool {
        let c = Catalogue::iso27001_2022();
        let (control, clause) = (c.get("A.8.2").unwrap(), c.get("8.2").unwrap());
        reads_like_control(&text.to_lowercase(), control, clause, "A")
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
    }
}
