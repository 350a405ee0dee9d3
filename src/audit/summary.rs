//! The summary of an audit that the closing meeting, `auditday record` and the reports read:
//! one value, built from the state and the plan, so that they cannot tell different stories.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ulid::Ulid;

use super::event::{Corroboration, Grade, Meeting, Recommendation};
use super::findings::{FindingCounts, Number, lead_auditor};
use super::samples::{SampleProgress, SampleStatus};
use super::state::{AuditState, DamagedEvent};
use crate::plan::{AuditKind, Plan};

/// What an audit's record amounts to, as the closing meeting presents it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditSummary {
    /// The plan's audit id.
    pub audit: String,
    /// The audit's title.
    pub title: String,
    /// The kind of audit.
    pub kind: AuditKind,
    /// Standing findings by grade, and how many were withdrawn.
    pub counts: FindingCounts,
    /// Whether the finding numbers have been fixed (else every number is provisional).
    pub numbers_fixed: bool,
    /// Every finding, withdrawn ones included, in the order raised.
    pub findings: Vec<FindingSummary>,
    /// How far the sampling went.
    pub samples: SamplesSummary,
    /// The interviews, in the order they started.
    pub interviews: Vec<InterviewSummary>,
    /// The opening and closing meetings.
    pub meetings: Vec<MeetingSummary>,
    /// The recommendation.
    pub recommendation: RecommendationSummary,
    /// Diverging opinions recorded.
    pub diverging_opinions: usize,
    /// Drafts not yet committed.
    pub drafts: usize,
    /// Events kept in the record that this version cannot read.
    pub not_understood: usize,
    /// Events kept in the record whose payload is not JSON: damaged lines.
    pub damaged_events: Vec<DamagedEvent>,
}

/// One finding as presented.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingSummary {
    /// Its id (the id of the event that raised it).
    pub id: Ulid,
    /// Its number, whether it is fixed, and what it was before a regrade.
    #[serde(flatten)]
    pub number: Number,
    /// Its grade.
    pub grade: Grade,
    /// The sample it was raised on.
    pub sample: Option<String>,
    /// Clauses and controls it refers to.
    pub references: Vec<String>,
    /// The requirement.
    pub requirement: String,
    /// The first line of the statement, for lists.
    pub headline: String,
    /// The whole statement.
    pub statement: String,
    /// What was seen.
    pub objective_evidence: String,
    /// The evidence items it rests on.
    pub evidence: Vec<Ulid>,
    /// The interviews it cites.
    pub interviews: Vec<Ulid>,
    /// Who raised it.
    pub raised_by: String,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
    /// Who withdrew it, when and why, if it was withdrawn.
    pub withdrawn: Option<Withdrawal>,
}

/// A finding's withdrawal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Withdrawal {
    /// Who withdrew it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// How far the sampling went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SamplesSummary {
    /// Samples concluded (conforming, finding raised, not assessed).
    pub done: usize,
    /// All samples, planned and unplanned.
    pub total: usize,
    /// How many samples stand at each status, by its label.
    pub by_status: BTreeMap<&'static str, usize>,
    /// The samples not assessed, with the reason: (reference, reason).
    pub not_assessed: Vec<(String, String)>,
    /// Every sample's progress.
    pub list: Vec<SampleProgress>,
}

/// One interview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterviewSummary {
    /// Its id.
    pub id: Ulid,
    /// Who was interviewed.
    pub interviewee: String,
    /// Their job title or function.
    pub role: String,
    /// Their department, when the plan does not name them.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub department: String,
    /// When it started.
    pub started: DateTime<Utc>,
    /// When it ended, if it did.
    pub ended: Option<DateTime<Utc>>,
    /// Notes taken.
    pub notes: usize,
    /// The clauses and controls it touched.
    pub controls: Vec<String>,
    /// How what was said compares with the records, per control.
    pub corroborations: Vec<Corroboration>,
}

/// One meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingSummary {
    /// Which meeting.
    pub meeting: Meeting,
    /// When it started.
    pub started: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended: Option<DateTime<Utc>>,
    /// How many attended.
    pub attendees: usize,
}

/// The recommendation, as stated and as it follows from the findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecommendationSummary {
    /// What follows from the standing findings.
    pub follows: Recommendation,
    /// What the audit team stated, if it did.
    pub stated: Option<Recommendation>,
    /// Who stated it.
    pub stated_by: Option<String>,
    /// The one that stands: the stated one, else the one that follows.
    pub effective: Recommendation,
    /// Whether the stated one differs from the one that follows.
    pub overridden: bool,
    /// Why it differs, as stated.
    pub justification: String,
}

impl AuditSummary {
    /// The summary of `state`, an audit of `plan`.
    pub fn of(plan: &Plan, state: &AuditState) -> AuditSummary {
        let kind = plan.audit.kind.value;
        let lead = lead_auditor(plan);
        let findings = state
            .findings(lead)
            .into_iter()
            .map(|f| {
                let c = f.item.content;
                FindingSummary {
                    id: f.item.id,
                    grade: c.grade,
                    sample: c.sample.clone(),
                    references: c.references.clone(),
                    requirement: c.requirement.clone(),
                    headline: c.statement.lines().next().unwrap_or("").to_owned(),
                    statement: c.statement.clone(),
                    objective_evidence: c.objective_evidence.clone(),
                    evidence: c.evidence.clone(),
                    interviews: c.interviews.clone(),
                    raised_by: f.item.created.by.to_string(),
                    raised_at: f.item.created.at,
                    withdrawn: f.withdrawn.map(|(o, reason)| Withdrawal {
                        by: o.by.to_string(),
                        at: o.at,
                        reason: reason.to_owned(),
                    }),
                    number: f.number,
                }
            })
            .collect();
        let list = state.samples(plan);
        let mut by_status = BTreeMap::new();
        for s in &list {
            *by_status.entry(s.status.label()).or_default() += 1;
        }
        let not_assessed = list
            .iter()
            .filter_map(|s| match &s.status {
                SampleStatus::NotAssessed { reason } => Some((s.reference.clone(), reason.clone())),
                _ => None,
            })
            .collect();
        let interviews = state
            .interviews()
            .map(|i| InterviewSummary {
                id: i.item.id,
                interviewee: i.item.content.interviewee.clone(),
                role: i.item.content.role.clone(),
                department: i.item.content.department.clone(),
                started: i.item.created.at,
                ended: i.ended,
                notes: state.interview_notes(i.item.id).count(),
                controls: state.interview_controls(i.item.id),
                corroborations: state.corroborations(i.item.id).cloned().collect(),
            })
            .collect();
        let meetings = [Meeting::Opening, Meeting::Closing]
            .into_iter()
            .map(|meeting| {
                let times = state.meeting(meeting);
                MeetingSummary {
                    meeting,
                    started: times.started,
                    ended: times.ended,
                    attendees: state.attendees(meeting).count(),
                }
            })
            .collect();
        let rec = state.recommendation_on(plan);
        AuditSummary {
            audit: plan.audit.id.value.clone(),
            title: plan.audit.title.clone(),
            kind,
            counts: state.finding_counts(),
            numbers_fixed: state.numbering(lead).any_fixed(),
            findings,
            samples: SamplesSummary {
                done: list.iter().filter(|s| s.status.is_done()).count(),
                total: list.len(),
                by_status,
                not_assessed,
                list,
            },
            interviews,
            meetings,
            recommendation: RecommendationSummary {
                follows: rec.derived,
                stated: rec.stated.map(|(_, s)| s.recommendation),
                stated_by: rec.stated.map(|(o, _)| o.by.to_string()),
                effective: rec.effective(),
                overridden: rec.overridden(),
                justification: rec
                    .stated
                    .map(|(_, s)| s.justification.clone())
                    .unwrap_or_default(),
            },
            diverging_opinions: state.diverging_opinions().count(),
            drafts: state.drafts().count(),
            not_understood: state.not_understood().len(),
            damaged_events: state.damaged().values().cloned().collect(),
        }
    }
}
