//! The document review form: whether a document of the plan's list was seen, how it is
//! identified and approved, whether it is current and accessible to staff, and notes.

use super::fields::{Field, Form};
use super::{Fill, FormSpec, value};
use crate::audit::{DocumentReviewed, DraftTarget, Event};
use crate::tui::app::App;

/// The review of one document of the plan's list, new or replacing the last one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocumentForm {
    /// The document's title, as the plan writes it.
    pub document: String,
}

/// The options of a yes/no question that may be left unjudged, in the order offered.
fn judged(selected: Option<bool>) -> usize {
    match selected {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    }
}

/// The answer chosen in a yes/no choice offered as [`judged`] orders it.
fn judgement(chosen: Option<usize>) -> Option<bool> {
    match chosen {
        Some(1) => Some(true),
        Some(2) => Some(false),
        _ => None,
    }
}

impl FormSpec for DocumentForm {
    fn title(&self, _: &App) -> String {
        format!(
            "Document review — {}",
            crate::text::one_line(&self.document)
        )
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let review = app
            .audit()
            .document_review(&self.document)
            .map(|(_, r)| r.clone())
            .unwrap_or(DocumentReviewed {
                seen: true,
                ..DocumentReviewed::default()
            });
        vec![
            Field::named_choice(
                "Seen (←/→)",
                "seen",
                vec!["seen", "not seen or missing"],
                usize::from(!review.seen),
            ),
            fill.text(
                "Identifier (reference, file name)",
                "identifier",
                &review.identifier,
                false,
            ),
            fill.text("Version", "version", &review.version, false),
            fill.text(
                "Approved by (empty: no approval shown)",
                "approved_by",
                &review.approved_by,
                false,
            ),
            fill.text(
                "Approved on (as written on it)",
                "approved_on",
                &review.approved_on,
                false,
            ),
            Field::named_choice(
                "Current (←/→)",
                "current",
                vec!["not judged", "current", "not current"],
                judged(review.current),
            ),
            Field::named_choice(
                "Accessible to staff (←/→)",
                "accessible",
                vec!["not judged", "accessible", "not accessible"],
                judged(review.accessible),
            ),
            fill.text("Notes", "notes", &review.notes, true),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        DraftTarget::DocumentReview {
            document: self.document.clone(),
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        Ok(Event::DocumentReviewed(DocumentReviewed {
            document: self.document.clone(),
            seen: form.choice("seen") != Some(1),
            identifier: value(form, "identifier"),
            version: value(form, "version"),
            approved_by: value(form, "approved_by"),
            approved_on: value(form, "approved_on"),
            current: judgement(form.choice("current")),
            accessible: judgement(form.choice("accessible")),
            notes: value(form, "notes"),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yes_no_question_offers_not_judged_first_and_reads_back_alike() {
        for answer in [None, Some(true), Some(false)] {
            assert_eq!(judgement(Some(judged(answer))), answer);
        }
    }
}
