//! Record benchmarks (figures in BENCHMARKS.md):
//! - a durable append of a typical event against a raw `write` + `sync_data` of the same bytes
//!   on a file beside it, interleaved pair by pair in one loop, as a ratio;
//! - opening a record of 10k and 100k events of a typical mix and folding it into the state.
//!
//! The 100k record is left in `target/record-bench/` so that peak memory can be measured on
//! the real command (see BENCHMARKS.md).

use std::fs::{self, OpenOptions};
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

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

/// How much of a record is drafts, and how much items that stay in the state.
#[derive(Clone, Copy)]
enum Mix {
    /// Modelled on a day of typing: 34 of every 40 events are autosaved drafts (about eight
    /// per committed text), the rest evidence, notes, findings, interview notes, statuses and
    /// checklist ticks; a tenth of all events create or edit an item.
    Typical,
    /// A stress mix: half drafts, and two in five events create or edit an item (40,000 for
    /// 100k events, a hundred times what one audit day records).
    Heavy,
}

impl Mix {
    fn name(self) -> &'static str {
        match self {
            Mix::Typical => "typical",
            Mix::Heavy => "heavy",
        }
    }

    /// Event `i` of the mix; `made` holds the ids of items created so far.
    fn event(self, i: u64, made: &[Ulid]) -> Event {
        let (period, drafts) = match self {
            Mix::Typical => (40, 34),
            Mix::Heavy => (20, 10),
        };
        let step = i % period;
        let reference = SAMPLES[(i / period) as usize % SAMPLES.len()].to_string();
        let sample = Some(reference.clone());
        if step < drafts {
            return Event::DraftSaved(DraftSaved {
                of: DraftTarget::NewNote {
                    sample,
                    meeting: None,
                },
                field: "text".into(),
                text: text(20 + 200 * step as usize / drafts as usize),
            });
        }
        let earlier = |k: u64| made[(i as usize * 7 + k as usize) % made.len().max(1)];
        let evidence = || {
            Event::EvidenceAdded(EvidenceItem {
                sample: sample.clone(),
                seen: text(90),
                identifier: format!("JML-{}", 2000 + i),
                version: "v3".into(),
                date: "2026-09-30".into(),
                sample_size: "5 of 23".into(),
                file: None,
            })
        };
        let finding = || {
            Event::FindingRaised(Finding {
                grade: Grade::ALL[(i / period) as usize % 5],
                sample: sample.clone(),
                references: vec![reference.clone()],
                requirement: text(80),
                statement: text(120),
                objective_evidence: text(160),
                evidence: vec![earlier(3)],
                interviews: vec![],
            })
        };
        match (self, step - drafts) {
            (_, 0) => evidence(),
            (_, 1) => Event::NoteWritten(Note {
                sample: sample.clone(),
                meeting: None,
                text: text(220),
            }),
            (_, 2) if made.is_empty() => evidence(),
            (Mix::Typical, 2) if (i / period).is_multiple_of(3) => finding(),
            (_, 2) => Event::EvidenceEdited(EvidenceEdited {
                evidence: earlier(1),
                content: EvidenceItem {
                    sample: sample.clone(),
                    seen: text(110),
                    ..EvidenceItem::default()
                },
            }),
            (_, 3) => Event::SampleStatusSet(SampleStatusSet {
                sample: reference.clone(),
                status: SetStatus::Conforming,
                reason: String::new(),
            }),
            (_, 4) if made.is_empty() => evidence(),
            (_, 4) => Event::InterviewNoteWritten(InterviewNoteWritten {
                interview: earlier(2),
                question: text(60),
                text: text(150),
                topics: vec![reference.clone()],
            }),
            (Mix::Heavy, 5 | 6) => evidence(),
            (Mix::Heavy, 7) => finding(),
            (Mix::Heavy, 8) => Event::NoteWritten(Note {
                sample,
                meeting: None,
                text: text(220),
            }),
            _ => Event::AgendaItemChecked(AgendaItemChecked {
                meeting: Meeting::Opening,
                item: "Confirm the audit plan and timetable".into(),
                checked: i.is_multiple_of(2),
            }),
        }
    }
}

/// A record of `n` events of `mix` by two auditors, written straight to `data_dir` in the
/// store's line format.
fn write_fixture(data_dir: &Path, mix: Mix, n: u64) {
    let folder = record::audit_folder(data_dir, AUDIT).unwrap();
    fs::create_dir_all(&folder).unwrap();
    let start = 1_795_000_000_000u64;
    let mut made = Vec::new();
    let mut files: Vec<Vec<u8>> = vec![Vec::new(), Vec::new()];
    // Each line linked to the one before it in its file, as the store writes them.
    let mut heads = [None, None];
    for i in 0..n {
        let event = mix.event(i, &made);
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
        let file = (i / 50 % 2) as usize;
        let line = record::encode_after(&envelope, heads[file].as_ref());
        heads[file] = Some(record::hash_line(record::trim_line(&line)));
        files[file].extend(line);
    }
    for (auditor, bytes) in ["Priya Shah", "Tom Whitfield"].iter().zip(files) {
        let path = folder.join(format!("{}.jsonl", record::auditor_stem(auditor)));
        fs::write(path, bytes).unwrap();
    }
}

fn fixture(mix: Mix, n: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("record-bench")
        .join(format!("{}-{}k", mix.name(), n / 1000));
    let _ = fs::remove_dir_all(&dir);
    write_fixture(&dir, mix, n);
    dir
}

/// A durable append against a raw `write` + `sync_data` of the same bytes on a file beside it,
/// interleaved pair by pair in one loop so that the disk's drift affects both alike; prints
/// each one's median and the median of the pairwise ratios. (Timed one after the other, three
/// runs gave ratios of 0.70, 1.15 and 1.21: the disk's mood, not the store.)
fn append(_: &mut Criterion) {
    const PAIRS: usize = 2_000;
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let (mut store, _) = Store::open(dir.path(), AUDIT, "Priya Shah", |_| {}).unwrap();
    let event = Mix::Typical.event(34, &[]);
    // The same bytes as the store writes: the line, linked to the one before it.
    let typical_line = record::encode_after(&event.stamp(&mut store), Some(&[7; 32]));
    let mut raw = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("raw.jsonl"))
        .unwrap();
    let (mut durable, mut bare, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..PAIRS + 100 {
        let time = |f: &mut dyn FnMut()| {
            let start = Instant::now();
            f();
            start.elapsed()
        };
        let mut ours = || {
            let envelope = event.stamp(&mut store);
            store.append(black_box(&envelope)).unwrap();
        };
        let mut theirs = || {
            raw.write_all(black_box(&typical_line)).unwrap();
            raw.sync_data().unwrap();
        };
        // Alternate which goes first, so neither always follows the other's flush.
        let (a, b) = if i % 2 == 0 {
            let a = time(&mut ours);
            (a, time(&mut theirs))
        } else {
            let b = time(&mut theirs);
            (time(&mut ours), b)
        };
        if i >= 100 {
            durable.push(a.as_secs_f64() * 1e6);
            bare.push(b.as_secs_f64() * 1e6);
            ratios.push(a.as_secs_f64() / b.as_secs_f64());
        }
    }
    println!(
        "append, {PAIRS} interleaved pairs: durable (Store::append) {:.1} µs, raw write + \
         sync_data {:.1} µs, median ratio {:.2} × (quartiles {:.2}–{:.2})",
        quantile(&mut durable, 0.5),
        quantile(&mut bare, 0.5),
        quantile(&mut ratios, 0.5),
        quantile(&mut ratios, 0.25),
        quantile(&mut ratios, 0.75),
    );
}

fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * q).round() as usize]
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("open + fold");
    group.sample_size(20);
    for (mix, n) in [
        (Mix::Typical, 10_000),
        (Mix::Typical, 100_000),
        (Mix::Heavy, 100_000),
    ] {
        let dir = fixture(mix, n);
        group.bench_function(format!("{} {}k events", mix.name(), n / 1000), |b| {
            b.iter_with_large_drop(|| {
                let (store, state, report) = Store::open_folding(
                    record::OsDisk,
                    &dir,
                    AUDIT,
                    "Priya Shah",
                    |s: &mut AuditState, e| s.apply(&e),
                    AuditState::merge,
                )
                .unwrap();
                assert_eq!(report.events() as u64, n);
                drop(store);
                state
            })
        });
    }
    group.finish();
}

criterion_group!(benches, append, load);
criterion_main!(benches);
