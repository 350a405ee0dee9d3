//! The interface's state: the plan, the audit as recorded, what is on screen and what has the
//! keyboard, and whether everything recorded is on the disk. `update` changes it, `view` draws
//! it; nothing here does I/O.

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use super::action::Screen;
use super::keymap::Keymap;
use crate::audit::{AuditState, DraftTarget, Finding, FindingCounts, Grade, SampleProgress};
use crate::catalogue::Catalogue;
use crate::plan::{AgendaItem, Plan};
use crate::record::Envelope;

pub use super::forms::FormPurpose;
pub use super::overlays::Overlay;
pub use super::screens::findings::FindingFilter;
pub use super::screens::samples::SampleFilter;

/// Whether what was recorded is on the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing recorded yet in this session.
    Idle,
    /// Everything is on the disk, the last item synced at this local time.
    Saved(DateTime<FixedOffset>),
    /// Some items could not be written; they are held in memory until a retry succeeds.
    NotSaved {
        /// Why, in a few words: "the disk is full".
        reason: String,
        /// The whole message, with the file concerned.
        detail: String,
    },
}

/// The highlighted line of each list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cursors {
    /// Opening-meeting screen.
    pub opening: usize,
    /// Sample list.
    pub samples: usize,
    /// Open sample's detail.
    pub detail: usize,
    /// Interview list.
    pub interviews: usize,
    /// Findings list.
    pub findings: usize,
    /// Closing-meeting screen.
    pub closing: usize,
    /// The open interview's notes (past the last: the latest).
    #[serde(default)]
    pub interview_note: usize,
}

/// A finding as the lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    /// The id of the event that raised it.
    pub id: ulid::Ulid,
    /// NC-01, OBS-02 …
    pub number: String,
    /// The finding as it stands.
    pub content: Finding,
    /// Why it was withdrawn, if it was.
    pub withdrawn: Option<String>,
}

impl FindingRow {
    /// Whether it stands (was not withdrawn).
    pub fn is_open(&self) -> bool {
        self.withdrawn.is_none()
    }

    /// Its grade.
    pub fn grade(&self) -> Grade {
        self.content.grade
    }
}

/// What is derived from the record for drawing: kept so that a frame does not recompute it.
struct Derived {
    samples: Vec<SampleProgress>,
    findings: Vec<FindingRow>,
    counts: FindingCounts,
    sample_drafts: Vec<SampleDraft>,
}

/// Text typed into a form of a sample (new note, evidence item or finding) and never saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleDraft {
    /// The sample.
    pub sample: String,
    /// What the form was for: "note", "evidence item", "finding".
    pub what: &'static str,
    /// The field.
    pub field: String,
    /// The text so far.
    pub text: String,
}

impl Derived {
    fn of(audit: &AuditState, plan: &Plan) -> Derived {
        Derived {
            samples: audit.samples(plan),
            findings: audit
                .findings()
                .into_iter()
                .map(|f| FindingRow {
                    id: f.item.id,
                    withdrawn: f.withdrawn.map(|(_, reason)| reason.to_string()),
                    number: f.number,
                    content: f.item.content.clone(),
                })
                .collect(),
            counts: audit.finding_counts(),
            sample_drafts: audit
                .drafts()
                .filter(|d| !d.text.trim().is_empty())
                .filter_map(|d| {
                    let (sample, what) = match d.of {
                        DraftTarget::NewNote { sample, .. } => (sample, "note"),
                        DraftTarget::NewEvidence { sample } => (sample, "evidence item"),
                        DraftTarget::NewFinding { sample } => (sample, "finding"),
                        _ => return None,
                    };
                    Some(SampleDraft {
                        sample: sample.clone()?,
                        what,
                        field: d.field.to_string(),
                        text: d.text.to_string(),
                    })
                })
                .collect(),
        }
    }
}

/// The whole state of the interface.
pub struct App {
    /// The audit plan.
    pub plan: Plan,
    /// The catalogue the plan names.
    pub catalogue: Catalogue,
    /// Who is recording.
    pub auditor: String,
    /// Everything recorded, by every auditor, as it now stands (unsaved items included).
    audit: AuditState,
    /// What the screens show that is derived from the record, computed once per change.
    derived: Derived,
    /// Recorded items not yet on the disk, oldest first.
    pub unsaved: Vec<Envelope>,
    /// Whether everything is on the disk.
    pub save: SaveState,
    /// The screen of the rail that is shown.
    pub screen: Screen,
    /// The sample whose detail is open on the Samples screen.
    pub open_sample: Option<String>,
    /// The interview whose detail is open on the Interviews screen (interviewee name).
    pub open_interview: Option<String>,
    /// The highlighted line of each list.
    pub cursors: Cursors,
    /// The sample list's filter.
    pub sample_filter: SampleFilter,
    /// The findings list's filter.
    pub finding_filter: FindingFilter,
    /// What is drawn over the screen.
    pub overlay: Option<Overlay>,
    /// The local time, as of the last tick.
    pub now: DateTime<FixedOffset>,
    /// Where the record is, to say so on quitting.
    pub record_path: String,
    /// Whether to draw without colour (NO_COLOR).
    pub no_color: bool,
    /// What each key does, the user's key file applied.
    pub keymap: Keymap,
    /// Set when the auditor has asked to leave.
    pub quitting: bool,
}

impl App {
    /// A new interface on `plan`, with `audit` folded from the record.
    pub fn new(
        plan: Plan,
        catalogue: Catalogue,
        auditor: String,
        audit: AuditState,
        now: DateTime<FixedOffset>,
    ) -> App {
        App {
            derived: Derived::of(&audit, &plan),
            plan,
            catalogue,
            auditor,
            audit,
            unsaved: Vec::new(),
            save: SaveState::Idle,
            screen: Screen::Opening,
            open_sample: None,
            open_interview: None,
            cursors: Cursors::default(),
            sample_filter: SampleFilter::default(),
            finding_filter: FindingFilter::default(),
            overlay: None,
            now,
            record_path: String::new(),
            no_color: false,
            keymap: Keymap::built_in(),
            quitting: false,
        }
    }

    /// Everything recorded, as it now stands.
    pub fn audit(&self) -> &AuditState {
        &self.audit
    }

    /// Adds a recorded event (saved or not yet) to what the screens show.
    pub fn apply(&mut self, envelope: &Envelope) {
        self.audit.apply(envelope);
        self.derived = Derived::of(&self.audit, &self.plan);
    }

    /// Every sample's progress: planned ones in the plan's order, then unplanned ones.
    pub fn samples(&self) -> &[SampleProgress] {
        &self.derived.samples
    }

    /// Every finding, numbered, withdrawn ones included, in the order raised.
    pub fn findings(&self) -> &[FindingRow] {
        &self.derived.findings
    }

    /// How many findings stand, by grade.
    pub fn counts(&self) -> &FindingCounts {
        &self.derived.counts
    }

    /// Unsaved text typed into the forms of a sample.
    pub fn drafts_of(&self, sample: &str) -> impl Iterator<Item = &SampleDraft> {
        self.derived
            .sample_drafts
            .iter()
            .filter(move |d| d.sample == sample)
    }

    /// The local wall-clock time the plan's timetable is written in.
    pub(crate) fn local_now(&self) -> NaiveDateTime {
        self.now.naive_local()
    }

    /// The timetable slot the clock is in, if any; when the team splits up, the auditor's own.
    pub(crate) fn current_slot(&self) -> Option<&AgendaItem> {
        let now = self.local_now();
        let mine = |a: &&AgendaItem| {
            a.auditor
                .as_ref()
                .is_none_or(|who| who.value == self.auditor)
        };
        self.plan
            .agenda
            .iter()
            .filter(mine)
            .find(|a| a.start.value <= now && now < a.end())
    }

    /// Whether the item created by event `id` is still waiting to be written to disk.
    fn is_unsaved(&self, id: ulid::Ulid) -> bool {
        self.unsaved.iter().any(|e| e.id == id)
    }

    /// " — NOT SAVED" for items still waiting to be written, so each one says so in words.
    pub(crate) fn unsaved_mark(&self, id: ulid::Ulid) -> &'static str {
        if self.is_unsaved(id) {
            " — NOT SAVED"
        } else {
            ""
        }
    }

    /// The next slot to start, for the gaps between slots.
    pub(crate) fn next_slot(&self) -> Option<&AgendaItem> {
        let now = self.local_now();
        self.plan.agenda.iter().find(|a| {
            a.start.value > now
                && a.auditor
                    .as_ref()
                    .is_none_or(|who| who.value == self.auditor)
        })
    }
}
