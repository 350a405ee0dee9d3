//! Opening a plan whose record is held by another auditday, or damaged, or by someone outside
//! the team: told in words, before the terminal is touched, and nothing is lost.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);

/// The hidden test command that appends `count` notes to Priya Shah's record of the sample
/// audit under `data`.
fn record_append(data: &std::path::Path, count: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_auditday"));
    command
        .args(["record-append", "--data-dir"])
        .arg(data)
        .args([
            "--audit",
            "brightloop-stage2-2026",
            "--auditor",
            "Priya Shah",
        ])
        .args(["--count", count]);
    command
}

#[test]
fn a_record_open_elsewhere_is_refused_with_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    let mut holder = record_append(data.path(), "1")
        .arg("--hold")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(holder.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "open");
    let held_id = lines.next().unwrap().unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg(PLAN)
        .arg("--data-dir")
        .arg(data.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("auditday: the record of Priya Shah for audit brightloop-stage2-2026 is already open in another auditday"),
        "{stderr}"
    );
    assert!(stderr.contains("close it there and try again"), "{stderr}");

    drop(holder.stdin.take());
    holder.wait().unwrap();
    let events = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["record", PLAN, "--events", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(String::from_utf8(events.stdout).unwrap().contains(&held_id));
}

#[test]
fn someone_outside_the_team_cannot_record_whether_named_by_flag_or_environment() {
    let data = tempfile::tempdir().unwrap();
    let by_flag = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg(PLAN)
        .args(["--auditor", "Mallory"])
        .arg("--data-dir")
        .arg(data.path())
        .env_remove("AUDITDAY_AUDITOR")
        .output()
        .unwrap();
    let by_env = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg(PLAN)
        .arg("--data-dir")
        .arg(data.path())
        .env("AUDITDAY_AUDITOR", "Mallory")
        .output()
        .unwrap();
    for out in [by_flag, by_env] {
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            "auditday: Mallory is not in the plan's team (Priya Shah, Tom Whitfield); pass --auditor with one of these names\n"
        );
    }
}

/// The interface opened on the sample plan as Priya Shah, with the record under `data`.
fn open_app(data: &std::path::Path) -> (auditday::tui::app::App, auditday::session::Session) {
    let plan = auditday::plan::load(std::path::Path::new(PLAN), None).unwrap();
    let (app, session, _) = auditday::tui::runner::open(
        plan,
        auditday::catalogue::Catalogue::iso27001_2022().clone(),
        "Priya Shah",
        data,
        std::sync::Arc::new(|_| {}),
    )
    .unwrap();
    (app, session)
}

#[test]
fn a_damaged_record_is_told_in_words_when_the_plan_opens() {
    use auditday::tui::app::Overlay;
    use std::io::Write;

    let data = tempfile::tempdir().unwrap();
    let appended = record_append(data.path(), "3").output().unwrap();
    assert!(appended.status.success());
    let folder = data.path().join("audits/brightloop-stage2-2026");
    let file = folder.join("priya-shah-900551a6.jsonl");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap()
        .write_all(br#"{"v":1,"id":"01M86DPKY37WN9R0B"#)
        .unwrap();

    let (app, _session) = open_app(data.path());
    let Some(Overlay::Notice(lines)) = &app.overlay else {
        panic!("no notice of the damage");
    };
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("1 damaged line (line 4, cut short by an interrupted write) moved to priya-shah-900551a6.jsonl.damaged-"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("the other 3 lines loaded."),
        "{}",
        lines[0]
    );
    assert_eq!(app.audit().notes().count(), 3, "the good lines are kept");
}

#[test]
fn the_closing_meeting_shows_each_files_seal_as_auditday_record_prints_it_and_keeps_it_current() {
    use auditday::tui::action::{Action, Screen};
    use auditday::tui::message::Message;
    use ratatui::{Terminal, backend::TestBackend};

    let data = tempfile::tempdir().unwrap();
    assert!(
        record_append(data.path(), "2")
            .output()
            .unwrap()
            .status
            .success()
    );
    let printed = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["record", PLAN, "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    let printed = String::from_utf8(printed.stdout).unwrap();
    let seal_line = printed
        .lines()
        .find(|l| l.contains("priya-shah-900551a6.jsonl: 2 events, seal "))
        .unwrap_or_else(|| panic!("{printed}"));
    let seal = seal_line.rsplit(' ').next().unwrap().to_owned();
    assert_eq!(seal.len(), 64);

    let (mut app, mut session) = open_app(data.path());
    app.overlay = None;
    auditday::tui::runner::step(
        &mut app,
        &mut session,
        Message::Action(Action::GoTo(Screen::Closing)),
    );
    let shown = |app: &auditday::tui::app::App| {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|frame| {
                auditday::tui::view::draw(frame, app);
            })
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let screen = shown(&app);
    assert!(
        screen.contains(&format!("Seal priya-shah-900551a6.jsonl {}…", &seal[..16])),
        "{screen}"
    );

    auditday::tui::runner::step(
        &mut app,
        &mut session,
        Message::Action(Action::StartMeeting),
    );
    let file = data
        .path()
        .join("audits/brightloop-stage2-2026/priya-shah-900551a6.jsonl");
    let bytes = std::fs::read(&file).unwrap();
    let last = bytes
        .trim_ascii_end()
        .rsplit(|&b| b == b'\n')
        .next()
        .unwrap();
    let now = auditday::record::hex(&auditday::record::hash_line(last));
    assert_ne!(now, seal);
    assert!(
        shown(&app).contains(&format!("Seal priya-shah-900551a6.jsonl {}…", &now[..16])),
        "the seal follows the record as it grows"
    );
}
