//! What the session's answers do to the interface: a recorded item shows at once and is
//! marked not saved until the disk has it; other auditors' items appear where they belong
//! without disturbing the form being typed; an evidence file is fingerprinted once its item
//! is recorded, and the fingerprint recorded as its own event; the reports written on a
//! worker are named by their paths in a notice.

use super::{Effect, record};
use crate::audit::{Event, EvidenceFingerprinted};
use crate::record::Envelope;
use crate::report::Format;
use crate::session::{Fingerprint, Report, Saving, Written};
use crate::tui::app::{App, Overlay, SaveState};
use crate::tui::message::Message;

impl App {
    /// Applies one message; returns what must be done next.
    pub fn handle(&mut self, message: Message) -> Vec<Effect> {
        let effects = match message {
            Message::Action(action) => self.update(action),
            Message::Recorded(envelope) => self.recorded(&envelope),
            Message::Saving(saving) => {
                self.saving(saving);
                Vec::new()
            }
            Message::Session(report) => self.reported(report),
        };
        if self.overlay.is_none() && !self.deferred_notices.is_empty() {
            self.overlay = Some(Overlay::Notice(std::mem::take(&mut self.deferred_notices)));
        }
        effects
    }

    fn recorded(&mut self, envelope: &Envelope) -> Vec<Effect> {
        let event = self.apply(envelope);
        self.unsaved.insert(envelope.id);
        let (evidence, file) = match event {
            Some(Event::EvidenceAdded(item)) => (envelope.id, item.file),
            Some(Event::EvidenceEdited(edit)) => (edit.evidence, edit.content.file),
            Some(Event::EvidenceRestored(restored)) => {
                let item = self.audit().evidence().find(|e| e.id == restored.evidence);
                (restored.evidence, item.and_then(|e| e.content.file.clone()))
            }
            Some(Event::EvidenceRemoved(removed)) => {
                return vec![Effect::CancelFingerprint {
                    evidence: removed.evidence,
                }];
            }
            _ => return Vec::new(),
        };
        match file {
            Some(file) if !file.path.trim().is_empty() => {
                if self.audit().fingerprint_of(evidence).is_some() {
                    return Vec::new();
                }
                vec![Effect::Fingerprint {
                    evidence,
                    path: file.path,
                }]
            }
            _ => vec![Effect::CancelFingerprint { evidence }],
        }
    }

    /// Keeps `seal` as the latest seal of the record file `file`.
    pub(crate) fn note_seal(&mut self, file: &std::path::Path, seal: String) {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        self.seals.insert(name.into_owned(), seal);
    }

    fn saving(&mut self, saving: Saving) {
        match saving {
            Saving::Saved { ids, at, seal } => {
                for id in ids {
                    self.unsaved.remove(&id);
                }
                if let Some(seal) = seal {
                    let own = std::path::Path::new(&self.record_path).to_owned();
                    self.note_seal(&own, seal);
                }
                self.save = SaveState::Saved(at.with_timezone(self.now.offset()));
            }
            Saving::NotSaved {
                ids,
                reason,
                detail,
            } => {
                for id in ids {
                    self.unsaved.remove(&id);
                }
                self.save = SaveState::NotSaved { reason, detail };
            }
        }
    }

    fn reported(&mut self, report: Report) -> Vec<Effect> {
        match report {
            Report::Arrived(arrived) => {
                for envelope in &arrived.events {
                    self.apply(envelope);
                }
                for (file, seal) in arrived.seals.iter().cloned() {
                    self.note_seal(&file, seal);
                }
                self.deferred_notices.extend(arrived.notices());
                Vec::new()
            }
            Report::NotFollowing(why) => {
                self.deferred_notices.push(why);
                Vec::new()
            }
            Report::Synced(last) => {
                self.last_sync = Some(last);
                Vec::new()
            }
            Report::Fingerprinted {
                evidence,
                path,
                outcome,
            } => {
                let (sha256, bytes, unreadable) = match outcome {
                    Fingerprint::Taken { sha256, bytes } => (sha256, bytes, String::new()),
                    Fingerprint::Unreadable(why) => {
                        self.deferred_notices.push(format!(
                            "{path} {why}: the evidence item is recorded without its SHA-256."
                        ));
                        (String::new(), 0, why)
                    }
                    Fingerprint::Cancelled => return Vec::new(),
                };
                vec![record(Event::EvidenceFingerprinted(
                    EvidenceFingerprinted {
                        evidence,
                        path,
                        sha256,
                        bytes,
                        unreadable,
                    },
                ))]
            }
            Report::ReportsWritten(written) => {
                self.deferred_notices.extend(self.reports_written(&written));
                Vec::new()
            }
        }
    }

    /// What the auditor is told of the reports written: each file's path, or why it is not
    /// there; and that items still waiting for the disk are not in them, the report being
    /// made from the record on the disk.
    fn reports_written(&self, written: &[Written]) -> Vec<String> {
        let mut told: Vec<String> = written
            .iter()
            .map(|file| {
                let what = match file.format {
                    Format::Csv | Format::Xlsx => "Findings register",
                    Format::Json => "Report context",
                    Format::Md | Format::Html | Format::Pdf | Format::Docx => "Report",
                };
                let path = file.path.display();
                match &file.outcome {
                    Ok(()) => format!("{what} written: {path}"),
                    Err(why) => format!("{what} NOT written to {path}: {why}."),
                }
            })
            .collect();
        match self.unsaved.len() {
            0 => {}
            1 => told.push("1 item not yet saved is not in it.".into()),
            n => told.push(format!("{n} items not yet saved are not in it.")),
        }
        told
    }
}
