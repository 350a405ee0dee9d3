//! The interface's state: the plan, the audit as recorded, what is on screen and what has the
//! keyboard, and whether everything recorded is on the disk. `update` changes it, `view` draws
//! it; nothing here does I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use ulid::Ulid;

use super::action::Screen;
use super::keymap::Keymap;
use crate::audit::{
    AuditState, DraftDiscarded, DraftSaved, DraftTarget, Event, EvidenceEdited, EvidenceRemoved,
    EvidenceRestored, Finding, FindingCounts, FindingEdited, FindingReinstated, FindingWithdrawn,
    FindingsMerged, Grade, NoteEdited, NoteRemoved, NoteRestored, Number, Numbering,
    SampleProgress, SampleStatus, SampleStatusSet, UnplannedSampleAdded, lead_auditor,
};
use crate::catalogue::Catalogue;
use crate::plan::Plan;
use crate::record::Envelope;

pub use super::forms::FormPurpose;
pub use super::overlays::Overlay;
pub use super::screens::findings::FindingFilter;
pub use super::screens::meetings::Presentation;
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
    /// Timetable: the slot moved to (none: the one the clock is in).
    #[serde(default)]
    pub timetable: Option<usize>,
    /// Document review list.
    #[serde(default)]
    pub documents: usize,
}

/// A finding as the lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    /// The id of the event that raised it.
    pub id: ulid::Ulid,
    /// NC-01, OBS-02 …, whether it is fixed or provisional, and what it was before a regrade.
    pub number: Number,
    /// The finding as it stands.
    pub content: Finding,
    /// Why it was withdrawn, if it was.
    pub withdrawn: Option<String>,
    /// The auditor who raised it.
    pub by: std::sync::Arc<str>,
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

/// Text typed into a form of a sample (new note, evidence item, finding, or why it was not
/// assessed) and never saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleDraft {
    /// The sample.
    pub sample: String,
    /// What the form was for: "note", "evidence item", "finding", "reason not assessed".
    pub what: &'static str,
    /// The field.
    pub field: String,
    /// The text so far.
    pub text: String,
}

/// How an item counts in a sample's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counts {
    Evidence,
    Note,
    /// A standing finding raised on it or referring to it.
    Finding,
    /// Any item, status or trail that names it as its sample: unplanned samples are listed in
    /// the order first named.
    Mention,
}

/// What each sample holds, by item id.
#[derive(Debug, Clone, Default, PartialEq)]
struct SampleItems {
    evidence: BTreeSet<Ulid>,
    notes: BTreeSet<Ulid>,
    findings: BTreeSet<Ulid>,
    mentions: BTreeSet<Ulid>,
}

impl SampleItems {
    fn set(&mut self, counts: Counts) -> &mut BTreeSet<Ulid> {
        match counts {
            Counts::Evidence => &mut self.evidence,
            Counts::Note => &mut self.notes,
            Counts::Finding => &mut self.findings,
            Counts::Mention => &mut self.mentions,
        }
    }
}

/// What is derived from the record for drawing: kept so that a frame does not recompute it,
/// and updated by each event only where that event can change it, so that recording an item
/// costs the same on a day of 2,000 findings as on a day of 20.
#[derive(Debug, Clone, PartialEq)]
struct Derived {
    /// The lead auditor, whose fixing of the numbers counts.
    lead: String,
    samples: Vec<SampleProgress>,
    by_sample: BTreeMap<String, SampleItems>,
    /// Where each item counts, by its id and whether it is a sample's status or trail (kept
    /// apart, so that an edit naming such an event's id cannot uncount it).
    counted: HashMap<(Ulid, bool), Vec<(String, Counts)>>,
    /// The event ids of the kept status and trail of each sample.
    marks: HashMap<(String, bool), Ulid>,
    findings: Vec<FindingRow>,
    finding_at: HashMap<Ulid, usize>,
    numbering: Numbering,
    counts: FindingCounts,
    sample_drafts: BTreeMap<(DraftTarget, String), SampleDraft>,
}

impl Derived {
    fn of(audit: &AuditState, plan: &Plan) -> Derived {
        let lead = lead_auditor(plan).to_owned();
        let mut derived = Derived {
            numbering: audit.numbering(&lead),
            lead,
            samples: Vec::new(),
            by_sample: BTreeMap::new(),
            counted: HashMap::new(),
            marks: HashMap::new(),
            findings: Vec::new(),
            finding_at: HashMap::new(),
            counts: audit.finding_counts(),
            sample_drafts: BTreeMap::new(),
        };
        for f in audit.findings(&derived.lead) {
            derived.finding_at.insert(f.item.id, derived.findings.len());
            derived.findings.push(FindingRow {
                id: f.item.id,
                withdrawn: f.withdrawn.map(|(_, reason)| reason.to_string()),
                // Numbered again here, in the same raise order, so that the numbering goes on
                // from the last row for findings recorded later.
                number: derived.numbering.assign(f.item.id, f.grade()),
                content: f.item.content.clone(),
                by: f.item.created.by.clone(),
            });
        }
        let mut touched = BTreeSet::new();
        let ids: Vec<Ulid> = (audit.evidence.keys())
            .chain(audit.notes.keys())
            .chain(audit.findings.keys())
            .copied()
            .collect();
        for id in ids {
            derived.recount(audit, id, &mut touched);
        }
        let samples: Vec<String> = audit
            .status
            .keys()
            .chain(audit.unplanned.keys())
            .cloned()
            .collect();
        for sample in samples {
            derived.remark(audit, &sample, &mut touched);
        }
        let targets: BTreeSet<DraftTarget> = audit.drafts().map(|d| d.of.clone()).collect();
        for target in targets {
            derived.redraft(audit, &target);
        }
        derived.samples = plan
            .samples
            .iter()
            .map(|s| derived.progress_of(audit, &s.reference.value, true))
            .collect();
        derived.order_unplanned(audit, plan, &touched);
        derived
    }

    /// Brings everything `event` can change up to date with `audit`, which holds it.
    fn apply(&mut self, audit: &AuditState, plan: &Plan, id: Ulid, event: &Event) {
        let mut touched = BTreeSet::new();
        let mut appended = false;
        match event {
            Event::EvidenceAdded(e) => {
                self.recount(audit, id, &mut touched);
                self.redraft(
                    audit,
                    &DraftTarget::NewEvidence {
                        sample: e.sample.clone(),
                    },
                );
            }
            Event::EvidenceEdited(EvidenceEdited { evidence: item, .. })
            | Event::EvidenceRemoved(EvidenceRemoved { evidence: item })
            | Event::NoteEdited(NoteEdited { note: item, .. })
            | Event::NoteRemoved(NoteRemoved { note: item })
            | Event::EvidenceRestored(EvidenceRestored { evidence: item })
            | Event::NoteRestored(NoteRestored { note: item }) => {
                self.recount(audit, *item, &mut touched)
            }
            Event::NoteWritten(e) => {
                self.recount(audit, id, &mut touched);
                let target = DraftTarget::NewNote {
                    sample: e.sample.clone(),
                    meeting: e.meeting,
                };
                self.redraft(audit, &target);
            }
            Event::FindingRaised(e) => {
                appended = self.refind(audit, id, &mut touched);
                self.redraft(
                    audit,
                    &DraftTarget::NewFinding {
                        sample: e.sample.clone(),
                    },
                );
            }
            Event::FindingEdited(FindingEdited { finding, .. })
            | Event::FindingWithdrawn(FindingWithdrawn { finding, .. })
            | Event::FindingReinstated(FindingReinstated { finding })
            | Event::FindingsMerged(FindingsMerged { finding, .. }) => {
                self.refind(audit, *finding, &mut touched);
            }
            Event::NumbersFixed(_) => self.renumber(audit, &mut touched),
            Event::SampleStatusSet(SampleStatusSet { sample, .. }) => {
                self.remark(audit, sample, &mut touched);
                let target = DraftTarget::NotAssessed {
                    sample: sample.clone(),
                };
                self.redraft(audit, &target);
            }
            Event::UnplannedSampleAdded(UnplannedSampleAdded { sample, .. }) => {
                self.remark(audit, sample, &mut touched)
            }
            Event::DraftSaved(DraftSaved { of, .. })
            | Event::DraftDiscarded(DraftDiscarded { of }) => self.redraft(audit, of),
            _ => {}
        }
        if touched.is_empty() {
            return;
        }
        let findings_changed = !appended
            && matches!(
                event,
                Event::FindingRaised(_)
                    | Event::FindingEdited(_)
                    | Event::FindingWithdrawn(_)
                    | Event::FindingReinstated(_)
                    | Event::FindingsMerged(_)
                    | Event::NumbersFixed(_)
            );
        let new_row = self
            .findings
            .last()
            .filter(|row| appended && row.id == id && row.is_open());
        let mut unplanned = false;
        for sample in &touched {
            match self.samples.iter().position(|s| s.reference == *sample) {
                Some(at) if findings_changed => {
                    let planned = self.samples[at].planned;
                    unplanned |= !planned;
                    self.samples[at] = self.progress_of(audit, sample, planned);
                }
                Some(at) => {
                    let old = &mut self.samples[at];
                    unplanned |= !old.planned;
                    let mut findings = std::mem::take(&mut old.findings);
                    let mut raised = old.status == SampleStatus::FindingRaised;
                    let planned = old.planned;
                    let concerns = |items: &SampleItems| items.findings.contains(&id);
                    if let Some(row) = new_row
                        && self.by_sample.get(sample).is_some_and(concerns)
                    {
                        findings.push(row.number.number.clone());
                        raised |= row.grade().raises_sample();
                    }
                    self.samples[at] = self.progress_with(audit, sample, planned, findings, raised);
                }
                None => unplanned = true,
            }
        }
        if unplanned {
            self.order_unplanned(audit, plan, &touched);
        }
    }

    /// Counts item `id` (evidence, note or finding) where it now belongs, and no longer where
    /// it did.
    fn recount(&mut self, audit: &AuditState, id: Ulid, touched: &mut BTreeSet<String>) {
        let mut now: Vec<(String, Counts)> = Vec::new();
        if let Some(item) = audit.evidence.get(&id).and_then(|t| t.current()) {
            if let Some(sample) = &item.content.sample {
                now.push((sample.clone(), Counts::Evidence));
                now.push((sample.clone(), Counts::Mention));
            }
        } else if let Some(item) = audit.notes.get(&id).and_then(|t| t.current()) {
            if let Some(sample) = &item.content.sample {
                now.push((sample.clone(), Counts::Note));
                now.push((sample.clone(), Counts::Mention));
            }
        } else if let Some(item) = audit.findings.get(&id).and_then(|t| t.current()) {
            let c = item.content;
            if let Some(sample) = &c.sample {
                now.push((sample.clone(), Counts::Mention));
            }
            if audit.withdrawal(id).is_none() {
                now.extend(
                    c.concerns()
                        .into_iter()
                        .map(|s| (s.to_owned(), Counts::Finding)),
                );
            }
        }
        self.count((id, false), now, touched);
    }

    /// Replaces what item `key` counts in by `now`.
    fn count(
        &mut self,
        key: (Ulid, bool),
        now: Vec<(String, Counts)>,
        touched: &mut BTreeSet<String>,
    ) {
        let id = key.0;
        for (sample, counts) in self.counted.remove(&key).unwrap_or_default() {
            if let Some(items) = self.by_sample.get_mut(&sample) {
                items.set(counts).remove(&id);
                if *items == SampleItems::default() {
                    self.by_sample.remove(&sample);
                }
            }
            touched.insert(sample);
        }
        for (sample, counts) in &now {
            let items = self.by_sample.entry(sample.clone()).or_default();
            items.set(*counts).insert(id);
            touched.insert(sample.clone());
        }
        if !now.is_empty() {
            self.counted.insert(key, now);
        }
    }

    /// Keeps the status and the trail of `sample` that the record keeps.
    fn remark(&mut self, audit: &AuditState, sample: &str, touched: &mut BTreeSet<String>) {
        let kept = [
            (false, audit.status.get(sample).map(|(o, _)| o.id)),
            (true, audit.unplanned.get(sample).map(|(o, _)| o.id)),
        ];
        for (trail, id) in kept {
            let key = (sample.to_owned(), trail);
            if let Some(old) = self.marks.remove(&key) {
                self.count((old, true), Vec::new(), touched);
            }
            if let Some(id) = id {
                self.marks.insert(key, id);
                let mention = vec![(sample.to_owned(), Counts::Mention)];
                self.count((id, true), mention, touched);
            }
        }
        touched.insert(sample.to_owned());
    }

    /// Updates the row of finding `id`, the counts, and where it counts. True when it is a new
    /// finding, the latest raised, numbered without renumbering the others.
    fn refind(&mut self, audit: &AuditState, id: Ulid, touched: &mut BTreeSet<String>) -> bool {
        let Some(item) = audit.findings.get(&id).and_then(|t| t.current()) else {
            return false;
        };
        let mut appended = false;
        let withdrawn = audit.withdrawal(id).map(|(_, reason)| reason.to_string());
        let content = item.content.clone();
        let by = item.created.by.clone();
        self.counts.add(content.grade, withdrawn.is_some(), 1);
        match self.finding_at.get(&id) {
            Some(&at) => {
                let row = &mut self.findings[at];
                self.counts.add(row.grade(), row.withdrawn.is_some(), -1);
                let regraded = row.grade().series() != content.grade.series();
                row.content = content;
                row.withdrawn = withdrawn;
                if regraded {
                    self.renumber(audit, touched);
                }
            }
            None if self.findings.last().is_none_or(|last| last.id < id) => {
                appended = true;
                self.finding_at.insert(id, self.findings.len());
                self.findings.push(FindingRow {
                    id,
                    number: self.numbering.assign(id, content.grade),
                    content,
                    withdrawn,
                    by,
                });
            }
            None => {
                let at = self.findings.partition_point(|row| row.id < id);
                self.findings.insert(
                    at,
                    FindingRow {
                        id,
                        number: self.numbering.assign(id, content.grade),
                        content,
                        withdrawn,
                        by,
                    },
                );
                for (i, row) in self.findings.iter().enumerate().skip(at) {
                    self.finding_at.insert(row.id, i);
                }
                self.renumber(audit, touched);
            }
        }
        self.recount(audit, id, touched);
        appended
    }

    /// Numbers every finding again (after a fixing, a regrade or a finding read late).
    fn renumber(&mut self, audit: &AuditState, touched: &mut BTreeSet<String>) {
        self.numbering = audit.numbering(&self.lead);
        for row in &mut self.findings {
            row.number = self.numbering.assign(row.id, row.grade());
        }
        touched.extend(
            self.by_sample
                .iter()
                .filter(|(_, items)| !items.findings.is_empty())
                .map(|(sample, _)| sample.clone()),
        );
    }

    /// Shows the drafts of `target` as they now stand, if it is a new item of a sample.
    fn redraft(&mut self, audit: &AuditState, target: &DraftTarget) {
        let (sample, what) = match target {
            DraftTarget::NewNote { sample, .. } => (sample, "note"),
            DraftTarget::NewEvidence { sample } => (sample, "evidence item"),
            DraftTarget::NewFinding { sample } => (sample, "finding"),
            DraftTarget::NotAssessed { sample } => (&Some(sample.clone()), "reason not assessed"),
            _ => return,
        };
        let Some(sample) = sample else {
            return;
        };
        self.sample_drafts.retain(|(of, _), _| of != target);
        for d in audit.drafts_of(target) {
            if !d.text.trim().is_empty() {
                self.sample_drafts.insert(
                    (target.clone(), d.field.to_string()),
                    SampleDraft {
                        sample: sample.clone(),
                        what,
                        field: d.field.to_string(),
                        text: d.text.to_string(),
                    },
                );
            }
        }
    }

    /// A sample's progress from what it holds.
    fn progress_of(&self, audit: &AuditState, sample: &str, planned: bool) -> SampleProgress {
        let none = SampleItems::default();
        let items = self.by_sample.get(sample).unwrap_or(&none);
        let rows: Vec<&FindingRow> = items
            .findings
            .iter()
            .filter_map(|id| self.finding_at.get(id).map(|&at| &self.findings[at]))
            .collect();
        let raised = rows.iter().any(|r| r.grade().raises_sample());
        let findings = rows.iter().map(|r| r.number.number.clone()).collect();
        self.progress_with(audit, sample, planned, findings, raised)
    }

    /// A sample's progress from what it holds, its findings' numbers already known.
    fn progress_with(
        &self,
        audit: &AuditState,
        sample: &str,
        planned: bool,
        findings: Vec<String>,
        raised: bool,
    ) -> SampleProgress {
        let none = SampleItems::default();
        let items = self.by_sample.get(sample).unwrap_or(&none);
        let recorded = !items.evidence.is_empty() || !items.notes.is_empty();
        SampleProgress {
            reference: sample.to_owned(),
            planned,
            status: audit.sample_status(sample, raised, recorded),
            evidence: items.evidence.len(),
            notes: items.notes.len(),
            findings,
        }
    }

    /// Lists the unplanned samples (those named by something and not in the plan) after the
    /// planned ones, in the order first named; `touched` ones are computed again.
    fn order_unplanned(&mut self, audit: &AuditState, plan: &Plan, touched: &BTreeSet<String>) {
        let planned = plan.samples.len();
        let mut unplanned: Vec<SampleProgress> = self.samples.split_off(planned);
        unplanned.retain(|s| !touched.contains(&s.reference));
        let in_plan = |sample: &str| plan.samples.iter().any(|s| s.reference.value == sample);
        for sample in touched {
            let named = self
                .by_sample
                .get(sample)
                .is_some_and(|items| !items.mentions.is_empty());
            if named && !in_plan(sample) {
                unplanned.push(self.progress_of(audit, sample, false));
            }
        }
        let first = |s: &SampleProgress| {
            self.by_sample
                .get(&s.reference)
                .and_then(|items| items.mentions.first().copied())
        };
        unplanned.sort_by_cached_key(first);
        self.samples.extend(unplanned);
    }
}

/// The interview open on the Interviews screen: a person's latest interview (or the one about
/// to start), or one of their interviews picked from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInterview {
    /// Who is interviewed.
    pub name: String,
    /// Which of their interviews; none: the latest.
    pub item: Option<Ulid>,
}

impl OpenInterview {
    /// The latest interview of `name`, or the one about to start.
    pub fn latest(name: impl Into<String>) -> OpenInterview {
        OpenInterview {
            name: name.into(),
            item: None,
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
    /// Recorded items not yet on the disk, by id.
    pub unsaved: std::collections::BTreeSet<ulid::Ulid>,
    /// Messages that arrived while a form or chooser had the keyboard, shown once it closes.
    pub deferred_notices: Vec<String>,
    /// The samples an internal auditor owns whose warning (clause 9.2.2) was shown on opening
    /// them in this session, so that it is shown once.
    pub(crate) own_work_told: BTreeSet<String>,
    /// Each record file's seal (file name → SHA-256 of its last line, in hex), as last read
    /// or written: shown at the closing meeting so that the record can be checked later.
    pub seals: std::collections::BTreeMap<String, String>,
    /// This clone's last `auditday team sync`, for a team's audit folder that has had one.
    pub last_sync: Option<crate::team::LastSync>,
    /// Whether everything is on the disk.
    pub save: SaveState,
    /// The screen of the rail that is shown.
    pub screen: Screen,
    /// The sample whose detail is open on the Samples screen.
    pub open_sample: Option<String>,
    /// The previous audit's nonconformity whose verification is open on the Samples screen.
    pub open_closure: Option<String>,
    /// The interview whose detail is open on the Interviews screen.
    pub open_interview: Option<OpenInterview>,
    /// The highlighted line of each list.
    pub cursors: Cursors,
    /// The sample list's filter.
    pub sample_filter: SampleFilter,
    /// The findings list's filter.
    pub finding_filter: FindingFilter,
    /// The finding chosen with the merge key (on the Findings list or at the closing
    /// meeting), to merge into the next one it is pressed on; cleared with Esc.
    pub merging: Option<ulid::Ulid>,
    /// The finding presented at the closing meeting, while the findings are presented.
    pub presenting: Option<Presentation>,
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
    /// The finding library: the built-in templates, the auditor's own merged after them.
    pub library: crate::library::Library,
    /// Set when the auditor has asked to leave.
    pub quitting: bool,
    /// What the last key changed in the record, or that it undid, for the footer.
    pub said: Option<String>,
    /// The changes single keys recorded in this session that can still be undone, newest last.
    pub(crate) changes: Vec<super::undo::Change>,
    /// The scenario of a practice audit (`auditday practice`): what the auditee hands over
    /// and says, and the sealed answer key.
    pub practice: Option<std::sync::Arc<crate::practice::Scenario>>,
    /// The score on the closing screen, once asked for after the closing meeting ended.
    pub score: Option<super::screens::score::ScoreShown>,
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
            library: crate::library::Library::built_in(&catalogue),
            derived: Derived::of(&audit, &plan),
            plan,
            catalogue,
            auditor,
            audit,
            unsaved: Default::default(),
            deferred_notices: Vec::new(),
            own_work_told: BTreeSet::new(),
            seals: Default::default(),
            last_sync: None,
            save: SaveState::Idle,
            screen: Screen::Opening,
            open_sample: None,
            open_closure: None,
            open_interview: None,
            cursors: Cursors::default(),
            sample_filter: SampleFilter::default(),
            finding_filter: FindingFilter::default(),
            merging: None,
            presenting: None,
            overlay: None,
            now,
            record_path: String::new(),
            no_color: false,
            keymap: Keymap::built_in(),
            quitting: false,
            said: None,
            changes: Vec::new(),
            practice: None,
            score: None,
        }
    }

    /// Everything recorded, as it now stands.
    pub fn audit(&self) -> &AuditState {
        &self.audit
    }

    /// Adds a recorded event (saved or not yet) to what the screens show, updating only what
    /// it can change; returns the event as read, when this version can read it.
    pub fn apply(&mut self, envelope: &Envelope) -> Option<Event> {
        let read = Event::decode(&envelope.kind, &envelope.data);
        let event = read.as_ref().ok().cloned();
        self.audit.apply_read(envelope, read);
        let event = event?;
        self.derived
            .apply(&self.audit, &self.plan, envelope.id, &event);
        Some(event)
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
            .values()
            .filter(move |d| d.sample == sample)
    }

    /// The local wall-clock time the plan's timetable is written in.
    pub(crate) fn local_now(&self) -> NaiveDateTime {
        self.now.naive_local()
    }

    /// Whether the item created by event `id` is still waiting to be written to disk.
    fn is_unsaved(&self, id: ulid::Ulid) -> bool {
        self.unsaved.contains(&id)
    }

    /// " — NOT SAVED" for items still waiting to be written, so each one says so in words.
    pub(crate) fn unsaved_mark(&self, id: ulid::Ulid) -> &'static str {
        if self.is_unsaved(id) {
            " — NOT SAVED"
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::audit::{EvidenceItem, Note, NumbersFixed, SetStatus};
    use crate::record::{Envelope, FORMAT_VERSION};

    const SAMPLES: [&str; 4] = ["A.8.15", "A.5.15", "A.5.99", "9.2"];

    /// The sample plan, and an interface on it with nothing recorded.
    fn empty_day() -> (Plan, App) {
        let plan = crate::plan::load(
            std::path::Path::new("sample-audits/stage2-software-sme.toml"),
            None,
        )
        .unwrap();
        let app = App::new(
            plan.clone(),
            Catalogue::iso27001_2022().clone(),
            "Priya Shah".into(),
            AuditState::default(),
            DateTime::default(),
        );
        (plan, app)
    }

    /// Event `n` of a random day from `(op, a, b)`: edits, removals, withdrawals and their
    /// undoing name items of earlier steps.
    fn random_event(n: u64, (op, a, b): (u8, u8, u8)) -> Event {
        let sample = SAMPLES[a as usize % SAMPLES.len()];
        let earlier = Ulid::from_parts(1_000 + u64::from(b) % n.max(1), 0);
        let grade = Grade::ALL[b as usize % 5];
        match op % 12 {
            0 => Event::EvidenceAdded(EvidenceItem {
                sample: Some(sample.into()),
                ..Default::default()
            }),
            1 => Event::EvidenceEdited(EvidenceEdited {
                evidence: earlier,
                content: EvidenceItem {
                    sample: Some(sample.into()),
                    ..Default::default()
                },
            }),
            2 if b % 3 == 0 => Event::EvidenceRestored(EvidenceRestored { evidence: earlier }),
            2 => Event::EvidenceRemoved(EvidenceRemoved { evidence: earlier }),
            3 => Event::NoteWritten(Note {
                sample: Some(sample.into()),
                meeting: None,
                text: "n".into(),
            }),
            4 if b % 3 == 0 => Event::NoteRestored(NoteRestored { note: earlier }),
            4 => Event::NoteRemoved(NoteRemoved { note: earlier }),
            5 | 6 => Event::FindingRaised(finding(grade, sample, &[SAMPLES[b as usize % 4]])),
            7 => Event::FindingEdited(FindingEdited {
                finding: earlier,
                content: finding(grade, sample, &[]),
            }),
            8 if b % 3 == 0 => Event::FindingReinstated(FindingReinstated { finding: earlier }),
            8 => Event::FindingWithdrawn(FindingWithdrawn {
                finding: earlier,
                reason: "r".into(),
            }),
            9 => Event::SampleStatusSet(SampleStatusSet {
                sample: sample.into(),
                status: SetStatus::Conforming,
                reason: String::new(),
            }),
            10 => Event::UnplannedSampleAdded(UnplannedSampleAdded {
                sample: sample.into(),
                why: "trail".into(),
            }),
            _ if b % 2 == 0 => Event::NumbersFixed(NumbersFixed {
                numbers: [(earlier, format!("{}-0{}", grade.series(), a % 4 + 1))]
                    .into_iter()
                    .collect(),
            }),
            _ => Event::DraftSaved(DraftSaved {
                of: DraftTarget::NewFinding {
                    sample: Some(sample.into()),
                },
                field: "statement".into(),
                text: format!("draft {b}"),
            }),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any day, applied in any order one event at a time, ends where a rebuild does.
        #[test]
        fn derived_data_updated_per_event_equals_a_rebuild_in_any_order(
            (steps, order) in prop::collection::vec(any::<(u8, u8, u8)>(), 0..60)
                .prop_flat_map(|steps| {
                    let order: Vec<usize> = (0..steps.len()).collect();
                    (Just(steps), Just(order).prop_shuffle())
                })
        ) {
            let (plan, mut app) = empty_day();
            for &i in &order {
                let event = random_event(i as u64, steps[i]);
                app.apply(&Envelope {
                    version: FORMAT_VERSION,
                    id: Ulid::from_parts(1_000 + i as u64, 0),
                    at: chrono::DateTime::default(),
                    auditor: ["Priya Shah", "Tom Whitfield"][i % 2].into(),
                    kind: event.kind().into(),
                    data: event.data(),
                    extra: vec![],
                });
            }
            prop_assert_eq!(&app.derived, &Derived::of(&app.audit, &plan));
            prop_assert_eq!(app.samples(), &app.audit.samples(&plan)[..]);
        }
    }

    fn finding(grade: Grade, sample: &str, refs: &[&str]) -> Finding {
        Finding {
            grade,
            sample: Some(sample.into()),
            references: refs.iter().map(|r| r.to_string()).collect(),
            requirement: String::new(),
            statement: format!("{grade:?} on {sample}"),
            objective_evidence: String::new(),
            evidence: vec![],
            interviews: vec![],
        }
    }

    /// Applying events one by one, in an order that sends some late, gives at every step what
    /// a rebuild from the whole state gives, and the samples the audit itself computes.
    #[test]
    fn derived_data_updated_per_event_equals_a_rebuild_at_every_step() {
        let (plan, mut app) = empty_day();
        let id = |n: u64| Ulid::from_parts(1_000 + n, 0);
        let note = |sample: &str| Note {
            sample: Some(sample.into()),
            meeting: None,
            text: "n".into(),
        };
        let evidence = |sample: &str| EvidenceItem {
            sample: Some(sample.into()),
            seen: "seen".into(),
            ..EvidenceItem::default()
        };
        let draft = |sample: &str, text: &str| {
            Event::DraftSaved(DraftSaved {
                of: DraftTarget::NewNote {
                    sample: Some(sample.into()),
                    meeting: None,
                },
                field: "text".into(),
                text: text.into(),
            })
        };
        let events: Vec<(u64, Event)> = vec![
            (1, draft("A.8.15", "typing")),
            (2, Event::NoteWritten(note("A.8.15"))),
            (3, Event::EvidenceAdded(evidence("A.5.30"))),
            (
                4,
                Event::FindingRaised(finding(Grade::Minor, "A.8.15", &["A.5.15"])),
            ),
            (
                6,
                Event::FindingRaised(finding(Grade::Observation, "A.5.99", &[])),
            ),
            (
                5,
                Event::FindingRaised(finding(Grade::Major, "A.8.15", &["9.2"])),
            ),
            (
                7,
                Event::EvidenceEdited(EvidenceEdited {
                    evidence: id(3),
                    content: evidence("A.8.15"),
                }),
            ),
            (
                8,
                Event::NumbersFixed(NumbersFixed {
                    numbers: [(id(4), "NC-01".into()), (id(5), "NC-02".into())]
                        .into_iter()
                        .collect(),
                }),
            ),
            (
                9,
                Event::FindingEdited(FindingEdited {
                    finding: id(4),
                    content: finding(Grade::Opportunity, "A.8.15", &[]),
                }),
            ),
            (
                10,
                Event::FindingWithdrawn(FindingWithdrawn {
                    finding: id(5),
                    reason: "twice".into(),
                }),
            ),
            (
                11,
                Event::SampleStatusSet(SampleStatusSet {
                    sample: "A.7.4".into(),
                    status: SetStatus::NotAssessed,
                    reason: "closed site".into(),
                }),
            ),
            (
                12,
                Event::UnplannedSampleAdded(UnplannedSampleAdded {
                    sample: "A.5.7".into(),
                    why: "trail".into(),
                }),
            ),
            (13, Event::NoteRemoved(NoteRemoved { note: id(2) })),
            (
                14,
                Event::EvidenceRemoved(EvidenceRemoved { evidence: id(3) }),
            ),
            (15, draft("A.5.7", "more")),
            (
                16,
                Event::DraftDiscarded(DraftDiscarded {
                    of: DraftTarget::NewNote {
                        sample: Some("A.5.7".into()),
                        meeting: None,
                    },
                }),
            ),
            (17, Event::NoteWritten(note("A.5.7"))),
        ];
        for (n, event) in &events {
            let envelope = Envelope {
                version: FORMAT_VERSION,
                id: id(*n),
                at: chrono::DateTime::default(),
                auditor: if n % 2 == 0 {
                    "Priya Shah"
                } else {
                    "Tom Whitfield"
                }
                .into(),
                kind: event.kind().into(),
                data: event.data(),
                extra: vec![],
            };
            app.apply(&envelope);
            let rebuilt = Derived::of(&app.audit, &plan);
            assert_eq!(app.derived, rebuilt, "after event {n}");
            assert_eq!(app.samples(), app.audit.samples(&plan), "after event {n}");
            app.apply(&envelope);
            assert_eq!(app.derived, rebuilt, "after event {n} applied twice");
        }
        assert_eq!(
            app.findings()
                .iter()
                .map(|f| f.number.to_string())
                .collect::<Vec<_>>(),
            ["OFI-01? (was NC-01)", "NC-02", "OBS-01?"]
        );
    }
}
