//! The record defends itself: a link planted in the folder never makes auditday touch a file
//! elsewhere, folders others could change are refused, another writer's lines are taken in and
//! never overwritten, a record replaced by rename or re-saved with Windows line endings keeps
//! working, pipes and devices are refused without a hang, and deletions, forged authors and
//! conflicting ids are reported.
//!
//! No test here starts another program: a child process holds a copy of every open file until
//! it starts, and with it the lock of a record another test is about to open again.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use auditday::audit::{Event, Note};
use auditday::record::{self, Envelope, LoadReport, RecordError, Store};

const AUDIT: &str = "acme-s2";
const PRIYA: &str = "Priya Shah";

fn note(text: &str) -> Event {
    Event::NoteWritten(Note {
        sample: Some("A.8.15".into()),
        meeting: None,
        text: text.into(),
    })
}

fn open(dir: &Path, auditor: &str) -> Result<(Store, LoadReport, Vec<Envelope>), RecordError> {
    let mut events = Vec::new();
    let (store, report) = Store::open(dir, AUDIT, auditor, |e| events.push(e))?;
    Ok((store, report, events))
}

fn folder(dir: &Path) -> PathBuf {
    dir.join("audits").join(AUDIT)
}

fn file_of(dir: &Path, auditor: &str) -> PathBuf {
    folder(dir).join(format!("{}.jsonl", record::auditor_stem(auditor)))
}

/// Priya's record with `n` notes, closed; returns the notes.
fn record_with(dir: &Path, n: usize) -> Vec<Envelope> {
    let (mut store, _, _) = open(dir, PRIYA).unwrap();
    (0..n)
        .map(|i| {
            let e = note(&format!("note {i}")).stamp(&mut store);
            store.append(&e).unwrap();
            e
        })
        .collect()
}

fn texts(events: &[Envelope]) -> Vec<String> {
    let mut texts: Vec<String> = events
        .iter()
        .map(|e| {
            let v: serde_json::Value = serde_json::from_str(e.data.get()).unwrap();
            v["text"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    texts.sort();
    texts
}

/// A file outside the record folder that must never change.
fn victim(dir: &Path) -> PathBuf {
    let path = dir.join("report.docx");
    fs::write(&path, "the client's report").unwrap();
    path
}

fn assert_untouched(victim: &Path) {
    assert_eq!(fs::read_to_string(victim).unwrap(), "the client's report");
}

#[test]
fn a_link_at_the_record_name_is_refused_in_words_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    record_with(&data, 1);
    let victim = victim(dir.path());
    let own = file_of(&data, PRIYA);
    fs::remove_file(&own).unwrap();
    symlink(&victim, &own).unwrap();
    let Err(e) = open(&data, PRIYA) else {
        panic!("a linked record was opened")
    };
    assert_eq!(
        e.to_string(),
        format!(
            "auditday will not use {}: it is a symbolic link, which auditday does not follow",
            own.display()
        )
    );
    assert_untouched(&victim);
}

#[test]
fn links_at_every_other_name_of_the_folder_are_neither_followed_nor_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    record_with(&data, 3);
    let victim = victim(dir.path());
    let own = file_of(&data, PRIYA);
    let stem = own.file_stem().unwrap().to_string_lossy().into_owned();
    // The names earlier versions used for the lock and the temporary files, a quarantine
    // name of this second and the next, and another auditor's record.
    let now = chrono::Utc::now();
    let mut planted = vec![
        format!("{stem}.lock"),
        format!("{stem}.jsonl.rewrite"),
        format!("{stem}.position.json.new"),
        format!("{stem}.position.json"),
        format!("{}.jsonl", record::auditor_stem("Tom Whitfield")),
    ];
    for t in [now, now + chrono::Duration::seconds(1)] {
        planted.push(format!(
            "{stem}.jsonl.damaged-{}",
            t.format("%Y%m%dT%H%M%SZ")
        ));
    }
    for name in &planted {
        symlink(&victim, folder(&data).join(name)).unwrap();
    }
    // A damaged middle line makes the store quarantine and rewrite.
    let mut bytes = fs::read(&own).unwrap();
    let second = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.splice(second..second, b"garbage\n".iter().copied());
    fs::write(&own, bytes).unwrap();

    let (mut store, report, events) = open(&data, PRIYA).unwrap();
    assert_eq!(events.len(), 3);
    assert!(report.damage().next().unwrap().moved_to.is_some());
    let tom = folder(&data).join(&planted[4]);
    assert!(
        report.notices().contains(&format!(
            "{}: not read: it is a symbolic link, which auditday does not follow.",
            tom.display()
        )),
        "{:?}",
        report.notices()
    );
    let after = note("after").stamp(&mut store);
    store.append(&after).unwrap();
    let (handle, name) = (store.folder_handle(), format!("{stem}.position.json"));
    record::replace_file(&mut record::OsDisk, &handle, &name, b"{}").unwrap();
    drop(store);
    assert_untouched(&victim);
    assert_eq!(
        fs::read(folder(&data).join(&name)).unwrap(),
        b"{}",
        "the link was replaced, not written through"
    );
    let (_, report, events) = open(&data, PRIYA).unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(report.damage().count(), 0);
}

#[test]
fn a_linked_audit_folder_and_folders_others_may_change_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    record_with(&data, 1);
    let elsewhere = dir.path().join("elsewhere");
    fs::rename(folder(&data), &elsewhere).unwrap();
    symlink(&elsewhere, folder(&data)).unwrap();
    let e = open(&data, PRIYA).expect_err("refused");
    assert_eq!(
        e.to_string(),
        format!(
            "could not open {}: it is a symbolic link",
            folder(&data).display()
        )
    );
    fs::remove_file(folder(&data)).unwrap();
    fs::rename(&elsewhere, folder(&data)).unwrap();

    fs::set_permissions(&data, fs::Permissions::from_mode(0o777)).unwrap();
    let e = open(&data, PRIYA).expect_err("refused");
    assert_eq!(
        e.to_string(),
        format!(
            "auditday keeps audit records only in folders that are yours alone, and {} is not: \
             other users may change it (permissions 777); make it yours alone with `chmod go-w`",
            data.display()
        )
    );
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(folder(&data), fs::Permissions::from_mode(0o770)).unwrap();
    assert!(matches!(
        open(&data, PRIYA),
        Err(RecordError::NotPrivate { .. })
    ));
}

/// Running as root (as CI does), a file or folder can be given to another user.
fn as_root() -> bool {
    rustix::process::geteuid().is_root()
}

fn mkfifo(path: &Path) {
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        path,
        rustix::fs::Mode::from_bits_truncate(0o600),
    )
    .unwrap();
}

#[test]
fn a_damaged_record_of_another_user_is_neither_taken_over_nor_repaired() {
    if !as_root() {
        println!("skipped: only root can give a file to another user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    record_with(&data, 2);
    let own = file_of(&data, PRIYA);
    let mut bytes = fs::read(&own).unwrap();
    bytes.extend_from_slice(b"{\"torn");
    fs::write(&own, &bytes).unwrap();
    std::os::unix::fs::chown(&own, Some(65534), Some(65534)).unwrap();
    let e = open(&data, PRIYA).expect_err("refused");
    assert!(
        e.to_string()
            .ends_with("it belongs to another user; auditday writes only to files you own"),
        "{e}"
    );
    assert_eq!(fs::read(&own).unwrap(), bytes);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(fs::metadata(&own).unwrap().uid(), 65534);
    let names: Vec<_> = fs::read_dir(folder(&data)).unwrap().collect();
    assert_eq!(names.len(), 1, "no quarantine file");

    std::os::unix::fs::chown(&own, Some(0), Some(0)).unwrap();
    std::os::unix::fs::chown(&data, Some(65534), None).unwrap();
    assert!(matches!(
        open(&data, PRIYA),
        Err(RecordError::NotPrivate { .. })
    ));
}

#[test]
fn two_writers_on_one_record_lose_nothing_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (mut first, _, _) = open(&data, PRIYA).unwrap();
    let a = note("first writer").stamp(&mut first);
    first.append(&a).unwrap();
    // Another writer that holds no lock (a second program, a shared drive without locks)
    // appends two lines of Priya's, the second cut short by its crash.
    let other: Vec<Envelope> = (0..2)
        .map(|i| {
            let mut e = note(&format!("other writer {i}")).stamp(&mut first);
            e.id = ulid::Ulid::from_parts(e.id.timestamp_ms(), 1 + i);
            e
        })
        .collect();
    let own = file_of(&data, PRIYA);
    let mut added = record::encode_line(&other[0]);
    let torn = record::encode_line(&other[1]);
    added.extend_from_slice(&torn[..40]);
    fs::OpenOptions::new()
        .append(true)
        .open(&own)
        .unwrap()
        .write_all_at_end(&added);

    let b = note("first writer again").stamp(&mut first);
    first.append(&b).unwrap();
    assert_eq!(first.take_arrived().events, [other[0].clone()]);
    drop(first);

    let (_, report, events) = open(&data, PRIYA).unwrap();
    assert_eq!(
        texts(&events),
        ["first writer", "first writer again", "other writer 0"]
    );
    let damage = report.damage().next().expect("the torn line is reported");
    assert_eq!(damage.lines, [3]);
}

trait AppendAll {
    fn write_all_at_end(self, bytes: &[u8]);
}

impl AppendAll for fs::File {
    fn write_all_at_end(mut self, bytes: &[u8]) {
        std::io::Write::write_all(&mut self, bytes).unwrap();
    }
}

#[test]
fn a_record_replaced_by_rename_is_adopted_and_nothing_saved_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (mut store, _, _) = open(&data, PRIYA).unwrap();
    let saved: Vec<Envelope> = ["one", "two"]
        .iter()
        .map(|t| {
            let e = note(t).stamp(&mut store);
            store.append(&e).unwrap();
            e
        })
        .collect();
    // A sync tool puts back an older copy (only the first line) plus a line from the same
    // auditor's other laptop, by writing a new file and renaming it over the record.
    let own = file_of(&data, PRIYA);
    let first_line = fs::read(&own)
        .unwrap()
        .split_inclusive(|&b| b == b'\n')
        .next()
        .unwrap()
        .to_vec();
    let mut laptop = note("from the other laptop").stamp(&mut store);
    laptop.id = ulid::Ulid::from_parts(laptop.id.timestamp_ms(), 7);
    let mut copy = first_line;
    copy.extend_from_slice(&record::encode_line(&laptop));
    let tmp = folder(&data).join(".syncthing.tmp");
    fs::write(&tmp, &copy).unwrap();
    fs::rename(&tmp, &own).unwrap();

    let three = note("three").stamp(&mut store);
    store.append(&three).unwrap();
    let arrived = store.take_arrived();
    assert!(arrived.events.contains(&laptop));
    drop(store);
    let (_, report, events) = open(&data, PRIYA).unwrap();
    assert_eq!(
        texts(&events),
        ["from the other laptop", "one", "three", "two"]
    );
    assert_eq!(report.damage().count(), 0);
    let _ = saved;
}

#[test]
fn a_record_saved_with_windows_line_endings_trailing_spaces_and_blank_lines_reads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let notes = record_with(&data, 3);
    let own = file_of(&data, PRIYA);
    let text = fs::read_to_string(&own).unwrap();
    let mut crlf = text.replace('\n', "  \r\n");
    crlf.push_str(&"\r\n".repeat(1_000));
    fs::write(&own, crlf).unwrap();

    let (mut store, report, events) = open(&data, PRIYA).unwrap();
    assert_eq!(events, notes);
    assert_eq!(report.notices(), Vec::<String>::new());
    let after = note("after").stamp(&mut store);
    store.append(&after).unwrap();
    drop(store);
    let written = fs::read(&own).unwrap();
    assert!(written.ends_with(b"}\n") && !written.ends_with(b"\r\n}\n"));
    let (_, report, events) = open(&data, PRIYA).unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(report.notices(), Vec::<String>::new(), "the links hold");
}

/// Runs `f` on a thread and fails the test if it has not returned within ten seconds: a
/// pipe or device must be refused, never waited on.
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("it hung on a pipe or a device")
}

#[test]
fn pipes_devices_and_huge_files_in_the_folder_are_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    record_with(&data, 1);
    let fifo = folder(&data).join(format!("{}.jsonl", record::auditor_stem("Tom Whitfield")));
    mkfifo(&fifo);
    let zero = folder(&data).join(format!("{}.jsonl", record::auditor_stem("Sam Lee")));
    symlink("/dev/zero", &zero).unwrap();
    let huge = folder(&data).join(format!("{}.jsonl", record::auditor_stem("Ana Lima")));
    fs::File::create(&huge).unwrap().set_len(2 << 30).unwrap();

    let data2 = data.clone();
    let (_, report, events) = within_seconds(move || open(&data2, PRIYA).unwrap());
    assert_eq!(events.len(), 1);
    let notices = report.notices();
    for (path, why) in [
        (&huge, "it is 2.1 GB; a record file is at most 1 GB"),
        (
            &zero,
            "it is a symbolic link, which auditday does not follow",
        ),
        (
            &fifo,
            "it is not a regular file (a device, a pipe or a socket)",
        ),
    ] {
        let expected = format!("{}: not read: {why}.", path.display());
        assert!(notices.contains(&expected), "{expected}\n{notices:?}");
    }

    let own = file_of(&data, PRIYA);
    fs::remove_file(&own).unwrap();
    mkfifo(&own);
    let data3 = data.clone();
    let refused = within_seconds(move || open(&data3, PRIYA).err().map(|e| e.to_string()));
    assert_eq!(
        refused.as_deref(),
        Some(
            format!(
                "auditday will not use {}: it is not a regular file (a device, a pipe or a \
                 socket)",
                own.display()
            )
            .as_str()
        )
    );
}

/// The lines of a file, without their newlines.
fn lines_of(path: &Path) -> Vec<Vec<u8>> {
    fs::read(path)
        .unwrap()
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn write_lines(path: &Path, lines: &[Vec<u8>]) {
    let mut bytes = Vec::new();
    for line in lines {
        bytes.extend_from_slice(line);
        bytes.push(b'\n');
    }
    fs::write(path, bytes).unwrap();
}

#[test]
fn a_deleted_line_a_forged_author_and_a_conflicting_id_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let notes = record_with(&data, 4);
    let own = file_of(&data, PRIYA);
    let mut lines = lines_of(&own);
    lines.remove(1);
    write_lines(&own, &lines);

    let tom = file_of(&data, "Tom Whitfield");
    let mut forged = note("I am Priya").stamp(&mut open(&data, "Tom Whitfield").unwrap().0);
    forged.auditor = PRIYA.into();
    let mut edited = notes[0].clone();
    edited.data = note("changed afterwards").data();
    let mut tom_lines = vec![record::encode_line(&forged)];
    tom_lines.push(record::encode_line(&Envelope {
        auditor: "Tom Whitfield".into(),
        ..edited.clone()
    }));
    fs::write(&tom, tom_lines.concat()).unwrap();

    let (_, report, events) = open(&data, PRIYA).unwrap();
    assert_eq!(
        texts(&events),
        ["changed afterwards", "note 0", "note 2", "note 3"]
    );
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        report.notices(),
        [
            format!(
                "{}: line 2 does not follow the line before it: a line was deleted, moved or \
                 changed there after it was saved.",
                own.display()
            ),
            format!(
                "{}: line 1 not applied: recorded by someone other than the auditor whose \
                 file this is.",
                tom.display()
            ),
            format!(
                "Event {} is recorded 2 times with different content ({} line 1, {} line 2): a \
                 line was edited or copied with another's id; either version may be shown.",
                notes[0].id,
                name(&own),
                name(&tom)
            ),
        ]
    );
}
