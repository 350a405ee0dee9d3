//! The report context: everything a report may say, gathered once from the plan and the folded
//! record, so that every format (and every template someone writes) tells the same story.
//! `auditday report --dump-context` prints it; docs/report-context.md documents each field.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use serde::Serialize;
use ulid::Ulid;

use crate::audit::{
    Area, AuditState, AuditSummary, ClosureVerdict, Deviation, EvidenceItem, Finding,
    FindingCounts, FindingSummary, Grade, Meeting, Recommendation, Response, ReviewState,
    SampleStatus, Verdict, agenda, closing_date, corrective_action, deviations, lead_auditor,
    stage1_conclusion,
};
use crate::catalogue::Catalogue;
use crate::plan::{AgendaKind, Plan, Role};
use crate::record::LoadReport;

use super::words::Words;

/// The version of the context's shape. A template or script can check it; it changes only
/// when a field is renamed or removed, never when one is added.
pub const SCHEMA_VERSION: u32 = 1;

/// What the report context is built from: the plan, the record as folded and loaded, the
/// catalogue for titles, and the local clock (times are shown at `now`'s offset).
pub struct Sources<'a> {
    /// The audit plan.
    pub plan: &'a Plan,
    /// The folded record.
    pub state: &'a AuditState,
    /// How the record's files were read: their seals and anything wrong with them.
    pub load: &'a LoadReport,
    /// The catalogue the plan names, for reference titles.
    pub catalogue: &'a Catalogue,
    /// The local time now: its offset places every recorded time in the plan's day.
    pub now: DateTime<FixedOffset>,
    /// The report's words (for the sampling statement).
    pub words: &'a Words,
}

/// The report context, version [`SCHEMA_VERSION`].
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The language of the report's words (`en`).
    pub language: String,
    /// The audit as the plan describes it.
    pub audit: AuditPart,
    /// The audit team.
    pub team: Vec<TeamPart>,
    /// The opening and closing meetings.
    pub meetings: Vec<MeetingPart>,
    /// How the day departed from the plan.
    pub deviations: Vec<DeviationPart>,
    /// The statement that the audit was based on a sample, with its extent.
    pub sampling: SamplingPart,
    /// Standing findings, in number order.
    pub findings: Vec<FindingPart>,
    /// Standing nonconformities that lack something a nonconformity needs.
    pub incomplete: Vec<IncompletePart>,
    /// Withdrawn findings, in number order.
    pub withdrawn: Vec<FindingPart>,
    /// Standing findings by grade, and how many were withdrawn.
    pub summary: FindingCounts,
    /// How the samples stand.
    pub samples: SamplesPart,
    /// Every interview, in the order held.
    pub interviews: Vec<InterviewPart>,
    /// Diverging opinions on the audit as a whole (those on a finding are with the finding).
    pub opinions: Vec<OpinionPart>,
    /// The recommendation.
    pub recommendation: RecommendationPart,
    /// The Stage 1 document review and conclusion: for a Stage 1, and for any audit that
    /// recorded a document review; none otherwise.
    pub stage1: Option<Stage1Part>,
    /// The record the report was built from: its files' seals and what is wrong with it.
    pub record: RecordPart,
    /// The verification of the previous audit's nonconformities, when the plan names the
    /// previous audit (`[previous]`); else none.
    pub previous: Option<PreviousPart>,
    /// A practice audit's score against its scenario's answer key, once the closing meeting
    /// has ended (the key stays sealed until then); absent for any other audit.
    pub practice: Option<crate::practice::Score>,
}

/// The previous audit and the verification of its nonconformities' corrective actions.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousPart {
    /// The previous audit's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its days in words, as its report says them.
    pub dates: String,
    /// The report the plan names, as it names it; empty when it names the record.
    pub report: String,
    /// The record folder the plan names, as it names it; none when it names the report.
    pub record: Option<String>,
    /// The previous audit's plan the plan names beside the record, as it names it; none
    /// when it names none (a team's audit folder holds its own).
    pub plan: Option<String>,
    /// Its major and minor nonconformities, in its number order, with their verification.
    pub nonconformities: Vec<ClosurePart>,
}

/// One previous nonconformity and where the verification of its corrective action stands.
#[derive(Debug, Clone, Serialize)]
pub struct ClosurePart {
    /// Its number in the previous report.
    pub number: String,
    /// `major` or `minor`.
    pub grade: Grade,
    /// The clauses and controls it refers to.
    pub references: Vec<ReferencePart>,
    /// The requirement, as the previous report quotes it.
    pub requirement: String,
    /// The statement of nonconformity.
    pub statement: String,
    /// When its corrective action was due, if known.
    pub due: Option<chrono::NaiveDate>,
    /// Whether it was due before this audit's first day.
    pub overdue: bool,
    /// The verdict: `closed_effective`, `closed_not_effective`, `open`; null while not
    /// verified.
    pub verdict: Option<ClosureVerdict>,
    /// The corrective action seen (empty while not verified).
    pub corrective_action: String,
    /// The evidence of it.
    pub evidence: String,
    /// Who verified it, or null.
    pub verified_by: Option<String>,
    /// When, or null.
    pub verified_at: Option<DateTime<FixedOffset>>,
    /// Whether it is a finding of this audit: still open, or closed without effect.
    pub becomes_finding: bool,
}

/// The score of a practice audit on `plan` recorded in `state`, once its closing meeting has
/// ended; none for another audit, or before then.
pub fn practice(
    scenario: Option<&crate::practice::Scenario>,
    plan: &Plan,
    state: &AuditState,
    now: DateTime<FixedOffset>,
) -> Option<crate::practice::Score> {
    let ended = state.meeting(Meeting::Closing).ended.is_some();
    let scenario = scenario.filter(|_| ended)?;
    Some(crate::practice::Score::of(
        scenario,
        plan,
        state,
        *now.offset(),
    ))
}

/// The audit as the plan describes it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditPart {
    /// The plan's audit id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its kind, as the plan writes it (`stage2`).
    pub kind: String,
    /// The catalogue it audits against (`iso27001-2022`).
    pub standard: String,
    /// The catalogue's title of the standard.
    pub standard_title: String,
    /// The certification body, when the plan names one.
    pub certification_body: Option<String>,
    /// The audited organisation.
    pub client: String,
    /// The audit objectives.
    pub objectives: Vec<String>,
    /// The scope.
    pub scope: String,
    /// The sites.
    pub sites: Vec<String>,
    /// The audit criteria.
    pub criteria: String,
    /// The planned start, local time.
    pub start: NaiveDateTime,
    /// The planned end, local time.
    pub end: NaiveDateTime,
    /// The audit's days in words: `24–25 Nov 2026`.
    pub dates: String,
    /// Calendar days from the closing meeting to correct a minor nonconformity.
    pub minor_nc_days: u32,
    /// Calendar days from the closing meeting to correct a major nonconformity.
    pub major_nc_days: u32,
}

/// A member of the audit team.
#[derive(Debug, Clone, Serialize)]
pub struct TeamPart {
    /// Their name.
    pub name: String,
    /// Their role, as the plan writes it (`lead`, `technical-expert`).
    pub role: String,
}

/// A meeting with its times and attendance.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingPart {
    /// `opening` or `closing`.
    pub meeting: Meeting,
    /// Its planned start, local time, when the plan's agenda has its slot.
    pub planned: Option<NaiveDateTime>,
    /// When it started, as recorded.
    pub started: Option<DateTime<FixedOffset>>,
    /// When it ended, as recorded.
    pub ended: Option<DateTime<FixedOffset>>,
    /// Who attended, in the order recorded.
    pub attendees: Vec<AttendeePart>,
}

/// Someone who attended a meeting.
#[derive(Debug, Clone, Serialize)]
pub struct AttendeePart {
    /// Their name.
    pub name: String,
    /// Their job title or part in the audit.
    pub role: String,
    /// Their organisation.
    pub organisation: String,
}

/// One departure from the plan.
#[derive(Debug, Clone, Serialize)]
pub struct DeviationPart {
    /// `not_assessed`, `unplanned`, `missed` or `moved`.
    pub kind: &'static str,
    /// The sample concerned, for `not_assessed` and `unplanned`.
    pub sample: Option<String>,
    /// The slot's title, for `missed` and `moved`.
    pub slot: Option<String>,
    /// The slot's planned start, for `missed` and `moved`.
    pub planned: Option<NaiveDateTime>,
    /// When it was held instead, for `moved`.
    pub held: Option<NaiveDateTime>,
    /// Why: the reason not assessed, or the trail that led to an unplanned sample.
    pub reason: String,
    /// The deviation in one sentence.
    pub text: String,
}

/// The sampling statement and the sampling's extent.
#[derive(Debug, Clone, Serialize)]
pub struct SamplingPart {
    /// The statement that the audit was based on a sample, in the report's language.
    pub statement: String,
    /// Samples the plan lists.
    pub planned: usize,
    /// Samples taken, planned and unplanned.
    pub total: usize,
}

/// A clause or control with its catalogue title.
#[derive(Debug, Clone, Serialize)]
pub struct ReferencePart {
    /// Its canonical id (`A.8.15`).
    pub id: String,
    /// Its title in the catalogue; empty when the catalogue does not know it.
    pub title: String,
}

/// A finding as the report presents it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingPart {
    /// Its number (`NC-01`).
    pub number: String,
    /// Whether the number may still change (it was not fixed).
    pub provisional: bool,
    /// The fixed number it had before a regrade, if any.
    pub was: Option<String>,
    /// Its grade (`major`, `minor`, `observation`, `opportunity`, `strength`).
    pub grade: Grade,
    /// The sample it was raised on.
    pub sample: Option<String>,
    /// The clauses and controls it refers to, with their titles.
    pub references: Vec<ReferencePart>,
    /// The requirement.
    pub requirement: String,
    /// The statement.
    pub statement: String,
    /// What was seen.
    pub objective_evidence: String,
    /// The evidence items it rests on.
    pub evidence: Vec<EvidencePart>,
    /// The interviews it cites.
    pub interviews: Vec<CitedInterview>,
    /// The auditee's responses, in the order recorded.
    pub responses: Vec<ResponsePart>,
    /// When corrective action is due, for a nonconformity.
    pub corrective_action: Option<DuePart>,
    /// What a nonconformity lacks (`requirement`, `objective_evidence`, `reference`).
    pub incomplete: Vec<String>,
    /// Who raised it.
    pub raised_by: String,
    /// When it was raised.
    pub raised_at: DateTime<FixedOffset>,
    /// Who withdrew it, when and why, for a withdrawn finding.
    pub withdrawn: Option<WithdrawalPart>,
    /// The findings merged into this one because they said the same, in the order raised:
    /// both originals stay in the record and are cited here.
    pub merged_from: Vec<MergedPart>,
}

/// A finding merged into another, as the one it was merged into cites it.
#[derive(Debug, Clone, Serialize)]
pub struct MergedPart {
    /// Its number, kept (`NC-03`).
    pub number: String,
    /// Its statement.
    pub statement: String,
    /// Who raised it.
    pub raised_by: String,
    /// When.
    pub raised_at: DateTime<FixedOffset>,
}

/// An evidence item a finding rests on.
#[derive(Debug, Clone, Serialize)]
pub struct EvidencePart {
    /// The item's id.
    pub id: Ulid,
    /// Whether it was removed from the record since the finding linked it (then the rest is
    /// empty).
    pub removed: bool,
    /// What was seen.
    pub seen: String,
    /// What identifies it.
    pub identifier: String,
    /// Its version.
    pub version: String,
    /// Its date as written on it.
    pub date: String,
    /// How much of it was looked at.
    pub sample_size: String,
    /// The file seen, with its fingerprint.
    pub file: Option<FilePart>,
}

/// A file seen as evidence.
#[derive(Debug, Clone, Serialize)]
pub struct FilePart {
    /// Its path on the auditor's laptop.
    pub path: String,
    /// SHA-256 of its content, lower-case hex; empty when not (yet) taken.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Why no fingerprint was taken; empty when there is one or it is still being taken.
    pub unreadable: String,
}

/// An interview a finding cites.
#[derive(Debug, Clone, Serialize)]
pub struct CitedInterview {
    /// The interview's id.
    pub id: Ulid,
    /// Who was interviewed; empty when the interview is no longer in the record.
    pub interviewee: String,
    /// Their role.
    pub role: String,
    /// When the interview started.
    pub started: Option<DateTime<FixedOffset>>,
}

/// The auditee's response to a finding.
#[derive(Debug, Clone, Serialize)]
pub struct ResponsePart {
    /// `accepted` or `diverging`.
    pub kind: &'static str,
    /// Whose opinion it is (diverging only).
    pub held_by: String,
    /// The opinion in their words (diverging only).
    pub text: String,
    /// The auditor who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<FixedOffset>,
}

/// When a nonconformity's corrective action is due.
#[derive(Debug, Clone, Serialize)]
pub struct DuePart {
    /// The window in calendar days from the closing meeting.
    pub days: u32,
    /// The last day, ISO 8601.
    pub due: chrono::NaiveDate,
}

/// A withdrawal.
#[derive(Debug, Clone, Serialize)]
pub struct WithdrawalPart {
    /// Who withdrew the finding.
    pub by: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Why.
    pub reason: String,
}

/// A standing nonconformity that is not complete.
#[derive(Debug, Clone, Serialize)]
pub struct IncompletePart {
    /// Its number.
    pub number: String,
    /// What it lacks.
    pub missing: Vec<String>,
}

/// How the samples stand.
#[derive(Debug, Clone, Serialize)]
pub struct SamplesPart {
    /// Samples concluded (conforming, finding raised, not assessed).
    pub covered: usize,
    /// All samples, planned and unplanned.
    pub total: usize,
    /// Concluded conforming.
    pub conforming: usize,
    /// With a standing nonconformity or observation.
    pub finding_raised: usize,
    /// Not assessed.
    pub not_assessed: usize,
    /// Every sample: the plan's in its order, then the unplanned ones.
    pub list: Vec<SamplePart>,
}

/// One sample.
#[derive(Debug, Clone, Serialize)]
pub struct SamplePart {
    /// Its canonical reference.
    pub reference: String,
    /// Its catalogue title.
    pub title: String,
    /// Whether the plan lists it.
    pub planned: bool,
    /// `not_started`, `in_progress`, `conforming`, `finding_raised` or `not_assessed`.
    pub status: &'static str,
    /// Why it was not assessed.
    pub reason: String,
    /// The trail that led to an unplanned sample.
    pub trail: String,
    /// Evidence items recorded on it.
    pub evidence: usize,
    /// Numbers of the standing findings on it.
    pub findings: Vec<String>,
}

/// One interview.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewPart {
    /// Its id.
    pub id: Ulid,
    /// Who was interviewed.
    pub interviewee: String,
    /// Their role.
    pub role: String,
    /// Their department (as recorded, else as the plan says).
    pub department: String,
    /// When it started.
    pub started: DateTime<FixedOffset>,
    /// When it ended.
    pub ended: Option<DateTime<FixedOffset>>,
    /// How long it lasted, in minutes, once ended.
    pub minutes: Option<i64>,
    /// The clauses and controls it touched.
    pub controls: Vec<String>,
    /// Notes taken.
    pub notes: usize,
    /// What was said compared with the records, per control.
    pub corroborations: Vec<CorroborationPart>,
}

/// What was said on one control compared with the records.
#[derive(Debug, Clone, Serialize)]
pub struct CorroborationPart {
    /// The clause or control.
    pub control: String,
    /// `matches`, `contradicts` or `not_checked`.
    pub verdict: Verdict,
    /// What differs, or what was compared.
    pub note: String,
    /// The evidence items compared.
    pub evidence: Vec<EvidencePart>,
}

/// A diverging opinion on the audit as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct OpinionPart {
    /// Whose opinion it is.
    pub held_by: String,
    /// The opinion.
    pub text: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<FixedOffset>,
}

/// The recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct RecommendationPart {
    /// The one that stands: the stated one, else the one that follows.
    pub effective: Recommendation,
    /// Its words for this kind of audit.
    pub wording: String,
    /// What follows from the standing findings.
    pub follows: Recommendation,
    /// Its words.
    pub follows_wording: String,
    /// Whether the audit team stated it.
    pub stated: bool,
    /// Who stated it.
    pub stated_by: Option<String>,
    /// Whether the stated one differs from the one that follows.
    pub overridden: bool,
    /// Why, as stated.
    pub justification: String,
    /// For a Stage 1: the clauses and controls of the standing nonconformities.
    pub areas_of_concern: Vec<String>,
}

/// The Stage 1 document review and what follows from it.
#[derive(Debug, Clone, Serialize)]
pub struct Stage1Part {
    /// The plan's documents in the plan's order, each with its latest review.
    pub documents: Vec<DocumentPart>,
    /// The check of the organisation's Statement of Applicability, when the plan names it.
    pub soa: Option<SoaPart>,
    /// Ready or not ready to proceed to Stage 2, and why.
    pub conclusion: ConclusionPart,
}

/// What checking the organisation's Statement of Applicability (`[soa] file`) found.
#[derive(Debug, Clone, Serialize)]
pub struct SoaPart {
    /// The file as the plan names it.
    pub file: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The file and sheet in the report's words.
    pub source: String,
    /// Distinct Annex A controls it lists.
    pub controls: usize,
    /// Of them, declared applicable.
    pub applicable: usize,
    /// Of them, declared excluded.
    pub excluded: usize,
    /// The counts in the report's words.
    pub summary: String,
    /// Its problems by row, the missing controls left to `conclusion.soa_missing`.
    pub problems: Vec<SoaProblemPart>,
}

/// One problem of the SoA, where it is.
#[derive(Debug, Clone, Serialize)]
pub struct SoaProblemPart {
    /// `duplicate`, `no-justification`, `no-applicability`, `previous-edition` or `unknown`.
    pub kind: crate::soa::ProblemKind,
    /// The row it is on, as the spreadsheet numbers it.
    pub row: Option<usize>,
    /// The control it is about, as written or canonical.
    pub id: String,
    /// The problem in the report's words, with its row.
    pub text: String,
}

/// One document of the plan's list as reviewed.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPart {
    /// Its title as the plan writes it.
    pub title: String,
    /// The clause or control that requires it, when the plan says.
    pub reference: Option<String>,
    /// `seen`, `not_seen` or `not_reviewed`.
    pub state: ReviewState,
    /// The state in the report's words.
    pub state_text: String,
    /// What identifies it.
    pub identifier: String,
    /// Its version.
    pub version: String,
    /// Who approved it.
    pub approved_by: String,
    /// When, as written on it.
    pub approved_on: String,
    /// Whether it is current; none when not judged.
    pub current: Option<bool>,
    /// Whether staff can reach it; none when not judged.
    pub accessible: Option<bool>,
    /// The auditor's notes.
    pub notes: String,
    /// Who recorded the review.
    pub reviewed_by: Option<String>,
    /// When.
    pub reviewed_at: Option<DateTime<FixedOffset>>,
}

/// The Stage 1 conclusion.
#[derive(Debug, Clone, Serialize)]
pub struct ConclusionPart {
    /// Ready to proceed to Stage 2.
    pub ready: bool,
    /// The conclusion in the report's words.
    pub wording: String,
    /// Whether documents are still to review (the conclusion may change).
    pub provisional: bool,
    /// What holds Stage 2 back.
    pub triggers: Vec<TriggerPart>,
    /// What to fix before Stage 2, in the report's words.
    pub areas: Vec<String>,
    /// Annex A controls the SoA check found missing.
    pub soa_missing: Vec<String>,
    /// Titles of the documents not reviewed yet.
    pub unreviewed: Vec<String>,
}

/// A reason Stage 2 cannot follow yet.
#[derive(Debug, Clone, Serialize)]
pub struct TriggerPart {
    /// Its key (`no_policy`).
    pub key: &'static str,
    /// In the report's words.
    pub text: String,
}

/// The record the report was built from.
#[derive(Debug, Clone, Serialize)]
pub struct RecordPart {
    /// Each auditor's file with its seal.
    pub files: Vec<RecordFilePart>,
    /// Everything wrong with the record, in words.
    pub notices: Vec<String>,
    /// Drafts not yet committed.
    pub drafts: usize,
    /// Events this version cannot read, kept unchanged.
    pub not_understood: usize,
}

/// One record file.
#[derive(Debug, Clone, Serialize)]
pub struct RecordFilePart {
    /// Its file name.
    pub name: String,
    /// Events read from it.
    pub events: usize,
    /// The SHA-256 of its last line, in hex: its seal.
    pub seal: Option<String>,
}

impl ReportContext {
    /// The context of the audit in `sources`.
    pub fn build(sources: &Sources) -> ReportContext {
        let Sources {
            plan,
            state,
            load,
            catalogue,
            now,
            words,
        } = sources;
        let offset = *now.offset();
        let local = |t: DateTime<Utc>| t.with_timezone(&offset);
        let summary = AuditSummary::of(plan, state);
        let title = |id: &str| {
            catalogue
                .get(id)
                .map(|e| e.title.clone())
                .unwrap_or_default()
        };
        let evidence: BTreeMap<Ulid, &EvidenceItem> =
            state.evidence().map(|e| (e.id, e.content)).collect();
        let evidence_part = |id: Ulid| match evidence.get(&id) {
            Some(item) => EvidencePart {
                id,
                removed: false,
                seen: item.seen.clone(),
                identifier: item.identifier.clone(),
                version: item.version.clone(),
                date: item.date.clone(),
                sample_size: item.sample_size.clone(),
                file: item.file.as_ref().map(|file| {
                    let print = state.fingerprint_of(id);
                    FilePart {
                        path: file.path.clone(),
                        sha256: print.map(|p| p.sha256().to_owned()).unwrap_or_default(),
                        bytes: print.map_or(file.bytes, |p| p.bytes()),
                        unreadable: print
                            .and_then(|p| p.unreadable().map(str::to_owned))
                            .unwrap_or_default(),
                    }
                }),
            },
            None => EvidencePart {
                id,
                removed: true,
                seen: String::new(),
                identifier: String::new(),
                version: String::new(),
                date: String::new(),
                sample_size: String::new(),
                file: None,
            },
        };
        let closing = closing_date(plan, state.meeting(Meeting::Closing).started, offset);
        let numbered = state.findings(lead_auditor(plan));
        let contents: BTreeMap<Ulid, &Finding> = numbered
            .iter()
            .map(|f| (f.item.id, f.item.content))
            .collect();
        let finding_part = |f: &FindingSummary| {
            let missing = contents.get(&f.id).map(|c| c.missing()).unwrap_or_default();
            FindingPart {
                number: f.number.number.clone(),
                provisional: !f.number.fixed,
                was: f.number.was.clone(),
                grade: f.grade,
                sample: f.sample.clone(),
                references: (f.references.iter())
                    .map(|r| ReferencePart {
                        id: r.clone(),
                        title: title(r),
                    })
                    .collect(),
                requirement: f.requirement.clone(),
                statement: f.statement.clone(),
                objective_evidence: f.objective_evidence.clone(),
                evidence: f.evidence.iter().map(|id| evidence_part(*id)).collect(),
                interviews: (f.interviews.iter())
                    .map(|id| {
                        let held = summary.interviews.iter().find(|i| i.id == *id);
                        CitedInterview {
                            id: *id,
                            interviewee: held.map(|i| i.interviewee.clone()).unwrap_or_default(),
                            role: held.map(|i| i.role.clone()).unwrap_or_default(),
                            started: held.map(|i| local(i.started)),
                        }
                    })
                    .collect(),
                responses: (state.responses(f.id).into_iter())
                    .map(|(origin, response)| {
                        let (kind, held_by, text) = match response {
                            Response::Accepted => ("accepted", String::new(), String::new()),
                            Response::Diverging(d) => {
                                ("diverging", d.held_by.clone(), d.text.clone())
                            }
                        };
                        ResponsePart {
                            kind,
                            held_by,
                            text,
                            recorded_by: origin.by.to_string(),
                            recorded_at: local(origin.at),
                        }
                    })
                    .collect(),
                corrective_action: corrective_action(f.grade, closing, &plan.audit).map(|c| {
                    DuePart {
                        days: c.days,
                        due: c.due,
                    }
                }),
                incomplete: missing.into_iter().map(key_of).collect(),
                raised_by: f.raised_by.clone(),
                raised_at: local(f.raised_at),
                withdrawn: f.withdrawn.as_ref().map(|w| WithdrawalPart {
                    by: w.by.clone(),
                    at: local(w.at),
                    // A merge is said in the report's words, naming the finding that stands.
                    reason: (state.merged_into(f.id))
                        .and_then(|into| summary.findings.iter().find(|m| m.id == into))
                        .map_or_else(
                            || w.reason.clone(),
                            |into| words.merged_into(&into.number.number),
                        ),
                }),
                merged_from: (state.merged_from(f.id).into_iter())
                    .filter_map(|id| summary.findings.iter().find(|m| m.id == id))
                    .map(|m| MergedPart {
                        number: m.number.number.clone(),
                        statement: m.statement.clone(),
                        raised_by: m.raised_by.clone(),
                        raised_at: local(m.raised_at),
                    })
                    .collect(),
            }
        };
        let mut ordered: Vec<&FindingSummary> = summary.findings.iter().collect();
        ordered.sort_by_key(|f| f.number.order());
        let (findings, withdrawn): (Vec<FindingPart>, Vec<FindingPart>) = ordered
            .into_iter()
            .map(finding_part)
            .partition(|f| f.withdrawn.is_none());
        let incomplete = (findings.iter())
            .filter(|f| !f.incomplete.is_empty())
            .map(|f| IncompletePart {
                number: f.number.clone(),
                missing: f.incomplete.clone(),
            })
            .collect();

        let days = agenda(plan, state, &summary.samples.list, now.naive_local());
        let deviations = deviations(&days, &summary.samples.list, state, offset)
            .iter()
            .map(|d| deviation_part(d, words))
            .collect();
        let count = |status: &str| summary.samples.by_status.get(status).copied();
        let samples = SamplesPart {
            covered: summary.samples.done,
            total: summary.samples.total,
            conforming: count("conforming").unwrap_or(0),
            finding_raised: count("finding raised").unwrap_or(0),
            not_assessed: count("not assessed").unwrap_or(0),
            list: (summary.samples.list.iter())
                .map(|s| SamplePart {
                    reference: s.reference.clone(),
                    title: title(&s.reference),
                    planned: s.planned,
                    status: status_key(&s.status),
                    reason: match &s.status {
                        SampleStatus::NotAssessed { reason } => reason.clone(),
                        _ => String::new(),
                    },
                    trail: (state.unplanned.get(&s.reference))
                        .filter(|_| !s.planned)
                        .map(|(_, why)| why.clone())
                        .unwrap_or_default(),
                    evidence: s.evidence,
                    findings: s.findings.clone(),
                })
                .collect(),
        };
        let interviews = (summary.interviews.iter())
            .map(|i| InterviewPart {
                id: i.id,
                interviewee: i.interviewee.clone(),
                role: i.role.clone(),
                department: if i.department.is_empty() {
                    (plan.interviewees.iter())
                        .find(|p| crate::audit::same_name(&p.name.value, &i.interviewee))
                        .map(|p| p.department.clone())
                        .unwrap_or_default()
                } else {
                    i.department.clone()
                },
                started: local(i.started),
                ended: i.ended.map(local),
                minutes: i.ended.map(|end| (end - i.started).num_minutes()),
                controls: i.controls.clone(),
                notes: i.notes,
                corroborations: (i.corroborations.iter())
                    .map(|c| CorroborationPart {
                        control: c.control.clone(),
                        verdict: c.verdict,
                        note: c.note.clone(),
                        evidence: c.evidence.iter().map(|id| evidence_part(*id)).collect(),
                    })
                    .collect(),
            })
            .collect();
        let opinions = (state.diverging_opinions())
            .filter(|(_, d)| d.finding.is_none())
            .map(|(origin, d)| OpinionPart {
                held_by: d.held_by.clone(),
                text: d.text.clone(),
                recorded_by: origin.by.to_string(),
                recorded_at: local(origin.at),
            })
            .collect();
        let kind = plan.audit.kind.value;
        let rec = &summary.recommendation;
        let recommendation = RecommendationPart {
            effective: rec.effective,
            wording: words.recommendation(rec.effective, kind).to_owned(),
            follows: rec.follows,
            follows_wording: words.recommendation(rec.follows, kind).to_owned(),
            stated: rec.stated.is_some(),
            stated_by: rec.stated_by.clone(),
            overridden: rec.overridden,
            justification: rec.justification.clone(),
            areas_of_concern: (state.areas_of_concern().into_iter())
                .filter(|_| kind == crate::plan::AuditKind::Stage1)
                .map(str::to_owned)
                .collect(),
        };
        let meetings = [
            (Meeting::Opening, AgendaKind::Opening),
            (Meeting::Closing, AgendaKind::Closing),
        ]
        .into_iter()
        .map(|(meeting, slot)| {
            let times = state.meeting(meeting);
            MeetingPart {
                meeting,
                planned: (plan.agenda.iter())
                    .find(|s| s.kind == slot)
                    .map(|s| s.start.value),
                started: times.started.map(local),
                ended: times.ended.map(local),
                attendees: (state.attendees(meeting))
                    .map(|a| AttendeePart {
                        name: a.content.name.clone(),
                        role: a.content.role.clone(),
                        organisation: a.content.organisation.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
        let previous = plan.previous.as_ref().map(|p| PreviousPart {
            id: p.audit.as_ref().map(|a| a.id.clone()).unwrap_or_default(),
            title: p
                .audit
                .as_ref()
                .map(|a| a.title.clone())
                .unwrap_or_default(),
            dates: p
                .audit
                .as_ref()
                .map(|a| a.dates.clone())
                .unwrap_or_default(),
            report: p.source.report().unwrap_or_default().to_owned(),
            record: p.source.record().map(str::to_owned),
            plan: p.source.plan().map(str::to_owned),
            nonconformities: crate::audit::verifications(plan, state.closures())
                .into_iter()
                .map(|v| ClosurePart {
                    number: v.nc.number.clone(),
                    grade: v.nc.grade,
                    references: (v.nc.references.iter())
                        .map(|id| ReferencePart {
                            id: id.clone(),
                            title: title(id),
                        })
                        .collect(),
                    requirement: v.nc.requirement.clone(),
                    statement: v.nc.statement.clone(),
                    due: v.nc.due,
                    overdue: v.overdue,
                    verdict: v.verdict(),
                    corrective_action: (v.verified)
                        .map(|(_, c)| c.corrective_action.clone())
                        .unwrap_or_default(),
                    evidence: (v.verified)
                        .map(|(_, c)| c.evidence.clone())
                        .unwrap_or_default(),
                    verified_by: v.verified.map(|(o, _)| o.by.to_string()),
                    verified_at: v.verified.map(|(o, _)| local(o.at)),
                    becomes_finding: v.offered().is_some(),
                })
                .collect(),
        });
        let stage1 = (kind == crate::plan::AuditKind::Stage1
            || state.has_document_reviews()
            || plan.soa.is_some())
        .then(|| stage1_part(plan, state, words, local));
        let audit = &plan.audit;
        ReportContext {
            schema_version: SCHEMA_VERSION,
            language: words.language().to_owned(),
            audit: AuditPart {
                id: audit.id.value.clone(),
                title: audit.title.clone(),
                kind: (crate::plan::AuditKind::ALL.iter())
                    .find(|(k, _)| *k == kind)
                    .map_or("", |(_, word)| word)
                    .to_owned(),
                standard: audit.standard.clone(),
                standard_title: catalogue.title.clone(),
                certification_body: audit.certification_body.clone(),
                client: audit.organisation.clone(),
                objectives: audit.objectives.clone(),
                scope: audit.scope.clone(),
                sites: audit.sites.clone(),
                criteria: audit.criteria.clone(),
                start: audit.start.value,
                end: audit.end.value,
                dates: words.day_span(audit.start.value.date(), audit.end.value.date()),
                minor_nc_days: audit.minor_nc_days,
                major_nc_days: audit.major_nc_days,
            },
            team: (plan.team.iter())
                .map(|m| TeamPart {
                    name: m.name.value.clone(),
                    role: role_word(m.role.value).to_owned(),
                })
                .collect(),
            meetings,
            deviations,
            sampling: SamplingPart {
                statement: words.text("sampling").to_owned(),
                planned: plan.samples.len(),
                total: summary.samples.total,
            },
            findings,
            incomplete,
            withdrawn,
            summary: summary.counts,
            samples,
            interviews,
            opinions,
            recommendation,
            stage1,
            record: RecordPart {
                files: (load.files.iter())
                    .map(|f| RecordFilePart {
                        name: f
                            .path
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                        events: f.events,
                        seal: f.seal(),
                    })
                    .collect(),
                notices: load
                    .notices()
                    .into_iter()
                    .chain(summary.damaged_events.iter().map(ToString::to_string))
                    .collect(),
                drafts: summary.drafts,
                not_understood: summary.not_understood,
            },
            previous,
            practice: None,
        }
    }
}

/// The document review of `plan` and its conclusion, in `words`. The SoA's coverage is not
/// known here: the conclusion rests on the documents and the findings.
fn stage1_part(
    plan: &Plan,
    state: &AuditState,
    words: &Words,
    local: impl Fn(DateTime<Utc>) -> DateTime<FixedOffset>,
) -> Stage1Part {
    let said = |key: &str| words.get("stage1", key).to_owned();
    let documents = (state.document_reviews(plan).iter())
        .map(|d| {
            let r = d.review.map(|(_, r)| r);
            let text = |f: fn(&crate::audit::DocumentReviewed) -> &String| {
                r.map(|r| f(r).clone()).unwrap_or_default()
            };
            DocumentPart {
                title: d.document.title.clone(),
                reference: d.document.reference.clone(),
                state: d.state(),
                state_text: said(match d.state() {
                    ReviewState::NotReviewed => "not_reviewed",
                    ReviewState::Seen => "seen",
                    ReviewState::NotSeen => "not_seen",
                }),
                identifier: text(|r| &r.identifier),
                version: text(|r| &r.version),
                approved_by: text(|r| &r.approved_by),
                approved_on: text(|r| &r.approved_on),
                current: r.and_then(|r| r.current),
                accessible: r.and_then(|r| r.accessible),
                notes: text(|r| &r.notes),
                reviewed_by: d.review.map(|(o, _)| o.by.to_string()),
                reviewed_at: d.review.map(|(o, _)| local(o.at)),
            }
        })
        .collect();
    let c = stage1_conclusion(plan, state);
    let areas = (c.areas.iter())
        .map(|area| match area {
            Area::Finding {
                number,
                grade,
                references,
                statement,
                ..
            } => {
                let grade = serde_json::to_value(grade)
                    .ok()
                    .and_then(|v| v.as_str().map(|g| words.get("grade", g).to_owned()))
                    .unwrap_or_default();
                format!(
                    "{number} ({grade}, {}): {}",
                    references.join(", "),
                    crate::text::one_line(statement)
                )
            }
            Area::NotApproved { document } => said("not_approved").replace("{document}", document),
            Area::NotCurrent { document } => said("not_current").replace("{document}", document),
            Area::NotAccessible { document } => {
                said("not_accessible").replace("{document}", document)
            }
            Area::NotSeen { document } => said("document_not_seen").replace("{document}", document),
            Area::UnjustifiedExclusions { count } => {
                said("unjustified_exclusions").replace("{count}", &count.to_string())
            }
            Area::SoaProblems { count } => {
                said("soa_problems").replace("{count}", &count.to_string())
            }
        })
        .collect();
    Stage1Part {
        documents,
        soa: (plan.soa.as_ref())
            .and_then(|s| s.checked.as_ref())
            .map(|checked| soa_part(checked, words)),
        conclusion: ConclusionPart {
            ready: c.ready,
            wording: said(if c.ready { "ready" } else { "not_ready" }),
            provisional: !c.unreviewed.is_empty(),
            triggers: (c.triggers.iter())
                .map(|t| TriggerPart {
                    key: t.key(),
                    text: said(t.key()),
                })
                .collect(),
            areas,
            soa_missing: c.soa_missing,
            unreviewed: c.unreviewed,
        },
    }
}

/// The check of the SoA in `words`.
fn soa_part(checked: &crate::soa::SoaReport, words: &Words) -> SoaPart {
    use crate::soa::ProblemKind;
    let said = |key: &str| words.get("soa", key).to_owned();
    let problems = (checked.problems.iter())
        .filter_map(|p| {
            let key = match p.kind {
                ProblemKind::Missing => return None,
                ProblemKind::Duplicate => "duplicate",
                ProblemKind::NoJustification => "no_justification",
                ProblemKind::NoApplicability => "no_applicability",
                ProblemKind::PreviousEdition => "previous_edition",
                ProblemKind::Unknown => "unknown",
            };
            let row = p.at.map(|at| at.row);
            let text = said(key).replace("{id}", &p.id);
            Some(SoaProblemPart {
                kind: p.kind,
                row,
                id: p.id.clone(),
                text: match row {
                    Some(row) => said("at_row")
                        .replace("{row}", &row.to_string())
                        .replace("{problem}", &text),
                    None => text,
                },
            })
        })
        .collect();
    let source = match &checked.sheet {
        Some(sheet) => said("source_sheet").replace("{sheet}", sheet),
        None => said("source"),
    }
    .replace("{file}", &checked.file);
    SoaPart {
        file: checked.file.clone(),
        sheet: checked.sheet.clone(),
        source,
        controls: checked.controls,
        applicable: checked.applicable,
        excluded: checked.excluded,
        summary: said("summary")
            .replace("{controls}", &checked.controls.to_string())
            .replace("{applicable}", &checked.applicable.to_string())
            .replace("{excluded}", &checked.excluded.to_string()),
        problems,
    }
}

/// The key of what a finding lacks, as [`crate::audit::Finding::missing`] names it in words.
fn key_of(missing: &str) -> String {
    missing.replace(' ', "_")
}

/// The word a plan uses for `role`.
pub(super) fn role_word(role: Role) -> &'static str {
    Role::ALL
        .iter()
        .find(|(r, _)| *r == role)
        .map_or("", |(_, word)| word)
}

/// A sample status as a key (`finding_raised`).
fn status_key(status: &SampleStatus) -> &'static str {
    match status {
        SampleStatus::NotStarted => "not_started",
        SampleStatus::InProgress => "in_progress",
        SampleStatus::Conforming => "conforming",
        SampleStatus::FindingRaised => "finding_raised",
        SampleStatus::NotAssessed { .. } => "not_assessed",
    }
}

fn deviation_part(d: &Deviation, words: &Words) -> DeviationPart {
    let text = words.deviation(d);
    match d {
        Deviation::NotAssessed { sample, reason } => DeviationPart {
            kind: "not_assessed",
            sample: Some(sample.clone()),
            slot: None,
            planned: None,
            held: None,
            reason: reason.clone(),
            text,
        },
        Deviation::Unplanned { sample, why } => DeviationPart {
            kind: "unplanned",
            sample: Some(sample.clone()),
            slot: None,
            planned: None,
            held: None,
            reason: why.clone(),
            text,
        },
        Deviation::Missed(item) => DeviationPart {
            kind: "missed",
            sample: None,
            slot: Some(item.title.clone()),
            planned: Some(item.start.value),
            held: None,
            reason: String::new(),
            text,
        },
        Deviation::Moved { slot, started } => DeviationPart {
            kind: "moved",
            sample: None,
            slot: Some(slot.title.clone()),
            planned: Some(slot.start.value),
            held: Some(*started),
            reason: String::new(),
            text,
        },
    }
}
