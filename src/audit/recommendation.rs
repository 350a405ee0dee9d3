//! The recommendation that follows from the findings, and the one the audit team stated.

use super::event::Grade;
use super::event::{Recommendation, RecommendationSet};
use super::findings::FindingCounts;
use super::merge::{Origin, current};
use super::state::AuditState;
use crate::plan::{AuditKind, Plan};

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
    /// The key of the words for the recommendation at the closing meeting of an audit of
    /// `kind`, in a language file's `[recommendation]` table: a certification audit
    /// recommends certification, a recertification its renewal, a surveillance its
    /// continuation; a Stage 1 says whether Stage 2 can follow; an internal or mock audit
    /// gives a readiness view and no certificate wording. A recommendation of another kind's
    /// set (a plan whose kind changed) keeps its own words.
    pub fn key(self, kind: AuditKind) -> &'static str {
        use AuditKind as K;
        use Recommendation as R;
        match (kind, self) {
            (K::Surveillance, R::Recommended) => "surveillance_recommended",
            (K::Surveillance, R::RecommendedSubjectToActionPlan) => {
                "surveillance_recommended_subject_to_action_plan"
            }
            (K::Surveillance, R::NotRecommended) => "surveillance_not_recommended",
            (K::Recertification, R::Recommended) => "recertification_recommended",
            (K::Recertification, R::RecommendedSubjectToActionPlan) => {
                "recertification_recommended_subject_to_action_plan"
            }
            (K::Recertification, R::NotRecommended) => "recertification_not_recommended",
            (_, R::Recommended) => "recommended",
            (_, R::RecommendedSubjectToActionPlan) => "recommended_subject_to_action_plan",
            (_, R::NotRecommended) => "not_recommended",
            (_, R::ReadyForStage2) => "ready_for_stage2",
            (_, R::NotReadyForStage2) => "not_ready_for_stage2",
            (_, R::Ready) => "ready",
            (_, R::ReadyOnceCorrected) => "ready_once_corrected",
            (_, R::NotReady) => "not_ready",
        }
    }

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

/// A recommendation stated against what follows from the findings, without saying why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unjustified {
    /// What follows from the findings.
    pub follows: Recommendation,
}

/// The recommendation as the closing meeting needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecommendationView<'a> {
    /// The kind of audit, which words the recommendation.
    pub kind: AuditKind,
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
    ) -> Result<RecommendationSet, Unjustified> {
        if chosen != self.derived && justification.trim().is_empty() {
            return Err(Unjustified {
                follows: self.derived,
            });
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
            kind,
            derived: follows_from(kind, &self.finding_counts()),
            stated: self.recommendation.as_ref().map(|(o, set)| (o, set)),
        }
    }

    /// The recommendation on `plan`'s audit: as [`recommendation`](Self::recommendation), but
    /// a Stage 1 held back by its conclusion (a required document not seen, the policy not
    /// approved) is not ready either, so that the recommendation and the Stage 1 conclusion
    /// never say opposite things.
    pub fn recommendation_on(&self, plan: &Plan) -> RecommendationView<'_> {
        let kind = plan.audit.kind.value;
        let mut view = self.recommendation(kind);
        if kind == AuditKind::Stage1 && !super::stage1_conclusion(plan, self).ready {
            view.derived = Recommendation::NotReadyForStage2;
        }
        view
    }

    /// The areas of concern a Stage 1 names with its recommendation: every clause or control
    /// a standing major or minor nonconformity refers to, each once, sorted.
    pub fn areas_of_concern(&self) -> Vec<&str> {
        let mut areas: Vec<&str> = current(&self.findings)
            .filter(|f| self.withdrawal(f.id).is_none())
            .filter(|f| matches!(f.content.grade, Grade::Major | Grade::Minor))
            .flat_map(|f| f.content.references.iter().map(String::as_str))
            .collect();
        areas.sort_unstable();
        areas.dedup();
        areas
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_needs_a_justification_and_what_follows_does_not() {
        let view = RecommendationView {
            kind: AuditKind::Stage2,
            derived: Recommendation::NotRecommended,
            stated: None,
        };
        assert_eq!(
            view.state(Recommendation::Recommended, "  ".into()),
            Err(Unjustified {
                follows: Recommendation::NotRecommended
            })
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

    #[test]
    fn an_override_without_a_justification_is_refused_naming_what_follows() {
        let view = RecommendationView {
            kind: AuditKind::Surveillance,
            derived: Recommendation::RecommendedSubjectToActionPlan,
            stated: None,
        };
        assert_eq!(
            view.state(Recommendation::Recommended, " ".into()),
            Err(Unjustified {
                follows: Recommendation::RecommendedSubjectToActionPlan
            })
        );
        assert!(
            view.state(Recommendation::Recommended, "verified on site".into())
                .is_ok()
        );
    }

    #[test]
    fn a_stage_1_names_the_areas_of_concern_of_the_standing_nonconformities_each_once() {
        use crate::audit::{Event, Finding, FindingWithdrawn};
        let finding = |grade, references: &[&str]| {
            Event::FindingRaised(Finding {
                grade,
                sample: None,
                references: references.iter().map(|r| r.to_string()).collect(),
                requirement: String::new(),
                statement: "x".into(),
                objective_evidence: String::new(),
                evidence: vec![],
                interviews: vec![],
            })
        };
        let events = [
            finding(Grade::Minor, &["A.5.15", "9.2"]),
            finding(Grade::Major, &["9.2"]),
            finding(Grade::Observation, &["7.5.3"]),
            finding(Grade::Minor, &["A.8.2"]),
            Event::FindingWithdrawn(FindingWithdrawn {
                finding: ulid::Ulid::from_parts(4, 1),
                reason: "evidenced elsewhere".into(),
            }),
        ];
        let state = crate::audit::recorded(events.into());
        assert_eq!(state.areas_of_concern(), ["9.2", "A.5.15"]);
        assert_eq!(
            state.recommendation(AuditKind::Stage1).derived,
            Recommendation::NotReadyForStage2
        );
        assert!(AuditState::default().areas_of_concern().is_empty());
    }
}
