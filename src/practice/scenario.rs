//! The practice scenario's own tables, read beside its plan: what the auditee hands over for
//! each sample, what each interviewee answers, and the sealed answer key (planted
//! nonconformities and red herrings), each checked against the plan with its place in the file.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::audit::Grade;
use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::plan::fields::{Diags, Table, closest};

/// The tables a scenario adds to a plan.
pub(super) const TABLES: &[&str] = &["handout", "answer", "key"];
const HANDOUT_KEYS: &[&str] = &["id", "sample", "title", "version", "date", "excerpt"];
const ANSWER_KEYS: &[&str] = &["id", "interviewee", "keywords", "says"];
const KEY_KEYS: &[&str] = &["nc", "herring"];
const NC_KEYS: &[&str] = &["id", "ref", "also", "grade", "evidence", "explanation"];
const HERRING_KEYS: &[&str] = &["id", "ref", "evidence", "explanation"];

/// A practice scenario: the auditee's material, and the answer key the score is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// What the auditee hands over, sample by sample, in the order `a` shows it.
    pub handouts: Vec<Handout>,
    /// What the interviewees answer.
    pub answers: Vec<Answer>,
    /// The planted nonconformities: sealed, read only by the score.
    pub(super) planted: Vec<Planted>,
    /// The red herrings: sealed, read only by the score.
    pub(super) herrings: Vec<Herring>,
}

/// A document or record the auditee hands over when asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handout {
    /// Its id in the scenario (`DOC-14`), which the evidence item records as its identifier.
    pub id: String,
    /// The sample it is handed over for (canonical reference).
    pub sample: String,
    /// What it is.
    pub title: String,
    /// Its version.
    pub version: String,
    /// The date on it.
    pub date: String,
    /// What it says, as far as the trainee gets to read it.
    pub excerpt: String,
}

/// What an interviewee answers to a question that names some of the keywords.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Its id in the scenario.
    pub id: String,
    /// Who says it, as the plan names them.
    pub interviewee: String,
    /// Words of a question that call for it; none: the answer to any other question.
    pub keywords: Vec<String>,
    /// What they say.
    pub says: String,
}

/// A nonconformity planted in the scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Planted {
    pub id: String,
    pub reference: String,
    /// Other clauses and controls a finding of the same failure may rightly be raised under.
    pub also: Vec<String>,
    pub grade: Grade,
    /// Ids of the handouts and answers that show it.
    pub evidence: Vec<String>,
    pub explanation: String,
}

/// Something that looks wrong and is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Herring {
    pub id: String,
    pub reference: String,
    pub evidence: Vec<String>,
    pub explanation: String,
}

impl Scenario {
    /// The handouts of `sample`, in the order they are handed over.
    pub fn handouts_of<'s>(&'s self, sample: &'s str) -> impl Iterator<Item = &'s Handout> {
        self.handouts.iter().filter(move |h| h.sample == sample)
    }

    /// The handout or answer of id `id`.
    pub fn handout(&self, id: &str) -> Option<&Handout> {
        self.handouts.iter().find(|h| h.id == id)
    }

    /// What `interviewee` answers to `question`: the answer naming most of its keywords in
    /// the question (the first of equals), else their answer without keywords.
    pub fn answer(&self, interviewee: &str, question: &str) -> Option<&Answer> {
        let question = question.to_lowercase();
        let theirs = self.answers.iter().filter(|a| a.interviewee == interviewee);
        let mut best: Option<(usize, &Answer)> = None;
        for answer in theirs {
            let hits = answer
                .keywords
                .iter()
                .filter(|k| question.contains(&k.to_lowercase()))
                .count();
            let fallback = answer.keywords.is_empty();
            if (hits > 0 || fallback) && best.is_none_or(|(most, _)| hits > most) {
                best = Some((hits, answer));
            }
        }
        best.map(|(_, answer)| answer)
    }
}

/// Reads the scenario's tables from `text` (whose TOML syntax is known to be right), checking
/// them against `plan` when there is one; every problem goes to `diags`.
pub(super) fn read(
    text: &str,
    plan: Option<&Plan>,
    catalogue: Option<&Catalogue>,
    diags: &mut Diags,
) -> Option<Scenario> {
    let root = DeTable::parse(text).ok()?;
    let table = Table::root(root.get_ref(), 0..0, "the scenario", super::root_keys());
    let mut reader = Reader {
        plan,
        catalogue,
        ids: HashMap::new(),
    };
    let handouts: Vec<Handout> = table
        .tables("handout", diags)
        .into_iter()
        .filter_map(|v| reader.handout(v, diags))
        .collect();
    let answers: Vec<Answer> = table
        .tables("answer", diags)
        .into_iter()
        .filter_map(|v| reader.answer(v, diags))
        .collect();
    let (planted, herrings) = match table.get("key") {
        Some(v) => reader.key(v, diags),
        None => {
            diags.push(
                Diagnostic::error(0..0, "the scenario has no answer key")
                    .with_hint("add a [[key.nc]] table for each planted nonconformity"),
            );
            (Vec::new(), Vec::new())
        }
    };
    (!diags.has_errors()).then_some(Scenario {
        handouts,
        answers,
        planted,
        herrings,
    })
}

/// Reads the tables, remembering every id seen and where.
struct Reader<'p> {
    plan: Option<&'p Plan>,
    catalogue: Option<&'p Catalogue>,
    ids: HashMap<String, Range<usize>>,
}

impl Reader<'_> {
    /// Records `id`, refusing one already used by a handout or an answer.
    fn id(&mut self, t: &Table, diags: &mut Diags) -> Option<String> {
        let id = t.string("id", diags)?;
        if id.value.trim().is_empty() {
            diags.push(Diagnostic::error(id.span, "an id cannot be empty"));
            return None;
        }
        if self.ids.contains_key(id.value) {
            diags.push(
                Diagnostic::error(id.span, format!("the id \"{}\" is used twice", id.value))
                    .with_hint("each handout and answer needs an id of its own"),
            );
            return None;
        }
        self.ids.insert(id.value.to_owned(), id.span);
        Some(id.value.to_owned())
    }

    /// The canonical reference of `key`, which must be a clause or control of the catalogue.
    fn reference(&self, t: &Table, key: &'static str, diags: &mut Diags) -> Option<Located> {
        let written = t.string(key, diags)?;
        self.resolve(written, diags)
    }

    /// The optional list of references `key`, each resolved; the unknown ones are errors.
    fn references(&self, t: &Table, key: &'static str, diags: &mut Diags) -> Vec<Located> {
        (t.strings(key, diags).into_iter())
            .filter_map(|written| self.resolve(written, diags))
            .collect()
    }

    /// `written` as the catalogue's canonical id, or an error at it.
    fn resolve(&self, written: crate::plan::Located<&str>, diags: &mut Diags) -> Option<Located> {
        match self.catalogue?.resolve(written.value) {
            Ok(entry) => Some((entry.id.clone(), written.span)),
            Err(e) => {
                let d = Diagnostic::error(written.span, e.message());
                diags.push(match e.hint() {
                    Some(hint) => d.with_hint(hint),
                    None => d,
                });
                None
            }
        }
    }

    fn handout(&mut self, v: &Spanned<DeValue<'_>>, diags: &mut Diags) -> Option<Handout> {
        let t = Table::new(v, "[[handout]]", HANDOUT_KEYS, diags)?;
        let id = self.id(&t, diags);
        let sample = self.reference(&t, "sample", diags);
        let title = t.string("title", diags);
        let handout = Handout {
            id: id?,
            sample: String::new(),
            title: title?.value.to_owned(),
            version: t.text("version", diags).to_owned(),
            date: t.text("date", diags).to_owned(),
            excerpt: t.text("excerpt", diags).to_owned(),
        };
        t.finish(diags);
        let (sample, span) = sample?;
        if let Some(plan) = self.plan
            && !plan.samples.iter().any(|s| s.reference.value == sample)
        {
            let planned: Vec<&str> = plan
                .samples
                .iter()
                .map(|s| s.reference.value.as_str())
                .collect();
            diags.push(
                Diagnostic::error(
                    span,
                    format!(
                        "handout {} is for sample {sample}, which the plan does not list",
                        handout.id
                    ),
                )
                .with_hint(format!("the plan's samples: {}", planned.join(", "))),
            );
            return None;
        }
        Some(Handout { sample, ..handout })
    }

    fn answer(&mut self, v: &Spanned<DeValue<'_>>, diags: &mut Diags) -> Option<Answer> {
        let t = Table::new(v, "[[answer]]", ANSWER_KEYS, diags)?;
        let id = self.id(&t, diags);
        let who = t.string("interviewee", diags);
        let keywords = t
            .strings("keywords", diags)
            .into_iter()
            .map(|k| k.value.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect();
        let says = t.string("says", diags);
        t.finish(diags);
        let who = who?;
        if let Some(plan) = self.plan {
            let names: Vec<&str> = plan
                .interviewees
                .iter()
                .map(|i| i.name.value.as_str())
                .collect();
            if !names.contains(&who.value) {
                let d = Diagnostic::error(
                    who.span,
                    format!(
                        "\"{}\" is not an interviewee of the plan",
                        crate::text::one_line(who.value)
                    ),
                );
                diags.push(match closest(who.value, &names) {
                    Some(best) => d.with_hint(format!("did you mean \"{best}\"?")),
                    None => d.with_hint(format!("the plan's interviewees: {}", names.join(", "))),
                });
                return None;
            }
        }
        Some(Answer {
            id: id?,
            interviewee: who.value.to_owned(),
            keywords,
            says: says?.value.to_owned(),
        })
    }

    fn key(&mut self, v: &Spanned<DeValue<'_>>, diags: &mut Diags) -> (Vec<Planted>, Vec<Herring>) {
        let Some(key) = Table::new(v, "[key]", KEY_KEYS, diags) else {
            return (Vec::new(), Vec::new());
        };
        let mut planted = Vec::new();
        let mut herrings = Vec::new();
        let mut where_planted: Vec<(String, String)> = Vec::new();
        for v in key.tables("nc", diags) {
            let Some(t) = Table::new(v, "[[key.nc]]", NC_KEYS, diags) else {
                continue;
            };
            let id = t.string("id", diags).map(|l| l.value.to_owned());
            let reference = self.reference(&t, "ref", diags);
            let also = self.references(&t, "also", diags);
            let grade = t.string("grade", diags).and_then(|g| match g.value {
                "major" => Some(Grade::Major),
                "minor" => Some(Grade::Minor),
                other => {
                    diags.push(
                        Diagnostic::error(
                            g.span,
                            format!(
                                "a planted nonconformity is \"major\" or \"minor\", not \"{other}\""
                            ),
                        )
                        .with_hint("observations and improvements are not scored"),
                    );
                    None
                }
            });
            let evidence = self.evidence(&t, diags);
            let explanation = t.text("explanation", diags).to_owned();
            t.finish(diags);
            if let (Some(id), Some((reference, _)), Some(grade), Some(evidence)) =
                (id, reference, grade, evidence)
            {
                where_planted.push((reference.clone(), id.clone()));
                where_planted.extend(also.iter().map(|(r, _)| (r.clone(), id.clone())));
                planted.push(Planted {
                    id,
                    reference,
                    also: also.into_iter().map(|(r, _)| r).collect(),
                    grade,
                    evidence,
                    explanation,
                });
            }
        }
        for v in key.tables("herring", diags) {
            let Some(t) = Table::new(v, "[[key.herring]]", HERRING_KEYS, diags) else {
                continue;
            };
            let id = t.string("id", diags).map(|l| l.value.to_owned());
            let reference = self.reference(&t, "ref", diags);
            let evidence = self.evidence(&t, diags);
            let explanation = t.text("explanation", diags).to_owned();
            t.finish(diags);
            let (Some(id), Some((reference, span)), Some(evidence)) = (id, reference, evidence)
            else {
                continue;
            };
            if let Some((_, nc)) = where_planted.iter().find(|(r, _)| *r == reference) {
                diags.push(
                    Diagnostic::error(
                        span,
                        format!("red herring {id} is on {reference}, where {nc} is planted"),
                    )
                    .with_hint(
                        "the score could not tell a finding on one from a finding on the other",
                    ),
                );
                continue;
            }
            herrings.push(Herring {
                id,
                reference,
                evidence,
                explanation,
            });
        }
        let span = key.span();
        key.finish(diags);
        if planted.is_empty() && !diags.has_errors() {
            diags.push(
                Diagnostic::error(span, "the answer key plants no nonconformity")
                    .with_hint("add a [[key.nc]] table for each planted nonconformity"),
            );
        }
        (planted, herrings)
    }

    /// The ids of `evidence`: at least one, each a handout's or an answer's.
    fn evidence(&self, t: &Table, diags: &mut Diags) -> Option<Vec<String>> {
        let listed = t.strings("evidence", diags);
        if listed.is_empty() {
            diags.push(
                Diagnostic::error(
                    t.span(),
                    "missing `evidence`: the handouts or answers that show it",
                )
                .with_hint("list their ids: evidence = [\"DOC-14\"]"),
            );
            return None;
        }
        let mut ids = Vec::new();
        let mut known = true;
        for id in listed {
            if self.ids.contains_key(id.value) {
                ids.push(id.value.to_owned());
            } else {
                known = false;
                diags.push(Diagnostic::error(
                    id.span,
                    format!("no handout or answer has the id \"{}\"", id.value),
                ));
            }
        }
        known.then_some(ids)
    }
}

/// A canonical reference and where it was written.
type Located = (String, Range<usize>);

#[cfg(test)]
mod tests {
    #[test]
    fn a_question_gets_the_answer_naming_most_of_its_keywords_else_the_fallback() {
        let (_, scenario) = super::super::load_any(
            std::path::Path::new("sample-audits/practice/stage2-software-company.toml"),
            None,
        )
        .unwrap();
        let scenario = scenario.expect("the file is a scenario");
        let id = |who: &str, question: &str| {
            scenario
                .answer(who, question)
                .map(|a| a.id.as_str())
                .unwrap_or("none")
        };
        assert_eq!(
            id("Dana Okafor", "Who did the INTERNAL AUDIT?"),
            "dana-internal-audit"
        );
        assert_eq!(
            id("Dana Okafor", "When was the last access review?"),
            "dana-access"
        );
        assert_eq!(id("Dana Okafor", "What about the weather?"), "dana-other");
        assert_eq!(
            id("Sam Patel", "Did you do the phishing training?"),
            "sam-training"
        );
        assert_eq!(id("Someone Else", "training?"), "none");
    }
}
