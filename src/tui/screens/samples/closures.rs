//! The "verify closure" items of a surveillance or recertification audit: the previous
//! audit's nonconformities at the head of the sample list, and one of them open, with its
//! verification recorded through a form and, when it is still open or was not effective, the
//! finding of this audit it becomes, offered with one key.

use crate::audit::{Verification, verifications};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::{ClosureForm, FindingForm, FindingSeed, FormPurpose};
use crate::tui::overlays::Overlay;
use crate::tui::update::Effect;

impl App {
    /// The previous audit's nonconformities with where their verification stands, in the
    /// previous report's order.
    pub(crate) fn closures(&self) -> Vec<Verification<'_>> {
        verifications(&self.plan, self.audit().closures())
    }

    /// The verification items the sample list shows above the samples: all of them, unless a
    /// filter or a search narrows the list to samples.
    pub(crate) fn listed_closures(&self) -> Vec<Verification<'_>> {
        if self.sample_filter == Default::default() {
            self.closures()
        } else {
            Vec::new()
        }
    }

    /// What the previous audit is called in a finding that cites it: "Stage 2 audit title
    /// (8–9 Oct 2025)".
    pub(crate) fn previous_audit_name(&self) -> String {
        match self.plan.previous.as_ref().and_then(|p| p.audit.as_ref()) {
            Some(a) if a.dates.is_empty() => a.title.clone(),
            Some(a) => format!("{} ({})", a.title, a.dates),
            None => "the previous audit".into(),
        }
    }

    pub(super) fn update_closure(&mut self, action: Action) -> Vec<Effect> {
        let Some(nc) = self.open_closure.clone() else {
            return Vec::new();
        };
        match action {
            Action::Back | Action::Left => self.open_closure = None,
            Action::VerifyClosure | Action::Open => {
                self.open_form(FormPurpose::Closure(ClosureForm { nc }))
            }
            Action::NewFinding => self.raise_from_closure(&nc),
            _ => {}
        }
        Vec::new()
    }

    /// Opens the finding form for a previous nonconformity not closed, or not effectively:
    /// graded, referenced and stated from it; else says why there is nothing to raise.
    fn raise_from_closure(&mut self, nc: &str) {
        let previous = self.previous_audit_name();
        let offer = self
            .closures()
            .into_iter()
            .find(|v| v.nc.number == nc)
            .map(|v| {
                let seed = FindingSeed {
                    references: v.nc.references.clone(),
                    statement: v.offered_statement(&previous),
                    requirement: v.nc.requirement.clone(),
                    objective_evidence: v.offered_evidence(),
                    ..Default::default()
                };
                let sample =
                    v.nc.references
                        .iter()
                        .find(|r| self.samples().iter().any(|s| &s.reference == *r))
                        .cloned();
                (v.offered(), v.verdict(), seed, sample)
            });
        match offer {
            Some((Some(grade), _, seed, sample)) => {
                self.open_form(FormPurpose::Finding(FindingForm {
                    sample,
                    grade,
                    editing: None,
                    seed,
                }))
            }
            Some((None, None, ..)) => {
                self.overlay = Some(Overlay::Notice(vec![format!(
                    "{nc} is not verified yet: record what was seen first"
                )]))
            }
            Some((None, Some(_), ..)) => {
                self.overlay = Some(Overlay::Notice(vec![format!(
                    "{nc} is closed and effective: nothing to raise"
                )]))
            }
            None => {}
        }
    }
}
