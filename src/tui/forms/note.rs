//! The note form: a note on a sample or taken in a meeting.

use ulid::Ulid;

use super::fields::{Field, Form};
use super::{Fill, FormSpec, required, titled};
use crate::audit::{DraftTarget, Event, Meeting, Note, NoteEdited};
use crate::tui::app::App;

/// A new note, or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoteForm {
    /// The sample it is about.
    pub sample: Option<String>,
    /// The meeting it was taken in.
    pub meeting: Option<Meeting>,
    /// The note being changed, if any.
    pub editing: Option<Ulid>,
}

impl FormSpec for NoteForm {
    fn title(&self, _: &App) -> String {
        titled(self.editing.is_some(), "note", &self.sample)
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let text = self
            .editing
            .and_then(|id| app.audit().notes().find(|n| n.id == id))
            .map(|n| n.content.text.clone())
            .unwrap_or_default();
        vec![fill.text("Note", "text", &text, true)]
    }

    fn draft_target(&self) -> DraftTarget {
        match self.editing {
            Some(note) => DraftTarget::Note { note },
            None => DraftTarget::NewNote {
                sample: self.sample.clone(),
                meeting: self.meeting,
            },
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        let content = Note {
            sample: self.sample.clone(),
            meeting: self.meeting,
            text: required(form, "text", "the note")?,
        };
        Ok(match self.editing {
            Some(note) => Event::NoteEdited(NoteEdited { note, content }),
            None => Event::NoteWritten(content),
        })
    }
}
