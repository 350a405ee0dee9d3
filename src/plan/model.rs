//! The audit plan as the rest of the product uses it: validated, references resolved to the
//! catalogue's canonical ids, defaults filled in.

use std::ops::Range;

use chrono::NaiveDateTime;

/// A value together with where it was written in the plan file, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Byte range in the plan file.
    pub span: Range<usize>,
}

impl Located<&str> {
    /// The same, with the value copied.
    pub(crate) fn owned(self) -> Located<String> {
        Located {
            value: self.value.to_owned(),
            span: self.span,
        }
    }
}

/// What kind of audit the plan is for; it decides which checks apply and what the day ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditKind {
    /// Documentation and readiness review.
    Stage1,
    /// Certification audit proper.
    Stage2,
    /// Yearly surveillance audit.
    Surveillance,
    /// Third-year recertification audit.
    Recertification,
    /// The organisation's own internal audit (clause 9.2).
    Internal,
    /// A rehearsal or training audit.
    Mock,
}

impl AuditKind {
    /// Every kind with the word a plan uses for it.
    pub const ALL: [(AuditKind, &'static str); 6] = [
        (AuditKind::Stage1, "stage1"),
        (AuditKind::Stage2, "stage2"),
        (AuditKind::Surveillance, "surveillance"),
        (AuditKind::Recertification, "recertification"),
        (AuditKind::Internal, "internal"),
        (AuditKind::Mock, "mock"),
    ];

    /// How the kind is named to people: "Stage 2".
    pub fn label(self) -> &'static str {
        match self {
            AuditKind::Stage1 => "Stage 1",
            AuditKind::Stage2 => "Stage 2",
            AuditKind::Surveillance => "Surveillance",
            AuditKind::Recertification => "Recertification",
            AuditKind::Internal => "Internal audit",
            AuditKind::Mock => "Mock audit",
        }
    }
}

/// A team member's part in the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Lead auditor: one per audit.
    Lead,
    /// Auditor.
    Auditor,
    /// Technical expert supporting the team.
    TechnicalExpert,
    /// Observer (accreditation body, client's consultant): takes no part.
    Observer,
    /// Auditor in training.
    Trainee,
}

impl Role {
    /// Every role with the word a plan uses for it.
    pub const ALL: [(Role, &'static str); 5] = [
        (Role::Lead, "lead"),
        (Role::Auditor, "auditor"),
        (Role::TechnicalExpert, "technical-expert"),
        (Role::Observer, "observer"),
        (Role::Trainee, "trainee"),
    ];

    /// How the role is named to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "lead auditor",
            Role::Auditor => "auditor",
            Role::TechnicalExpert => "technical expert",
            Role::Observer => "observer",
            Role::Trainee => "trainee",
        }
    }
}

/// What a timetable slot is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgendaKind {
    /// The opening meeting.
    Opening,
    /// Sampled control checks.
    Samples,
    /// A staff interview.
    Interview,
    /// The closing meeting.
    Closing,
    /// A break.
    Break,
    /// Anything else (document review, site tour, team meeting).
    Other,
}

impl AgendaKind {
    /// Every agenda kind with the word a plan uses for it.
    pub const ALL: [(AgendaKind, &'static str); 6] = [
        (AgendaKind::Opening, "opening"),
        (AgendaKind::Samples, "samples"),
        (AgendaKind::Interview, "interview"),
        (AgendaKind::Closing, "closing"),
        (AgendaKind::Break, "break"),
        (AgendaKind::Other, "other"),
    ];
}

/// A validated audit plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The `[audit]` table.
    pub audit: AuditInfo,
    /// The audit team, lead first as written.
    pub team: Vec<TeamMember>,
    /// The timetable, sorted by start.
    pub agenda: Vec<AgendaItem>,
    /// Planned samples, in the plan's order.
    pub samples: Vec<Sample>,
    /// People to interview.
    pub interviewees: Vec<Interviewee>,
    /// The opening-meeting checklist: defaults extended or replaced by `[opening]`.
    pub opening: Vec<String>,
    /// The closing-meeting checklist: defaults extended or replaced by `[closing]`.
    pub closing: Vec<String>,
    /// Documents to review (Stage 1); the catalogue's mandatory list when none are given.
    pub documents: Vec<Document>,
    /// The previous audit whose nonconformities this one verifies (`[previous]`), if named.
    pub previous: Option<super::previous::Previous>,
    /// The organisation's Statement of Applicability (`[soa]`), if named, checked for the
    /// Stage 1 document review.
    pub soa: Option<super::soa::PlanSoa>,
}

/// The `[audit]` table: what the audit is, for whom and when.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditInfo {
    /// Folder-safe id: `[a-z0-9][a-z0-9-_]*`.
    pub id: Located<String>,
    /// Title shown in the header and the report.
    pub title: String,
    /// Kind of audit.
    pub kind: Located<AuditKind>,
    /// Catalogue id: `iso27001-2022`.
    pub standard: String,
    /// The audited organisation.
    pub organisation: String,
    /// Scope statement as certified or to be certified.
    pub scope: String,
    /// Sites covered by this audit.
    pub sites: Vec<String>,
    /// Audit criteria.
    pub criteria: String,
    /// Audit objectives.
    pub objectives: Vec<String>,
    /// Local start of the audit.
    pub start: Located<NaiveDateTime>,
    /// Local end of the audit.
    pub end: Located<NaiveDateTime>,
    /// The certification body, for third-party audits.
    pub certification_body: Option<String>,
    /// Days allowed to correct a minor nonconformity.
    pub minor_nc_days: u32,
    /// Days allowed to correct a major nonconformity.
    pub major_nc_days: u32,
    /// The language of the reports (`en`, `fr`), when the plan names one.
    pub language: Option<String>,
}

/// One member of the audit team.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamMember {
    /// Full name; how the record names the auditor.
    pub name: Located<String>,
    /// Part in the audit.
    pub role: Located<Role>,
    /// Clauses and controls the person owns (internal audits: auditors must not audit them).
    pub owns: Vec<Located<String>>,
}

/// One slot of the timetable.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    /// Local start.
    pub start: Located<NaiveDateTime>,
    /// Length in minutes.
    pub minutes: u32,
    /// What happens.
    pub title: String,
    /// What the slot is for.
    pub kind: AgendaKind,
    /// Samples covered (canonical ids).
    pub samples: Vec<Located<String>>,
    /// Person interviewed, for interview slots.
    pub interviewee: Option<Located<String>>,
    /// The team member the slot is for, when the team splits up; the whole team otherwise.
    pub auditor: Option<Located<String>>,
}

impl AgendaItem {
    /// Local end of the slot.
    pub fn end(&self) -> NaiveDateTime {
        self.start.value + chrono::Duration::minutes(i64::from(self.minutes))
    }
}

/// One planned check of a clause or control.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Canonical catalogue id (`A.8.15`): how the record refers to the sample.
    pub reference: Located<String>,
    /// Why it was chosen.
    pub why: String,
    /// The auditee who owns the control or process.
    pub owner: String,
    /// Evidence to ask for.
    pub evidence: Vec<String>,
    /// Questions to ask.
    pub questions: Vec<String>,
    /// The team member assigned, if any.
    pub auditor: Option<Located<String>>,
}

/// Someone to interview.
#[derive(Debug, Clone, PartialEq)]
pub struct Interviewee {
    /// Full name.
    pub name: Located<String>,
    /// Job title.
    pub role: String,
    /// Department or function.
    pub department: String,
    /// Clauses and controls to talk about (canonical ids).
    pub topics: Vec<Located<String>>,
}

/// A document to review.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// What the document is.
    pub title: String,
    /// The clause or control that requires it, when known (canonical id, or as the catalogue's
    /// mandatory list writes it).
    pub reference: Option<String>,
}
