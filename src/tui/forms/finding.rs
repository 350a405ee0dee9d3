//! The finding form (raise or edit, with its grade, statement, requirement, evidence and
//! references) and the form that withdraws a finding.

use ulid::Ulid;

use super::fields::{Field, Form};
use super::{Fill, FormSpec, first_line, required, short_grade, titled, value};
use crate::audit::{DraftTarget, Event, Finding, FindingEdited, FindingWithdrawn, Grade};
use crate::tui::app::App;

/// A new finding, or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FindingForm {
    /// The sample it is raised on.
    pub sample: Option<String>,
    /// Its grade.
    pub grade: Grade,
    /// The finding being changed, if any.
    pub editing: Option<Ulid>,
}

impl FormSpec for FindingForm {
    fn title(&self, _: &App) -> String {
        let what = format!("finding ({})", self.grade.label());
        titled(self.editing.is_some(), &what, &self.sample)
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let current = self.editing.and_then(|id| {
            app.findings()
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.content.clone())
        });
        let refs = match &current {
            Some(f) => f.references.join(", "),
            None => self.sample.clone().unwrap_or_default(),
        };
        let f = current.unwrap_or_else(|| empty_finding(self.grade, self.sample.clone()));
        let options = evidence_options(app, self.sample.as_deref());
        let mut fields = vec![
            fill.text(
                "Statement of nonconformity",
                "statement",
                &f.statement,
                true,
            ),
            Field::links(
                "Objective evidence items (space to link)",
                options,
                &f.evidence,
            ),
            fill.text(
                "Requirement (clause or control, quoted or paraphrased)",
                "requirement",
                &f.requirement,
                true,
            ),
            fill.text(
                "Objective evidence (what, where, when, by whom)",
                "objective_evidence",
                &f.objective_evidence,
                true,
            ),
            fill.text("References (comma-separated)", "references", &refs, false),
        ];
        if self.editing.is_some() {
            let labels = Grade::ALL.iter().map(|g| short_grade(*g)).collect();
            let at = Grade::ALL.iter().position(|g| *g == f.grade).unwrap_or(0);
            fields.push(Field::choice("Grade (←/→)", labels, at));
        }
        fields
    }

    fn draft_target(&self) -> DraftTarget {
        match self.editing {
            Some(finding) => DraftTarget::Finding { finding },
            None => DraftTarget::NewFinding {
                sample: self.sample.clone(),
            },
        }
    }

    fn submit(&self, app: &App, form: &Form) -> Result<Event, String> {
        let grade = form.selected().map_or(self.grade, |i| Grade::ALL[i]);
        let content = Finding {
            grade,
            sample: self.sample.clone(),
            references: app.references(&form.value("references"))?,
            requirement: value(form, "requirement"),
            statement: required(form, "statement", "the statement")?,
            objective_evidence: value(form, "objective_evidence"),
            evidence: form.chosen(),
            interviews: Vec::new(),
        };
        Ok(match self.editing {
            Some(finding) => Event::FindingEdited(FindingEdited { finding, content }),
            None => Event::FindingRaised(content),
        })
    }
}

/// Why a finding is withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WithdrawForm {
    /// The finding.
    pub finding: Ulid,
}

impl FormSpec for WithdrawForm {
    fn title(&self, app: &App) -> String {
        format!("Withdraw {}", app.finding_number(self.finding))
    }

    fn fields(&self, _: &App, fill: &Fill<'_>) -> Vec<Field> {
        vec![fill.text("Why it is withdrawn", "reason", "", false)]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::Withdrawal {
            finding: self.finding,
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        Ok(Event::FindingWithdrawn(FindingWithdrawn {
            finding: self.finding,
            reason: required(form, "reason", "a reason")?,
        }))
    }
}

fn empty_finding(grade: Grade, sample: Option<String>) -> Finding {
    Finding {
        grade,
        sample,
        references: Vec::new(),
        requirement: String::new(),
        statement: String::new(),
        objective_evidence: String::new(),
        evidence: Vec::new(),
        interviews: Vec::new(),
    }
}

/// The evidence items a finding can link: those of its sample first, then the rest.
fn evidence_options(app: &App, sample: Option<&str>) -> Vec<(Ulid, String)> {
    let mut items: Vec<(bool, Ulid, String)> = app
        .audit()
        .evidence()
        .map(|e| {
            let own = e.content.sample.as_deref() == sample;
            let label = format!(
                "{} {}",
                e.content.sample.as_deref().unwrap_or("—"),
                first_line(&e.content.seen)
            );
            (!own, e.id, label)
        })
        .collect();
    items.sort_by_key(|(other, id, _)| (*other, *id));
    items
        .into_iter()
        .map(|(_, id, label)| (id, label))
        .collect()
}
