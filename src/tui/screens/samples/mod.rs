//! The sampled control checks: the list with status, theme, owner and filters, and one
//! sample's detail with what to ask for and what was recorded on it.

mod closures;
mod update;
mod view;

use super::{SEARCH, ScreenDef};
use crate::audit::SampleStatus;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::keymap::{EVERYWHERE, KeyContext, Unbound, hidden, shown};

pub(crate) use update::DetailRow;

/// Which samples the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleFilter {
    /// Only samples with this status label ("in progress").
    pub status: Option<&'static str>,
    /// Only samples of this theme id (`A.8`), or `clauses` for clauses.
    pub theme: Option<String>,
    /// Only samples whose id or title contains every word.
    pub query: String,
    /// The search line has the keyboard.
    pub typing: bool,
}

/// The keys of the sample list.
pub(crate) static LIST: KeyContext = KeyContext {
    name: "samples",
    title: "Sample list",
    bindings: &[
        shown(Action::Open, &[], "open"),
        shown(Action::Search, &["/"], "search"),
        shown(Action::FilterStatus, &["s"], "status"),
        shown(Action::FilterTheme, &["t"], "theme"),
        shown(Action::UnplannedSample, &["u"], "unplanned"),
        hidden(Action::Back, &[], "clear the filters"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The keys of one sample's detail.
pub(crate) static DETAIL: KeyContext = KeyContext {
    name: "sample",
    title: "A sample",
    bindings: &[
        shown(Action::AddEvidence, &["e"], "evidence"),
        shown(Action::NewNote, &["n"], "note"),
        shown(Action::NewFinding, &["f"], "finding"),
        shown(Action::Conclude, &["c"], "conforming"),
        shown(Action::NotAssessed, &["x"], "not assessed"),
        shown(Action::Back, &[], "back"),
        hidden(Action::InProgress, &["p"], "in progress again"),
        hidden(Action::Open, &[], "edit the item"),
        hidden(Action::RemoveItem, &["d"], "remove evidence or note"),
        hidden(Action::UndoLast, &["u"], "undo the last change"),
        hidden(Action::AskAuditee, &["a"], "ask the auditee (practice)"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The keys of a previous audit's nonconformity whose closure is verified.
pub(crate) static CLOSURE: KeyContext = KeyContext {
    name: "closure",
    title: "Verifying a previous nonconformity",
    bindings: &[
        shown(Action::VerifyClosure, &["v"], "verify"),
        shown(Action::NewFinding, &["f"], "raise as finding"),
        shown(Action::Back, &[], "back"),
        hidden(Action::Open, &[], "verify"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The Samples screen in the registry.
pub(crate) static SCREEN: ScreenDef = ScreenDef {
    id: Screen::Samples,
    title: "Samples",
    contexts: &[&LIST, &DETAIL, &CLOSURE, &SEARCH],
    context: |app| {
        if app.sample_filter.typing {
            &SEARCH
        } else if app.open_closure.is_some() {
            &CLOSURE
        } else if app.open_sample.is_some() {
            &DETAIL
        } else {
            &LIST
        }
    },
    rail,
    update: |app, action| {
        if app.sample_filter.typing {
            let filter = &mut app.sample_filter;
            super::type_search(&mut filter.query, &mut filter.typing, action);
            app.cursors.samples = 0;
            Vec::new()
        } else if app.open_closure.is_some() {
            app.update_closure(action)
        } else if app.open_sample.is_some() {
            app.update_detail(action)
        } else {
            app.update_sample_list(action)
        }
    },
    draw: view::draw,
    to_list: |app| {
        app.open_sample = None;
        app.open_closure = None;
    },
};

/// The rail's entry: samples done of all, and how many have findings.
fn rail(app: &App) -> (String, String) {
    let samples = app.samples();
    let done = samples.iter().filter(|s| s.status.is_done()).count();
    let raised = samples
        .iter()
        .filter(|s| s.status == SampleStatus::FindingRaised)
        .count();
    (
        format!("{} ({done}/{})", SCREEN.title, samples.len()),
        format!("{raised} with findings"),
    )
}
