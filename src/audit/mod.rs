//! What the audit record means: typed events for everything recorded on the day, and the
//! state of the audit as a pure fold of every auditor's events, with what is derived from it
//! (finding numbers, provisional until fixed, sample status, counts, evidence fingerprints, the
//! recommendation, corrective-action due dates, and the [`AuditSummary`] every report reads). No I/O here.
//!
//! The fold is order-independent by construction (each value keeps its latest event by id,
//! items are created once, and removed while their latest removal is later than their latest
//! restoration), so several auditors' records merge without
//! conflict and an event can be applied the moment it is saved.

mod attendance;
mod corrective;
mod documents;
mod event;
mod findings;
mod interviews;
mod merge;
mod overview;
mod previous;
mod recommendation;
mod samples;
mod stage1;
mod state;
mod summary;
mod timetable;

pub use attendance::{Person, same_name};
pub use corrective::{CorrectiveAction, closing_date, corrective_action};
pub use documents::{DocumentReview, ReviewState};
pub use event::*;
pub use findings::{FindingCounts, Number, NumberedFinding, Numbering, lead_auditor};
pub use interviews::InterviewBasis;
pub use merge::{Item, Origin};
pub use overview::{Overview, ThemeProgress, minutes_left_today, samples_by_theme};
pub use previous::{Closures, Verification, verifications};
pub use recommendation::{RecommendationView, Unjustified, follows_from};
pub use samples::{SampleProgress, SampleStatus, assigned_auditor};
pub use stage1::{Area, SoaCoverage, Stage1Conclusion, Trigger, stage1_conclusion};
pub use state::{
    AuditState, DamagedEvent, Draft, Fingerprint, Interview, InterviewNote, MeetingTimes,
    NotUnderstood, Response,
};
pub use summary::{
    AuditSummary, FindingSummary, InterviewSummary, MeetingSummary, RecommendationSummary,
    SamplesSummary, Withdrawal,
};
pub use timetable::{
    AgendaDay, Deviation, Slot, SlotState, Timetable, agenda, current_slot, deviations,
};

/// For the audit module's tests: the state after `events`, recorded one after another by
/// Priya Shah (ids 1, 2, … in order, all at 09:00 on 24 November 2026).
#[cfg(test)]
pub(crate) fn recorded(events: Vec<Event>) -> AuditState {
    AuditState::fold(&envelopes(events))
}

/// For the audit module's tests: `events` as [`recorded`] records them, to fold in other
/// orders.
#[cfg(test)]
pub(crate) fn envelopes(events: Vec<Event>) -> Vec<crate::record::Envelope> {
    use chrono::TimeZone;
    events
        .into_iter()
        .enumerate()
        .map(|(n, event)| crate::record::Envelope {
            version: crate::record::FORMAT_VERSION,
            id: ulid::Ulid::from_parts(1 + n as u64, 1),
            at: chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
            auditor: "Priya Shah".into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: Vec::new(),
        })
        .collect()
}
