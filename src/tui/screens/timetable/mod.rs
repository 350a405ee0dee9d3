//! The timetable: the plan's agenda by day, each slot with its time, title, whom it is for and
//! where it stands (done, now, over, unfinished, missed, next, later), the current slot by the
//! clock highlighted; `Enter` goes to the slot's sample, interviewee or meeting. Below, how the
//! day has deviated from the plan so far.

mod update;
mod view;

use super::ScreenDef;
use crate::audit::SlotState;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::keymap::{EVERYWHERE, KeyContext, Unbound, shown};
use crate::tui::view::cut;

/// The keys of the timetable.
pub(crate) static LIST: KeyContext = KeyContext {
    name: "timetable",
    title: "Timetable",
    bindings: &[
        shown(Action::Open, &[], "go to the slot"),
        shown(Action::Next, &[], "next screen"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The Timetable screen in the registry.
pub(crate) static SCREEN: ScreenDef = ScreenDef {
    id: Screen::Timetable,
    title: "Timetable",
    contexts: &[&LIST],
    context: |_| &LIST,
    rail,
    update: |app, action| app.update_timetable(action),
    draw: view::draw,
    // A number key brings the list back to the slot the clock is in.
    to_list: |app| app.cursors.timetable = None,
};

/// The rail's entry: the slot the auditor is in (or over), else the slots done of all.
fn rail(app: &App) -> (String, String) {
    let days = app.agenda();
    let slots: Vec<_> = days.iter().flat_map(|d| &d.slots).collect();
    let current = app.current_slot(&days).map(|i| slots[i]);
    let detail = match current {
        Some(slot) if matches!(slot.state, SlotState::Over { .. }) => {
            format!("over: {}", slot.item.title)
        }
        Some(slot) if matches!(slot.state, SlotState::Now { .. }) => {
            format!("now: {}", slot.item.title)
        }
        _ => {
            let done = slots.iter().filter(|s| s.state == SlotState::Done).count();
            format!("{done}/{} done", slots.len())
        }
    };
    (
        SCREEN.title.to_string(),
        cut(&crate::tui::view::safe(&detail), 20),
    )
}
