//! The finding form (raise or edit, with its grade, statement, requirement, evidence and
//! references) and the form that withdraws a finding.

use ulid::Ulid;

use super::fields::{Field, Form};
use super::{
    Fill, FormPurpose, FormSpec, OpenForm, first_line, required, short_grade, titled, value,
};
use crate::audit::{DraftTarget, Event, Finding, FindingEdited, FindingWithdrawn, Grade};
use crate::library::Template;
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
    /// What a new finding starts from, when something else raised it (a contradiction found
    /// in an interview).
    #[serde(default, skip_serializing_if = "FindingSeed::is_empty")]
    pub seed: FindingSeed,
}

/// What a new finding starts from: its references, the evidence and interviews it rests on,
/// and the objective evidence as far as it is known.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FindingSeed {
    /// Clauses and controls (canonical ids).
    #[serde(default)]
    pub references: Vec<String>,
    /// Evidence items.
    #[serde(default)]
    pub evidence: Vec<Ulid>,
    /// Interviews.
    #[serde(default)]
    pub interviews: Vec<Ulid>,
    /// The objective evidence.
    #[serde(default)]
    pub objective_evidence: String,
    /// The statement, when what raised it already says it (a previous nonconformity not
    /// closed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub statement: String,
    /// The requirement, when what raised it already says it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub requirement: String,
}

impl FindingSeed {
    /// Whether it starts the finding from nothing.
    pub fn is_empty(&self) -> bool {
        *self == FindingSeed::default()
    }
}

impl FormSpec for FindingForm {
    fn title(&self, app: &App) -> String {
        let what = format!("finding ({})", self.grade.label());
        let key = app.keymap.key(
            &crate::tui::overlays::FORM,
            &crate::tui::action::Action::Library,
        );
        format!(
            "{} · {key} library",
            titled(self.editing.is_some(), &what, &self.sample)
        )
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
            None if !self.seed.references.is_empty() => self.seed.references.join(", "),
            None => self.sample.clone().unwrap_or_default(),
        };
        let f = current.unwrap_or_else(|| self.seeded());
        let options = evidence_options(app, self.sample.as_deref());
        let grade = f.grade;
        let mut fields = vec![
            fill.text(statement_label(grade), "statement", &f.statement, true),
            Field::links(
                "Objective evidence items (space to link)",
                "evidence",
                options,
                &f.evidence,
            ),
            fill.text(
                requirement_label(grade),
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
        let interviews = interview_options(app);
        if !interviews.is_empty() {
            fields.push(Field::links(
                "Interviews it rests on (space to link)",
                "interviews",
                interviews,
                &f.interviews,
            ));
        }
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
        for (name, what) in [
            ("statement", "statement"),
            ("requirement", "requirement"),
            ("objective_evidence", "objective evidence"),
        ] {
            if form.value(name).contains(BLANK) {
                return Err(format!(
                    "the {what} still has blanks […] from the library: fill them in or delete them"
                ));
            }
        }
        let grade = form.selected().map_or(self.grade, |i| Grade::ALL[i]);
        let content = Finding {
            grade,
            sample: self.sample.clone(),
            references: app.references(&form.value("references"))?,
            requirement: value(form, "requirement"),
            statement: required(form, "statement", "the statement")?,
            objective_evidence: value(form, "objective_evidence"),
            evidence: form.chosen("evidence"),
            interviews: form.chosen("interviews"),
        };
        Ok(match self.editing {
            Some(finding) => Event::FindingEdited(FindingEdited { finding, content }),
            None => Event::FindingRaised(content),
        })
    }
}

/// What the statement field is called for a finding of `grade`: only a nonconformity has a
/// statement of nonconformity.
fn statement_label(grade: Grade) -> &'static str {
    match grade {
        Grade::Major | Grade::Minor => "Statement of nonconformity",
        Grade::Observation => "Observation (what was seen that could become a nonconformity)",
        Grade::Opportunity => "Opportunity for improvement",
        Grade::Strength => "Strength (what works well, and why it is worth saying)",
        Grade::AreaOfConcern => "Area of concern (what to fix before Stage 2)",
    }
}

/// What the requirement field is called for a finding of `grade`: a nonconformity needs one;
/// for the other grades it is context.
fn requirement_label(grade: Grade) -> &'static str {
    match grade {
        Grade::Major | Grade::Minor => "Requirement (clause or control, quoted or paraphrased)",
        _ => "Requirement it relates to (optional)",
    }
}

/// How a blank of a library template starts: `[…]`, or `[… what to note]`.
const BLANK: &str = "[…";

impl App {
    /// Fills the finding form `open` from a library template, saving nothing: the statement,
    /// requirement and objective evidence (the template's prompt, as a blank) only where they
    /// are empty, the template's references added to those already there, and, for a new
    /// finding, the template's usual grade.
    pub(crate) fn fill_from_library(&self, open: &mut OpenForm, template: &Template) {
        let FormPurpose::Finding(finding) = &mut open.purpose else {
            return;
        };
        if finding.editing.is_none() && finding.grade != template.grade {
            finding.grade = template.grade;
            open.form.title = finding.title(self);
        }
        let form = &mut open.form;
        let evidence = if template.evidence.is_empty() {
            String::new()
        } else {
            format!("{BLANK} {}]", template.evidence)
        };
        for (name, text) in [
            ("statement", &template.statement),
            ("requirement", &template.requirement),
            ("objective_evidence", &evidence),
        ] {
            if form.value(name).trim().is_empty() && !text.is_empty() {
                form.set_text(name, text);
            }
        }
        let typed = form.value("references");
        let have: Vec<String> = self
            .catalogue
            .resolve_list(&typed)
            .into_iter()
            .filter_map(|(_, found)| found.ok().map(|e| e.id.clone()))
            .collect();
        let missing: Vec<&str> = template
            .references
            .iter()
            .filter(|r| !have.contains(r))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let text = match typed.trim().trim_end_matches(',') {
                "" => missing.join(", "),
                before => format!("{before}, {}", missing.join(", ")),
            };
            form.set_text("references", &text);
        }
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

impl FindingForm {
    /// The new finding as it starts: empty but for its seed.
    fn seeded(&self) -> Finding {
        Finding {
            grade: self.grade,
            sample: self.sample.clone(),
            references: self.seed.references.clone(),
            requirement: self.seed.requirement.clone(),
            statement: self.seed.statement.clone(),
            objective_evidence: self.seed.objective_evidence.clone(),
            evidence: self.seed.evidence.clone(),
            interviews: self.seed.interviews.clone(),
        }
    }
}

/// The interviews a finding can cite, in the order they started: who, when, their role.
fn interview_options(app: &App) -> Vec<(Ulid, String)> {
    app.audit()
        .interviews()
        .map(|i| {
            let at = i.item.created.at.with_timezone(app.now.offset());
            let label = format!(
                "{} {} {}",
                i.item.content.interviewee,
                at.format("%a %H:%M"),
                i.item.content.role
            );
            (i.item.id, label.trim_end().to_string())
        })
        .collect()
}

/// The evidence items a finding or a corroboration can link: those of its sample first, then
/// the rest.
pub(super) fn evidence_options(app: &App, sample: Option<&str>) -> Vec<(Ulid, String)> {
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
