//! The rules that relate a plan's parts to each other and to the kind of audit: a team with one
//! lead, a timetable that fits the audit, samples that are not planned twice, and the warnings
//! an experienced lead auditor would give when reviewing the plan.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDateTime;

use super::annex_reading;
use super::fields::{Diags, When};
use super::independence::owns_sample;
use super::lookups::Lookups;
use super::model::{AgendaItem, AuditInfo, AuditKind, Document, Located, Plan, Role, TeamMember};
use super::overlap;
use super::parse::{AgendaDraft, MeetingParts, MemberDraft, Parts, SampleDraft};
use crate::diagnostic::{Diagnostic, LineIndex};

const DEFAULT_OPENING: &str = include_str!("../../assets/meetings/opening.txt");
const DEFAULT_CLOSING: &str = include_str!("../../assets/meetings/closing.txt");

/// The clauses every Stage 2 and recertification audit must look at: the management-system
/// loop of internal audit, management review and corrective action.
const LOOP_CLAUSES: [(&str, &str); 3] = [
    ("9.2", "internal audit"),
    ("9.3", "management review"),
    ("10.2", "nonconformity and corrective action"),
];

/// Applies every cross-part rule and, when no error was found, assembles the plan.
pub(super) fn apply(parts: Parts<'_>, source: &str, diags: &mut Diags) -> Option<Plan> {
    // The lookups borrow the parts, which the plan takes apart below.
    let agenda = {
        let found = Lookups::new(&parts);
        check_team(&parts, source, diags);
        check_samples(&parts, &found, source, diags);
        check_interviewees(&parts, source, diags);
        let agenda = timetable(&parts, &found, diags);
        let slots = agenda.as_deref().unwrap_or_default();
        check_assignments(&found, slots, diags);
        annex_reading::check(&parts, slots, diags);
        check_kind_warnings(&parts, &found, slots, diags);
        agenda
    };
    if diags.has_errors() {
        return None;
    }
    let Parts {
        catalogue,
        audit,
        team,
        samples,
        interviewees,
        opening,
        closing,
        documents,
        previous,
        soa,
        ..
    } = parts;
    let team = team
        .into_iter()
        .map(|m| {
            Some(TeamMember {
                name: m.name,
                role: m.role?,
                owns: m.owns,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let documents = documents.unwrap_or_else(|| {
        catalogue
            .map(|c| {
                c.mandatory
                    .iter()
                    .map(|m| Document {
                        title: m.text.clone(),
                        reference: Some(m.clause.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    Some(Plan {
        audit: AuditInfo {
            id: audit.id?,
            title: audit.title?,
            kind: audit.kind?,
            standard: audit.standard?.value,
            organisation: audit.organisation?,
            scope: audit.scope?,
            sites: audit.sites,
            criteria: audit.criteria,
            objectives: audit.objectives,
            start: audit.start?,
            end: audit.end?,
            certification_body: audit.certification_body,
            minor_nc_days: audit.minor_nc_days,
            major_nc_days: audit.major_nc_days,
            language: audit.language,
        },
        team,
        agenda: agenda?,
        samples: samples.into_iter().map(SampleDraft::into_sample).collect(),
        interviewees,
        opening: meeting_items(DEFAULT_OPENING, opening),
        closing: meeting_items(DEFAULT_CLOSING, closing),
        documents,
        previous: previous.map(|source| super::previous::Previous {
            source,
            audit: None,
        }),
        soa: soa.map(|file| super::soa::PlanSoa {
            file,
            checked: None,
        }),
    })
}

fn meeting_items(defaults: &str, parts: MeetingParts) -> Vec<String> {
    let mut items: Vec<String> = if parts.replace {
        Vec::new()
    } else {
        defaults
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    items.extend(parts.items);
    items
}

fn check_team(parts: &Parts<'_>, source: &str, diags: &mut Diags) {
    if parts.team.is_empty() {
        if parts.team_tables == 0 {
            diags.push(
                Diagnostic::error(0..0, "the plan has no audit team")
                    .with_hint("add a [[team]] with `name` and `role = \"lead\"`"),
            );
        }
        return;
    }
    let leads: Vec<&Located<Role>> = parts
        .team
        .iter()
        .filter_map(|m| m.role.as_ref())
        .filter(|r| r.value == Role::Lead)
        .collect();
    // A role that could not be read may be the lead's (`"Lead Auditor"`), and so may a member
    // that could not be read at all: its error is said already, and saying the team has no
    // lead as well would send the auditor looking for a second problem that is not there.
    // Once it is fixed, a team still without a lead is reported then.
    let unread =
        parts.team.len() < parts.team_tables || parts.team.iter().any(|m| m.role.is_none());
    match leads.as_slice() {
        [] if unread => {}
        [] => diags.push(
            Diagnostic::error(
                parts.team[0].role.as_ref().map_or(0..0, |r| r.span.clone()),
                "the audit team has no lead auditor",
            )
            .with_hint("give one team member `role = \"lead\"`"),
        ),
        [_] => {}
        [_, rest @ ..] => {
            for extra in rest {
                diags.push(
                    Diagnostic::error(
                        extra.span.clone(),
                        "the audit team has more than one lead auditor",
                    )
                    .with_hint("one person leads the audit; make the others \"auditor\""),
                );
            }
        }
    }
    duplicates(
        parts.team.iter().map(|m| &m.name),
        "team member",
        source,
        diags,
    );
}

fn check_samples(parts: &Parts<'_>, found: &Lookups<'_>, source: &str, diags: &mut Diags) {
    duplicates(
        parts.samples.iter().map(|s| &s.reference),
        "sample of",
        source,
        diags,
    );
    for s in &parts.samples {
        found.check_in_team(s.auditor.as_ref(), diags);
    }
}

fn check_interviewees(parts: &Parts<'_>, source: &str, diags: &mut Diags) {
    duplicates(
        parts.interviewees.iter().map(|i| &i.name),
        "interviewee",
        source,
        diags,
    );
}

/// Reports the second and later occurrences of the same value. All duplicates of one value
/// say the same thing, so the message and the hint are made once and copied.
fn duplicates<'a, S: AsRef<str> + 'a>(
    values: impl Iterator<Item = &'a Located<S>>,
    what: &str,
    source: &str,
    diags: &mut Diags,
) {
    let mut first: HashMap<&str, (&Located<S>, Option<Diagnostic>)> = HashMap::new();
    let mut index = None;
    for v in values {
        let value = v.value.as_ref();
        if let Some((earlier, said)) = first.get_mut(value) {
            let said = said.get_or_insert_with(|| {
                let index = index.get_or_insert_with(|| LineIndex::new(source));
                let at = index.line_col(earlier.span.start);
                Diagnostic::error(0..0, format!("duplicate {what} {value}")).with_hint(format!(
                    "first given at line {}, column {}; merge the two",
                    at.line, at.col
                ))
            });
            diags.push(Diagnostic {
                span: v.span.clone(),
                ..said.clone()
            });
        } else {
            first.insert(value, (v, None));
        }
    }
}

/// Places each agenda item on its day, sorts the timetable and checks that it fits the audit's
/// dates, has no overlaps and names only planned samples and listed interviewees.
fn timetable(parts: &Parts<'_>, found: &Lookups<'_>, diags: &mut Diags) -> Option<Vec<AgendaItem>> {
    let start = parts.audit.start.as_ref();
    let mut end = parts.audit.end.as_ref();
    if let (Some(s), Some(e)) = (start, end)
        && e.value <= s.value
    {
        end = None;
        diags.push(
            Diagnostic::error(e.span.clone(), "the audit must end after it starts")
                .with_hint(format!("`start` is {}", s.value.format("%Y-%m-%d %H:%M"))),
        );
    }
    let first_day = start?.value.date();
    let mut placed: Vec<(AgendaItem, bool)> = parts
        .agenda
        .iter()
        .map(|d| (place(d, first_day), dayless(d)))
        .collect();
    placed.sort_by_key(|(i, _)| i.start.value);
    let (items, dayless): (Vec<AgendaItem>, Vec<bool>) = placed.into_iter().unzip();
    let audit = start.zip(end).map(|(s, e)| s.value..e.value);
    let mut day_hints_left = MAX_DAY_HINTS;
    for (k, clash) in overlap::first_clashes(&items).into_iter().enumerate() {
        let Some(j) = clash else {
            continue;
        };
        let (later, earlier) = (&items[k], &items[j]);
        let forgotten = match &audit {
            Some(audit) if day_hints_left > 0 => {
                day_hints_left -= 1;
                // A plan is written in the order of its days: of two slots, the one written
                // later is the one that may belong to a later day.
                let written_later = if later.start.span.start > earlier.start.span.start {
                    k
                } else {
                    j
                };
                Some(written_later)
                    .filter(|&i| dayless[i])
                    .and_then(|i| free_day(&items, i, audit).map(|day| (i, day)))
            }
            _ => None,
        };
        let hint = match forgotten {
            Some((i, day)) if i == k => format!(
                "did you forget `day = {day}`? without `day` a slot is on the audit's first day"
            ),
            Some((_, day)) => format!(
                "did you forget `day = {day}` on \"{}\"? without `day` a slot is on the audit's first day",
                earlier.title
            ),
            None => "move one or shorten it; slots may overlap only when each names a different `auditor`".to_string(),
        };
        diags.push(
            Diagnostic::error(
                later.start.span.clone(),
                format!(
                    "agenda item \"{}\" overlaps \"{}\" ({}–{})",
                    later.title,
                    earlier.title,
                    earlier.start.value.format("%H:%M"),
                    earlier.end().format("%H:%M")
                ),
            )
            .with_hint(hint),
        );
    }
    for item in &items {
        found.check_in_team(item.auditor.as_ref(), diags);
    }
    for item in &items {
        if let (Some(s), Some(e)) = (start, end)
            && (item.start.value < s.value || item.end() > e.value)
        {
            diags.push(
                Diagnostic::error(
                    item.start.span.clone(),
                    format!(
                        "agenda item \"{}\" ({} to {}) is outside the audit",
                        item.title,
                        item.start.value.format("%Y-%m-%d %H:%M"),
                        item.end().format("%H:%M")
                    ),
                )
                .with_hint(format!(
                    "the audit runs from {} to {}",
                    s.value.format("%Y-%m-%d %H:%M"),
                    e.value.format("%Y-%m-%d %H:%M")
                )),
            );
        }
        if parts.incomplete {
            continue;
        }
        for r in &item.samples {
            if found.sample_auditor(&r.value).is_none() {
                diags.push(
                    Diagnostic::error(
                        r.span.clone(),
                        format!("{} is not a planned sample", r.value),
                    )
                    .with_hint(
                        "add a [[sample]] with this `ref`, or remove it from the agenda item",
                    ),
                );
            }
        }
        if let Some(who) = &item.interviewee {
            found.check_interviewee(who, diags);
        }
    }
    Some(items)
}

/// How many overlaps are looked at for a forgotten `day`, each a search of the timetable: a
/// plan with more has a bigger problem than one forgotten line.
const MAX_DAY_HINTS: usize = 200;

/// Whether a slot is on the first day only because it gives no `day`: a time of day without
/// one.
fn dayless(draft: &AgendaDraft) -> bool {
    draft.day.is_none() && matches!(draft.start.get_ref(), When::TimeOfDay(_))
}

/// The first later day of the audit on which `slots[i]` (on the first day) would fit inside
/// the audit and overlap no slot of the same people, if there is one.
fn free_day(slots: &[AgendaItem], i: usize, audit: &Range<NaiveDateTime>) -> Option<u32> {
    let slot = &slots[i];
    let days = (audit.end.date() - audit.start.date()).num_days() + 1;
    (2..=days.min(31))
        .map(|day| (day, slot.start.value + chrono::Days::new(day as u64 - 1)))
        .find(|&(_, at)| {
            at >= audit.start
                && at + chrono::Duration::minutes(i64::from(slot.minutes)) <= audit.end
                && !overlap::clashes_at(slots, i, at)
        })
        .map(|(day, _)| day as u32)
}

fn place(draft: &AgendaDraft, first_day: chrono::NaiveDate) -> AgendaItem {
    let start = match draft.start.get_ref() {
        When::At(at) => *at,
        When::TimeOfDay(t) => {
            let day = draft.day.as_ref().map_or(1, |d| d.value);
            (first_day + chrono::Days::new(u64::from(day - 1))).and_time(*t)
        }
    };
    AgendaItem {
        start: Located {
            value: start,
            span: draft.start.span(),
        },
        ..draft.item.clone()
    }
}

/// An agenda slot for one auditor that covers a sample assigned to another contradicts itself.
fn check_assignments(found: &Lookups<'_>, slots: &[AgendaItem], diags: &mut Diags) {
    for slot in slots {
        let Some(slot_auditor) = &slot.auditor else {
            continue;
        };
        for r in &slot.samples {
            let assigned = found.sample_auditor(&r.value).flatten();
            if let Some(a) = assigned
                && a.value != slot_auditor.value
            {
                diags.push(
                    Diagnostic::warning(
                        r.span.clone(),
                        format!(
                            "the agenda gives {} to {}, but the sample names {}",
                            r.value, slot_auditor.value, a.value
                        ),
                    )
                    .with_hint("make the slot's `auditor` and the sample's `auditor` agree"),
                );
            }
        }
    }
}

fn check_kind_warnings(
    parts: &Parts<'_>,
    found: &Lookups<'_>,
    slots: &[AgendaItem],
    diags: &mut Diags,
) {
    let Some(kind) = &parts.audit.kind else {
        return;
    };
    let sampled = |prefix: &str| {
        parts.samples.iter().any(|s| {
            s.reference.value == prefix || s.reference.value.starts_with(&format!("{prefix}."))
        })
    };
    match kind.value {
        AuditKind::Stage2 | AuditKind::Recertification if !parts.incomplete => {
            for (clause, what) in LOOP_CLAUSES {
                if !sampled(clause) {
                    diags.push(
                        Diagnostic::warning(
                            kind.span.clone(),
                            format!(
                                "a {} audit that does not sample {clause} ({what})",
                                kind.value.label()
                            ),
                        )
                        .with_hint(format!("add a [[sample]] with ref = \"{clause}\"")),
                    );
                }
            }
            if let Some(catalogue) = parts.catalogue {
                for theme in &catalogue.themes {
                    if !sampled(&theme.id) {
                        diags.push(
                            Diagnostic::warning(
                                kind.span.clone(),
                                format!(
                                    "no control of theme {} {} is sampled",
                                    theme.id, theme.title
                                ),
                            )
                            .with_hint("a certification audit samples every Annex A theme"),
                        );
                    }
                }
            }
        }
        AuditKind::Stage1 if parts.documents.as_ref().is_none_or(Vec::is_empty) => diags.push(
            Diagnostic::warning(
                kind.span.clone(),
                "a Stage 1 plan with no [[document]] review list",
            )
            .with_hint("the standard's mandatory documented information will be listed instead"),
        ),
        AuditKind::Internal => independence(found, &parts.samples, slots, diags),
        _ => {}
    }
}

/// Clause 9.2.2: auditors must not audit their own work. Warns when someone who will audit a
/// sample (named on the sample, or on an agenda slot covering it, or the only auditor) owns its
/// control or clause (or a clause above it), or is named as the sample's owner.
fn independence(
    found: &Lookups<'_>,
    samples: &[SampleDraft<'_>],
    slots: &[AgendaItem],
    diags: &mut Diags,
) {
    let auditing: Vec<&MemberDraft> = found
        .team()
        .iter()
        .filter(|m| {
            m.role
                .as_ref()
                .is_some_and(|r| matches!(r.value, Role::Lead | Role::Auditor | Role::Trainee))
        })
        .collect();
    let member = |name: &str| found.member(name);
    // Who the agenda has audit each sample, by reference: each member once, where first named.
    let mut by_slots: HashMap<&str, Vec<(&MemberDraft, Range<usize>)>> = HashMap::new();
    for slot in slots {
        let Some(m) = slot.auditor.as_ref().and_then(|a| member(&a.value)) else {
            continue;
        };
        for r in &slot.samples {
            let named = by_slots.entry(r.value.as_str()).or_default();
            if !named.iter().any(|(x, _)| x.name.value == m.name.value) {
                named.push((m, r.span.clone()));
            }
        }
    }
    for s in samples {
        let mut auditors: Vec<(&MemberDraft, Range<usize>)> = s
            .auditor
            .iter()
            .filter_map(|a| member(a.value).map(|m| (m, a.span.clone())))
            .collect();
        let by_slot = by_slots.get(s.reference.value).into_iter().flatten();
        for (m, at) in by_slot {
            if !auditors.iter().any(|(x, _)| x.name.value == m.name.value) {
                auditors.push((m, at.clone()));
            }
        }
        if auditors.is_empty()
            && let [only] = auditing.as_slice()
        {
            auditors.push((only, s.reference.span.clone()));
        }
        for (auditor, at) in auditors {
            let owns = auditor.owns.iter().map(|o| o.value.as_str());
            if owns_sample(&auditor.name.value, owns, s.reference.value, s.owner) {
                diags.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "{} would audit {}, which they own (independence, clause 9.2.2)",
                            auditor.name.value, s.reference.value
                        ),
                    )
                    .with_hint("assign the sample to an auditor who does not own the process"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_meetings_come_from_assets_and_can_be_extended_or_replaced() {
        let opening = meeting_items(DEFAULT_OPENING, MeetingParts::default());
        assert_eq!(opening.len(), 12);
        assert_eq!(
            opening[0],
            "Introduce the audit team and the attendees, and their roles"
        );
        let extended = meeting_items(
            DEFAULT_CLOSING,
            MeetingParts {
                items: vec!["Agree the date of the follow-up visit".into()],
                replace: false,
            },
        );
        assert_eq!(extended.len(), 10);
        assert_eq!(extended[9], "Agree the date of the follow-up visit");
        let replaced = meeting_items(
            DEFAULT_CLOSING,
            MeetingParts {
                items: vec!["Findings".into()],
                replace: true,
            },
        );
        assert_eq!(replaced, ["Findings"]);
    }
}
