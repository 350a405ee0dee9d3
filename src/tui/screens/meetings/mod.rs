//! The opening and closing meetings, one screen each sharing this folder: the agenda
//! checklist, when the meeting started and ended, who attended, notes; at the closing meeting
//! also the findings in number order, the recommendation and diverging opinions, and the
//! presentation of the findings one at a time for a shared screen.

mod update;
mod view;

use super::ScreenDef;
use crate::audit::Meeting;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::keymap::{EVERYWHERE, KeyContext, Unbound, hidden, shown};

pub(crate) use update::MeetingRow;

/// The keys of the opening meeting.
pub(crate) static OPENING_KEYS: KeyContext = KeyContext {
    name: "opening",
    title: "Opening meeting",
    bindings: &[
        shown(Action::Toggle, &["Space"], "tick"),
        shown(Action::StartMeeting, &["s"], "start"),
        shown(Action::EndMeeting, &["e"], "end"),
        shown(Action::AddAttendee, &["a"], "attendee"),
        shown(Action::RemoveAttendee, &["d"], "remove"),
        shown(Action::NewNote, &["n"], "note"),
        hidden(Action::Open, &[], "tick, or edit the note"),
        hidden(Action::UndoLast, &["u"], "undo the last change"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The keys of the closing meeting.
pub(crate) static CLOSING_KEYS: KeyContext = KeyContext {
    name: "closing",
    title: "Closing meeting",
    bindings: &[
        shown(Action::Toggle, &["Space"], "tick"),
        shown(Action::Present, &["p"], "present"),
        shown(Action::Recommend, &["m"], "recommend"),
        shown(Action::DivergingOpinion, &["o"], "opinion"),
        shown(Action::StartMeeting, &["s"], "start"),
        shown(Action::EndMeeting, &["e"], "end"),
        shown(Action::WriteReport, &["w"], "write report"),
        shown(Action::AddAttendee, &["a"], "attendee"),
        shown(Action::RemoveAttendee, &["d"], "remove"),
        shown(Action::NewNote, &["n"], "note"),
        hidden(Action::MergeFindings, &["M"], "merge into another"),
        hidden(Action::Open, &[], "tick, present or edit"),
        hidden(Action::ShowScore, &["S"], "the score (practice)"),
        hidden(Action::UndoLast, &["u"], "undo the last change"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The keys of the presentation of the findings at the closing meeting.
pub(crate) static PRESENT_KEYS: KeyContext = KeyContext {
    name: "present",
    title: "Presenting the findings",
    bindings: &[
        shown(Action::Down, &["Right", "Space", "n"], "next"),
        shown(Action::Up, &["Left", "p"], "previous"),
        shown(Action::Accept, &["a"], "accepted"),
        shown(Action::DivergingOpinion, &["o"], "diverging opinion"),
        hidden(Action::PageDown, &[], "scroll down"),
        hidden(Action::PageUp, &[], "scroll up"),
        shown(Action::Back, &["Esc"], "leave"),
        hidden(Action::UndoLast, &["u"], "undo the last change"),
    ],
    unbound: Unbound::Ignore,
    parent: Some(&EVERYWHERE),
};

/// The finding shown while the findings are presented, and how far its page is scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation {
    /// The finding (the id of the event that raised it).
    pub finding: ulid::Ulid,
    /// Lines scrolled past, when the finding does not fit.
    pub scroll: u16,
}

/// The opening meeting in the registry.
pub(crate) static OPENING: ScreenDef = ScreenDef {
    id: Screen::Opening,
    title: "Opening",
    contexts: &[&OPENING_KEYS],
    context: |_| &OPENING_KEYS,
    rail: |app| rail(app, Meeting::Opening),
    update: |app, action| app.update_meeting(Meeting::Opening, action),
    draw: |frame, app, area, styles| view::draw(frame, app, Meeting::Opening, area, styles),
    to_list: |_| {},
};

/// The closing meeting in the registry.
pub(crate) static CLOSING: ScreenDef = ScreenDef {
    id: Screen::Closing,
    title: "Closing",
    contexts: &[
        &CLOSING_KEYS,
        &PRESENT_KEYS,
        &crate::tui::screens::score::KEYS,
    ],
    context: |app| {
        if app.score.is_some() {
            &crate::tui::screens::score::KEYS
        } else if app.presenting.is_some() {
            &PRESENT_KEYS
        } else {
            &CLOSING_KEYS
        }
    },
    rail: |app| rail(app, Meeting::Closing),
    update: |app, action| match app.score {
        Some(_) => app.update_score(action),
        None => app.update_meeting(Meeting::Closing, action),
    },
    draw: |frame, app, area, styles| match &app.score {
        Some(shown) => crate::tui::screens::score::draw(frame, app, shown, area, styles),
        None => view::draw(frame, app, Meeting::Closing, area, styles),
    },
    to_list: |app| {
        app.presenting = None;
        app.score = None;
    },
};

/// The rail's entry of a meeting: how much of its agenda is ticked.
fn rail(app: &App, meeting: Meeting) -> (String, String) {
    let items = match meeting {
        Meeting::Opening => &app.plan.opening,
        Meeting::Closing => &app.plan.closing,
    };
    let ticked = items
        .iter()
        .filter(|i| app.audit().checked(meeting, i))
        .count();
    let title = match meeting {
        Meeting::Opening => OPENING.title,
        Meeting::Closing => CLOSING.title,
    };
    (
        title.to_string(),
        format!("{ticked}/{} ticked", items.len()),
    )
}
