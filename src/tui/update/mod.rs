//! `update`: what each action does to the interface's state, and which events it asks to be
//! recorded. Pure: the runner performs the effects (writing to the record) and feeds the time in.
//! One module a screen; the overlays (forms, choosers, pickers) have their own.

#[path = "../screens/findings/update.rs"]
mod findings;
#[path = "../screens/interviews/update.rs"]
mod interviews;
#[path = "../screens/meetings/update.rs"]
mod meetings;
#[path = "../overlays/update.rs"]
mod overlays;
#[path = "../screens/samples/update.rs"]
mod samples;

use chrono::Duration;
use ratatui_textarea::Key;

use super::action::{Action, Screen};
use super::app::{App, Overlay};
use super::keymap::KeyContext;
use crate::audit::{Event, Meeting};

pub use meetings::MeetingRow;
pub use samples::{DetailRow, STATUS_FILTERS};

/// What the runner must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Record this event: stamp it, write it, sync it.
    Record(Box<Event>),
    /// Write again the events that could not be saved.
    Retry,
}

/// The effect of recording `event`.
pub(super) fn record(event: Event) -> Effect {
    Effect::Record(Box::new(event))
}

/// How long typing must pause before a draft is saved.
pub const DRAFT_PAUSE: Duration = Duration::seconds(2);

/// How often a draft is saved while typing goes on without a pause.
pub const DRAFT_EVERY: Duration = Duration::seconds(10);

const PAGE: usize = 10;

impl App {
    /// What has the keyboard, for the keymap.
    pub fn key_context(&self) -> KeyContext {
        match &self.overlay {
            Some(Overlay::Help | Overlay::Notice(_)) => KeyContext::Help,
            Some(Overlay::Form(open)) if open.form.focus_is_line() => KeyContext::Line,
            Some(Overlay::Form(_)) => KeyContext::Text,
            Some(Overlay::Picker(_)) => KeyContext::Line,
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
}

/// Moves a list cursor for the movement actions; returns whether the action was one.
pub(super) fn move_cursor(cursor: &mut usize, len: usize, action: &Action) -> bool {
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
pub(super) fn cycle(
    options: &[&'static str],
    current: Option<&'static str>,
) -> Option<&'static str> {
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
mod tests;
