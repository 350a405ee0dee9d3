//! The verification of a previous audit's nonconformity: the corrective action seen, its
//! evidence and the verdict.

use super::fields::{Field, Form};
use super::{Fill, FormSpec, value};
use crate::audit::{ClosureVerdict, ClosureVerified, DraftTarget, Event};
use crate::tui::app::App;

/// Verifying the closure of the previous audit's nonconformity numbered `nc`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClosureForm {
    /// The nonconformity's number in the previous audit's report.
    pub nc: String,
}

impl FormSpec for ClosureForm {
    fn title(&self, _: &App) -> String {
        format!("Verify closure — {}", self.nc)
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let held = app.audit().closures().of(&self.nc).map(|(_, v)| v);
        let labels = ClosureVerdict::ALL.iter().map(|v| v.label()).collect();
        let at = held
            .and_then(|v| ClosureVerdict::ALL.iter().position(|x| *x == v.verdict))
            .unwrap_or(0);
        vec![
            Field::choice("Verdict (←/→)", labels, at),
            fill.text(
                "Corrective action seen",
                "corrective_action",
                held.map_or("", |v| &v.corrective_action),
                true,
            ),
            fill.text(
                "Evidence (what was seen, where, when)",
                "evidence",
                held.map_or("", |v| &v.evidence),
                true,
            ),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::Closure {
            nc: self.nc.clone(),
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        Ok(Event::ClosureVerified(ClosureVerified {
            nc: self.nc.clone(),
            corrective_action: value(form, "corrective_action"),
            evidence: value(form, "evidence"),
            verdict: ClosureVerdict::ALL[form.selected().unwrap_or(0)],
        }))
    }
}
