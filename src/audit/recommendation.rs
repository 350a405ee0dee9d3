//! The recommendation that follows from the findings, and the one the audit team stated.

use super::event::{Recommendation, RecommendationSet};
use super::findings::FindingCounts;
use super::merge::Origin;
use super::state::AuditState;
use crate::plan::AuditKind;

/// What follows from the standing findings for this kind of audit: any major nonconformity
/// holds certification (or Stage 2, or readiness) back; minors alone make it conditional.
pub fn follows_from(kind: AuditKind, counts: &FindingCounts) -> Recommendation {
    let (major, minor) = (counts.major > 0, counts.minor > 0);
    match kind {
        AuditKind::Stage1 if major => Recommendation::NotReadyForStage2,
        AuditKind::Stage1 => Recommendation::ReadyForStage2,
        AuditKind::Internal | AuditKind::Mock if major => Recommendation::NotReady,
        AuditKind::Internal | AuditKind::Mock if minor => Recommendation::ReadyOnceCorrected,
        AuditKind::Internal | AuditKind::Mock => Recommendation::Ready,
        _ if major => Recommendation::NotRecommended,
        _ if minor => Recommendation::RecommendedSubjectToActionPlan,
        _ => Recommendation::Recommended,
    }
}

/// The recommendation as the closing meeting needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecommendationView<'a> {
    /// What follows from the standing findings.
    pub derived: Recommendation,
    /// What the audit team last stated, by whom and when, with its justification.
    pub stated: Option<(&'a Origin, &'a RecommendationSet)>,
}

impl RecommendationView<'_> {
    /// The recommendation that stands: the stated one, else the derived one.
    pub fn effective(&self) -> Recommendation {
        self.stated
            .map_or(self.derived, |(_, set)| set.recommendation)
    }

    /// Whether the team stated something other than what follows from the findings.
    pub fn overridden(&self) -> bool {
        self.effective() != self.derived
    }
}

impl AuditState {
    /// The recommendation for an audit of `kind`.
    pub fn recommendation(&self, kind: AuditKind) -> RecommendationView<'_> {
        RecommendationView {
            derived: follows_from(kind, &self.finding_counts()),
            stated: self.recommendation.as_ref().map(|(o, set)| (o, set)),
        }
    }
}
