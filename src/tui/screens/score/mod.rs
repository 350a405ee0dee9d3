//! The score of a practice audit, on the closing screen once the closing meeting has ended:
//! the planted nonconformities found, misgraded or missed (each missed one with the evidence
//! that showed it), false findings, red herrings, samples covered and time used.

mod view;

pub(crate) use view::draw;

use crate::practice::Score;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{EVERYWHERE, KeyContext, Unbound, hidden, shown};
use crate::tui::update::Effect;

/// The score on screen and how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreShown {
    /// The score as it stood when asked for.
    pub score: Score,
    /// Lines scrolled past.
    pub scroll: u16,
}

/// The keys of the score.
pub(crate) static KEYS: KeyContext = KeyContext {
    name: "score",
    title: "The score of a practice audit",
    bindings: &[
        shown(Action::Down, &[], "scroll"),
        hidden(Action::Up, &[], "scroll up"),
        hidden(Action::PageDown, &[], "page down"),
        hidden(Action::PageUp, &[], "page up"),
        shown(Action::Back, &["Esc"], "leave"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

impl App {
    /// An action while the score is shown: scrolling, or leaving it for the closing screen.
    pub(crate) fn update_score(&mut self, action: Action) -> Vec<Effect> {
        let Some(shown) = self.score.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::Down => shown.scroll = shown.scroll.saturating_add(1),
            Action::Up => shown.scroll = shown.scroll.saturating_sub(1),
            Action::PageDown => shown.scroll = shown.scroll.saturating_add(10),
            Action::PageUp => shown.scroll = shown.scroll.saturating_sub(10),
            Action::Back | Action::Left => self.score = None,
            _ => {}
        }
        Vec::new()
    }
}
