//! Watching the audit folder for the other auditors' lines: a file-system watch (`notify`)
//! wakes a worker, which lets a burst of changes settle, then reads what was added through
//! the [`Tail`]. A slow poll backs the watch up, for shared drives that send no change
//! events and for a watch that could not be set.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::{Report, Reporter};
use crate::record::Tail;

/// How long a burst of changes (a git pull, a sync) is let settle before reading.
const SETTLE: Duration = Duration::from_millis(10);

/// The longest a steady stream of changes delays a read.
const SETTLE_AT_MOST: Duration = Duration::from_millis(250);

/// How often the folder is read without being woken, when the watch works.
const POLL: Duration = Duration::from_secs(3);

/// How often it is read when the watch could not be set.
const POLL_UNWATCHED: Duration = Duration::from_millis(700);

/// The watch and its worker; dropping it stops both.
pub(super) struct Watch {
    _watcher: Option<notify::RecommendedWatcher>,
    stop: mpsc::Sender<Wake>,
}

enum Wake {
    Changed,
    Stop,
}

impl Watch {
    /// Starts following the other auditors' files in `folder` (not `own`).
    pub(super) fn start(folder: PathBuf, own: PathBuf, mut tail: Tail, report: Reporter) -> Watch {
        let (wake, woken) = mpsc::channel();
        let from_watch = wake.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok_and(|e| e.paths.iter().any(|p| is_others_record(p, &own))) {
                let _ = from_watch.send(Wake::Changed);
            }
        })
        .and_then(|mut w| w.watch(&folder, RecursiveMode::NonRecursive).map(|()| w));
        let poll = match &watcher {
            Ok(_) => POLL,
            Err(e) => {
                report(Report::NotFollowing(format!(
                    "the audit folder cannot be watched ({e}); other auditors' lines are read every second instead"
                )));
                POLL_UNWATCHED
            }
        };
        let to_worker = report.clone();
        let worker = std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || follow(&mut tail, &woken, poll, &to_worker));
        if let Err(e) = worker {
            report(Report::NotFollowing(format!(
                "other auditors' lines cannot be followed ({e}); they are read when the audit is next opened"
            )));
        }
        Watch {
            _watcher: watcher.ok(),
            stop: wake,
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.stop.send(Wake::Stop);
    }
}

/// Whether a changed path is a record file of another auditor.
fn is_others_record(path: &Path, own: &Path) -> bool {
    path != own && path.extension().is_some_and(|x| x == "jsonl")
}

/// The worker: waits to be woken (or for the poll), lets the burst settle, reads, reports.
fn follow(tail: &mut Tail, woken: &mpsc::Receiver<Wake>, poll: Duration, report: &Reporter) {
    let mut failing = false;
    loop {
        match woken.recv_timeout(poll) {
            Ok(Wake::Changed) => {
                let until = Instant::now() + SETTLE_AT_MOST;
                loop {
                    let wait = SETTLE.min(until.saturating_duration_since(Instant::now()));
                    match woken.recv_timeout(wait) {
                        Ok(Wake::Changed) if !wait.is_zero() => continue,
                        Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        _ => break,
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        }
        match tail.read_new() {
            Ok(arrived) => {
                failing = false;
                if !arrived.events.is_empty() || !arrived.damaged.is_empty() {
                    report(Report::Arrived(arrived));
                }
            }
            Err(e) if !failing => {
                failing = true;
                report(Report::NotFollowing(format!(
                    "other auditors' lines cannot be read: {e}"
                )));
            }
            Err(_) => {}
        }
    }
}
