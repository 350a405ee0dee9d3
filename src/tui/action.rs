//! The messages of the interface: what a key (or a paste, a tick of the clock, a resize) means,
//! before it changes anything.

use ratatui_textarea::Input;

/// The screens of the left rail, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Screen {
    /// The opening meeting: agenda checklist, attendance, notes.
    Opening,
    /// The sampled control checks.
    Samples,
    /// The staff interviews.
    Interviews,
    /// Every finding raised so far.
    Findings,
    /// The closing meeting: agenda checklist, findings summary, recommendation.
    Closing,
}

impl Screen {
    /// The rail, top to bottom.
    pub const ALL: [Screen; 5] = [
        Screen::Opening,
        Screen::Samples,
        Screen::Interviews,
        Screen::Findings,
        Screen::Closing,
    ];

    /// The screen's name in the rail.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Opening => "Opening",
            Screen::Samples => "Samples",
            Screen::Interviews => "Interviews",
            Screen::Findings => "Findings",
            Screen::Closing => "Closing",
        }
    }

    /// The next (or, with `back`, previous) screen of the rail, wrapping around.
    pub fn step(self, back: bool) -> Screen {
        let i = Screen::ALL.iter().position(|s| *s == self).unwrap_or(0);
        let n = Screen::ALL.len();
        Screen::ALL[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
}

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Move the selection up one line.
    Up,
    /// Move the selection down one line.
    Down,
    /// Move the selection up a page.
    PageUp,
    /// Move the selection down a page.
    PageDown,
    /// Leave the detail for its list (or the form field to the left).
    Left,
    /// Open the selected item.
    Open,
    /// Close what is open: form, detail, search, help.
    Back,
    /// Next screen of the rail, or next field of a form.
    Next,
    /// Previous screen of the rail, or previous field of a form.
    Previous,
    /// Jump to a screen of the rail.
    GoTo(Screen),
    /// Start typing a search.
    Search,
    /// Show every key.
    Help,
    /// Leave the program.
    Quit,
    /// Write the items that could not be saved again.
    Retry,
    /// Tick or untick, select or unselect.
    Toggle,
    /// A screen's own command letter (e evidence, n note, f finding …).
    Command(char),
    /// Save the form.
    Submit,
    /// A key typed into the text being edited.
    Type(Input),
    /// A block of pasted text, inserted at once.
    Paste(String),
    /// The clock moved on: redraw the time and the agenda, save drafts that are due.
    Tick,
}
