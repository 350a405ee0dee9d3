//! Actions on the findings list: edit, withdraw, raise, filter by grade or words, fix the
//! numbers for the team review.

use crate::audit::{Event, FindingsMerged, Grade, lead_auditor};
use crate::tui::action::Action;
use crate::tui::app::{App, FindingRow};
use crate::tui::forms::{FindingForm, FormPurpose, WithdrawForm};
use crate::tui::overlays::Overlay;
use crate::tui::update::{Effect, move_cursor, record};

impl App {
    /// Opens the edit form of finding `id`.
    pub(crate) fn edit_finding(&mut self, id: ulid::Ulid) {
        let found = self
            .findings()
            .iter()
            .find(|f| f.id == id)
            .map(|f| (f.content.sample.clone(), f.grade()));
        if let Some((sample, grade)) = found {
            self.open_form(FormPurpose::Finding(FindingForm {
                sample,
                grade,
                editing: Some(id),
                seed: Default::default(),
            }));
        }
    }

    /// Records the finding numbers as they stand, so that they no longer change; nothing when
    /// there are no findings or every number is already fixed.
    pub(crate) fn fix_numbers(&self) -> Vec<Effect> {
        let lead = lead_auditor(&self.plan);
        self.audit()
            .fix_numbers(lead)
            .map(|fixing| record(Event::NumbersFixed(fixing)))
            .into_iter()
            .collect()
    }

    /// The findings the list shows, after the filter.
    pub(crate) fn visible_findings(&self) -> Vec<&FindingRow> {
        let f = &self.finding_filter;
        let words: Vec<String> = f.query.split_whitespace().map(str::to_lowercase).collect();
        self.findings()
            .iter()
            .filter(|n| f.grade.is_none_or(|g| n.grade() == g))
            .filter(|n| !f.mine || *n.by == *self.auditor)
            .filter(|n| {
                if words.is_empty() {
                    return true;
                }
                let c = &n.content;
                let text = format!(
                    "{} {} {} {}",
                    n.number,
                    c.references.join(" "),
                    c.statement,
                    c.requirement
                )
                .to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect()
    }

    pub(super) fn update_findings(&mut self, action: Action) -> Vec<Effect> {
        let visible: Vec<ulid::Ulid> = self.visible_findings().iter().map(|f| f.id).collect();
        if move_cursor(&mut self.cursors.findings, visible.len(), &action) {
            return Vec::new();
        }
        let selected = visible.get(self.cursors.findings).copied();
        match (action, selected) {
            (Action::Open, Some(id)) => self.edit_finding(id),
            (Action::Withdraw, Some(finding)) => {
                let standing = self
                    .findings()
                    .iter()
                    .any(|f| f.id == finding && f.is_open());
                if standing {
                    self.open_form(FormPurpose::Withdraw(WithdrawForm { finding }));
                }
            }
            (Action::FixNumbers, _) => return self.fix_numbers(),
            (Action::NewFinding, _) => {
                self.overlay = Some(Overlay::Grade {
                    sample: None,
                    seed: Default::default(),
                    cursor: 1,
                })
            }
            (Action::FilterGrade, _) => {
                self.finding_filter.grade = match self.finding_filter.grade {
                    None => Some(Grade::ALL[0]),
                    Some(g) => Grade::ALL
                        .iter()
                        .position(|x| *x == g)
                        .and_then(|i| Grade::ALL.get(i + 1))
                        .copied(),
                };
                self.cursors.findings = 0;
            }
            (Action::MergeFindings, Some(id)) => return self.merge_step(id),
            (Action::FilterMine, _) => {
                self.finding_filter.mine = !self.finding_filter.mine;
                self.cursors.findings = 0;
            }
            (Action::Search, _) => self.finding_filter.typing = true,
            (Action::Back, _) => {
                self.finding_filter = Default::default();
                self.merging = None;
            }
            _ => {}
        }
        Vec::new()
    }
}

impl App {
    /// The merge key pressed on the standing finding `id` (on the Findings list or at the
    /// closing meeting): the first press chooses the finding to merge, the second, on another
    /// standing finding, merges the first into it; anything else lets the choice go.
    pub(crate) fn merge_step(&mut self, id: ulid::Ulid) -> Vec<Effect> {
        let standing: Vec<ulid::Ulid> = (self.findings().iter())
            .filter(|f| f.is_open())
            .map(|f| f.id)
            .collect();
        let standing = |id| standing.contains(&id);
        match self.merging.take() {
            None if standing(id) => self.merging = Some(id),
            Some(from) if from != id && standing(id) && standing(from) => {
                return vec![record(Event::FindingsMerged(FindingsMerged {
                    finding: from,
                    into: id,
                }))];
            }
            _ => {}
        }
        Vec::new()
    }
}
