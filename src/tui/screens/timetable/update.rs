//! Actions on the timetable: move along the slots, go to a slot's sample, interviewee or
//! meeting.

use crate::audit::{AgendaDay, current_slot};
use crate::plan::AgendaKind;
use crate::tui::action::{Action, Screen};
use crate::tui::app::App;
use crate::tui::update::{Effect, move_cursor};

impl App {
    /// The plan's agenda by day, each slot with its state now.
    pub(crate) fn agenda(&self) -> Vec<AgendaDay<'_>> {
        crate::audit::agenda(&self.plan, self.audit(), self.samples(), self.local_now())
    }

    /// The slot the auditor is at by the clock (over, in, or next), counted across days.
    pub(crate) fn current_slot(&self, days: &[AgendaDay]) -> Option<usize> {
        current_slot(days, &self.auditor, self.local_now())
    }

    /// The timetable's highlighted slot: where the auditor moved, else the current one.
    pub(crate) fn timetable_cursor(&self, days: &[AgendaDay]) -> usize {
        self.cursors
            .timetable
            .or_else(|| self.current_slot(days))
            .unwrap_or(0)
    }

    pub(super) fn update_timetable(&mut self, action: Action) -> Vec<Effect> {
        let (len, cursor, item) = {
            let days = self.agenda();
            let slots: Vec<_> = days.iter().flat_map(|d| &d.slots).map(|s| s.item).collect();
            let cursor = self.timetable_cursor(&days);
            (slots.len(), cursor, slots.get(cursor).map(|s| (*s).clone()))
        };
        let mut moved = cursor;
        if move_cursor(&mut moved, len, &action) {
            self.cursors.timetable = Some(moved);
            return Vec::new();
        }
        let Some(item) = item else {
            return Vec::new();
        };
        if action != Action::Open {
            return Vec::new();
        }
        match item.kind {
            AgendaKind::Opening => self.screen = Screen::Opening,
            AgendaKind::Closing => self.screen = Screen::Closing,
            AgendaKind::Samples => {
                // The first of its samples still open, or its first if all are concluded.
                let done = |reference: &str| {
                    self.samples()
                        .iter()
                        .any(|s| s.reference == reference && s.status.is_done())
                };
                let sample = (item.samples.iter())
                    .find(|s| !done(&s.value))
                    .or(item.samples.first());
                match sample {
                    Some(sample) => self.show_sample(&sample.value.clone()),
                    None => self.screen = Screen::Samples,
                }
            }
            AgendaKind::Interview => {
                self.screen = Screen::Interviews;
                self.open_interview = None;
                if let Some(name) = &item.interviewee {
                    self.open_interview_of(&name.value);
                }
            }
            AgendaKind::Break | AgendaKind::Other => {}
        }
        Vec::new()
    }
}
