//! The staff interviews: who is to be interviewed on what; for one person, when the interview
//! started and ended and what was said, each note editable.

mod update;
mod view;

use super::ScreenDef;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::keymap::{EVERYWHERE, KeyContext, Unbound, hidden, shown};

/// The keys of the interview list.
pub(crate) static LIST: KeyContext = KeyContext {
    name: "interviews",
    title: "Interview list",
    bindings: &[
        shown(Action::Open, &[], "open"),
        shown(Action::Next, &[], "next screen"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The keys of one interview.
pub(crate) static DETAIL: KeyContext = KeyContext {
    name: "interview",
    title: "An interview",
    bindings: &[
        shown(Action::StartInterview, &["s"], "start"),
        shown(Action::EndInterview, &["e"], "end"),
        shown(Action::NewNote, &["n"], "note"),
        shown(Action::Open, &[], "edit note"),
        shown(Action::Back, &[], "back"),
        hidden(Action::Up, &[], "previous note"),
        hidden(Action::Down, &[], "next note"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The Interviews screen in the registry.
pub(crate) static SCREEN: ScreenDef = ScreenDef {
    id: Screen::Interviews,
    title: "Interviews",
    contexts: &[&LIST, &DETAIL],
    context: |app| {
        if app.open_interview.is_some() {
            &DETAIL
        } else {
            &LIST
        }
    },
    rail,
    update: |app, action| app.update_interviews(action),
    draw: view::draw,
    to_list: |app| app.open_interview = None,
};

/// The rail's entry: interviews held of those planned, and whether one is under way.
fn rail(app: &App) -> (String, String) {
    let (held, under_way) = app
        .audit()
        .interviews()
        .fold((0, 0), |(held, now), i| match i.ended {
            Some(_) => (held + 1, now),
            None => (held, now + 1),
        });
    let planned = app.plan.interviewees.len();
    let detail = if under_way > 0 {
        format!("{held}/{planned} held · 1 now")
    } else {
        format!("{held}/{planned} held")
    };
    (SCREEN.title.to_string(), detail)
}
