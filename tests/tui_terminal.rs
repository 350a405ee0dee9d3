//! The interface end to end, in a real terminal: the real binary runs in a tmux pane, keys go in
//! with `send-keys`, and what the auditor would see comes back with `capture-pane`. Each test has
//! its own tmux server (a unique `-L` socket, killed when the test ends, pass or fail) and its
//! own data folder, so the tests run in parallel and never touch the user's tmux or records.
//!
//! Skipped, with a line saying so, only when tmux is not installed and this is not CI; in CI
//! (`CI` set) a missing tmux fails every test.
#![cfg(unix)]

use std::cell::OnceCell;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_auditday");
const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);
const AUDITOR: &str = "Priya Shah";
/// How long one step may take to show on screen; generous for a loaded CI machine.
const STEP: Duration = Duration::from_secs(10);
/// How long a typed draft may take to reach the disk (2 s at most; generous for a loaded CI
/// machine).
const DRAFT: Duration = Duration::from_secs(15);

/// True when tmux can be used; false (after saying why) when it is not installed.
fn tmux_installed() -> bool {
    match Command::new("tmux").arg("-V").output() {
        Ok(out) => {
            assert!(out.status.success(), "`tmux -V` failed: {out:?}");
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is not installed, and CI must run the terminal end-to-end tests"
            );
            println!("skipping the terminal end-to-end test: tmux is not installed");
            false
        }
        Err(e) => panic!("cannot run tmux: {e}"),
    }
}

/// A private tmux server; dropping it kills the server and every process in its panes.
struct Tmux {
    socket: String,
    config: PathBuf,
    /// The socket's file, known once the server runs; tmux leaves it behind when killed.
    socket_path: OnceCell<PathBuf>,
}

impl Tmux {
    /// A server on a socket no other test or user uses, configured by a file in `dir`: no
    /// status line (the pane is the whole window) and dead panes stay so their last words can
    /// be read.
    fn new(name: &str, dir: &Path) -> Tmux {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let socket = format!(
            "auditday-e2e-{name}-{}-{}-{nanos}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let config = dir.join("tmux.conf");
        fs::write(&config, "set -g status off\nset -g remain-on-exit on\n").unwrap();
        Tmux {
            socket,
            config,
            socket_path: OnceCell::new(),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .arg("-f")
            .arg(&self.config)
            .args(args)
            .env_remove("TMUX")
            .env_remove("TMUX_PANE")
            .env_remove("AUDITDAY_DATA")
            .env_remove("AUDITDAY_AUDITOR")
            .output()
            .expect("cannot run tmux")
    }

    /// Runs a tmux command that must succeed; returns its output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `auditday PLAN` in a new detached session of `width`×`height`, the binary itself
    /// in the pane (no shell), so the pane's pid is the binary's.
    fn start(&self, session: &str, size: (u16, u16), plan: &Path, data: &Path) {
        self.start_as(session, AUDITOR, size, plan, data);
    }

    /// [`Tmux::start`] recording as `auditor`.
    fn start_as(
        &self,
        session: &str,
        auditor: &str,
        (width, height): (u16, u16),
        plan: &Path,
        data: &Path,
    ) {
        let (w, h) = (width.to_string(), height.to_string());
        self.ok(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            &w,
            "-y",
            &h,
            "--",
            BIN,
            plan.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
            "--auditor",
            auditor,
        ]);
        self.socket_path
            .get_or_init(|| self.pane(session, "#{socket_path}").into());
    }

    /// What the pane shows now (or why it cannot be read).
    fn screen(&self, session: &str) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", session]);
        if out.status.success() {
            String::from_utf8_lossy(&out.stdout).into_owned()
        } else {
            format!(
                "(no screen: {})",
                String::from_utf8_lossy(&out.stderr).trim()
            )
        }
    }

    /// The pane's whole transcript: what scrolled off the top too.
    fn transcript(&self, session: &str) -> String {
        self.ok(&["capture-pane", "-p", "-S", "-", "-t", session])
    }

    fn pane(&self, session: &str, format: &str) -> String {
        self.ok(&["display-message", "-p", "-t", session, format])
            .trim()
            .to_string()
    }

    /// Presses keys by tmux name (`Enter`, `Space`, `C-s`, `2`).
    fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        self.ok(&args);
    }

    /// Types `text` as it is.
    fn type_text(&self, session: &str, text: &str) {
        self.ok(&["send-keys", "-t", session, "-l", text]);
    }

    /// Polls the screen until `ready` holds; fails after `timeout` showing the last screen.
    fn wait_until(
        &self,
        session: &str,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(session);
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > timeout {
                panic!(
                    "waited {timeout:?} for {what} in tmux session {session}; the screen was:\n{screen}"
                );
            }
            sleep(Duration::from_millis(40));
        }
    }

    /// Waits until the screen shows every one of `texts`.
    fn wait_for(&self, session: &str, texts: &[&str]) -> String {
        self.wait_until(session, &format!("{texts:?}"), STEP, |s| {
            texts.iter().all(|t| s.contains(t))
        })
    }

    /// Waits until some line of the screen holds every one of `parts`.
    fn wait_for_line(&self, session: &str, parts: &[&str]) -> String {
        self.wait_until(session, &format!("a line with {parts:?}"), STEP, |s| {
            s.lines().any(|l| parts.iter().all(|p| l.contains(p)))
        })
    }

    /// Polls until `saved` holds (what the auditor typed is on the disk); fails after
    /// [`DRAFT`] saying `what` was not saved, with the screen.
    fn wait_on_disk(&self, session: &str, what: &str, saved: impl Fn() -> bool) {
        let start = Instant::now();
        while !saved() {
            assert!(
                start.elapsed() < DRAFT,
                "{what} within {DRAFT:?}; the screen was:\n{}",
                self.screen(session)
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the process in the pane has ended.
    fn wait_dead(&self, session: &str) {
        let start = Instant::now();
        while self.pane(session, "#{pane_dead}") != "1" {
            assert!(
                start.elapsed() < STEP,
                "the process in {session} did not end; the screen was:\n{}",
                self.screen(session)
            );
            sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        if let Some(path) = self.socket_path.get() {
            let _ = fs::remove_file(path);
        }
    }
}

/// The record files (`*.jsonl`) of every audit in the data folder.
fn record_files(data: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for audit in fs::read_dir(data.join("audits")).into_iter().flatten() {
        for file in fs::read_dir(audit.unwrap().path()).into_iter().flatten() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                files.push(path);
            }
        }
    }
    files
}

/// Whether a record line saving a draft with `text` is on the disk.
fn draft_on_disk(data: &Path, text: &str) -> bool {
    let quoted = format!("\"text\":\"{text}\"");
    record_files(data).iter().any(|f| {
        fs::read_to_string(f).is_ok_and(|content| {
            content
                .lines()
                .any(|l| l.contains("\"type\":\"draft_saved\"") && l.contains(&quoted))
        })
    })
}

#[test]
fn a_killed_audit_day_comes_back_with_its_finding_and_draft() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let plan = Path::new(PLAN);
    let tmux = Tmux::new("crash", dir.path());
    const TICKED: &str = "Introduce the audit team and the attendees, and their roles";
    const SEEN: &str = "Context register reviewed by management";
    const STATEMENT: &str = "Supplier register omits AWS";
    const NOTE: &str = "Ask Hannah about the AWS migration";

    let s = "day1";
    tmux.start(s, (100, 30), plan, &data);
    tmux.wait_for(
        s,
        &["Opening meeting", &format!("[ ] {TICKED}"), "0/13 ticked"],
    );
    tmux.keys(s, &["Space"]);
    tmux.wait_for(s, &[&format!("[x] {TICKED}"), "1/13 ticked", "saved "]);

    tmux.keys(s, &["3"]);
    tmux.wait_for(s, &["Samples (31)", "4.1 "]);
    tmux.keys(s, &["Enter"]);
    tmux.wait_for(
        s,
        &["4.1 Understanding the organization", "Nothing recorded yet"],
    );

    tmux.keys(s, &["e"]);
    tmux.wait_for(s, &["New evidence item — 4.1", "Identifier"]);
    tmux.type_text(s, SEEN);
    tmux.wait_for(s, &[SEEN]);
    tmux.keys(s, &["Tab"]);
    tmux.wait_for(s, &["▶ Identifier"]);
    tmux.type_text(s, "CTX-REG-7");
    tmux.wait_for(s, &["CTX-REG-7"]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["evidence: ", SEEN, "CTX-REG-7"]);

    tmux.keys(s, &["f"]);
    tmux.wait_for(s, &["Grade of the finding", "2  minor nonconformity"]);
    tmux.keys(s, &["2"]);
    tmux.wait_for(s, &["New finding (minor nonconformity) — 4.1"]);
    tmux.type_text(s, STATEMENT);
    tmux.wait_for(s, &[STATEMENT]);
    tmux.keys(s, &["Tab"]);
    tmux.wait_for(
        s,
        &["▶ Objective evidence items", &format!("[ ] 4.1 {SEEN}")],
    );
    tmux.keys(s, &["Space"]);
    tmux.wait_for(s, &[&format!("[x] 4.1 {SEEN}")]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["NC-01", "minor nonconformity", STATEMENT]);
    tmux.wait_for(s, &["1 with findings", "0 major · 1 minor"]);

    tmux.keys(s, &["n"]);
    tmux.wait_for(s, &["New note — 4.1"]);
    tmux.type_text(s, NOTE);
    tmux.wait_for(s, &[NOTE]);
    tmux.wait_on_disk(s, "the draft note was not autosaved", || {
        draft_on_disk(&data, NOTE)
    });

    let pid = tmux.pane(s, "#{pane_pid}");
    assert_eq!(
        tmux.pane(s, "#{pane_dead}"),
        "0",
        "auditday ended too early"
    );
    let killed = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    assert!(killed.success(), "could not SIGKILL auditday (pid {pid})");
    tmux.wait_dead(s);

    let s = "day2";
    tmux.start(s, (100, 30), plan, &data);
    // Where the day stood: the note form, open again with the draft in it.
    tmux.wait_for(s, &["New note — 4.1", NOTE]);
    tmux.keys(s, &["Escape"]);
    tmux.wait_for(s, &["4.1 Understanding the organization", "draft note"]);
    tmux.wait_for_line(s, &["draft note", NOTE]);
    tmux.wait_for_line(s, &["NC-01", "minor nonconformity", STATEMENT]);
    tmux.wait_for_line(s, &["evidence: ", SEEN, "CTX-REG-7"]);
    tmux.wait_for(s, &["1 with findings", "0 major · 1 minor", "1/13 ticked"]);

    tmux.keys(s, &["5"]);
    tmux.wait_for_line(s, &["NC-01", "minor NC", "4.1", STATEMENT]);
    tmux.keys(s, &["Enter"]);
    tmux.wait_for(
        s,
        &[
            "Edit finding (minor nonconformity) — 4.1",
            STATEMENT,
            &format!("[x] 4.1 {SEEN}"),
        ],
    );
    tmux.keys(s, &["Escape"]);
    tmux.wait_until(s, "the edit form to close", STEP, |screen| {
        screen.contains("Findings (1)") && !screen.contains("Edit finding")
    });

    tmux.keys(s, &["1"]);
    tmux.wait_for(s, &[&format!("[x] {TICKED}"), "1/13 ticked"]);
    tmux.keys(s, &["q"]);
    tmux.wait_dead(s);
    let transcript = tmux.transcript(s);
    assert!(
        transcript.contains("Everything recorded is saved in")
            && transcript.contains(data.to_str().unwrap()),
        "quitting did not say where the record is:\n{transcript}"
    );

    let files = record_files(&data);
    assert_eq!(files.len(), 1, "one record file expected: {files:?}");
    let mode = fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} has mode {mode:o}", files[0].display());

    let out = Command::new(BIN)
        .args(["record", PLAN, "--data-dir", data.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "auditday record failed: {out:?}");
    assert!(
        text.lines().any(|l| l.contains("NC-01")
            && l.contains("minor nonconformity")
            && l.contains(STATEMENT)),
        "auditday record does not list NC-01:\n{text}"
    );
}

/// The text of the latest draft of a new note's text in the record files.
fn latest_note_draft(data: &Path) -> Option<String> {
    let mut latest = None;
    for file in record_files(data) {
        for line in fs::read_to_string(file).unwrap().lines() {
            let event: serde_json::Value = serde_json::from_str(line).unwrap();
            let draft = &event["data"];
            if event["type"] == "draft_saved"
                && draft["of"]["kind"] == "new_note"
                && draft["field"] == "text"
            {
                latest = draft["text"].as_str().map(str::to_string);
            }
        }
    }
    latest
}

#[test]
fn typing_without_a_pause_is_on_disk_two_seconds_later_and_comes_back_after_a_kill() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let plan = Path::new(PLAN);
    let tmux = Tmux::new("typing", dir.path());
    const NOTE: &str = "Restore test failed twice in Q3 and nobody followed it up";

    let s = "typing";
    tmux.start(s, (100, 30), plan, &data);
    tmux.wait_for(s, &["Opening meeting"]);
    tmux.keys(s, &["3", "Enter"]);
    tmux.wait_for(s, &["4.1 Understanding the organization"]);
    tmux.keys(s, &["n"]);
    tmux.wait_for(s, &["New note — 4.1"]);

    // Three characters at a time, each group on screen before the next goes a moment later:
    // typing that never pauses for long.
    let mut typed = String::new();
    let mut shown: Vec<(Instant, String)> = Vec::new();
    for group in NOTE.as_bytes().chunks(3) {
        let group = std::str::from_utf8(group).unwrap();
        tmux.type_text(s, group);
        typed.push_str(group);
        tmux.wait_for(s, &[&typed]);
        shown.push((Instant::now(), typed.clone()));
        sleep(Duration::from_millis(150));
    }
    // Killed a second after the last key: what was on screen two seconds before is on disk.
    sleep(Duration::from_secs(1));
    let pid = tmux.pane(s, "#{pane_pid}");
    assert_eq!(
        tmux.pane(s, "#{pane_dead}"),
        "0",
        "auditday ended too early"
    );
    let killed = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    let killed_at = Instant::now();
    assert!(killed.success(), "could not SIGKILL auditday (pid {pid})");
    tmux.wait_dead(s);

    let due = shown
        .iter()
        .rev()
        .find(|(at, _)| *at + Duration::from_secs(2) <= killed_at)
        .map(|(_, text)| text.as_str())
        .expect("typing went on for more than two seconds before the kill");
    let draft = latest_note_draft(&data).unwrap_or_default();
    assert!(
        draft.starts_with(due) && NOTE.starts_with(&draft),
        "the draft on disk is {draft:?}; {due:?} was on screen two seconds before the kill"
    );

    // Opened again: the note form, with the draft in it.
    let s = "again";
    tmux.start(s, (100, 30), plan, &data);
    tmux.wait_for(s, &["New note — 4.1", &draft]);
}

#[test]
fn a_small_terminal_says_so_and_a_resize_brings_the_screen_back() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tmux = Tmux::new("small", dir.path());
    let s = "small";
    tmux.start(s, (70, 20), Path::new(PLAN), &data);
    tmux.wait_for(s, &["terminal too small", "70×20, needs 80×24"]);

    tmux.ok(&["resize-window", "-t", s, "-x", "100", "-y", "30"]);
    let screen = tmux.wait_for(s, &["▶1 Opening", "Opening meeting", "Space tick"]);
    assert!(!screen.contains("terminal too small"), "{screen}");

    // The state is kept while the terminal is too small.
    tmux.keys(s, &["3"]);
    tmux.wait_for(s, &["▶3 Samples", "Samples (31)"]);
    tmux.ok(&["resize-window", "-t", s, "-x", "79", "-y", "30"]);
    tmux.wait_for(s, &["terminal too small", "79×30, needs 80×24"]);
    tmux.ok(&["resize-window", "-t", s, "-x", "100", "-y", "30"]);
    let screen = tmux.wait_for(s, &["▶3 Samples", "Samples (31)"]);
    assert!(!screen.contains("terminal too small"), "{screen}");
}

#[test]
fn an_escape_sequence_in_the_plan_is_shown_as_text() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let original = fs::read_to_string(PLAN).unwrap();
    let title = r#"title = "Brightloop Software — ISO/IEC 27001:2022 Stage 2 certification audit""#;
    let item = r#"items = ["Confirm the sample of leavers and starters the auditee prepared"]"#;
    assert!(original.contains(title) && original.contains(item));
    // The title is the first thing drawn; the plan's own opening item is drawn last, so an
    // escape that reached the terminal there would wipe everything above it.
    let hostile = original
        .replacen(title, r#"title = "Evil \u001b[2J title""#, 1)
        .replacen(item, r#"items = ["Wipe \u001b[2J the screen"]"#, 1);
    let plan = dir.path().join("hostile.toml");
    fs::write(&plan, hostile).unwrap();

    let tmux = Tmux::new("escape", dir.path());
    let s = "escape";
    tmux.start(s, (100, 30), &plan, &data);
    let screen = tmux.wait_for(s, &["[ ] Wipe \\u{1b}[2J the screen", "Space tick"]);
    let first = screen.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Evil \\u{1b}[2J title · Stage 2"),
        "the title is not shown escaped:\n{screen}"
    );
    for drawn_before in [
        "▶1 Opening",
        "0/13 ticked",
        "Opening meeting",
        "[ ] Introduce the audit team and the attendees, and their roles",
    ] {
        assert!(
            screen.contains(drawn_before),
            "the screen was cleared ({drawn_before:?} is gone):\n{screen}"
        );
    }
}

#[test]
fn another_auditors_finding_appears_on_the_open_screen_without_disturbing_the_form() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let plan = Path::new(PLAN);
    let tmux = Tmux::new("team", dir.path());
    const STATEMENT: &str = "Privileged access not reviewed since May";
    const TYPING: &str = "Leavers list checked";

    let (lead, tom) = ("lead", "tom");
    tmux.start_as(lead, AUDITOR, (100, 30), plan, &data);
    tmux.start_as(tom, "Tom Whitfield", (100, 30), plan, &data);
    tmux.wait_for(lead, &["Opening meeting"]);
    tmux.wait_for(tom, &["Opening meeting"]);

    // The lead is typing a note on a sample when Tom's finding arrives.
    tmux.keys(lead, &["3"]);
    tmux.wait_for(lead, &["Samples (31)"]);
    tmux.keys(lead, &["Enter"]);
    tmux.wait_for(lead, &["4.1 Understanding the organization"]);
    tmux.keys(lead, &["n"]);
    tmux.wait_for(lead, &["New note — 4.1"]);
    tmux.type_text(lead, TYPING);
    tmux.wait_for(lead, &[TYPING]);

    tmux.keys(tom, &["3", "Enter"]);
    tmux.wait_for(tom, &["4.1 Understanding the organization"]);
    tmux.keys(tom, &["f"]);
    tmux.wait_for(tom, &["Grade of the finding"]);
    tmux.keys(tom, &["2"]);
    tmux.wait_for(tom, &["New finding (minor nonconformity)"]);
    tmux.type_text(tom, STATEMENT);
    tmux.wait_for(tom, &[STATEMENT]);
    tmux.keys(tom, &["C-s"]);
    tmux.wait_for_line(tom, &["NC-01", STATEMENT]);

    // The form the lead is typing in stays open with its text, and takes more.
    tmux.wait_for(lead, &["New note — 4.1", TYPING]);
    tmux.type_text(lead, " since March");
    tmux.wait_for(lead, &["Leavers list checked since March"]);
    tmux.keys(lead, &["C-s"]);
    // Behind it, Tom's finding had arrived: on the sample, in the rail, in the findings.
    tmux.wait_for_line(lead, &["note: ", "Leavers list checked since March"]);
    tmux.wait_for_line(lead, &["NC-01", STATEMENT]);
    tmux.wait_for(lead, &["0 major · 1 minor"]);
    tmux.keys(lead, &["5"]);
    tmux.wait_for_line(lead, &["NC-01", STATEMENT]);
}

#[test]
fn a_pipe_or_a_device_named_as_evidence_never_holds_up_the_screen() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fifo = dir.path().join("export.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let tmux = Tmux::new("fifo", dir.path());
    let s = "fifo";
    tmux.start(s, (100, 30), Path::new(PLAN), &data);
    tmux.wait_for(s, &["Opening meeting"]);
    tmux.keys(s, &["3", "Enter"]);
    tmux.wait_for(s, &["4.1 Understanding the organization"]);
    for (seen, file) in [
        ("Endless device", "/dev/zero"),
        ("Export pipe", fifo.to_str().unwrap()),
    ] {
        tmux.keys(s, &["e"]);
        tmux.wait_for(s, &["New evidence item — 4.1"]);
        tmux.type_text(s, seen);
        tmux.keys(s, &["Tab", "Tab", "Tab", "Tab", "Tab"]);
        tmux.wait_for(s, &["▶ File on this laptop"]);
        tmux.type_text(s, file);
        tmux.keys(s, &["C-s"]);
        // Recorded at once; the refusal comes from the worker as a notice.
        tmux.wait_for(s, &["is not a regular file"]);
        tmux.keys(s, &["Escape"]);
        tmux.wait_until(s, "the notice to close", STEP, |screen| {
            !screen.contains("is not a regular file")
        });
        tmux.wait_for_line(s, &["evidence: ", seen]);
    }
    // The next key is answered at once: the screen changes.
    tmux.keys(s, &["5"]);
    tmux.wait_for(s, &["Findings (0)"]);
    let records = record_files(&data);
    let record = fs::read_to_string(&records[0]).unwrap();
    assert_eq!(
        record
            .matches("\"type\":\"evidence_fingerprinted\"")
            .count(),
        2,
        "each refusal is recorded:\n{record}"
    );
    assert!(record.contains("is not a regular file (a device, a pipe or a socket)"));
}

#[test]
fn numbers_fixed_at_the_closing_meeting_survive_a_late_file_and_a_regrade() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (lead_data, tom_data) = (dir.path().join("lead"), dir.path().join("tom"));
    let plan = Path::new(PLAN);
    let tmux = Tmux::new("numbers", dir.path());
    const TOMS: &str = "Privileged access not reviewed since May";
    const FIRST: &str = "Supplier register omits AWS";
    const SECOND: &str = "Visitor log not kept";

    let raise = |s: &str, statement: &str| {
        tmux.keys(s, &["f"]);
        tmux.wait_for(s, &["Grade of the finding"]);
        tmux.keys(s, &["2"]);
        tmux.wait_for(s, &["New finding (minor nonconformity)"]);
        tmux.type_text(s, statement);
        tmux.wait_for(s, &[statement]);
        tmux.keys(s, &["C-s"]);
        tmux.wait_for_line(s, &["NC-", statement]);
    };

    // Tom raises his finding first, on his own laptop, offline.
    let tom = "tom";
    tmux.start_as(tom, "Tom Whitfield", (100, 30), plan, &tom_data);
    tmux.wait_for(tom, &["Opening meeting"]);
    tmux.keys(tom, &["3", "Enter"]);
    tmux.wait_for(tom, &["4.1 Understanding the organization"]);
    raise(tom, TOMS);
    tmux.keys(tom, &["q"]);
    tmux.wait_dead(tom);

    // The lead raises two, and starts the closing meeting: the numbers are read out and fixed.
    let lead = "lead";
    tmux.start(lead, (100, 30), plan, &lead_data);
    tmux.wait_for(lead, &["Opening meeting"]);
    tmux.keys(lead, &["3", "Enter"]);
    tmux.wait_for(lead, &["4.1 Understanding the organization"]);
    raise(lead, FIRST);
    raise(lead, SECOND);
    tmux.keys(lead, &["5"]);
    tmux.wait_for_line(lead, &["NC-01?", FIRST]);
    tmux.wait_for_line(lead, &["NC-02?", SECOND]);
    tmux.keys(lead, &["6", "s"]);
    tmux.wait_until(lead, "the closing meeting to start", STEP, |s| {
        s.contains("Closing meeting") && !s.contains("started —")
    });
    tmux.keys(lead, &["5"]);
    tmux.wait_for_line(lead, &["NC-01 ", FIRST]);
    tmux.wait_for_line(lead, &["NC-02 ", SECOND]);

    // Tom's file arrives late (a sync, a copy): his earlier finding takes the next number.
    let tom_files = record_files(&tom_data);
    assert_eq!(tom_files.len(), 1, "{tom_files:?}");
    let folder = record_files(&lead_data)[0].parent().unwrap().to_owned();
    fs::copy(
        &tom_files[0],
        folder.join(tom_files[0].file_name().unwrap()),
    )
    .unwrap();
    tmux.wait_for_line(lead, &["NC-03?", TOMS]);
    let screen = tmux.wait_for_line(lead, &["NC-01 ", FIRST]);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("NC-02 ") && l.contains(SECOND)),
        "{screen}"
    );

    // A regrade moves the finding to its new series and says what it was; no other number moves.
    // The list is in the order raised: Tom's first, then the lead's.
    tmux.keys(lead, &["PPage", "j", "Enter"]);
    tmux.wait_for(lead, &["Edit finding (minor nonconformity)", FIRST]);
    // Statement, evidence items, requirement, objective evidence, references, then the grade.
    tmux.keys(lead, &["Tab", "Tab", "Tab", "Tab", "Tab"]);
    tmux.wait_for(lead, &["▶ Grade"]);
    tmux.keys(lead, &["Right", "C-s"]);
    tmux.wait_for_line(lead, &["OBS-01", "(was NC-01)", FIRST]);
    let screen = tmux.wait_for_line(lead, &["NC-02 ", SECOND]);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("NC-03?") && l.contains(TOMS)),
        "{screen}"
    );
}

#[test]
fn a_finding_presented_at_the_closing_meeting_is_accepted_the_meeting_ends_and_w_writes_the_report()
{
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tmux = Tmux::new("present", dir.path());
    const STATEMENT: &str = "Supplier register omits AWS";
    let s = "present";
    tmux.start(s, (100, 30), Path::new(PLAN), &data);
    tmux.wait_for(s, &["Opening meeting"]);
    tmux.keys(s, &["3", "Enter"]);
    tmux.wait_for(s, &["4.1 Understanding the organization"]);
    tmux.keys(s, &["f"]);
    tmux.wait_for(s, &["Grade of the finding"]);
    tmux.keys(s, &["2"]);
    tmux.wait_for(s, &["New finding (minor nonconformity)"]);
    tmux.type_text(s, STATEMENT);
    tmux.wait_for(s, &[STATEMENT]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["NC-01?", STATEMENT]);

    // The closing meeting lists it, saying what it lacks, and presents it on the whole screen.
    tmux.keys(s, &["6"]);
    tmux.wait_for(
        s,
        &[
            "NC-01?",
            "incomplete: no requirement, no objective evidence",
        ],
    );
    tmux.keys(s, &["p"]);
    tmux.wait_for(
        s,
        &[
            "NC-01?   Minor nonconformity   1 of 1",
            "Corrective action due",
            "(90 days)",
            "not recorded yet",
        ],
    );
    tmux.keys(s, &["a"]);
    tmux.wait_for(s, &["Accepted (recorded"]);
    tmux.keys(s, &["Escape"]);
    tmux.wait_for(s, &["Closing meeting   started —   ended —"]);

    // Ending it with the samples not done asks first; Enter ends it anyway.
    tmux.keys(s, &["e"]);
    tmux.wait_for(s, &["End the closing meeting?", "samples not concluded"]);
    tmux.keys(s, &["Enter"]);
    tmux.wait_until(s, "the closing meeting to end", STEP, |screen| {
        screen.contains("Closing meeting") && !screen.contains("ended —")
    });

    // `w` writes the report and the register while the interface holds the record, and says
    // where; the report holds the finding as presented.
    tmux.keys(s, &["w"]);
    tmux.wait_for(s, &["Report written:", "Findings register written:"]);
    let reports = record_files(&data)[0].parent().unwrap().join("reports");
    let mut written: Vec<String> = fs::read_dir(&reports)
        .unwrap()
        .map(|f| f.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written.len(), 5, "{written:?}");
    assert!(
        written[0].starts_with("findings-register-") && written[0].ends_with(".csv"),
        "{written:?}"
    );
    assert!(
        written[1].starts_with("findings-register-") && written[1].ends_with(".xlsx"),
        "{written:?}"
    );
    assert!(
        written[2].starts_with("report-") && written[2].ends_with(".docx"),
        "{written:?}"
    );
    assert!(
        written[3].starts_with("report-") && written[3].ends_with(".html"),
        "{written:?}"
    );
    assert!(
        written[4].starts_with("report-") && written[4].ends_with(".pdf"),
        "{written:?}"
    );
    let pdf = fs::read(reports.join(&written[4])).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "{:?}", &pdf[..pdf.len().min(16)]);
    tmux.wait_for(s, &[&written[2], &written[3]]);
    let report = fs::read_to_string(reports.join(&written[3])).unwrap();
    assert!(
        report.contains("NC-01") && report.contains(STATEMENT),
        "{report}"
    );
    let register = fs::read_to_string(reports.join(&written[0])).unwrap();
    assert!(register.contains(STATEMENT), "{register}");
    tmux.keys(s, &["Escape"]);
    tmux.wait_until(s, "the notice to close", STEP, |screen| {
        !screen.contains("Report written:")
    });
    tmux.keys(s, &["q"]);
    tmux.wait_dead(s);
    let record = fs::read_to_string(&record_files(&data)[0]).unwrap();
    assert!(record.contains("\"type\":\"finding_accepted\""), "{record}");
    assert!(record.contains("\"type\":\"meeting_ended\""), "{record}");
}

/// Whether a record line saving a draft of an interview question with `text` is on the disk.
fn question_draft_on_disk(data: &Path, text: &str) -> bool {
    let quoted = format!("\"field\":\"question\",\"text\":\"{text}\"");
    record_files(data).iter().any(|f| {
        fs::read_to_string(f).is_ok_and(|content| content.lines().any(|l| l.contains(&quoted)))
    })
}

#[test]
fn a_whole_short_day_with_a_crash_in_the_interview_ends_with_the_contradiction_as_a_finding() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let plan = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/short-day.toml"
    ));
    let tmux = Tmux::new("whole-day", dir.path());
    const FIRST_Q: &str = "How fast are leavers removed";
    const FIRST_A: &str = "Same day, HR tells IT at once";
    const SECOND_Q: &str = "Who checks the VPN list";
    const SECOND_A: &str = "Nobody has since the summer";
    const RECORDS: &str = "VPN list shows a leaver active 9 days";
    const STATEMENT: &str = "Leavers keep VPN access after leaving";
    const OPINION: &str = "The VPN account was disabled at the IdP";

    // The opening meeting: started, one item ticked, ended.
    let s = "morning";
    tmux.start_as(s, "Ann Lead", (110, 32), plan, &data);
    tmux.wait_for(s, &["Opening meeting", "0/"]);
    tmux.keys(s, &["s"]);
    tmux.wait_until(s, "the opening to start", STEP, |screen| {
        screen.contains("Opening meeting   started ") && !screen.contains("started —")
    });
    tmux.keys(s, &["Space"]);
    tmux.wait_for(s, &["1/"]);
    tmux.keys(s, &["e"]);
    tmux.wait_until(s, "the opening to end", STEP, |screen| {
        screen.contains("Opening meeting") && !screen.contains("ended —")
    });

    // Two samples: one conforming, one with the record the interview will contradict.
    tmux.keys(s, &["3", "Enter"]);
    tmux.wait_for(s, &["A.5.15 Access control", "Nothing recorded yet"]);
    tmux.keys(s, &["e"]);
    tmux.wait_for(s, &["New evidence item — A.5.15"]);
    tmux.type_text(s, "Access control policy v2, approved");
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["evidence: ", "Access control policy v2"]);
    tmux.keys(s, &["c"]);
    tmux.wait_for(s, &["conforming"]);
    tmux.keys(s, &["Escape"]);
    tmux.wait_for(s, &["Samples (1/2)"]);
    tmux.keys(s, &["j", "Enter"]);
    tmux.wait_for(s, &["A.5.18 Access rights", "Nothing recorded yet"]);
    tmux.keys(s, &["e"]);
    tmux.wait_for(s, &["New evidence item — A.5.18"]);
    tmux.type_text(s, RECORDS);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["evidence: ", RECORDS]);

    // The interview: a question answered, the next one ready and half typed when the laptop
    // dies.
    tmux.keys(s, &["4", "Enter"]);
    tmux.wait_for(s, &["Cara Owner", "Not started"]);
    tmux.keys(s, &["s"]);
    tmux.wait_for(s, &["in progress: e to end", "A.5.18 not checked"]);
    tmux.keys(s, &["a"]);
    tmux.wait_for(s, &["Question — Cara Owner"]);
    tmux.type_text(s, FIRST_Q);
    tmux.keys(s, &["Enter"]);
    tmux.wait_for(s, &["▶ Answer"]);
    tmux.type_text(s, FIRST_A);
    tmux.wait_for(s, &[FIRST_A]);
    tmux.keys(s, &["Enter"]);
    tmux.wait_for(s, &["▶ Clauses and controls it touches", "A.5.18"]);
    tmux.keys(s, &["Enter"]);
    tmux.wait_until(s, "the next question, empty", STEP, |screen| {
        screen.contains("Question — Cara Owner") && !screen.contains(FIRST_Q)
    });
    tmux.type_text(s, SECOND_Q);
    tmux.keys(s, &["Enter"]);
    tmux.type_text(s, SECOND_A);
    tmux.wait_for(s, &[SECOND_A]);
    tmux.wait_on_disk(s, "the question was not autosaved", || {
        question_draft_on_disk(&data, SECOND_Q)
    });
    tmux.wait_on_disk(s, "the answer was not autosaved", || {
        draft_on_disk(&data, SECOND_A)
    });
    let pid = tmux.pane(s, "#{pane_pid}");
    let killed = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    assert!(killed.success(), "could not SIGKILL auditday (pid {pid})");
    tmux.wait_dead(s);

    // Back: the question form as it was, the first answer intact.
    let s = "afternoon";
    tmux.start_as(s, "Ann Lead", (110, 32), plan, &data);
    tmux.wait_for(s, &["Question — Cara Owner", SECOND_Q, SECOND_A]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_until(
        s,
        "the next question after the restored one",
        STEP,
        |screen| screen.contains("Question — Cara Owner") && !screen.contains(SECOND_Q),
    );
    tmux.keys(s, &["Escape"]);
    tmux.wait_for(
        s,
        &[
            &format!("Q: {FIRST_Q}"),
            &format!("A: {FIRST_A}"),
            &format!("Q: {SECOND_Q}"),
            &format!("A: {SECOND_A}"),
        ],
    );

    // What was said contradicts the records: the finding is offered with both linked.
    tmux.keys(s, &["v"]);
    tmux.wait_for(
        s,
        &["Compare with the records", "▶ Clause or control", "A.5.18"],
    );
    tmux.keys(s, &["Tab", "Right", "Tab", "Space", "Tab"]);
    tmux.wait_for(
        s,
        &[
            "(•) contradicts the records",
            &format!("[x] A.5.18 {RECORDS}"),
        ],
    );
    tmux.type_text(s, "The list contradicts the same-day answer");
    tmux.keys(s, &["C-s"]);
    tmux.wait_for(
        s,
        &[
            "Raise a finding",
            "A finding on A.5.18, citing the interview?",
        ],
    );
    tmux.keys(s, &["2"]);
    tmux.wait_for(
        s,
        &[
            "New finding (minor nonconformity) — A.5.18",
            &format!("[x] A.5.18 {RECORDS}"),
        ],
    );
    tmux.type_text(s, STATEMENT);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["A.5.18 contradicts the records"]);
    tmux.keys(s, &["e"]);
    tmux.wait_for(s, &["to interview again"]);
    tmux.keys(s, &["Escape"]);
    tmux.wait_for_line(s, &["Cara Owner", "⚠ 1 contradiction"]);

    // The closing meeting: the finding presented, a diverging opinion, the recommendation.
    tmux.keys(s, &["6", "s"]);
    tmux.wait_for_line(s, &["NC-01", STATEMENT]);
    tmux.keys(s, &["p"]);
    tmux.wait_for(
        s,
        &["NC-01", "Minor nonconformity", "Corrective action due"],
    );
    tmux.keys(s, &["o"]);
    tmux.wait_for(s, &["Whose opinion"]);
    tmux.type_text(s, "Cara Owner");
    tmux.keys(s, &["Tab"]);
    tmux.type_text(s, OPINION);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for(s, &["Diverging opinion of Cara Owner", OPINION]);
    tmux.keys(s, &["Escape"]);
    tmux.wait_for(
        s,
        &["Recommendation: certification recommended, subject to an accepted corrective-action"],
    );
    tmux.keys(s, &["m"]);
    tmux.wait_for(s, &["Recommendation of the audit team"]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_until(s, "the recommendation to be stated", STEP, |screen| {
        !screen.contains("Recommendation of the audit team") && !screen.contains("m to state it")
    });
    tmux.keys(s, &["e"]);
    tmux.wait_for(s, &["End the closing meeting?"]);
    tmux.keys(s, &["Enter"]);
    tmux.wait_until(s, "the closing meeting to end", STEP, |screen| {
        screen.contains("Closing meeting") && !screen.contains("ended —")
    });
    tmux.keys(s, &["q"]);
    tmux.wait_dead(s);

    let out = Command::new(BIN)
        .args(["record", plan.to_str().unwrap(), "--json"])
        .args(["--data-dir", data.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "auditday record failed: {out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let interview = &summary["interviews"][0];
    assert_eq!(interview["notes"], 2, "{interview}");
    assert_eq!(interview["corroborations"][0]["verdict"], "contradicts");
    assert!(
        !summary["recommendation"]["stated"].is_null(),
        "{}",
        summary["recommendation"]
    );
    let finding = &summary["findings"][0];
    assert_eq!(finding["statement"], STATEMENT, "{finding}");
    assert_eq!(finding["interviews"][0], interview["id"], "{finding}");
    assert!(
        finding["objective_evidence"]
            .as_str()
            .unwrap()
            .contains(&format!("asked \"{FIRST_Q}\", answered \"{FIRST_A}\"")),
        "{finding}"
    );
}

/// Runs `program` in `dir`, which must succeed, with no global git configuration.
fn run_ok(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_finding_synced_through_git_appears_on_the_other_clones_open_screen() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let made = root.join("made");
    run_ok(root, BIN, &["team", "init", PLAN, made.to_str().unwrap()]);
    run_ok(
        root,
        "git",
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    run_ok(&made, "git", &["init", "-q", "-b", "main"]);
    run_ok(&made, "git", &["add", "."]);
    run_ok(
        &made,
        "git",
        &[
            "-c",
            "user.name=L",
            "-c",
            "user.email=l@x",
            "commit",
            "-qm",
            "audit folder",
        ],
    );
    run_ok(&made, "git", &["push", "-q", "../remote.git", "main"]);
    let (mine, toms) = (root.join("priya"), root.join("tom"));
    for clone in [&mine, &toms] {
        run_ok(
            root,
            "git",
            &["clone", "-q", "remote.git", clone.to_str().unwrap()],
        );
    }
    let data = root.join("data");
    let tmux = Tmux::new("git", root);
    const STATEMENT: &str = "Supplier reviews not evidenced for 2026";
    let (lead, tom) = ("lead", "tom");
    tmux.start_as(lead, AUDITOR, (100, 30), &mine, &data);
    tmux.start_as(tom, "Tom Whitfield", (100, 30), &toms, &data);
    tmux.wait_for(lead, &["Opening meeting"]);
    tmux.wait_for(tom, &["Opening meeting"]);
    tmux.keys(lead, &["5"]);
    tmux.wait_for(lead, &["Findings (0)"]);

    tmux.keys(tom, &["3", "Enter"]);
    tmux.wait_for(tom, &["4.1 Understanding the organization"]);
    tmux.keys(tom, &["f", "2"]);
    tmux.wait_for(tom, &["New finding (minor nonconformity)"]);
    tmux.type_text(tom, STATEMENT);
    tmux.wait_for(tom, &[STATEMENT]);
    tmux.keys(tom, &["C-s"]);
    tmux.wait_for_line(tom, &["NC-01", STATEMENT]);

    let said = run_ok(&toms, BIN, &["team", "sync", "--auditor", "Tom Whitfield"]);
    assert!(said.contains("Pushed to origin/main"), "{said}");
    let said = run_ok(&mine, BIN, &["team", "sync", "--auditor", AUDITOR]);
    assert!(
        said.contains("Received from origin/main: tom-whitfield-"),
        "{said}"
    );
    tmux.wait_for_line(lead, &["NC-01", STATEMENT]);
    tmux.keys(lead, &["2"]);
    tmux.wait_for_line(
        lead,
        &["Tom Whitfield: last seen", "1 finding · new at the", "sync"],
    );
    assert!(!data.exists(), "the records stay in the audit folders");
}

/// A surveillance day against the previous audit's JSON report: one nonconformity verified
/// closed and effective, the other still open and raised again as a major with one key; the
/// screen shows both, and the report made meanwhile says so.
#[test]
fn a_surveillance_day_verifies_the_previous_nonconformities_and_reports_them() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-audits");
    let plan = dir.path().join("surveillance-law-firm.toml");
    for name in [
        "surveillance-law-firm.toml",
        "surveillance-law-firm.previous.json",
    ] {
        std::fs::copy(Path::new(samples).join(name), dir.path().join(name)).unwrap();
    }
    let data = dir.path().join("data");
    let tmux = Tmux::new("surveillance", dir.path());
    let s = "surv";
    tmux.start_as(s, "Graham Pell", (100, 30), &plan, &data);
    tmux.wait_for(s, &["Opening meeting"]);
    tmux.keys(s, &["3"]);
    tmux.wait_for(
        s,
        &[
            "Verify closure: the previous audit's nonconformities (2)",
            "NC-01 minor A.5.18: not verified, overdue (due 7 Jan 2026)",
            "NC-02 minor A.6.3: not verified, overdue (due 7 Jan 2026)",
        ],
    );
    tmux.keys(s, &["Enter"]);
    tmux.wait_for(
        s,
        &[
            "NC-01 · minor nonconformity · A.5.18",
            "Statement: The quarterly access reviews",
            "Corrective action: overdue (due 7 Jan 2026)",
            "Not verified yet: v records",
        ],
    );
    tmux.keys(s, &["v"]);
    tmux.wait_for(s, &["Verify closure — NC-01", "closed and effective"]);
    tmux.keys(s, &["Tab"]);
    tmux.type_text(s, "Quarterly reviews signed by the heads of department");
    tmux.wait_for(s, &["Quarterly reviews signed by the heads"]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for(s, &["Verdict: closed and effective · by Graham Pell"]);
    tmux.keys(s, &["f"]);
    tmux.wait_for(s, &["NC-01 is closed and effective: nothing to raise"]);
    tmux.keys(s, &["Escape"]);
    tmux.wait_until(s, "the notice closed", STEP, |screen| {
        !screen.contains("nothing to raise")
    });
    tmux.keys(s, &["Escape"]);
    tmux.wait_for(s, &["Samples (14)"]);
    tmux.keys(s, &["Down"]);
    tmux.keys(s, &["Enter"]);
    tmux.wait_for(s, &["NC-02 · minor nonconformity · A.6.3"]);
    tmux.keys(s, &["v"]);
    tmux.wait_for(s, &["Verify closure — NC-02"]);
    tmux.keys(s, &["Right", "Right"]);
    tmux.wait_for(s, &["(•) open"]);
    tmux.keys(s, &["Tab"]);
    tmux.type_text(s, "Reminder e-mails planned, not yet sent");
    tmux.wait_for(s, &["Reminder e-mails planned"]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for(
        s,
        &[
            "Verdict: open · by Graham Pell",
            "A finding of this audit: f raises it as a major nonconformity citing NC-02",
        ],
    );
    tmux.keys(s, &["f"]);
    tmux.wait_for(
        s,
        &["finding (major nonconformity) — A.6.3", "NC-02 (minor"],
    );
    tmux.keys(s, &["C-s"]);
    tmux.wait_until(s, "the finding form closed", STEP, |screen| {
        !screen.contains("finding (major nonconformity)")
    });
    tmux.keys(s, &["Escape"]);
    tmux.wait_for_line(s, &["NC-01 minor A.5.18: closed and effective"]);
    tmux.wait_for_line(s, &["NC-02 minor A.6.3: open"]);
    tmux.wait_for(s, &["1 major", "saved "]);
    let out = Command::new(BIN)
        .args([
            "report",
            plan.to_str().unwrap(),
            "--format",
            "md",
            "--data-dir",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let md = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "## Verification of corrective actions from previous audits",
        "### NC-01: Minor nonconformity",
        "- **Verdict:** closed and effective",
        "- **Corrective action seen:** Quarterly reviews signed by the heads of department",
        "### NC-02: Minor nonconformity",
        "- **Verdict:** open",
        "**Not closed effectively: a finding of this audit.**",
        "### NC-01 (provisional number): Major nonconformity",
        "NC-02 (minor nonconformity) raised at Ashcombe & Reid",
    ] {
        assert!(md.contains(expected), "no {expected:?} in:\n{md}");
    }
}

#[test]
fn a_stage1_opens_on_the_document_review_and_a_reviewed_document_is_in_the_report() {
    if !tmux_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tmux = Tmux::new("stage1", dir.path());
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-audits/stage1-health-analytics.toml"
    );
    const CONCERN: &str = "Objectives have no owners";
    let s = "stage1";
    tmux.start_as(s, "Siobhán Keane", (100, 30), Path::new(plan), &data);
    tmux.wait_for(
        s,
        &[
            "Document review (0/15 reviewed)",
            "provisional: 15 to review",
            "not in the SoA: A.5.7",
        ],
    );

    // The policy (third on the list): seen, version 1.1, approved by the CEO.
    tmux.keys(s, &["Down", "Down", "Enter"]);
    tmux.wait_for(s, &["Document review — Information security policy v1.1"]);
    tmux.keys(s, &["Tab"]);
    tmux.type_text(s, "ISMS-POL-001");
    tmux.keys(s, &["Tab"]);
    tmux.type_text(s, "1.1");
    tmux.keys(s, &["Tab"]);
    tmux.type_text(s, "Niamh Walsh, CEO");
    tmux.wait_for(s, &["Niamh Walsh, CEO"]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["✓ seen", "5.2", "v 1.1"]);
    tmux.wait_for(s, &["Document review (1/15 reviewed)", "saved"]);

    // An area of concern on the objectives (ninth), offered first on a Stage 1.
    tmux.keys(s, &["Down", "Down", "Down", "Down", "Down", "Down", "f"]);
    tmux.wait_for(s, &["area of concern"]);
    tmux.keys(s, &["Enter"]);
    tmux.type_text(s, CONCERN);
    tmux.wait_for(s, &[CONCERN]);
    tmux.keys(s, &["C-s"]);
    tmux.wait_for_line(s, &["fix first: AOC-01? 6.2:", CONCERN]);
    tmux.keys(s, &["q"]);
    tmux.wait_dead(s);

    let out = Command::new(BIN)
        .args(["report", plan, "--format", "md", "--data-dir"])
        .arg(&data)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let md = String::from_utf8(out.stdout).unwrap();
    for told in [
        "| Information security policy v1.1, signed by the CEO (5.2) | seen | ISMS-POL-001 | 1.1 | Niamh Walsh, CEO |",
        &format!("- AOC-01 (Area of concern, 6.2): {CONCERN}"),
        "Provisional: some documents are not reviewed yet.",
        "- Row 54: A.7.6 is excluded without a justification",
    ] {
        assert!(md.contains(told), "{told:?} not in the report:\n{md}");
    }
}
