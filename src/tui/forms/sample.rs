//! The forms that conclude or add a sample: why it was not assessed, and the trail that led to
//! an unplanned one.

use super::fields::{Field, Form};
use super::{Fill, FormSpec, required, value};
use crate::audit::{DraftTarget, Event, SampleStatusSet, SetStatus, UnplannedSampleAdded};
use crate::tui::app::App;

/// Why a sample was not assessed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotAssessedForm {
    /// The sample.
    pub sample: String,
}

impl FormSpec for NotAssessedForm {
    fn title(&self, _: &App) -> String {
        format!("Not assessed — {}", self.sample)
    }

    fn fields(&self, _: &App, fill: &Fill<'_>) -> Vec<Field> {
        vec![fill.text("Why it was not assessed", "reason", "", false)]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::NotAssessed {
            sample: self.sample.clone(),
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        Ok(Event::SampleStatusSet(SampleStatusSet {
            sample: self.sample.clone(),
            status: SetStatus::NotAssessed,
            reason: required(form, "reason", "a reason")?,
        }))
    }
}

/// Why an unplanned sample is taken.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnplannedForm {
    /// The clause or control.
    pub sample: String,
}

impl FormSpec for UnplannedForm {
    fn title(&self, _: &App) -> String {
        format!("Unplanned sample — {}", self.sample)
    }

    fn fields(&self, _: &App, fill: &Fill<'_>) -> Vec<Field> {
        vec![fill.text("The trail that led here", "why", "", false)]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::UnplannedSample {
            sample: self.sample.clone(),
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        Ok(Event::UnplannedSampleAdded(UnplannedSampleAdded {
            sample: self.sample.clone(),
            why: value(form, "why"),
        }))
    }
}
