//! The interview note form: what was said and the clauses and controls it touches; a new note
//! or a change to one.

use ulid::Ulid;

use super::fields::{Field, Form};
use super::{Fill, FormSpec, required};
use crate::audit::{DraftTarget, Event, InterviewNoteEdited, InterviewNoteWritten};
use crate::tui::app::App;

/// A note taken in an interview, or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InterviewNoteForm {
    /// The interview.
    pub interview: Ulid,
    /// The note being changed, if any.
    #[serde(default)]
    pub editing: Option<Ulid>,
}

impl FormSpec for InterviewNoteForm {
    fn title(&self, _: &App) -> String {
        match self.editing {
            Some(_) => "Edit interview note".to_string(),
            None => "Interview note".to_string(),
        }
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let (text, topics) = self
            .editing
            .and_then(|id| {
                app.audit()
                    .interview_notes(self.interview)
                    .find(|n| n.id == id)
            })
            .map(|n| (n.content.text.clone(), n.content.topics.join(", ")))
            .unwrap_or_default();
        vec![
            fill.text("What was said", "text", &text, true),
            fill.text(
                "Clauses and controls it touches (comma-separated)",
                "topics",
                &topics,
                false,
            ),
        ]
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
        let text = required(form, "text", "what was said")?;
        let typed = form.value("topics");
        let topics = if typed.trim().is_empty() {
            Vec::new()
        } else {
            app.references(&typed)?
        };
        Ok(match self.editing {
            Some(note) => Event::InterviewNoteEdited(InterviewNoteEdited { note, text, topics }),
            None => Event::InterviewNoteWritten(InterviewNoteWritten {
                interview: self.interview,
                text,
                topics,
            }),
        })
    }
}
