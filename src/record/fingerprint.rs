//! The SHA-256 fingerprint of a file seen as evidence, so the report can prove which file it was.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::audit::FileSeen;

/// Reads the file at `path` and returns its fingerprint: SHA-256 in lower-case hex and size.
pub fn fingerprint(path: &Path) -> std::io::Result<FileSeen> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(FileSeen {
        path: path.display().to_string(),
        sha256,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_content_has_the_known_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.txt");
        std::fs::write(&path, b"abc").unwrap();
        let seen = fingerprint(&path).unwrap();
        assert_eq!(
            seen.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(seen.bytes, 3);
        assert!(fingerprint(&dir.path().join("missing")).is_err());
    }
}
