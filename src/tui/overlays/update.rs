//! Actions while an overlay has the keyboard: forms, the grade chooser, the catalogue picker,
//! the people picker, and the questions before quitting and before ending the closing meeting.

use ratatui_textarea::Key;

use super::{LibraryPicker, Overlay, Picker};
use crate::audit::{DraftDiscarded, Event, Grade, Meeting, MeetingMark, Person};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::{AttendeeForm, FindingForm, FormPurpose, OpenForm, UnplannedForm};
use crate::tui::update::{Effect, record};

impl App {
    /// What an action does to the overlay that has the keyboard (taken out of the state).
    pub(crate) fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Vec<Effect> {
        match overlay {
            Overlay::Help(page) => {
                match action {
                    Action::Down => self.overlay = Some(Overlay::Help(page + 1)),
                    Action::Up => self.overlay = Some(Overlay::Help(page.saturating_sub(1))),
                    _ => {}
                }
                Vec::new()
            }
            Overlay::Notice(_) => Vec::new(),
            Overlay::ConfirmQuit => match action {
                Action::Quit => {
                    self.quitting = true;
                    Vec::new()
                }
                Action::Retry => vec![Effect::Retry],
                _ => Vec::new(),
            },
            Overlay::ConfirmEnd => match action {
                Action::Open => vec![record(Event::MeetingEnded(MeetingMark {
                    meeting: Meeting::Closing,
                }))],
                Action::Back => Vec::new(),
                _ => {
                    self.overlay = Some(Overlay::ConfirmEnd);
                    Vec::new()
                }
            },
            Overlay::Form(open) => self.update_form(*open, action),
            Overlay::Grade {
                sample,
                seed,
                cursor,
            } => {
                let last = Grade::ALL.len() - 1;
                let (chosen, cursor) = match action {
                    Action::Grade(grade) => (Grade::ALL.iter().position(|g| *g == grade), cursor),
                    Action::Open => (Some(cursor), cursor),
                    Action::Up => (None, cursor.saturating_sub(1)),
                    Action::Down => (None, (cursor + 1).min(last)),
                    Action::Back => return Vec::new(),
                    _ => (None, cursor),
                };
                match chosen {
                    Some(i) => self.open_form(FormPurpose::Finding(FindingForm {
                        sample,
                        grade: Grade::ALL[i],
                        editing: None,
                        seed,
                    })),
                    None => {
                        self.overlay = Some(Overlay::Grade {
                            sample,
                            seed,
                            cursor,
                        })
                    }
                }
                Vec::new()
            }
            Overlay::Picker(picker) => self.update_picker(picker, action),
            Overlay::Library(picker) => self.update_library(picker, action),
            Overlay::People { meeting, cursor } => self.update_people(meeting, cursor, action),
        }
    }

    /// Opens the form for `purpose`.
    pub(crate) fn open_form(&mut self, purpose: FormPurpose) {
        self.overlay = Some(Overlay::Form(Box::new(self.form_for(purpose))));
    }

    /// The form `open` saved as `event`: it is recorded, and what the form says comes next
    /// comes up.
    fn saved(&mut self, open: &OpenForm, event: Event) -> Vec<Effect> {
        self.overlay = open.purpose.spec().then(self, &event);
        if let Event::InterviewStarted(started) = &event {
            self.open_interview_of(&started.interviewee);
        }
        vec![record(event)]
    }

    fn update_form(&mut self, mut open: OpenForm, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        match action {
            Action::Back => {
                effects.extend(App::draft_events(&mut open).into_iter().map(record));
                return effects;
            }
            Action::DiscardDraft => {
                return vec![record(Event::DraftDiscarded(DraftDiscarded {
                    of: open.purpose.draft_target(),
                }))];
            }
            Action::Undo => {
                open.form.undo();
                open.unsaved_since.get_or_insert(self.now);
            }
            Action::Redo => {
                open.form.redo();
                open.unsaved_since.get_or_insert(self.now);
            }
            Action::Library if matches!(open.purpose, FormPurpose::Finding(_)) => {
                open.form.problem = None;
                self.overlay = Some(Overlay::Library(
                    self.library_picker(Box::new(open), String::new()),
                ));
                return effects;
            }
            Action::Library => {
                open.form.problem = Some("the finding library fills finding forms only".into());
            }
            Action::Submit => match self.submission(&open) {
                Ok(event) => return self.saved(&open, event),
                Err(problem) => open.form.problem = Some(problem),
            },
            Action::Open if open.form.on_last() => match self.submission(&open) {
                Ok(event) => return self.saved(&open, event),
                Err(problem) => open.form.problem = Some(problem),
            },
            Action::Next | Action::Previous | Action::Open => {
                effects.extend(App::draft_events(&mut open).into_iter().map(record));
                open.form.step(action == Action::Previous);
                effects.extend(self.scripted_answer(&mut open));
            }
            Action::Type(input) => {
                open.form.type_key(input);
                open.unsaved_since.get_or_insert(self.now);
            }
            Action::Paste(text) => {
                open.form.paste(&text);
                open.unsaved_since.get_or_insert(self.now);
            }
            _ => {}
        }
        effects.extend(App::drafts_due(&mut open, self.now));
        self.overlay = Some(Overlay::Form(Box::new(open)));
        effects
    }

    fn update_picker(&mut self, mut picker: Picker, action: Action) -> Vec<Effect> {
        let changed = match action {
            Action::Back => return Vec::new(),
            Action::Open | Action::Next => {
                if let Some(sample) = picker.matches.get(picker.cursor).cloned() {
                    if self.samples().iter().any(|s| s.reference == sample) {
                        self.show_sample(&sample);
                    } else {
                        self.open_form(FormPurpose::Unplanned(UnplannedForm { sample }));
                    }
                }
                return Vec::new();
            }
            other => {
                let matches = picker.matches.len();
                move_or_type(&mut picker.query, &mut picker.cursor, matches, &other)
            }
        };
        if changed {
            picker = self.picker(picker.query);
        }
        self.overlay = Some(Overlay::Picker(picker));
        Vec::new()
    }

    fn update_library(&mut self, mut picker: LibraryPicker, action: Action) -> Vec<Effect> {
        let changed = match action {
            Action::Back => {
                self.overlay = Some(Overlay::Form(picker.form));
                return Vec::new();
            }
            Action::Open | Action::Next => {
                let mut open = picker.form;
                if let Some(template) = picker
                    .matches
                    .get(picker.cursor)
                    .and_then(|at| self.library.templates.get(*at))
                {
                    self.fill_from_library(&mut open, template);
                    open.unsaved_since.get_or_insert(self.now);
                }
                self.overlay = Some(Overlay::Form(open));
                return Vec::new();
            }
            other => {
                let matches = picker.matches.len();
                move_or_type(&mut picker.query, &mut picker.cursor, matches, &other)
            }
        };
        if changed {
            picker = self.library_picker(picker.form, picker.query);
        }
        self.overlay = Some(Overlay::Library(picker));
        Vec::new()
    }

    /// The finding-library picker over `form` for `query`, its matches found once.
    pub(crate) fn library_picker(&self, form: Box<OpenForm>, query: String) -> LibraryPicker {
        LibraryPicker {
            form,
            matches: self.library.fuzzy(&query),
            query,
            cursor: 0,
        }
    }

    /// The catalogue picker for `query`, its matches found once.
    pub(crate) fn picker(&self, query: String) -> Picker {
        Picker {
            matches: self
                .catalogue
                .fuzzy(&query)
                .into_iter()
                .map(|e| e.id.clone())
                .collect(),
            query,
            cursor: 0,
        }
    }

    /// The people offered for `meeting`: the plan's team, then its interviewees, then at the
    /// closing meeting whoever attended the opening; nobody already attending.
    pub(crate) fn people(&self, meeting: Meeting) -> Vec<Person> {
        let org = &self.plan.audit.organisation;
        let team_org = self
            .plan
            .audit
            .certification_body
            .clone()
            .unwrap_or_else(|| "audit team".into());
        let planned = self
            .plan
            .team
            .iter()
            .map(|m| Person {
                name: m.name.value.clone(),
                role: m.role.value.label().to_string(),
                organisation: team_org.clone(),
            })
            .chain(self.plan.interviewees.iter().map(|i| Person {
                name: i.name.value.clone(),
                role: i.role.clone(),
                organisation: org.clone(),
            }))
            .collect();
        self.audit().attendance_offer(meeting, planned)
    }

    fn update_people(&mut self, meeting: Meeting, cursor: usize, action: Action) -> Vec<Effect> {
        let people = self.people(meeting);
        match action {
            Action::Back => Vec::new(),
            Action::Up | Action::Down => {
                let cursor = if action == Action::Up {
                    cursor.saturating_sub(1)
                } else {
                    (cursor + 1).min(people.len())
                };
                self.overlay = Some(Overlay::People { meeting, cursor });
                Vec::new()
            }
            Action::Open => match people.get(cursor) {
                Some(person) => vec![record(Event::AttendeeAdded(person.attending(meeting)))],
                None => {
                    self.open_form(FormPurpose::Attendee(AttendeeForm { meeting }));
                    Vec::new()
                }
            },
            _ => {
                self.overlay = Some(Overlay::People { meeting, cursor });
                Vec::new()
            }
        }
    }
}

/// A picker's query line and highlighted line, the same in every picker: up and down move,
/// typing and pasting change the query. Returns whether the query changed, so that the
/// matches are found again.
fn move_or_type(query: &mut String, cursor: &mut usize, matches: usize, action: &Action) -> bool {
    match action {
        Action::Up => *cursor = cursor.saturating_sub(1),
        Action::Down => *cursor = (*cursor + 1).min(matches.saturating_sub(1)),
        Action::Type(input) => match input.key {
            Key::Backspace => return query.pop().is_some(),
            Key::Char(c) if !input.ctrl && !input.alt => {
                query.push(c);
                return true;
            }
            _ => {}
        },
        Action::Paste(text) => {
            query.push_str(text.lines().next().unwrap_or(""));
            return true;
        }
        _ => {}
    }
    false
}
