//! Actions on the interviews: open one, start one (again, or with someone the plan does not
//! name), end it, ask questions and take notes, compare what was said with the records, and
//! raise a finding from it.

use ulid::Ulid;

use crate::audit::{Event, Interview, InterviewEnded, InterviewStarted};
use crate::tui::action::Action;
use crate::tui::app::{App, OpenInterview};
use crate::tui::forms::{
    CorroborationForm, FindingSeed, FormPurpose, InterviewNoteForm, IntervieweeForm,
};
use crate::tui::overlays::Overlay;
use crate::tui::update::{Effect, move_cursor, record};

/// A line of the interview list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InterviewRow {
    /// An interview started, held or under way.
    Held(Ulid),
    /// Someone the plan names who has not been interviewed yet.
    NotYet(String),
}

impl App {
    /// The interview list: for each person the plan names, their interviews in the order
    /// started (or that they are not seen yet); then the interviews of people it does not name.
    pub(crate) fn interview_rows(&self) -> Vec<InterviewRow> {
        let interviews: Vec<Interview<'_>> = self.audit().interviews().collect();
        let mut rows = Vec::new();
        for person in &self.plan.interviewees {
            let theirs: Vec<InterviewRow> = interviews
                .iter()
                .filter(|i| i.item.content.interviewee == person.name.value)
                .map(|i| InterviewRow::Held(i.item.id))
                .collect();
            if theirs.is_empty() {
                rows.push(InterviewRow::NotYet(person.name.value.clone()));
            }
            rows.extend(theirs);
        }
        let planned = |name: &str| self.plan.interviewees.iter().any(|p| p.name.value == name);
        rows.extend(
            interviews
                .iter()
                .filter(|i| !planned(&i.item.content.interviewee))
                .map(|i| InterviewRow::Held(i.item.id)),
        );
        rows
    }

    /// The interview open on the screen: the one picked, or the person's latest.
    pub(crate) fn shown_interview(&self) -> Option<Interview<'_>> {
        let open = self.open_interview.as_ref()?;
        let mut theirs = self
            .audit()
            .interviews()
            .filter(|i| i.item.content.interviewee == open.name);
        match open.item {
            Some(id) => theirs.find(|i| i.item.id == id),
            None => theirs.last(),
        }
    }

    /// Opens `name`'s latest interview (or the one about to start), with the list's cursor on
    /// their line.
    pub(crate) fn open_interview_of(&mut self, name: &str) {
        let rows = self.interview_rows();
        let latest = self
            .audit()
            .interviews()
            .filter(|i| i.item.content.interviewee == name)
            .last()
            .map(|i| i.item.id);
        let at = rows.iter().position(|r| match (r, latest) {
            (InterviewRow::Held(id), Some(latest)) => *id == latest,
            (InterviewRow::NotYet(n), None) => n == name,
            _ => false,
        });
        if let Some(at) = at {
            self.cursors.interviews = at;
        }
        self.open_interview = Some(OpenInterview::latest(name));
        self.cursors.interview_note = usize::MAX;
    }

    /// Who a line of the list is about.
    fn row_name(&self, row: &InterviewRow) -> Option<String> {
        match row {
            InterviewRow::Held(id) => self.interview_name(*id),
            InterviewRow::NotYet(name) => Some(name.clone()),
        }
    }

    /// A new interview with `name`, with the plan's role, department and topics for them; or,
    /// when one with them is under way, nothing (it is opened instead).
    fn start_interview(&mut self, name: &str) -> Vec<Effect> {
        let under_way = self
            .audit()
            .interviews()
            .any(|i| i.item.content.interviewee == name && i.ended.is_none());
        self.open_interview_of(name);
        if under_way {
            return Vec::new();
        }
        let planned = self.plan.interviewees.iter().find(|i| i.name.value == name);
        let earlier = self
            .audit()
            .interviews()
            .filter(|i| i.item.content.interviewee == name)
            .last()
            .map(|i| i.item.content.clone());
        let started = match (planned, earlier) {
            (Some(p), _) => InterviewStarted {
                interviewee: name.to_string(),
                role: p.role.clone(),
                department: String::new(),
                topics: p.topics.iter().map(|t| t.value.clone()).collect(),
            },
            (None, Some(earlier)) => earlier,
            (None, None) => return Vec::new(),
        };
        vec![record(Event::InterviewStarted(started))]
    }

    pub(super) fn update_interviews(&mut self, action: Action) -> Vec<Effect> {
        if self.open_interview.is_none() {
            let rows = self.interview_rows();
            if move_cursor(&mut self.cursors.interviews, rows.len(), &action) {
                return Vec::new();
            }
            let row = rows.get(self.cursors.interviews);
            match action {
                Action::Open => {
                    self.cursors.interview_note = usize::MAX;
                    self.open_interview = match row {
                        Some(InterviewRow::Held(id)) => {
                            self.interview_name(*id).map(|name| OpenInterview {
                                name,
                                item: Some(*id),
                            })
                        }
                        Some(InterviewRow::NotYet(name)) => Some(OpenInterview::latest(name)),
                        None => None,
                    };
                }
                Action::StartInterview => {
                    if let Some(name) = row.and_then(|r| self.row_name(r)) {
                        return self.start_interview(&name);
                    }
                }
                Action::InterviewSomeoneElse => {
                    self.open_form(FormPurpose::Interviewee(IntervieweeForm))
                }
                _ => {}
            }
            return Vec::new();
        }
        let interview = self
            .shown_interview()
            .map(|i| (i.item.id, i.ended.is_some()));
        let notes: Vec<(Ulid, bool)> = interview
            .map(|(id, _)| {
                self.audit()
                    .interview_notes(id)
                    .map(|n| (n.id, !n.content.question.is_empty()))
                    .collect()
            })
            .unwrap_or_default();
        let cursor = &mut self.cursors.interview_note;
        *cursor = (*cursor).min(notes.len().saturating_sub(1));
        if move_cursor(cursor, notes.len(), &action) {
            return Vec::new();
        }
        let selected = notes.get(*cursor).copied();
        let note_form = |asking, editing| {
            interview.map(|(interview, _)| {
                FormPurpose::InterviewNote(InterviewNoteForm {
                    interview,
                    editing,
                    asking,
                })
            })
        };
        let asking = action == Action::AskQuestion;
        match (action, interview) {
            (Action::Back | Action::Left, _) => self.open_interview = None,
            (Action::StartInterview, None | Some((_, true))) => {
                let name = self.open_interview.as_ref().map(|o| o.name.clone());
                if let Some(name) = name {
                    return self.start_interview(&name);
                }
            }
            (Action::EndInterview, Some((interview, false))) => {
                return vec![record(Event::InterviewEnded(InterviewEnded { interview }))];
            }
            (Action::AskQuestion | Action::NewNote, Some(_)) => {
                self.cursors.interview_note = usize::MAX;
                if let Some(form) = note_form(asking, None) {
                    self.open_form(form)
                }
            }
            (Action::Open, Some(_)) => {
                if let Some(form) = selected.and_then(|(id, asked)| note_form(asked, Some(id))) {
                    self.open_form(form)
                }
            }
            (Action::Corroborate, Some((interview, _))) => {
                self.open_form(FormPurpose::Corroboration(CorroborationForm { interview }))
            }
            (Action::NewFinding, Some((interview, _))) => {
                self.overlay = Some(self.finding_from_interview(interview))
            }
            _ => {}
        }
        Vec::new()
    }

    /// The grade chooser of a finding that cites `interview`, on the controls where it
    /// contradicts the records (else every control it touched), with the evidence compared.
    fn finding_from_interview(&self, interview: Ulid) -> Overlay {
        let basis = self.audit().interview_basis(interview, *self.now.offset());
        Overlay::Grade {
            sample: None,
            seed: FindingSeed {
                references: basis.references,
                evidence: basis.evidence,
                interviews: vec![interview],
                objective_evidence: basis.objective_evidence,
                ..Default::default()
            },
            cursor: 1,
        }
    }
}
