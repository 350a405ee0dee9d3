//! The record on disk: what a torn or damaged file turns into, what is kept untouched, and
//! what the auditor is told.

use std::fs;
use std::path::{Path, PathBuf};

use auditday::audit::{AuditState, Event, Note};
use auditday::record::{self, Envelope, RawJson, Store};
use serde_json::value::RawValue;

const AUDIT: &str = "acme-s2";

fn note(text: &str) -> Event {
    Event::NoteWritten(Note {
        sample: Some("A.8.15".into()),
        meeting: None,
        text: text.into(),
    })
}

/// Opens the store, collecting the events loaded.
fn open(dir: &Path, auditor: &str) -> (Store, record::LoadReport, Vec<Envelope>) {
    let mut events = Vec::new();
    let (store, report) = Store::open(dir, AUDIT, auditor, |e| events.push(e)).unwrap();
    (store, report, events)
}

/// A record of Priya's with `n` notes; returns its path and the lines written.
fn record_with(dir: &Path, n: usize) -> (PathBuf, Vec<Vec<u8>>) {
    let (mut store, _, _) = open(dir, "Priya Shah");
    for i in 0..n {
        let e = note(&format!("note {i}")).stamp(&mut store);
        store.append(&e).unwrap();
    }
    let bytes = fs::read(store.path()).unwrap();
    let lines = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    (store.path().to_owned(), lines)
}

fn quarantine_files(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".damaged-"))
        .collect();
    found.sort();
    found
}

#[test]
fn a_torn_last_line_is_moved_aside_and_appending_continues() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lines) = record_with(dir.path(), 3);
    let torn = &lines[0][..57];
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(torn);
    fs::write(&path, &bytes).unwrap();

    let (mut store, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(events.len(), 3);
    let moved = quarantine_files(path.parent().unwrap());
    assert_eq!(moved.len(), 1);
    let name = moved[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("priya-shah-900551a6.jsonl.damaged-20"));
    let messages: Vec<String> = report.damage().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [format!(
            "{}: 1 damaged line (line 4, cut short by an interrupted write) moved to {name} \
             beside it; the other 3 lines loaded.",
            path.display()
        )]
    );
    let mut expected = torn.to_vec();
    expected.push(b'\n');
    assert_eq!(fs::read(&moved[0]).unwrap(), expected);
    assert_eq!(fs::read(&path).unwrap(), lines.concat());

    let e = note("after the crash").stamp(&mut store);
    store.append(&e).unwrap();
    drop(store);
    let (_, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(report.damage().count(), 0);
    assert_eq!(events.len(), 4);
    assert_eq!(events[3], e);
}

#[test]
fn a_damaged_middle_line_is_moved_aside_and_the_rest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lines) = record_with(dir.path(), 5);
    let mut damaged = lines[2].clone();
    let at = damaged.iter().position(|&b| b == b'n').unwrap();
    damaged[at] = b'N';
    let mut bytes = lines[..2].concat();
    bytes.extend_from_slice(&damaged);
    bytes.extend_from_slice(&lines[3..].concat());
    fs::write(&path, &bytes).unwrap();

    let (_, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(events.len(), 4);
    let moved = quarantine_files(path.parent().unwrap());
    let name = moved[0].file_name().unwrap().to_string_lossy().into_owned();
    let messages: Vec<String> = report.damage().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [format!(
            "{}: 1 damaged line (line 3) moved to {name} beside it; the other 4 lines loaded.",
            path.display()
        )]
    );
    assert_eq!(fs::read(&moved[0]).unwrap(), damaged);
    let kept = [&lines[..2], &lines[3..]].concat().concat();
    assert_eq!(fs::read(&path).unwrap(), kept);
    assert!(!path.with_extension("jsonl.rewrite").exists());
}

#[test]
fn several_damaged_lines_go_to_one_quarantine_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lines) = record_with(dir.path(), 4);
    let mut bytes = b"garbage\n".to_vec();
    bytes.extend_from_slice(&lines[0]);
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(&lines[1..].concat());
    bytes.extend_from_slice(b"{\"v\":1,\"id\":");
    fs::write(&path, &bytes).unwrap();

    let (_, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(events.len(), 4);
    let moved = quarantine_files(path.parent().unwrap());
    let name = moved[0].file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        report.damage().next().unwrap().to_string(),
        format!(
            "{}: 2 damaged lines (lines 1 and 7; the last was cut short by an interrupted \
             write) moved to {name} beside it; the other 4 lines loaded.",
            path.display()
        )
    );
    assert_eq!(
        fs::read(&moved[0]).unwrap(),
        b"garbage\n{\"v\":1,\"id\":\n".to_vec()
    );
    assert_eq!(fs::read(&path).unwrap(), lines.concat());
}

#[test]
fn a_good_last_line_that_lost_only_its_newline_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lines) = record_with(dir.path(), 2);
    let mut bytes = lines.concat();
    bytes.pop();
    fs::write(&path, &bytes).unwrap();

    let (_, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(events.len(), 2);
    assert_eq!(report.damage().count(), 0);
    assert_eq!(fs::read(&path).unwrap(), lines.concat());
}

#[test]
fn other_auditors_records_are_read_but_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (tom_path, _) = {
        let (mut tom, _, _) = open(dir.path(), "Tom Whitfield");
        let e = note("Tom's note").stamp(&mut tom);
        tom.append(&e).unwrap();
        (tom.path().to_owned(), ())
    };
    let mut tom_bytes = fs::read(&tom_path).unwrap();
    tom_bytes.extend_from_slice(b"{\"torn");
    fs::write(&tom_path, &tom_bytes).unwrap();

    let (_, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].auditor, "Tom Whitfield");
    assert_eq!(fs::read(&tom_path).unwrap(), tom_bytes);
    assert!(
        report.damage().next().is_none(),
        "a last line still arriving in another auditor's file is waited for, not damage"
    );
    let tom = report.files.iter().find(|f| f.path == tom_path).unwrap();
    assert_eq!(tom.lines, 1, "read up to the line still arriving");
    assert!(quarantine_files(tom_path.parent().unwrap()).is_empty());

    let mut middle = tom_bytes.clone();
    middle.extend_from_slice(b"\n");
    middle.extend_from_slice(&fs::read(&tom_path).unwrap()[..tom_bytes.len() - 6]);
    fs::write(&tom_path, &middle).unwrap();
    drop(report);
    let report = record::read_audit(dir.path(), AUDIT, |_| {}).unwrap();
    let tom = report.files.iter().find(|f| f.path == tom_path).unwrap();
    assert_eq!(
        tom.damage.as_ref().unwrap().to_string(),
        format!(
            "{}: 1 damaged line (line 2) skipped and left in place; the other 2 lines loaded.",
            tom_path.display()
        ),
        "a damaged line that is not the last is damage"
    );
}

#[test]
fn unknown_event_types_and_fields_survive_a_rewrite_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lines) = record_with(dir.path(), 2);
    let mut from_the_future = Envelope {
        version: 2,
        id: ulid::Ulid::new(),
        at: chrono::Utc::now(),
        auditor: "Priya Shah".into(),
        kind: "photo_attached".into(),
        data: RawJson::new(r#"{"file":"rack.jpg","sha256":"ab"}"#).unwrap(),
        extra: vec![(
            "signature".into(),
            RawValue::from_string(r#"{"alg": "ed25519"}"#.into()).unwrap(),
        )],
    };
    let future_line = record::encode_line(&from_the_future);
    from_the_future.kind = "note_written".into();
    from_the_future.id = ulid::Ulid::new();
    from_the_future.data = RawJson::new(r#"{"text":"hi","mood":"calm"}"#).unwrap();
    let extended_line = record::encode_line(&from_the_future);
    let bytes = [
        lines[0].clone(),
        future_line.clone(),
        b"damaged\n".to_vec(),
        extended_line.clone(),
        lines[1].clone(),
    ]
    .concat();
    fs::write(&path, &bytes).unwrap();

    let (_, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(report.damage().count(), 1);
    let kept = [
        lines[0].clone(),
        future_line,
        extended_line,
        lines[1].clone(),
    ]
    .concat();
    assert_eq!(fs::read(&path).unwrap(), kept);
    let state = AuditState::fold(&events);
    assert_eq!(state.not_understood().len(), 1);
    assert_eq!(state.notes().count(), 3);
}

#[test]
fn reading_a_record_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = record_with(dir.path(), 2);
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"torn");
    fs::write(&path, &bytes).unwrap();
    let mut n = 0;
    let report = record::read_audit(dir.path(), AUDIT, |_| n += 1).unwrap();
    assert_eq!(n, 2);
    assert!(
        report.damage().next().is_none(),
        "a last line still arriving waits"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(
        record::read_audit(dir.path(), "no-such-audit", |_| n += 1).unwrap(),
        record::LoadReport::default()
    );
}

#[cfg(unix)]
#[test]
fn folders_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (path, _) = record_with(&data, 1);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("audits")), 0o700);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_deleted_folder_is_recreated_whole_by_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = open(dir.path(), "Priya Shah");
    let first = note("before").stamp(&mut store);
    store.append(&first).unwrap();
    fs::remove_dir_all(store.folder()).unwrap();

    let second = note("after").stamp(&mut store);
    store.append(&second).unwrap();
    drop(store);

    let (_, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(report.damage().count(), 0);
    assert_eq!(events, [first, second]);
}

#[test]
fn ids_keep_increasing_past_every_id_applied_and_one_far_ahead_is_reported_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let soon =
        ulid::Ulid::from_datetime((chrono::Utc::now() + chrono::Duration::minutes(30)).into());
    let far_future = ulid::Ulid::from_parts(u64::from(u32::MAX) << 12, 7);
    let (mut tom, _, _) = open(dir.path(), "Tom Whitfield");
    for (id, text) in [(soon, "clock a little ahead"), (far_future, "largest id")] {
        let mut e = note(text).stamp(&mut tom);
        e.id = id;
        tom.append(&e).unwrap();
    }
    let tom_path = tom.path().to_owned();
    drop(tom);
    let (mut priya, report, events) = open(dir.path(), "Priya Shah");
    assert_eq!(events.len(), 1, "the line a year ahead is not applied");
    assert_eq!(events[0].id, soon);
    assert_eq!(
        report.notices(),
        [format!(
            "{}: line 2 not applied: dated more than an hour ahead of this computer's clock \
             (check the clock of the laptop that wrote it).",
            tom_path.display()
        )]
    );
    let next = note("later").stamp(&mut priya).id;
    assert!(next > soon && next < far_future);
}

#[test]
fn folding_on_all_cores_gives_the_same_state_and_report_as_reading_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, lines) = record_with(dir.path(), 3);
    {
        let (mut tom, _, _) = open(dir.path(), "Tom Whitfield");
        let e = note("Tom's").stamp(&mut tom);
        tom.append(&e).unwrap();
    }
    // Big enough to be split across threads, with damage on both sides of the splits.
    let mut bytes = Vec::new();
    for i in 0..12_000 {
        bytes.extend_from_slice(&lines[i % 3]);
        if i % 4_000 == 7 {
            bytes.extend_from_slice(b"damaged\n");
        }
    }
    bytes.extend_from_slice(b"{\"torn");
    fs::write(&path, &bytes).unwrap();

    let mut sequential = AuditState::default();
    let expected = record::read_audit(dir.path(), AUDIT, |e| sequential.apply(&e)).unwrap();
    let (state, report) = record::read_audit_folding(
        dir.path(),
        AUDIT,
        |s: &mut AuditState, e| s.apply(&e),
        AuditState::merge,
    )
    .unwrap();
    assert_eq!(report, expected);
    assert_eq!(state, sequential);
    assert_eq!(
        report.damage().next().unwrap().lines,
        [9, 4_010, 8_011],
        "the torn last line is still arriving: it is waited for"
    );

    let (_, state, report) = Store::open_folding(
        record::OsDisk,
        dir.path(),
        AUDIT,
        "Priya Shah",
        |s: &mut AuditState, e| s.apply(&e),
        AuditState::merge,
    )
    .unwrap();
    assert_eq!(state, sequential);
    assert_eq!(report.events(), 12_001);
    assert!(report.damage().next().unwrap().moved_to.is_some());
    assert_eq!(fs::read(&path).unwrap(), lines.concat().repeat(4_000));
}
