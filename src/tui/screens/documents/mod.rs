//! The Stage 1 document review: the plan's `[[document]]` list (the catalogue's mandatory
//! documented information when the plan lists none), each with its review state; `Enter`
//! records a document's review, `f` raises a finding or an area of concern on it, and the Stage 1
//! conclusion (ready or not ready for Stage 2, and why) is shown live below the list.

mod update;
mod view;

use super::ScreenDef;
use crate::audit::ReviewState;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::keymap::{EVERYWHERE, KeyContext, Unbound, shown};

/// The keys of the document list.
pub(crate) static LIST: KeyContext = KeyContext {
    name: "documents",
    title: "Document review",
    bindings: &[
        shown(Action::Open, &[], "review"),
        shown(Action::NewFinding, &["f"], "finding or area of concern"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The Document review screen in the registry.
pub(crate) static SCREEN: ScreenDef = ScreenDef {
    id: Screen::Documents,
    title: "Documents",
    contexts: &[&LIST],
    context: |_| &LIST,
    rail,
    update: |app, action| app.update_documents(action),
    draw: view::draw,
    to_list: |_| {},
};

/// The rail's entry: documents reviewed of the plan's list, and how many were not seen.
fn rail(app: &App) -> (String, String) {
    let reviews = app.audit().document_reviews(&app.plan);
    let count = |state| reviews.iter().filter(|r| r.state() == state).count();
    let not_seen = count(ReviewState::NotSeen);
    let reviewed = reviews.len() - count(ReviewState::NotReviewed);
    let mut detail = format!("{reviewed}/{} reviewed", reviews.len());
    if not_seen > 0 {
        detail.push_str(&format!(" · {not_seen} not seen"));
    }
    (SCREEN.title.to_string(), detail)
}
