//! Every finding raised so far, numbered, with its grade in words, filterable by grade and
//! words; edit, withdraw (it stays, struck out), raise one not tied to a sample.

mod update;
mod view;

use super::{SEARCH, ScreenDef};
use crate::audit::Grade;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::keymap::{EVERYWHERE, KeyContext, Unbound, hidden, shown};

/// Which findings the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingFilter {
    /// Only findings of this grade.
    pub grade: Option<Grade>,
    /// Only the findings this auditor raised (else everyone's).
    pub mine: bool,
    /// Only findings whose text contains every word.
    pub query: String,
    /// The search line has the keyboard.
    pub typing: bool,
}

/// The keys of the findings list.
pub(crate) static LIST: KeyContext = KeyContext {
    name: "findings",
    title: "Findings",
    bindings: &[
        shown(Action::Open, &[], "edit"),
        shown(Action::NewFinding, &["f"], "new"),
        shown(Action::Withdraw, &["w"], "withdraw"),
        shown(Action::FilterGrade, &["g"], "grade"),
        hidden(Action::FilterMine, &["m"], "mine or everyone's"),
        hidden(Action::MergeFindings, &["M"], "merge into another"),
        shown(Action::FixNumbers, &["F"], "fix numbers"),
        shown(Action::Search, &["/"], "search"),
        hidden(Action::Back, &[], "clear the filters"),
        hidden(Action::UndoLast, &["u"], "undo the last change"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The Findings screen in the registry.
pub(crate) static SCREEN: ScreenDef = ScreenDef {
    id: Screen::Findings,
    title: "Findings",
    contexts: &[&LIST, &SEARCH],
    context: |app| {
        if app.finding_filter.typing {
            &SEARCH
        } else {
            &LIST
        }
    },
    rail,
    update: |app, action| {
        if app.finding_filter.typing {
            let filter = &mut app.finding_filter;
            super::type_search(&mut filter.query, &mut filter.typing, action);
            app.cursors.findings = 0;
            Vec::new()
        } else {
            app.update_findings(action)
        }
    },
    draw: view::draw,
    to_list: |_| {},
};

/// The rail's entry: standing findings by grade, strengths too, counted as the list's heading
/// counts them.
fn rail(app: &App) -> (String, String) {
    let counts = app.counts();
    let mut detail = format!(
        "{} major · {} minor\n{} obs · {} OFI\n{} strength",
        counts.major, counts.minor, counts.observation, counts.opportunity, counts.strength
    );
    if counts.area_of_concern > 0 {
        detail.push_str(&format!(" · {} AOC", counts.area_of_concern));
    }
    (SCREEN.title.to_string(), detail)
}
