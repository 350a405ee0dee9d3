//! The staff interviews: every interview held, each its own item, and the people the plan
//! names who have not been seen yet; for one interview, its questions and answers, how what was
//! said compares with the records, and the samples of the controls it touched.

mod update;

pub(crate) use update::InterviewRow;
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
        shown(Action::StartInterview, &["s"], "interview"),
        shown(Action::InterviewSomeoneElse, &["o"], "someone else"),
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
        shown(Action::AskQuestion, &["a"], "ask"),
        shown(Action::NewNote, &["n"], "note"),
        shown(Action::Corroborate, &["v"], "vs records"),
        shown(Action::NewFinding, &["f"], "finding"),
        hidden(Action::Open, &[], "edit note"),
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

/// The rail's entry: the planned people seen of those planned (a second interview with one
/// person does not count twice), and whether one is under way.
fn rail(app: &App) -> (String, String) {
    let interviews: Vec<_> = app.audit().interviews().collect();
    let seen = app
        .plan
        .interviewees
        .iter()
        .filter(|p| {
            interviews
                .iter()
                .any(|i| i.item.content.interviewee == p.name.value)
        })
        .count();
    let now = interviews.iter().filter(|i| i.ended.is_none()).count();
    let planned = app.plan.interviewees.len();
    let detail = match now {
        0 => format!("{seen}/{planned} seen"),
        n => format!("{seen}/{planned} seen · {n} now"),
    };
    (SCREEN.title.to_string(), detail)
}
