//! The score of a practice day: the record compared with the scenario's answer key. A pure
//! function of the scenario, the plan and the folded record, so the closing screen, the
//! report and the tests all get the same figures.

use std::collections::{BTreeMap, BTreeSet};

use chrono::FixedOffset;
use serde::Serialize;
use ulid::Ulid;

use super::scenario::Scenario;
use crate::audit::{AuditState, Grade, Meeting, lead_auditor};
use crate::plan::Plan;

/// How a practice day went against the answer key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Points earned: 2 for each planted nonconformity found at its grade, 1 found at the
    /// other grade, 1 more for each found one with requirement, statement and objective
    /// evidence linked to what showed it; 1 for each red herring avoided; 1 off for each
    /// false finding; never below 0.
    pub points: u32,
    /// The most points the scenario allows.
    pub out_of: u32,
    /// Planted nonconformities found (at any nonconformity grade).
    pub found: usize,
    /// Of those found, how many were recorded at the other grade.
    pub misgraded: usize,
    /// Nonconformities planted.
    pub planted: usize,
    /// Each planted nonconformity and what became of it, in the key's order.
    pub ncs: Vec<PlantedResult>,
    /// Nonconformities recorded that the key does not plant.
    pub false_findings: Vec<FalseFinding>,
    /// Each red herring and whether it was left alone.
    pub herrings: Vec<HerringResult>,
    /// Planned samples concluded.
    pub samples_covered: usize,
    /// Samples the plan lists.
    pub samples_planned: usize,
    /// Minutes from the opening meeting's start to the closing meeting's end, when both are
    /// recorded.
    pub minutes_used: Option<i64>,
    /// Minutes the timetable plans.
    pub minutes_planned: i64,
}

/// What became of a planted nonconformity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Recorded as a nonconformity at its grade.
    Found,
    /// Recorded as a nonconformity at the other grade.
    Misgraded,
    /// Not recorded as a nonconformity.
    Missed,
}

/// One planted nonconformity against the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlantedResult {
    /// Its id in the key.
    pub id: String,
    /// Its clause or control.
    pub reference: String,
    /// Its grade in the key.
    pub grade: Grade,
    /// Found, misgraded or missed.
    pub outcome: Outcome,
    /// The number of the finding that found it (`NC-02`).
    pub finding: Option<String>,
    /// The grade it was recorded at, or the grade of a lesser finding on its reference.
    pub recorded: Option<Grade>,
    /// The finding states the requirement.
    pub requirement: bool,
    /// The finding states the nonconformity.
    pub statement: bool,
    /// The finding gives objective evidence.
    pub objective_evidence: bool,
    /// The finding links an evidence item or interview that shows it, as shown on the day.
    pub linked: bool,
    /// Why it is a nonconformity, from the key.
    pub explanation: String,
    /// What showed it, and when it was shown.
    pub evidence: Vec<EvidenceShown>,
}

/// One handout or answer that shows a planted nonconformity or a red herring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceShown {
    /// Its id in the scenario.
    pub id: String,
    /// What it is: a handout's title, or who answered.
    pub what: String,
    /// Where it was to be had: the sample, or the interview and what to ask about.
    pub place: String,
    /// When it was first shown (local `HH:MM`), if ever.
    pub shown: Option<String>,
}

/// A nonconformity recorded that the key does not plant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FalseFinding {
    /// Its number.
    pub number: String,
    /// Its grade.
    pub grade: Grade,
    /// Its references.
    pub references: Vec<String>,
    /// Its statement.
    pub statement: String,
    /// The red herring it fell for, if any.
    pub herring: Option<String>,
}

/// A red herring against the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HerringResult {
    /// Its id in the key.
    pub id: String,
    /// Its clause or control.
    pub reference: String,
    /// No nonconformity was recorded on it.
    pub avoided: bool,
    /// Why it is not a nonconformity, from the key.
    pub explanation: String,
    /// What made it look wrong.
    pub evidence: Vec<EvidenceShown>,
}

impl Score {
    /// The score of the day recorded in `state` on `plan`, against `scenario`'s key; times
    /// are shown at `offset`.
    pub fn of(scenario: &Scenario, plan: &Plan, state: &AuditState, offset: FixedOffset) -> Score {
        let mut first_shown: BTreeMap<&str, chrono::DateTime<chrono::Utc>> = BTreeMap::new();
        let mut shown_in_interview: BTreeMap<Ulid, BTreeSet<&str>> = BTreeMap::new();
        for (origin, shown) in state.shown() {
            first_shown.entry(&shown.item).or_insert(origin.at);
            if let Some(interview) = shown.interview {
                shown_in_interview
                    .entry(interview)
                    .or_default()
                    .insert(&shown.item);
            }
        }
        let shown_list = |ids: &[String]| -> Vec<EvidenceShown> {
            ids.iter()
                .map(|id| {
                    let (what, place) = match scenario.handout(id) {
                        Some(h) => (h.title.clone(), h.sample.clone()),
                        None => scenario
                            .answers
                            .iter()
                            .find(|a| a.id == *id)
                            .map(|a| {
                                let place = match a.keywords.is_empty() {
                                    true => "interview".to_string(),
                                    false => {
                                        format!("interview, asked about {}", a.keywords.join(" / "))
                                    }
                                };
                                (format!("{}'s answer", a.interviewee), place)
                            })
                            .unwrap_or_default(),
                    };
                    EvidenceShown {
                        id: id.clone(),
                        what,
                        place,
                        shown: first_shown
                            .get(id.as_str())
                            .map(|at| at.with_timezone(&offset).format("%H:%M").to_string()),
                    }
                })
                .collect()
        };
        let evidence_ids: BTreeMap<Ulid, &str> = state
            .evidence()
            .map(|e| (e.id, e.content.identifier.as_str()))
            .collect();
        let findings = state.findings(lead_auditor(plan));
        let standing: Vec<_> = findings.iter().filter(|f| f.withdrawn.is_none()).collect();
        let is_nc = |g: Grade| matches!(g, Grade::Major | Grade::Minor);
        let mut used: BTreeSet<Ulid> = BTreeSet::new();
        let mut ncs = Vec::new();
        for nc in &scenario.planted {
            let on_ref = |f: &&&crate::audit::NumberedFinding<'_>| {
                (f.item.content.references.iter())
                    .any(|r| *r == nc.reference || nc.also.contains(r))
            };
            let found = standing
                .iter()
                .filter(on_ref)
                .find(|f| is_nc(f.grade()) && !used.contains(&f.item.id));
            let lesser = standing.iter().filter(on_ref).find(|f| !is_nc(f.grade()));
            let mut result = PlantedResult {
                id: nc.id.clone(),
                reference: nc.reference.clone(),
                grade: nc.grade,
                outcome: Outcome::Missed,
                finding: None,
                recorded: lesser.map(|f| f.grade()),
                requirement: false,
                statement: false,
                objective_evidence: false,
                linked: false,
                explanation: nc.explanation.clone(),
                evidence: shown_list(&nc.evidence),
            };
            if let Some(f) = found {
                used.insert(f.item.id);
                let c = f.item.content;
                let shows =
                    |id: &str| nc.evidence.iter().any(|e| e == id) && first_shown.contains_key(id);
                let by_item = c
                    .evidence
                    .iter()
                    .filter_map(|id| evidence_ids.get(id))
                    .any(|identifier| shows(identifier));
                let by_interview = c.interviews.iter().any(|i| {
                    shown_in_interview
                        .get(i)
                        .is_some_and(|items| items.iter().any(|id| shows(id)))
                });
                result = PlantedResult {
                    outcome: if f.grade() == nc.grade {
                        Outcome::Found
                    } else {
                        Outcome::Misgraded
                    },
                    finding: Some(f.number.number.clone()),
                    recorded: Some(f.grade()),
                    requirement: !c.requirement.trim().is_empty(),
                    statement: !c.statement.trim().is_empty(),
                    objective_evidence: !c.objective_evidence.trim().is_empty(),
                    linked: by_item || by_interview,
                    ..result
                };
            }
            ncs.push(result);
        }
        let false_findings: Vec<FalseFinding> = standing
            .iter()
            .filter(|f| is_nc(f.grade()) && !used.contains(&f.item.id))
            .map(|f| FalseFinding {
                number: f.number.number.clone(),
                grade: f.grade(),
                references: f.item.content.references.clone(),
                statement: f.item.content.statement.clone(),
                herring: scenario
                    .herrings
                    .iter()
                    .find(|h| f.item.content.references.contains(&h.reference))
                    .map(|h| h.id.clone()),
            })
            .collect();
        let herrings: Vec<HerringResult> = scenario
            .herrings
            .iter()
            .map(|h| HerringResult {
                id: h.id.clone(),
                reference: h.reference.clone(),
                avoided: !false_findings
                    .iter()
                    .any(|f| f.references.contains(&h.reference)),
                explanation: h.explanation.clone(),
                evidence: shown_list(&h.evidence),
            })
            .collect();
        let found = ncs.iter().filter(|n| n.outcome != Outcome::Missed).count();
        let misgraded = ncs
            .iter()
            .filter(|n| n.outcome == Outcome::Misgraded)
            .count();
        let complete = ncs
            .iter()
            .filter(|n| {
                n.outcome != Outcome::Missed
                    && n.requirement
                    && n.statement
                    && n.objective_evidence
                    && n.linked
            })
            .count();
        let avoided = herrings.iter().filter(|h| h.avoided).count();
        let earned = 2 * (found - misgraded) + misgraded + complete + avoided;
        let points = earned.saturating_sub(false_findings.len());
        let samples = state.samples(plan);
        let meeting = |m| state.meeting(m);
        let minutes_used = match (
            meeting(Meeting::Opening).started,
            meeting(Meeting::Closing).ended,
        ) {
            (Some(start), Some(end)) => Some((end - start).num_minutes()),
            _ => None,
        };
        Score {
            points: points as u32,
            out_of: (3 * ncs.len() + herrings.len()) as u32,
            found,
            misgraded,
            planted: ncs.len(),
            ncs,
            false_findings,
            herrings,
            samples_covered: samples
                .iter()
                .filter(|s| s.planned && s.status.is_done())
                .count(),
            samples_planned: plan.samples.len(),
            minutes_used,
            minutes_planned: plan.agenda.iter().map(|a| i64::from(a.minutes)).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;
    use ulid::Ulid;

    use super::*;
    use crate::audit::{
        AuditeeShowed, Event, EvidenceItem, Finding, FindingWithdrawn, InterviewStarted, recorded,
    };

    /// The shipped Stage 2 scenario: 9.2 major, A.5.18 minor and A.6.3 minor planted; red
    /// herrings on A.8.13 and 9.3.
    fn stage2() -> (Plan, Scenario) {
        let (plan, scenario) = super::super::load_any(
            std::path::Path::new("sample-audits/practice/stage2-software-company.toml"),
            None,
        )
        .unwrap();
        (plan, scenario.expect("the file is a scenario"))
    }

    /// The id `recorded` gives the `n`th event (0 first).
    fn id(n: u64) -> Ulid {
        Ulid::from_parts(1 + n, 1)
    }

    fn shown(item: &str, sample: &str) -> Event {
        Event::AuditeeShowed(AuditeeShowed {
            item: item.into(),
            sample: Some(sample.into()),
            interview: None,
        })
    }

    fn evidence(sample: &str, identifier: &str) -> Event {
        Event::EvidenceAdded(EvidenceItem {
            sample: Some(sample.into()),
            seen: identifier.into(),
            identifier: identifier.into(),
            ..EvidenceItem::default()
        })
    }

    /// A finding on `reference`, complete (requirement and objective evidence) or a
    /// statement alone, linking `items` and `interviews`.
    fn finding(
        grade: Grade,
        reference: &str,
        complete: bool,
        items: Vec<Ulid>,
        interviews: Vec<Ulid>,
    ) -> Event {
        let text = |t: &str| if complete { t.into() } else { String::new() };
        Event::FindingRaised(Finding {
            grade,
            sample: Some(reference.into()),
            references: vec![reference.into()],
            requirement: text("the requirement"),
            statement: "what is not met".into(),
            objective_evidence: text("what was seen"),
            evidence: items,
            interviews,
        })
    }

    struct Case {
        name: &'static str,
        events: Vec<Event>,
        points: u32,
        outcomes: [Outcome; 3],
        /// Of the found ones, which are complete and linked.
        complete: [bool; 3],
        false_findings: usize,
        herrings_avoided: usize,
    }

    #[test]
    fn the_score_follows_the_key_case_by_case() {
        use Outcome::{Found, Misgraded, Missed};
        let (plan, scenario) = stage2();
        let cases = vec![
            Case {
                name: "nothing recorded: both red herrings avoided, every NC missed",
                events: vec![],
                points: 2,
                outcomes: [Missed, Missed, Missed],
                complete: [false; 3],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "every NC at its grade, complete and linked to what showed it",
                events: vec![
                    shown("KC-IA-PROG", "9.2"),
                    evidence("9.2", "KC-IA-PROG"),
                    finding(Grade::Major, "9.2", true, vec![id(1)], vec![]),
                    shown("KC-AR-LOG", "A.5.18"),
                    evidence("A.5.18", "KC-AR-LOG"),
                    finding(Grade::Minor, "A.5.18", true, vec![id(4)], vec![]),
                    shown("KC-TR", "A.6.3"),
                    evidence("A.6.3", "KC-TR"),
                    finding(Grade::Minor, "A.6.3", true, vec![id(7)], vec![]),
                ],
                points: 11,
                outcomes: [Found, Found, Found],
                complete: [true; 3],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "a major recorded as minor is found, misgraded",
                events: vec![finding(Grade::Minor, "9.2", false, vec![], vec![])],
                points: 3,
                outcomes: [Misgraded, Missed, Missed],
                complete: [false; 3],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "evidence named like a handout never handed over is not linked",
                events: vec![
                    evidence("9.2", "KC-IA-PROG"),
                    finding(Grade::Major, "9.2", true, vec![id(0)], vec![]),
                ],
                points: 4,
                outcomes: [Found, Missed, Missed],
                complete: [false; 3],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "an interview where the answer that shows it was given links it",
                events: vec![
                    Event::InterviewStarted(InterviewStarted {
                        interviewee: "Dana Okafor".into(),
                        role: String::new(),
                        department: String::new(),
                        topics: vec![],
                    }),
                    Event::AuditeeShowed(AuditeeShowed {
                        item: "dana-internal-audit".into(),
                        sample: None,
                        interview: Some(id(0)),
                    }),
                    finding(Grade::Major, "9.2", true, vec![], vec![id(0)]),
                ],
                points: 5,
                outcomes: [Found, Missed, Missed],
                complete: [true, false, false],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "a nonconformity on a red herring is a false finding and falls for it",
                events: vec![finding(Grade::Minor, "A.8.13", true, vec![], vec![])],
                points: 0,
                outcomes: [Missed, Missed, Missed],
                complete: [false; 3],
                false_findings: 1,
                herrings_avoided: 1,
            },
            Case {
                name: "an observation on a planted NC is missed; on a red herring it is no fall",
                events: vec![
                    finding(Grade::Observation, "A.6.3", true, vec![], vec![]),
                    finding(Grade::Observation, "9.3", true, vec![], vec![]),
                ],
                points: 2,
                outcomes: [Missed, Missed, Missed],
                complete: [false; 3],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "a withdrawn finding counts for nothing",
                events: vec![
                    finding(Grade::Major, "9.2", true, vec![], vec![]),
                    Event::FindingWithdrawn(FindingWithdrawn {
                        finding: id(0),
                        reason: "raised by mistake".into(),
                    }),
                ],
                points: 2,
                outcomes: [Missed, Missed, Missed],
                complete: [false; 3],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "a planted NC raised under one of the references its key also allows is found",
                events: vec![finding(Grade::Minor, "7.3", false, vec![], vec![])],
                points: 4,
                outcomes: [Missed, Missed, Found],
                complete: [false; 3],
                false_findings: 0,
                herrings_avoided: 2,
            },
            Case {
                name: "a second NC on one planted NC is a false finding",
                events: vec![
                    finding(Grade::Major, "9.2", false, vec![], vec![]),
                    finding(Grade::Major, "9.2", false, vec![], vec![]),
                ],
                points: 3,
                outcomes: [Found, Missed, Missed],
                complete: [false; 3],
                false_findings: 1,
                herrings_avoided: 2,
            },
        ];
        let utc = FixedOffset::east_opt(0).unwrap();
        for case in cases {
            let state = recorded(case.events);
            let score = Score::of(&scenario, &plan, &state, utc);
            let outcomes: Vec<Outcome> = score.ncs.iter().map(|n| n.outcome).collect();
            assert_eq!(outcomes, case.outcomes, "{}", case.name);
            let complete: Vec<bool> = score
                .ncs
                .iter()
                .map(|n| n.requirement && n.statement && n.objective_evidence && n.linked)
                .collect();
            assert_eq!(complete, case.complete, "{}", case.name);
            assert_eq!(
                score.false_findings.len(),
                case.false_findings,
                "{}",
                case.name
            );
            let avoided = score.herrings.iter().filter(|h| h.avoided).count();
            assert_eq!(avoided, case.herrings_avoided, "{}", case.name);
            assert_eq!(score.points, case.points, "{}", case.name);
            assert_eq!(score.out_of, 11, "{}", case.name);
        }
    }

    #[test]
    fn a_missed_nc_is_explained_with_what_showed_it_and_when() {
        let (plan, scenario) = stage2();
        let state = recorded(vec![shown("KC-AR-LOG", "A.5.18")]);
        let score = Score::of(
            &scenario,
            &plan,
            &state,
            FixedOffset::east_opt(3600).unwrap(),
        );
        let access = &score.ncs[1];
        assert_eq!(access.outcome, Outcome::Missed);
        assert!(
            access
                .explanation
                .starts_with("The policy promises quarterly")
        );
        assert_eq!(
            access.evidence,
            vec![
                EvidenceShown {
                    id: "KC-AR-LOG".into(),
                    what: "Access review log".into(),
                    place: "A.5.18".into(),
                    shown: Some("10:00".into()),
                },
                EvidenceShown {
                    id: "KC-ACP".into(),
                    what: "Access control policy".into(),
                    place: "A.5.18".into(),
                    shown: None,
                },
                EvidenceShown {
                    id: "dana-access".into(),
                    what: "Dana Okafor's answer".into(),
                    place: "interview, asked about access review / access / quarter".into(),
                    shown: None,
                },
            ]
        );
        assert_eq!((score.samples_covered, score.samples_planned), (0, 5));
        assert_eq!((score.minutes_used, score.minutes_planned), (None, 390));
    }
}
