//! Actions on the sample list (filters, search, unplanned samples) and on one sample's detail
//! (evidence, notes, findings, conclusion, removing an evidence item or note entered by
//! mistake: one key, undone by the undo key).

use crate::audit::{Event, EvidenceRemoved, NoteRemoved, SampleStatusSet, SetStatus};
use crate::tui::action::{Action, Screen};
use crate::tui::app::{App, FindingRow};
use crate::tui::forms::{EvidenceForm, FormPurpose, NotAssessedForm, NoteForm};
use crate::tui::overlays::Overlay;
use crate::tui::update::{Effect, cycle, move_cursor, record};

/// The status filters of the sample list, in the order `s` steps through them.
const STATUS_FILTERS: [&str; 5] = [
    "not started",
    "in progress",
    "conforming",
    "finding raised",
    "not assessed",
];

/// One line of an open sample's detail, with what it shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DetailRow<'a> {
    /// An evidence item.
    Evidence(crate::audit::Item<'a, crate::audit::EvidenceItem>),
    /// A note.
    Note(crate::audit::Item<'a, crate::audit::Note>),
    /// A finding.
    Finding(&'a FindingRow),
}

impl DetailRow<'_> {
    /// The id of the recorded item on the line.
    pub(crate) fn id(&self) -> ulid::Ulid {
        match self {
            DetailRow::Evidence(item) => item.id,
            DetailRow::Note(item) => item.id,
            DetailRow::Finding(finding) => finding.id,
        }
    }

    /// The auditor who recorded the item on the line.
    pub(crate) fn by(&self) -> &str {
        match self {
            DetailRow::Evidence(item) => &item.created.by,
            DetailRow::Note(item) => &item.created.by,
            DetailRow::Finding(finding) => &finding.by,
        }
    }
}

/// What opening a line of a sample's detail opens.
enum Target {
    /// The form that edits it.
    Form(FormPurpose),
    /// The finding's edit form (its grade and sample looked up first).
    Finding(ulid::Ulid),
}

impl App {
    /// The samples the list shows, after the filter.
    pub(crate) fn visible_samples(&self) -> Vec<&crate::audit::SampleProgress> {
        let f = &self.sample_filter;
        let words: Vec<String> = f.query.split_whitespace().map(str::to_lowercase).collect();
        self.samples()
            .iter()
            .filter(|s| f.status.is_none_or(|st| s.status.label() == st))
            .filter(|s| {
                f.theme.as_deref().is_none_or(|t| {
                    let theme = self
                        .catalogue
                        .get(&s.reference)
                        .and_then(|e| e.theme.as_deref());
                    match t {
                        "clauses" => theme.is_none(),
                        t => theme == Some(t),
                    }
                })
            })
            .filter(|s| {
                if words.is_empty() {
                    return true;
                }
                let title = self
                    .catalogue
                    .get(&s.reference)
                    .map(|e| e.title.to_lowercase())
                    .unwrap_or_default();
                let id = s.reference.to_lowercase();
                words
                    .iter()
                    .all(|w| id.contains(w.as_str()) || title.contains(w.as_str()))
            })
            .collect()
    }

    /// Opens a sample's detail on the Samples screen.
    /// An internal auditor opening a sample they own is told at once, the first time in the
    /// session (the detail keeps saying so).
    pub fn show_sample(&mut self, reference: &str) {
        self.screen = Screen::Samples;
        self.open_sample = Some(reference.to_string());
        self.cursors.detail = 0;
        if let Some(own) = self.plan.own_work(&self.auditor, reference)
            && self.own_work_told.insert(reference.to_owned())
        {
            match self.overlay {
                None => self.overlay = Some(Overlay::Notice(vec![own.to_string()])),
                Some(_) => self.deferred_notices.push(own.to_string()),
            }
        }
    }

    pub(super) fn update_sample_list(&mut self, action: Action) -> Vec<Effect> {
        let closures: Vec<String> = self
            .listed_closures()
            .iter()
            .map(|v| v.nc.number.clone())
            .collect();
        let visible: Vec<String> = self
            .visible_samples()
            .iter()
            .map(|s| s.reference.clone())
            .collect();
        let rows = closures.len() + visible.len();
        if move_cursor(&mut self.cursors.samples, rows, &action) {
            return Vec::new();
        }
        match action {
            Action::Open => match self.cursors.samples.checked_sub(closures.len()) {
                None => self.open_closure = closures.get(self.cursors.samples).cloned(),
                Some(at) => {
                    if let Some(reference) = visible.get(at) {
                        self.show_sample(reference);
                    }
                }
            },
            Action::Search => self.sample_filter.typing = true,
            Action::Back => self.sample_filter = Default::default(),
            Action::FilterStatus => {
                self.sample_filter.status = cycle(&STATUS_FILTERS, self.sample_filter.status);
                self.cursors.samples = 0;
            }
            Action::FilterTheme => {
                let mut themes: Vec<String> = vec!["clauses".into()];
                themes.extend(self.catalogue.themes.iter().map(|t| t.id.clone()));
                let at = self
                    .sample_filter
                    .theme
                    .as_ref()
                    .and_then(|t| themes.iter().position(|x| x == t));
                self.sample_filter.theme = match at {
                    None => themes.first().cloned(),
                    Some(i) => themes.get(i + 1).cloned(),
                };
                self.cursors.samples = 0;
            }
            Action::UnplannedSample => {
                self.overlay = Some(Overlay::Picker(self.picker(String::new())))
            }
            _ => {}
        }
        Vec::new()
    }

    /// The lines of the open sample's detail: its evidence items, notes and findings.
    pub(crate) fn detail_rows(&self) -> Vec<DetailRow<'_>> {
        let Some(sample) = self.open_sample.as_deref() else {
            return Vec::new();
        };
        let mine = |s: &Option<String>| s.as_deref() == Some(sample);
        self.audit()
            .evidence()
            .filter(|e| mine(&e.content.sample))
            .map(DetailRow::Evidence)
            .chain(
                self.audit()
                    .notes()
                    .filter(|n| mine(&n.content.sample))
                    .map(DetailRow::Note),
            )
            .chain(
                self.findings()
                    .iter()
                    .filter(|f| {
                        mine(&f.content.sample) || f.content.references.iter().any(|r| r == sample)
                    })
                    .map(DetailRow::Finding),
            )
            .collect()
    }

    pub(super) fn update_detail(&mut self, action: Action) -> Vec<Effect> {
        let sample = self.open_sample.clone().unwrap_or_default();
        let details = self.detail_rows();
        let removal = details.get(self.cursors.detail).and_then(|row| match row {
            DetailRow::Evidence(e) => {
                Some(Event::EvidenceRemoved(EvidenceRemoved { evidence: e.id }))
            }
            DetailRow::Note(n) => Some(Event::NoteRemoved(NoteRemoved { note: n.id })),
            DetailRow::Finding(_) => None,
        });
        let rows: Vec<Target> = details
            .iter()
            .map(|row| match row {
                DetailRow::Evidence(e) => Target::Form(FormPurpose::Evidence(EvidenceForm {
                    sample: Some(sample.clone()),
                    editing: Some(e.id),
                    handout: None,
                })),
                DetailRow::Note(n) => Target::Form(FormPurpose::Note(NoteForm {
                    sample: Some(sample.clone()),
                    meeting: None,
                    editing: Some(n.id),
                })),
                DetailRow::Finding(f) => Target::Finding(f.id),
            })
            .collect();
        if move_cursor(&mut self.cursors.detail, rows.len(), &action) {
            return Vec::new();
        }
        let status = |status: SetStatus| {
            vec![record(Event::SampleStatusSet(SampleStatusSet {
                sample: sample.clone(),
                status,
                reason: String::new(),
            }))]
        };
        match action {
            Action::Back | Action::Left => self.open_sample = None,
            Action::AddEvidence => self.open_form(FormPurpose::Evidence(EvidenceForm {
                sample: Some(sample),
                editing: None,
                handout: None,
            })),
            Action::NewNote => self.open_form(FormPurpose::Note(NoteForm {
                sample: Some(sample),
                meeting: None,
                editing: None,
            })),
            Action::NewFinding => {
                self.overlay = Some(Overlay::Grade {
                    sample: Some(sample),
                    seed: Default::default(),
                    cursor: 1,
                })
            }
            Action::AskAuditee => return self.ask_auditee(&sample),
            Action::Conclude => return status(SetStatus::Conforming),
            Action::InProgress => return status(SetStatus::InProgress),
            Action::RemoveItem => {
                if removal.is_some() {
                    // The line goes: the highlight stays on the line that takes its place.
                    self.cursors.detail = self.cursors.detail.min(rows.len().saturating_sub(2));
                }
                return removal.map(record).into_iter().collect();
            }
            Action::NotAssessed => {
                self.open_form(FormPurpose::NotAssessed(NotAssessedForm { sample }))
            }
            Action::Open => match rows.into_iter().nth(self.cursors.detail) {
                Some(Target::Form(purpose)) => self.open_form(purpose),
                Some(Target::Finding(id)) => self.edit_finding(id),
                None => {}
            },
            _ => {}
        }
        Vec::new()
    }
}
