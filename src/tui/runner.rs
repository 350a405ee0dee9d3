//! The loop that runs the interface: keys (read on their own thread) and the session's reports
//! arrive on one channel as messages; `update` turns each into state changes and commands;
//! the commands are performed here (recording through the session, synced before "saved") and
//! their results come back as messages; `view` draws once the messages waiting are handled.
//! The only place where the interface does I/O.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, TryLockError};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Local;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};

use super::action::Action;
use super::app::{App, Overlay, SaveState};
use super::keymap;
use super::message::Message;
use super::resume::{self, Position};
use super::terminal::TerminalGuard;
use super::update::Effect;
use super::view;
use crate::catalogue::Catalogue;
use crate::plan::Plan;
use crate::record::{Disk, Envelope, Home, LoadReport, OsDisk};
use crate::session::{Pending, Report, Reporter, Session};

/// How often the clock ticks, keys or not: the header's time, the agenda, and the drafts that
/// fall due while no key comes (see `update::DRAFT_DUE`).
const TICK: Duration = Duration::from_millis(500);

/// The longest the loop handles waiting messages before it draws a frame.
const FRAME: Duration = Duration::from_millis(16);

/// What the interface needs to start.
pub struct Start {
    /// The validated plan.
    pub plan: Plan,
    /// Its catalogue.
    pub catalogue: Catalogue,
    /// Who records.
    pub auditor: String,
    /// Where records live: the data folder, or the team's audit folder.
    pub home: crate::record::Home,
    /// Whether to capture the mouse.
    pub mouse: bool,
    /// The scenario of a practice audit (`auditday practice`).
    pub practice: Option<Arc<crate::practice::Scenario>>,
}

/// How the day ended.
pub struct Outcome {
    /// Where the record is.
    pub record: String,
    /// How many recorded items could not be written (the auditor chose to quit anyway); they
    /// were printed to standard error as record lines so that nothing typed is gone.
    pub unsaved: usize,
}

/// What reaches the loop's channel from outside it.
enum Input {
    /// From the terminal: a key, a paste, a resize, the mouse.
    Terminal(TermEvent),
    /// From a worker of the session.
    Session(Report),
}

/// Opens the record and the interface, and runs the audit day until the auditor quits.
pub fn run(start: Start) -> anyhow::Result<Outcome> {
    let (tx, rx) = mpsc::channel::<Input>();
    let from_session = tx.clone();
    let reporter: Reporter = Arc::new(move |report| {
        let _ = from_session.send(Input::Session(report));
    });
    let (mut app, mut session, load) = open(
        start.plan,
        start.catalogue,
        &start.auditor,
        &start.home,
        reporter,
    )?;
    app.keymap = keymap::Keymap::load()?;
    app.practice = start.practice;
    session.follow_others(&load);
    let position_file = session.position_file();
    if let Some(position) = resume::load(&position_file) {
        position.restore(&mut app);
    }
    let record = app.record_path.clone();
    let pending = session.pending_handle();
    let said = record.clone();
    let last_words = Box::new(move || after_panic(&said, &pending));
    let mut guard =
        TerminalGuard::enter(start.mouse, last_words).context("cannot take over the terminal")?;
    read_terminal(tx);
    let positions = resume::Saver::start(position_file);
    let result = day(&mut app, &mut session, &mut guard, &rx, &positions);
    drop(positions);
    drop(guard);
    let waiting = session.pending();
    if !waiting.is_empty() {
        let _ = write!(std::io::stderr(), "{}", farewell(&record, &waiting));
    }
    result.with_context(|| farewell(&record, &waiting))?;
    Ok(Outcome {
        unsaved: waiting.len(),
        record,
    })
}

/// What to tell the auditor when the interface closes (or panics): where the record is, and
/// either that everything is on the disk or, as the record's own lines, each item that is not,
/// so that they can be kept and appended once the disk can be written.
pub fn farewell(record: &str, waiting: &[Envelope]) -> String {
    let record = crate::text::one_line(record);
    if waiting.is_empty() {
        return format!("Everything recorded up to here is saved in {record}");
    }
    let mut text = format!(
        "{} recorded item(s) could NOT be written to {record}. Here they are as record lines; \
         keep this text and append it to that file once the disk can be written:\n",
        waiting.len(),
    );
    for envelope in waiting {
        // Its payload came from an event, so it is JSON and the line prints as it reads back.
        let line = crate::json_out::record_line(envelope).unwrap_or_else(|_| {
            let line = crate::record::encode_line(envelope);
            crate::text::one_line(String::from_utf8_lossy(&line).trim_end()).into_owned()
        });
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The farewell after a panic, from the items waiting at that moment. A panic while the queue
/// is held leaves it poisoned or, on this thread, locked: the items are still plain data in
/// the first case; in the second they cannot be read, and nothing may claim they are saved.
fn after_panic(record: &str, pending: &Pending) -> String {
    match pending.try_lock() {
        Ok(waiting) => farewell(record, &waiting),
        Err(TryLockError::Poisoned(waiting)) => farewell(record, &waiting.into_inner()),
        Err(TryLockError::WouldBlock) => format!(
            "auditday stopped while writing to {}; the items recorded last may not be saved",
            crate::text::one_line(record)
        ),
    }
}

/// Reads the terminal on a thread of its own, so that keys and the session's reports meet on
/// one channel. The thread ends with the program.
fn read_terminal(tx: mpsc::Sender<Input>) {
    let _ = std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || {
            while let Ok(event) = event::read() {
                if tx.send(Input::Terminal(event)).is_err() {
                    return;
                }
            }
        });
}

/// The loop of the day: handle every message waiting, draw, wait for the next one or the tick.
fn day(
    app: &mut App,
    session: &mut Session,
    guard: &mut TerminalGuard,
    rx: &mpsc::Receiver<Input>,
    positions: &resume::Saver,
) -> anyhow::Result<()> {
    let mut saved_position = Position::of(app);
    let mut rail = Vec::new();
    let mut next_tick = Instant::now() + TICK;
    let mut dirty = true;
    while !app.quitting {
        if dirty {
            guard.terminal.draw(|frame| rail = view::draw(frame, app))?;
            dirty = false;
            let position = Position::of(app);
            if position != saved_position {
                positions.save(position.clone());
                saved_position = position;
            }
        }
        let first = match rx.recv_timeout(next_tick.saturating_duration_since(Instant::now())) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                anyhow::bail!("the terminal stopped sending keys")
            }
        };
        if Instant::now() >= next_tick {
            next_tick = Instant::now() + TICK;
            let shown = app.now.format("%H:%M").to_string();
            app.now = Local::now().fixed_offset();
            // A tick that saved nothing changes the screen only when the minute turns.
            let handled = step(app, session, Message::Action(Action::Tick));
            dirty |= handled > 1 || app.now.format("%H:%M").to_string() != shown;
        }
        // Everything waiting is handled before the next frame, but for a frame's time at
        // most: a burst (a pasted block of keys, another auditor's whole day arriving) is
        // drawn as it goes instead of holding the screen.
        let batch = Instant::now();
        let mut next = first;
        while let Some(input) = next.take() {
            let message = match input {
                Input::Session(report) => Some(Message::Session(report)),
                Input::Terminal(TermEvent::Resize(width, height)) => {
                    guard.resize(width, height)?;
                    None
                }
                Input::Terminal(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => app
                    .keymap
                    .action(app.key_context(), key)
                    .map(Message::Action),
                Input::Terminal(TermEvent::Paste(text)) => {
                    Some(Message::Action(Action::Paste(text)))
                }
                Input::Terminal(TermEvent::Mouse(mouse)) => {
                    keymap::mouse(mouse, &rail).map(Message::Action)
                }
                Input::Terminal(_) => None,
            };
            dirty = true;
            if let Some(message) = message {
                step(app, session, message);
            }
            if batch.elapsed() < FRAME {
                next = rx.try_recv().ok();
            }
        }
    }
    positions.save(Position::of(app));
    Ok(())
}

/// Opens the auditor's record through a session, loads every auditor's events of the audit,
/// and builds the interface's state; damaged lines found on the way are told in a notice.
/// Returns the load report too, from which the session follows the other auditors' files.
pub fn open(
    plan: Plan,
    catalogue: Catalogue,
    auditor: &str,
    home: impl Into<Home>,
    reporter: Reporter,
) -> anyhow::Result<(App, Session, LoadReport)> {
    open_with(OsDisk, plan, catalogue, auditor, home, reporter)
}

/// [`open`] writing through `disk`.
pub fn open_with<D: Disk>(
    disk: D,
    plan: Plan,
    catalogue: Catalogue,
    auditor: &str,
    home: impl Into<Home>,
    reporter: Reporter,
) -> anyhow::Result<(App, Session<D>, LoadReport)> {
    let (session, opened) = Session::open(disk, home, &plan.audit.id.value, auditor, reporter)?;
    let mut app = App::new(
        plan,
        catalogue,
        auditor.to_string(),
        opened.state,
        Local::now().fixed_offset(),
    );
    app.record_path = session.path().display().to_string();
    if app.plan.audit.kind.value == crate::plan::AuditKind::Stage1 {
        // A Stage 1 is a document review first; a saved position still wins.
        app.screen = super::action::Screen::Documents;
    }
    if let Some(last) = opened.last_recorded {
        app.save = SaveState::Saved(last.with_timezone(app.now.offset()));
    }
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    for file in &opened.load.files {
        if let Some(seal) = file.seal() {
            app.note_seal(&file.path, seal);
        }
    }
    let mut notice = opened.load.notices();
    let (library, problem) = crate::library::Library::load(&app.catalogue);
    app.library = library;
    if let Some(problem) = problem {
        notice.extend(problem.to_string().lines().map(str::to_string));
        notice.push(
            "The day goes on with the built-in finding library; fix the file and reopen the plan to use yours."
                .into(),
        );
    }
    let damaged = app.audit().damaged();
    if let Some(first) = damaged.values().next() {
        notice.push(match damaged.len() {
            1 => format!("{first}."),
            n => format!(
                "{n} recorded events are damaged; `auditday record` lists them. The first: {first}."
            ),
        });
    }
    let unknown = app.audit().not_understood().len();
    if unknown > 0 {
        notice.push(format!(
            "{unknown} recorded event(s) were written by a newer auditday; they are kept in the record untouched."
        ));
    }
    if !notice.is_empty() {
        app.overlay = Some(Overlay::Notice(notice));
    }
    Ok((app, session, opened.load))
}

/// Handles `message` and every message its commands give back, in order: recording an item
/// shows it at once (not saved), then writes everything waiting and says whether the disk
/// has it. Returns how many messages were handled, `message` included. No terminal: the
/// interface's tests drive the day through this.
pub fn step<D: Disk>(app: &mut App, session: &mut Session<D>, message: Message) -> usize {
    let mut queue = VecDeque::from([message]);
    let mut handled = 0;
    while let Some(message) = queue.pop_front() {
        handled += 1;
        let mut write = false;
        for effect in app.handle(message) {
            match effect {
                Effect::Record(event) => {
                    queue.push_back(Message::Recorded(session.record(&event)));
                    write = true;
                }
                Effect::Retry => write = true,
                Effect::Fingerprint { evidence, path } => session.fingerprint(evidence, path),
                Effect::CancelFingerprint { evidence } => session.cancel_fingerprint(evidence),
                Effect::WriteReports(request) => {
                    session.write_reports(app.plan.clone(), app.catalogue.clone(), request)
                }
            }
        }
        if write {
            queue.push_back(Message::Saving(session.flush()));
        }
    }
    handled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Event, Note};

    /// A note recorded and not yet written, with `text`.
    fn waiting_note(text: &str) -> (Event, Envelope) {
        let note = Event::NoteWritten(Note {
            sample: Some("A.8.13".into()),
            meeting: None,
            text: text.into(),
        });
        let envelope = Envelope {
            version: crate::record::FORMAT_VERSION,
            id: ulid::Ulid::from_parts(1, 1),
            at: chrono::DateTime::from_timestamp_millis(1_764_000_000_000).unwrap(),
            auditor: "Priya Shah".into(),
            kind: note.kind().into(),
            data: note.data(),
            extra: Vec::new(),
        };
        (note, envelope)
    }

    #[test]
    fn a_panic_with_items_waiting_prints_them_even_from_a_poisoned_queue() {
        let pending = Pending::default();
        assert_eq!(
            after_panic("/records/priya.jsonl", &pending),
            "Everything recorded up to here is saved in /records/priya.jsonl"
        );
        let (note, envelope) = waiting_note("Restore test failed");
        pending.lock().unwrap().push(envelope);
        let holder = pending.clone();
        let poisoned = std::thread::spawn(move || {
            let _held = holder.lock().unwrap();
            panic!("a panic while the queue is held");
        })
        .join();
        assert!(poisoned.is_err() && pending.is_poisoned());
        let text = after_panic("/records/priya.jsonl", &pending);
        assert!(!text.contains("saved in"), "{text}");
        let line = text.lines().nth(1).unwrap();
        let decoded = crate::record::decode_line(line.as_bytes()).unwrap();
        assert_eq!(Event::decode(&decoded.kind, &decoded.data), Ok(note));
    }

    #[test]
    fn the_farewell_says_saved_only_when_nothing_waits_and_prints_what_does_as_record_lines() {
        assert_eq!(
            farewell("/records/priya.jsonl", &[]),
            "Everything recorded up to here is saved in /records/priya.jsonl"
        );
        let (note, waiting) = waiting_note("Restore test failed \u{1b}[2J \u{9b}0m \u{202e}");
        let text = farewell("/records/priya.jsonl", &[waiting]);
        assert!(!text.contains("saved in"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0]
                .starts_with("1 recorded item(s) could NOT be written to /records/priya.jsonl.")
        );
        assert!(
            !lines[1].contains(['\u{1b}', '\u{9b}', '\u{202e}']),
            "escapes never reach the terminal raw"
        );
        let decoded = crate::record::decode_line(lines[1].as_bytes()).unwrap();
        assert_eq!(Event::decode(&decoded.kind, &decoded.data), Ok(note));
    }
}
