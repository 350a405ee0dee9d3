//! Actions on the document list: review the highlighted document, or raise a finding (an area
//! of concern first offered on a Stage 1) that refers to the clause requiring it.

use crate::audit::Grade;
use crate::plan::AuditKind;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::{DocumentForm, FindingSeed, FormPurpose};
use crate::tui::overlays::Overlay;
use crate::tui::update::{Effect, move_cursor};

impl App {
    pub(super) fn update_documents(&mut self, action: Action) -> Vec<Effect> {
        let count = self.plan.documents.len();
        if move_cursor(&mut self.cursors.documents, count, &action) {
            return Vec::new();
        }
        let Some(document) = self.plan.documents.get(self.cursors.documents).cloned() else {
            return Vec::new();
        };
        match action {
            Action::Open => self.open_form(FormPurpose::Document(DocumentForm {
                document: document.title,
            })),
            Action::NewFinding => {
                let grade = match self.plan.audit.kind.value {
                    AuditKind::Stage1 => Grade::AreaOfConcern,
                    _ => Grade::Minor,
                };
                let references = (document.reference.as_deref())
                    .and_then(|r| r.split_whitespace().next())
                    .and_then(|r| self.catalogue.resolve(r).ok())
                    .map(|entry| vec![entry.id.clone()])
                    .unwrap_or_default();
                self.overlay = Some(Overlay::Grade {
                    sample: None,
                    seed: FindingSeed {
                        references,
                        objective_evidence: format!("Document review: {}", document.title),
                        ..FindingSeed::default()
                    },
                    cursor: Grade::ALL.iter().position(|g| *g == grade).unwrap_or(0),
                });
            }
            _ => {}
        }
        Vec::new()
    }
}
