//! A full disk while recording: the screen says NOT SAVED in words, the item stays on screen
//! and in memory, `r` writes it once the disk has room, and the record then holds it.

use std::cell::Cell;
use std::fs::File;
use std::io;
use std::rc::Rc;

use std::sync::Arc;

use auditday::audit::AuditState;
use auditday::catalogue::Catalogue;
use auditday::record::{Disk, OsDisk};
use auditday::session::Session;
use auditday::tui::action::Action;
use auditday::tui::app::{App, SaveState};
use auditday::tui::message::Message;
use auditday::tui::runner;
use chrono::{FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);

/// A disk that is full while `full` is set.
#[derive(Clone)]
struct Disk2 {
    full: Rc<Cell<bool>>,
}

impl Disk2 {
    fn check(&self) -> io::Result<()> {
        if self.full.get() {
            Err(io::Error::from_raw_os_error(28))
        } else {
            Ok(())
        }
    }
}

impl Disk for Disk2 {
    fn append(&mut self, file: &File, bytes: &[u8]) -> io::Result<()> {
        self.check()?;
        OsDisk.append(file, bytes)
    }
    fn set_len(&mut self, file: &File, len: u64) -> io::Result<()> {
        self.check()?;
        OsDisk.set_len(file, len)
    }
    fn sync_data(&mut self, file: &File) -> io::Result<()> {
        self.check()?;
        OsDisk.sync_data(file)
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
    terminal
        .draw(|f| {
            auditday::tui::view::draw(f, app);
        })
        .unwrap();
    terminal.backend().to_string()
}

fn act<D: Disk>(app: &mut App, session: &mut Session<D>, action: Action) {
    runner::step(app, session, Message::Action(action));
}

#[test]
fn a_full_disk_shows_not_saved_keeps_the_item_and_retry_saves_it() {
    let data = tempfile::tempdir().unwrap();
    let plan = auditday::plan::load(std::path::Path::new(PLAN), None).unwrap();
    let full = Rc::new(Cell::new(false));
    let disk = Disk2 { full: full.clone() };
    let (mut app, mut store, _) = runner::open_with(
        disk,
        plan,
        Catalogue::iso27001_2022().clone(),
        "Priya Shah",
        data.path(),
        Arc::new(|_| {}),
    )
    .unwrap();
    app.now = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 11, 30, 5)
        .unwrap();
    app.show_sample("A.8.13");

    full.set(true);
    act(&mut app, &mut store, Action::NewNote);
    act(
        &mut app,
        &mut store,
        Action::Paste("Restore test of 2026-09 failed, not repeated".into()),
    );
    act(&mut app, &mut store, Action::Submit);

    assert!(
        matches!(&app.save, SaveState::NotSaved { reason, .. } if reason == "the disk is full")
    );
    assert_eq!(app.unsaved.len(), 1);
    let shown = screen(&app);
    assert!(
        shown.contains("NOT SAVED — the disk is full, press r to retry"),
        "{shown}"
    );
    assert!(
        shown.contains("note: Restore test of 2026-09 failed, not repeated — NOT SAVED"),
        "{shown}"
    );

    act(&mut app, &mut store, Action::Retry);
    assert_eq!(app.unsaved.len(), 1, "still full: still held");

    full.set(false);
    act(&mut app, &mut store, Action::Retry);
    assert!(app.unsaved.is_empty());
    let SaveState::Saved(at) = app.save else {
        panic!("{:?}", app.save);
    };
    assert_eq!(at.offset(), app.now.offset(), "told in the auditor's time");
    let shown = screen(&app);
    assert!(
        shown.lines().next_back().is_some()
            && shown.contains("saved ")
            && shown.contains(&at.format("%H:%M:%S").to_string()),
        "the header says when the disk took it:\n{shown}"
    );
    assert!(!shown.contains("NOT SAVED"), "{shown}");
    drop(store);

    let mut events = Vec::new();
    auditday::record::read_audit(data.path(), "brightloop-stage2-2026", |e| events.push(e))
        .unwrap();
    let state = AuditState::fold(&events);
    let notes: Vec<String> = state.notes().map(|n| n.content.text.clone()).collect();
    assert_eq!(notes, ["Restore test of 2026-09 failed, not repeated"]);
}
