//! One auditor's session on one audit, under the interface and the command line alike: it
//! owns the record open for appending, the items recorded but not yet on the disk, and the
//! workers that must never run on a key press (fingerprinting evidence files, reading the
//! other auditors' new lines, writing the reports to hand over). Workers report back through the [`Reporter`] the session was
//! opened with; nothing here draws or knows of the terminal.

mod fingerprint;
mod reports;
mod watch;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use ulid::Ulid;

pub use fingerprint::Fingerprint;
pub use reports::{ReportRequest, Written};

use crate::audit::{AuditState, Event};
use crate::catalogue::Catalogue;
use crate::plan::Plan;
use crate::record::{
    Arrived, Disk, Envelope, Folder, Home, LoadReport, OsDisk, RecordError, Store, Tail,
};
use crate::report::Templates;
use crate::team::LastSync;

/// What a worker of the session found, sent to whoever opened it.
#[derive(Debug, PartialEq)]
pub enum Report {
    /// An evidence file's fingerprint was taken (or could not be).
    Fingerprinted {
        /// The evidence item.
        evidence: Ulid,
        /// The file, as the item names it.
        path: String,
        /// What was found.
        outcome: Fingerprint,
    },
    /// Other auditors' files gained lines.
    Arrived(Arrived),
    /// The other auditors' files could not be read or watched, in words.
    NotFollowing(String),
    /// This clone of a team's audit folder was synced (`auditday team sync`): what it brought.
    Synced(LastSync),
    /// The reports asked for were written (or could not be), file by file.
    ReportsWritten(Vec<Written>),
}

/// Where the workers' reports go: typically a channel's sender, wrapped.
pub type Reporter = Arc<dyn Fn(Report) + Send + Sync>;

/// What writing the waiting items did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saving {
    /// Everything waiting is on the disk; these items were written, the last at `at`.
    Saved {
        /// Items written by this flush.
        ids: Vec<Ulid>,
        /// When the last one was synced.
        at: DateTime<Utc>,
        /// This auditor's file's seal after the save (the SHA-256 of its last line, in hex).
        seal: Option<String>,
    },
    /// An item could not be written; it and those after it still wait.
    NotSaved {
        /// Items written before the failure.
        ids: Vec<Ulid>,
        /// Why, in a few words: "the disk is full".
        reason: String,
        /// The whole message, with the file concerned.
        detail: String,
    },
}

/// The record as it stood when the session opened.
pub struct Opened {
    /// Every auditor's events folded.
    pub state: AuditState,
    /// When the last event was recorded, if any.
    pub last_recorded: Option<DateTime<Utc>>,
    /// What loading found: each file, and any damage.
    pub load: LoadReport,
}

/// The items recorded and not yet on the disk, oldest first; shared so that a panic can
/// still print them.
pub type Pending = Arc<Mutex<Vec<Envelope>>>;

/// One auditor's session on one audit.
pub struct Session<D: Disk = OsDisk> {
    store: Store<D>,
    pending: Pending,
    report: Reporter,
    fingerprints: BTreeMap<Ulid, Arc<AtomicBool>>,
    watching: Option<watch::Watch>,
    home: Home,
}

impl<D: Disk> Session<D> {
    /// Opens `auditor`'s record of `audit_id` in `home` (writing through `disk`) and
    /// folds every auditor's events of the audit.
    pub fn open(
        disk: D,
        home: impl Into<Home>,
        audit_id: &str,
        auditor: &str,
        report: Reporter,
    ) -> Result<(Session<D>, Opened), RecordError> {
        type Loaded = (AuditState, Option<DateTime<Utc>>);
        let home = home.into();
        let (store, (state, last_recorded), load) = Store::open_folding(
            disk,
            &home,
            audit_id,
            auditor,
            |(state, last): &mut Loaded, e| {
                *last = (*last).max(Some(e.at));
                state.apply(&e);
            },
            |(state, last): &mut Loaded, (other, other_last)| {
                state.merge(other);
                *last = (*last).max(other_last);
            },
        )?;
        let session = Session {
            store,
            pending: Pending::default(),
            report,
            fingerprints: BTreeMap::new(),
            watching: None,
            home,
        };
        Ok((
            session,
            Opened {
                state,
                last_recorded,
                load,
            },
        ))
    }

    /// The record file this session appends to.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Stamps `event` as this auditor's, now, and queues it for writing; nothing is written
    /// until [`Session::flush`]. A waiting draft of the same field is dropped for the newer
    /// one, so a full disk does not make the queue grow with typing.
    pub fn record(&mut self, event: &Event) -> Envelope {
        let envelope = event.stamp(&mut self.store);
        let mut pending = lock(&self.pending);
        if let Event::DraftSaved(new) = event {
            pending.retain(|e| {
                !matches!(
                    Event::decode(&e.kind, &e.data),
                    Ok(Event::DraftSaved(old)) if old.of == new.of && old.field == new.field
                )
            });
        }
        pending.push(envelope.clone());
        envelope
    }

    /// Writes the waiting items in order, each synced to the disk, stopping at the first that
    /// cannot be written. Lines another writer had added to this auditor's file meanwhile are
    /// reported as [`Report::Arrived`].
    pub fn flush(&mut self) -> Saving {
        let saving = self.write_pending();
        let arrived = self.store.take_arrived();
        if arrived != Arrived::default() {
            (self.report)(Report::Arrived(arrived));
        }
        saving
    }

    fn write_pending(&mut self) -> Saving {
        let mut pending = lock(&self.pending);
        let mut ids = Vec::new();
        while let Some(envelope) = pending.first() {
            if let Err(e) = self.store.append(envelope) {
                return Saving::NotSaved {
                    ids,
                    reason: e.cause(),
                    detail: e.to_string(),
                };
            }
            ids.push(envelope.id);
            pending.remove(0);
        }
        Saving::Saved {
            ids,
            at: Utc::now(),
            seal: self.store.seal(),
        }
    }

    /// The file name of this auditor's record in the audit folder.
    fn own_name(&self) -> String {
        self.store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Where the interface keeps its position beside the record (not evidence): the opened
    /// folder and the file's name, for a worker that writes it.
    pub fn position_file(&self) -> (Arc<Folder>, String) {
        let name = self.own_name();
        let stem = name.strip_suffix(".jsonl").unwrap_or(&name);
        (self.store.folder_handle(), format!("{stem}.position.json"))
    }

    /// The items still waiting to be written, oldest first.
    pub fn pending(&self) -> Vec<Envelope> {
        lock(&self.pending).clone()
    }

    /// The waiting items, shared: for a panic hook that must tell what was not saved.
    pub fn pending_handle(&self) -> Pending {
        self.pending.clone()
    }

    /// Fingerprints the file of evidence item `evidence` on a worker; the result is reported
    /// as [`Report::Fingerprinted`]. A fingerprint of the same item in progress is cancelled.
    pub fn fingerprint(&mut self, evidence: Ulid, path: String) {
        self.cancel_fingerprint(evidence);
        let cancel = fingerprint::cancel_flag();
        self.fingerprints.insert(evidence, cancel.clone());
        let report = self.report.clone();
        let spawned = std::thread::Builder::new()
            .name("fingerprint".into())
            .spawn(move || {
                let outcome = fingerprint::take(Path::new(&path), &cancel);
                report(Report::Fingerprinted {
                    evidence,
                    path,
                    outcome,
                });
            });
        if let Err(e) = spawned {
            (self.report)(Report::Fingerprinted {
                evidence,
                path: String::new(),
                outcome: Fingerprint::Unreadable(format!("could not be started ({e})")),
            });
        }
    }

    /// Stops fingerprinting the file of `evidence`, if that is under way.
    pub fn cancel_fingerprint(&mut self, evidence: Ulid) {
        if let Some(cancel) = self.fingerprints.remove(&evidence) {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Writes the reports `request` asks for on a worker, from `plan` and the record as it is
    /// on the disk (items still waiting are not in them); the files are reported as
    /// [`Report::ReportsWritten`].
    pub fn write_reports(&self, plan: Plan, catalogue: Catalogue, request: ReportRequest) {
        let home = self.home.clone();
        let audit = self.store.folder_handle();
        let report = self.report.clone();
        let failed = request.clone();
        let spawned = std::thread::Builder::new()
            .name("report".into())
            .spawn(move || {
                // The auditor's template folder, read here, off the key path.
                let templates = Templates::user(None).map_err(|e| e.to_string());
                let written = reports::write(&home, &audit, &plan, &catalogue, templates, &request);
                report(Report::ReportsWritten(written));
            });
        if let Err(e) = spawned {
            let folder = self.store.folder().join(reports::REPORTS_FOLDER);
            (self.report)(Report::ReportsWritten(
                failed
                    .files
                    .into_iter()
                    .map(|(format, name)| Written {
                        format,
                        path: folder.join(name),
                        outcome: Err(format!("the writer could not be started ({e})")),
                    })
                    .collect(),
            ));
        }
    }

    /// Starts following the other auditors' files from where `load` left them: their new
    /// lines are reported as [`Report::Arrived`] within moments of reaching the folder.
    pub fn follow_others(&mut self, load: &LoadReport) {
        let folder = self.store.folder().to_owned();
        let own = self.own_name();
        let tail = Tail::after(self.store.folder_handle(), &own, load);
        let team = match &self.home {
            Home::Team(root) => Some(root.clone()),
            Home::Data(_) => None,
        };
        self.watching = Some(watch::Watch::start(
            folder,
            team,
            self.store.path().to_owned(),
            tail,
            self.report.clone(),
        ));
    }
}

impl<D: Disk> Drop for Session<D> {
    fn drop(&mut self) {
        for cancel in self.fingerprints.values() {
            cancel.store(true, Ordering::Relaxed);
        }
        self.watching = None;
    }
}

/// The waiting items, whatever a panicking thread left the lock in: they are plain data.
fn lock(pending: &Pending) -> std::sync::MutexGuard<'_, Vec<Envelope>> {
    pending.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;
    use crate::audit::{DraftSaved, DraftTarget, Note};

    fn reporter() -> (Reporter, mpsc::Receiver<Report>) {
        let (tx, rx) = mpsc::channel();
        let report: Reporter = Arc::new(move |r| {
            let _ = tx.send(r);
        });
        (report, rx)
    }

    fn draft(text: &str) -> Event {
        Event::DraftSaved(DraftSaved {
            of: DraftTarget::NewNote {
                sample: Some("A.8.15".into()),
                meeting: None,
            },
            field: "text".into(),
            text: text.into(),
        })
    }

    #[test]
    fn recorded_items_wait_until_flushed_and_a_newer_draft_replaces_a_waiting_one() {
        let dir = tempfile::tempdir().unwrap();
        let (report, _rx) = reporter();
        let (mut session, opened) =
            Session::open(OsDisk, dir.path(), "a1", "Priya Shah", report).unwrap();
        assert_eq!(opened.state, AuditState::default());
        session.record(&draft("Logs are"));
        let second = session.record(&draft("Logs are kept"));
        let note = session.record(&Event::NoteWritten(Note {
            sample: Some("A.8.15".into()),
            meeting: None,
            text: "Logs are kept 90 days".into(),
        }));
        let waiting: Vec<Ulid> = session.pending().iter().map(|e| e.id).collect();
        assert_eq!(waiting, vec![second.id, note.id]);
        let on_disk = std::fs::read_to_string(session.path()).unwrap();
        assert!(on_disk.is_empty(), "nothing is written before the flush");
        match session.flush() {
            Saving::Saved { ids, .. } => assert_eq!(ids, waiting),
            other => panic!("{other:?}"),
        }
        assert!(session.pending().is_empty());
        let on_disk = std::fs::read_to_string(session.path()).unwrap();
        assert_eq!(on_disk.lines().count(), 2);
        assert!(on_disk.contains("Logs are kept 90 days"));
    }

    #[test]
    fn another_auditors_new_line_is_reported_without_being_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let (report, rx) = reporter();
        let (mut session, opened) =
            Session::open(OsDisk, dir.path(), "a1", "Priya Shah", report).unwrap();
        session.follow_others(&opened.load);
        let (sam_report, _sam_rx) = reporter();
        let (mut sam, _) =
            Session::open(OsDisk, dir.path(), "a1", "Sam Okafor", sam_report).unwrap();
        let note = sam.record(&Event::NoteWritten(Note {
            sample: None,
            meeting: None,
            text: "Visitor log not kept at reception".into(),
        }));
        assert!(matches!(sam.flush(), Saving::Saved { .. }));
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(Report::Arrived(arrived)) if !arrived.events.is_empty() => {
                    assert_eq!(arrived.events, vec![note]);
                    break;
                }
                Ok(_) => continue,
                Err(e) => panic!("Sam's note never arrived: {e}"),
            }
        }
    }

    #[test]
    fn a_fingerprint_is_reported_from_its_worker() {
        let dir = tempfile::tempdir().unwrap();
        let (report, rx) = reporter();
        let (mut session, _) =
            Session::open(OsDisk, dir.path(), "a1", "Priya Shah", report).unwrap();
        let evidence = Ulid::from_parts(1, 1);
        session.fingerprint(evidence, "/dev/zero".into());
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(10)).unwrap(),
            Report::Fingerprinted {
                evidence,
                path: "/dev/zero".into(),
                outcome: Fingerprint::Unreadable(
                    "is not a regular file (a device, a pipe or a socket)".into()
                ),
            }
        );
    }
}
