//! The report's words (headings, grade names, labels, the sampling statement, the
//! recommendation in the words of the kind of audit, the deviations from the plan, the names
//! of months and days) from a language file in `assets/report/`, so that a report in another
//! language is another file, not another template or another line of code.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::audit::{Deviation, Recommendation};
use crate::plan::AuditKind;

/// The language files built into the program: code and text.
const BUILT_IN: [(&str, &str); 2] = [
    ("en", include_str!("../../assets/report/en.toml")),
    ("fr", include_str!("../../assets/report/fr.toml")),
];

/// The built-in languages, read once.
static LANGUAGES: LazyLock<Vec<Words>> = LazyLock::new(|| {
    BUILT_IN
        .iter()
        .map(|(_, text)| Words(toml::from_str(text).expect("a built-in language file is TOML")))
        .collect()
});

/// A language file: tables of words by key, read by the templates as `t.<table>.<key>`.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Words(toml::Table);

/// A language asked for that is not built in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no report words in the language \"{asked}\": the languages are {known}")]
pub struct UnknownLanguage {
    /// The code asked for, made printable.
    pub asked: String,
    /// The codes there are, in words.
    pub known: String,
}

impl Words {
    /// The built-in English words: the interface's, and a report's unless another language
    /// is asked for.
    pub fn english() -> &'static Words {
        &LANGUAGES[0]
    }

    /// The built-in words of the language `code` (`en`, `fr`; any case).
    pub fn built_in(code: &str) -> Result<&'static Words, UnknownLanguage> {
        BUILT_IN
            .iter()
            .position(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
            .map(|i| &LANGUAGES[i])
            .ok_or_else(|| UnknownLanguage {
                asked: crate::text::one_line(code).into_owned(),
                known: BUILT_IN.map(|(c, _)| c).join(", "),
            })
    }

    /// The words a document of `plan` is written in: the language asked for, else the
    /// plan's, else English.
    pub fn of(
        asked: Option<&str>,
        plan: &crate::plan::Plan,
    ) -> Result<&'static Words, UnknownLanguage> {
        match asked.or(plan.audit.language.as_deref()) {
            Some(code) => Words::built_in(code),
            None => Ok(Words::english()),
        }
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

    /// The recommendation `recommendation` as it is said at the closing of an audit of
    /// `kind`.
    pub fn recommendation(&self, recommendation: Recommendation, kind: AuditKind) -> &str {
        self.get("recommendation", recommendation.key(kind))
    }

    /// The deviation `deviation` in one line of words.
    pub fn deviation(&self, deviation: &Deviation) -> String {
        match deviation {
            Deviation::NotAssessed { sample, reason } => self.fill(
                "deviation",
                "not_assessed",
                &[("sample", sample), ("reason", reason)],
            ),
            Deviation::Unplanned { sample, why } if why.is_empty() => {
                self.fill("deviation", "unplanned", &[("sample", sample)])
            }
            Deviation::Unplanned { sample, why } => self.fill(
                "deviation",
                "unplanned_why",
                &[("sample", sample), ("why", why)],
            ),
            Deviation::Missed(item) => self.fill(
                "deviation",
                "missed",
                &[
                    ("day", &self.weekday_date(item.start.value.date())),
                    ("start", &clock(item.start.value)),
                    ("end", &clock(item.end())),
                    ("title", &item.title),
                ],
            ),
            Deviation::Moved { slot, started } => {
                let planned = slot.start.value;
                let held = if started.date() == planned.date() {
                    clock(*started)
                } else {
                    format!("{} {}", self.weekday_date(started.date()), clock(*started))
                };
                self.fill(
                    "deviation",
                    "moved",
                    &[
                        ("day", &self.weekday_date(planned.date())),
                        ("start", &clock(planned)),
                        ("title", &slot.title),
                        ("held", &held),
                    ],
                )
            }
        }
    }

    /// Why a finding merged into another stands no more: `merged into NC-02, which says the
    /// same`.
    pub fn merged_into(&self, number: &str) -> String {
        self.fill("label", "merged_into", &[("number", number)])
    }

    /// A date as the language writes it in full (`24 Nov 2026`).
    pub fn date(&self, date: NaiveDate) -> String {
        self.fill(
            "date",
            "date",
            &[
                ("day", &date.day().to_string()),
                ("month", self.month(date)),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// A day of the week and its date, without the year (`Tue 24 Nov`).
    pub fn weekday_date(&self, date: NaiveDate) -> String {
        let weekday = self
            .list("date", "weekdays")
            .nth(date.weekday().num_days_from_monday() as usize)
            .unwrap_or_default();
        self.fill(
            "date",
            "weekday_date",
            &[
                ("weekday", weekday),
                ("day", &date.day().to_string()),
                ("month", self.month(date)),
            ],
        )
    }

    /// The audit's days as people write them: `24 Nov 2026`, `24–25 Nov 2026`,
    /// `30 Nov – 1 Dec 2026`, `30 Dec 2026 – 2 Jan 2027`.
    pub fn day_span(&self, first: NaiveDate, last: NaiveDate) -> String {
        let day_month = |d: NaiveDate| {
            self.fill(
                "date",
                "day_month",
                &[("day", &d.day().to_string()), ("month", self.month(d))],
            )
        };
        if first == last {
            self.date(first)
        } else if (first.year(), first.month()) == (last.year(), last.month()) {
            format!("{}–{}", first.day(), self.date(last))
        } else if first.year() == last.year() {
            format!("{} – {}", day_month(first), self.date(last))
        } else {
            format!("{} – {}", self.date(first), self.date(last))
        }
    }

    /// The month of `date` as the language abbreviates it.
    fn month(&self, date: NaiveDate) -> &str {
        self.list("date", "months")
            .nth(date.month0() as usize)
            .unwrap_or_default()
    }

    /// The words of the list `key` of table `table`.
    fn list(&self, table: &str, key: &str) -> impl Iterator<Item = &str> {
        self.0
            .get(table)
            .and_then(|t| t.get(key))
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_str)
    }

    /// The sentence `key` of `table` with each `{name}` in it replaced by its value, in one
    /// pass: a value holding `{name}` stays as it is.
    fn fill(&self, table: &str, key: &str, values: &[(&str, &str)]) -> String {
        let pattern = self.get(table, key);
        let mut out = String::with_capacity(pattern.len() + 64);
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').and_then(|close| {
                Some((values.iter().find(|(n, _)| *n == &after[..close])?, close))
            }) {
                Some(((_, value), close)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A time of day as every language here writes it: `09:05`.
fn clock(at: NaiveDateTime) -> String {
    at.format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{FindingCounts, follows_from};

    /// Every key of a table, with the table's name: `heading.report`.
    fn keys(words: &Words) -> Vec<String> {
        let mut keys = Vec::new();
        for (name, value) in &words.0 {
            match value {
                toml::Value::Table(table) => {
                    keys.extend(table.keys().map(|k| format!("{name}.{k}")));
                }
                _ => keys.push(name.clone()),
            }
        }
        keys.sort();
        keys
    }

    #[test]
    fn every_built_in_language_has_every_key_english_has_and_no_other() {
        let english = keys(Words::english());
        for (code, _) in BUILT_IN {
            let words = Words::built_in(code).unwrap();
            assert_eq!(words.language(), code);
            assert_eq!(keys(words), english, "{code}");
            assert_eq!(words.list("date", "months").count(), 12, "{code}");
            assert_eq!(words.list("date", "weekdays").count(), 7, "{code}");
            for (table, value) in &words.0 {
                if let toml::Value::Table(t) = value {
                    for (key, word) in t {
                        let empty = word.as_str().is_some_and(str::is_empty);
                        assert!(!empty, "{code}: {table}.{key} is empty");
                    }
                }
            }
        }
    }

    #[test]
    fn a_language_not_built_in_is_refused_naming_those_there_are() {
        assert_eq!(Words::built_in("FR").unwrap().language(), "fr");
        assert_eq!(
            Words::built_in("de\u{1b}[2J").unwrap_err().to_string(),
            "no report words in the language \"de\\u{1b}[2J\": the languages are en, fr"
        );
    }

    #[test]
    fn the_english_file_names_every_grade_and_register_column() {
        let words = Words::english();
        for grade in [
            "major",
            "minor",
            "observation",
            "opportunity",
            "strength",
            "area_of_concern",
        ] {
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let en = Words::english();
        let fr = Words::built_in("fr").unwrap();
        assert_eq!(en.date(d(2026, 12, 25)), "25 Dec 2026");
        assert_eq!(fr.date(d(2026, 12, 25)), "25 déc. 2026");
        assert_eq!(en.weekday_date(d(2026, 11, 24)), "Tue 24 Nov");
        assert_eq!(fr.weekday_date(d(2026, 11, 24)), "mar. 24 nov.");
        for (words, spans) in [
            (
                en,
                [
                    "24–25 Nov 2026",
                    "24 Nov 2026",
                    "30 Nov – 1 Dec 2026",
                    "30 Dec 2026 – 2 Jan 2027",
                ],
            ),
            (
                fr,
                [
                    "24–25 nov. 2026",
                    "24 nov. 2026",
                    "30 nov. – 1 déc. 2026",
                    "30 déc. 2026 – 2 janv. 2027",
                ],
            ),
        ] {
            assert_eq!(words.day_span(d(2026, 11, 24), d(2026, 11, 25)), spans[0]);
            assert_eq!(words.day_span(d(2026, 11, 24), d(2026, 11, 24)), spans[1]);
            assert_eq!(words.day_span(d(2026, 11, 30), d(2026, 12, 1)), spans[2]);
            assert_eq!(words.day_span(d(2026, 12, 30), d(2027, 1, 2)), spans[3]);
        }
    }

    #[test]
    fn a_value_is_put_in_once_and_never_read_as_a_placeholder() {
        let words = Words::english();
        let said = words.deviation(&Deviation::NotAssessed {
            sample: "{reason}".into(),
            reason: "{sample} away".into(),
        });
        assert_eq!(said, "{reason} planned, not assessed: {sample} away");
    }

    /// What each kind of audit says for each situation of the findings: none, observations
    /// only, minors only, a major, majors and minors.
    #[test]
    fn every_kind_words_what_follows_from_every_situation_of_the_findings() {
        const CERTIFIED: [&str; 3] = [
            "certification recommended",
            "certification recommended, subject to an accepted corrective-action plan for \
             the minor nonconformities",
            "certification not recommended until the major nonconformities are closed and \
             their correction verified",
        ];
        const CONTINUED: [&str; 3] = [
            "continuation of certification recommended",
            "continuation of certification recommended, subject to an accepted \
             corrective-action plan for the minor nonconformities",
            "continuation of certification not recommended until the major nonconformities \
             are closed and their correction verified",
        ];
        const RENEWED: [&str; 3] = [
            "renewal of certification recommended",
            "renewal of certification recommended, subject to an accepted corrective-action \
             plan for the minor nonconformities",
            "renewal of certification not recommended until the major nonconformities are \
             closed and their correction verified",
        ];
        const STAGE1: [&str; 3] = [
            "ready to proceed to Stage 2",
            "ready to proceed to Stage 2",
            "not ready to proceed to Stage 2 until the areas of concern are resolved",
        ];
        const READINESS: [&str; 3] = [
            "readiness: ready for external audit",
            "readiness: ready for external audit once the minor nonconformities are corrected",
            "readiness: not ready for external audit, the major nonconformities to be \
             corrected first",
        ];
        let table = [
            (AuditKind::Stage1, STAGE1),
            (AuditKind::Stage2, CERTIFIED),
            (AuditKind::Surveillance, CONTINUED),
            (AuditKind::Recertification, RENEWED),
            (AuditKind::Internal, READINESS),
            (AuditKind::Mock, READINESS),
        ];
        assert_eq!(
            table.len(),
            AuditKind::ALL.len(),
            "every kind is in the table"
        );
        // (major, minor, observation) and which of the three wordings follows.
        let situations = [
            ((0, 0, 0), 0),
            ((0, 0, 3), 0),
            ((0, 2, 1), 1),
            ((1, 0, 0), 2),
            ((2, 3, 1), 2),
        ];
        for (kind, words) in table {
            for ((major, minor, observation), expected) in situations {
                let counts = FindingCounts {
                    major,
                    minor,
                    observation,
                    ..FindingCounts::default()
                };
                assert_eq!(
                    Words::english().recommendation(follows_from(kind, &counts), kind),
                    words[expected],
                    "{kind:?} with {major} major, {minor} minor, {observation} observations"
                );
            }
        }
    }

    #[test]
    fn the_recommendation_is_worded_for_the_kind_of_audit_in_each_language() {
        let en = Words::english();
        let fr = Words::built_in("fr").unwrap();
        assert_eq!(
            en.recommendation(Recommendation::Recommended, AuditKind::Surveillance),
            "continuation of certification recommended"
        );
        assert_eq!(
            fr.recommendation(Recommendation::Recommended, AuditKind::Surveillance),
            "maintien de la certification recommandé"
        );
        for (code, _) in BUILT_IN {
            let words = Words::built_in(code).unwrap();
            for (kind, _) in AuditKind::ALL {
                let options = Recommendation::options_for(kind);
                for (i, a) in options.iter().enumerate() {
                    let said = words.recommendation(*a, kind);
                    assert!(!said.is_empty(), "{code} {kind:?} {a:?}");
                    if matches!(kind, AuditKind::Internal | AuditKind::Mock) {
                        assert!(!said.contains("certificat"), "{code} {kind:?}: {said}");
                    }
                    for b in &options[i + 1..] {
                        assert_ne!(said, words.recommendation(*b, kind), "{code} {kind:?}");
                    }
                }
            }
        }
    }
}
