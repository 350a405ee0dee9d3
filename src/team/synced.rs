//! What this laptop's last `auditday team sync` did, kept beside git's own files so that the
//! open interface can say whose file arrived with it. It belongs to one clone: it lives in the
//! repository's git folder, which neither git nor Syncthing carries to the others.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::record::{auditor_stem, is_auditors_file};

/// The file's name in the git folder.
const FILE: &str = "auditday-last-sync.json";

/// The most of it that is read: it names a handful of files.
const LIMIT: u64 = 64 * 1024;

/// The last sync of this clone: when it ran and which of the others' record files it brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastSync {
    /// When the sync ended.
    pub at: DateTime<Utc>,
    /// The other auditors' record files that the pull changed, by name in `records`.
    pub received: Vec<String>,
    /// Whether the remote could not be reached, so nothing could arrive.
    pub offline: bool,
}

impl LastSync {
    /// Whether the sync brought lines of `auditor`'s file (or a sync engine's copy of it).
    pub fn brought(&self, auditor: &str) -> bool {
        let stem = auditor_stem(auditor);
        self.received
            .iter()
            .any(|name| is_auditors_file(name, &stem))
    }
}

/// The last sync of the clone whose audit folder is `root`, when one is on record there and
/// can be read; a missing or unreadable file is simply no sync.
pub fn last_sync(root: &Path) -> Option<LastSync> {
    let file = std::fs::File::open(git_dir(root)?.join(FILE)).ok()?;
    let mut text = Vec::new();
    file.take(LIMIT).read_to_end(&mut text).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Keeps `sync` as this clone's last one, replacing the file whole so that a reader never
/// sees half of it.
pub(super) fn keep(git_dir: &Path, sync: &LastSync) -> std::io::Result<()> {
    let temporary = git_dir.join(format!("{FILE}.tmp"));
    std::fs::write(&temporary, serde_json::to_vec(sync)?)?;
    std::fs::rename(temporary, git_dir.join(FILE))
}

/// The git folder of the repository at `root`: `.git`, or where a `.git` file (a worktree, a
/// submodule) points.
fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    let meta = std::fs::symlink_metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    if !meta.is_file() || meta.len() > LIMIT {
        return None;
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let pointed = text.strip_prefix("gitdir:")?.trim();
    Some(root.join(pointed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync(received: &[&str]) -> LastSync {
        LastSync {
            at: DateTime::from_timestamp(1_780_000_000, 0).unwrap(),
            received: received.iter().map(|s| (*s).to_owned()).collect(),
            offline: false,
        }
    }

    #[test]
    fn a_sync_brought_an_auditor_s_file_or_its_conflict_copy_and_no_one_else_s() {
        let sam = auditor_stem("Sam Okafor");
        let file = sync(&[&format!("{sam}.jsonl")]);
        assert!(file.brought("Sam Okafor"));
        assert!(!file.brought("Sam"));
        assert!(!file.brought("Priya Shah"));
        let copy = sync(&[&format!(
            "{sam}.sync-conflict-20261203-140200-ABCDEFG.jsonl"
        )]);
        assert!(copy.brought("Sam Okafor"));
    }

    #[test]
    fn the_last_sync_is_read_from_the_git_folder_or_where_a_git_file_points() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::create_dir_all(plain.join(".git")).unwrap();
        assert_eq!(last_sync(&plain), None, "no sync yet");
        keep(&plain.join(".git"), &sync(&["a.jsonl"])).unwrap();
        assert_eq!(last_sync(&plain), Some(sync(&["a.jsonl"])));

        let worktree = dir.path().join("worktree");
        std::fs::create_dir_all(&worktree).unwrap();
        std::fs::write(worktree.join(".git"), "gitdir: ../plain/.git\n").unwrap();
        assert_eq!(last_sync(&worktree), Some(sync(&["a.jsonl"])));

        std::fs::write(plain.join(".git").join(FILE), "{ torn").unwrap();
        assert_eq!(last_sync(&plain), None, "a damaged file is no sync");
    }
}
