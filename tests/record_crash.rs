//! The real binary killed with SIGKILL at random moments while it appends: after every kill
//! the record loads and holds every id the process had acknowledged.
//!
//! 200 kills by default; `AUDITDAY_CRASH_KILLS=5000 cargo test --release --test record_crash`
//! for more, `AUDITDAY_CRASH_SEED` for another sequence of moments.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use auditday::record::Store;

/// A small deterministic generator (xorshift64*), so a failing run can be replayed by seed.
struct Moments(u64);

impl Moments {
    fn next_micros(&mut self, max: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % max
    }
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} must be a number"))
        })
        .unwrap_or(default)
}

#[test]
fn every_acknowledged_id_survives_any_kill() {
    let kills = setting("AUDITDAY_CRASH_KILLS", 200);
    let mut moments = Moments(setting("AUDITDAY_CRASH_SEED", 0x5eed_2026).max(1));
    let dir = tempfile::tempdir().unwrap();
    let mut acknowledged = HashSet::new();
    let mut torn = 0;
    for kill in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_auditday"))
            .args([
                "record-append",
                "--audit",
                "crash-test",
                "--auditor",
                "Priya Shah",
            ])
            .arg("--data-dir")
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The moment of the kill counts from when the record is open and appending starts, so
        // that a slow start on a loaded machine does not leave nothing to kill.
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next();
        assert!(
            matches!(&first, Some(Ok(l)) if l == "open"),
            "kill {kill}: record-append did not open the record: {first:?}"
        );
        let reader = thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
        thread::sleep(Duration::from_micros(moments.next_micros(15_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        acknowledged.extend(reader.join().unwrap());

        let mut loaded = HashSet::new();
        let (store, report) = Store::open(dir.path(), "crash-test", "Priya Shah", |e| {
            loaded.insert(e.id.to_string());
        })
        .unwrap_or_else(|e| panic!("kill {kill}: the record does not open: {e}"));
        for damage in report.damage() {
            assert!(
                damage.torn_last_line && damage.lines.len() == 1,
                "kill {kill}: more than a torn last line: {damage}"
            );
            torn += 1;
        }
        let lost: Vec<_> = acknowledged.difference(&loaded).collect();
        assert!(
            lost.is_empty(),
            "kill {kill}: acknowledged but lost: {lost:?}"
        );
        drop(store);
    }
    assert!(
        acknowledged.len() as u64 > kills,
        "too few appends to mean anything: {}",
        acknowledged.len()
    );
    eprintln!(
        "{kills} kills, {} acknowledged events, {torn} torn last lines quarantined",
        acknowledged.len()
    );
}
