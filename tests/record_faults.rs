//! Disk full and permission denied at any write call: the append fails with a typed error,
//! the item is still in memory to retry, a retry saves it once, and nothing else is lost.

use std::cell::Cell;
use std::fs::File;
use std::io;
use std::rc::Rc;

use auditday::audit::{AuditState, DraftSaved, DraftTarget, Event};
use auditday::record::{Disk, Envelope, OsDisk, RecordError, Store};

const ENOSPC: i32 = 28;
const EACCES: i32 = 13;

/// Fails the calls numbered in `failing` (counting from 0 across all calls) with `errno`; a
/// failing write first writes half of its bytes, as a disk filling up mid-write does.
#[derive(Clone)]
struct FaultyDisk {
    calls: Rc<Cell<usize>>,
    failing: std::ops::Range<usize>,
    errno: i32,
}

impl FaultyDisk {
    fn fail(&self) -> Option<io::Error> {
        let n = self.calls.get();
        self.calls.set(n + 1);
        self.failing
            .contains(&n)
            .then(|| io::Error::from_raw_os_error(self.errno))
    }
}

impl Disk for FaultyDisk {
    fn append(&mut self, file: &File, bytes: &[u8]) -> io::Result<()> {
        match self.fail() {
            Some(e) => {
                OsDisk.append(file, &bytes[..bytes.len() / 2])?;
                Err(e)
            }
            None => OsDisk.append(file, bytes),
        }
    }

    fn set_len(&mut self, file: &File, len: u64) -> io::Result<()> {
        match self.fail() {
            Some(e) => Err(e),
            None => OsDisk.set_len(file, len),
        }
    }

    fn sync_data(&mut self, file: &File) -> io::Result<()> {
        match self.fail() {
            Some(e) => Err(e),
            None => OsDisk.sync_data(file),
        }
    }
}

fn draft(text: &str) -> Event {
    Event::DraftSaved(DraftSaved {
        of: DraftTarget::NewNote {
            sample: Some("A.5.15".into()),
            meeting: None,
        },
        field: "text".into(),
        text: text.into(),
    })
}

/// Appends `texts` the way the interface does: apply to the state only once saved, keep the
/// envelope and retry while the disk refuses. Returns the envelopes and the errors seen.
fn save_all(
    store: &mut Store<FaultyDisk>,
    state: &mut AuditState,
    texts: &[&str],
) -> (Vec<Envelope>, Vec<RecordError>) {
    let (mut saved, mut errors) = (Vec::new(), Vec::new());
    for text in texts {
        let unsaved = draft(text).stamp(store);
        while let Err(e) = store.append(&unsaved) {
            assert!(errors.len() < 50, "retries never succeed: {e}");
            errors.push(e);
        }
        state.apply(&unsaved);
        saved.push(unsaved);
    }
    (saved, errors)
}

fn reload(dir: &std::path::Path) -> (Vec<Envelope>, usize) {
    let mut events = Vec::new();
    let (_, report) = Store::open(dir, "acme-s2", "Priya Shah", |e| events.push(e)).unwrap();
    (events, report.damage().count())
}

#[test]
fn a_failure_at_any_call_is_typed_and_a_retry_saves_the_item_once() {
    let texts = ["Access reviews quarterly", "last one: March", "Q2 missing"];
    for errno in [ENOSPC, EACCES] {
        // Three appends make six calls (write, sync) when nothing fails. Failing one, two or
        // three calls in a row from each of them covers a half-written line, a failed sync,
        // a failed cut-back after either, and failures during the retry.
        for (start, len) in (0..7).flat_map(|start| (1..=3).map(move |len| (start, len))) {
            let dir = tempfile::tempdir().unwrap();
            let disk = FaultyDisk {
                calls: Rc::new(Cell::new(0)),
                failing: start..start + len,
                errno,
            };
            let (mut store, _) =
                Store::open_with(disk, dir.path(), "acme-s2", "Priya Shah", |_| {}).unwrap();
            let mut state = AuditState::default();
            let (saved, errors) = save_all(&mut store, &mut state, &texts);
            let case = format!("errno {errno}, calls {start}..{}", start + len);
            assert_eq!(errors.is_empty(), start >= 6, "{case}");
            for error in &errors {
                let message = error.to_string();
                let expected = if errno == ENOSPC {
                    "the disk is full"
                } else {
                    "permission denied"
                };
                assert!(message.starts_with("could not save to "), "{message}");
                assert!(message.ends_with(expected), "{message}");
                assert_eq!(error.is_disk_full(), errno == ENOSPC);
            }
            drop(store);
            let (events, damaged) = reload(dir.path());
            assert_eq!(damaged, 0, "{case}");
            assert_eq!(events, saved, "{case}");
            assert_eq!(AuditState::fold(&events), state);
        }
    }
}

#[test]
fn a_disk_that_stays_full_keeps_the_item_unsaved_until_space_returns() {
    let dir = tempfile::tempdir().unwrap();
    let calls = Rc::new(Cell::new(0));
    let disk = FaultyDisk {
        calls: calls.clone(),
        failing: 2..40,
        errno: ENOSPC,
    };
    let (mut store, _) =
        Store::open_with(disk, dir.path(), "acme-s2", "Priya Shah", |_| {}).unwrap();
    let mut state = AuditState::default();
    let first = draft("saved before the disk filled").stamp(&mut store);
    store.append(&first).unwrap();
    state.apply(&first);

    let unsaved = draft("typed while the disk was full").stamp(&mut store);
    for _ in 0..10 {
        assert!(store.append(&unsaved).unwrap_err().is_disk_full());
    }
    let target = DraftTarget::NewNote {
        sample: Some("A.5.15".into()),
        meeting: None,
    };
    assert_eq!(
        state.draft(&target, "text"),
        Some("saved before the disk filled")
    );
    // Meanwhile a reader sees the saved item; the half-written line the full disk would not
    // let the store cut is only ever an incomplete last line, skipped and reported.
    let mut events = Vec::new();
    let report = auditday::record::read_audit(dir.path(), "acme-s2", |e| events.push(e)).unwrap();
    assert_eq!(events, std::slice::from_ref(&first));
    assert!(report.damage().all(|d| d.torn_last_line && d.lines == [2]));

    while calls.get() < 40 {
        let _ = store.append(&unsaved);
    }
    store.append(&unsaved).unwrap();
    state.apply(&unsaved);
    assert_eq!(
        state.draft(&target, "text"),
        Some("typed while the disk was full")
    );
    drop(store);
    let (events, damaged) = reload(dir.path());
    assert_eq!((events, damaged), (vec![first, unsaved], 0));
}

#[test]
fn a_full_disk_with_a_torn_last_line_opens_with_the_damage_left_in_place_until_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), "acme-s2", "Priya Shah", |_| {}).unwrap();
    let first = draft("saved before the crash").stamp(&mut store);
    store.append(&first).unwrap();
    let path = store.path().to_owned();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"v\":1,\"id\":\"01");
    std::fs::write(&path, &bytes).unwrap();

    let calls = Rc::new(Cell::new(0));
    let disk = FaultyDisk {
        calls: calls.clone(),
        failing: 0..6,
        errno: ENOSPC,
    };
    let mut loaded = Vec::new();
    let (mut store, report) = Store::open_with(disk, dir.path(), "acme-s2", "Priya Shah", |e| {
        loaded.push(e)
    })
    .unwrap();
    assert_eq!(loaded, std::slice::from_ref(&first));
    assert_eq!(
        report.notices(),
        [format!(
            "{}: 1 damaged line (line 2, cut short by an interrupted write) left in place: they \
             could not be moved aside (the disk is full); new items are kept on screen, not \
             saved, until they can be; the other 1 line loaded.",
            path.display()
        )]
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing was changed");
    let second = draft("typed while the disk was full").stamp(&mut store);
    while calls.get() < 6 {
        assert!(store.append(&second).unwrap_err().is_disk_full());
    }
    store.append(&second).unwrap();
    drop(store);
    let (events, damaged) = reload(dir.path());
    assert_eq!(events, [first, second]);
    assert_eq!(damaged, 0);
}
