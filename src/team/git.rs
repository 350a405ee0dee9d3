//! `auditday team sync`: this auditor's record committed, the others' pulled (rebase) and
//! this one pushed, through the `git` program, so that the auditor's own git configuration
//! and credentials apply. Nothing but this auditor's record files is committed; with no
//! remote or no network the commit stays local and the day goes on.

use std::fmt;
use std::path::Path;
use std::process::{Command, Output};

use chrono::Utc;

use super::TeamError;
use super::synced::{LastSync, keep};
use crate::record::{TEAM_RECORDS, auditor_stem, is_auditors_file};
use crate::text::one_line;

/// How many times a push refused because another clone pushed first is tried again.
const PUSH_TRIES: usize = 4;

/// What a sync did, said in words by its `Display`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// The record files committed (names in `records`), empty when nothing was new.
    pub committed: Vec<String>,
    /// Lines those files gained in the commit.
    pub lines: usize,
    /// The remote and branch exchanged with, when there is a remote.
    pub remote: Option<String>,
    /// The record files that arrived from the others, by name.
    pub received: Vec<String>,
    /// Whether this clone's commits were pushed.
    pub pushed: bool,
    /// Why the remote could not be reached (no network, refused), when it could not.
    pub offline: Option<String>,
    /// Why this sync could not be noted for the open interface's team panel, when it could not.
    pub unnoted: Option<String>,
}

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.committed.is_empty() {
            writeln!(f, "Nothing new in your record to commit.")?;
        } else {
            writeln!(
                f,
                "Committed {} new line{} of your record ({}).",
                self.lines,
                if self.lines == 1 { "" } else { "s" },
                one_line(&self.committed.join(", "))
            )?;
        }
        let Some(remote) = &self.remote else {
            return writeln!(
                f,
                "This repository has no remote: your record is committed here only. Add the \
                 team's with `git remote add origin URL`; until then keep working offline."
            );
        };
        let remote = one_line(remote);
        if let Some(why) = &self.offline {
            return writeln!(
                f,
                "Could not reach {remote} ({}): your record is committed here and goes with \
                 the next sync; keep working offline.",
                one_line(why)
            );
        }
        if self.received.is_empty() {
            writeln!(f, "Nothing new from the others on {remote}.")?;
        } else {
            writeln!(
                f,
                "Received from {remote}: {}.",
                one_line(&self.received.join(", "))
            )?;
        }
        if self.pushed {
            writeln!(f, "Pushed to {remote}: the team has your record.")?;
        } else {
            writeln!(f, "{remote} already had everything of yours.")?;
        }
        match &self.unnoted {
            Some(why) => writeln!(
                f,
                "The team panel cannot show this sync ({}); the records are exchanged all \
                 the same.",
                one_line(why)
            ),
            None => Ok(()),
        }
    }
}

/// Commits `auditor`'s record files in the team's audit folder `root`, pulls with rebase
/// from the repository's remote and pushes. Refused in words outside a git repository or off
/// a branch; a rebase that fails is undone, leaving the folder as it was after the commit.
pub fn sync(root: &Path, auditor: &str) -> Result<SyncReport, TeamError> {
    let (git, mut report) = exchange(root, auditor)?;
    if report.remote.is_some() {
        let last = LastSync {
            at: Utc::now(),
            received: report.received.clone(),
            offline: report.offline.is_some(),
        };
        let kept = git
            .ok(&["rev-parse", "--absolute-git-dir"])
            .map_err(|e| e.to_string())
            .and_then(|dir| keep(Path::new(&dir), &last).map_err(|e| e.to_string()));
        report.unnoted = kept.err();
    }
    Ok(report)
}

/// The sync itself: the commit, the pull and the push, with the git it ran.
fn exchange<'a>(root: &'a Path, auditor: &str) -> Result<(Git<'a>, SyncReport), TeamError> {
    let mut git = Git {
        root,
        identity: Vec::new(),
    };
    let head = git.run(&["symbolic-ref", "--short", "-q", "HEAD"])?;
    if String::from_utf8_lossy(&head.stderr).contains("not a git repository") {
        return Err(TeamError::NotRepository(root.to_owned()));
    }
    let branch = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    if !head.status.success() || branch.is_empty() {
        return Err(TeamError::NoBranch(
            "git symbolic-ref HEAD names none".into(),
        ));
    }
    git.identity = identity(&git, auditor);
    let mut report = SyncReport::default();
    commit_own(&git, root, auditor, &mut report)?;
    let remotes = git.ok(&["remote"])?;
    let remote = match remotes.lines().find(|r| *r == "origin") {
        Some(origin) => origin.to_owned(),
        None => match remotes.lines().next() {
            Some(first) => first.to_owned(),
            None => return Ok((git, report)),
        },
    };
    report.remote = Some(format!("{remote}/{branch}"));
    let before = git.ok(&["rev-parse", "HEAD"])?;
    for _ in 0..PUSH_TRIES {
        let pulled = git.run(&["pull", "--rebase", "--autostash", &remote, &branch])?;
        if !pulled.status.success() && !no_branch_yet(&pulled) {
            if rebasing(&git)? {
                git.run(&["rebase", "--abort"])?;
            }
            if unreachable(&pulled) {
                report.offline = Some(last_line(&pulled));
                return Ok((git, report));
            }
            return Err(failed("pull --rebase", &pulled));
        }
        let pushed = git.run(&["push", &remote, &format!("HEAD:refs/heads/{branch}")])?;
        if pushed.status.success() {
            report.pushed =
                !String::from_utf8_lossy(&pushed.stderr).contains("Everything up-to-date");
            let after = git.ok(&["rev-parse", "HEAD"])?;
            report.received = changed_by_others(&git, &before, &after, auditor)?;
            return Ok((git, report));
        }
        if unreachable(&pushed) {
            report.offline = Some(last_line(&pushed));
            return Ok((git, report));
        }
        if !rejected(&pushed) {
            return Err(failed("push", &pushed));
        }
    }
    Err(TeamError::Git {
        command: "push".into(),
        why: format!("others kept pushing first; {PUSH_TRIES} tries made, run the sync again"),
    })
}

/// Stages and commits this auditor's record files (the file and any sync engine's copies of
/// it) and nothing else, with the repository's identity or, lacking one, the auditor's name.
fn commit_own(
    git: &Git,
    root: &Path,
    auditor: &str,
    report: &mut SyncReport,
) -> Result<(), TeamError> {
    let stem = auditor_stem(auditor);
    let records = root.join(TEAM_RECORDS);
    let mut own: Vec<String> = std::fs::read_dir(&records)
        .map_err(|e| crate::record::RecordError::io("list", &records, e))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".jsonl") && is_auditors_file(name, &stem))
        .collect();
    own.sort();
    if own.is_empty() {
        return Ok(());
    }
    let paths: Vec<String> = own.iter().map(|n| format!("{TEAM_RECORDS}/{n}")).collect();
    let mut add = vec!["add", "--"];
    add.extend(paths.iter().map(String::as_str));
    git.ok(&add)?;
    let mut numstat = vec!["diff", "--cached", "--numstat", "--"];
    numstat.extend(paths.iter().map(String::as_str));
    let stat = git.ok(&numstat)?;
    if stat.is_empty() {
        return Ok(());
    }
    report.lines = stat
        .lines()
        .filter_map(|l| l.split('\t').next()?.parse::<usize>().ok())
        .sum();
    let message = format!("auditday: {}'s record", one_line(auditor));
    let mut commit = vec!["commit", "--no-verify", "-q", "-m", &message, "--"];
    commit.extend(paths.iter().map(String::as_str));
    git.ok(&commit)?;
    report.committed = own;
    Ok(())
}

/// The repository's identity for commits (and rebased commits), or where it has none the
/// auditor's name, so that an auditor who never set git up can still sync.
fn identity(git: &Git, auditor: &str) -> Vec<String> {
    let set = git
        .ok(&["config", "--get-regexp", r"^user\.(name|email)$"])
        .unwrap_or_default();
    let mut identity = Vec::new();
    if !set.lines().any(|l| l.starts_with("user.name ")) {
        identity.extend(["-c".to_owned(), format!("user.name={auditor}")]);
    }
    if !set.lines().any(|l| l.starts_with("user.email ")) {
        identity.extend([
            "-c".to_owned(),
            format!("user.email={}@auditday.invalid", auditor_stem(auditor)),
        ]);
    }
    identity
}

/// The record files the pull changed that are not this auditor's.
fn changed_by_others(
    git: &Git,
    before: &str,
    after: &str,
    auditor: &str,
) -> Result<Vec<String>, TeamError> {
    if before == after {
        return Ok(Vec::new());
    }
    let stem = auditor_stem(auditor);
    let changed = git.ok(&["diff", "--name-only", before, after, "--", TEAM_RECORDS])?;
    Ok(changed
        .lines()
        .filter_map(|path| path.rsplit('/').next())
        .filter(|name| !is_auditors_file(name, &stem))
        .map(str::to_owned)
        .collect())
}

/// Whether a rebase was left under way.
fn rebasing(git: &Git) -> Result<bool, TeamError> {
    let dir = git.ok(&["rev-parse", "--git-dir"])?;
    let dir = git.root.join(dir);
    Ok(dir.join("rebase-merge").exists() || dir.join("rebase-apply").exists())
}

/// Whether git failed to reach the remote at all (no network, no such host or path, refused
/// credentials), as opposed to a refusal of the push itself.
fn unreachable(output: &Output) -> bool {
    let said = String::from_utf8_lossy(&output.stderr);
    [
        "Could not resolve host",
        "unable to access",
        "Could not read from remote repository",
        "does not appear to be a git repository",
        "Connection refused",
        "Connection timed out",
        "Network is unreachable",
        "Authentication failed",
    ]
    .iter()
    .any(|sign| said.contains(sign))
}

/// Whether a pull found no such branch on the remote: the first sync of a new repository.
fn no_branch_yet(output: &Output) -> bool {
    String::from_utf8_lossy(&output.stderr).contains("couldn't find remote ref")
}

/// Whether a push was refused because the remote has commits this clone lacks.
fn rejected(output: &Output) -> bool {
    let said = String::from_utf8_lossy(&output.stderr);
    said.contains("[rejected]") || said.contains("fetch first") || said.contains("non-fast-forward")
}

fn last_line(output: &Output) -> String {
    let said = String::from_utf8_lossy(&output.stderr);
    said.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no answer")
        .trim()
        .trim_start_matches("fatal: ")
        .to_owned()
}

fn failed(command: &str, output: &Output) -> TeamError {
    TeamError::Git {
        command: command.to_owned(),
        why: last_line(output),
    }
}

/// The `git` program run in the audit folder, never waiting on a prompt, in English so that
/// its answers can be read.
struct Git<'a> {
    root: &'a Path,
    /// `-c user.name=…` and `-c user.email=…` where the repository has none.
    identity: Vec<String>,
}

impl Git<'_> {
    fn run(&self, args: &[&str]) -> Result<Output, TeamError> {
        Command::new("git")
            .arg("-C")
            .arg(self.root)
            .args(&self.identity)
            .args(args)
            .env("LC_ALL", "C")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .env("GIT_SSH_COMMAND", ssh_command())
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| TeamError::NoGit(e.to_string()))
    }

    /// Runs a command that must succeed; its standard output, trimmed.
    fn ok(&self, args: &[&str]) -> Result<String, TeamError> {
        let output = self.run(args)?;
        if !output.status.success() {
            return Err(failed(&args.join(" "), &output));
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }
}

/// ssh as the auditor set it up, but never asking for a password on a terminal nobody
/// watches.
fn ssh_command() -> String {
    let ssh = std::env::var("GIT_SSH_COMMAND").unwrap_or_else(|_| "ssh".into());
    format!("{ssh} -o BatchMode=yes")
}
