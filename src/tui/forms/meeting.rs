//! The forms of the meetings: someone attending, and at the closing meeting the team's
//! recommendation and the auditee's diverging opinion.

use super::fields::{Field, Form};
use super::{Fill, FormSpec, meeting_name, required, value};
use crate::audit::{AttendeeAdded, DivergingOpinion, DraftTarget, Event, Meeting, Recommendation};
use crate::report::Words;
use crate::tui::app::App;
use ulid::Ulid;

/// Someone attending a meeting, typed in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttendeeForm {
    /// Which meeting.
    pub meeting: Meeting,
}

impl FormSpec for AttendeeForm {
    fn title(&self, _: &App) -> String {
        format!("Attendee — {} meeting", meeting_name(self.meeting))
    }

    fn fields(&self, _: &App, fill: &Fill<'_>) -> Vec<Field> {
        vec![
            fill.text("Name", "name", "", false),
            fill.text("Role", "role", "", false),
            fill.text("Organisation", "organisation", "", false),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::Attendee {
            meeting: self.meeting,
        }
    }

    fn submit(&self, app: &App, form: &Form) -> Result<Event, String> {
        let name = required(form, "name", "a name")?;
        if app.audit().attends(self.meeting, &name) {
            return Err(format!(
                "{} already attends the {} meeting: nothing recorded",
                name.trim(),
                meeting_name(self.meeting)
            ));
        }
        Ok(Event::AttendeeAdded(AttendeeAdded {
            meeting: self.meeting,
            name,
            role: value(form, "role"),
            organisation: value(form, "organisation"),
        }))
    }
}

/// The audit team's recommendation, with its justification.
pub(super) struct RecommendationForm;

impl FormSpec for RecommendationForm {
    fn title(&self, _: &App) -> String {
        "Recommendation of the audit team".to_string()
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let kind = app.plan.audit.kind.value;
        let view = app.audit().recommendation_on(&app.plan);
        let options = Recommendation::options_for(kind);
        let words = Words::english();
        let labels = options
            .iter()
            .map(|r| words.recommendation(*r, kind))
            .collect();
        let at = options
            .iter()
            .position(|r| *r == view.effective())
            .unwrap_or(0);
        let justification = view
            .stated
            .map(|(_, s)| s.justification.as_str())
            .unwrap_or("");
        vec![
            Field::choice("Recommendation (←/→)", labels, at),
            fill.text(
                "Justification (needed when it differs from what the findings give)",
                "text",
                justification,
                true,
            ),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::Recommendation
    }

    fn submit(&self, app: &App, form: &Form) -> Result<Event, String> {
        let kind = app.plan.audit.kind.value;
        let options = Recommendation::options_for(kind);
        let chosen = options[form.selected().unwrap_or(0).min(options.len() - 1)];
        app.audit()
            .recommendation_on(&app.plan)
            .state(chosen, value(form, "text"))
            .map(Event::RecommendationSet)
            .map_err(|refused| {
                format!(
                    "the findings give \"{}\": say why the team recommends otherwise",
                    Words::english().recommendation(refused.follows, kind)
                )
            })
    }
}

/// The auditee's diverging opinion, on a finding or on the audit as a whole.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpinionForm {
    /// The finding it is about, or none for the audit.
    pub finding: Option<Ulid>,
}

impl FormSpec for OpinionForm {
    fn title(&self, app: &App) -> String {
        match self.finding {
            Some(id) => format!("Diverging opinion on {}", app.finding_number(id)),
            None => "Diverging opinion".to_string(),
        }
    }

    fn fields(&self, _: &App, fill: &Fill<'_>) -> Vec<Field> {
        vec![
            fill.text("Whose opinion", "held_by", "", false),
            fill.text("The opinion, in their words", "text", "", true),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::DivergingOpinion {
            finding: self.finding,
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        Ok(Event::DivergingOpinionRecorded(DivergingOpinion {
            finding: self.finding,
            held_by: required(form, "held_by", "whose opinion it is")?,
            text: required(form, "text", "the opinion")?,
        }))
    }
}
