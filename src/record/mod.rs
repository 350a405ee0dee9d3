//! The audit record on disk: one append-only JSON Lines file per auditor per audit, each line
//! a checksummed event linked to the line before it, every append on the disk before it is
//! acknowledged. Damaged lines are moved aside and reported, never dropped; a second process
//! is kept out by an OS lock; every file is reached through the opened folder, never through
//! a link.
//!
//! This module knows envelopes (id, time, auditor, type, payload) but not what the events
//! mean: that is the `audit` module's; it imports nothing from it. [`Tail`] follows the other
//! auditors' files while the audit is open, reading only what they added. The format is
//! documented in `docs/record-format.md`.

mod disk;
mod envelope;
mod error;
mod folder;
mod line;
mod location;
mod report;
mod scan;
mod side;
mod store;
mod tail;

pub use disk::{Disk, OsDisk};
pub use envelope::{Envelope, FORMAT_VERSION, RawJson};
pub use error::RecordError;
pub use folder::{Access, Entry, Folder, Kind};
pub use line::{
    LineFault, LineHash, decode as decode_line, encode as encode_line, encode_after,
    hash as hash_line, hex, trim as trim_line,
};
pub use location::{
    DATA_DIR_ENV, Home, TEAM_PLAN, TEAM_RECORDS, audit_folder, auditor_stem, data_dir,
    is_auditors_file,
};
pub use report::{Conflict, Damage, FileLoad, LoadReport};
pub use side::{read_file, replace_file};
pub(crate) use store::check_private;
pub use store::{Store, read_audit, read_audit_folding};
pub use tail::{Arrived, Tail};
