//! Whole-program figures in a real terminal (figures in BENCHMARKS.md). tmux runs in control
//! mode, which reports each pane's output the moment tmux reads it from the program, so the
//! time from a key sent to the first bytes of the answer is measured the same way for every
//! program in the same tmux:
//!
//! - key → screen: `j`/`k` on auditday's sample list against `j`/`k` in vim (`-u NONE`, with
//!   the ruler on so every move redraws something), interleaved key by key, alternating which
//!   goes first, as the median of the pairwise ratios;
//! - another auditor's line → screen: a finding line appended to a second auditor's record
//!   file in the open audit's folder, to the first bytes of the lead's redrawn screen.
//!
//! Needs tmux. `AUDITDAY_BENCH_BIN` runs another auditday binary (an older build, for a
//! before/after figure) in the same harness.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use auditday::audit::{Event, Finding, Grade};
use auditday::record::{self, Store};

const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);
const AUDIT: &str = "brightloop-stage2-2026";
const KEY_ROUNDS: usize = 400;
const ARRIVALS: usize = 40;

/// A tmux server driven by one control-mode client.
struct Control {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<(Instant, String)>,
}

impl Control {
    fn start(socket: &str, first: &[&str]) -> Control {
        let mut child = Command::new("tmux")
            .args([
                "-L",
                socket,
                "-f",
                "/dev/null",
                "-C",
                "new-session",
                "-x",
                "120",
            ])
            .args(["-y", "40", "-s", "bench", "--"])
            .args(first)
            .env_remove("TMUX")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("tmux is needed for this benchmark");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send((Instant::now(), line)).is_err() {
                    return;
                }
            }
        });
        Control {
            child,
            stdin,
            lines,
        }
    }

    fn command(&mut self, command: &str) {
        writeln!(self.stdin, "{command}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Forgets everything reported so far, once `pane` has been quiet for `quiet`.
    fn settle(&self, pane: &str, quiet: Duration) {
        let prefix = format!("%output {pane} ");
        loop {
            match self.lines.recv_timeout(quiet) {
                Ok((_, line)) if line.starts_with(&prefix) => continue,
                Ok(_) => continue,
                Err(_) => return,
            }
        }
    }

    /// When `pane` next printed anything, waiting at most five seconds.
    fn next_output(&self, pane: &str) -> Instant {
        let prefix = format!("%output {pane} ");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, line) = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("{pane} printed nothing within 5 s"));
            if line.starts_with(&prefix) {
                return at;
            }
        }
    }

    /// The pane id of window `index`.
    fn pane(&mut self, index: usize) -> String {
        self.settle("%none", Duration::from_millis(300));
        self.command("list-panes -s -t bench -F 'pane #{window_index} #{pane_id}'");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            let Ok((_, line)) = self.lines.recv_timeout(Duration::from_secs(5)) else {
                break;
            };
            if let Some(rest) = line.strip_prefix(&format!("pane {index} ")) {
                return rest.trim().to_string();
            }
        }
        panic!("no pane in window {index}");
    }
}

impl Drop for Control {
    fn drop(&mut self) {
        self.command("kill-server");
        let _ = self.child.wait();
    }
}

fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let binary = std::env::var("AUDITDAY_BENCH_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_auditday").to_string());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let text = dir.path().join("vim.txt");
    std::fs::write(&text, "a line of text\n".repeat(2000)).unwrap();
    let socket = format!("auditday-bench-{}", std::process::id());
    let data_arg = data.to_str().unwrap();
    let mut tmux = Control::start(
        &socket,
        &[
            &binary,
            PLAN,
            "--data-dir",
            data_arg,
            "--auditor",
            "Priya Shah",
        ],
    );
    let vim = format!(
        "new-window -d -t bench -- vim -u NONE -N -n -i NONE -c 'set ruler' {}",
        text.display()
    );
    tmux.command(&vim);
    let ours = tmux.pane(0);
    let theirs = tmux.pane(1);
    tmux.settle(&ours, Duration::from_millis(500));
    tmux.command(&format!("send-keys -t {ours} 2"));
    tmux.settle(&ours, Duration::from_millis(300));

    let mut key = |pane: &str, k: &str| {
        tmux.settle(pane, Duration::from_millis(25));
        let sent = Instant::now();
        tmux.command(&format!("send-keys -t {pane} {k}"));
        let seen = tmux.next_output(pane);
        (seen - sent).as_secs_f64() * 1e3
    };
    let (mut a, mut v, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..KEY_ROUNDS + 20 {
        let k = if round % 2 == 0 { "j" } else { "k" };
        let (ms_ours, ms_vim) = if round % 4 < 2 {
            let x = key(&ours, k);
            (x, key(&theirs, k))
        } else {
            let y = key(&theirs, k);
            (key(&ours, k), y)
        };
        if round >= 20 {
            a.push(ms_ours);
            v.push(ms_vim);
            ratios.push(ms_ours / ms_vim);
        }
    }
    println!(
        "key → screen, {KEY_ROUNDS} interleaved pairs: auditday {:.2} ms (p90 {:.2}), vim {:.2} ms \
         (p90 {:.2}), median ratio {:.2} × (quartiles {:.2}–{:.2})",
        quantile(&mut a, 0.5),
        quantile(&mut a, 0.9),
        quantile(&mut v, 0.5),
        quantile(&mut v, 0.9),
        quantile(&mut ratios, 0.5),
        quantile(&mut ratios, 0.25),
        quantile(&mut ratios, 0.75),
    );

    let arrivals = arrivals(&data, dir.path(), &tmux, &ours);
    let mut ms = arrivals;
    println!(
        "another auditor's line → screen, {ARRIVALS} lines: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        quantile(&mut ms, 0.5),
        quantile(&mut ms, 0.9),
        quantile(&mut ms, 1.0),
    );
}

/// Appends finding lines of a second auditor to the open audit's folder, one at a time, and
/// times each until the lead's screen answers.
fn arrivals(data: &Path, scratch: &Path, tmux: &Control, pane: &str) -> Vec<f64> {
    let elsewhere = scratch.join("tom-laptop");
    let (mut store, _) = Store::open(&elsewhere, AUDIT, "Tom Whitfield", |_| {}).unwrap();
    let file = record::audit_folder(data, AUDIT)
        .unwrap()
        .join(format!("{}.jsonl", record::auditor_stem("Tom Whitfield")));
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .unwrap();
    let mut times = Vec::new();
    for i in 0..ARRIVALS {
        let finding = Event::FindingRaised(Finding {
            grade: Grade::Minor,
            sample: Some("A.5.15".into()),
            references: vec!["A.5.15".into()],
            requirement: String::new(),
            statement: format!("Access review {i} not evidenced"),
            objective_evidence: String::new(),
            evidence: Vec::new(),
            interviews: Vec::new(),
        });
        let line = record::encode_line(&finding.stamp(&mut store));
        tmux.settle(pane, Duration::from_millis(150));
        let landed = Instant::now();
        out.write_all(&line).unwrap();
        out.flush().unwrap();
        let seen = tmux.next_output(pane);
        times.push((seen - landed).as_secs_f64() * 1e3);
    }
    times
}
