//! Watching the audit folder for the other auditors' lines: a file-system watch (`notify`)
//! wakes a worker, which lets a burst of changes settle, then reads what was added through
//! the [`Tail`]. A slow poll backs the watch up, for shared drives that send no change
//! events and for a watch that could not be set.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::{Report, Reporter};
use crate::record::{Arrived, Tail};
use crate::team::{LastSync, last_sync};

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
    /// Starts following the other auditors' files in `folder` (not `own`) and, in a team's
    /// audit folder `team`, its syncs.
    pub(super) fn start(
        folder: PathBuf,
        team: Option<PathBuf>,
        own: PathBuf,
        mut tail: Tail,
        report: Reporter,
    ) -> Watch {
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
            .spawn(move || {
                let mut syncs = Syncs { team, told: None };
                follow(&mut tail, &mut syncs, &woken, poll, &to_worker)
            });
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

/// How many events one report carries at most, so that a whole day's file arriving at once is
/// taken in a part at a time between frames.
const PART: usize = 500;

/// `arrived` split into reports of at most [`PART`] events, the damage, the lines withheld and
/// the seals with the first; none when nothing arrived.
fn in_parts(arrived: Arrived) -> Vec<Arrived> {
    let Arrived {
        mut events,
        damaged,
        withheld,
        seals,
    } = arrived;
    let mut parts = Vec::new();
    let mut told = Some((damaged, withheld, seals))
        .filter(|(d, w, s)| !d.is_empty() || !w.is_empty() || !s.is_empty());
    while !events.is_empty() || told.is_some() {
        let rest = events.split_off(events.len().min(PART));
        let (damaged, withheld, seals) = told.take().unwrap_or_default();
        parts.push(Arrived {
            events,
            damaged,
            withheld,
            seals,
        });
        events = rest;
    }
    parts
}

/// Whether a changed path is a record file of another auditor.
fn is_others_record(path: &Path, own: &Path) -> bool {
    path != own && path.extension().is_some_and(|x| x == "jsonl")
}

/// A team's audit folder's last sync, reported when it changes.
struct Syncs {
    /// The audit folder, for a team's audit.
    team: Option<PathBuf>,
    /// The sync last reported.
    told: Option<LastSync>,
}

impl Syncs {
    fn read(&mut self, report: &Reporter) {
        let Some(root) = &self.team else { return };
        if let Some(last) = last_sync(root)
            && self.told.as_ref() != Some(&last)
        {
            self.told = Some(last.clone());
            report(Report::Synced(last));
        }
    }
}

/// The worker: waits to be woken (or for the poll), lets the burst settle, reads, reports.
fn follow(
    tail: &mut Tail,
    syncs: &mut Syncs,
    woken: &mpsc::Receiver<Wake>,
    poll: Duration,
    report: &Reporter,
) {
    let mut failing = false;
    syncs.read(report);
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
        syncs.read(report);
        match tail.read_new() {
            Ok(arrived) => {
                failing = false;
                for part in in_parts(arrived) {
                    report(Report::Arrived(part));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Envelope, FORMAT_VERSION, RawJson};

    #[test]
    fn a_large_arrival_is_handed_over_in_parts_with_the_damage_once() {
        let event = |n: u64| Envelope {
            version: FORMAT_VERSION,
            id: ulid::Ulid::from_parts(n, 0),
            at: chrono::DateTime::from_timestamp_millis(0).unwrap(),
            auditor: "Sam".into(),
            kind: "note_written".into(),
            data: RawJson::new("{}").unwrap(),
            extra: Vec::new(),
        };
        assert!(in_parts(Arrived::default()).is_empty());
        let parts = in_parts(Arrived {
            events: (0..1_200).map(event).collect(),
            damaged: vec![("sam.jsonl".into(), 7)],
            withheld: Vec::new(),
            seals: Vec::new(),
        });
        let sizes: Vec<(usize, usize)> = parts
            .iter()
            .map(|p| (p.events.len(), p.damaged.len()))
            .collect();
        assert_eq!(sizes, [(500, 1), (500, 0), (200, 0)]);
        assert_eq!(parts[2].events[199], event(1_199));
        let only_damage = in_parts(Arrived {
            events: Vec::new(),
            damaged: vec![("sam.jsonl".into(), 3)],
            withheld: Vec::new(),
            seals: Vec::new(),
        });
        assert_eq!(only_damage.len(), 1);
    }
}
