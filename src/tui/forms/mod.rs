//! The forms of the audit day, each declared once, in its own file, as a [`FormSpec`]: its
//! title, its fields (filled from the item it changes and from any draft left by an
//! interrupted session), what its drafts are saved as, and the event saving it records.
//! [`FormPurpose`] names them (the position file keeps it to reopen the form). `fields` is the
//! form widget they are made of.

mod closure;
mod document;
mod evidence;
pub(crate) mod fields;
mod finding;
mod interview;
mod meeting;
mod note;
mod sample;

use chrono::{DateTime, FixedOffset};
use ulid::Ulid;

use self::fields::{Field, Form};
use super::app::App;
use crate::audit::{DraftTarget, Event, EvidenceItem, Grade};

pub use self::closure::ClosureForm;
pub use self::document::DocumentForm;
pub use self::evidence::EvidenceForm;
pub use self::finding::{FindingForm, FindingSeed, WithdrawForm};
pub use self::interview::{CorroborationForm, InterviewNoteForm, IntervieweeForm};
pub use self::meeting::{AttendeeForm, OpinionForm};
pub use self::note::NoteForm;
pub use self::sample::{NotAssessedForm, UnplannedForm};

/// Which form is open and what it is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FormPurpose {
    /// A new evidence item, or a change to one.
    Evidence(EvidenceForm),
    /// A new note, or a change to one.
    Note(NoteForm),
    /// A new finding, or a change to one.
    Finding(FindingForm),
    /// Why a sample was not assessed.
    NotAssessed(NotAssessedForm),
    /// Someone attending a meeting.
    Attendee(AttendeeForm),
    /// Why a finding is withdrawn.
    Withdraw(WithdrawForm),
    /// Why an unplanned sample is taken.
    Unplanned(UnplannedForm),
    /// A note taken in an interview, or a change to one.
    InterviewNote(InterviewNoteForm),
    /// An interview with someone the plan does not name.
    Interviewee(IntervieweeForm),
    /// How what an interview heard on a control compares with the records.
    Corroboration(CorroborationForm),
    /// The audit team's recommendation, with its justification.
    Recommendation,
    /// The auditee's diverging opinion on the audit as a whole.
    DivergingOpinion,
    /// The auditee's diverging opinion on a finding.
    FindingOpinion(OpinionForm),
    /// The verification of a previous audit's nonconformity.
    Closure(ClosureForm),
    /// The review of a document of the plan's list.
    Document(DocumentForm),
}

impl FormPurpose {
    /// The form's declaration.
    pub(crate) fn spec(&self) -> &dyn FormSpec {
        match self {
            FormPurpose::Evidence(f) => f,
            FormPurpose::Note(f) => f,
            FormPurpose::Finding(f) => f,
            FormPurpose::NotAssessed(f) => f,
            FormPurpose::Attendee(f) => f,
            FormPurpose::Withdraw(f) => f,
            FormPurpose::Unplanned(f) => f,
            FormPurpose::InterviewNote(f) => f,
            FormPurpose::Interviewee(f) => f,
            FormPurpose::Corroboration(f) => f,
            FormPurpose::Recommendation => &meeting::RecommendationForm,
            FormPurpose::DivergingOpinion => &OpinionForm { finding: None },
            FormPurpose::FindingOpinion(f) => f,
            FormPurpose::Closure(f) => f,
            FormPurpose::Document(f) => f,
        }
    }

    /// What the form's drafts are saved as.
    pub(crate) fn draft_target(&self) -> DraftTarget {
        self.spec().draft_target()
    }
}

/// One form, declared once: everything about it but the widget.
pub(crate) trait FormSpec {
    /// The title of the form's box: "New evidence item — A.8.15".
    fn title(&self, app: &App) -> String;
    /// The fields, top to bottom; `fill` puts each text field's saved draft in place.
    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field>;
    /// What the form's drafts are saved as.
    fn draft_target(&self) -> DraftTarget;
    /// The event that saving the form records, or why it cannot be saved yet.
    fn submit(&self, app: &App, form: &Form) -> Result<Event, String>;
    /// What comes up once the form is saved with `event`: the next question of an interview,
    /// the offer to raise a finding from a contradiction. Nothing by default.
    fn then(&self, _app: &App, _event: &Event) -> Option<super::overlays::Overlay> {
        None
    }
}

/// Text fields filled from the drafts of one form.
pub(crate) struct Fill<'a> {
    app: &'a App,
    target: DraftTarget,
    /// Whether the drafts are read: not for a form that follows the one just saved, whose
    /// drafts the saving has not yet cleared.
    drafts: bool,
}

impl Fill<'_> {
    /// A text field holding the draft of `name`, or `current` when there is none.
    pub(crate) fn text(
        &self,
        label: &'static str,
        name: &'static str,
        current: &str,
        multiline: bool,
    ) -> Field {
        let draft = self
            .drafts
            .then(|| self.app.audit().draft(&self.target, name));
        let text = draft.flatten().unwrap_or(current);
        Field::text(label, name, text, multiline)
    }
}

/// The trimmed text of a field.
pub(crate) fn value(form: &Form, name: &str) -> String {
    form.value(name).trim().to_string()
}

/// The trimmed text of a field that must not be empty; `what` names it in the refusal.
pub(crate) fn required(form: &Form, name: &str, what: &str) -> Result<String, String> {
    let text = value(form, name);
    if text.is_empty() {
        Err(format!("{what} is needed"))
    } else {
        Ok(text)
    }
}

/// A form on screen: what it is for and its fields.
pub struct OpenForm {
    /// What saving it records.
    pub purpose: FormPurpose,
    /// The fields.
    pub form: Form,
    /// When the first key that no saved draft holds yet was typed: its draft is due a moment
    /// later, whether typing goes on or not.
    pub unsaved_since: Option<DateTime<FixedOffset>>,
}

impl App {
    /// Builds the form for `purpose`, filled from the item it changes and from saved drafts.
    pub(crate) fn form_for(&self, purpose: FormPurpose) -> OpenForm {
        self.build_form(purpose, true)
    }

    /// Builds the form for `purpose` as if it had no drafts: the form that follows one just
    /// saved, whose drafts are cleared only once the saving is applied.
    pub(crate) fn fresh_form(&self, purpose: FormPurpose) -> OpenForm {
        self.build_form(purpose, false)
    }

    fn build_form(&self, purpose: FormPurpose, drafts: bool) -> OpenForm {
        let spec = purpose.spec();
        let fill = Fill {
            app: self,
            target: spec.draft_target(),
            drafts,
        };
        let form = Form::new(spec.title(self), spec.fields(self, &fill));
        OpenForm {
            purpose,
            form,
            unsaved_since: None,
        }
    }

    /// The event that saving `open` records, or why it cannot be saved yet.
    pub(crate) fn submission(&self, open: &OpenForm) -> Result<Event, String> {
        open.purpose.spec().submit(self, &open.form)
    }

    /// The events that save the changed text fields of `open` as drafts; after them nothing
    /// typed is unsaved.
    pub(crate) fn draft_events(open: &mut OpenForm) -> Vec<Event> {
        open.unsaved_since = None;
        let target = open.purpose.draft_target();
        open.form
            .fields
            .iter_mut()
            .filter(|f| f.dirty && matches!(f.input, fields::Input::Text { .. }))
            .map(|f| {
                f.dirty = false;
                Event::DraftSaved(crate::audit::DraftSaved {
                    of: target.clone(),
                    field: f.name.to_string(),
                    text: f.value(),
                })
            })
            .collect()
    }

    /// Canonical ids of a typed list of references; every part must resolve, and there must
    /// be at least one.
    pub(crate) fn references(&self, text: &str) -> Result<Vec<String>, String> {
        let parts = self.catalogue.resolve_list(text);
        if parts.is_empty() {
            return Err("at least one clause or control reference is needed".into());
        }
        let mut ids = Vec::new();
        for (part, outcome) in parts {
            match outcome {
                Ok(entry) if !ids.contains(&entry.id) => ids.push(entry.id.clone()),
                Ok(_) => {}
                Err(crate::catalogue::LookupError::Empty) => {
                    return Err(format!("{part}: not a reference"));
                }
                Err(e @ crate::catalogue::LookupError::Unknown { .. }) => {
                    return Err(match e.hint() {
                        Some(hint) => format!("{}; {hint}", e.message()),
                        None => e.message(),
                    });
                }
                Err(e) => return Err(e.message()),
            }
        }
        Ok(ids)
    }

    /// An evidence item as it stands.
    pub(crate) fn evidence_item(&self, id: Ulid) -> Option<EvidenceItem> {
        self.audit()
            .evidence()
            .find(|e| e.id == id)
            .map(|e| e.content.clone())
    }

    /// The number a finding is known by (NC-01).
    pub(crate) fn finding_number(&self, id: Ulid) -> String {
        self.findings()
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.number.to_string())
            .unwrap_or_else(|| "finding".into())
    }
}

/// "New note — A.8.15" or "Edit note — A.8.15".
fn titled(editing: bool, what: &str, sample: &Option<String>) -> String {
    let verb = if editing { "Edit" } else { "New" };
    match sample {
        Some(s) => format!("{verb} {what} — {s}"),
        None => format!("{verb} {what}"),
    }
}

/// How a meeting is named.
pub(crate) fn meeting_name(meeting: crate::audit::Meeting) -> &'static str {
    match meeting {
        crate::audit::Meeting::Opening => "opening",
        crate::audit::Meeting::Closing => "closing",
    }
}

/// The grade in a few words, for lists and choices.
pub(crate) fn short_grade(grade: Grade) -> &'static str {
    match grade {
        Grade::Major => "major NC",
        Grade::Minor => "minor NC",
        Grade::Observation => "observation",
        Grade::Opportunity => "OFI",
        Grade::Strength => "strength",
        Grade::AreaOfConcern => "area of concern",
    }
}

/// The first line of a text, for one-line lists.
pub(crate) fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}
