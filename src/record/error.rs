//! Why the record could not be opened or an item could not be saved, in words an auditor can act
//! on.

use std::io;
use std::path::{Path, PathBuf};

/// A failure of the record store. Every variant leaves the record loadable: the caller keeps
/// the unsaved item in memory, marked "not saved", and may retry.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Another process holds this auditor's record of this audit open.
    #[error(
        "the record of {auditor} for audit {audit} is already open in another auditday \
         ({}); close it there and try again",
        shown(.lock)
    )]
    Locked {
        /// The auditor whose record it is.
        auditor: String,
        /// The audit id.
        audit: String,
        /// The record file, which that auditday holds locked.
        lock: PathBuf,
    },
    /// A name of the record folder is not a file auditday may read or write: a link, a pipe,
    /// another user's file, a file too large.
    #[error("auditday will not use {}: {}", shown(.path), crate::text::one_line(.why))]
    Refused {
        /// The name concerned.
        path: PathBuf,
        /// Why, in words.
        why: String,
    },
    /// A folder of the record belongs to another user or others may change it, so they could
    /// replace the record or plant links in it.
    #[error(
        "auditday keeps audit records only in folders that are yours alone, and {} is not: {}",
        shown(.path),
        crate::text::one_line(.why)
    )]
    NotPrivate {
        /// The folder.
        path: PathBuf,
        /// Why, in words.
        why: String,
    },
    /// One recorded item is larger than a record line may be.
    #[error("this item is too large to record ({bytes} bytes; a record line is at most {limit})")]
    TooLong {
        /// Its size as a line.
        bytes: usize,
        /// The largest line.
        limit: usize,
    },
    /// The audit id cannot name a folder safely.
    #[error(
        "`{}` cannot be used as an audit folder name: use lower-case letters, digits, `-` and `_`",
        crate::text::one_line(.0)
    )]
    BadAuditId(String),
    /// No data folder was given and the system has no per-user data folder.
    #[error("no folder to keep audit records in: pass --data-dir or set AUDITDAY_DATA")]
    NoDataDir,
    /// A folder was named to open that is not a team's audit folder.
    #[error(
        "cannot read plan {}: it is a folder, not a plan file, nor an audit folder (one holds \
         plan.toml and a records folder; `auditday team init PLAN.toml {}` makes one)",
        shown(.0),
        shown(.0)
    )]
    NotAuditFolder(PathBuf),
    /// A file-system call failed.
    #[error("could not {action} {}: {}", shown(.path), describe(.error))]
    Io {
        /// What was being done: "save to", "read", "create".
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error, said in the message (not chained after it, which
        /// would say it twice).
        error: io::Error,
    },
    /// The record file was deleted, moved or replaced while it was open.
    #[error(
        "the record file {} was deleted or moved while auditday had it open; \
         retrying recreates it from what this session still holds",
        shown(.path)
    )]
    Missing {
        /// Where the record file should be.
        path: PathBuf,
    },
}

impl RecordError {
    /// An I/O failure while doing `action` on `path`.
    pub(crate) fn io(action: &'static str, path: &Path, error: io::Error) -> Self {
        RecordError::Io {
            action,
            path: path.to_path_buf(),
            error,
        }
    }

    /// Whether the failure came from a full disk or an exhausted quota.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, RecordError::Io { error, .. }
            if matches!(error.kind(), io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded))
    }

    /// The cause in a few words, without paths, for a status line: "the disk is full".
    pub fn cause(&self) -> String {
        match self {
            RecordError::Io { error, .. } => describe(error),
            RecordError::Refused { why, .. } | RecordError::NotPrivate { why, .. } => {
                crate::text::one_line(why).into_owned()
            }
            RecordError::TooLong { .. } => "the item is too large to record".into(),
            RecordError::Missing { .. } => "the record file was deleted or moved".into(),
            RecordError::Locked { .. } => "the record is open in another auditday".into(),
            RecordError::BadAuditId(_) => "the audit id cannot name a folder".into(),
            RecordError::NoDataDir => "no folder to keep records in".into(),
            RecordError::NotAuditFolder(_) => "the folder is not an audit folder".into(),
        }
    }
}

fn shown(path: &Path) -> String {
    crate::text::one_line(&path.display().to_string()).into_owned()
}

/// The operating system's error in the words an auditor would use.
fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "the disk is full".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        io::ErrorKind::NotFound => "it does not exist (was the folder deleted?)".into(),
        _ => crate::text::one_line(&e.to_string()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_full_is_said_in_words() {
        let e = RecordError::io(
            "save to",
            Path::new("/d/a.jsonl"),
            io::Error::from_raw_os_error(28),
        );
        assert!(e.is_disk_full());
        assert_eq!(
            e.to_string(),
            "could not save to /d/a.jsonl: the disk is full"
        );
    }

    #[test]
    fn the_cause_is_said_once() {
        let e = RecordError::io(
            "read",
            Path::new("/d/a.jsonl"),
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        let chained = format!("{:#}", anyhow::Error::from(e));
        assert_eq!(chained, "could not read /d/a.jsonl: permission denied");
    }
}
