//! `update`: what each action does to the interface's state, and which events it asks to be
//! recorded. Pure: the runner performs the effects (writing to the record) and feeds the time in.

use chrono::Duration;
use ratatui_textarea::Key;

use super::action::{Action, Screen};
use super::app::{App, FindingRow, FormPurpose, Overlay};
use super::keymap::KeyContext;
use crate::audit::{
    AgendaItemChecked, AttendeeRemoved, Event, Grade, InterviewEnded, InterviewStarted, Meeting,
    MeetingMark, SampleStatusSet, SetStatus,
};

/// What the runner must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Record this event: stamp it, write it, sync it.
    Record(Box<Event>),
    /// Write again the events that could not be saved.
    Retry,
}

/// The effect of recording `event`.
fn record(event: Event) -> Effect {
    Effect::Record(Box::new(event))
}

/// How long typing must pause before a draft is saved.
pub const DRAFT_PAUSE: Duration = Duration::seconds(2);

const PAGE: usize = 10;

/// The status filters of the sample list, in the order `s` steps through them.
pub const STATUS_FILTERS: [&str; 5] = [
    "not started",
    "in progress",
    "conforming",
    "finding raised",
    "not assessed",
];

/// One line of a meeting screen.
#[derive(Debug, Clone, PartialEq)]
pub enum MeetingRow {
    /// A checklist item, by its text.
    Item(String),
    /// An attendee, by the id of the event that added them.
    Attendee(ulid::Ulid),
    /// A note, by its id.
    Note(ulid::Ulid),
}

/// One line of an open sample's detail, with what it shows.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailRow<'a> {
    /// An evidence item.
    Evidence(crate::audit::Item<'a, crate::audit::EvidenceItem>),
    /// A note.
    Note(crate::audit::Item<'a, crate::audit::Note>),
    /// A finding.
    Finding(&'a FindingRow),
}

impl DetailRow<'_> {
    /// The id of the recorded item on the line.
    pub fn id(&self) -> ulid::Ulid {
        match self {
            DetailRow::Evidence(item) => item.id,
            DetailRow::Note(item) => item.id,
            DetailRow::Finding(finding) => finding.id,
        }
    }
}

impl App {
    /// What has the keyboard, for the keymap.
    pub fn key_context(&self) -> KeyContext {
        match &self.overlay {
            Some(Overlay::Help | Overlay::Notice(_)) => KeyContext::Help,
            Some(Overlay::Form(open)) if open.form.focus_is_line() => KeyContext::Line,
            Some(Overlay::Form(_)) => KeyContext::Text,
            Some(Overlay::Picker { .. }) => KeyContext::Line,
            Some(Overlay::Grade { .. } | Overlay::People { .. }) => KeyContext::Choice,
            Some(Overlay::ConfirmQuit) => KeyContext::Browse,
            None if self.sample_filter.typing || self.finding_filter.typing => KeyContext::Line,
            None => KeyContext::Browse,
        }
    }

    /// Applies one action; returns what must be recorded.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::Tick {
            return self.tick();
        }
        if let Some(overlay) = self.overlay.take() {
            return self.update_overlay(overlay, action);
        }
        if self.sample_filter.typing || self.finding_filter.typing {
            self.type_search(action);
            return Vec::new();
        }
        match action {
            Action::Quit if self.unsaved.is_empty() => self.quitting = true,
            Action::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Retry => return vec![Effect::Retry],
            Action::Next | Action::Previous => {
                self.screen = self.screen.step(action == Action::Previous);
            }
            Action::GoTo(screen) => self.screen = screen,
            _ => return self.update_screen(action),
        }
        Vec::new()
    }

    /// Saves drafts of a form whose typing paused.
    fn tick(&mut self) -> Vec<Effect> {
        let now = self.now;
        if let Some(Overlay::Form(open)) = &mut self.overlay
            && open.last_typed.is_some_and(|t| now - t >= DRAFT_PAUSE)
        {
            open.last_typed = None;
            return App::draft_events(open).into_iter().map(record).collect();
        }
        Vec::new()
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Vec<Effect> {
        match overlay {
            Overlay::Help | Overlay::Notice(_) => Vec::new(),
            Overlay::ConfirmQuit => {
                if action == Action::Quit {
                    self.quitting = true;
                }
                Vec::new()
            }
            Overlay::Form(open) => self.update_form(*open, action),
            Overlay::Grade { sample, cursor } => {
                let last = Grade::ALL.len() - 1;
                let (chosen, cursor) = match action {
                    Action::Command(c @ '1'..='5') => (Some(c as usize - '1' as usize), cursor),
                    Action::Open => (Some(cursor), cursor),
                    Action::Up => (None, cursor.saturating_sub(1)),
                    Action::Down => (None, (cursor + 1).min(last)),
                    Action::Back => return Vec::new(),
                    _ => (None, cursor),
                };
                match chosen {
                    Some(i) => self.open_form(FormPurpose::Finding {
                        sample,
                        grade: Grade::ALL[i],
                        editing: None,
                    }),
                    None => self.overlay = Some(Overlay::Grade { sample, cursor }),
                }
                Vec::new()
            }
            Overlay::Picker { query, cursor } => self.update_picker(query, cursor, action),
            Overlay::People { meeting, cursor } => self.update_people(meeting, cursor, action),
        }
    }

    /// Opens the form for `purpose`.
    pub fn open_form(&mut self, purpose: FormPurpose) {
        self.overlay = Some(Overlay::Form(Box::new(self.form_for(purpose))));
    }

    fn update_form(&mut self, mut open: super::app::OpenForm, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        match action {
            Action::Back => {
                effects.extend(App::draft_events(&mut open).into_iter().map(record));
                return effects;
            }
            Action::Submit => match self.submission(&open) {
                Ok(event) => return vec![record(event)],
                Err(problem) => open.form.problem = Some(problem),
            },
            Action::Open if open.form.on_last() => match self.submission(&open) {
                Ok(event) => return vec![record(event)],
                Err(problem) => open.form.problem = Some(problem),
            },
            Action::Next | Action::Previous | Action::Open => {
                effects.extend(App::draft_events(&mut open).into_iter().map(record));
                open.form.step(action == Action::Previous);
            }
            Action::Type(input) => {
                open.form.type_key(input);
                open.last_typed = Some(self.now);
            }
            Action::Paste(text) => {
                open.form.paste(&text);
                open.last_typed = Some(self.now);
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Form(Box::new(open)));
        effects
    }

    fn update_picker(
        &mut self,
        mut query: String,
        mut cursor: usize,
        action: Action,
    ) -> Vec<Effect> {
        let count = self.catalogue.fuzzy(&query).len();
        match action {
            Action::Back => return Vec::new(),
            Action::Open | Action::Next => {
                if let Some(entry) = self.catalogue.fuzzy(&query).get(cursor) {
                    let sample = entry.id.clone();
                    if self.samples().iter().any(|s| s.reference == sample) {
                        self.show_sample(&sample);
                    } else {
                        self.open_form(FormPurpose::Unplanned { sample });
                    }
                }
                return Vec::new();
            }
            Action::Type(input) => match input.key {
                Key::Up => cursor = cursor.saturating_sub(1),
                Key::Down => cursor = (cursor + 1).min(count.saturating_sub(1)),
                Key::Backspace => {
                    query.pop();
                    cursor = 0;
                }
                Key::Char(c) if !input.ctrl && !input.alt => {
                    query.push(c);
                    cursor = 0;
                }
                _ => {}
            },
            Action::Paste(text) => {
                query.push_str(text.lines().next().unwrap_or(""));
                cursor = 0;
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Picker { query, cursor });
        Vec::new()
    }

    /// The people of the plan who can attend a meeting: the team, then the interviewees.
    pub fn people(&self) -> Vec<(String, String, String)> {
        let org = &self.plan.audit.organisation;
        let team_org = self
            .plan
            .audit
            .certification_body
            .clone()
            .unwrap_or_else(|| "audit team".into());
        self.plan
            .team
            .iter()
            .map(|m| {
                (
                    m.name.value.clone(),
                    m.role.value.label().to_string(),
                    team_org.clone(),
                )
            })
            .chain(
                self.plan
                    .interviewees
                    .iter()
                    .map(|i| (i.name.value.clone(), i.role.clone(), org.clone())),
            )
            .collect()
    }

    fn update_people(&mut self, meeting: Meeting, cursor: usize, action: Action) -> Vec<Effect> {
        let people = self.people();
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
                Some((name, role, organisation)) => {
                    vec![record(Event::AttendeeAdded(crate::audit::AttendeeAdded {
                        meeting,
                        name: name.clone(),
                        role: role.clone(),
                        organisation: organisation.clone(),
                    }))]
                }
                None => {
                    self.open_form(FormPurpose::Attendee { meeting });
                    Vec::new()
                }
            },
            _ => {
                self.overlay = Some(Overlay::People { meeting, cursor });
                Vec::new()
            }
        }
    }

    fn type_search(&mut self, action: Action) {
        let (query, typing) = if self.screen == Screen::Findings {
            (
                &mut self.finding_filter.query,
                &mut self.finding_filter.typing,
            )
        } else {
            (
                &mut self.sample_filter.query,
                &mut self.sample_filter.typing,
            )
        };
        match action {
            Action::Back => {
                query.clear();
                *typing = false;
            }
            Action::Open | Action::Next => *typing = false,
            Action::Type(input) => match input.key {
                Key::Backspace => {
                    query.pop();
                }
                Key::Char(c) if !input.ctrl && !input.alt => query.push(c),
                _ => {}
            },
            Action::Paste(text) => query.push_str(text.lines().next().unwrap_or("")),
            _ => {}
        }
        self.cursors.samples = 0;
        self.cursors.findings = 0;
    }

    fn update_screen(&mut self, action: Action) -> Vec<Effect> {
        match self.screen {
            Screen::Opening => self.update_meeting(Meeting::Opening, action),
            Screen::Closing => self.update_meeting(Meeting::Closing, action),
            Screen::Samples if self.open_sample.is_some() => self.update_detail(action),
            Screen::Samples => self.update_sample_list(action),
            Screen::Findings => self.update_findings(action),
            Screen::Interviews => self.update_interviews(action),
        }
    }

    /// The lines of a meeting screen: checklist, attendees, notes.
    pub fn meeting_rows(&self, meeting: Meeting) -> Vec<MeetingRow> {
        let items = match meeting {
            Meeting::Opening => &self.plan.opening,
            Meeting::Closing => &self.plan.closing,
        };
        items
            .iter()
            .map(|i| MeetingRow::Item(i.clone()))
            .chain(
                self.audit()
                    .attendees(meeting)
                    .map(|a| MeetingRow::Attendee(a.id)),
            )
            .chain(
                self.audit()
                    .notes()
                    .filter(|n| n.content.meeting == Some(meeting) && n.content.sample.is_none())
                    .map(|n| MeetingRow::Note(n.id)),
            )
            .collect()
    }

    fn update_meeting(&mut self, meeting: Meeting, action: Action) -> Vec<Effect> {
        let rows = self.meeting_rows(meeting);
        let cursor = match meeting {
            Meeting::Opening => &mut self.cursors.opening,
            Meeting::Closing => &mut self.cursors.closing,
        };
        if move_cursor(cursor, rows.len(), &action) {
            return Vec::new();
        }
        let row = rows.get(*cursor).cloned();
        let one = |e: Event| vec![record(e)];
        match (action, row) {
            (Action::Toggle | Action::Open, Some(MeetingRow::Item(item))) => {
                let checked = !self.audit().checked(meeting, &item);
                one(Event::AgendaItemChecked(AgendaItemChecked {
                    meeting,
                    item,
                    checked,
                }))
            }
            (Action::Open, Some(MeetingRow::Note(id))) => {
                self.open_form(FormPurpose::Note {
                    sample: None,
                    meeting: Some(meeting),
                    editing: Some(id),
                });
                Vec::new()
            }
            (Action::Command('d'), Some(MeetingRow::Attendee(attendee))) => {
                one(Event::AttendeeRemoved(AttendeeRemoved { attendee }))
            }
            (Action::Command('s'), _) => one(Event::MeetingStarted(MeetingMark { meeting })),
            (Action::Command('e'), _) => one(Event::MeetingEnded(MeetingMark { meeting })),
            (Action::Command('a'), _) => {
                self.overlay = Some(Overlay::People { meeting, cursor: 0 });
                Vec::new()
            }
            (Action::Command('n'), _) => {
                self.open_form(FormPurpose::Note {
                    sample: None,
                    meeting: Some(meeting),
                    editing: None,
                });
                Vec::new()
            }
            (Action::Command('m'), _) if meeting == Meeting::Closing => {
                self.open_form(FormPurpose::Recommendation);
                Vec::new()
            }
            (Action::Command('o'), _) if meeting == Meeting::Closing => {
                self.open_form(FormPurpose::DivergingOpinion);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The samples the list shows, after the filter.
    pub fn visible_samples(&self) -> Vec<&crate::audit::SampleProgress> {
        let f = &self.sample_filter;
        let words: Vec<String> = f.query.split_whitespace().map(str::to_lowercase).collect();
        self.samples()
            .iter()
            .filter(|s| f.status.is_none_or(|st| s.status.label() == st))
            .filter(|s| {
                f.theme.as_deref().is_none_or(|t| {
                    let theme = self
                        .catalogue
                        .get(&s.reference)
                        .and_then(|e| e.theme.as_deref());
                    match t {
                        "clauses" => theme.is_none(),
                        t => theme == Some(t),
                    }
                })
            })
            .filter(|s| {
                if words.is_empty() {
                    return true;
                }
                let title = self
                    .catalogue
                    .get(&s.reference)
                    .map(|e| e.title.to_lowercase())
                    .unwrap_or_default();
                let id = s.reference.to_lowercase();
                words
                    .iter()
                    .all(|w| id.contains(w.as_str()) || title.contains(w.as_str()))
            })
            .collect()
    }

    /// Opens a sample's detail on the Samples screen.
    pub fn show_sample(&mut self, reference: &str) {
        self.screen = Screen::Samples;
        self.open_sample = Some(reference.to_string());
        self.cursors.detail = 0;
    }

    fn update_sample_list(&mut self, action: Action) -> Vec<Effect> {
        let visible: Vec<String> = self
            .visible_samples()
            .iter()
            .map(|s| s.reference.clone())
            .collect();
        if move_cursor(&mut self.cursors.samples, visible.len(), &action) {
            return Vec::new();
        }
        match action {
            Action::Open => {
                if let Some(reference) = visible.get(self.cursors.samples) {
                    self.show_sample(reference);
                }
            }
            Action::Search => self.sample_filter.typing = true,
            Action::Back => self.sample_filter = Default::default(),
            Action::Command('s') => {
                self.sample_filter.status = cycle(&STATUS_FILTERS, self.sample_filter.status);
                self.cursors.samples = 0;
            }
            Action::Command('t') => {
                let mut themes: Vec<String> = vec!["clauses".into()];
                themes.extend(self.catalogue.themes.iter().map(|t| t.id.clone()));
                let at = self
                    .sample_filter
                    .theme
                    .as_ref()
                    .and_then(|t| themes.iter().position(|x| x == t));
                self.sample_filter.theme = match at {
                    None => themes.first().cloned(),
                    Some(i) => themes.get(i + 1).cloned(),
                };
                self.cursors.samples = 0;
            }
            Action::Command('u') => {
                self.overlay = Some(Overlay::Picker {
                    query: String::new(),
                    cursor: 0,
                })
            }
            _ => {}
        }
        Vec::new()
    }

    /// The lines of the open sample's detail: its evidence items, notes and findings.
    pub fn detail_rows(&self) -> Vec<DetailRow<'_>> {
        let Some(sample) = self.open_sample.as_deref() else {
            return Vec::new();
        };
        let mine = |s: &Option<String>| s.as_deref() == Some(sample);
        self.audit()
            .evidence()
            .filter(|e| mine(&e.content.sample))
            .map(DetailRow::Evidence)
            .chain(
                self.audit()
                    .notes()
                    .filter(|n| mine(&n.content.sample))
                    .map(DetailRow::Note),
            )
            .chain(
                self.findings()
                    .iter()
                    .filter(|f| {
                        mine(&f.content.sample) || f.content.references.iter().any(|r| r == sample)
                    })
                    .map(DetailRow::Finding),
            )
            .collect()
    }

    fn update_detail(&mut self, action: Action) -> Vec<Effect> {
        let sample = self.open_sample.clone().unwrap_or_default();
        let rows: Vec<Target> = self
            .detail_rows()
            .iter()
            .map(|row| match row {
                DetailRow::Evidence(e) => Target::Form(FormPurpose::Evidence {
                    sample: Some(sample.clone()),
                    editing: Some(e.id),
                }),
                DetailRow::Note(n) => Target::Form(FormPurpose::Note {
                    sample: Some(sample.clone()),
                    meeting: None,
                    editing: Some(n.id),
                }),
                DetailRow::Finding(f) => Target::Finding(f.id),
            })
            .collect();
        if move_cursor(&mut self.cursors.detail, rows.len(), &action) {
            return Vec::new();
        }
        let status = |status: SetStatus| {
            vec![record(Event::SampleStatusSet(SampleStatusSet {
                sample: sample.clone(),
                status,
                reason: String::new(),
            }))]
        };
        match action {
            Action::Back | Action::Left => self.open_sample = None,
            Action::Command('e') => self.open_form(FormPurpose::Evidence {
                sample: Some(sample),
                editing: None,
            }),
            Action::Command('n') => self.open_form(FormPurpose::Note {
                sample: Some(sample),
                meeting: None,
                editing: None,
            }),
            Action::Command('f') => {
                self.overlay = Some(Overlay::Grade {
                    sample: Some(sample),
                    cursor: 1,
                })
            }
            Action::Command('c') => return status(SetStatus::Conforming),
            Action::Command('p') => return status(SetStatus::InProgress),
            Action::Command('x') => self.open_form(FormPurpose::NotAssessed { sample }),
            Action::Open => match rows.into_iter().nth(self.cursors.detail) {
                Some(Target::Form(purpose)) => self.open_form(purpose),
                Some(Target::Finding(id)) => self.edit_finding(id),
                None => {}
            },
            _ => {}
        }
        Vec::new()
    }

    fn edit_finding(&mut self, id: ulid::Ulid) {
        let found = self
            .findings()
            .iter()
            .find(|f| f.id == id)
            .map(|f| (f.content.sample.clone(), f.grade()));
        if let Some((sample, grade)) = found {
            self.open_form(FormPurpose::Finding {
                sample,
                grade,
                editing: Some(id),
            });
        }
    }

    /// The findings the list shows, after the filter.
    pub fn visible_findings(&self) -> Vec<&FindingRow> {
        let f = &self.finding_filter;
        let words: Vec<String> = f.query.split_whitespace().map(str::to_lowercase).collect();
        self.findings()
            .iter()
            .filter(|n| f.grade.is_none_or(|g| n.grade() == g))
            .filter(|n| {
                if words.is_empty() {
                    return true;
                }
                let c = &n.content;
                let text = format!(
                    "{} {} {} {}",
                    n.number,
                    c.references.join(" "),
                    c.statement,
                    c.requirement
                )
                .to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect()
    }

    fn update_findings(&mut self, action: Action) -> Vec<Effect> {
        let visible: Vec<ulid::Ulid> = self.visible_findings().iter().map(|f| f.id).collect();
        if move_cursor(&mut self.cursors.findings, visible.len(), &action) {
            return Vec::new();
        }
        let selected = visible.get(self.cursors.findings).copied();
        match (action, selected) {
            (Action::Open, Some(id)) => self.edit_finding(id),
            (Action::Command('w'), Some(finding)) => {
                let standing = self
                    .findings()
                    .iter()
                    .any(|f| f.id == finding && f.is_open());
                if standing {
                    self.open_form(FormPurpose::Withdraw { finding });
                }
            }
            (Action::Command('f'), _) => {
                self.overlay = Some(Overlay::Grade {
                    sample: None,
                    cursor: 1,
                })
            }
            (Action::Command('g'), _) => {
                self.finding_filter.grade = match self.finding_filter.grade {
                    None => Some(Grade::ALL[0]),
                    Some(g) => Grade::ALL
                        .iter()
                        .position(|x| *x == g)
                        .and_then(|i| Grade::ALL.get(i + 1))
                        .copied(),
                };
                self.cursors.findings = 0;
            }
            (Action::Search, _) => self.finding_filter.typing = true,
            (Action::Back, _) => self.finding_filter = Default::default(),
            _ => {}
        }
        Vec::new()
    }

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

    fn update_interviews(&mut self, action: Action) -> Vec<Effect> {
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

/// What opening a line of a sample's detail opens.
enum Target {
    /// The form that edits it.
    Form(FormPurpose),
    /// The finding's edit form (its grade and sample looked up first).
    Finding(ulid::Ulid),
}

/// Moves a list cursor for the movement actions; returns whether the action was one.
fn move_cursor(cursor: &mut usize, len: usize, action: &Action) -> bool {
    let last = len.saturating_sub(1);
    *cursor = match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (*cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(PAGE),
        Action::PageDown => (*cursor + PAGE).min(last),
        _ => {
            *cursor = (*cursor).min(last);
            return false;
        }
    };
    true
}

/// The next of `options` after `current`, then none, then the first again.
fn cycle(options: &[&'static str], current: Option<&'static str>) -> Option<&'static str> {
    match current {
        None => options.first().copied(),
        Some(c) => options
            .iter()
            .position(|o| *o == c)
            .and_then(|i| options.get(i + 1))
            .copied(),
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
