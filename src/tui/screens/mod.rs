//! The screens of the rail, one folder each (state, update, view and key tables), and the
//! registry that puts them in order: the rail, the number keys, `Tab`, the footer and the help
//! all read it. A new screen is one folder and one line in [`SCREENS`] (and its name in
//! [`Screen`], which the position file keeps).

pub(crate) mod documents;
pub(crate) mod findings;
pub(crate) mod interviews;
pub(crate) mod meetings;
pub(crate) mod samples;
pub(crate) mod score;
pub(crate) mod timetable;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::Key;

use super::action::{Action, Screen};
use super::app::App;
use super::keymap::{KeyContext, Unbound, hidden, shown};
use super::style::Styles;
use super::update::Effect;

/// One screen of the rail: what it is called, what has the keyboard on it, what its entry in
/// the rail says, and how it updates and draws.
pub(crate) struct ScreenDef {
    /// Its name.
    pub id: Screen,
    /// Its title in the rail and the help.
    pub title: &'static str,
    /// Every key context of the screen (list, detail, search line), for the help and the
    /// key file.
    pub contexts: &'static [&'static KeyContext],
    /// The key context in effect now, when no overlay is open.
    pub context: fn(&App) -> &'static KeyContext,
    /// The rail's entry: the name with any count, and the progress below it (lines).
    pub rail: fn(&App) -> (String, String),
    /// What an action does on the screen (when no overlay has the keyboard).
    pub update: fn(&mut App, Action) -> Vec<Effect>,
    /// Draws the screen in the area right of the rail.
    pub draw: fn(&mut Frame, &App, Rect, &Styles),
    /// Shows the screen's list, closing its detail: where a number key lands.
    pub to_list: fn(&mut App),
}

/// The rail, top to bottom; a screen's number key is its place here.
pub(crate) static SCREENS: &[&ScreenDef] = &[
    &meetings::OPENING,
    &timetable::SCREEN,
    &samples::SCREEN,
    &interviews::SCREEN,
    &findings::SCREEN,
    &meetings::CLOSING,
    &documents::SCREEN,
];

/// The registry entry of `screen`.
pub(crate) fn of(screen: Screen) -> &'static ScreenDef {
    SCREENS
        .iter()
        .find(|s| s.id == screen)
        .expect("every screen is in the registry")
}

/// The keys of a list's search line.
pub(crate) static SEARCH: KeyContext = KeyContext {
    name: "search",
    title: "Search line of a list",
    bindings: &[
        shown(Action::Open, &["Enter"], "keep"),
        hidden(Action::Next, &["Tab"], "keep"),
        shown(Action::Back, &["Esc"], "clear"),
    ],
    unbound: Unbound::Type("search"),
    parent: None,
};

/// A list's search line: what typing does to the query and whether it still has the keyboard.
pub(crate) fn type_search(query: &mut String, typing: &mut bool, action: Action) {
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
}
