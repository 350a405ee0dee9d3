//! The loop that runs the interface: terminal events become actions, `update` turns them into
//! state changes and events to record, the record writes them (synced before "saved"), `view`
//! draws. The only place where the interface does I/O.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Local, Utc};
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};

use super::action::Action;
use super::app::{App, Overlay, SaveState};
use super::keymap;
use super::resume::{self, Position};
use super::terminal::TerminalGuard;
use super::update::Effect;
use super::view;
use crate::audit::{AuditState, Event};
use crate::catalogue::Catalogue;
use crate::plan::Plan;
use crate::record::{Disk, Envelope, OsDisk, Store};

/// How often the clock ticks: the header's time, the agenda, draft autosave.
const TICK: Duration = Duration::from_millis(500);

/// What the interface needs to start.
pub struct Start {
    /// The validated plan.
    pub plan: Plan,
    /// Its catalogue.
    pub catalogue: Catalogue,
    /// Who records.
    pub auditor: String,
    /// Where records live.
    pub data_dir: std::path::PathBuf,
    /// Whether to capture the mouse.
    pub mouse: bool,
}

/// How the day ended.
pub struct Outcome {
    /// Where the record is.
    pub record: String,
    /// How many recorded items could not be written (the auditor chose to quit anyway); they
    /// were printed to standard error as record lines so that nothing typed is gone.
    pub unsaved: usize,
}

/// Opens the record and the interface, and runs the audit day until the auditor quits.
pub fn run(start: Start) -> anyhow::Result<Outcome> {
    let (mut app, mut store) = open(start.plan, start.catalogue, &start.auditor, &start.data_dir)?;
    app.keymap = keymap::Keymap::load()?;
    let mouse = start.mouse;
    let position_file = resume::file_for(store.path());
    if let Some(position) = resume::load(&position_file) {
        position.restore(&mut app);
    }
    let farewell = format!(
        "Everything recorded up to here is saved in {}",
        crate::text::one_line(&app.record_path)
    );
    let mut guard =
        TerminalGuard::enter(mouse, farewell.clone()).context("cannot take over the terminal")?;
    let result = day(&mut app, &mut store, &mut guard, &position_file);
    drop(guard);
    let _ = write_unsaved(&app, &mut std::io::stderr());
    result.with_context(|| farewell.clone())?;
    Ok(Outcome {
        unsaved: app.unsaved.len(),
        record: app.record_path,
    })
}

/// Writes the items that never reached the disk, once the terminal is back, as the lines the
/// record would hold: the auditor can keep them and append them to the record later.
fn write_unsaved(app: &App, out: &mut impl std::io::Write) -> std::io::Result<()> {
    if app.unsaved.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{} recorded item(s) could NOT be written to {}. Here they are as record lines; keep \
         this text and append it to that file once the disk can be written:",
        app.unsaved.len(),
        crate::text::one_line(&app.record_path)
    )?;
    for envelope in &app.unsaved {
        let line = String::from_utf8_lossy(&crate::record::encode_line(envelope)).into_owned();
        writeln!(out, "{}", crate::text::one_line(line.trim_end()))?;
    }
    Ok(())
}

/// The loop of the day: draw, wait for a key or the next tick, update, record.
fn day(
    app: &mut App,
    store: &mut Store,
    guard: &mut TerminalGuard,
    position_file: &Path,
) -> anyhow::Result<()> {
    let mut saved_position = Position::of(app);
    let mut rail = Vec::new();
    while !app.quitting {
        guard.terminal.draw(|frame| rail = view::draw(frame, app))?;
        let action = if event::poll(TICK)? {
            match event::read()? {
                TermEvent::Key(key) if key.kind != KeyEventKind::Release => {
                    app.keymap.action(app.key_context(), key)
                }
                TermEvent::Paste(text) => Some(Action::Paste(text)),
                TermEvent::Mouse(mouse) => keymap::mouse(mouse, &rail),
                _ => None,
            }
        } else {
            Some(Action::Tick)
        };
        app.now = Local::now().fixed_offset();
        if let Some(action) = action {
            let effects = app.update(action);
            perform(app, store, effects);
        }
        let position = Position::of(app);
        if position != saved_position {
            let _ = resume::save(position_file, &position);
            saved_position = position;
        }
    }
    Ok(())
}

/// Opens the auditor's record, loads every auditor's events of the audit, and builds the
/// interface's state; damaged lines found on the way are told in a notice.
pub fn open(
    plan: Plan,
    catalogue: Catalogue,
    auditor: &str,
    data_dir: &Path,
) -> anyhow::Result<(App, Store)> {
    type Loaded = (AuditState, Option<DateTime<Utc>>);
    let (store, (audit, last), report) = Store::open_folding(
        OsDisk,
        data_dir,
        &plan.audit.id.value,
        auditor,
        |(state, last): &mut Loaded, e| {
            *last = (*last).max(Some(e.at));
            state.apply(&e);
        },
        |(state, last): &mut Loaded, (other, other_last)| {
            state.merge(other);
            *last = (*last).max(other_last);
        },
    )?;
    let mut app = App::new(
        plan,
        catalogue,
        auditor.to_string(),
        audit,
        Local::now().fixed_offset(),
    );
    app.record_path = store.path().display().to_string();
    if let Some(last) = last {
        app.save = SaveState::Saved(last.with_timezone(app.now.offset()));
    }
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut notice: Vec<String> = report.damage().map(|d| d.to_string()).collect();
    let unknown = app.audit().not_understood().len();
    if unknown > 0 {
        notice.push(format!(
            "{unknown} recorded event(s) were written by a newer auditday; they are kept in the record untouched."
        ));
    }
    if !notice.is_empty() {
        app.overlay = Some(Overlay::Notice(notice));
    }
    Ok((app, store))
}

/// Performs the effects of an update: records events (shown at once, marked not saved until
/// the disk has them) and retries what could not be written.
pub fn perform<D: Disk>(app: &mut App, store: &mut Store<D>, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Record(event) = effect {
            let event = with_fingerprint(app, *event);
            let envelope = event.stamp(store);
            app.apply(&envelope);
            supersede_draft(&mut app.unsaved, &event);
            app.unsaved.push(envelope);
        }
    }
    flush(app, store);
}

/// Writes the unsaved events in order, stopping at the first failure; "saved" carries the
/// time of the update that recorded them.
fn flush<D: Disk>(app: &mut App, store: &mut Store<D>) {
    if app.unsaved.is_empty() {
        return;
    }
    while let Some(envelope) = app.unsaved.first() {
        match store.append(envelope) {
            Ok(()) => {
                app.unsaved.remove(0);
            }
            Err(e) => {
                app.save = SaveState::NotSaved {
                    reason: e.cause(),
                    detail: e.to_string(),
                };
                return;
            }
        }
    }
    app.save = SaveState::Saved(app.now);
}

/// An unsaved draft made pointless by a newer draft of the same field is dropped: only the
/// latest text of a field matters, and a full disk must not make the queue grow with typing.
fn supersede_draft(unsaved: &mut Vec<Envelope>, event: &Event) {
    let Event::DraftSaved(new) = event else {
        return;
    };
    unsaved.retain(|e| {
        let old = crate::audit::Event::decode(&e.kind, &e.data);
        !matches!(old, Ok(Event::DraftSaved(old)) if old.of == new.of && old.field == new.field)
    });
}

/// An evidence item naming a file gets the file's fingerprint; a file that cannot be read is
/// recorded without one, and the auditor is told.
fn with_fingerprint(app: &mut App, event: Event) -> Event {
    let fill = |item: &mut crate::audit::EvidenceItem, app: &mut App| {
        if let Some(file) = &mut item.file
            && file.sha256.is_empty()
        {
            match crate::record::fingerprint(Path::new(&file.path)) {
                Ok(seen) => *file = seen,
                Err(e) => {
                    app.overlay = Some(Overlay::Notice(vec![format!(
                        "Could not read {} to fingerprint it ({e}); the evidence item is recorded without its SHA-256.",
                        file.path
                    )]))
                }
            }
        }
    };
    match event {
        Event::EvidenceAdded(mut item) => {
            fill(&mut item, app);
            Event::EvidenceAdded(item)
        }
        Event::EvidenceEdited(mut edit) => {
            fill(&mut edit.content, app);
            Event::EvidenceEdited(edit)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone};

    use super::*;
    use crate::audit::{Event, Note};

    #[test]
    fn items_never_saved_are_printed_as_record_lines_on_leaving() {
        let plan = crate::plan::load(
            Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/sample-audits/stage2-software-sme.toml"
            )),
            None,
        )
        .unwrap();
        let now = FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 24, 16, 0, 0)
            .unwrap();
        let mut app = App::new(
            plan,
            Catalogue::iso27001_2022().clone(),
            "Priya Shah".into(),
            AuditState::default(),
            now,
        );
        app.record_path = "/records/priya.jsonl".into();
        let mut out = Vec::new();
        write_unsaved(&app, &mut out).unwrap();
        assert!(out.is_empty(), "nothing unsaved, nothing printed");

        let note = Event::NoteWritten(Note {
            sample: Some("A.8.13".into()),
            meeting: None,
            text: "Restore test failed \u{1b}[2J".into(),
        });
        app.unsaved.push(Envelope {
            version: crate::record::FORMAT_VERSION,
            id: ulid::Ulid::from_parts(1, 1),
            at: now.to_utc(),
            auditor: "Priya Shah".into(),
            kind: note.kind().into(),
            data: note.data(),
            extra: Vec::new(),
        });
        write_unsaved(&app, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0]
                .starts_with("1 recorded item(s) could NOT be written to /records/priya.jsonl.")
        );
        let decoded = crate::record::decode_line(lines[1].as_bytes()).unwrap();
        assert_eq!(Event::decode(&decoded.kind, &decoded.data), Ok(note));
    }
}
