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

impl Recommendation {
    /// The recommendations that can be stated for a kind of audit.
    pub fn options_for(kind: AuditKind) -> &'static [Recommendation] {
        match kind {
            AuditKind::Stage1 => &[
                Recommendation::ReadyForStage2,
                Recommendation::NotReadyForStage2,
            ],
            AuditKind::Internal | AuditKind::Mock => &[
                Recommendation::Ready,
                Recommendation::ReadyOnceCorrected,
                Recommendation::NotReady,
            ],
            _ => &[
                Recommendation::Recommended,
                Recommendation::RecommendedSubjectToActionPlan,
                Recommendation::NotRecommended,
            ],
        }
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

    /// The event stating `chosen` with `justification`, or why it cannot be stated: a
    /// recommendation other than the one the findings give must say why.
    pub fn state(
        &self,
        chosen: Recommendation,
        justification: String,
    ) -> Result<RecommendationSet, String> {
        if chosen != self.derived && justification.trim().is_empty() {
            return Err(format!(
                "the findings give \"{}\": say why the team recommends otherwise",
                self.derived.label()
            ));
        }
        Ok(RecommendationSet {
            recommendation: chosen,
            justification,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_needs_a_justification_and_what_follows_does_not() {
        let view = RecommendationView {
            derived: Recommendation::NotRecommended,
            stated: None,
        };
        assert_eq!(
            view.state(Recommendation::Recommended, "  ".into()),
            Err(
                "the findings give \"certification not recommended until the major \
                 nonconformities are closed\": say why the team recommends otherwise"
                    .into()
            )
        );
        assert!(
            view.state(Recommendation::Recommended, "Major closed on site".into())
                .is_ok()
        );
        assert!(
            view.state(Recommendation::NotRecommended, String::new())
                .is_ok()
        );
    }

    #[test]
    fn what_follows_from_the_findings_is_always_a_recommendation_that_can_be_stated() {
        for (kind, _) in AuditKind::ALL {
            for (major, minor) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                let counts = FindingCounts {
                    major,
                    minor,
                    ..FindingCounts::default()
                };
                let derived = follows_from(kind, &counts);
                assert!(
                    Recommendation::options_for(kind).contains(&derived),
                    "{kind:?} {derived:?}"
                );
            }
        }
    }
}
