//! `update`: what each action does to the interface's state, and which events it asks to be
//! recorded. Pure: the runner performs the effects (writing to the record) and feeds the time in.
//! Here are the actions of every screen (help, quit, moving between screens); each screen's own
//! are in its folder under `screens/`, the overlays' under `overlays/`; what the session's
//! answers do is in `session`.

mod session;

use chrono::{DateTime, Duration, FixedOffset};

use super::action::Action;
use super::app::App;
use super::forms::OpenForm;
use super::keymap::KeyContext;
use super::overlays::Overlay;
use super::screens;

/// What the runner must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Record this event: stamp it, write it, sync it.
    Record(Box<crate::audit::Event>),
    /// Write again the events that could not be saved.
    Retry,
    /// Fingerprint the file of an evidence item, off the key path.
    Fingerprint {
        /// The evidence item.
        evidence: ulid::Ulid,
        /// Its file.
        path: String,
    },
    /// Stop fingerprinting an evidence item's file: it was removed or names another file.
    CancelFingerprint {
        /// The evidence item.
        evidence: ulid::Ulid,
    },
    /// Write the audit's reports from the record on the disk, off the key path.
    WriteReports(crate::session::ReportRequest),
}

/// The effect of recording `event`.
pub(crate) fn record(event: crate::audit::Event) -> Effect {
    Effect::Record(Box::new(event))
}

/// How long after the first key that no saved draft holds yet the draft is saved, whether
/// typing pauses or not. A key or the clock's tick (every half second) finds it due, so what
/// is typed reaches the disk within one and a half seconds, two at most.
const DRAFT_DUE: Duration = Duration::seconds(1);

/// How many lines PageUp and PageDown move.
const PAGE: usize = 10;

impl App {
    /// What has the keyboard, for the keymap.
    pub fn key_context(&self) -> &'static KeyContext {
        match &self.overlay {
            Some(overlay) => super::overlays::context(overlay),
            None => (screens::of(self.screen).context)(self),
        }
    }

    /// Applies one action; returns what must be recorded. A change that can be undone is
    /// kept, and said in the footer until the next key.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::Tick {
            return self.tick();
        }
        self.said = None;
        if action == Action::UndoLast && self.overlay.is_none() {
            return self.undo_last();
        }
        let effects = self.act(action);
        self.remember(&effects);
        effects
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        if let Some(overlay) = self.overlay.take() {
            return self.update_overlay(overlay, action);
        }
        let screen = screens::of(self.screen);
        // A search line keeps Tab and Enter for itself.
        let searching = std::ptr::eq((screen.context)(self), &screens::SEARCH);
        match action {
            _ if searching => return (screen.update)(self, action),
            Action::Quit if self.unsaved.is_empty() => self.quitting = true,
            Action::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            Action::Help => self.overlay = Some(Overlay::Help(0)),
            Action::Retry => return vec![Effect::Retry],
            Action::Next | Action::Previous => {
                self.screen = self.screen.step(action == Action::Previous);
            }
            Action::GoTo(to) => {
                self.screen = to;
                (screens::of(to).to_list)(self);
            }
            _ => return (screen.update)(self, action),
        }
        Vec::new()
    }

    /// Saves the drafts of the open form that are due.
    fn tick(&mut self) -> Vec<Effect> {
        match &mut self.overlay {
            Some(Overlay::Form(open)) => App::drafts_due(open, self.now),
            _ => Vec::new(),
        }
    }

    /// The drafts of `open` if they are due at `now`: its first unsaved key was typed
    /// [`DRAFT_DUE`] ago or more.
    pub(crate) fn drafts_due(open: &mut OpenForm, now: DateTime<FixedOffset>) -> Vec<Effect> {
        if open.unsaved_since.is_some_and(|t| now - t >= DRAFT_DUE) {
            App::draft_events(open).into_iter().map(record).collect()
        } else {
            Vec::new()
        }
    }
}

/// Moves a list cursor for the movement actions; returns whether the action was one.
pub(crate) fn move_cursor(cursor: &mut usize, len: usize, action: &Action) -> bool {
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
pub(crate) fn cycle(
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
