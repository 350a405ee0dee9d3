//! The Stage 1 conclusion: ready or not ready to proceed to Stage 2, with the areas to fix
//! first. It follows from the known triggers for "not ready" (no approved information security
//! policy, no or inadequate risk assessment, a Statement of Applicability missing or not
//! covering all 93 Annex A controls, a scope too unclear to tell what is covered, no internal
//! audit or management review yet, a major nonconformity), read from the document review and
//! the SoA check, and from the standing areas of concern and nonconformities. Pure: the same
//! plan, record and SoA check give the same conclusion.

use serde::Serialize;

use super::documents::{DocumentReview, ReviewState};
use super::event::Grade;
use super::findings::lead_auditor;
use super::state::AuditState;
use crate::plan::{Document, Plan};
use crate::soa::{ProblemKind, SoaReport};

/// What the check of the organisation's Statement of Applicability found, as the conclusion
/// needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SoaCoverage {
    /// Annex A controls the SoA does not list (canonical ids).
    pub missing: Vec<String>,
    /// Controls excluded without a justification.
    pub unjustified_exclusions: usize,
    /// Its other problems: controls listed twice, ids of the 2013 edition or of no control,
    /// applicability not said.
    pub other_problems: usize,
}

impl SoaCoverage {
    /// The coverage the check of an SoA found.
    pub fn of(report: &SoaReport) -> SoaCoverage {
        let count = |kind: ProblemKind| report.problems.iter().filter(|p| p.kind == kind).count();
        SoaCoverage {
            missing: report.missing.clone(),
            unjustified_exclusions: count(ProblemKind::NoJustification),
            other_problems: (report.problems.iter())
                .filter(|p| !matches!(p.kind, ProblemKind::Missing | ProblemKind::NoJustification))
                .count(),
        }
    }
}

/// A reason a Stage 1 ends "not ready for Stage 2".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The scope statement was not seen: what the ISMS covers cannot be told.
    ScopeUnclear,
    /// The information security policy was not seen, or shows no approval.
    NoPolicy,
    /// The risk assessment (its method or its results) was not seen.
    NoRiskAssessment,
    /// The Statement of Applicability was not seen.
    SoaMissing,
    /// The Statement of Applicability does not list every Annex A control.
    SoaIncomplete,
    /// No internal audit seen.
    NoInternalAudit,
    /// No management review seen.
    NoManagementReview,
    /// A major nonconformity stands.
    MajorNonconformity,
}

impl Trigger {
    /// The key of its words in a language file's `[stage1]` table.
    pub fn key(self) -> &'static str {
        match self {
            Trigger::ScopeUnclear => "scope_unclear",
            Trigger::NoPolicy => "no_policy",
            Trigger::NoRiskAssessment => "no_risk_assessment",
            Trigger::SoaMissing => "soa_missing",
            Trigger::SoaIncomplete => "soa_incomplete",
            Trigger::NoInternalAudit => "no_internal_audit",
            Trigger::NoManagementReview => "no_management_review",
            Trigger::MajorNonconformity => "major_nonconformity",
        }
    }

    /// In words, for the screen.
    pub fn label(self) -> &'static str {
        match self {
            Trigger::ScopeUnclear => "scope unclear: the scope statement was not seen",
            Trigger::NoPolicy => "no approved information security policy",
            Trigger::NoRiskAssessment => "no or inadequate risk assessment",
            Trigger::SoaMissing => "Statement of Applicability missing",
            Trigger::SoaIncomplete => {
                "Statement of Applicability does not cover all 93 Annex A controls"
            }
            Trigger::NoInternalAudit => "no internal audit yet",
            Trigger::NoManagementReview => "no management review yet",
            Trigger::MajorNonconformity => "a major nonconformity stands",
        }
    }
}

/// Something to fix before Stage 2 that does not by itself hold Stage 2 back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Area {
    /// A standing nonconformity or area of concern.
    Finding {
        /// Its number (`AOC-01`).
        number: String,
        /// Whether the number may still change (it was not fixed).
        provisional: bool,
        /// Its grade.
        grade: Grade,
        /// The clauses and controls it refers to.
        references: Vec<String>,
        /// Its statement.
        statement: String,
    },
    /// A document seen that shows no approval.
    NotApproved {
        /// The document's title.
        document: String,
    },
    /// A document seen that is not current.
    NotCurrent {
        /// The document's title.
        document: String,
    },
    /// A document seen that staff cannot reach.
    NotAccessible {
        /// The document's title.
        document: String,
    },
    /// A document not seen that no trigger names.
    NotSeen {
        /// The document's title.
        document: String,
    },
    /// Controls excluded in the SoA without a justification.
    UnjustifiedExclusions {
        /// How many.
        count: usize,
    },
    /// The SoA's other problems: controls listed twice, ids of the 2013 edition or of no
    /// control, applicability not said.
    SoaProblems {
        /// How many.
        count: usize,
    },
}

/// The Stage 1 conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage1Conclusion {
    /// Ready to proceed to Stage 2: no trigger holds it back.
    pub ready: bool,
    /// What holds Stage 2 back, each once, in a fixed order.
    pub triggers: Vec<Trigger>,
    /// The SoA's missing controls, when the SoA check found some.
    pub soa_missing: Vec<String>,
    /// What to fix before Stage 2: the standing findings in number order, then the
    /// documents' problems in the plan's order.
    pub areas: Vec<Area>,
    /// The plan's documents not reviewed yet: the conclusion is provisional while any are.
    pub unreviewed: Vec<String>,
}

/// What a document of the plan is, for the triggers: told by the clause that requires it,
/// else by its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Scope,
    Policy,
    RiskAssessment,
    Soa,
    InternalAudit,
    ManagementReview,
}

fn topic(document: &Document) -> Option<Topic> {
    let title = document.title.to_lowercase();
    let reference = document.reference.as_deref().unwrap_or("").trim();
    let clause = reference.split_whitespace().next().unwrap_or("");
    let titled = |words: &[&str]| words.iter().any(|w| title.contains(w));
    if titled(&["statement of applicability", "soa "]) || reference == "6.1.3 d)" {
        Some(Topic::Soa)
    } else if clause == "4.3" || titled(&["scope"]) && clause.is_empty() {
        Some(Topic::Scope)
    } else if clause == "5.2" || titled(&["security policy"]) && clause.is_empty() {
        Some(Topic::Policy)
    } else if matches!(clause, "6.1.2" | "8.2") || titled(&["risk assessment"]) && clause.is_empty()
    {
        Some(Topic::RiskAssessment)
    } else if clause.starts_with("9.2") || titled(&["internal audit"]) && clause.is_empty() {
        Some(Topic::InternalAudit)
    } else if clause.starts_with("9.3") || titled(&["management review"]) && clause.is_empty() {
        Some(Topic::ManagementReview)
    } else {
        None
    }
}

/// The trigger a document of `topic` fires when not seen.
fn trigger_of(topic: Topic) -> Trigger {
    match topic {
        Topic::Scope => Trigger::ScopeUnclear,
        Topic::Policy => Trigger::NoPolicy,
        Topic::RiskAssessment => Trigger::NoRiskAssessment,
        Topic::Soa => Trigger::SoaMissing,
        Topic::InternalAudit => Trigger::NoInternalAudit,
        Topic::ManagementReview => Trigger::NoManagementReview,
    }
}

/// The Stage 1 conclusion from the plan's documents as reviewed, the standing findings and,
/// when the plan names the organisation's SoA (`[soa] file`), what checking it found.
pub fn stage1_conclusion(plan: &Plan, state: &AuditState) -> Stage1Conclusion {
    let soa = (plan.soa.as_ref())
        .and_then(|s| s.checked.as_ref())
        .map(SoaCoverage::of);
    conclude(
        &state.document_reviews(plan),
        state,
        lead_auditor(plan),
        soa.as_ref(),
    )
}

fn conclude(
    reviews: &[DocumentReview<'_>],
    state: &AuditState,
    lead: &str,
    soa: Option<&SoaCoverage>,
) -> Stage1Conclusion {
    let mut triggers = Vec::new();
    let mut document_areas = Vec::new();
    let mut unreviewed = Vec::new();
    for review in reviews {
        let title = review.document.title.clone();
        let topic = topic(review.document);
        match (review.state(), review.review) {
            (ReviewState::NotReviewed, _) | (_, None) => unreviewed.push(title),
            (ReviewState::NotSeen, _) => match topic {
                Some(topic) => triggers.push(trigger_of(topic)),
                None => document_areas.push(Area::NotSeen { document: title }),
            },
            (ReviewState::Seen, Some((_, r))) => {
                if !r.approved() {
                    if topic == Some(Topic::Policy) {
                        triggers.push(Trigger::NoPolicy);
                    } else {
                        document_areas.push(Area::NotApproved {
                            document: title.clone(),
                        });
                    }
                }
                if r.current == Some(false) {
                    document_areas.push(Area::NotCurrent {
                        document: title.clone(),
                    });
                }
                if r.accessible == Some(false) {
                    document_areas.push(Area::NotAccessible { document: title });
                }
            }
        }
    }
    let mut soa_missing = Vec::new();
    if let Some(soa) = soa {
        if !soa.missing.is_empty() {
            triggers.push(Trigger::SoaIncomplete);
            soa_missing = soa.missing.clone();
        }
        if soa.unjustified_exclusions > 0 {
            document_areas.push(Area::UnjustifiedExclusions {
                count: soa.unjustified_exclusions,
            });
        }
        if soa.other_problems > 0 {
            document_areas.push(Area::SoaProblems {
                count: soa.other_problems,
            });
        }
    }
    let mut findings: Vec<_> = state
        .findings(lead)
        .into_iter()
        .filter(|f| f.is_open())
        .filter(|f| {
            matches!(
                f.grade(),
                Grade::Major | Grade::Minor | Grade::AreaOfConcern
            )
        })
        .collect();
    if findings.iter().any(|f| f.grade() == Grade::Major) {
        triggers.push(Trigger::MajorNonconformity);
    }
    findings.sort_by_key(|f| f.number.order());
    let mut areas: Vec<Area> = findings
        .into_iter()
        .map(|f| Area::Finding {
            number: f.number.number.clone(),
            provisional: !f.number.fixed,
            grade: f.grade(),
            references: f.item.content.references.clone(),
            statement: f.item.content.statement.clone(),
        })
        .collect();
    areas.extend(document_areas);
    triggers.sort_unstable();
    triggers.dedup();
    Stage1Conclusion {
        ready: triggers.is_empty(),
        triggers,
        soa_missing,
        areas,
        unreviewed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{DocumentReviewed, Event, Finding, recorded};

    fn doc(title: &str, reference: &str) -> Document {
        Document {
            title: title.into(),
            reference: (!reference.is_empty()).then(|| reference.into()),
        }
    }

    /// The catalogue's kind of list: one document of every trigger's topic and one other.
    fn documents() -> Vec<Document> {
        vec![
            doc("ISMS scope", "4.3"),
            doc("Information security policy", "5.2"),
            doc("Risk assessment results", "8.2"),
            doc("Statement of Applicability", "6.1.3 d)"),
            doc("Internal audit report", "9.2.2"),
            doc("Management review minutes", "9.3.3"),
            doc("Security objectives", "6.2"),
        ]
    }

    fn seen(document: &str) -> Event {
        Event::DocumentReviewed(DocumentReviewed {
            document: document.into(),
            seen: true,
            approved_by: "CEO".into(),
            current: Some(true),
            accessible: Some(true),
            ..DocumentReviewed::default()
        })
    }

    fn finding(grade: Grade, reference: &str) -> Event {
        Event::FindingRaised(Finding {
            grade,
            sample: None,
            references: vec![reference.into()],
            requirement: String::new(),
            statement: format!("{reference} needs work"),
            objective_evidence: String::new(),
            evidence: Vec::new(),
            interviews: Vec::new(),
        })
    }

    fn all_seen_but(title: &str, instead: Option<Event>) -> Vec<Event> {
        documents()
            .iter()
            .filter(|d| d.title != title)
            .map(|d| seen(&d.title))
            .chain(instead)
            .collect()
    }

    fn conclusion_of(events: Vec<Event>, soa: Option<&SoaCoverage>) -> Stage1Conclusion {
        let docs = documents();
        let state = recorded(events);
        let reviews: Vec<DocumentReview<'_>> = docs
            .iter()
            .map(|document| DocumentReview {
                document,
                review: state.document_review(&document.title),
            })
            .collect();
        conclude(&reviews, &state, "Priya Shah", soa)
    }

    fn not_seen(title: &str) -> Option<Event> {
        Some(Event::DocumentReviewed(DocumentReviewed {
            document: title.into(),
            seen: false,
            ..DocumentReviewed::default()
        }))
    }

    /// A case of the trigger table: its name, what is recorded, the SoA check, the triggers.
    type Case = (&'static str, Vec<Event>, Option<SoaCoverage>, Vec<Trigger>);

    #[test]
    fn each_known_trigger_holds_stage2_back() {
        let unapproved_policy = Some(Event::DocumentReviewed(DocumentReviewed {
            document: "Information security policy".into(),
            seen: true,
            ..DocumentReviewed::default()
        }));
        let cases: Vec<Case> = vec![
            ("everything seen", all_seen_but("", None), None, vec![]),
            (
                "scope not seen",
                all_seen_but("ISMS scope", not_seen("ISMS scope")),
                None,
                vec![Trigger::ScopeUnclear],
            ),
            (
                "policy not seen",
                all_seen_but(
                    "Information security policy",
                    not_seen("Information security policy"),
                ),
                None,
                vec![Trigger::NoPolicy],
            ),
            (
                "policy not approved",
                all_seen_but("Information security policy", unapproved_policy),
                None,
                vec![Trigger::NoPolicy],
            ),
            (
                "risk assessment not seen",
                all_seen_but(
                    "Risk assessment results",
                    not_seen("Risk assessment results"),
                ),
                None,
                vec![Trigger::NoRiskAssessment],
            ),
            (
                "SoA not seen",
                all_seen_but(
                    "Statement of Applicability",
                    not_seen("Statement of Applicability"),
                ),
                None,
                vec![Trigger::SoaMissing],
            ),
            (
                "SoA incomplete",
                all_seen_but("", None),
                Some(SoaCoverage {
                    missing: vec!["A.5.7".into()],
                    ..SoaCoverage::default()
                }),
                vec![Trigger::SoaIncomplete],
            ),
            (
                "no internal audit",
                all_seen_but("Internal audit report", not_seen("Internal audit report")),
                None,
                vec![Trigger::NoInternalAudit],
            ),
            (
                "no management review",
                all_seen_but(
                    "Management review minutes",
                    not_seen("Management review minutes"),
                ),
                None,
                vec![Trigger::NoManagementReview],
            ),
            (
                "a major nonconformity",
                all_seen_but("", Some(finding(Grade::Major, "9.2"))),
                None,
                vec![Trigger::MajorNonconformity],
            ),
            (
                "objectives not seen: an area, no trigger",
                all_seen_but("Security objectives", not_seen("Security objectives")),
                None,
                vec![],
            ),
            (
                "areas of concern alone",
                all_seen_but("", Some(finding(Grade::AreaOfConcern, "6.2"))),
                None,
                vec![],
            ),
        ];
        for (case, events, soa, triggers) in cases {
            let conclusion = conclusion_of(events, soa.as_ref());
            assert_eq!(conclusion.triggers, triggers, "{case}");
            assert_eq!(conclusion.ready, triggers.is_empty(), "{case}");
            assert!(conclusion.unreviewed.is_empty(), "{case}");
        }
    }

    #[test]
    fn the_areas_to_fix_list_the_findings_then_the_documents() {
        let mut events = all_seen_but("Security objectives", not_seen("Security objectives"));
        events.push(Event::DocumentReviewed(DocumentReviewed {
            document: "ISMS scope".into(),
            seen: true,
            approved_by: "CEO".into(),
            current: Some(false),
            accessible: Some(false),
            ..DocumentReviewed::default()
        }));
        events.push(finding(Grade::AreaOfConcern, "6.2"));
        events.push(finding(Grade::Observation, "7.5"));
        events.push(finding(Grade::Minor, "7.2"));
        let soa = SoaCoverage {
            missing: Vec::new(),
            unjustified_exclusions: 2,
            other_problems: 1,
        };
        let conclusion = conclusion_of(events, Some(&soa));
        assert!(conclusion.ready);
        let shown: Vec<String> = conclusion
            .areas
            .iter()
            .map(|a| match a {
                Area::Finding {
                    number,
                    provisional,
                    ..
                } => format!("{number}{}", if *provisional { "?" } else { "" }),
                Area::NotCurrent { document } => format!("not current: {document}"),
                Area::NotAccessible { document } => format!("not accessible: {document}"),
                Area::NotSeen { document } => format!("not seen: {document}"),
                Area::NotApproved { document } => format!("not approved: {document}"),
                Area::UnjustifiedExclusions { count } => format!("{count} exclusions"),
                Area::SoaProblems { count } => format!("{count} other SoA problems"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "NC-01?",
                "AOC-01?",
                "not current: ISMS scope",
                "not accessible: ISMS scope",
                "not seen: Security objectives",
                "2 exclusions",
                "1 other SoA problems"
            ]
        );
    }

    #[test]
    fn documents_not_reviewed_yet_leave_the_conclusion_provisional() {
        let conclusion = conclusion_of(vec![seen("ISMS scope")], None);
        assert!(conclusion.ready);
        assert_eq!(conclusion.unreviewed.len(), documents().len() - 1);
        assert!(!conclusion.unreviewed.contains(&"ISMS scope".to_string()));
    }

    #[test]
    fn an_soa_check_counts_its_missing_controls_exclusions_and_other_problems() {
        let bytes = std::fs::read("tests/fixtures/soa/problems.csv").unwrap();
        let report = crate::soa::check_bytes(
            "problems.csv",
            &bytes,
            crate::soa::Format::Csv,
            crate::catalogue::Catalogue::iso27001_2022(),
        )
        .unwrap();
        assert_eq!(
            SoaCoverage::of(&report),
            SoaCoverage {
                missing: vec!["A.5.23".into(), "A.8.15".into()],
                unjustified_exclusions: 1,
                other_problems: 4,
            },
            "a duplicate, an applicability not said, a 2013 id and an unknown id"
        );
    }

    #[test]
    fn a_document_is_told_by_its_clause_else_by_its_title() {
        assert_eq!(topic(&doc("Anything", "5.2")), Some(Topic::Policy));
        assert_eq!(
            topic(&doc("Risk treatment plan", "6.1.3 e)")),
            None,
            "the treatment plan is not the SoA"
        );
        assert_eq!(
            topic(&doc("Statement of Applicability v0.9", "6.1.3")),
            Some(Topic::Soa)
        );
        assert_eq!(
            topic(&doc("Internal audit programme", "")),
            Some(Topic::InternalAudit)
        );
        assert_eq!(topic(&doc("Scope of the risk treatment", "8.3")), None);
    }
}
