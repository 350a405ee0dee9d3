//! A team's audit folder: one shareable folder holding the plan and every auditor's record,
//! carried between laptops by git or Syncthing without a server. `init` makes one; `sync`
//! commits this auditor's record and exchanges it with the others' through the `git` program.

mod git;
mod init;
mod synced;

pub use git::{SyncReport, sync};
pub use init::{Carried, Made, init};
pub use synced::{LastSync, last_sync};

use std::path::PathBuf;

/// Why a team's audit folder could not be made or synced, in words an auditor can act on.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The folder or a file in it could not be read or written.
    #[error(transparent)]
    Record(#[from] crate::record::RecordError),
    /// The folder already holds an audit: nothing is overwritten.
    #[error(
        "{} already holds {}: choose another folder, or open it with `auditday {}`",
        shown(.folder),
        .what,
        shown(.folder)
    )]
    Exists {
        /// The folder.
        folder: PathBuf,
        /// What is already there.
        what: &'static str,
    },
    /// The `git` program could not be run.
    #[error("could not run git ({0}); install git, or share the folder with Syncthing instead")]
    NoGit(String),
    /// The folder is not in a git repository.
    #[error(
        "{} is not in a git repository: run `git init` there (or clone the team's repository) \
         first",
        shown(.0)
    )]
    NotRepository(PathBuf),
    /// The repository has no branch checked out.
    #[error("the repository is not on a branch (a rebase or a detached checkout?): {0}")]
    NoBranch(String),
    /// A git command failed for a reason other than the network; nothing was lost.
    #[error("git {command} failed: {why}")]
    Git {
        /// The command, as typed.
        command: String,
        /// What git said, on one line.
        why: String,
    },
}

fn shown(path: &std::path::Path) -> String {
    crate::text::one_line(&path.display().to_string()).into_owned()
}
