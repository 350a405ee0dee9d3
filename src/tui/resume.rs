//! Where the auditor was when the interface last stopped (screen, highlighted lines, the open
//! sample or interview, the open form), kept beside the record so that reopening the plan
//! resumes the day where it stood. It is a convenience, not evidence: the record holds what was
//! recorded, drafts included.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::record::{Folder, OsDisk};

use super::action::Screen;
use super::app::{App, Cursors, FormPurpose, OpenInterview, Overlay};

/// The part of the interface's state worth resuming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// The screen shown.
    pub screen: Screen,
    /// The highlighted line of each list.
    pub cursors: Cursors,
    /// The open sample.
    pub sample: Option<String>,
    /// Who the open interview is with.
    pub interview: Option<String>,
    /// Which of their interviews is open; none: the latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview_item: Option<ulid::Ulid>,
    /// What the open form was for.
    pub form: Option<FormPurpose>,
}

impl Position {
    /// Where `app` stands.
    pub fn of(app: &App) -> Position {
        Position {
            screen: app.screen,
            cursors: app.cursors,
            sample: app.open_sample.clone(),
            interview: app.open_interview.as_ref().map(|o| o.name.clone()),
            interview_item: app.open_interview.as_ref().and_then(|o| o.item),
            form: match &app.overlay {
                Some(Overlay::Form(open)) => Some(open.purpose.clone()),
                Some(Overlay::Library(picker)) => Some(picker.form.purpose.clone()),
                _ => None,
            },
        }
    }

    /// Puts `app` back where this position says, reopening the form with its drafts.
    pub fn restore(self, app: &mut App) {
        app.screen = self.screen;
        app.cursors = self.cursors;
        app.open_sample = self.sample;
        app.open_interview = self.interview.map(|name| OpenInterview {
            name,
            item: self.interview_item,
        });
        if let Some(purpose) = self.form {
            app.open_form(purpose);
        }
    }
}

/// Where a position is kept: the record's folder, opened, and the file's name in it.
pub type PositionFile = (Arc<Folder>, String);

/// The largest position file read: a real one is a few hundred bytes.
const MAX_POSITION: u64 = 64 * 1024;

/// The position saved in `file`, if it can be read; a missing, unreadable or oversized file
/// means starting from the top.
pub fn load((folder, name): &PositionFile) -> Option<Position> {
    serde_json::from_slice(&crate::record::read_file(folder, name, MAX_POSITION)?).ok()
}

/// Saves the position, replacing the file whole so that a crash leaves the old one or the new
/// one, never half of one, and a failure leaves no temporary file behind.
fn save((folder, name): &PositionFile, position: &Position) {
    if let Ok(bytes) = serde_json::to_vec(position) {
        let _ = crate::record::replace_file(&mut OsDisk, folder, name, &bytes);
    }
}

/// How long the position must rest before it is written.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

/// The longest a steady run of moves delays the write.
const SETTLE_AT_MOST: std::time::Duration = std::time::Duration::from_secs(2);

/// Saves positions on a worker thread, so that moving the cursor never waits for a file to be
/// written: positions are written once the cursor rests, the latest wins, and dropping the
/// saver writes the last one before returning.
pub struct Saver {
    latest: Option<std::sync::mpsc::Sender<Position>>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Saver {
    /// Starts the worker that keeps `file` up to date.
    pub fn start(file: PositionFile) -> Saver {
        let (tx, rx) = std::sync::mpsc::channel::<Position>();
        let worker = std::thread::Builder::new()
            .name("position".into())
            .spawn(move || {
                while let Ok(mut position) = rx.recv() {
                    // Wait for the cursor to rest, so that a run of keys is one write and no
                    // write competes with the frames of the keys themselves.
                    let until = std::time::Instant::now() + SETTLE_AT_MOST;
                    loop {
                        let wait =
                            SETTLE.min(until.saturating_duration_since(std::time::Instant::now()));
                        match rx.recv_timeout(wait) {
                            Ok(newer) if !wait.is_zero() => position = newer,
                            Ok(newer) => {
                                position = newer;
                                break;
                            }
                            Err(_) => break,
                        }
                    }
                    save(&file, &position);
                }
            })
            .ok();
        Saver {
            latest: worker.as_ref().map(|_| tx),
            worker,
        }
    }

    /// Has `position` written soon.
    pub fn save(&self, position: Position) {
        if let Some(tx) = &self.latest {
            let _ = tx.send(position);
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.latest = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
