//! Everything an auditor records on the day, as typed events. Each is stored as an envelope's
//! `type` and `data` (docs/record-format.md lists them with examples). Entities (evidence
//! items, notes, findings, interviews, interview notes, attendees, diverging opinions) are
//! known by the id of the event that created them; samples by their canonical reference.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::record::{Disk, Envelope, RawJson, Store};

/// Generates the event enum from `Variant(Payload) = "type"` lines, with the conversions to and
/// from an envelope's type and payload, so the list of types is written once.
macro_rules! events {
    ($($(#[$doc:meta])* $variant:ident($payload:ty) = $kind:literal,)*) => {
        /// One thing the auditor did, as recorded.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            $($(#[$doc])* $variant($payload),)*
        }

        impl Event {
            /// Every event type this version understands, as written in `type`.
            pub const KINDS: &[&str] = &[$($kind),*];

            /// The event's type, as written in the envelope's `type`.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Event::$variant(_) => $kind,)*
                }
            }

            /// The event's payload, as written in the envelope's `data`.
            pub fn data(&self) -> RawJson {
                let json = match self {
                    $(Event::$variant(p) => serde_json::value::to_raw_value(p),)*
                };
                RawJson::from(json.expect("event payloads are plain data and always serialize"))
            }

            /// Reads an envelope's type and payload back into an event.
            pub fn decode(kind: &str, data: &RawJson) -> Result<Event, Undecoded> {
                match kind {
                    $($kind => serde_json::from_str(data.get())
                        .map(Event::$variant)
                        .map_err(|e| Undecoded::of(data, || Undecoded::BadPayload(e.to_string()))),)*
                    _ => Err(Undecoded::of(data, || Undecoded::UnknownType)),
                }
            }
        }
    };
}

impl Event {
    /// The event as a new envelope of `store`'s auditor, ready to append (and to append again
    /// on retry). Nothing is written.
    pub fn stamp<D: Disk>(&self, store: &mut Store<D>) -> Envelope {
        store.stamp(self.kind(), self.data())
    }
}

/// Why an envelope could not be read as an event. The event stays in the file untouched; the
/// state counts it so the auditor can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecoded {
    /// A type this version does not know (written by a newer one).
    UnknownType,
    /// A known type whose payload does not fit, with the parser's message.
    BadPayload(String),
    /// A payload that is not JSON at all, with the parser's message: the line is damaged,
    /// whatever its type (its checksum matched, so it was written so).
    NotJson(String),
}

impl Undecoded {
    /// Why `data` could not be read: [`Undecoded::NotJson`] if it is not JSON, else `shape`.
    /// Checked only once a read has failed, so that reading stays one parse.
    fn of(data: &RawJson, shape: impl FnOnce() -> Undecoded) -> Undecoded {
        match serde_json::from_str::<serde::de::IgnoredAny>(data.get()) {
            Ok(_) => shape(),
            Err(e) => Undecoded::NotJson(e.to_string()),
        }
    }
}

events! {
    /// An opening- or closing-meeting checklist item ticked or unticked.
    AgendaItemChecked(AgendaItemChecked) = "agenda_item_checked",
    /// Someone attended a meeting.
    AttendeeAdded(AttendeeAdded) = "attendee_added",
    /// An attendee entered by mistake.
    AttendeeRemoved(AttendeeRemoved) = "attendee_removed",
    /// A meeting began.
    MeetingStarted(MeetingMark) = "meeting_started",
    /// A meeting ended.
    MeetingEnded(MeetingMark) = "meeting_ended",
    /// The auditor set a sample's status.
    SampleStatusSet(SampleStatusSet) = "sample_status_set",
    /// A sample the plan did not list, taken because a trail led there.
    UnplannedSampleAdded(UnplannedSampleAdded) = "unplanned_sample_added",
    /// An evidence item seen.
    EvidenceAdded(EvidenceItem) = "evidence_added",
    /// An evidence item corrected; the content replaces the previous one whole.
    EvidenceEdited(EvidenceEdited) = "evidence_edited",
    /// An evidence item entered by mistake.
    EvidenceRemoved(EvidenceRemoved) = "evidence_removed",
    /// A note written.
    NoteWritten(Note) = "note_written",
    /// A note corrected; the content replaces the previous one whole.
    NoteEdited(NoteEdited) = "note_edited",
    /// A note deleted.
    NoteRemoved(NoteRemoved) = "note_removed",
    /// Text still being typed, saved so that a crash loses none of it.
    DraftSaved(DraftSaved) = "draft_saved",
    /// A draft abandoned without being committed.
    DraftDiscarded(DraftDiscarded) = "draft_discarded",
    /// A finding raised.
    FindingRaised(Finding) = "finding_raised",
    /// A finding corrected; the content replaces the previous one whole.
    FindingEdited(FindingEdited) = "finding_edited",
    /// A finding withdrawn: it keeps its number and shows as withdrawn.
    FindingWithdrawn(FindingWithdrawn) = "finding_withdrawn",
    /// An interview began.
    InterviewStarted(InterviewStarted) = "interview_started",
    /// An interview ended.
    InterviewEnded(InterviewEnded) = "interview_ended",
    /// A note taken during an interview.
    InterviewNoteWritten(InterviewNoteWritten) = "interview_note_written",
    /// An interview note corrected.
    InterviewNoteEdited(InterviewNoteEdited) = "interview_note_edited",
    /// Whether what an interviewee said about a control matches the records seen.
    CorroborationRecorded(Corroboration) = "corroboration_recorded",
    /// The auditee's diverging opinion on a finding or on the audit.
    DivergingOpinionRecorded(DivergingOpinion) = "diverging_opinion_recorded",
    /// The auditee accepted a finding as presented at the closing meeting.
    FindingAccepted(FindingAccepted) = "finding_accepted",
    /// The audit team's recommendation stated; a justification says why when it overrides
    /// the one that follows from the findings.
    RecommendationSet(RecommendationSet) = "recommendation_set",
    /// The finding numbers fixed as they stood, so that numbers read out never change.
    NumbersFixed(NumbersFixed) = "numbers_fixed",
    /// The fingerprint of an evidence item's file, taken after the item was recorded.
    EvidenceFingerprinted(EvidenceFingerprinted) = "evidence_fingerprinted",
    /// A withdrawn finding standing again: the withdrawal undone.
    FindingReinstated(FindingReinstated) = "finding_reinstated",
    /// A removed evidence item back: the removal undone.
    EvidenceRestored(EvidenceRestored) = "evidence_restored",
    /// A removed note back: the removal undone.
    NoteRestored(NoteRestored) = "note_restored",
    /// The auditee's acceptance of a finding recorded by mistake: the acceptance undone.
    FindingAcceptanceWithdrawn(FindingAcceptanceWithdrawn) = "finding_acceptance_withdrawn",
    /// A finding that says the same as another merged into it at the closing meeting: it
    /// stands no more and the other cites it; a later `finding_reinstated` undoes the merge.
    FindingsMerged(FindingsMerged) = "findings_merged",
    /// The corrective action for a nonconformity of the previous audit verified: what was
    /// seen and whether it closed the nonconformity; the latest verification of each stands.
    ClosureVerified(ClosureVerified) = "closure_verified",
    /// A document of the plan's list reviewed (Stage 1): seen or not, how it is identified and
    /// approved; the latest review of a document replaces the earlier ones.
    DocumentReviewed(DocumentReviewed) = "document_reviewed",
    /// In a practice audit, what the scripted auditee handed over in a sample or said in an
    /// interview, so that the score knows what was shown and when.
    AuditeeShowed(AuditeeShowed) = "auditee_showed",
}

/// The two meetings with a checklist and attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Meeting {
    /// The opening meeting.
    Opening,
    /// The closing meeting.
    Closing,
}

/// Payload of `agenda_item_checked`. The item is named by its text in the plan's checklist,
/// not by position, so an edited checklist still fits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItemChecked {
    /// Which meeting's checklist.
    pub meeting: Meeting,
    /// The checklist item's text.
    pub item: String,
    /// Ticked (true) or unticked.
    pub checked: bool,
}

/// Payload of `attendee_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeAdded {
    /// Which meeting.
    pub meeting: Meeting,
    /// Full name.
    pub name: String,
    /// Job title or part in the audit.
    #[serde(default)]
    pub role: String,
    /// Organisation: the client, the certification body, an accreditation body.
    #[serde(default)]
    pub organisation: String,
}

/// Payload of `attendee_removed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeRemoved {
    /// Id of the `attendee_added` event.
    pub attendee: Ulid,
}

/// Payload of `meeting_started` and `meeting_ended`; the time is the envelope's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingMark {
    /// Which meeting.
    pub meeting: Meeting,
}

/// A sample's status as the auditor sets it. "Finding raised" is not set but follows from
/// the findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetStatus {
    /// Back to not started.
    NotStarted,
    /// Being checked.
    InProgress,
    /// Checked, and the control or clause conforms.
    Conforming,
    /// Not checked, for the reason given.
    NotAssessed,
}

/// Payload of `sample_status_set`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleStatusSet {
    /// Canonical reference of the sample (`A.8.15`).
    pub sample: String,
    /// The new status.
    pub status: SetStatus,
    /// Why it was not assessed; empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Payload of `unplanned_sample_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnplannedSampleAdded {
    /// Canonical reference of the clause or control sampled.
    pub sample: String,
    /// The trail that led there.
    #[serde(default)]
    pub why: String,
}

/// An evidence item: payload of `evidence_added`, and the content of `evidence_edited`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EvidenceItem {
    /// The sample it was seen for (`A.8.15`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// What was seen.
    pub seen: String,
    /// What identifies it: document name, record or ticket id.
    pub identifier: String,
    /// Version or revision.
    pub version: String,
    /// Its date, as written on it.
    pub date: String,
    /// How much of it was looked at: "5 of 23 leavers since March".
    pub sample_size: String,
    /// A file on the auditor's laptop that was seen, with its fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<FileSeen>,
}

/// A file seen as evidence. Its fingerprint is recorded on its own, by `evidence_fingerprinted`
/// (see [`AuditState::fingerprint_of`](super::AuditState::fingerprint_of)); records written
/// before that event existed hold it here, and there it still counts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileSeen {
    /// Its path on the laptop, as given.
    pub path: String,
    /// SHA-256 of its content, lower-case hex, as older records hold it; else empty.
    #[serde(default)]
    pub sha256: String,
    /// Its size in bytes.
    #[serde(default)]
    pub bytes: u64,
}

/// Payload of `evidence_edited`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceEdited {
    /// Id of the `evidence_added` event.
    pub evidence: Ulid,
    /// The whole corrected item.
    pub content: EvidenceItem,
}

/// Payload of `evidence_removed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRemoved {
    /// Id of the `evidence_added` event.
    pub evidence: Ulid,
}

/// Payload of `evidence_restored`: the item is back unless removed after this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRestored {
    /// Id of the `evidence_added` event.
    pub evidence: Ulid,
}

/// A note: payload of `note_written`, and the content of `note_edited`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Note {
    /// The sample it is about (`A.8.15`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// The meeting it was taken in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Meeting>,
    /// The text.
    pub text: String,
}

/// Payload of `note_edited`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteEdited {
    /// Id of the `note_written` event.
    pub note: Ulid,
    /// The whole corrected note.
    pub content: Note,
}

/// Payload of `note_removed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRemoved {
    /// Id of the `note_written` event.
    pub note: Ulid,
}

/// Payload of `note_restored`: the note is back unless removed after this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRestored {
    /// Id of the `note_written` event.
    pub note: Ulid,
}

/// What a draft is the text of: the item it will become or the item being edited.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "TargetFields")]
pub enum DraftTarget {
    /// A note not yet written, on a sample, in a meeting, or general.
    NewNote {
        /// The sample, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sample: Option<String>,
        /// The meeting, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meeting: Option<Meeting>,
    },
    /// A change to a note.
    Note {
        /// Id of the note.
        note: Ulid,
    },
    /// An evidence item not yet added.
    NewEvidence {
        /// The sample, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sample: Option<String>,
    },
    /// A change to an evidence item.
    Evidence {
        /// Id of the evidence item.
        evidence: Ulid,
    },
    /// A finding not yet raised.
    NewFinding {
        /// The sample, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sample: Option<String>,
    },
    /// A change to a finding.
    Finding {
        /// Id of the finding.
        finding: Ulid,
    },
    /// An interview note not yet written.
    NewInterviewNote {
        /// Id of the interview.
        interview: Ulid,
    },
    /// A change to an interview note.
    InterviewNote {
        /// Id of the interview note.
        note: Ulid,
    },
    /// An interview with someone the plan does not name, not yet started.
    NewInterview,
    /// The note of a corroboration not yet recorded.
    Corroboration {
        /// Id of the interview.
        interview: Ulid,
    },
    /// A diverging opinion not yet recorded.
    DivergingOpinion {
        /// The finding it is about, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        finding: Option<Ulid>,
    },
    /// The recommendation's justification.
    Recommendation,
    /// Why a sample was not assessed, not yet recorded.
    NotAssessed {
        /// The sample.
        sample: String,
    },
    /// Someone typed in as attending a meeting, not yet added.
    Attendee {
        /// The meeting.
        meeting: Meeting,
    },
    /// Why a finding is withdrawn, not yet recorded.
    Withdrawal {
        /// Id of the finding.
        finding: Ulid,
    },
    /// The trail that led to an unplanned sample, not yet recorded.
    UnplannedSample {
        /// The clause or control.
        sample: String,
    },
    /// The verification of a previous audit's nonconformity, not yet recorded.
    Closure {
        /// The nonconformity's number in the previous audit's report.
        nc: String,
    },
    /// The review of a document of the plan's list, not yet recorded.
    DocumentReview {
        /// The document's title, as the plan writes it.
        document: String,
    },
}

/// A draft target as written, read field by field: half of a day's events are drafts, and
/// this is several times faster than serde's buffering of an internally tagged enum.
#[derive(Deserialize)]
struct TargetFields {
    kind: TargetKind,
    #[serde(default)]
    sample: Option<String>,
    #[serde(default)]
    meeting: Option<Meeting>,
    note: Option<Ulid>,
    evidence: Option<Ulid>,
    finding: Option<Ulid>,
    interview: Option<Ulid>,
    #[serde(default)]
    nc: Option<String>,
    #[serde(default)]
    document: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum TargetKind {
    NewNote,
    Note,
    NewEvidence,
    Evidence,
    NewFinding,
    Finding,
    NewInterviewNote,
    InterviewNote,
    NewInterview,
    Corroboration,
    DivergingOpinion,
    Recommendation,
    NotAssessed,
    Attendee,
    Withdrawal,
    UnplannedSample,
    Closure,
    DocumentReview,
}

impl TryFrom<TargetFields> for DraftTarget {
    type Error = String;

    fn try_from(t: TargetFields) -> Result<Self, String> {
        let need = |id: Option<Ulid>, field: &str| id.ok_or(format!("missing field `{field}`"));
        Ok(match t.kind {
            TargetKind::NewNote => DraftTarget::NewNote {
                sample: t.sample,
                meeting: t.meeting,
            },
            TargetKind::Note => DraftTarget::Note {
                note: need(t.note, "note")?,
            },
            TargetKind::NewEvidence => DraftTarget::NewEvidence { sample: t.sample },
            TargetKind::Evidence => DraftTarget::Evidence {
                evidence: need(t.evidence, "evidence")?,
            },
            TargetKind::NewFinding => DraftTarget::NewFinding { sample: t.sample },
            TargetKind::Finding => DraftTarget::Finding {
                finding: need(t.finding, "finding")?,
            },
            TargetKind::NewInterviewNote => DraftTarget::NewInterviewNote {
                interview: need(t.interview, "interview")?,
            },
            TargetKind::InterviewNote => DraftTarget::InterviewNote {
                note: need(t.note, "note")?,
            },
            TargetKind::NewInterview => DraftTarget::NewInterview,
            TargetKind::Corroboration => DraftTarget::Corroboration {
                interview: need(t.interview, "interview")?,
            },
            TargetKind::DivergingOpinion => DraftTarget::DivergingOpinion { finding: t.finding },
            TargetKind::Recommendation => DraftTarget::Recommendation,
            TargetKind::NotAssessed => DraftTarget::NotAssessed {
                sample: t.sample.ok_or("missing field `sample`")?,
            },
            TargetKind::Attendee => DraftTarget::Attendee {
                meeting: t.meeting.ok_or("missing field `meeting`")?,
            },
            TargetKind::Withdrawal => DraftTarget::Withdrawal {
                finding: need(t.finding, "finding")?,
            },
            TargetKind::UnplannedSample => DraftTarget::UnplannedSample {
                sample: t.sample.ok_or("missing field `sample`")?,
            },
            TargetKind::Closure => DraftTarget::Closure {
                nc: t.nc.ok_or("missing field `nc`")?,
            },
            TargetKind::DocumentReview => DraftTarget::DocumentReview {
                document: t.document.ok_or("missing field `document`")?,
            },
        })
    }
}

/// Payload of `draft_saved`. A form with several text fields saves one draft per field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSaved {
    /// What the text is a draft of.
    pub of: DraftTarget,
    /// Which field of it: `text`, `statement`, `objective_evidence` …
    #[serde(default = "default_field")]
    pub field: String,
    /// The text so far, whole.
    pub text: String,
}

fn default_field() -> String {
    "text".into()
}

/// Payload of `draft_discarded`: every field's draft of `of` is dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftDiscarded {
    /// What the drafts were of.
    pub of: DraftTarget,
}

/// How a finding is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Major nonconformity.
    Major,
    /// Minor nonconformity.
    Minor,
    /// Observation.
    Observation,
    /// Opportunity for improvement.
    Opportunity,
    /// Positive finding, a strength.
    Strength,
    /// Area of concern: what a Stage 1 asks to be fixed before Stage 2, without the weight of
    /// a formal nonconformity.
    AreaOfConcern,
}

impl Grade {
    /// Every grade: the certification grades most serious first, then the area of concern
    /// (last, so that the grade keys 1–5 of earlier versions keep their meaning).
    pub const ALL: [Grade; 6] = [
        Grade::Major,
        Grade::Minor,
        Grade::Observation,
        Grade::Opportunity,
        Grade::Strength,
        Grade::AreaOfConcern,
    ];

    /// How the grade is named to people.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Major => "major nonconformity",
            Grade::Minor => "minor nonconformity",
            Grade::Observation => "observation",
            Grade::Opportunity => "opportunity for improvement",
            Grade::Strength => "strength",
            Grade::AreaOfConcern => "area of concern",
        }
    }

    /// Whether a standing finding of this grade makes its sample "finding raised"
    /// (nonconformities, areas of concern and observations do; improvements and strengths do
    /// not).
    pub fn raises_sample(self) -> bool {
        matches!(
            self,
            Grade::Major | Grade::Minor | Grade::Observation | Grade::AreaOfConcern
        )
    }

    /// The prefix of the numbers of this grade's findings; majors and minors share `NC`.
    pub fn series(self) -> &'static str {
        match self {
            Grade::Major | Grade::Minor => "NC",
            Grade::Observation => "OBS",
            Grade::Opportunity => "OFI",
            Grade::Strength => "STR",
            Grade::AreaOfConcern => "AOC",
        }
    }
}

/// A finding: payload of `finding_raised`, and the content of `finding_edited`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Its grade.
    pub grade: Grade,
    /// The sample it was raised on (`A.8.15`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// Clauses and controls it refers to (canonical ids); at least one in a complete finding.
    #[serde(default)]
    pub references: Vec<String>,
    /// The requirement, quoted or paraphrased.
    #[serde(default)]
    pub requirement: String,
    /// What is not met (or, for a strength or OFI, what was noticed).
    #[serde(default)]
    pub statement: String,
    /// What was seen, where, when, by whom.
    #[serde(default)]
    pub objective_evidence: String,
    /// Evidence items it rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Ulid>,
    /// Interviews it rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviews: Vec<Ulid>,
}

/// Payload of `finding_edited`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingEdited {
    /// Id of the `finding_raised` event.
    pub finding: Ulid,
    /// The whole corrected finding.
    pub content: Finding,
}

/// Payload of `finding_withdrawn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingWithdrawn {
    /// Id of the `finding_raised` event.
    pub finding: Ulid,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// Payload of `findings_merged`: both findings stay in the record; `finding` stands no more
/// (as a withdrawn one, unless reinstated later) and `into` cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingsMerged {
    /// Id of the `finding_raised` event of the finding merged away.
    pub finding: Ulid,
    /// Id of the `finding_raised` event of the finding it is merged into, which stands.
    pub into: Ulid,
}

/// What the verification of a previous audit's nonconformity concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureVerdict {
    /// The corrective action was taken and it worked: the nonconformity is closed.
    ClosedEffective,
    /// The corrective action was taken but the nonconformity, or its cause, is still there.
    ClosedNotEffective,
    /// No corrective action, or not finished: the nonconformity is still open.
    Open,
}

impl ClosureVerdict {
    /// Every verdict, in the order the form offers them.
    pub const ALL: [ClosureVerdict; 3] = [
        ClosureVerdict::ClosedEffective,
        ClosureVerdict::ClosedNotEffective,
        ClosureVerdict::Open,
    ];

    /// How the verdict is named to people.
    pub fn label(self) -> &'static str {
        match self {
            ClosureVerdict::ClosedEffective => "closed and effective",
            ClosureVerdict::ClosedNotEffective => "closed but not effective",
            ClosureVerdict::Open => "open",
        }
    }

    /// The verdict as the record and the report context write it.
    pub fn key(self) -> &'static str {
        match self {
            ClosureVerdict::ClosedEffective => "closed_effective",
            ClosureVerdict::ClosedNotEffective => "closed_not_effective",
            ClosureVerdict::Open => "open",
        }
    }
}

/// Payload of `closure_verified`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureVerified {
    /// The nonconformity's number in the previous audit's report (`NC-2025-01`).
    pub nc: String,
    /// The corrective action seen.
    #[serde(default)]
    pub corrective_action: String,
    /// The evidence of it: what was seen, where, when.
    #[serde(default)]
    pub evidence: String,
    /// What the verification concluded.
    pub verdict: ClosureVerdict,
}

/// Payload of `auditee_showed`: one item of a practice scenario (a document's or an answer's
/// id, never anything of the answer key), and the sample or interview it was shown in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditeeShowed {
    /// The scenario's id of the document handed over or the answer given.
    pub item: String,
    /// The sample it was handed over for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// Id of the `interview_started` event of the interview it was said in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<Ulid>,
}

/// Payload of `finding_reinstated`: the finding stands again unless withdrawn after this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingReinstated {
    /// Id of the `finding_raised` event.
    pub finding: Ulid,
}

/// Payload of `interview_started`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewStarted {
    /// Who is interviewed.
    pub interviewee: String,
    /// Their job title or function.
    #[serde(default)]
    pub role: String,
    /// Their department, for someone the plan does not name (the plan says it for the others).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub department: String,
    /// Clauses and controls to talk about (canonical ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

/// Payload of `interview_ended`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewEnded {
    /// Id of the `interview_started` event.
    pub interview: Ulid,
}

/// Payload of `interview_note_written`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewNoteWritten {
    /// Id of the `interview_started` event.
    pub interview: Ulid,
    /// The question asked, when the note is an answer; none for a free note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// What was said: the answer, or the free note.
    pub text: String,
    /// Clauses and controls it touches (canonical ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

/// Payload of `interview_note_edited`; text and topics replace the previous ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewNoteEdited {
    /// Id of the `interview_note_written` event.
    pub note: Ulid,
    /// The corrected question; none for a free note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// The corrected text.
    pub text: String,
    /// The corrected topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

/// Payload of `corroboration_recorded`: for one control an interview touched, whether what
/// was said matches the records seen. The latest for an interview and control stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corroboration {
    /// Id of the `interview_started` event.
    pub interview: Ulid,
    /// The clause or control (canonical id).
    pub control: String,
    /// What the comparison found.
    pub verdict: Verdict,
    /// Evidence items from the samples that were compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Ulid>,
    /// What differs, or what was compared, in the auditor's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What comparing an interview with the records found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// What was said matches the records.
    Matches,
    /// What was said contradicts the records.
    Contradicts,
    /// Not compared with the records.
    NotChecked,
}

impl Verdict {
    /// Every verdict, in the order a form offers them.
    pub const ALL: [Verdict; 3] = [Verdict::Matches, Verdict::Contradicts, Verdict::NotChecked];

    /// The verdict in words.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Matches => "matches the records",
            Verdict::Contradicts => "contradicts the records",
            Verdict::NotChecked => "not checked",
        }
    }
}

/// Payload of `diverging_opinion_recorded`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivergingOpinion {
    /// The finding it is about, or none for the audit as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<Ulid>,
    /// Whose opinion it is.
    pub held_by: String,
    /// The opinion.
    pub text: String,
}

/// Payload of `finding_accepted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingAccepted {
    /// The finding accepted.
    pub finding: Ulid,
}

/// Payload of `finding_acceptance_withdrawn`: every acceptance of the finding recorded before
/// it no longer counts (one recorded after it does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingAcceptanceWithdrawn {
    /// The finding whose acceptance is withdrawn.
    pub finding: Ulid,
}

/// What the audit team recommends at the closing meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// Certification (or continued certification) recommended.
    Recommended,
    /// Recommended once a corrective-action plan for the minor nonconformities is accepted.
    RecommendedSubjectToActionPlan,
    /// Not recommended until the major nonconformities are closed.
    NotRecommended,
    /// Stage 1: ready to proceed to Stage 2.
    ReadyForStage2,
    /// Stage 1: not ready to proceed to Stage 2.
    NotReadyForStage2,
    /// Internal or mock audit: ready for a certification audit.
    Ready,
    /// Internal or mock audit: ready once the minor nonconformities are corrected.
    ReadyOnceCorrected,
    /// Internal or mock audit: major nonconformities to correct first.
    NotReady,
}

/// Payload of `recommendation_set`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationSet {
    /// The recommendation stated.
    pub recommendation: Recommendation,
    /// Why, required when it differs from the one that follows from the findings.
    #[serde(default)]
    pub justification: String,
}

/// Payload of `numbers_fixed`: every finding's number as it stood, by the finding's id. From
/// then on these numbers do not change (see [`AuditState::findings`](super::AuditState::findings)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NumbersFixed {
    /// Finding id → number (`NC-01`).
    pub numbers: BTreeMap<Ulid, String>,
}

/// Payload of `document_reviewed`: one document of the plan's `[[document]]` list as the auditor
/// found it. Keyed by the document's title as the plan writes it; the latest review of a
/// document stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentReviewed {
    /// The document's title, as the plan writes it.
    pub document: String,
    /// Whether it was seen (false: not shown, or missing).
    pub seen: bool,
    /// What identifies it: its reference or file name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub identifier: String,
    /// Its version or revision.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Who approved it; empty when it shows no approval.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approved_by: String,
    /// When it was approved, as written on it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approved_on: String,
    /// Whether it is current (reviewed as planned, not superseded); none when not judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<bool>,
    /// Whether the staff who need it can reach it; none when not judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessible: Option<bool>,
    /// The auditor's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl DocumentReviewed {
    /// Whether it was seen and shows who approved it.
    pub fn approved(&self) -> bool {
        self.seen && !self.approved_by.trim().is_empty()
    }
}

/// Payload of `evidence_fingerprinted`: the SHA-256 of the file an evidence item names, or in
/// words why none was taken.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EvidenceFingerprinted {
    /// Id of the `evidence_added` event.
    pub evidence: Ulid,
    /// The file's path as the item named it when the fingerprint was taken.
    pub path: String,
    /// SHA-256 of its content, lower-case hex; empty when `unreadable` says why.
    #[serde(default)]
    pub sha256: String,
    /// Its size in bytes.
    #[serde(default)]
    pub bytes: u64,
    /// Why no fingerprint was taken (not a regular file, over the size limit, could not be
    /// read); empty when there is one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unreadable: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One event of every type, with every optional field filled.
    fn one_of_each() -> Vec<Event> {
        let id = Ulid::from_parts(1, 2);
        let text = |t: &str| t.to_string();
        let finding = Finding {
            grade: Grade::Minor,
            sample: Some(text("A.5.15")),
            references: vec![text("A.5.18")],
            requirement: text("r"),
            statement: text("s\nsecond line"),
            objective_evidence: text("e"),
            evidence: vec![id],
            interviews: vec![id],
        };
        let evidence = EvidenceItem {
            sample: Some(text("A.8.15")),
            seen: text("SIEM retention settings"),
            identifier: text("SIEM-CFG"),
            version: text("v3"),
            date: text("2026-09-30"),
            sample_size: text("1 of 1"),
            file: Some(FileSeen {
                path: text("/tmp/siem.png"),
                sha256: text("ab"),
                bytes: 3,
            }),
        };
        let note = Note {
            sample: Some(text("A.8.15")),
            meeting: Some(Meeting::Closing),
            text: text("n"),
        };
        let closing = MeetingMark {
            meeting: Meeting::Closing,
        };
        vec![
            Event::AgendaItemChecked(AgendaItemChecked {
                meeting: Meeting::Opening,
                item: text("Introductions"),
                checked: true,
            }),
            Event::AttendeeAdded(AttendeeAdded {
                meeting: Meeting::Opening,
                name: text("Dana Okafor"),
                role: text("CTO"),
                organisation: text("Brightloop"),
            }),
            Event::AttendeeRemoved(AttendeeRemoved { attendee: id }),
            Event::MeetingStarted(closing.clone()),
            Event::MeetingEnded(closing),
            Event::SampleStatusSet(SampleStatusSet {
                sample: text("A.7.2"),
                status: SetStatus::NotAssessed,
                reason: text("site visit cancelled"),
            }),
            Event::UnplannedSampleAdded(UnplannedSampleAdded {
                sample: text("A.5.30"),
                why: text("trail"),
            }),
            Event::EvidenceAdded(evidence.clone()),
            Event::EvidenceEdited(EvidenceEdited {
                evidence: id,
                content: evidence,
            }),
            Event::EvidenceRemoved(EvidenceRemoved { evidence: id }),
            Event::NoteWritten(note.clone()),
            Event::NoteEdited(NoteEdited {
                note: id,
                content: note,
            }),
            Event::NoteRemoved(NoteRemoved { note: id }),
            Event::DraftSaved(DraftSaved {
                of: DraftTarget::NewFinding {
                    sample: Some(text("A.8.15")),
                },
                field: text("statement"),
                text: text("Logs are not rev"),
            }),
            Event::DraftDiscarded(DraftDiscarded {
                of: DraftTarget::InterviewNote { note: id },
            }),
            Event::FindingRaised(finding.clone()),
            Event::FindingEdited(FindingEdited {
                finding: id,
                content: finding,
            }),
            Event::FindingWithdrawn(FindingWithdrawn {
                finding: id,
                reason: text("evidenced elsewhere"),
            }),
            Event::InterviewStarted(InterviewStarted {
                interviewee: text("Sam Patel"),
                role: text("IT manager"),
                department: text("IT"),
                topics: vec![text("A.5.15")],
            }),
            Event::InterviewEnded(InterviewEnded { interview: id }),
            Event::InterviewNoteWritten(InterviewNoteWritten {
                interview: id,
                question: text("When is access removed?"),
                text: text("same day"),
                topics: vec![text("A.5.18")],
            }),
            Event::InterviewNoteEdited(InterviewNoteEdited {
                note: id,
                question: text("When is access removed for leavers?"),
                text: text("same day, by HR trigger"),
                topics: vec![text("A.5.18")],
            }),
            Event::CorroborationRecorded(Corroboration {
                interview: id,
                control: text("A.5.18"),
                verdict: Verdict::Contradicts,
                evidence: vec![id],
                note: text("two leavers still active a week later"),
            }),
            Event::DivergingOpinionRecorded(DivergingOpinion {
                finding: Some(id),
                held_by: text("Dana Okafor"),
                text: text("disabled at the IdP"),
            }),
            Event::FindingAccepted(FindingAccepted { finding: id }),
            Event::RecommendationSet(RecommendationSet {
                recommendation: Recommendation::RecommendedSubjectToActionPlan,
                justification: text("j"),
            }),
            Event::NumbersFixed(NumbersFixed {
                numbers: [
                    (id, text("NC-01")),
                    (Ulid::from_parts(2, 3), text("OBS-01")),
                ]
                .into_iter()
                .collect(),
            }),
            Event::EvidenceFingerprinted(EvidenceFingerprinted {
                evidence: id,
                path: text("/dev/zero"),
                sha256: String::new(),
                bytes: 0,
                unreadable: text("not a regular file"),
            }),
            Event::FindingReinstated(FindingReinstated { finding: id }),
            Event::EvidenceRestored(EvidenceRestored { evidence: id }),
            Event::NoteRestored(NoteRestored { note: id }),
            Event::FindingAcceptanceWithdrawn(FindingAcceptanceWithdrawn { finding: id }),
            Event::FindingsMerged(FindingsMerged {
                finding: id,
                into: Ulid::from_parts(2, 3),
            }),
            Event::ClosureVerified(ClosureVerified {
                nc: text("NC-01"),
                corrective_action: text("Reviews scheduled"),
                evidence: text("Review records Q4"),
                verdict: ClosureVerdict::ClosedNotEffective,
            }),
            Event::DocumentReviewed(DocumentReviewed {
                document: text("Information security policy"),
                seen: true,
                identifier: text("POL-01"),
                version: text("1.1"),
                approved_by: text("CEO"),
                approved_on: text("2026-05-02"),
                current: Some(true),
                accessible: Some(false),
                notes: text("not on the intranet"),
            }),
            Event::AuditeeShowed(AuditeeShowed {
                item: text("DOC-14"),
                sample: Some(text("9.2")),
                interview: None,
            }),
        ]
    }

    #[test]
    fn every_event_type_round_trips_through_its_type_and_payload() {
        let events = one_of_each();
        let kinds: Vec<&str> = events.iter().map(Event::kind).collect();
        assert_eq!(
            kinds,
            Event::KINDS,
            "one case for every event type, in order"
        );
        for event in events {
            let data = event.data();
            assert_eq!(Event::decode(event.kind(), &data), Ok(event));
        }
        for target in [
            DraftTarget::NewNote {
                sample: None,
                meeting: Some(Meeting::Opening),
            },
            DraftTarget::Note { note: Ulid::nil() },
            DraftTarget::NewEvidence { sample: None },
            DraftTarget::Evidence {
                evidence: Ulid::nil(),
            },
            DraftTarget::NewFinding { sample: None },
            DraftTarget::Finding {
                finding: Ulid::nil(),
            },
            DraftTarget::NewInterviewNote {
                interview: Ulid::nil(),
            },
            DraftTarget::InterviewNote { note: Ulid::nil() },
            DraftTarget::NewInterview,
            DraftTarget::Corroboration {
                interview: Ulid::nil(),
            },
            DraftTarget::DivergingOpinion { finding: None },
            DraftTarget::Recommendation,
            DraftTarget::DocumentReview {
                document: "Information security policy".into(),
            },
        ] {
            let event = Event::DraftDiscarded(DraftDiscarded { of: target });
            assert_eq!(Event::decode(event.kind(), &event.data()), Ok(event));
        }
        assert_eq!(
            Event::DraftSaved(DraftSaved {
                of: DraftTarget::Recommendation,
                field: "text".into(),
                text: "x".into()
            })
            .data()
            .get(),
            r#"{"of":{"kind":"recommendation"},"field":"text","text":"x"}"#
        );
    }

    #[test]
    fn a_fingerprint_with_no_reason_writes_no_unreadable_field() {
        let event = Event::EvidenceFingerprinted(EvidenceFingerprinted {
            evidence: Ulid::nil(),
            path: "a.pdf".into(),
            sha256: "ab".into(),
            bytes: 2,
            unreadable: String::new(),
        });
        assert_eq!(
            event.data().get(),
            r#"{"evidence":"00000000000000000000000000","path":"a.pdf","sha256":"ab","bytes":2}"#
        );
    }

    #[test]
    fn unknown_types_and_bad_payloads_are_told_apart() {
        let data = RawJson::new("{}").unwrap();
        assert_eq!(
            Event::decode("photo_attached", &data),
            Err(Undecoded::UnknownType)
        );
        assert!(matches!(
            Event::decode("note_edited", &data),
            Err(Undecoded::BadPayload(_))
        ));
        assert!(Event::KINDS.contains(&"recommendation_set"));
    }

    #[test]
    fn a_payload_that_is_not_json_is_damage_whatever_its_type() {
        for text in [
            r#"{"text":"cut"#,
            "{\"text\":\"raw \u{1b} escape\"}",
            "{} {}",
            "nul",
        ] {
            let data = RawJson::written(text);
            for kind in ["note_written", "photo_attached"] {
                assert!(
                    matches!(Event::decode(kind, &data), Err(Undecoded::NotJson(_))),
                    "{kind} {text:?}: {:?}",
                    Event::decode(kind, &data)
                );
            }
        }
    }
}
