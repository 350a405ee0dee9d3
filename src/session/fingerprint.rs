//! The SHA-256 fingerprint of a file seen as evidence, taken on a worker thread so that a
//! huge file, a device or a pipe named as evidence never holds up a key press. Only regular
//! files up to [`SIZE_LIMIT`] are read, and a fingerprint in progress can be cancelled.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

/// The largest file fingerprinted: beyond it, reading would keep the laptop's disk busy for
/// minutes on audit day; the item is recorded with the reason instead.
const SIZE_LIMIT: u64 = 1 << 30;

/// What fingerprinting a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fingerprint {
    /// SHA-256 in lower-case hex, and the size in bytes.
    Taken {
        /// The hash.
        sha256: String,
        /// The size.
        bytes: u64,
    },
    /// Why no fingerprint was taken, in words for the auditor and the report.
    Unreadable(String),
    /// The auditor changed or removed the item first.
    Cancelled,
}

/// Fingerprints `path`, checking `cancel` between chunks.
pub(super) fn take(path: &Path, cancel: &AtomicBool) -> Fingerprint {
    match hash(path, cancel) {
        Ok(found) => found,
        Err(e) => Fingerprint::Unreadable(format!("could not be read ({e})")),
    }
}

fn hash(path: &Path, cancel: &AtomicBool) -> io::Result<Fingerprint> {
    // Look before opening: opening a pipe for reading waits for a writer.
    if let Some(why) = refusal(&std::fs::metadata(path)?) {
        return Ok(Fingerprint::Unreadable(why));
    }
    let mut file = File::open(path)?;
    if let Some(why) = refusal(&file.metadata()?) {
        return Ok(Fingerprint::Unreadable(why));
    }
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut bytes = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Ok(Fingerprint::Cancelled);
        }
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        if bytes > SIZE_LIMIT {
            return Ok(Fingerprint::Unreadable(over_limit()));
        }
        hasher.update(&buffer[..n]);
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Fingerprint::Taken { sha256, bytes })
}

/// Why a file of this kind and size is not fingerprinted, if it is not.
fn refusal(meta: &std::fs::Metadata) -> Option<String> {
    if meta.is_dir() {
        Some("is a folder, not a file".into())
    } else if !meta.is_file() {
        Some("is not a regular file (a device, a pipe or a socket)".into())
    } else if meta.len() > SIZE_LIMIT {
        Some(format!(
            "is {:.1} GB, over the {} GB fingerprint limit",
            meta.len() as f64 / 1e9,
            SIZE_LIMIT >> 30
        ))
    } else {
        None
    }
}

fn over_limit() -> String {
    format!("grew past the {} GB fingerprint limit", SIZE_LIMIT >> 30)
}

/// A flag shared with a worker, set to make it stop.
pub(super) fn cancel_flag() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_content_has_the_known_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.txt");
        std::fs::write(&path, b"abc").unwrap();
        let no = AtomicBool::new(false);
        assert_eq!(
            take(&path, &no),
            Fingerprint::Taken {
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
                bytes: 3
            }
        );
        assert!(matches!(
            take(&dir.path().join("missing"), &no),
            Fingerprint::Unreadable(why) if why.starts_with("could not be read")
        ));
        assert_eq!(
            take(dir.path(), &no),
            Fingerprint::Unreadable("is a folder, not a file".into())
        );
        assert_eq!(take(&path, &AtomicBool::new(true)), Fingerprint::Cancelled);
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_refused_without_reading_them() {
        let no = AtomicBool::new(false);
        let refused =
            Fingerprint::Unreadable("is not a regular file (a device, a pipe or a socket)".into());
        assert_eq!(take(Path::new("/dev/zero"), &no), refused);
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(take(&fifo, &no), refused);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk.img");
        File::create(&path).unwrap().set_len(5_000_000_000).unwrap();
        assert_eq!(
            take(&path, &AtomicBool::new(false)),
            Fingerprint::Unreadable("is 5.0 GB, over the 1 GB fingerprint limit".into())
        );
    }
}
