//! Everything that reaches `update`: what the auditor asked for (an [`Action`]), and what the
//! session answered (an item recorded, the disk's verdict, a worker's report). The loop takes
//! them from one channel, in the order they came.

use super::action::Action;
use crate::record::Envelope;
use crate::session::{Report, Saving};

/// One message for `update`.
#[derive(Debug)]
pub enum Message {
    /// The auditor asked for something (or the clock ticked).
    Action(Action),
    /// An item was stamped and queued for the disk: show it at once, marked not saved.
    Recorded(Envelope),
    /// What writing the queued items did.
    Saving(Saving),
    /// A worker of the session reported: a fingerprint, other auditors' lines.
    Session(Report),
}
