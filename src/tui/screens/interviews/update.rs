//! Actions on the interviews: open one, start and end it, take notes.

use super::{Effect, move_cursor, record};
use crate::audit::{Event, InterviewEnded, InterviewStarted};
use crate::tui::action::Action;
use crate::tui::app::{App, FormPurpose};

impl App {
    /// The interview list: the plan's interviewees, then people interviewed off-plan.
    pub fn interview_names(&self) -> Vec<String> {
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
    pub fn interview_of(&self, name: &str) -> Option<crate::audit::Interview<'_>> {
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
            }
            return Vec::new();
        };
        let interview = self
            .interview_of(&open)
            .map(|i| (i.item.id, i.ended.is_some()));
        match (action, interview) {
            (Action::Back | Action::Left, _) => self.open_interview = None,
            (Action::Command('s'), None | Some((_, true))) => {
                let planned = self.plan.interviewees.iter().find(|i| i.name.value == open);
                return vec![record(Event::InterviewStarted(InterviewStarted {
                    interviewee: open.clone(),
                    role: planned.map(|i| i.role.clone()).unwrap_or_default(),
                    topics: planned
                        .map(|i| i.topics.iter().map(|t| t.value.clone()).collect())
                        .unwrap_or_default(),
                }))];
            }
            (Action::Command('e'), Some((interview, false))) => {
                return vec![record(Event::InterviewEnded(InterviewEnded { interview }))];
            }
            (Action::Command('n'), Some((interview, _))) => {
                self.open_form(FormPurpose::InterviewNote { interview })
            }
            _ => {}
        }
        Vec::new()
    }
}
