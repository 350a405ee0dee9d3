//! Undoing the changes single keys record (a sample concluded, a tick, an attendee removed, a
//! finding withdrawn, merged into another or accepted, an evidence item or a note removed): each is said in the
//! footer and kept, newest last, with the event that reverses it; the undo key records the
//! reverse of the newest. The record stays append-only: an undo is one more event, and only
//! this auditor's own changes of this session are kept (a restart starts with none).
//!
//! Not undone, by design: a meeting or interview started or ended (the latest start or end
//! counts, and there is no "not started" to go back to), the finding numbers fixed (numbers
//! once read out never change), and items added or edited through a form or the people
//! picker (a form's save is not a stray key; an item added by mistake is removed with its own
//! key, which is undone here).

use crate::audit::{
    AgendaItemChecked, AttendeeAdded, AttendeeRemoved, Event, EvidenceRemoved, EvidenceRestored,
    FindingAcceptanceWithdrawn, FindingAccepted, FindingReinstated, FindingWithdrawn,
    FindingsMerged, Meeting, NoteRemoved, NoteRestored, SampleStatusSet, SetStatus,
};
use crate::tui::app::App;
use crate::tui::update::{Effect, record};

/// A change recorded by one key in this session, and what undoes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    /// What it did, in words: "A.5.15 concluded: conforming".
    pub said: String,
    /// The event that reverses it.
    pub reverse: Event,
}

impl App {
    /// The change `event` makes to the audit as it now stands (before `event` is applied),
    /// with its reverse; none for what is not undone.
    pub(crate) fn undoable(&self, event: &Event) -> Option<Change> {
        let (said, reverse) = match event {
            Event::SampleStatusSet(set) => {
                let said = match set.status {
                    SetStatus::Conforming => "concluded: conforming",
                    SetStatus::NotAssessed => "concluded: not assessed",
                    SetStatus::InProgress => "marked in progress",
                    SetStatus::NotStarted => "marked not started",
                };
                let reverse = self.status_before(&set.sample);
                (
                    format!("{} {said}", set.sample),
                    Event::SampleStatusSet(reverse),
                )
            }
            Event::AgendaItemChecked(tick) => {
                let said = if tick.checked { "ticked" } else { "unticked" };
                let reverse = AgendaItemChecked {
                    checked: self.audit().checked(tick.meeting, &tick.item),
                    ..tick.clone()
                };
                (
                    format!("{said}: {}", tick.item),
                    Event::AgendaItemChecked(reverse),
                )
            }
            Event::AttendeeRemoved(AttendeeRemoved { attendee }) => {
                let added = [Meeting::Opening, Meeting::Closing]
                    .into_iter()
                    .flat_map(|m| self.audit().attendees(m))
                    .find(|a| a.id == *attendee)?;
                let AttendeeAdded { meeting, name, .. } = added.content;
                let meeting = match meeting {
                    Meeting::Opening => "opening",
                    Meeting::Closing => "closing",
                };
                (
                    format!("{name} removed from the {meeting} meeting"),
                    Event::AttendeeAdded(added.content.clone()),
                )
            }
            Event::FindingWithdrawn(FindingWithdrawn { finding, .. }) => (
                format!("{} withdrawn", self.finding_number(*finding)),
                Event::FindingReinstated(FindingReinstated { finding: *finding }),
            ),
            Event::FindingAccepted(FindingAccepted { finding }) => (
                format!("{} accepted by the auditee", self.finding_number(*finding)),
                Event::FindingAcceptanceWithdrawn(FindingAcceptanceWithdrawn { finding: *finding }),
            ),
            Event::FindingsMerged(FindingsMerged { finding, into }) => (
                format!(
                    "{} merged into {}",
                    self.finding_number(*finding),
                    self.finding_number(*into)
                ),
                Event::FindingReinstated(FindingReinstated { finding: *finding }),
            ),
            Event::EvidenceRemoved(EvidenceRemoved { evidence }) => {
                let item = self.audit().evidence().find(|e| e.id == *evidence)?;
                (
                    format!("evidence removed: {}", first_line(&item.content.seen)),
                    Event::EvidenceRestored(EvidenceRestored {
                        evidence: *evidence,
                    }),
                )
            }
            Event::NoteRemoved(NoteRemoved { note }) => {
                let item = self.audit().notes().find(|n| n.id == *note)?;
                (
                    format!("note removed: {}", first_line(&item.content.text)),
                    Event::NoteRestored(NoteRestored { note: *note }),
                )
            }
            _ => return None,
        };
        Some(Change { said, reverse })
    }

    /// The status that sets `sample` back to where it stands now: what was last set, else
    /// in progress if something is recorded on it, else not started.
    fn status_before(&self, sample: &str) -> SampleStatusSet {
        if let Some((_, set)) = self.audit().status.get(sample) {
            return set.clone();
        }
        let recorded = (self.samples().iter())
            .find(|s| s.reference == sample)
            .is_some_and(|s| s.evidence + s.notes > 0);
        SampleStatusSet {
            sample: sample.to_owned(),
            status: if recorded {
                SetStatus::InProgress
            } else {
                SetStatus::NotStarted
            },
            reason: String::new(),
        }
    }

    /// Keeps the changes among `effects` that can be undone, and says the last one.
    pub(crate) fn remember(&mut self, effects: &[Effect]) {
        for effect in effects {
            if let Effect::Record(event) = effect
                && let Some(change) = self.undoable(event)
            {
                self.said = Some(change.said.clone());
                self.changes.push(change);
            }
        }
    }

    /// Records the reverse of the newest change kept, and says so.
    pub(crate) fn undo_last(&mut self) -> Vec<Effect> {
        match self.changes.pop() {
            Some(change) => {
                self.said = Some(format!("undone: {}", change.said));
                vec![record(change.reverse)]
            }
            None => {
                self.said = Some("nothing to undo".into());
                Vec::new()
            }
        }
    }
}

/// The first line of `text`, for a few words about an item.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}
