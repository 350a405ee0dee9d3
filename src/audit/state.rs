//! The state of an audit: a pure fold of the events of every auditor's record, the same
//! whatever order they are read in, and the queries the interface draws from.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ulid::Ulid;

use super::event::*;
use super::merge::{
    Item, Origin, Tracked, current, keep_earliest_in, keep_latest, keep_latest_in, merge_earliest,
    merge_latest, merge_tracked,
};
use crate::record::Envelope;
use crate::text::one_line;

/// Everything recorded in an audit, merged from all auditors' events. Built by
/// [`AuditState::fold`] and kept current with [`AuditState::apply`]; both give the same state
/// for the same events in any order and any number of repeats.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditState {
    checklist: BTreeMap<(Meeting, String), (Origin, bool)>,
    attendees: BTreeMap<Ulid, Tracked<AttendeeAdded>>,
    started: BTreeMap<Meeting, (Origin, ())>,
    ended: BTreeMap<Meeting, (Origin, ())>,
    pub(crate) status: BTreeMap<String, (Origin, SampleStatusSet)>,
    pub(crate) unplanned: BTreeMap<String, (Origin, String)>,
    pub(crate) evidence: BTreeMap<Ulid, Tracked<EvidenceItem>>,
    pub(crate) notes: BTreeMap<Ulid, Tracked<Note>>,
    pub(crate) findings: BTreeMap<Ulid, Tracked<Finding>>,
    pub(crate) withdrawn: BTreeMap<Ulid, (Origin, String)>,
    pub(crate) merged: BTreeMap<Ulid, (Origin, Ulid)>,
    pub(crate) reinstated: BTreeMap<Ulid, (Origin, ())>,
    interviews: BTreeMap<Ulid, Tracked<InterviewStarted>>,
    interviews_ended: BTreeMap<Ulid, (Origin, ())>,
    pub(crate) interview_notes: BTreeMap<Ulid, Tracked<InterviewNote>>,
    note_interview: BTreeMap<Ulid, Ulid>,
    corroborations: BTreeMap<(Ulid, String), (Origin, Corroboration)>,
    opinions: BTreeMap<Ulid, (Origin, DivergingOpinion)>,
    acceptances: BTreeMap<Ulid, (Origin, FindingAccepted)>,
    acceptances_withdrawn: BTreeMap<Ulid, (Origin, ())>,
    pub(crate) recommendation: Option<(Origin, RecommendationSet)>,
    pub(crate) fixings: BTreeMap<Ulid, (Origin, NumbersFixed)>,
    fingerprints: BTreeMap<Ulid, (Origin, EvidenceFingerprinted)>,
    closures: super::previous::Closures,
    drafts: BTreeMap<(DraftTarget, String), (Origin, String)>,
    drafts_cleared: BTreeMap<DraftTarget, (Origin, ())>,
    not_understood: BTreeMap<Ulid, NotUnderstood>,
    damaged: BTreeMap<Ulid, DamagedEvent>,
    auditors: BTreeSet<Arc<str>>,
    last_seen: BTreeMap<Arc<str>, DateTime<Utc>>,
    pub(crate) documents: BTreeMap<String, (Origin, DocumentReviewed)>,
    shown: BTreeMap<Ulid, (Origin, AuditeeShowed)>,
}

/// An interview note's editable content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewNote {
    /// The question asked, when the note is an answer; empty for a free note.
    pub question: String,
    /// What was said: the answer, or the free note.
    pub text: String,
    /// Clauses and controls it touches.
    pub topics: Vec<String>,
}

/// An event kept in the record that this version cannot read: JSON of a type or shape it does
/// not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUnderstood {
    /// Its type.
    pub kind: String,
    /// Why it could not be read.
    pub why: Undecoded,
}

/// An event kept in the record whose payload is not JSON at all: its line is damaged (it was
/// written so, since its checksum matched), whatever its type says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DamagedEvent {
    /// Its id.
    pub id: Ulid,
    /// Its type, as written.
    #[serde(rename = "type")]
    pub kind: String,
    /// Who recorded it.
    pub by: String,
    /// What the JSON parser found wrong, and where in the payload.
    pub problem: String,
}

impl DamagedEvent {
    /// The damaged event `envelope`, whose payload the parser refused with `problem`.
    pub(crate) fn of(envelope: &Envelope, problem: String) -> DamagedEvent {
        DamagedEvent {
            id: envelope.id,
            kind: envelope.kind.clone(),
            by: envelope.auditor.clone(),
            problem,
        }
    }
}

impl fmt::Display for DamagedEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event {} ({}, recorded by {}) is damaged: its data is not JSON ({}); it is kept in the record untouched",
            self.id,
            one_line(&self.kind),
            one_line(&self.by),
            one_line(&self.problem)
        )
    }
}

/// The auditee's response to a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response<'a> {
    /// They accepted it.
    Accepted,
    /// They hold a diverging opinion, in their words.
    Diverging(&'a DivergingOpinion),
}

/// When a meeting started and ended, as last recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MeetingTimes {
    /// When it started.
    pub started: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended: Option<DateTime<Utc>>,
}

/// An interview as it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview<'a> {
    /// The interview and who started it, when.
    pub item: Item<'a, InterviewStarted>,
    /// When it ended, if it did.
    pub ended: Option<DateTime<Utc>>,
}

/// The fingerprint of an evidence item's file, wherever the record holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fingerprint<'a> {
    /// Taken after the item was recorded (`evidence_fingerprinted`), or found unreadable.
    Taken(&'a EvidenceFingerprinted),
    /// Written into the item itself, as older versions did.
    InItem(&'a FileSeen),
}

impl Fingerprint<'_> {
    /// SHA-256 of the file, lower-case hex; empty when it could not be taken.
    pub fn sha256(&self) -> &str {
        match self {
            Fingerprint::Taken(t) => &t.sha256,
            Fingerprint::InItem(f) => &f.sha256,
        }
    }

    /// The file's size in bytes.
    pub fn bytes(&self) -> u64 {
        match self {
            Fingerprint::Taken(t) => t.bytes,
            Fingerprint::InItem(f) => f.bytes,
        }
    }

    /// Why no fingerprint could be taken, if so.
    pub fn unreadable(&self) -> Option<&str> {
        match self {
            Fingerprint::Taken(t) if !t.unreadable.is_empty() => Some(&t.unreadable),
            Fingerprint::Taken(t) if t.sha256.is_empty() => Some("could not be read"),
            _ => None,
        }
    }
}

/// A draft of text being typed, not yet committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft<'a> {
    /// What it is a draft of.
    pub of: &'a DraftTarget,
    /// Which field.
    pub field: &'a str,
    /// The text so far.
    pub text: &'a str,
    /// When it was last saved, by whom.
    pub saved: &'a Origin,
}

impl AuditState {
    /// The state after `events`, read in any order; repeats are ignored.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a Envelope>) -> AuditState {
        let mut state = AuditState::default();
        for envelope in events {
            state.apply(envelope);
        }
        state
    }

    /// Adds one event to the state. An event this version cannot read is counted in
    /// [`AuditState::not_understood`], or in [`AuditState::damaged`] when its payload is not
    /// JSON, and otherwise ignored.
    pub fn apply(&mut self, envelope: &Envelope) {
        self.apply_read(envelope, Event::decode(&envelope.kind, &envelope.data));
    }

    /// [`AuditState::apply`] for an envelope whose event the caller has already read, so that
    /// it is not parsed twice.
    pub fn apply_read(&mut self, envelope: &Envelope, read: Result<Event, Undecoded>) {
        match read {
            Ok(event) => {
                let origin = self.origin_of(envelope);
                self.apply_event(origin, event)
            }
            Err(Undecoded::NotJson(problem)) => {
                self.damaged
                    .insert(envelope.id, DamagedEvent::of(envelope, problem));
            }
            Err(why) => {
                self.not_understood.insert(
                    envelope.id,
                    NotUnderstood {
                        kind: envelope.kind.clone(),
                        why,
                    },
                );
            }
        }
    }

    /// The audit `audit_id` as recorded in `home`, folded on every core and read without
    /// writing (whoever has it open meanwhile), with what reading it found wrong: what the
    /// commands that only look, the report writer and a previous audit's record read.
    pub fn read(
        home: &crate::record::Home,
        audit_id: &str,
    ) -> Result<(AuditState, crate::record::LoadReport), crate::record::RecordError> {
        crate::record::read_audit_folding(
            home,
            audit_id,
            |s: &mut AuditState, e| s.apply(&e),
            AuditState::merge,
        )
    }

    /// Adds everything `other` holds: the state of the union of both sets of events. Lets a
    /// record be folded in parts on several threads.
    pub fn merge(&mut self, other: AuditState) {
        merge_latest(&mut self.checklist, other.checklist);
        merge_tracked(&mut self.attendees, other.attendees);
        merge_latest(&mut self.started, other.started);
        merge_latest(&mut self.ended, other.ended);
        merge_latest(&mut self.status, other.status);
        merge_earliest(&mut self.unplanned, other.unplanned);
        merge_tracked(&mut self.evidence, other.evidence);
        merge_tracked(&mut self.notes, other.notes);
        merge_tracked(&mut self.findings, other.findings);
        merge_latest(&mut self.withdrawn, other.withdrawn);
        merge_latest(&mut self.merged, other.merged);
        merge_latest(&mut self.reinstated, other.reinstated);
        merge_tracked(&mut self.interviews, other.interviews);
        merge_latest(&mut self.interviews_ended, other.interviews_ended);
        merge_tracked(&mut self.interview_notes, other.interview_notes);
        self.note_interview.extend(other.note_interview);
        merge_latest(&mut self.corroborations, other.corroborations);
        merge_earliest(&mut self.opinions, other.opinions);
        merge_earliest(&mut self.acceptances, other.acceptances);
        merge_latest(&mut self.acceptances_withdrawn, other.acceptances_withdrawn);
        if let Some((origin, set)) = other.recommendation {
            keep_latest(&mut self.recommendation, origin, set);
        }
        merge_latest(&mut self.fixings, other.fixings);
        merge_latest(&mut self.fingerprints, other.fingerprints);
        self.closures.merge(other.closures);
        merge_latest(&mut self.shown, other.shown);
        merge_latest(&mut self.drafts, other.drafts);
        merge_latest(&mut self.drafts_cleared, other.drafts_cleared);
        merge_latest(&mut self.documents, other.documents);
        self.not_understood.extend(other.not_understood);
        self.damaged.extend(other.damaged);
        self.auditors.extend(other.auditors);
        for (by, at) in other.last_seen {
            let seen = self.last_seen.entry(by).or_insert(at);
            *seen = (*seen).max(at);
        }
    }

    fn apply_event(&mut self, origin: Origin, event: Event) {
        match event {
            Event::ClosureVerified(e) => {
                let nc = e.nc.clone();
                self.clear_drafts(DraftTarget::Closure { nc }, &origin);
                self.closures.apply(origin, e)
            }
            Event::AgendaItemChecked(e) => {
                keep_latest_in(&mut self.checklist, (e.meeting, e.item), origin, e.checked)
            }
            Event::AttendeeAdded(e) => {
                self.clear_drafts(DraftTarget::Attendee { meeting: e.meeting }, &origin);
                self.attendees
                    .entry(origin.id)
                    .or_default()
                    .create(origin, e)
            }
            Event::AttendeeRemoved(e) => {
                self.attendees.entry(e.attendee).or_default().remove(origin)
            }
            Event::MeetingStarted(e) => keep_latest_in(&mut self.started, e.meeting, origin, ()),
            Event::MeetingEnded(e) => keep_latest_in(&mut self.ended, e.meeting, origin, ()),
            Event::SampleStatusSet(e) => {
                if e.status == SetStatus::NotAssessed {
                    let sample = e.sample.clone();
                    self.clear_drafts(DraftTarget::NotAssessed { sample }, &origin);
                }
                keep_latest_in(&mut self.status, e.sample.clone(), origin, e)
            }
            Event::UnplannedSampleAdded(e) => {
                let sample = e.sample.clone();
                self.clear_drafts(DraftTarget::UnplannedSample { sample }, &origin);
                keep_earliest_in(&mut self.unplanned, e.sample, origin, e.why)
            }
            Event::EvidenceAdded(e) => {
                self.clear_drafts(
                    DraftTarget::NewEvidence {
                        sample: e.sample.clone(),
                    },
                    &origin,
                );
                self.evidence
                    .entry(origin.id)
                    .or_default()
                    .create(origin, e);
            }
            Event::EvidenceEdited(e) => {
                self.clear_drafts(
                    DraftTarget::Evidence {
                        evidence: e.evidence,
                    },
                    &origin,
                );
                self.evidence
                    .entry(e.evidence)
                    .or_default()
                    .edit(origin, e.content);
            }
            Event::EvidenceRemoved(e) => {
                self.clear_drafts(
                    DraftTarget::Evidence {
                        evidence: e.evidence,
                    },
                    &origin,
                );
                self.evidence.entry(e.evidence).or_default().remove(origin);
            }
            Event::NoteWritten(e) => {
                self.clear_drafts(
                    DraftTarget::NewNote {
                        sample: e.sample.clone(),
                        meeting: e.meeting,
                    },
                    &origin,
                );
                self.notes.entry(origin.id).or_default().create(origin, e);
            }
            Event::NoteEdited(e) => {
                self.clear_drafts(DraftTarget::Note { note: e.note }, &origin);
                self.notes
                    .entry(e.note)
                    .or_default()
                    .edit(origin, e.content);
            }
            Event::NoteRemoved(e) => {
                self.clear_drafts(DraftTarget::Note { note: e.note }, &origin);
                self.notes.entry(e.note).or_default().remove(origin);
            }
            Event::DraftSaved(e) => {
                keep_latest_in(&mut self.drafts, (e.of, e.field), origin, e.text)
            }
            Event::DraftDiscarded(e) => self.clear_drafts(e.of, &origin),
            Event::FindingRaised(e) => {
                self.clear_drafts(
                    DraftTarget::NewFinding {
                        sample: e.sample.clone(),
                    },
                    &origin,
                );
                self.findings
                    .entry(origin.id)
                    .or_default()
                    .create(origin, e);
            }
            Event::FindingEdited(e) => {
                self.clear_drafts(DraftTarget::Finding { finding: e.finding }, &origin);
                self.findings
                    .entry(e.finding)
                    .or_default()
                    .edit(origin, e.content);
            }
            Event::FindingWithdrawn(e) => {
                self.clear_drafts(DraftTarget::Finding { finding: e.finding }, &origin);
                self.clear_drafts(DraftTarget::Withdrawal { finding: e.finding }, &origin);
                keep_latest_in(&mut self.withdrawn, e.finding, origin, e.reason);
            }
            Event::FindingReinstated(e) => {
                keep_latest_in(&mut self.reinstated, e.finding, origin, ())
            }
            Event::InterviewStarted(e) => self
                .interviews
                .entry(origin.id)
                .or_default()
                .create(origin, e),
            Event::InterviewEnded(e) => {
                keep_latest_in(&mut self.interviews_ended, e.interview, origin, ())
            }
            Event::InterviewNoteWritten(e) => {
                let target = DraftTarget::NewInterviewNote {
                    interview: e.interview,
                };
                self.clear_drafts(target, &origin);
                self.note_interview.insert(origin.id, e.interview);
                let note = InterviewNote {
                    question: e.question,
                    text: e.text,
                    topics: e.topics,
                };
                self.interview_notes
                    .entry(origin.id)
                    .or_default()
                    .create(origin, note);
            }
            Event::InterviewNoteEdited(e) => {
                self.clear_drafts(DraftTarget::InterviewNote { note: e.note }, &origin);
                let note = InterviewNote {
                    question: e.question,
                    text: e.text,
                    topics: e.topics,
                };
                self.interview_notes
                    .entry(e.note)
                    .or_default()
                    .edit(origin, note);
            }
            Event::CorroborationRecorded(e) => {
                let target = DraftTarget::Corroboration {
                    interview: e.interview,
                };
                self.clear_drafts(target, &origin);
                keep_latest_in(
                    &mut self.corroborations,
                    (e.interview, e.control.clone()),
                    origin,
                    e,
                )
            }
            Event::DivergingOpinionRecorded(e) => {
                self.clear_drafts(
                    DraftTarget::DivergingOpinion { finding: e.finding },
                    &origin,
                );
                keep_earliest_in(&mut self.opinions, origin.id, origin, e);
            }
            Event::FindingAccepted(e) => {
                keep_earliest_in(&mut self.acceptances, origin.id, origin, e);
            }
            Event::RecommendationSet(e) => {
                self.clear_drafts(DraftTarget::Recommendation, &origin);
                keep_latest(&mut self.recommendation, origin, e);
            }
            Event::NumbersFixed(e) => keep_latest_in(&mut self.fixings, origin.id, origin, e),
            Event::EvidenceFingerprinted(e) => {
                keep_latest_in(&mut self.fingerprints, e.evidence, origin, e)
            }
            Event::EvidenceRestored(e) => {
                self.evidence.entry(e.evidence).or_default().restore(origin)
            }
            Event::NoteRestored(e) => self.notes.entry(e.note).or_default().restore(origin),
            Event::FindingAcceptanceWithdrawn(e) => {
                keep_latest_in(&mut self.acceptances_withdrawn, e.finding, origin, ())
            }
            Event::FindingsMerged(e) => keep_latest_in(&mut self.merged, e.finding, origin, e.into),
            Event::DocumentReviewed(e) => self.apply_document_review(origin, e),
            Event::AuditeeShowed(e) => keep_latest_in(&mut self.shown, origin.id, origin, e),
        }
    }

    /// Who recorded `envelope` and when, with the auditor's name shared.
    fn origin_of(&mut self, envelope: &Envelope) -> Origin {
        let by = match self.auditors.get(envelope.auditor.as_str()) {
            Some(by) => by.clone(),
            None => {
                let by: Arc<str> = Arc::from(envelope.auditor.as_str());
                self.auditors.insert(by.clone());
                by
            }
        };
        let seen = self.last_seen.entry(by.clone()).or_insert(envelope.at);
        *seen = (*seen).max(envelope.at);
        Origin {
            id: envelope.id,
            at: envelope.at,
            by,
        }
    }

    /// Each auditor whose events were read, with when they last recorded something: for the
    /// team panel, which tells whose file has not arrived or has not moved for a while.
    pub fn last_seen(&self) -> impl Iterator<Item = (&str, DateTime<Utc>)> {
        self.last_seen.iter().map(|(by, at)| (&**by, *at))
    }

    /// Marks every draft of `target` saved before `origin` as committed or discarded.
    pub(super) fn clear_drafts(&mut self, target: DraftTarget, origin: &Origin) {
        keep_latest_in(&mut self.drafts_cleared, target, origin.clone(), ());
    }

    /// The verifications of the previous audit's nonconformities recorded.
    pub fn closures(&self) -> &super::previous::Closures {
        &self.closures
    }

    /// Whether a meeting's checklist item is ticked.
    pub fn checked(&self, meeting: Meeting, item: &str) -> bool {
        self.checklist
            .get(&(meeting, item.to_owned()))
            .is_some_and(|(_, checked)| *checked)
    }

    /// A meeting's attendees, in the order they were added.
    pub fn attendees(&self, meeting: Meeting) -> impl Iterator<Item = Item<'_, AttendeeAdded>> {
        current(&self.attendees).filter(move |a| a.content.meeting == meeting)
    }

    /// What the auditee of a practice scenario showed, in the order shown.
    pub fn shown(&self) -> impl Iterator<Item = (&Origin, &AuditeeShowed)> {
        self.shown.values().map(|(origin, e)| (origin, e))
    }

    /// When a meeting started and ended.
    pub fn meeting(&self, meeting: Meeting) -> MeetingTimes {
        MeetingTimes {
            started: self.started.get(&meeting).map(|(o, ())| o.at),
            ended: self.ended.get(&meeting).map(|(o, ())| o.at),
        }
    }

    /// Evidence items, in the order they were added.
    pub fn evidence(&self) -> impl Iterator<Item = Item<'_, EvidenceItem>> {
        current(&self.evidence)
    }

    /// Notes, in the order they were written.
    pub fn notes(&self) -> impl Iterator<Item = Item<'_, Note>> {
        current(&self.notes)
    }

    /// Interviews, in the order they started.
    pub fn interviews(&self) -> impl Iterator<Item = Interview<'_>> {
        current(&self.interviews).map(|item| Interview {
            ended: self.interviews_ended.get(&item.id).map(|(o, ())| o.at),
            item,
        })
    }

    /// Notes of an interview, in the order they were written.
    pub fn interview_notes(
        &self,
        interview: Ulid,
    ) -> impl Iterator<Item = Item<'_, InterviewNote>> {
        self.interview_notes
            .iter()
            .filter(move |(id, _)| self.note_interview.get(id) == Some(&interview))
            .filter_map(|(_, note)| note.current())
    }

    /// How what was said in an interview compares with the records, per control, as last
    /// recorded, in the order of the controls' ids.
    pub fn corroborations(&self, interview: Ulid) -> impl Iterator<Item = &Corroboration> {
        self.corroborations
            .range((interview, String::new())..)
            .take_while(move |((id, _), _)| *id == interview)
            .map(|(_, (_, c))| c)
    }

    /// The fingerprint that applies to an evidence item: its latest `evidence_fingerprinted`
    /// if taken of the path the item names now, else the one an older record kept in the item
    /// itself. None while it is still being taken, or when the item names no file.
    pub fn fingerprint_of(&self, evidence: Ulid) -> Option<Fingerprint<'_>> {
        let item = self.evidence.get(&evidence)?.current()?;
        let file = item.content.file.as_ref()?;
        match self.fingerprints.get(&evidence) {
            Some((_, taken)) if taken.path == file.path => Some(Fingerprint::Taken(taken)),
            _ if !file.sha256.is_empty() => Some(Fingerprint::InItem(file)),
            _ => None,
        }
    }

    /// Diverging opinions, in the order they were recorded.
    pub fn diverging_opinions(&self) -> impl Iterator<Item = (&Origin, &DivergingOpinion)> {
        self.opinions.values().map(|(o, d)| (o, d))
    }

    /// The auditee's responses to finding `finding`, in the order recorded: each acceptance
    /// not withdrawn since and each diverging opinion on it, with who recorded it and when.
    pub fn responses(&self, finding: Ulid) -> Vec<(&Origin, Response<'_>)> {
        let withdrawn = self.acceptances_withdrawn.get(&finding).map(|(o, ())| o.id);
        let accepted = (self.acceptances.values())
            .filter(|(o, a)| a.finding == finding && withdrawn.is_none_or(|w| o.id > w))
            .map(|(o, _)| (o, Response::Accepted));
        let diverging = (self.opinions.values())
            .filter(|(_, d)| d.finding == Some(finding))
            .map(|(o, d)| (o, Response::Diverging(d)));
        let mut responses: Vec<_> = accepted.chain(diverging).collect();
        responses.sort_by_key(|(o, _)| o.id);
        responses
    }

    /// Drafts not yet committed or discarded, ordered by what they are drafts of.
    pub fn drafts(&self) -> impl Iterator<Item = Draft<'_>> {
        self.drafts
            .iter()
            .filter(|((of, _), (saved, _))| {
                self.drafts_cleared
                    .get(of)
                    .is_none_or(|(cleared, ())| saved.id > cleared.id)
            })
            .map(|((of, field), (saved, text))| Draft {
                of,
                field,
                text,
                saved,
            })
    }

    /// The draft of one field of `of`, if there is one.
    pub fn draft(&self, of: &DraftTarget, field: &str) -> Option<&str> {
        self.drafts_of(of)
            .find(|d| d.field == field)
            .map(|d| d.text)
    }

    /// The drafts of every field of `of` not yet committed or discarded, by field.
    pub fn drafts_of(&self, of: &DraftTarget) -> impl Iterator<Item = Draft<'_>> + use<'_> {
        let cleared = self.drafts_cleared.get(of).map(|(o, ())| o.id);
        let of = of.clone();
        self.drafts
            .range((of.clone(), String::new())..)
            .take_while(move |((target, _), _)| *target == of)
            .filter(move |(_, (saved, _))| cleared.is_none_or(|c| saved.id > c))
            .map(|((of, field), (saved, text))| Draft {
                of,
                field,
                text,
                saved,
            })
    }

    /// Events kept in the record that this version cannot read, by id.
    pub fn not_understood(&self) -> &BTreeMap<Ulid, NotUnderstood> {
        &self.not_understood
    }

    /// Events kept in the record whose payload is not JSON, by id.
    pub fn damaged(&self) -> &BTreeMap<Ulid, DamagedEvent> {
        &self.damaged
    }
}
