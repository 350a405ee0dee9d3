//! How things look: one place for colours, so that NO_COLOR can turn them all off and nothing is
//! told by colour alone (every state also has a word or a mark).

use ratatui::style::{Color, Modifier, Style};

/// The styles of the interface, with or without colour.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Styles {
    color: bool,
}

impl Styles {
    /// Styles for a terminal; `no_color` drops every colour but keeps bold, reverse and
    /// strike-through.
    pub(crate) fn new(no_color: bool) -> Styles {
        Styles { color: !no_color }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Plain text.
    pub(crate) fn text(&self) -> Style {
        Style::new()
    }

    /// Headings and the title.
    pub(crate) fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: labels, hints.
    pub(crate) fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// The selected line: reverse video, which shows without colour.
    pub(crate) fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Good news: saved, conforming.
    pub(crate) fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    /// Something to look at: overrun, in progress.
    pub(crate) fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }

    /// Something wrong: not saved, major nonconformity.
    pub(crate) fn alarm(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// A withdrawn finding.
    pub(crate) fn withdrawn(&self) -> Style {
        self.dim().add_modifier(Modifier::CROSSED_OUT)
    }

    /// Keys in the footer and the help.
    pub(crate) fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
