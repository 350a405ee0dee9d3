//! Record benchmarks (figures in BENCHMARKS.md):
//! - a durable append of a typical event against a raw `write` + `sync_data` of the same bytes
//!   on the same file, in the same run;
//! - opening a record of 10k and 100k events of a typical mix and folding it into the state.
//!
//! The 100k record is left in `target/record-bench/` so that peak memory can be measured on
//! the real command (see BENCHMARKS.md).

use std::fs::{self, OpenOptions};
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};

use auditday::audit::*;
use auditday::record::{self, Envelope, Store};
use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ulid::Ulid;

/// The sample plan's audit id, so `auditday record sample-audits/…` reads the fixture.
const AUDIT: &str = "brightloop-stage2-2026";
const SAMPLES: [&str; 8] = [
    "A.5.15", "A.8.15", "A.8.16", "A.5.18", "9.2", "9.3", "A.6.3", "A.8.13",
];
const PROSE: &str = "Reviewed the joiners-movers-leavers tickets for the period; access was \
    removed within the policy's two working days for all but one leaver, whose VPN account \
    stayed active for nine days (ticket HR-2291). Spoke to the IT manager about the exception.";

fn text(len: usize) -> String {
    PROSE.chars().cycle().take(len).collect()
}

/// Event `i` of a typical day: half of all events are autosaved drafts of text being typed,
/// the rest evidence, notes, statuses, findings and interview notes.
fn typical(i: u64, made: &[Ulid]) -> Event {
    let sample = Some(SAMPLES[(i / 20) as usize % SAMPLES.len()].to_string());
    let earlier = |k: u64| made[(i as usize * 7 + k as usize) % made.len().max(1)];
    match i % 20 {
        0..=9 => Event::DraftSaved(DraftSaved {
            of: DraftTarget::NewNote {
                sample,
                meeting: None,
            },
            field: "text".into(),
            text: text(20 + 20 * (i % 10) as usize),
        }),
        10 | 11 | 12 => Event::EvidenceAdded(EvidenceItem {
            sample,
            seen: text(90),
            identifier: format!("JML-{}", 2000 + i),
            version: "v3".into(),
            date: "2026-09-30".into(),
            sample_size: "5 of 23".into(),
            file: None,
        }),
        13 | 14 => Event::NoteWritten(Note {
            sample,
            meeting: None,
            text: text(220),
        }),
        15 => Event::SampleStatusSet(SampleStatusSet {
            sample: sample.unwrap(),
            status: SetStatus::Conforming,
            reason: String::new(),
        }),
        16 if !made.is_empty() => Event::EvidenceEdited(EvidenceEdited {
            evidence: earlier(1),
            content: EvidenceItem {
                sample,
                seen: text(110),
                ..EvidenceItem::default()
            },
        }),
        17 => Event::FindingRaised(Finding {
            grade: Grade::ALL[(i / 20) as usize % 5],
            sample: sample.clone(),
            references: sample.into_iter().collect(),
            requirement: text(80),
            statement: text(120),
            objective_evidence: text(160),
            evidence: vec![],
            interviews: vec![],
        }),
        18 if !made.is_empty() => Event::InterviewNoteWritten(InterviewNoteWritten {
            interview: earlier(2),
            text: text(150),
            topics: vec!["A.5.15".into()],
        }),
        _ => Event::AgendaItemChecked(AgendaItemChecked {
            meeting: Meeting::Opening,
            item: "Confirm the audit plan and timetable".into(),
            checked: i % 2 == 0,
        }),
    }
}

/// A record of `n` typical events by two auditors, written straight to `data_dir` in the
/// store's line format.
fn write_fixture(data_dir: &Path, n: u64) {
    let folder = record::audit_folder(data_dir, AUDIT).unwrap();
    fs::create_dir_all(&folder).unwrap();
    let start = 1_795_000_000_000u64;
    let mut made = Vec::new();
    let mut files: Vec<Vec<u8>> = vec![Vec::new(), Vec::new()];
    for i in 0..n {
        let event = typical(i, &made);
        let auditor = ["Priya Shah", "Tom Whitfield"][(i / 50 % 2) as usize];
        let envelope = Envelope {
            version: record::FORMAT_VERSION,
            id: Ulid::from_parts(start + i * 150, u128::from(i) << 40 | 0xbeef),
            at: DateTime::<Utc>::from_timestamp_millis((start + i * 150) as i64).unwrap(),
            auditor: auditor.into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: vec![],
        };
        if matches!(
            event,
            Event::EvidenceAdded(_) | Event::InterviewStarted(_) | Event::NoteWritten(_)
        ) {
            made.push(envelope.id);
        }
        files[(i / 50 % 2) as usize].extend(record::encode_line(&envelope));
    }
    for (auditor, bytes) in ["Priya Shah", "Tom Whitfield"].iter().zip(files) {
        let path = folder.join(format!("{}.jsonl", record::auditor_stem(auditor)));
        fs::write(path, bytes).unwrap();
    }
}

fn fixture(n: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("record-bench")
        .join(format!("{}k", n / 1000));
    let _ = fs::remove_dir_all(&dir);
    write_fixture(&dir, n);
    dir
}

fn append(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let (mut store, _) = Store::open(dir.path(), AUDIT, "Priya Shah", |_| {}).unwrap();
    let event = typical(10, &[]);
    let typical_line = record::encode_line(&event.stamp(&mut store));
    let mut group = c.benchmark_group("append");
    group.bench_function("durable (Store::append)", |b| {
        b.iter(|| {
            let envelope = event.stamp(&mut store);
            store.append(&envelope).unwrap()
        })
    });
    let path = store.path().to_owned();
    drop(store);
    let mut raw = OpenOptions::new().append(true).open(&path).unwrap();
    group.bench_function("raw write + sync_data", |b| {
        b.iter(|| {
            raw.write_all(black_box(&typical_line)).unwrap();
            raw.sync_data().unwrap();
        })
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("open + fold");
    group.sample_size(20);
    for n in [10_000, 100_000] {
        let dir = fixture(n);
        group.bench_function(format!("{}k events", n / 1000), |b| {
            b.iter(|| {
                let mut state = AuditState::default();
                let (store, report) =
                    Store::open(&dir, AUDIT, "Priya Shah", |e| state.apply(&e)).unwrap();
                assert_eq!(report.events() as u64, n);
                black_box((store, state))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, append, load);
criterion_main!(benches);
