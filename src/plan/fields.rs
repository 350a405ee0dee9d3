//! Reading typed values out of the parsed TOML tree while collecting every problem, so that one
//! run of `auditday check` reports all of them with their places.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Located;
use super::model::{AgendaKind, AuditKind, Role};
use crate::catalogue::similarity;
use crate::diagnostic::{Diagnostic, Severity};

/// Problems found so far in one plan, and what was learnt finding them.
#[derive(Default)]
pub(crate) struct Diags {
    list: Vec<Diagnostic>,
    errors: bool,
    /// What was said of each unknown key already met, by table name and known keys: a plan
    /// repeats the same misspelling in every table, and a "did you mean" scores the key
    /// against every known one.
    unknown_keys: HashMap<(&'static str, KnownKeys, Box<str>), Diagnostic>,
    /// The message for each value of the wrong type already met, by key, what was wanted and
    /// what was found.
    wrong_types: HashMap<(&'static str, &'static str, &'static str), Arc<str>>,
}

/// A list of known keys, by where it is: the tables that share one list share the hints.
#[derive(PartialEq, Eq, Hash)]
struct KnownKeys(*const &'static str, usize);

impl Diags {
    /// Adds a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.errors |= d.severity == Severity::Error;
        self.list.push(d);
    }

    /// Whether an error has been found: the plan will not be built.
    pub fn has_errors(&self) -> bool {
        self.errors
    }

    /// Every problem, in the order found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

/// One TOML table being read: remembers which keys were expected so that every other key can
/// be reported as unknown, with a "did you mean".
pub(crate) struct Table<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    name: &'static str,
    known: &'static [&'static str],
}

impl<'a, 'i> Table<'a, 'i> {
    /// Starts reading `value` as the table called `name` (`[audit]`, `[[sample]]`); reports a
    /// wrong type and returns `None` when it is not a table.
    pub fn new(
        value: &'a Spanned<DeValue<'i>>,
        name: &'static str,
        known: &'static [&'static str],
        diags: &mut Diags,
    ) -> Option<Self> {
        match value.get_ref() {
            DeValue::Table(table) => Some(Table::root(table, value.span(), name, known)),
            other => {
                diags.push(Diagnostic::error(
                    value.span(),
                    format!("{name} must be a table, found {}", type_name(other)),
                ));
                None
            }
        }
    }

    /// Reads a table that is known to be one (the document root).
    pub fn root(
        table: &'a DeTable<'i>,
        span: Range<usize>,
        name: &'static str,
        known: &'static [&'static str],
    ) -> Self {
        Table {
            table,
            span,
            name,
            known,
        }
    }

    /// Where the table is, for problems that concern it as a whole.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The raw value of a key.
    pub fn get(&self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        debug_assert!(self.known.contains(&key), "{key} is not a known key");
        self.table.get(key)
    }

    /// Reports a required key that is absent.
    pub fn missing(&self, key: &'static str, diags: &mut Diags) {
        diags.push(Diagnostic::error(
            self.span(),
            format!("missing `{key}` in {}", self.name),
        ));
    }

    /// A required value: `read` reads it when the key is there; a missing key is reported.
    pub fn required<T>(
        &self,
        key: &'static str,
        diags: &mut Diags,
        read: impl FnOnce(&'a Spanned<DeValue<'i>>, &mut Diags) -> Option<T>,
    ) -> Option<T> {
        match self.get(key) {
            Some(v) => read(v, diags),
            None => {
                self.missing(key, diags);
                None
            }
        }
    }

    /// A required string.
    pub fn string(&self, key: &'static str, diags: &mut Diags) -> Option<Located<&'a str>> {
        self.required(key, diags, |v, diags| string(v, key, diags))
    }

    /// An optional string.
    pub fn opt_string(&self, key: &'static str, diags: &mut Diags) -> Option<Located<&'a str>> {
        self.get(key).and_then(|v| string(v, key, diags))
    }

    /// An optional string, empty when absent.
    pub fn text(&self, key: &'static str, diags: &mut Diags) -> &'a str {
        self.opt_string(key, diags).map_or("", |l| l.value)
    }

    /// A list of strings; a single string is taken as a list of one.
    pub fn strings(&self, key: &'static str, diags: &mut Diags) -> Vec<Located<&'a str>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(_) => string(v, key, diags).into_iter().collect(),
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(_) => string(item, key, diags),
                    other => {
                        let want = "a list of strings, but this item is not one";
                        wrong_type(item.span(), key, want, other, diags);
                        None
                    }
                })
                .collect(),
            other => {
                wrong_type(v.span(), key, "a list of strings", other, diags);
                Vec::new()
            }
        }
    }

    /// An optional whole number within `range`.
    pub fn number(
        &self,
        key: &'static str,
        range: std::ops::RangeInclusive<u32>,
        diags: &mut Diags,
    ) -> Option<Located<u32>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => {
                let n = i64::from_str_radix(i.as_str(), i.radix()).ok();
                match n
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| range.contains(n))
                {
                    Some(n) => Some(Located {
                        value: n,
                        span: v.span(),
                    }),
                    None => {
                        diags.push(Diagnostic::error(
                            v.span(),
                            format!(
                                "`{key}` must be between {} and {}",
                                range.start(),
                                range.end()
                            ),
                        ));
                        None
                    }
                }
            }
            other => {
                wrong_type(v.span(), key, "a whole number", other, diags);
                None
            }
        }
    }

    /// An optional true/false.
    pub fn boolean(&self, key: &'static str, diags: &mut Diags) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                wrong_type(v.span(), key, "true or false", other, diags);
                None
            }
        }
    }

    /// An optional word from a fixed list (`kind`, `role`). A word written the way people say
    /// it (`Lead Auditor`, `LEAD`, `Stage 2`) is still refused, since the plan is the evidence
    /// of what was agreed, but the hint names the word meant rather than a near spelling.
    pub fn choice<T: Word>(
        &self,
        key: &'static str,
        what: &str,
        diags: &mut Diags,
    ) -> Option<Located<T>> {
        let word = self.opt_string(key, diags)?;
        match T::WORDS.iter().find(|(_, w)| *w == word.value) {
            Some((value, _)) => Some(Located {
                value: *value,
                span: word.span,
            }),
            None => {
                let words: Vec<&str> = T::WORDS.iter().map(|(_, w)| *w).collect();
                let said = squashed(word.value);
                let meant = T::WORDS
                    .iter()
                    .find(|(v, w)| squashed(w) == said || squashed(v.label()) == said)
                    .map(|(_, w)| *w)
                    .or_else(|| closest(word.value, &words));
                let d = Diagnostic::error(
                    word.span.clone(),
                    format!("unknown {what} \"{}\"", word.value),
                );
                diags.push(match meant {
                    Some(best) => d.with_hint(format!(
                        "did you mean `{best}`? expected one of: {}",
                        words.join(", ")
                    )),
                    None => d.with_hint(format!("expected one of: {}", words.join(", "))),
                });
                None
            }
        }
    }

    /// The tables of an array of tables (`[[sample]]`); a single table is refused with a hint.
    pub fn tables(&self, key: &'static str, diags: &mut Diags) -> Vec<&'a Spanned<DeValue<'i>>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            DeValue::Table(_) => {
                diags.push(
                    Diagnostic::error(v.span(), format!("`{key}` must be a list of tables"))
                        .with_hint(format!("write each one under its own [[{key}]] header")),
                );
                Vec::new()
            }
            other => {
                wrong_type(v.span(), key, "a list of tables", other, diags);
                Vec::new()
            }
        }
    }

    /// Reports every key that is not one of the known keys, with the closest known one.
    pub fn finish(self, diags: &mut Diags) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if self.known.contains(&name) {
                continue;
            }
            let (table, known) = (self.name, self.known);
            let said = diags
                .unknown_keys
                .entry((table, KnownKeys(known.as_ptr(), known.len()), name.into()))
                .or_insert_with(|| {
                    let d = Diagnostic::error(0..0, format!("unknown key `{name}` in {table}"));
                    match closest(name, known) {
                        Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                        None => d.with_hint(format!("known keys: {}", known.join(", "))),
                    }
                });
            let d = Diagnostic {
                span: key.span(),
                ..said.clone()
            };
            diags.push(d);
        }
    }
}

/// A string value, borrowed from the tree: only what goes into a plan is copied.
pub(super) fn string<'a>(
    v: &'a Spanned<DeValue<'_>>,
    key: &'static str,
    diags: &mut Diags,
) -> Option<Located<&'a str>> {
    match v.get_ref() {
        DeValue::String(s) => Some(Located {
            value: s.as_ref(),
            span: v.span(),
        }),
        other => {
            wrong_type(v.span(), key, "a string", other, diags);
            None
        }
    }
}

/// A local date and time: a TOML local datetime (`2026-11-24T09:00:00`) or a string
/// `"2026-11-24 09:00"`.
pub(super) fn datetime(
    v: &Spanned<DeValue<'_>>,
    key: &'static str,
    diags: &mut Diags,
) -> Option<Located<NaiveDateTime>> {
    let found = match v.get_ref() {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), Some(t), None) => date(d).zip(time(t)).map(|(d, t)| d.and_time(t)),
            (Some(_), Some(_), Some(_)) => {
                diags.push(
                    Diagnostic::error(
                        v.span(),
                        format!("`{key}` must be local time, without an offset"),
                    )
                    .with_hint("write the time on site, e.g. 2026-11-24T09:00:00"),
                );
                return None;
            }
            _ => None,
        },
        DeValue::String(s) => parse_datetime_text(s),
        other => {
            wrong_type(v.span(), key, "a date and time", other, diags);
            return None;
        }
    };
    if found.is_none() {
        diags.push(
            Diagnostic::error(v.span(), format!("`{key}` must be a date and time"))
                .with_hint("write e.g. 2026-11-24T09:00:00 or \"2026-11-24 09:00\""),
        );
    }
    found
        .filter(|at| in_years(*at, v, key, diags))
        .map(|value| Located {
            value,
            span: v.span(),
        })
}

/// The years an audit date may be in. Outside them a date is a slip of the keyboard (the year
/// 0000, 1026 for 2026): ISO/IEC 27001 dates from 2005, and the record's times count from 1970.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// Whether `at`, written as `v`, is in [`YEARS`]; reported when it is not.
fn in_years(
    at: NaiveDateTime,
    v: &Spanned<DeValue<'_>>,
    key: &'static str,
    diags: &mut Diags,
) -> bool {
    let fits = YEARS.contains(&at.year());
    if !fits {
        diags.push(
            Diagnostic::error(
                v.span(),
                format!(
                    "`{key}` is in the year {}; an audit date is between {} and {}",
                    at.format("%Y"),
                    YEARS.start(),
                    YEARS.end()
                ),
            )
            .with_hint("check the year"),
        );
    }
    fits
}

/// What an agenda `start` can be: a full date and time, or a time of day (the day comes from
/// the item's `day`).
pub(super) enum When {
    At(NaiveDateTime),
    TimeOfDay(NaiveTime),
}

/// Reads an agenda `start`: `"09:00"`, `09:00:00`, or a full date and time.
pub(super) fn when(v: &Spanned<DeValue<'_>>, key: &'static str, diags: &mut Diags) -> Option<When> {
    let found = match v.get_ref() {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (None, Some(t), None) => time(t).map(When::TimeOfDay),
            (Some(d), Some(t), None) => date(d).zip(time(t)).map(|(d, t)| When::At(d.and_time(t))),
            _ => None,
        },
        DeValue::String(s) => parse_time_text(s)
            .map(When::TimeOfDay)
            .or_else(|| parse_datetime_text(s).map(When::At)),
        other => {
            wrong_type(v.span(), key, "a time", other, diags);
            return None;
        }
    };
    if let Some(When::At(at)) = found
        && !in_years(at, v, key, diags)
    {
        return None;
    }
    if found.is_none() {
        diags.push(
            Diagnostic::error(
                v.span(),
                format!("`{key}` must be a time of day or a date and time"),
            )
            .with_hint(
                "write e.g. \"09:30\" (with `day = 2` for the second day) or \"2026-11-25 09:30\"",
            ),
        );
    }
    found
}

fn date(d: toml::value::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}

fn time(t: toml::value::Time) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second.unwrap_or(0)),
    )
}

fn parse_datetime_text(s: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s.trim(), f).ok())
}

fn parse_time_text(s: &str) -> Option<NaiveTime> {
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(s.trim(), f).ok())
}

/// The TOML type of a value, as the user would name it.
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date/time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn wrong_type(
    span: Range<usize>,
    key: &'static str,
    want: &'static str,
    found: &DeValue<'_>,
    diags: &mut Diags,
) {
    let found = type_name(found);
    let message = diags
        .wrong_types
        .entry((key, want, found))
        .or_insert_with(|| format!("`{key}` must be {want}, found {found}").into())
        .clone();
    diags.push(Diagnostic::error(span, message));
}

/// A word from a fixed list that a plan chooses from, with how people name each value.
pub(crate) trait Word: Copy + 'static {
    /// Every value with the word a plan uses for it.
    const WORDS: &'static [(Self, &'static str)];
    /// How people name the value ("lead auditor"), which a plan may write for the word.
    fn label(self) -> &'static str;
}

impl Word for AuditKind {
    const WORDS: &'static [(Self, &'static str)] = &AuditKind::ALL;
    fn label(self) -> &'static str {
        AuditKind::label(self)
    }
}

impl Word for Role {
    const WORDS: &'static [(Self, &'static str)] = &Role::ALL;
    fn label(self) -> &'static str {
        Role::label(self)
    }
}

impl Word for AgendaKind {
    const WORDS: &'static [(Self, &'static str)] = &AgendaKind::ALL;
    /// Agenda kinds have no other name than their word.
    fn label(self) -> &'static str {
        AgendaKind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, w)| w)
    }
}

/// A word as it sounds: lower case, letters and digits only, so `Lead Auditor`, `lead-auditor`
/// and `LEAD_AUDITOR` are the same.
fn squashed(word: &str) -> String {
    word.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The known word closest to `word`, if any is close enough to be a likely misspelling.
pub(crate) fn closest<'w>(word: &str, known: &[&'w str]) -> Option<&'w str> {
    known
        .iter()
        .map(|k| (similarity::jaro_winkler(word, k), *k))
        .filter(|(score, k)| *score >= 0.8 || similarity::levenshtein(word, k) <= 2)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
