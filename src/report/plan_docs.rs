//! The documents an auditee receives before the audit, made from the plan alone (no record):
//! the audit plan as the auditee sees it (objectives, scope, criteria, the team, the timetable
//! with who is needed when, the meetings) and the evidence requests (per sample, what to
//! prepare, grouped by owner, with when it will be looked at).
//!
//! Neither shows a sample's `why` nor its `questions`: they are the auditor's reasons and
//! lines of enquiry (an earlier nonconformity, a weak spot suspected, a figure to check), and
//! an auditee who reads them beforehand prepares for exactly that, which defeats sampling.
//! What the auditee needs is what to have ready, and when. Nor do they show what the team
//! members own (`owns`), which is the team's own independence check.

use serde::Serialize;

use super::pdf;
use super::register::{Cell, Column, column, csv_table};
use super::render::{Template, render};
use super::words::Words;
use super::xlsx::{Sheet, workbook};
use super::{Format, Look, ReportError};
use crate::catalogue::Catalogue;
use crate::plan::{AgendaItem, AgendaKind, AuditKind, Plan};

/// The audit plan as the auditee receives it.
#[derive(Debug, Serialize)]
pub struct AuditeePlan {
    /// The language of the words (`en`).
    pub language: String,
    /// What the audit is.
    pub audit: AuditPart,
    /// The audit team: names and roles.
    pub team: Vec<TeamPart>,
    /// The timetable, day by day.
    pub days: Vec<DayPart>,
    /// The opening and closing meetings: when, and what they cover.
    pub meetings: Vec<MeetingPart>,
}

/// What the audit is, for whom, against what and when.
#[derive(Debug, Serialize)]
pub struct AuditPart {
    /// The audit's title.
    pub title: String,
    /// The audited organisation.
    pub client: String,
    /// The certification body, for third-party audits.
    pub certification_body: Option<String>,
    /// The kind of audit, as the plan writes it (`stage2`): a key of the `[kind]` words.
    pub kind: String,
    /// The standard's title.
    pub standard_title: String,
    /// The audit's days in words (`24–25 Nov 2026`).
    pub dates: String,
    /// The audit objectives.
    pub objectives: Vec<String>,
    /// The scope statement.
    pub scope: String,
    /// The sites covered.
    pub sites: Vec<String>,
    /// The audit criteria.
    pub criteria: String,
}

/// A member of the audit team.
#[derive(Debug, Serialize)]
pub struct TeamPart {
    /// Full name.
    pub name: String,
    /// The role as the plan writes it (`lead`): a key of the `[role]` words.
    pub role: String,
}

/// One day of the timetable.
#[derive(Debug, Serialize)]
pub struct DayPart {
    /// The audit's day number, from 1.
    pub number: i64,
    /// The date (ISO 8601).
    pub date: String,
    /// The day's slots, by start.
    pub slots: Vec<SlotPart>,
}

/// One timetable slot.
#[derive(Debug, Serialize)]
pub struct SlotPart {
    /// When it runs.
    pub when: When,
    /// What happens.
    pub title: String,
    /// The team member it is for; none when the whole team takes part.
    pub auditor: Option<String>,
    /// The auditee's people needed: the interviewee, or the owners of the samples looked at.
    pub needed: Vec<PersonPart>,
}

/// When a slot runs.
#[derive(Debug, Clone, Serialize)]
pub struct When {
    /// The audit's day number, from 1.
    pub day: i64,
    /// The date (ISO 8601).
    pub date: String,
    /// The start (`09:00`).
    pub start: String,
    /// The end (`09:30`).
    pub end: String,
}

/// Someone of the auditee's the audit needs.
#[derive(Debug, Serialize)]
pub struct PersonPart {
    /// The name, as the plan writes it.
    pub name: String,
    /// Their job title, when the plan gives it.
    pub role: String,
}

/// The opening or the closing meeting.
#[derive(Debug, Serialize)]
pub struct MeetingPart {
    /// `opening` or `closing`: a key of the `[meeting]` words.
    pub kind: String,
    /// The slots it is planned in.
    pub slots: Vec<When>,
    /// What it covers.
    pub agenda: Vec<String>,
}

/// What the auditee is asked to prepare, grouped by who owns it.
#[derive(Debug, Serialize)]
pub struct EvidenceRequests {
    /// The language of the words (`en`).
    pub language: String,
    /// What the audit is.
    pub audit: AuditPart,
    /// One group an owner, in the order the plan first names them; the samples without an
    /// owner last.
    pub groups: Vec<OwnerGroup>,
}

/// The samples one owner prepares for.
#[derive(Debug, Serialize)]
pub struct OwnerGroup {
    /// The owner as the plan writes them; none for the samples whose owner is not named.
    pub owner: Option<String>,
    /// Their samples, in the plan's order.
    pub samples: Vec<RequestPart>,
}

/// What to prepare for one sample.
#[derive(Debug, Serialize)]
pub struct RequestPart {
    /// The clause or control (`A.8.15`).
    pub reference: String,
    /// Its title in the catalogue.
    pub title: String,
    /// What to have ready.
    pub evidence: Vec<String>,
    /// When it will be looked at.
    pub slots: Vec<When>,
}

impl AuditeePlan {
    /// The auditee's copy of `plan`, with titles from `catalogue`.
    pub fn build(plan: &Plan, catalogue: &Catalogue, words: &Words) -> AuditeePlan {
        let mut days: Vec<DayPart> = Vec::new();
        for item in &plan.agenda {
            let when = when(plan, item);
            let slot = SlotPart {
                title: item.title.clone(),
                auditor: item.auditor.as_ref().map(|a| a.value.clone()),
                needed: needed(plan, item),
                when: when.clone(),
            };
            match days.last_mut() {
                Some(day) if day.number == when.day => day.slots.push(slot),
                _ => days.push(DayPart {
                    number: when.day,
                    date: when.date,
                    slots: vec![slot],
                }),
            }
        }
        let meeting = |kind: AgendaKind, agenda: &[String]| MeetingPart {
            kind: agenda_word(kind).to_owned(),
            slots: (plan.agenda.iter())
                .filter(|i| i.kind == kind)
                .map(|i| when(plan, i))
                .collect(),
            agenda: agenda.to_vec(),
        };
        AuditeePlan {
            language: words.language().to_owned(),
            audit: audit_part(plan, catalogue, words),
            team: (plan.team.iter())
                .map(|m| TeamPart {
                    name: m.name.value.clone(),
                    role: super::context::role_word(m.role.value).to_owned(),
                })
                .collect(),
            days,
            meetings: vec![
                meeting(AgendaKind::Opening, &plan.opening),
                meeting(AgendaKind::Closing, &plan.closing),
            ],
        }
    }
}

impl EvidenceRequests {
    /// The evidence requests of `plan`, with titles from `catalogue`.
    pub fn build(plan: &Plan, catalogue: &Catalogue, words: &Words) -> EvidenceRequests {
        let mut groups: Vec<OwnerGroup> = Vec::new();
        for sample in &plan.samples {
            let owner = Some(sample.owner.trim().to_owned()).filter(|o| !o.is_empty());
            let reference = &sample.reference.value;
            let request = RequestPart {
                reference: reference.clone(),
                title: catalogue
                    .get(reference)
                    .map(|e| e.title.clone())
                    .unwrap_or_default(),
                evidence: sample.evidence.clone(),
                slots: (plan.agenda.iter())
                    .filter(|i| i.samples.iter().any(|s| s.value == *reference))
                    .map(|i| when(plan, i))
                    .collect(),
            };
            match groups.iter_mut().find(|g| g.owner == owner) {
                Some(group) => group.samples.push(request),
                None => groups.push(OwnerGroup {
                    owner,
                    samples: vec![request],
                }),
            }
        }
        groups.sort_by_key(|g| g.owner.is_none());
        EvidenceRequests {
            language: words.language().to_owned(),
            audit: audit_part(plan, catalogue, words),
            groups,
        }
    }
}

/// The auditee's copy of the plan in `format` (Markdown, HTML or Word).
pub fn produce_auditee_plan(
    format: Format,
    plan: &AuditeePlan,
    look: &Look,
) -> Result<Vec<u8>, ReportError> {
    let template = match format {
        Format::Md => Template::PlanMarkdown,
        Format::Html => Template::PlanHtml,
        Format::Pdf => return pdf::pdf(pdf::Template::Plan, plan, look),
        Format::Docx => return super::plan_docx::auditee_plan(plan, look.words),
        _ => {
            return Err(ReportError::Unsupported(
                "the auditee's plan",
                "md, html, pdf or docx",
            ));
        }
    };
    render(template, plan, look.words, &look.templates).map(String::into_bytes)
}

/// The evidence requests in `format` (Markdown, HTML, PDF, Word, CSV or XLSX: one row a
/// requested item).
pub fn produce_evidence_requests(
    format: Format,
    requests: &EvidenceRequests,
    look: &Look,
) -> Result<Vec<u8>, ReportError> {
    let words = look.words;
    let rendered =
        |template| render(template, requests, words, &look.templates).map(String::into_bytes);
    match format {
        Format::Md => rendered(Template::RequestsMarkdown),
        Format::Html => rendered(Template::RequestsHtml),
        Format::Pdf => pdf::pdf(pdf::Template::Requests, requests, look),
        Format::Csv => Ok(csv_table(
            COLUMNS.map(|c| words.get("requests", c.key)),
            rows(requests, words),
        )?),
        Format::Xlsx => Ok(workbook(
            &Sheet {
                name: words.get("requests", "sheet"),
                columns: &COLUMNS,
                headings: COLUMNS
                    .iter()
                    .map(|c| words.get("requests", c.key))
                    .collect(),
                cut: words.get("register", "cut"),
            },
            rows(requests, words),
        )?),
        Format::Docx => super::plan_docx::evidence_requests(requests, words),
        Format::Json => Err(ReportError::Unsupported(
            "the evidence requests",
            "md, html, pdf, docx, csv or xlsx",
        )),
    }
}

/// The columns of the evidence requests' spreadsheet: headings in `[requests]`.
const COLUMNS: [Column; 5] = [
    column("owner", 30.0, true),
    column("sample", 10.0, false),
    column("title", 36.0, true),
    column("item", 50.0, true),
    column("when", 28.0, true),
];

/// One row a requested item, in [`COLUMNS`] order.
fn rows<'a>(
    requests: &'a EvidenceRequests,
    words: &'a Words,
) -> impl Iterator<Item = [Cell; 5]> + 'a {
    requests.groups.iter().flat_map(move |group| {
        let owner = (group.owner.as_deref()).unwrap_or(words.get("plan", "no_owner"));
        group.samples.iter().flat_map(move |sample| {
            let when = match sample.slots.as_slice() {
                [] => words.get("plan", "not_scheduled").to_owned(),
                slots => (slots.iter())
                    .map(|w| {
                        format!(
                            "{} {} {} {}–{}",
                            words.get("plan", "day"),
                            w.day,
                            w.date,
                            w.start,
                            w.end
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            sample.evidence.iter().map(move |item| {
                [
                    Cell::Text(owner.to_owned()),
                    Cell::Text(sample.reference.clone()),
                    Cell::Text(sample.title.clone()),
                    Cell::Text(item.clone()),
                    Cell::Text(when.clone()),
                ]
            })
        })
    })
}

fn audit_part(plan: &Plan, catalogue: &Catalogue, words: &Words) -> AuditPart {
    let audit = &plan.audit;
    AuditPart {
        title: audit.title.clone(),
        client: audit.organisation.clone(),
        certification_body: audit.certification_body.clone(),
        kind: (AuditKind::ALL.iter())
            .find(|(k, _)| *k == audit.kind.value)
            .map_or("", |(_, word)| word)
            .to_owned(),
        standard_title: catalogue.title.clone(),
        dates: words.day_span(audit.start.value.date(), audit.end.value.date()),
        objectives: audit.objectives.clone(),
        scope: audit.scope.clone(),
        sites: audit.sites.clone(),
        criteria: audit.criteria.clone(),
    }
}

/// When `item` runs, its day counted from the audit's first.
fn when(plan: &Plan, item: &AgendaItem) -> When {
    let start = item.start.value;
    When {
        day: (start.date() - plan.audit.start.value.date()).num_days() + 1,
        date: start.date().to_string(),
        start: start.format("%H:%M").to_string(),
        end: item.end().format("%H:%M").to_string(),
    }
}

/// The auditee's people `item` needs: its interviewee, or the owners of its samples (each
/// once, in the slot's order).
fn needed(plan: &Plan, item: &AgendaItem) -> Vec<PersonPart> {
    if let Some(name) = &item.interviewee {
        let role = (plan.interviewees.iter())
            .find(|i| i.name.value == name.value)
            .map(|i| i.role.clone())
            .unwrap_or_default();
        return vec![PersonPart {
            name: name.value.clone(),
            role,
        }];
    }
    let mut people: Vec<PersonPart> = Vec::new();
    for reference in &item.samples {
        let owners = (plan.samples.iter())
            .filter(|s| s.reference.value == reference.value)
            .map(|s| s.owner.trim())
            .filter(|o| !o.is_empty());
        for owner in owners {
            if !people.iter().any(|p| p.name == owner) {
                people.push(PersonPart {
                    name: owner.to_owned(),
                    role: String::new(),
                });
            }
        }
    }
    people
}

/// The word a plan uses for an agenda kind.
fn agenda_word(kind: AgendaKind) -> &'static str {
    AgendaKind::ALL
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, word)| word)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
[audit]
id = "t"
title = "T"
kind = "stage2"
standard = "iso27001-2022"
organisation = "Org"
scope = "All"
start = 2026-11-24T09:00:00
end = 2026-11-25T17:00:00

[[team]]
name = "Priya Shah"
role = "lead"

[[team]]
name = "Tom Whitfield"
role = "auditor"

[[agenda]]
start = "09:00"
minutes = 30
title = "Opening meeting"
kind = "opening"

[[agenda]]
start = "09:30"
minutes = 60
title = "Logs and backups"
kind = "samples"
samples = ["A.8.15", "A.8.13", "A.5.15"]
auditor = "Tom Whitfield"

[[agenda]]
day = 2
start = "10:00"
minutes = 45
title = "Interview"
kind = "interview"
interviewee = "Dana Okafor"

[[agenda]]
day = 2
start = "16:00"
minutes = 60
title = "Closing meeting"
kind = "closing"

[[sample]]
ref = "A.8.15"
owner = "Sam Price"
evidence = ["Logging standard"]

[[sample]]
ref = "A.8.13"
evidence = ["Restore tests"]

[[sample]]
ref = "A.5.15"
owner = "Sam Price"
evidence = ["Access policy", "Role matrix"]

[[sample]]
ref = "A.6.3"
owner = "Jane Fenwick"
evidence = ["Training report"]

[[interviewee]]
name = "Dana Okafor"
role = "Service Desk Lead"
"#;

    fn plan() -> Plan {
        let catalogue = Catalogue::iso27001_2022();
        let checked = crate::plan::check(PLAN.as_bytes(), &[catalogue]);
        checked.plan.expect("the test plan is valid")
    }

    #[test]
    fn the_timetable_is_by_day_with_who_is_needed() {
        let plan = plan();
        let doc = AuditeePlan::build(&plan, Catalogue::iso27001_2022(), Words::english());
        let days: Vec<(i64, usize)> = doc.days.iter().map(|d| (d.number, d.slots.len())).collect();
        assert_eq!(days, [(1, 2), (2, 2)]);
        let samples = &doc.days[0].slots[1];
        assert_eq!(samples.auditor.as_deref(), Some("Tom Whitfield"));
        let names: Vec<&str> = samples.needed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Sam Price"],
            "each owner once, none for an unowned sample"
        );
        let interview = &doc.days[1].slots[0];
        assert_eq!(interview.needed[0].name, "Dana Okafor");
        assert_eq!(interview.needed[0].role, "Service Desk Lead");
        assert_eq!(
            (interview.when.start.as_str(), interview.when.end.as_str()),
            ("10:00", "10:45")
        );
        assert_eq!(doc.meetings[1].slots[0].day, 2);
    }

    #[test]
    fn requests_are_grouped_by_owner_with_the_unowned_last() {
        let plan = plan();
        let doc = EvidenceRequests::build(&plan, Catalogue::iso27001_2022(), Words::english());
        let groups: Vec<(Option<&str>, Vec<&str>)> = (doc.groups.iter())
            .map(|g| {
                (
                    g.owner.as_deref(),
                    g.samples.iter().map(|s| s.reference.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                (Some("Sam Price"), vec!["A.8.15", "A.5.15"]),
                (Some("Jane Fenwick"), vec!["A.6.3"]),
                (None, vec!["A.8.13"]),
            ]
        );
        assert_eq!(doc.groups[0].samples[0].title, "Logging");
        assert_eq!(doc.groups[1].samples[0].slots.len(), 0);
        let words = Words::english();
        let rows: Vec<[Cell; 5]> = rows(&doc, words).collect();
        assert_eq!(rows.len(), 5);
        let Cell::Text(when) = &rows[0][4] else {
            panic!("text")
        };
        assert_eq!(when, "Day 1 2026-11-24 09:30–10:30");
        let Cell::Text(owner) = &rows[4][0] else {
            panic!("text")
        };
        assert_eq!(owner, "Owner not named");
    }
}
