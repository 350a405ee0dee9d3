//! The interview forms: a question and its answer or a free note, each with the clauses and
//! controls it touches (the next question comes up as soon as an answer is saved); an
//! interview with someone the plan does not name; and how what was said on a control compares
//! with the records, which offers a finding when it contradicts them.

use ulid::Ulid;

use super::fields::{Field, Form};
use super::{Fill, FindingSeed, FormPurpose, FormSpec, required, value};
use crate::audit::{
    Corroboration, DraftTarget, Event, InterviewNoteEdited, InterviewNoteWritten, InterviewStarted,
    Verdict,
};
use crate::tui::app::App;
use crate::tui::overlays::Overlay;

/// A note taken in an interview, or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InterviewNoteForm {
    /// The interview.
    pub interview: Ulid,
    /// The note being changed, if any.
    #[serde(default)]
    pub editing: Option<Ulid>,
    /// A question and its answer (true) or a free note.
    #[serde(default)]
    pub asking: bool,
}

impl FormSpec for InterviewNoteForm {
    fn title(&self, app: &App) -> String {
        let what = match (self.editing, self.asking) {
            (Some(_), true) => "Edit question and answer",
            (Some(_), false) => "Edit interview note",
            (None, true) => "Question",
            (None, false) => "Interview note",
        };
        match app.interview_name(self.interview) {
            Some(name) => format!("{what} — {name}"),
            None => what.to_string(),
        }
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let notes: Vec<_> = app.audit().interview_notes(self.interview).collect();
        let (question, text, topics) = match self.editing {
            Some(id) => notes
                .iter()
                .find(|n| n.id == id)
                .map(|n| {
                    let c = &n.content;
                    (c.question.clone(), c.text.clone(), c.topics.join(", "))
                })
                .unwrap_or_default(),
            // A conversation stays on its subject: a new note touches what the last one did;
            // the first, the first topic the interview was planned for.
            None => (
                String::new(),
                String::new(),
                match notes.last() {
                    Some(n) => n.content.topics.join(", "),
                    None => app
                        .audit()
                        .interviews()
                        .find(|i| i.item.id == self.interview)
                        .and_then(|i| i.item.content.topics.first().cloned())
                        .unwrap_or_default(),
                },
            ),
        };
        let mut fields = Vec::new();
        if self.asking {
            // One line each, so that Enter moves on: question, answer, then Enter on the
            // topics saves, and the next question is ready.
            fields.push(fill.text("Question", "question", &question, false));
            fields.push(fill.text("Answer", "text", &text, false));
        } else {
            fields.push(fill.text("What was said", "text", &text, true));
        }
        fields.push(fill.text(
            "Clauses and controls it touches (comma-separated)",
            "topics",
            &topics,
            false,
        ));
        fields
    }

    fn draft_target(&self) -> DraftTarget {
        match self.editing {
            Some(note) => DraftTarget::InterviewNote { note },
            None => DraftTarget::NewInterviewNote {
                interview: self.interview,
            },
        }
    }

    fn submit(&self, app: &App, form: &Form) -> Result<Event, String> {
        let question = if self.asking {
            required(form, "question", "the question")?
        } else {
            String::new()
        };
        let what = if self.asking {
            "the answer"
        } else {
            "what was said"
        };
        let text = required(form, "text", what)?;
        let topics = topics(app, form)?;
        Ok(match self.editing {
            Some(note) => Event::InterviewNoteEdited(InterviewNoteEdited {
                note,
                question,
                text,
                topics,
            }),
            None => Event::InterviewNoteWritten(InterviewNoteWritten {
                interview: self.interview,
                question,
                text,
                topics,
            }),
        })
    }

    /// After an answer, the next question is ready, on the same subject.
    fn then(&self, app: &App, event: &Event) -> Option<Overlay> {
        let Event::InterviewNoteWritten(note) = event else {
            return None;
        };
        if !self.asking {
            return None;
        }
        let mut next = app.fresh_form(FormPurpose::InterviewNote(self.clone()));
        next.form.set_text("topics", &note.topics.join(", "));
        Some(Overlay::Form(Box::new(next)))
    }
}

/// The canonical ids of the form's typed topics; none typed is none.
fn topics(app: &App, form: &Form) -> Result<Vec<String>, String> {
    let typed = form.value("topics");
    if typed.trim().is_empty() {
        Ok(Vec::new())
    } else {
        app.references(&typed)
    }
}

/// An interview with someone the plan does not name: saving it starts the interview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IntervieweeForm;

impl FormSpec for IntervieweeForm {
    fn title(&self, _: &App) -> String {
        "Interview someone the plan does not name".to_string()
    }

    fn fields(&self, _: &App, fill: &Fill<'_>) -> Vec<Field> {
        vec![
            fill.text("Name", "name", "", false),
            fill.text("Role (job title or function)", "role", "", false),
            fill.text("Department", "department", "", false),
            fill.text(
                "Clauses and controls to talk about (comma-separated)",
                "topics",
                "",
                false,
            ),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::NewInterview
    }

    fn submit(&self, app: &App, form: &Form) -> Result<Event, String> {
        Ok(Event::InterviewStarted(InterviewStarted {
            interviewee: required(form, "name", "a name")?,
            role: value(form, "role"),
            department: value(form, "department"),
            topics: topics(app, form)?,
        }))
    }
}

/// How what an interview heard on a control compares with the records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CorroborationForm {
    /// The interview.
    pub interview: Ulid,
}

impl CorroborationForm {
    /// The control the form starts on: the first the interview touched with no verdict yet,
    /// else the first it touched.
    fn first_control(&self, app: &App) -> String {
        let controls = app.audit().interview_controls(self.interview);
        let checked: Vec<&str> = app
            .audit()
            .corroborations(self.interview)
            .filter(|c| c.verdict != Verdict::NotChecked)
            .map(|c| c.control.as_str())
            .collect();
        controls
            .iter()
            .find(|c| !checked.contains(&c.as_str()))
            .or(controls.first())
            .cloned()
            .unwrap_or_default()
    }
}

impl FormSpec for CorroborationForm {
    fn title(&self, app: &App) -> String {
        let controls = app.audit().interview_controls(self.interview);
        match controls.is_empty() {
            true => "Compare with the records".to_string(),
            false => format!("Compare with the records ({})", controls.join(", ")),
        }
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let control = self.first_control(app);
        let held = app
            .audit()
            .corroborations(self.interview)
            .find(|c| c.control == control);
        let labels = Verdict::ALL.iter().map(|v| v.label()).collect();
        let at = held
            .and_then(|c| Verdict::ALL.iter().position(|v| *v == c.verdict))
            .unwrap_or(0);
        let chosen = held.map(|c| c.evidence.clone()).unwrap_or_default();
        let note = held.map(|c| c.note.clone()).unwrap_or_default();
        vec![
            fill.text("Clause or control", "control", &control, false),
            Field::choice("What was said (←/→)", labels, at),
            Field::links(
                "Evidence items compared (space to link)",
                "evidence",
                super::finding::evidence_options(app, Some(&control)),
                &chosen,
            ),
            fill.text("What differs, or what was compared", "note", &note, true),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::Corroboration {
            interview: self.interview,
        }
    }

    fn submit(&self, app: &App, form: &Form) -> Result<Event, String> {
        let control = match app.references(&form.value("control"))?.as_slice() {
            [one] => one.clone(),
            _ => return Err("one clause or control at a time".into()),
        };
        let verdict = Verdict::ALL[form.selected().unwrap_or(0)];
        Ok(Event::CorroborationRecorded(Corroboration {
            interview: self.interview,
            control,
            verdict,
            evidence: form.chosen("evidence"),
            note: value(form, "note"),
        }))
    }

    /// A contradiction offers a finding on the control, citing the interview and the evidence.
    fn then(&self, app: &App, event: &Event) -> Option<Overlay> {
        let Event::CorroborationRecorded(c) = event else {
            return None;
        };
        if c.verdict != Verdict::Contradicts {
            return None;
        }
        let sample = app
            .samples()
            .iter()
            .any(|s| s.reference == c.control)
            .then(|| c.control.clone());
        Some(Overlay::Grade {
            sample,
            seed: FindingSeed {
                references: vec![c.control.clone()],
                evidence: c.evidence.clone(),
                interviews: vec![c.interview],
                objective_evidence: app.audit().contradiction_evidence(c, *app.now.offset()),
                ..Default::default()
            },
            cursor: 1,
        })
    }
}

impl App {
    /// Who an interview was with.
    pub(crate) fn interview_name(&self, interview: Ulid) -> Option<String> {
        self.audit()
            .interviews()
            .find(|i| i.item.id == interview)
            .map(|i| i.item.content.interviewee.clone())
    }
}
