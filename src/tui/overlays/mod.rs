//! What is drawn over a screen and has the keyboard: forms, the grade chooser, the catalogue
//! picker, the finding-library picker over a finding form, the people picker, notices, the quit question, the question before ending the
//! closing meeting with work left open, and the help; their state, key tables, update
//! (`update`) and drawing (`view`, `help`).

mod help;
mod update;
pub(crate) mod view;

use super::action::Action;
use super::forms::{FindingSeed, OpenForm};
use super::keymap::{KeyContext, Unbound, hidden, shown};
use crate::audit::{Grade, Meeting};

/// Something drawn over the screen that has the keyboard.
pub enum Overlay {
    /// Every key, turned to this page.
    Help(usize),
    /// A form being filled in.
    Form(Box<OpenForm>),
    /// Choosing the grade of a new finding.
    Grade {
        /// The sample the finding is raised on.
        sample: Option<String>,
        /// What the finding starts from.
        seed: FindingSeed,
        /// The highlighted grade.
        cursor: usize,
    },
    /// Choosing a clause or control for an unplanned sample.
    Picker(Picker),
    /// Choosing a template from the finding library for the finding form under it.
    Library(LibraryPicker),
    /// Choosing who attends a meeting from the plan's people, or typing someone new.
    People {
        /// Which meeting.
        meeting: Meeting,
        /// The highlighted person (the last entry is "someone else").
        cursor: usize,
    },
    /// A message the auditor must read (a damaged record was repaired).
    Notice(Vec<String>),
    /// Quitting while items are not saved.
    ConfirmQuit,
    /// Ending the closing meeting while samples are not concluded or agenda items not ticked.
    ConfirmEnd,
}

/// The catalogue picker: what was typed and what it matches.
pub struct Picker {
    /// What has been typed.
    pub query: String,
    /// Ids of the matching clauses and controls, best first.
    pub matches: Vec<String>,
    /// The highlighted match.
    pub cursor: usize,
}

/// The finding-library picker: the finding form it fills, what was typed and what it matches.
pub struct LibraryPicker {
    /// The finding form under it, as it was when the picker opened.
    pub form: Box<OpenForm>,
    /// What has been typed.
    pub query: String,
    /// The matching templates (indexes into the library), best first.
    pub matches: Vec<usize>,
    /// The highlighted match.
    pub cursor: usize,
}

/// The keys of every form.
pub(crate) static FORM: KeyContext = KeyContext {
    name: "form",
    title: "Forms",
    bindings: &[
        shown(Action::Next, &["Tab"], "next field"),
        hidden(Action::Previous, &["Shift-Tab"], "previous field"),
        shown(
            Action::Submit,
            &["Ctrl-S", "Alt-Enter", "Ctrl-Enter"],
            "save",
        ),
        shown(Action::Back, &["Esc"], "close, keep draft"),
        shown(Action::DiscardDraft, &["Ctrl-D"], "discard"),
        shown(Action::Undo, &["Ctrl-Z"], "undo"),
        hidden(Action::Redo, &["Ctrl-Y"], "redo"),
        hidden(Action::Library, &["Ctrl-L"], "library (finding form)"),
    ],
    unbound: Unbound::Type(""),
    parent: None,
};

/// The keys of a form's one-line text fields, where Enter moves on.
pub(crate) static FORM_LINE: KeyContext = KeyContext {
    name: "form-line",
    title: "One-line fields of a form",
    bindings: &[hidden(Action::Open, &["Enter"], "next field, save at end")],
    unbound: Unbound::Type(""),
    parent: Some(&FORM),
};

/// The keys of the grade chooser of a new finding.
pub(crate) static GRADE: KeyContext = KeyContext {
    name: "grade",
    title: "Grade of a new finding",
    bindings: &[
        shown(Action::Grade(Grade::Major), &["1"], "major"),
        shown(Action::Grade(Grade::Minor), &["2"], "minor"),
        shown(Action::Grade(Grade::Observation), &["3"], "observation"),
        shown(Action::Grade(Grade::Opportunity), &["4"], "OFI"),
        shown(Action::Grade(Grade::Strength), &["5"], "strength"),
        shown(
            Action::Grade(Grade::AreaOfConcern),
            &["6"],
            "area of concern",
        ),
        hidden(Action::Up, &["Up", "k"], "move up"),
        hidden(Action::Down, &["Down", "j"], "move down"),
        hidden(Action::Open, &["Enter"], "choose"),
        shown(Action::Back, &["Esc"], "cancel"),
    ],
    unbound: Unbound::Ignore,
    parent: None,
};

/// The keys of the catalogue picker of an unplanned sample.
pub(crate) static PICKER: KeyContext = KeyContext {
    name: "picker",
    title: "Catalogue picker",
    bindings: &[
        shown(Action::Up, &["Up"], "choose"),
        shown(Action::Down, &["Down"], "choose"),
        shown(Action::Open, &["Enter"], "take"),
        hidden(Action::Next, &["Tab"], "take"),
        shown(Action::Back, &["Esc"], "cancel"),
    ],
    unbound: Unbound::Type("search"),
    parent: None,
};

/// The keys of the finding-library picker.
pub(crate) static LIBRARY: KeyContext = KeyContext {
    name: "library",
    title: "Finding library",
    bindings: &[
        shown(Action::Up, &["Up"], "choose"),
        shown(Action::Down, &["Down"], "choose"),
        shown(Action::Open, &["Enter"], "fill the form"),
        shown(Action::Back, &["Esc"], "back to the form"),
    ],
    unbound: Unbound::Type("search"),
    parent: None,
};

/// The keys of the people picker of a meeting's attendance.
pub(crate) static PEOPLE: KeyContext = KeyContext {
    name: "people",
    title: "Who attends",
    bindings: &[
        hidden(Action::Up, &["Up", "k"], "move up"),
        hidden(Action::Down, &["Down", "j"], "move down"),
        shown(Action::Open, &["Enter"], "add"),
        shown(Action::Back, &["Esc"], "cancel"),
    ],
    unbound: Unbound::Ignore,
    parent: None,
};

/// The keys of the help.
pub(crate) static HELP: KeyContext = KeyContext {
    name: "help",
    title: "This help",
    bindings: &[
        shown(Action::Down, &["Down", "j", "PageDown"], "next page"),
        hidden(Action::Up, &["Up", "k", "PageUp"], "previous page"),
    ],
    unbound: Unbound::Close("close"),
    parent: None,
};

/// The keys of a notice.
pub(crate) static NOTICE: KeyContext = KeyContext {
    name: "notice",
    title: "A notice",
    bindings: &[],
    unbound: Unbound::Close("close"),
    parent: None,
};

/// The keys of the question asked on quitting with items not saved.
pub(crate) static QUIT: KeyContext = KeyContext {
    name: "quit",
    title: "Quitting with items not saved",
    bindings: &[
        shown(Action::Retry, &["r"], "retry"),
        shown(Action::Quit, &["q", "Ctrl-C"], "quit anyway"),
    ],
    unbound: Unbound::Close("stay"),
    parent: None,
};

/// The keys of the question asked on ending the closing meeting with work left open.
pub(crate) static END: KeyContext = KeyContext {
    name: "end",
    title: "Ending the closing meeting early",
    bindings: &[
        shown(Action::Open, &["Enter"], "end anyway"),
        shown(Action::Back, &["Esc"], "go back"),
    ],
    unbound: Unbound::Ignore,
    parent: None,
};

/// Every overlay's key context, in the order of the help.
pub(crate) static CONTEXTS: [&KeyContext; 10] = [
    &FORM, &FORM_LINE, &GRADE, &PICKER, &LIBRARY, &PEOPLE, &QUIT, &END, &HELP, &NOTICE,
];

/// The key context of `overlay`.
pub(crate) fn context(overlay: &Overlay) -> &'static KeyContext {
    match overlay {
        Overlay::Help(_) => &HELP,
        Overlay::Notice(_) => &NOTICE,
        Overlay::Form(open) if open.form.focus_is_line() => &FORM_LINE,
        Overlay::Form(_) => &FORM,
        Overlay::Picker(_) => &PICKER,
        Overlay::Library(_) => &LIBRARY,
        Overlay::Grade { .. } => &GRADE,
        Overlay::People { .. } => &PEOPLE,
        Overlay::ConfirmQuit => &QUIT,
        Overlay::ConfirmEnd => &END,
    }
}
