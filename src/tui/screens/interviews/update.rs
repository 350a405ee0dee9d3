//! Actions on the interviews: open one, start and end it, take notes and correct them.

use crate::audit::{Event, InterviewEnded, InterviewStarted};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::{FormPurpose, InterviewNoteForm};
use crate::tui::update::{Effect, move_cursor, record};

impl App {
    /// The interview list: the plan's interviewees, then people interviewed off-plan.
    pub(crate) fn interview_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .plan
            .interviewees
            .iter()
            .map(|i| i.name.value.clone())
            .collect();
        for interview in self.audit().interviews() {
            if !names.contains(&interview.item.content.interviewee) {
                names.push(interview.item.content.interviewee.clone());
            }
        }
        names
    }

    /// The latest interview of `name`, if one was started.
    pub(crate) fn interview_of(&self, name: &str) -> Option<crate::audit::Interview<'_>> {
        self.audit()
            .interviews()
            .filter(|i| i.item.content.interviewee == name)
            .last()
    }

    pub(super) fn update_interviews(&mut self, action: Action) -> Vec<Effect> {
        let names = self.interview_names();
        let Some(open) = self.open_interview.clone() else {
            if move_cursor(&mut self.cursors.interviews, names.len(), &action) {
                return Vec::new();
            }
            if action == Action::Open
                && let Some(name) = names.get(self.cursors.interviews)
            {
                self.open_interview = Some(name.clone());
                self.cursors.interview_note = usize::MAX;
            }
            return Vec::new();
        };
        let interview = self
            .interview_of(&open)
            .map(|i| (i.item.id, i.ended.is_some()));
        let notes: Vec<ulid::Ulid> = interview
            .map(|(id, _)| self.audit().interview_notes(id).map(|n| n.id).collect())
            .unwrap_or_default();
        let cursor = &mut self.cursors.interview_note;
        *cursor = (*cursor).min(notes.len().saturating_sub(1));
        if move_cursor(cursor, notes.len(), &action) {
            return Vec::new();
        }
        let selected = notes.get(*cursor).copied();
        match (action, interview) {
            (Action::Back | Action::Left, _) => self.open_interview = None,
            (Action::StartInterview, None | Some((_, true))) => {
                let planned = self.plan.interviewees.iter().find(|i| i.name.value == open);
                return vec![record(Event::InterviewStarted(InterviewStarted {
                    interviewee: open.clone(),
                    role: planned.map(|i| i.role.clone()).unwrap_or_default(),
                    topics: planned
                        .map(|i| i.topics.iter().map(|t| t.value.clone()).collect())
                        .unwrap_or_default(),
                }))];
            }
            (Action::EndInterview, Some((interview, false))) => {
                return vec![record(Event::InterviewEnded(InterviewEnded { interview }))];
            }
            (Action::NewNote, Some((interview, _))) => {
                self.cursors.interview_note = usize::MAX;
                self.open_form(FormPurpose::InterviewNote(InterviewNoteForm {
                    interview,
                    editing: None,
                }))
            }
            (Action::Open, Some((interview, _))) => {
                if let Some(note) = selected {
                    self.open_form(FormPurpose::InterviewNote(InterviewNoteForm {
                        interview,
                        editing: Some(note),
                    }))
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
