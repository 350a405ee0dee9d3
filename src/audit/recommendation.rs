//! The recommendation that follows from the findings, and the one the audit team stated.

use super::event::Grade;
use super::event::{Recommendation, RecommendationSet};
use super::findings::FindingCounts;
use super::merge::{Origin, current};
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
    /// How the recommendation is said at the closing meeting of an audit of `kind`: a
    /// certification audit recommends certification, a recertification its renewal, a
    /// surveillance its continuation; a Stage 1 says whether Stage 2 can follow; an internal or
    /// mock audit gives a readiness view and no certificate wording. A recommendation of
    /// another kind's set (a plan whose kind changed) keeps its own words.
    pub fn wording(self, kind: AuditKind) -> &'static str {
        use AuditKind as K;
        use Recommendation as R;
        match (kind, self) {
            (K::Surveillance, R::Recommended) => "continuation of certification recommended",
            (K::Surveillance, R::RecommendedSubjectToActionPlan) => {
                "continuation of certification recommended, subject to an accepted \
                 corrective-action plan for the minor nonconformities"
            }
            (K::Surveillance, R::NotRecommended) => {
                "continuation of certification not recommended until the major \
                 nonconformities are closed and their correction verified"
            }
            (K::Recertification, R::Recommended) => "renewal of certification recommended",
            (K::Recertification, R::RecommendedSubjectToActionPlan) => {
                "renewal of certification recommended, subject to an accepted \
                 corrective-action plan for the minor nonconformities"
            }
            (K::Recertification, R::NotRecommended) => {
                "renewal of certification not recommended until the major nonconformities \
                 are closed and their correction verified"
            }
            (_, R::Recommended) => "certification recommended",
            (_, R::RecommendedSubjectToActionPlan) => {
                "certification recommended, subject to an accepted corrective-action plan for \
                 the minor nonconformities"
            }
            (_, R::NotRecommended) => {
                "certification not recommended until the major nonconformities are closed \
                 and their correction verified"
            }
            (_, R::ReadyForStage2) => "ready to proceed to Stage 2",
            (_, R::NotReadyForStage2) => {
                "not ready to proceed to Stage 2 until the areas of concern are resolved"
            }
            (_, R::Ready) => "readiness: ready for external audit",
            (_, R::ReadyOnceCorrected) => {
                "readiness: ready for external audit once the minor nonconformities are \
                 corrected"
            }
            (_, R::NotReady) => {
                "readiness: not ready for external audit, the major nonconformities to be \
                 corrected first"
            }
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
    ) -> Result<RecommendationSet, String> {
        if chosen != self.derived && justification.trim().is_empty() {
            return Err(format!(
                "the findings give \"{}\": say why the team recommends otherwise",
                self.derived.wording(self.kind)
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
            kind,
            derived: follows_from(kind, &self.finding_counts()),
            stated: self.recommendation.as_ref().map(|(o, set)| (o, set)),
        }
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
            Err(
                "the findings give \"certification not recommended until the major \
                 nonconformities are closed and their correction verified\": say why the \
                 team recommends otherwise"
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

    /// What each kind of audit says for each situation of the findings: none, observations
    /// only, minors only, a major, majors and minors.
    #[test]
    fn every_kind_words_what_follows_from_every_situation_of_the_findings() {
        const CERTIFIED: [&str; 3] = [
            "certification recommended",
            "certification recommended, subject to an accepted corrective-action plan for \
             the minor nonconformities",
            "certification not recommended until the major nonconformities are closed and \
             their correction verified",
        ];
        const CONTINUED: [&str; 3] = [
            "continuation of certification recommended",
            "continuation of certification recommended, subject to an accepted \
             corrective-action plan for the minor nonconformities",
            "continuation of certification not recommended until the major nonconformities \
             are closed and their correction verified",
        ];
        const RENEWED: [&str; 3] = [
            "renewal of certification recommended",
            "renewal of certification recommended, subject to an accepted corrective-action \
             plan for the minor nonconformities",
            "renewal of certification not recommended until the major nonconformities are \
             closed and their correction verified",
        ];
        const STAGE1: [&str; 3] = [
            "ready to proceed to Stage 2",
            "ready to proceed to Stage 2",
            "not ready to proceed to Stage 2 until the areas of concern are resolved",
        ];
        const READINESS: [&str; 3] = [
            "readiness: ready for external audit",
            "readiness: ready for external audit once the minor nonconformities are corrected",
            "readiness: not ready for external audit, the major nonconformities to be \
             corrected first",
        ];
        let table = [
            (AuditKind::Stage1, STAGE1),
            (AuditKind::Stage2, CERTIFIED),
            (AuditKind::Surveillance, CONTINUED),
            (AuditKind::Recertification, RENEWED),
            (AuditKind::Internal, READINESS),
            (AuditKind::Mock, READINESS),
        ];
        assert_eq!(
            table.len(),
            AuditKind::ALL.len(),
            "every kind is in the table"
        );
        // (major, minor, observation) and which of the three wordings follows.
        let situations = [
            ((0, 0, 0), 0),
            ((0, 0, 3), 0),
            ((0, 2, 1), 1),
            ((1, 0, 0), 2),
            ((2, 3, 1), 2),
        ];
        for (kind, words) in table {
            for ((major, minor, observation), expected) in situations {
                let counts = FindingCounts {
                    major,
                    minor,
                    observation,
                    ..FindingCounts::default()
                };
                assert_eq!(
                    follows_from(kind, &counts).wording(kind),
                    words[expected],
                    "{kind:?} with {major} major, {minor} minor, {observation} observations"
                );
            }
        }
    }

    #[test]
    fn an_internal_or_mock_audit_never_speaks_of_a_certificate() {
        for kind in [AuditKind::Internal, AuditKind::Mock] {
            for option in Recommendation::options_for(kind) {
                let words = option.wording(kind);
                assert!(!words.contains("certificat"), "{kind:?}: {words}");
            }
        }
    }

    #[test]
    fn every_option_of_a_kind_is_worded_differently() {
        for (kind, _) in AuditKind::ALL {
            let options = Recommendation::options_for(kind);
            for (i, a) in options.iter().enumerate() {
                for b in &options[i + 1..] {
                    assert_ne!(a.wording(kind), b.wording(kind), "{kind:?}");
                }
            }
        }
    }

    #[test]
    fn an_override_is_refused_in_the_words_of_the_kind() {
        let view = RecommendationView {
            kind: AuditKind::Surveillance,
            derived: Recommendation::RecommendedSubjectToActionPlan,
            stated: None,
        };
        let refused = view
            .state(Recommendation::Recommended, String::new())
            .unwrap_err();
        assert!(
            refused.starts_with(
                "the findings give \"continuation of certification recommended, subject"
            ),
            "{refused}"
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
