//! Reading a text file the user named (a plan, a catalogue, the key file, the finding library, a
//! report template), bounded: a name that
//! is not a regular file, or a file larger than its kind may be, is refused by its type and size
//! before a byte is read, so `/dev/zero`, a named pipe, a folder or a 2 GB file gets a sentence
//! instead of a hang or an exhausted memory.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// What the user named: how a refusal names it and how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An audit plan: at most [`crate::plan::MAX_PLAN_BYTES`] (4 MB), three hundred times the
    /// largest sample plan.
    Plan,
    /// A catalogue of clauses and controls: at most 16 MB, four hundred times the built-in one.
    Catalogue,
    /// The user's key file: at most 1 MB, far more than rebinding every action takes.
    KeyFile,
    /// The user's finding library: at most 1 MB, hundreds of templates.
    Library,
    /// A report template of the user's: at most 1 MB, a hundred times the built-in report's.
    Template,
    /// An organisation's Statement of Applicability (CSV or XLSX): at most 16 MB, a thousand
    /// times a 93-row one with long justifications.
    Soa,
    /// The previous audit's JSON report a plan names: at most 32 MB, hundreds of times a
    /// two-day audit's.
    PreviousReport,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Plan => "plan file",
            Kind::Catalogue => "catalogue file",
            Kind::KeyFile => "key file",
            Kind::Library => "finding library",
            Kind::Template => "report template",
            Kind::Soa => "Statement of Applicability",
            Kind::PreviousReport => "report",
        }
    }

    fn limit(self) -> u64 {
        match self {
            Kind::Plan => crate::plan::MAX_PLAN_BYTES as u64,
            Kind::Catalogue | Kind::Soa => 16 << 20,
            Kind::PreviousReport => 32 << 20,
            Kind::KeyFile | Kind::Library | Kind::Template => 1 << 20,
        }
    }
}

/// Why a named file was not read: carried inside the `io::Error` that [`read`] returns, so the
/// callers' messages ("cannot read plan P: …") end with it.
#[derive(Debug, thiserror::Error)]
enum Refusal {
    /// Not a regular file: reading it could wait for a writer forever, or never end.
    #[error("it is {found}, not a {}", .kind.noun())]
    NotAFile {
        /// What it is instead: "a named pipe".
        found: &'static str,
        /// What it was named as.
        kind: Kind,
    },
    /// Larger than a file of its kind may be.
    #[error("it is {}; a {} is at most {}", size(*.bytes), .kind.noun(), size(.kind.limit()))]
    TooLarge {
        /// Its size, or what was read of it when it grew while being read.
        bytes: u64,
        /// What it was named as.
        kind: Kind,
    },
}

/// The bytes of the file at `path`, refused (an `io::Error` holding a [`Refusal`]) unless it is
/// a regular file no larger than `kind` allows. The type is looked at before opening, since
/// opening a named pipe waits for a writer, and again on the opened file, which is the one
/// read; at most one byte more than the limit is read, so a file growing meanwhile is bounded
/// too.
pub(crate) fn read(path: &Path, kind: Kind) -> io::Result<Vec<u8>> {
    refuse(&std::fs::metadata(path).map_err(in_words)?, kind)?;
    let file = File::open(path).map_err(in_words)?;
    let meta = file.metadata()?;
    refuse(&meta, kind)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(kind.limit() + 1)
        .read_to_end(&mut bytes)
        .map_err(in_words)?;
    if bytes.len() as u64 > kind.limit() {
        return Err(refused(Refusal::TooLarge {
            bytes: bytes.len() as u64,
            kind,
        }));
    }
    Ok(bytes)
}

/// [`read`], as UTF-8 text (`io::ErrorKind::InvalidData` when it is not, as
/// `std::fs::read_to_string` says).
pub(crate) fn read_to_string(path: &Path, kind: Kind) -> io::Result<String> {
    String::from_utf8(read(path, kind)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "it is not UTF-8 text; save it as UTF-8",
        )
    })
}

/// Refuses a file of the wrong type or size.
fn refuse(meta: &Metadata, kind: Kind) -> io::Result<()> {
    if !meta.is_file() {
        return Err(refused(Refusal::NotAFile {
            found: file_type(meta),
            kind,
        }));
    }
    if meta.len() > kind.limit() {
        return Err(refused(Refusal::TooLarge {
            bytes: meta.len(),
            kind,
        }));
    }
    Ok(())
}

/// The commonest failures in the words an auditor uses, said once: the system's own text
/// ("Permission denied (os error 13)") repeats what the kind already says.
pub(crate) fn in_words(e: io::Error) -> io::Error {
    let words = match e.kind() {
        io::ErrorKind::NotFound => "it does not exist",
        io::ErrorKind::PermissionDenied => "permission denied",
        _ => return e,
    };
    io::Error::new(e.kind(), words)
}

fn refused(why: Refusal) -> io::Error {
    let kind = match why {
        Refusal::NotAFile { .. } => io::ErrorKind::InvalidInput,
        Refusal::TooLarge { .. } => io::ErrorKind::FileTooLarge,
    };
    io::Error::new(kind, why)
}

/// What a name that is not a regular file is, in words.
fn file_type(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// A size in bytes as people read it, in units of 1024, rounded up so that a file over a limit
/// never reads as the limit: "2.5 GB", and "4 MB" for an exact number of units.
fn size(bytes: u64) -> String {
    let units = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    let Some((unit, name)) = units.into_iter().find(|(unit, _)| bytes >= *unit) else {
        return format!("{bytes} bytes");
    };
    if bytes.is_multiple_of(unit) {
        return format!("{} {name}", bytes / unit);
    }
    let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(unit));
    format!("{}.{} {name}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(e: &io::Error) -> String {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<Refusal>())
            .map(ToString::to_string)
            .unwrap_or_else(|| panic!("not a refusal: {e}"))
    }

    #[test]
    fn sizes_are_rounded_up_and_exact_units_are_whole() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(4 << 20), "4 MB");
        assert_eq!(size((4 << 20) + 1), "4.1 MB");
        assert_eq!(size(2 << 30), "2 GB");
        assert_eq!(size((2 << 30) + (1 << 29)), "2.5 GB");
        assert_eq!(size(1536), "1.5 KB");
        assert_eq!(size(u64::MAX), "17179869184.0 GB");
    }

    #[test]
    fn a_folder_is_refused_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), Kind::Catalogue).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(refusal(&e), "it is a folder, not a catalogue file");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        File::create(&path).unwrap().set_len((1 << 20) + 1).unwrap();
        let e = read(&path, Kind::KeyFile).unwrap_err();
        assert_eq!(e.to_string(), "it is 1.1 MB; a key file is at most 1 MB");
    }

    #[test]
    fn a_file_at_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        std::fs::write(&path, vec![b'#'; 1 << 20]).unwrap();
        assert_eq!(read(&path, Kind::KeyFile).unwrap().len(), 1 << 20);
    }

    #[test]
    fn text_that_is_not_utf8_is_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, b"id = \"\xff\"").unwrap();
        let e = read_to_string(&path, Kind::Catalogue).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(e.to_string(), "it is not UTF-8 text; save it as UTF-8");
    }
}
