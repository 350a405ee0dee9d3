//! A team audit carried by Syncthing-style copying between laptops' audit folders: whole files
//! replaced through a temporary file, files copied mid-write (a torn last line completed
//! later), conflict copies when the same auditor recorded on two laptops, and the temporary
//! files a sync engine leaves. In random seeded orders, every laptop ends with the same state,
//! no event lost or doubled, and nothing reported as damage.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use auditday::audit::{AuditState, Event, Note};
use auditday::record::{Home, OsDisk, TEAM_RECORDS};
use auditday::session::{Saving, Session};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

const AUDIT: &str = "acme-s2";

/// Three laptops: Priya, Sam, and Priya again on a second laptop.
const LAPTOPS: [&str; 3] = ["Priya Shah", "Sam Okafor", "Priya Shah"];

fn next(rng: &mut TestRng, n: usize) -> usize {
    rng.random_range(0..n)
}

fn records(laptop: &Path) -> PathBuf {
    laptop.join(TEAM_RECORDS)
}

/// Records `texts` as `auditor` on `laptop`; asserts the record opened without any damage.
fn record(laptop: &Path, auditor: &str, texts: &[String]) {
    let (mut session, opened) = Session::open(
        OsDisk,
        Home::Team(laptop.to_owned()),
        AUDIT,
        auditor,
        Arc::new(|_| {}),
    )
    .unwrap();
    assert_eq!(opened.load.notices(), Vec::<String>::new());
    for text in texts {
        session.record(&Event::NoteWritten(Note {
            sample: Some("A.8.15".into()),
            meeting: None,
            text: text.clone(),
        }));
    }
    assert!(matches!(session.flush(), Saving::Saved { .. }));
}

/// The record files of a laptop (names ending `.jsonl`), with their bytes.
fn files(laptop: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(records(laptop))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".jsonl") && !n.starts_with('.') && !n.starts_with('~'))
        .map(|n| {
            let bytes = std::fs::read(records(laptop).join(&n)).unwrap();
            (n, bytes)
        })
        .collect()
}

/// Syncthing's way of bringing one file over: written whole under a temporary name, then
/// renamed; when the receiving laptop changed it too, its own version is kept aside as a
/// conflict copy.
fn copy_whole(name: &str, bytes: &[u8], to: &Path, conflicts: &mut usize) {
    let dst = records(to).join(name);
    let had = std::fs::read(&dst).ok();
    match had {
        Some(had) if bytes.starts_with(&had) => {}
        Some(had) if had.starts_with(bytes) => return,
        Some(_) => {
            *conflicts += 1;
            let stem = name.strip_suffix(".jsonl").unwrap();
            let aside = format!(
                "{stem}.sync-conflict-20261124-1402{:02}-7XKQ3ZB.jsonl",
                *conflicts
            );
            std::fs::rename(&dst, records(to).join(aside)).unwrap();
        }
        None => {}
    }
    let tmp = records(to).join(format!(".syncthing.{name}.tmp"));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, &dst).unwrap();
}

/// The state and the note texts (each with how many distinct events hold it) of a laptop's
/// record, read as `auditday record` reads it; asserts nothing was reported.
fn read(laptop: &Path) -> (AuditState, BTreeMap<String, usize>) {
    let mut events = Vec::new();
    let report =
        auditday::record::read_audit(Home::Team(laptop.to_owned()), AUDIT, |e| events.push(e))
            .unwrap();
    assert_eq!(
        report.notices(),
        Vec::<String>::new(),
        "{}",
        laptop.display()
    );
    events.sort_by_key(|e| e.id);
    events.dedup_by_key(|e| e.id);
    let mut texts = BTreeMap::new();
    for e in &events {
        if let Ok(Event::NoteWritten(note)) = Event::decode(&e.kind, &e.data) {
            *texts.entry(note.text).or_insert(0) += 1;
        }
    }
    (AuditState::fold(&events), texts)
}

fn laptops(root: &Path) -> Vec<PathBuf> {
    (0..LAPTOPS.len())
        .map(|i| {
            let laptop = root.join(format!("laptop{i}"));
            auditday::team::init(b"", &[], &laptop).unwrap();
            laptop
        })
        .collect()
}

/// One seeded order; returns how many conflict copies and torn copies it made.
fn interleaving(seed: u64) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let laptops = laptops(dir.path());
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed));
    let mut written = Vec::new();
    let mut conflicts = 0;
    // Files copied mid-write: (laptop, name, the whole bytes still to land).
    let mut torn: Vec<(usize, String, Vec<u8>)> = Vec::new();
    let mut torn_made = 0;
    for step in 0..30 {
        let (from, to) = (next(&mut rng, 3), next(&mut rng, 3));
        match next(&mut rng, 5) {
            0 | 1 => {
                let texts: Vec<String> = (0..1 + next(&mut rng, 3))
                    .map(|i| format!("seed {seed} step {step} laptop {from} note {i}"))
                    .collect();
                record(&laptops[from], LAPTOPS[from], &texts);
                written.extend(texts);
            }
            2 if from != to => {
                for (name, bytes) in files(&laptops[from]) {
                    // A file still being written is not sent on (Syncthing waits for it to
                    // settle) nor overwritten.
                    if !torn
                        .iter()
                        .any(|(l, n, _)| (*l == to || *l == from) && *n == name)
                    {
                        copy_whole(&name, &bytes, &laptops[to], &mut conflicts);
                    }
                }
            }
            3 if from != to => {
                // A shared drive's copy caught mid-write, of a file that is not the
                // receiving laptop's own auditor's (that one only ever comes by rename).
                let own = auditday::record::auditor_stem(LAPTOPS[to]);
                let theirs = files(&laptops[from])
                    .into_iter()
                    .filter(|(n, b)| !n.starts_with(&own) && b.len() > 2)
                    .find(|(n, _)| !torn.iter().any(|(l, t, _)| *l == to && t == n));
                if let Some((name, bytes)) = theirs {
                    let dst = records(&laptops[to]).join(&name);
                    let had = std::fs::read(&dst).unwrap_or_default();
                    if bytes.starts_with(&had) && bytes.len() > had.len() + 1 {
                        let cut = had.len() + 1 + next(&mut rng, bytes.len() - had.len() - 1);
                        let cut = if bytes[cut - 1] == b'\n' {
                            cut - 1
                        } else {
                            cut
                        };
                        std::fs::write(&dst, &bytes[..cut.max(had.len())]).unwrap();
                        torn.push((to, name, bytes));
                        torn_made += 1;
                    }
                }
            }
            _ => {
                if let Some(i) = (!torn.is_empty()).then(|| next(&mut rng, torn.len())) {
                    let (laptop, name, bytes) = torn.remove(i);
                    std::fs::write(records(&laptops[laptop]).join(name), bytes).unwrap();
                }
                let leftovers = [
                    format!(".syncthing.{}.jsonl.tmp", step),
                    format!("~syncthing~{step}.jsonl.tmp"),
                ];
                for name in leftovers {
                    std::fs::write(records(&laptops[to]).join(name), b"{\"half\":").unwrap();
                }
            }
        }
        for laptop in &laptops {
            read(laptop);
        }
    }
    for (laptop, name, bytes) in torn.drain(..) {
        std::fs::write(records(&laptops[laptop]).join(name), bytes).unwrap();
    }
    for _ in 0..2 {
        for from in 0..3 {
            for to in (0..3).filter(|&to| to != from) {
                for (name, bytes) in files(&laptops[from]) {
                    copy_whole(&name, &bytes, &laptops[to], &mut conflicts);
                }
            }
        }
    }
    let expected: BTreeMap<String, usize> = written.into_iter().map(|t| (t, 1)).collect();
    let (first, _) = read(&laptops[0]);
    for laptop in &laptops {
        let (state, texts) = read(laptop);
        assert_eq!(texts, expected, "seed {seed}: {}", laptop.display());
        assert!(state == first, "seed {seed}: {} differs", laptop.display());
    }
    (conflicts, torn_made)
}

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes
}

#[test]
fn every_order_of_copies_torn_lines_and_conflict_copies_ends_the_same_everywhere() {
    let seeds: Vec<u64> = match std::env::var("AUDITDAY_TEAM_SEED") {
        Ok(seed) => vec![seed.parse().unwrap()],
        Err(_) => (1..=40).collect(),
    };
    let (mut conflicts, mut torn) = (0, 0);
    for seed in seeds {
        match std::panic::catch_unwind(|| interleaving(seed)) {
            Ok((c, t)) => (conflicts, torn) = (conflicts + c, torn + t),
            Err(panic) => {
                eprintln!("failed with seed {seed}: rerun with AUDITDAY_TEAM_SEED={seed}");
                std::panic::resume_unwind(panic);
            }
        }
    }
    eprintln!("{conflicts} conflict copies, {torn} torn copies");
    assert!(
        conflicts > 0 && torn > 0,
        "the orders tried what they are for"
    );
}
