//! The audit record on disk: one append-only JSON Lines file per auditor per audit, each line
//! a checksummed event, every append on the disk before it is acknowledged. Damaged lines are
//! moved aside and reported, never dropped; a second process is kept out by an OS lock.
//!
//! This module knows envelopes (id, time, auditor, type, payload) but not what the events
//! mean: that is the `audit` module's; it imports nothing from it. [`Tail`] follows the other
//! auditors' files while the audit is open, reading only what they added. The format is
//! documented in `docs/record-format.md`.

mod disk;
mod envelope;
mod error;
mod line;
mod location;
mod report;
mod scan;
mod store;
mod tail;

pub use disk::{Disk, OsDisk};
pub use envelope::{Envelope, FORMAT_VERSION, RawJson};
pub use error::RecordError;
pub use line::{LineFault, decode as decode_line, encode as encode_line};
pub use location::{DATA_DIR_ENV, audit_folder, auditor_stem, data_dir};
pub use report::{Damage, FileLoad, LoadReport};
pub use store::{Store, read_audit, read_audit_folding};
pub use tail::{Arrived, Tail};
