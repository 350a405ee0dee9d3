//! Actions on the opening and closing meetings: ticks, start and end, attendance, notes, and at
//! the closing meeting the recommendation and diverging opinions.

use crate::audit::{AgendaItemChecked, AttendeeRemoved, Event, Meeting, MeetingMark};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::{FormPurpose, NoteForm};
use crate::tui::overlays::Overlay;
use crate::tui::update::{Effect, move_cursor, record};

/// One line of a meeting screen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MeetingRow {
    /// A checklist item, by its text.
    Item(String),
    /// An attendee, by the id of the event that added them.
    Attendee(ulid::Ulid),
    /// A note, by its id.
    Note(ulid::Ulid),
}

impl App {
    /// The lines of a meeting screen: checklist, attendees, notes.
    pub(crate) fn meeting_rows(&self, meeting: Meeting) -> Vec<MeetingRow> {
        let items = match meeting {
            Meeting::Opening => &self.plan.opening,
            Meeting::Closing => &self.plan.closing,
        };
        items
            .iter()
            .map(|i| MeetingRow::Item(i.clone()))
            .chain(
                self.audit()
                    .attendees(meeting)
                    .map(|a| MeetingRow::Attendee(a.id)),
            )
            .chain(
                self.audit()
                    .notes()
                    .filter(|n| n.content.meeting == Some(meeting) && n.content.sample.is_none())
                    .map(|n| MeetingRow::Note(n.id)),
            )
            .collect()
    }

    pub(super) fn update_meeting(&mut self, meeting: Meeting, action: Action) -> Vec<Effect> {
        let rows = self.meeting_rows(meeting);
        let cursor = match meeting {
            Meeting::Opening => &mut self.cursors.opening,
            Meeting::Closing => &mut self.cursors.closing,
        };
        if move_cursor(cursor, rows.len(), &action) {
            return Vec::new();
        }
        let row = rows.get(*cursor).cloned();
        let one = |e: Event| vec![record(e)];
        match (action, row) {
            (Action::Toggle | Action::Open, Some(MeetingRow::Item(item))) => {
                let checked = !self.audit().checked(meeting, &item);
                one(Event::AgendaItemChecked(AgendaItemChecked {
                    meeting,
                    item,
                    checked,
                }))
            }
            (Action::Open, Some(MeetingRow::Note(id))) => {
                self.open_form(FormPurpose::Note(NoteForm {
                    sample: None,
                    meeting: Some(meeting),
                    editing: Some(id),
                }));
                Vec::new()
            }
            (Action::RemoveAttendee, Some(MeetingRow::Attendee(attendee))) => {
                one(Event::AttendeeRemoved(AttendeeRemoved { attendee }))
            }
            (Action::StartMeeting, _) => {
                let mut effects = one(Event::MeetingStarted(MeetingMark { meeting }));
                if meeting == Meeting::Closing {
                    effects.extend(self.fix_numbers());
                }
                effects
            }
            (Action::EndMeeting, _) => one(Event::MeetingEnded(MeetingMark { meeting })),
            (Action::AddAttendee, _) => {
                self.overlay = Some(Overlay::People { meeting, cursor: 0 });
                Vec::new()
            }
            (Action::NewNote, _) => {
                self.open_form(FormPurpose::Note(NoteForm {
                    sample: None,
                    meeting: Some(meeting),
                    editing: None,
                }));
                Vec::new()
            }
            (Action::Recommend, _) if meeting == Meeting::Closing => {
                self.open_form(FormPurpose::Recommendation);
                Vec::new()
            }
            (Action::DivergingOpinion, _) if meeting == Meeting::Closing => {
                self.open_form(FormPurpose::DivergingOpinion);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
