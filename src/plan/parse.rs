//! From the TOML tree to the plan's parts: every field read with its place, every reference
//! resolved against the catalogue the plan names, every problem collected.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::{Diags, Table, When, datetime, when};
use super::model::{AgendaItem, AuditKind, Document, Interviewee, Located, Role, Sample};
use crate::catalogue::{Catalogue, Entry};
use crate::diagnostic::Diagnostic;

/// The tables of a plan file.
pub(crate) const ROOT_KEYS: &[&str] = &[
    "audit",
    "team",
    "agenda",
    "sample",
    "interviewee",
    "opening",
    "closing",
    "document",
    "previous",
    "soa",
];
const AUDIT_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "standard",
    "organisation",
    "scope",
    "sites",
    "criteria",
    "objectives",
    "start",
    "end",
    "certification_body",
    "minor_nc_days",
    "major_nc_days",
    "language",
];
const TEAM_KEYS: &[&str] = &["name", "role", "owns"];
const AGENDA_KEYS: &[&str] = &[
    "day",
    "start",
    "minutes",
    "title",
    "kind",
    "samples",
    "interviewee",
    "auditor",
];
const SAMPLE_KEYS: &[&str] = &["ref", "why", "owner", "evidence", "questions", "auditor"];
const INTERVIEWEE_KEYS: &[&str] = &["name", "role", "department", "topics"];
const MEETING_KEYS: &[&str] = &["items", "replace"];
const DOCUMENT_KEYS: &[&str] = &["title", "ref"];
const PREVIOUS_KEYS: &[&str] = &["report", "record", "plan"];
const SOA_KEYS: &[&str] = &["file"];

/// The longest an agenda slot may last, in minutes: a day.
pub(super) const MAX_SLOT_MINUTES: u32 = 24 * 60;

/// The `[audit]` table as far as it could be read.
#[derive(Default)]
pub(super) struct AuditParts {
    pub id: Option<Located<String>>,
    pub title: Option<String>,
    pub kind: Option<Located<AuditKind>>,
    pub standard: Option<Located<String>>,
    pub organisation: Option<String>,
    pub scope: Option<String>,
    pub sites: Vec<String>,
    pub criteria: String,
    pub objectives: Vec<String>,
    pub start: Option<Located<NaiveDateTime>>,
    pub end: Option<Located<NaiveDateTime>>,
    pub certification_body: Option<String>,
    pub minor_nc_days: u32,
    pub major_nc_days: u32,
    pub language: Option<String>,
}

/// An agenda item whose start may still need the audit's first day.
pub(super) struct AgendaDraft {
    pub day: Option<Located<u32>>,
    pub start: Spanned<When>,
    pub item: AgendaItem,
}

/// Extra or replacement meeting agenda items.
#[derive(Default)]
pub(super) struct MeetingParts {
    pub items: Vec<String>,
    pub replace: bool,
}

/// A `[[sample]]` whose strings are borrowed from the TOML tree (and the reference from the
/// catalogue): they are only copied into a [`Sample`] when the plan is built, which a plan
/// with errors never is.
pub(super) struct SampleDraft<'a> {
    pub reference: Located<&'a str>,
    /// The reference as the plan writes it (`8.2`, `clause 8.2`, `A.8.2`).
    pub written: &'a str,
    pub why: &'a str,
    pub owner: &'a str,
    pub evidence: Vec<&'a str>,
    pub questions: Vec<&'a str>,
    pub auditor: Option<Located<&'a str>>,
}

impl SampleDraft<'_> {
    pub fn into_sample(self) -> Sample {
        let strings = |list: Vec<&str>| list.into_iter().map(str::to_owned).collect();
        Sample {
            reference: self.reference.owned(),
            why: self.why.to_owned(),
            owner: self.owner.to_owned(),
            evidence: strings(self.evidence),
            questions: strings(self.questions),
            auditor: self.auditor.map(Located::owned),
        }
    }
}

/// A `[[team]]` member as far as it could be read. A member whose `role` cannot be read (a
/// misspelt word, `"Lead Auditor"` for `"lead"`) is still a member: their name still resolves
/// for every sample and slot that names them, so one slip is one error, not one for each place
/// the plan names them. The plan is not built while a role is unread.
pub(super) struct MemberDraft {
    pub name: Located<String>,
    pub role: Option<Located<Role>>,
    pub owns: Vec<Located<String>>,
}

/// Everything read from a plan file, before the rules that relate the parts are applied; `'a`
/// is the shorter of the TOML tree's life and the catalogue's.
pub(super) struct Parts<'a> {
    pub catalogue: Option<&'a Catalogue>,
    pub audit: AuditParts,
    pub team: Vec<MemberDraft>,
    pub agenda: Vec<AgendaDraft>,
    pub samples: Vec<SampleDraft<'a>>,
    pub interviewees: Vec<Interviewee>,
    pub opening: MeetingParts,
    pub closing: MeetingParts,
    pub documents: Option<Vec<Document>>,
    /// `[previous]`: the report or record it names, paths as written.
    pub previous: Option<super::PreviousSource>,
    /// `[soa] file`, the path as written.
    pub soa: Option<Located<String>>,
    pub team_tables: usize,
    /// Some `[[sample]]` or `[[interviewee]]` could not be read, so checks that look for a
    /// sample or a person by name would only repeat that error.
    pub incomplete: bool,
}

/// Reads every part of the plan, choosing the catalogue by the plan's `standard`.
pub(super) fn parts<'a>(
    root: &'a Spanned<DeTable<'_>>,
    catalogues: &[&'a Catalogue],
    root_keys: &'static [&'static str],
    diags: &mut Diags,
) -> Parts<'a> {
    let table = Table::root(root.get_ref(), 0..0, "the plan", root_keys);
    let audit = match table.get("audit") {
        Some(v) => audit(v, diags),
        None => {
            table.missing("audit", diags);
            AuditParts::default()
        }
    };
    let catalogue = audit
        .standard
        .as_ref()
        .and_then(|s| choose_catalogue(s, catalogues, diags));
    let resolver = Resolver::new(catalogue);
    let team_tables = table.tables("team", diags);
    let team = team_tables
        .iter()
        .filter_map(|v| team_member(v, &resolver, diags))
        .collect();
    let agenda = table
        .tables("agenda", diags)
        .into_iter()
        .filter_map(|v| agenda_item(v, &resolver, diags))
        .collect();
    let sample_tables = table.tables("sample", diags);
    let mut samples = Vec::with_capacity(sample_tables.len());
    samples.extend(
        sample_tables
            .iter()
            .filter_map(|v| sample(v, &resolver, diags)),
    );
    let interviewee_tables = table.tables("interviewee", diags);
    let interviewees: Vec<Interviewee> = interviewee_tables
        .iter()
        .filter_map(|v| interviewee(v, &resolver, diags))
        .collect();
    let incomplete =
        samples.len() < sample_tables.len() || interviewees.len() < interviewee_tables.len();
    let opening = meeting(table.get("opening"), "[opening]", diags);
    let closing = meeting(table.get("closing"), "[closing]", diags);
    let documents = table.get("document").map(|_| {
        table
            .tables("document", diags)
            .into_iter()
            .filter_map(|v| document(v, &resolver, diags))
            .collect()
    });
    let previous = table
        .get("previous")
        .and_then(|v| Table::new(v, "[previous]", PREVIOUS_KEYS, diags))
        .and_then(|t| {
            let source = super::previous::source(&t, diags);
            t.finish(diags);
            source
        });
    let soa = table
        .get("soa")
        .and_then(|v| Table::new(v, "[soa]", SOA_KEYS, diags))
        .and_then(|t| {
            let file = t.string("file", diags).map(Located::owned);
            t.finish(diags);
            file
        });
    table.finish(diags);
    Parts {
        catalogue,
        audit,
        team,
        agenda,
        samples,
        interviewees,
        opening,
        closing,
        documents,
        previous,
        soa,
        team_tables: team_tables.len(),
        incomplete,
    }
}

fn choose_catalogue<'c>(
    standard: &Located<String>,
    catalogues: &[&'c Catalogue],
    diags: &mut Diags,
) -> Option<&'c Catalogue> {
    let found = catalogues.iter().find(|c| c.id == standard.value).copied();
    if found.is_none() {
        let ids: Vec<&str> = catalogues.iter().map(|c| c.id.as_str()).collect();
        diags.push(
            Diagnostic::error(
                standard.span.clone(),
                format!("unknown standard \"{}\"", standard.value),
            )
            .with_hint(format!(
                "known: {}; another standard can be loaded with --catalogue FILE",
                ids.join(", ")
            )),
        );
    }
    found
}

fn audit(v: &Spanned<DeValue<'_>>, diags: &mut Diags) -> AuditParts {
    let Some(t) = Table::new(v, "[audit]", AUDIT_KEYS, diags) else {
        return AuditParts::default();
    };
    let id = t
        .string("id", diags)
        .map(Located::owned)
        .filter(|id| valid_id(id, diags));
    let parts = AuditParts {
        id,
        title: t.string("title", diags).map(|l| l.value.to_owned()),
        kind: t.required("kind", diags, |_, diags| {
            t.choice("kind", "audit kind", diags)
        }),
        standard: t.string("standard", diags).map(Located::owned),
        organisation: t.string("organisation", diags).map(|l| l.value.to_owned()),
        scope: t.string("scope", diags).map(|l| l.value.to_owned()),
        sites: values(t.strings("sites", diags)),
        criteria: t.text("criteria", diags).to_owned(),
        objectives: values(t.strings("objectives", diags)),
        start: t.required("start", diags, |v, diags| datetime(v, "start", diags)),
        end: t.required("end", diags, |v, diags| datetime(v, "end", diags)),
        certification_body: t
            .opt_string("certification_body", diags)
            .map(|l| l.value.to_owned()),
        minor_nc_days: t
            .number("minor_nc_days", 1..=3650, diags)
            .map_or(90, |l| l.value),
        major_nc_days: t
            .number("major_nc_days", 1..=3650, diags)
            .map_or(30, |l| l.value),
        language: t
            .opt_string("language", diags)
            .and_then(|l| known_language(&l, diags)),
    };
    t.finish(diags);
    parts
}

/// The language of the reports, if its words are built in (`en`, `fr`, in any case), as its
/// code; else an error naming those there are.
fn known_language(language: &Located<&str>, diags: &mut Diags) -> Option<String> {
    match crate::report::Words::built_in(language.value) {
        Ok(words) => Some(words.language().to_owned()),
        Err(unknown) => {
            diags.push(
                Diagnostic::error(
                    language.span.clone(),
                    format!("no report words in the language \"{}\"", language.value),
                )
                .with_hint(format!("the languages built in are {}", unknown.known)),
            );
            None
        }
    }
}

/// The audit id becomes a folder name: only lowercase letters, digits, `-` and `_`.
fn valid_id(id: &Located<String>, diags: &mut Diags) -> bool {
    let mut chars = id.value.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && id.value.len() <= 64;
    if !ok {
        diags.push(
            Diagnostic::error(id.span.clone(), format!("invalid audit id \"{}\"", id.value))
                .with_hint(
                    "the id names the record's folder: lowercase letters, digits, - and _, starting with a letter or digit, at most 64 characters",
                ),
        );
    }
    ok
}

/// Resolves references against the plan's catalogue, reporting those that do not resolve.
struct Resolver<'c> {
    catalogue: Option<&'c Catalogue>,
    /// The outcome for each reference as written, found once: a plan names the same controls
    /// many times, and an unknown one costs a "did you mean" search.
    seen: RefCell<HashMap<String, Result<&'c Entry, Unresolved>>>,
}

/// What is said about a reference that does not resolve.
#[derive(Clone)]
struct Unresolved {
    message: Arc<str>,
    hint: Option<Arc<str>>,
}

impl<'c> Resolver<'c> {
    fn new(catalogue: Option<&'c Catalogue>) -> Self {
        Resolver {
            catalogue,
            seen: RefCell::default(),
        }
    }

    /// The canonical id of a reference; without a catalogue the reference is kept as written.
    fn resolve<'a>(&self, r: Located<&'a str>, diags: &mut Diags) -> Option<Located<&'a str>>
    where
        'c: 'a,
    {
        let Some(catalogue) = self.catalogue else {
            return Some(r);
        };
        let mut seen = self.seen.borrow_mut();
        let outcome = match seen.get(r.value) {
            Some(outcome) => outcome,
            None => {
                let outcome = catalogue.resolve(r.value).map_err(|e| Unresolved {
                    message: e.message().into(),
                    hint: e.hint().map(Arc::from),
                });
                seen.entry(r.value.to_owned()).or_insert(outcome)
            }
        };
        match outcome {
            Ok(entry) => Some(Located {
                value: entry.id.as_str(),
                span: r.span,
            }),
            Err(Unresolved { message, hint }) => {
                diags.push(Diagnostic {
                    hint: hint.clone(),
                    ..Diagnostic::error(r.span, message.clone())
                });
                None
            }
        }
    }

    /// The canonical ids of references, copied.
    fn all(&self, refs: Vec<Located<&str>>, diags: &mut Diags) -> Vec<Located<String>> {
        refs.into_iter()
            .filter_map(|r| self.resolve(r, diags))
            .map(Located::owned)
            .collect()
    }
}

fn team_member(
    v: &Spanned<DeValue<'_>>,
    r: &Resolver<'_>,
    diags: &mut Diags,
) -> Option<MemberDraft> {
    let t = Table::new(v, "[[team]]", TEAM_KEYS, diags)?;
    let name = t.string("name", diags);
    let role = t.required("role", diags, |_, diags| {
        t.choice("role", "team role", diags)
    });
    let owns = r.all(t.strings("owns", diags), diags);
    t.finish(diags);
    Some(MemberDraft {
        name: name?.owned(),
        role,
        owns,
    })
}

fn agenda_item(
    v: &Spanned<DeValue<'_>>,
    r: &Resolver<'_>,
    diags: &mut Diags,
) -> Option<AgendaDraft> {
    let t = Table::new(v, "[[agenda]]", AGENDA_KEYS, diags)?;
    let day = t.number("day", 1..=31, diags);
    let start = t.required("start", diags, |s, diags| {
        when(s, "start", diags).map(|w| Spanned::new(s.span(), w))
    });
    let minutes = t.required("minutes", diags, |_, diags| {
        t.number("minutes", 1..=MAX_SLOT_MINUTES, diags)
    });
    let title = t.string("title", diags);
    let kind = t.required("kind", diags, |_, diags| {
        t.choice("kind", "agenda kind", diags)
    });
    let samples = r.all(t.strings("samples", diags), diags);
    let interviewee = t.opt_string("interviewee", diags);
    let auditor = t.opt_string("auditor", diags);
    t.finish(diags);
    let start = start?;
    if let (Some(day), When::At(_)) = (&day, start.get_ref()) {
        diags.push(
            Diagnostic::error(day.span.clone(), "`day` given with a start that has a date")
                .with_hint("give either `day` and a time of day, or a full date and time"),
        );
    }
    Some(AgendaDraft {
        day,
        item: AgendaItem {
            start: Located {
                value: NaiveDateTime::MIN,
                span: start.span(),
            },
            minutes: minutes?.value,
            title: title?.value.to_owned(),
            kind: kind?.value,
            samples,
            interviewee: interviewee.map(Located::owned),
            auditor: auditor.map(Located::owned),
        },
        start,
    })
}

fn sample<'a>(
    v: &'a Spanned<DeValue<'_>>,
    r: &Resolver<'a>,
    diags: &mut Diags,
) -> Option<SampleDraft<'a>> {
    let t = Table::new(v, "[[sample]]", SAMPLE_KEYS, diags)?;
    let written = t.string("ref", diags);
    let reference = written.clone().and_then(|l| r.resolve(l, diags));
    let bare = |list: Vec<Located<&'a str>>| list.into_iter().map(|l| l.value).collect();
    let why = t.text("why", diags);
    let owner = t.text("owner", diags);
    let evidence = bare(t.strings("evidence", diags));
    let questions = bare(t.strings("questions", diags));
    let auditor = t.opt_string("auditor", diags);
    t.finish(diags);
    Some(SampleDraft {
        reference: reference?,
        written: written?.value,
        why,
        owner,
        evidence,
        questions,
        auditor,
    })
}

fn interviewee(
    v: &Spanned<DeValue<'_>>,
    r: &Resolver<'_>,
    diags: &mut Diags,
) -> Option<Interviewee> {
    let t = Table::new(v, "[[interviewee]]", INTERVIEWEE_KEYS, diags)?;
    let name = t.string("name", diags);
    let role = t.text("role", diags);
    let department = t.text("department", diags);
    let topics = r.all(t.strings("topics", diags), diags);
    t.finish(diags);
    Some(Interviewee {
        name: name?.owned(),
        role: role.to_owned(),
        department: department.to_owned(),
        topics,
    })
}

fn meeting(
    v: Option<&Spanned<DeValue<'_>>>,
    name: &'static str,
    diags: &mut Diags,
) -> MeetingParts {
    let Some(t) = v.and_then(|v| Table::new(v, name, MEETING_KEYS, diags)) else {
        return MeetingParts::default();
    };
    let parts = MeetingParts {
        items: values(t.strings("items", diags)),
        replace: t.boolean("replace", diags).unwrap_or(false),
    };
    if parts.replace && parts.items.is_empty() {
        diags.push(
            Diagnostic::error(
                t.span(),
                format!("{name} replaces the default agenda with nothing"),
            )
            .with_hint("list the `items`, or drop `replace = true` to keep the defaults"),
        );
    }
    t.finish(diags);
    parts
}

fn document(v: &Spanned<DeValue<'_>>, r: &Resolver<'_>, diags: &mut Diags) -> Option<Document> {
    let t = Table::new(v, "[[document]]", DOCUMENT_KEYS, diags)?;
    let title = t.string("title", diags);
    let reference = t
        .opt_string("ref", diags)
        .and_then(|l| r.resolve(l, diags))
        .map(|l| l.value.to_owned());
    t.finish(diags);
    Some(Document {
        title: title?.value.to_owned(),
        reference,
    })
}

fn values(list: Vec<Located<&str>>) -> Vec<String> {
    list.into_iter().map(|l| l.value.to_owned()).collect()
}
