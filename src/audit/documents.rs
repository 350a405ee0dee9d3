//! The Stage 1 document review: each document of the plan's `[[document]]` list (the
//! catalogue's mandatory documented information when the plan lists none) with its latest
//! review. Keyed by the document's title, so an edited plan still fits; the latest review of a
//! document wins whatever order the records are read in.

use serde::Serialize;

use super::event::{DocumentReviewed, DraftTarget};
use super::merge::{Origin, keep_latest_in};
use super::state::AuditState;
use crate::plan::{Document, Plan};

/// Where the review of one document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Nothing recorded on it yet.
    NotReviewed,
    /// Seen.
    Seen,
    /// Asked for and not seen: not shown, or missing.
    NotSeen,
}

impl ReviewState {
    /// How the state is named to people.
    pub fn label(self) -> &'static str {
        match self {
            ReviewState::NotReviewed => "not reviewed",
            ReviewState::Seen => "seen",
            ReviewState::NotSeen => "not seen",
        }
    }
}

/// One document of the plan's list with its latest review.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentReview<'a> {
    /// The document as the plan lists it.
    pub document: &'a Document,
    /// Its latest review, by whom and when, if any.
    pub review: Option<(&'a Origin, &'a DocumentReviewed)>,
}

impl DocumentReview<'_> {
    /// Whether it was seen, not seen, or is still to review.
    pub fn state(&self) -> ReviewState {
        match self.review {
            None => ReviewState::NotReviewed,
            Some((_, r)) if r.seen => ReviewState::Seen,
            Some(_) => ReviewState::NotSeen,
        }
    }
}

impl AuditState {
    /// Folds one `document_reviewed`: the latest review of a document stands.
    pub(crate) fn apply_document_review(&mut self, origin: Origin, review: DocumentReviewed) {
        let document = review.document.clone();
        self.clear_drafts(DraftTarget::DocumentReview { document }, &origin);
        keep_latest_in(&mut self.documents, review.document.clone(), origin, review);
    }

    /// The latest review of the document titled `title`, if any.
    pub fn document_review(&self, title: &str) -> Option<(&Origin, &DocumentReviewed)> {
        self.documents.get(title).map(|(o, r)| (o, r))
    }

    /// Whether any document review is recorded (of a document in the plan or not).
    pub fn has_document_reviews(&self) -> bool {
        !self.documents.is_empty()
    }

    /// The plan's documents in the plan's order, each with its latest review.
    pub fn document_reviews<'a>(&'a self, plan: &'a Plan) -> Vec<DocumentReview<'a>> {
        plan.documents
            .iter()
            .map(|document| DocumentReview {
                document,
                review: self.document_review(&document.title),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Event, recorded};

    fn review(document: &str, seen: bool, version: &str) -> Event {
        Event::DocumentReviewed(DocumentReviewed {
            document: document.into(),
            seen,
            version: version.into(),
            ..DocumentReviewed::default()
        })
    }

    #[test]
    fn the_latest_review_of_a_document_replaces_the_earlier_one() {
        let state = recorded(vec![
            review("Policy", false, ""),
            review("Scope", true, "1.0"),
            review("Policy", true, "1.1"),
        ]);
        let (_, policy) = state.document_review("Policy").unwrap();
        assert!(policy.seen);
        assert_eq!(policy.version, "1.1");
        assert_eq!(state.document_review("Scope").unwrap().1.version, "1.0");
        assert!(state.document_review("Objectives").is_none());
    }

    #[test]
    fn reviews_fold_alike_in_any_order_and_with_repeats() {
        let envelopes = crate::audit::envelopes(vec![
            review("Policy", true, "1"),
            review("Policy", false, "2"),
            review("Policy", true, "3"),
        ]);
        let forward = AuditState::fold(&envelopes);
        let backward = AuditState::fold(envelopes.iter().rev().chain(&envelopes));
        assert_eq!(forward, backward);
        let mut halves = AuditState::fold(&envelopes[2..]);
        halves.merge(AuditState::fold(&envelopes[..2]));
        assert_eq!(halves, forward);
        assert_eq!(forward.document_review("Policy").unwrap().1.version, "3");
    }

    #[test]
    fn each_plan_document_shows_whether_it_was_seen() {
        let state = recorded(vec![
            review("Policy", true, "1"),
            review("Scope", false, ""),
        ]);
        let doc = |title: &str| Document {
            title: title.into(),
            reference: None,
        };
        let docs = [doc("Scope"), doc("Policy"), doc("Objectives")];
        let states: Vec<ReviewState> = docs
            .iter()
            .map(|document| DocumentReview {
                document,
                review: state.document_review(&document.title),
            })
            .map(|r| r.state())
            .collect();
        assert_eq!(
            states,
            [
                ReviewState::NotSeen,
                ReviewState::Seen,
                ReviewState::NotReviewed
            ]
        );
    }
}
