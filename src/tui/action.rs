//! The messages of the interface: what a key (or a paste, a tick of the clock, a resize) means,
//! before it changes anything. The actions a key can be bound to have names (`new-finding`),
//! which the key tables, the help, `docs/keys.md` and the user's key file share.

use std::borrow::Cow;

use ratatui_textarea::Input;

use crate::audit::Grade;

/// The screens of the left rail, by the name the position file keeps; their order, titles and
/// behaviour are in the registry ([`crate::tui::screens::SCREENS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Screen {
    /// The opening meeting: agenda checklist, attendance, notes.
    Opening,
    /// The agenda by day: where each slot stands, what is next, and the deviations.
    Timetable,
    /// The sampled control checks.
    Samples,
    /// The staff interviews.
    Interviews,
    /// Every finding raised so far.
    Findings,
    /// The closing meeting: agenda checklist, findings summary, recommendation.
    Closing,
    /// The Stage 1 document review and its conclusion.
    Documents,
}

impl Screen {
    /// The screen's name in the rail.
    pub(crate) fn title(self) -> &'static str {
        crate::tui::screens::of(self).title
    }

    /// The next (or, with `back`, previous) screen of the rail, wrapping around.
    pub(crate) fn step(self, back: bool) -> Screen {
        let all = crate::tui::screens::SCREENS;
        let i = all.iter().position(|s| s.id == self).unwrap_or(0);
        let n = all.len();
        all[if back { (i + n - 1) % n } else { (i + 1) % n }].id
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
    /// Leave the detail for its list.
    Left,
    /// Open the selected item (in a form's one-line field: on to the next field).
    Open,
    /// Close what is open: form (keeping its draft), detail, search, help.
    Back,
    /// Next screen of the rail, or next field of a form.
    Next,
    /// Previous screen of the rail, or previous field of a form.
    Previous,
    /// Jump to a screen of the rail, on its list.
    GoTo(Screen),
    /// Start typing a search.
    Search,
    /// Show every key.
    Help,
    /// Leave the program.
    Quit,
    /// Write the items that could not be saved again.
    Retry,
    /// Tick or untick an agenda item.
    Toggle,
    /// Mark the meeting started.
    StartMeeting,
    /// Mark the meeting ended.
    EndMeeting,
    /// Add someone to the meeting's attendance.
    AddAttendee,
    /// Remove the selected attendee.
    RemoveAttendee,
    /// Write a new note.
    NewNote,
    /// State (or override) the team's recommendation.
    Recommend,
    /// Record the auditee's diverging opinion.
    DivergingOpinion,
    /// Present the findings one at a time, for a shared screen.
    Present,
    /// Write the report and the findings register to hand over.
    WriteReport,
    /// Record that the auditee accepts the finding presented.
    Accept,
    /// Step through the sample list's status filters.
    FilterStatus,
    /// Step through the sample list's theme filters.
    FilterTheme,
    /// Add an unplanned sample from the catalogue.
    UnplannedSample,
    /// Record an evidence item seen for the sample.
    AddEvidence,
    /// Raise a new finding (the grade is chosen next).
    NewFinding,
    /// Conclude the sample conforming.
    Conclude,
    /// Mark the sample in progress again.
    InProgress,
    /// Record the verification of a previous audit's nonconformity.
    VerifyClosure,
    /// Conclude the sample not assessed, with a reason.
    NotAssessed,
    /// Start the interview.
    StartInterview,
    /// End the interview.
    EndInterview,
    /// Ask a question in the interview: its answer is typed next, then the next question.
    AskQuestion,
    /// Interview someone the plan does not name.
    InterviewSomeoneElse,
    /// Say how what the interview heard on a control compares with the records.
    Corroborate,
    /// Withdraw the selected finding, with a reason.
    Withdraw,
    /// Step through the findings list's grade filters.
    FilterGrade,
    /// Show only the findings this auditor raised, or everyone's again.
    FilterMine,
    /// Choose the finding to merge away, then the one it says the same as.
    MergeFindings,
    /// Remove the selected evidence item or note.
    RemoveItem,
    /// Undo the last change a single key recorded, by recording its reverse.
    UndoLast,
    /// Fix the finding numbers as they stand, for the team review before the closing meeting.
    FixNumbers,
    /// In a practice audit's sample: the auditee hands over the next document.
    AskAuditee,
    /// At the end of a practice audit: the score against the scenario's answer key.
    ShowScore,
    /// In the grade chooser: this grade.
    Grade(Grade),
    /// In a finding form: pick a template from the finding library to fill it.
    Library,
    /// Save the form.
    Submit,
    /// Close the form and drop its draft.
    DiscardDraft,
    /// Undo the last change to the field.
    Undo,
    /// Redo what was undone.
    Redo,
    /// A key typed into the text being edited.
    Type(Input),
    /// A block of pasted text, inserted at once.
    Paste(String),
    /// The clock moved on: redraw the time and the agenda, save drafts that are due.
    Tick,
}

impl Action {
    /// The name the key tables, the help and the user's key file know the action by; `None`
    /// for what no key is bound to (typed text, a paste, the clock).
    pub(crate) fn name(&self) -> Option<Cow<'static, str>> {
        let name = match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Left => "leave",
            Action::Open => "open",
            Action::Back => "back",
            Action::Next => "next",
            Action::Previous => "previous",
            Action::GoTo(screen) => {
                return Some(format!("go-to-{}", screen.title().to_lowercase()).into());
            }
            Action::Search => "search",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Retry => "retry",
            Action::Toggle => "tick",
            Action::StartMeeting => "start-meeting",
            Action::EndMeeting => "end-meeting",
            Action::AddAttendee => "add-attendee",
            Action::RemoveAttendee => "remove-attendee",
            Action::NewNote => "new-note",
            Action::Recommend => "recommend",
            Action::DivergingOpinion => "diverging-opinion",
            Action::Present => "present",
            Action::WriteReport => "write-report",
            Action::Accept => "accept",
            Action::FilterStatus => "filter-status",
            Action::FilterTheme => "filter-theme",
            Action::UnplannedSample => "unplanned-sample",
            Action::AddEvidence => "add-evidence",
            Action::NewFinding => "new-finding",
            Action::Conclude => "conclude",
            Action::InProgress => "in-progress",
            Action::VerifyClosure => "verify-closure",
            Action::NotAssessed => "not-assessed",
            Action::StartInterview => "start-interview",
            Action::EndInterview => "end-interview",
            Action::AskQuestion => "ask-question",
            Action::InterviewSomeoneElse => "interview-someone-else",
            Action::Corroborate => "compare-with-records",
            Action::Withdraw => "withdraw",
            Action::FilterGrade => "filter-grade",
            Action::FilterMine => "filter-mine",
            Action::MergeFindings => "merge-findings",
            Action::RemoveItem => "remove-item",
            Action::UndoLast => "undo-last",
            Action::FixNumbers => "fix-numbers",
            Action::AskAuditee => "ask-auditee",
            Action::ShowScore => "show-score",
            Action::Grade(grade) => match grade {
                Grade::Major => "grade-major",
                Grade::Minor => "grade-minor",
                Grade::Observation => "grade-observation",
                Grade::Opportunity => "grade-opportunity",
                Grade::Strength => "grade-strength",
                Grade::AreaOfConcern => "grade-area-of-concern",
            },
            Action::Library => "finding-library",
            Action::Submit => "save",
            Action::DiscardDraft => "discard-draft",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Type(_) | Action::Paste(_) | Action::Tick => return None,
        };
        Some(name.into())
    }
}
