//! The state of an audit as a pure fold: the same events in any interleaving, and replayed
//! any number of times, give the same state; and what the closing meeting reads from it.

use std::path::Path;

use auditday::audit::*;
use auditday::plan::{self, AuditKind, Plan};
use auditday::record::Envelope;
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use ulid::Ulid;

const AUDITORS: [&str; 3] = ["Priya Shah", "Tom Whitfield", "Ana Lima"];
const SAMPLES: [&str; 5] = ["A.8.15", "A.5.15", "9.2", "A.7.4", "A.5.7"];

fn plan() -> Plan {
    plan::load(Path::new("sample-audits/stage2-software-sme.toml"), None).unwrap()
}

/// Envelopes for `events`, recorded in this order by `auditor`, a second apart.
fn recorded(events: impl IntoIterator<Item = (usize, Event)>) -> Vec<Envelope> {
    events
        .into_iter()
        .enumerate()
        .map(|(i, (auditor, event))| envelope(i as u64, AUDITORS[auditor], &event))
        .collect()
}

fn envelope(n: u64, auditor: &str, event: &Event) -> Envelope {
    let ms = 1_795_000_000_000 + n * 1000;
    Envelope {
        version: 1,
        id: Ulid::from_parts(ms, u128::from(n) * 7919),
        at: DateTime::<Utc>::from_timestamp_millis(ms as i64).unwrap(),
        auditor: auditor.into(),
        kind: event.kind().into(),
        data: event.data(),
        extra: vec![],
    }
}

fn finding(grade: Grade, sample: Option<&str>, statement: &str) -> Finding {
    Finding {
        grade,
        sample: sample.map(Into::into),
        references: sample.into_iter().map(Into::into).collect(),
        requirement: String::new(),
        statement: statement.into(),
        objective_evidence: String::new(),
        evidence: vec![],
        interviews: vec![],
    }
}

/// One step of a random audit day: an operation code and two numbers choosing its sample,
/// the earlier item it refers to, its grade or its text.
type Step = (usize, u8, u8, u8);

/// Turns random steps into a plausible day: edits, removals and links refer to items
/// created by earlier steps, by any auditor.
fn day(steps: &[Step]) -> Vec<Envelope> {
    let mut envelopes: Vec<Envelope> = Vec::new();
    let (mut evidence, mut notes, mut findings, mut interviews, mut inotes, mut attendees) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let pick = |ids: &Vec<Ulid>, n: u8| (!ids.is_empty()).then(|| ids[n as usize % ids.len()]);
    for (i, &(auditor, op, a, b)) in steps.iter().enumerate() {
        let reference = SAMPLES[a as usize % SAMPLES.len()].to_string();
        let sample = Some(reference.clone());
        let text = format!("text {b}");
        let grade = Grade::ALL[b as usize % 5];
        let event = match op % 16 {
            0 => Event::EvidenceAdded(EvidenceItem {
                sample,
                seen: text,
                sample_size: format!("{a} of {b}"),
                file: Some(FileSeen {
                    path: format!("file-{}", a % 3),
                    ..FileSeen::default()
                }),
                ..EvidenceItem::default()
            }),
            1 => match pick(&evidence, a) {
                Some(evidence) => Event::EvidenceEdited(EvidenceEdited {
                    evidence,
                    content: EvidenceItem {
                        seen: text,
                        ..EvidenceItem::default()
                    },
                }),
                None => continue,
            },
            2 => match pick(&evidence, a) {
                Some(evidence) if b % 3 == 0 => {
                    Event::EvidenceRestored(EvidenceRestored { evidence })
                }
                Some(evidence) => Event::EvidenceRemoved(EvidenceRemoved { evidence }),
                None => continue,
            },
            3 => Event::NoteWritten(Note {
                sample,
                meeting: None,
                text,
            }),
            4 => match pick(&notes, a) {
                Some(note) if b % 4 == 0 => Event::NoteRemoved(NoteRemoved { note }),
                Some(note) if b % 4 == 1 => Event::NoteRestored(NoteRestored { note }),
                Some(note) => Event::NoteEdited(NoteEdited {
                    note,
                    content: Note {
                        sample,
                        meeting: None,
                        text,
                    },
                }),
                None => continue,
            },
            5 => Event::FindingRaised(finding(grade, sample.as_deref(), &text)),
            6 => match pick(&findings, a) {
                Some(finding) if b % 4 == 0 => Event::FindingAccepted(FindingAccepted { finding }),
                Some(finding) if b % 4 == 1 => {
                    Event::FindingAcceptanceWithdrawn(FindingAcceptanceWithdrawn { finding })
                }
                Some(f) => Event::FindingEdited(FindingEdited {
                    finding: f,
                    content: finding(grade, sample.as_deref(), &text),
                }),
                None => continue,
            },
            7 => match pick(&findings, a) {
                Some(finding) if b % 3 == 0 => {
                    Event::FindingReinstated(FindingReinstated { finding })
                }
                Some(f) => Event::FindingWithdrawn(FindingWithdrawn {
                    finding: f,
                    reason: text,
                }),
                None => continue,
            },
            8 => Event::DraftSaved(DraftSaved {
                of: if b % 2 == 0 {
                    DraftTarget::NewNote {
                        sample,
                        meeting: None,
                    }
                } else {
                    DraftTarget::NewFinding { sample }
                },
                field: "text".into(),
                text,
            }),
            9 => Event::DraftDiscarded(DraftDiscarded {
                of: DraftTarget::NewNote {
                    sample,
                    meeting: None,
                },
            }),
            10 => Event::SampleStatusSet(SampleStatusSet {
                sample: reference,
                status: [
                    SetStatus::NotStarted,
                    SetStatus::InProgress,
                    SetStatus::Conforming,
                    SetStatus::NotAssessed,
                ][b as usize % 4],
                reason: text,
            }),
            11 => Event::AgendaItemChecked(AgendaItemChecked {
                meeting: Meeting::Opening,
                item: format!("item {}", a % 3),
                checked: b % 2 == 0,
            }),
            12 => Event::InterviewStarted(InterviewStarted {
                interviewee: text,
                role: String::new(),
                department: String::new(),
                topics: vec![],
            }),
            13 => match pick(&interviews, a) {
                Some(interview) if b % 3 == 0 => {
                    Event::InterviewEnded(InterviewEnded { interview })
                }
                Some(interview) if b % 3 == 1 => Event::CorroborationRecorded(Corroboration {
                    interview,
                    control: format!("A.5.{}", 15 + a % 3),
                    verdict: Verdict::ALL[usize::from(b) % 3],
                    evidence: pick(&evidence, b).into_iter().collect(),
                    note: text,
                }),
                Some(interview) => Event::InterviewNoteWritten(InterviewNoteWritten {
                    interview,
                    question: String::new(),
                    text,
                    topics: vec![],
                }),
                None => continue,
            },
            14 => match (pick(&findings, a), pick(&evidence, b)) {
                (Some(_), _) if b % 3 == 0 => Event::NumbersFixed(NumbersFixed {
                    numbers: findings
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| !(k + a as usize).is_multiple_of(3))
                        .map(|(k, id)| (*id, format!("{}-{:02}", grade.series(), k + 1)))
                        .collect(),
                }),
                (_, Some(evidence)) if b % 3 == 1 => {
                    Event::EvidenceFingerprinted(EvidenceFingerprinted {
                        evidence,
                        path: format!("file-{}", a % 3),
                        sha256: text,
                        bytes: u64::from(a),
                        unreadable: String::new(),
                    })
                }
                _ => Event::RecommendationSet(RecommendationSet {
                    recommendation: Recommendation::NotRecommended,
                    justification: text,
                }),
            },
            _ => match pick(&attendees, a) {
                Some(attendee) if b % 2 == 0 => {
                    Event::AttendeeRemoved(AttendeeRemoved { attendee })
                }
                _ => Event::AttendeeAdded(AttendeeAdded {
                    meeting: Meeting::Closing,
                    name: text,
                    role: String::new(),
                    organisation: String::new(),
                }),
            },
        };
        let e = envelope(i as u64, AUDITORS[auditor], &event);
        match &event {
            Event::EvidenceAdded(_) => evidence.push(e.id),
            Event::NoteWritten(_) => notes.push(e.id),
            Event::FindingRaised(_) => findings.push(e.id),
            Event::InterviewStarted(_) => interviews.push(e.id),
            Event::InterviewNoteWritten(_) => inotes.push(e.id),
            Event::AttendeeAdded(_) => attendees.push(e.id),
            _ => {}
        }
        envelopes.push(e);
    }
    envelopes
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (0..AUDITORS.len(), any::<u8>(), any::<u8>(), any::<u8>()),
        0..120,
    )
}

/// Everything the interface and the closing meeting read from a state, compared as text.
fn seen(state: &AuditState, plan: &Plan) -> String {
    let findings = state.findings(AUDITORS[0]);
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        findings
            .iter()
            .map(|f| state.responses(f.item.id))
            .collect::<Vec<_>>(),
        state.notes().collect::<Vec<_>>(),
        findings,
        state.samples(plan),
        state.recommendation(AuditKind::Stage2),
        state.drafts().collect::<Vec<_>>(),
        state.interviews().collect::<Vec<_>>(),
        state
            .evidence()
            .map(|e| state.fingerprint_of(e.id))
            .collect::<Vec<_>>()
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_interleaving_of_the_auditors_records_folds_to_the_same_state(
        (envelopes, order) in steps().prop_map(|s| day(&s)).prop_flat_map(|envelopes| {
            let order: Vec<usize> = (0..envelopes.len()).collect();
            (Just(envelopes), Just(order).prop_shuffle())
        })
    ) {
        let plan = plan();
        let in_order = AuditState::fold(&envelopes);
        let shuffled = AuditState::fold(order.iter().map(|&i| &envelopes[i]));
        prop_assert_eq!(&shuffled, &in_order);
        prop_assert_eq!(seen(&shuffled, &plan), seen(&in_order, &plan));

        // Each auditor's file read whole, one after another, in both directions.
        let by_file = |files: &mut dyn Iterator<Item = &str>| {
            let files: Vec<&str> = files.collect();
            AuditState::fold(files.iter().flat_map(|who| {
                envelopes.iter().filter(move |e| e.auditor == *who)
            }))
        };
        prop_assert_eq!(&by_file(&mut AUDITORS.iter().copied()), &in_order);
        prop_assert_eq!(&by_file(&mut AUDITORS.iter().rev().copied()), &in_order);
    }

    #[test]
    fn replaying_the_record_twice_gives_the_same_state(envelopes in steps().prop_map(|s| day(&s))) {
        let once = AuditState::fold(&envelopes);
        let twice = AuditState::fold(envelopes.iter().chain(&envelopes));
        prop_assert_eq!(&twice, &once);
        let mut applied_again = once.clone();
        for e in envelopes.iter().rev() {
            applied_again.apply(e);
        }
        prop_assert_eq!(&applied_again, &once);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn states_folded_in_parts_merge_to_the_state_of_the_whole(
        (envelopes, cuts) in steps().prop_map(|s| day(&s)).prop_flat_map(|envelopes| {
            let n = envelopes.len();
            (Just(envelopes), prop::collection::vec(0..=n, 0..4))
        })
    ) {
        let whole = AuditState::fold(&envelopes);
        let mut cuts = cuts;
        cuts.push(0);
        cuts.push(envelopes.len());
        cuts.sort_unstable();
        let mut parts: Vec<AuditState> = cuts
            .windows(2)
            .map(|w| AuditState::fold(&envelopes[w[0]..w[1]]))
            .collect();
        parts.reverse();
        let mut merged = AuditState::default();
        for part in parts {
            merged.merge(part);
        }
        prop_assert_eq!(merged, whole);
    }
}

#[test]
fn findings_are_numbered_by_series_in_the_order_raised_and_keep_their_number() {
    let mut events = vec![
        (
            0,
            Event::FindingRaised(finding(Grade::Minor, Some("A.5.15"), "no Q2 access review")),
        ),
        (
            1,
            Event::FindingRaised(finding(Grade::Observation, None, "policies hard to find")),
        ),
        (
            0,
            Event::FindingRaised(finding(Grade::Major, Some("9.2"), "no internal audit")),
        ),
        (
            1,
            Event::FindingRaised(finding(Grade::Strength, None, "logging")),
        ),
        (
            0,
            Event::FindingRaised(finding(Grade::Minor, Some("A.6.3"), "training gaps")),
        ),
        (
            1,
            Event::FindingRaised(finding(Grade::Opportunity, None, "automate reviews")),
        ),
    ];
    let minor_id = envelope(0, AUDITORS[0], &events[0].1).id;
    events.push((
        0,
        Event::FindingWithdrawn(FindingWithdrawn {
            finding: minor_id,
            reason: "review found in the other folder".into(),
        }),
    ));
    let state = AuditState::fold(&recorded(events));
    let shown: Vec<(String, &str, bool)> = state
        .findings(AUDITORS[0])
        .iter()
        .map(|f| {
            (
                f.number.number.clone(),
                f.item.content.statement.as_str(),
                f.is_open(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("NC-01".into(), "no Q2 access review", false),
            ("OBS-01".into(), "policies hard to find", true),
            ("NC-02".into(), "no internal audit", true),
            ("STR-01".into(), "logging", true),
            ("NC-03".into(), "training gaps", true),
            ("OFI-01".into(), "automate reviews", true),
        ]
    );
    let counts = state.finding_counts();
    assert_eq!(
        (
            counts.major,
            counts.minor,
            counts.observation,
            counts.opportunity,
            counts.strength
        ),
        (1, 1, 1, 1, 1)
    );
    assert_eq!(counts.withdrawn, 1);
}

#[test]
fn the_recommendation_follows_from_the_findings_and_can_be_overridden() {
    let counts = |major, minor| FindingCounts {
        major,
        minor,
        ..FindingCounts::default()
    };
    use Recommendation::*;
    let cases = [
        (AuditKind::Stage2, counts(1, 3), NotRecommended),
        (
            AuditKind::Surveillance,
            counts(0, 2),
            RecommendedSubjectToActionPlan,
        ),
        (AuditKind::Recertification, counts(0, 0), Recommended),
        (AuditKind::Stage1, counts(1, 0), NotReadyForStage2),
        (AuditKind::Stage1, counts(0, 4), ReadyForStage2),
        (AuditKind::Internal, counts(1, 0), NotReady),
        (AuditKind::Mock, counts(0, 1), ReadyOnceCorrected),
        (AuditKind::Internal, counts(0, 0), Ready),
    ];
    for (kind, counts, expected) in cases {
        assert_eq!(follows_from(kind, &counts), expected, "{kind:?} {counts:?}");
    }

    let raised = Event::FindingRaised(finding(Grade::Minor, None, "x"));
    let overridden = Event::RecommendationSet(RecommendationSet {
        recommendation: NotRecommended,
        justification: "the minor is systemic across three sites".into(),
    });
    let state = AuditState::fold(&recorded([(0, raised), (0, overridden)]));
    let rec = state.recommendation(AuditKind::Stage2);
    assert_eq!(rec.derived, RecommendedSubjectToActionPlan);
    assert_eq!(rec.effective(), NotRecommended);
    assert!(rec.overridden());
    assert_eq!(
        rec.stated.unwrap().1.justification,
        "the minor is systemic across three sites"
    );
}

#[test]
fn sample_status_shows_progress_findings_and_unplanned_samples() {
    let plan = plan();
    let events = recorded([
        (
            0,
            Event::EvidenceAdded(EvidenceItem {
                sample: Some("A.8.15".into()),
                seen: "SIEM retention config".into(),
                ..EvidenceItem::default()
            }),
        ),
        (
            0,
            Event::SampleStatusSet(SampleStatusSet {
                sample: "A.8.16".into(),
                status: SetStatus::Conforming,
                reason: String::new(),
            }),
        ),
        (
            1,
            Event::SampleStatusSet(SampleStatusSet {
                sample: "A.7.2".into(),
                status: SetStatus::NotAssessed,
                reason: "site visit cancelled".into(),
            }),
        ),
        (
            1,
            Event::SampleStatusSet(SampleStatusSet {
                sample: "A.5.15".into(),
                status: SetStatus::Conforming,
                reason: String::new(),
            }),
        ),
        (
            1,
            Event::FindingRaised(finding(Grade::Minor, Some("A.5.15"), "no Q2 review")),
        ),
        (
            0,
            Event::NoteWritten(Note {
                sample: Some("A.5.7".into()),
                meeting: None,
                text: "threat intel feed: trail from A.8.16".into(),
            }),
        ),
        (
            0,
            Event::UnplannedSampleAdded(UnplannedSampleAdded {
                sample: "A.5.30".into(),
                why: "BC test mentioned".into(),
            }),
        ),
    ]);
    let samples = AuditState::fold(&events).samples(&plan);
    let status = |r: &str| {
        let s = samples.iter().find(|s| s.reference == r).unwrap();
        (s.status.clone(), s.planned, s.findings.clone())
    };
    assert_eq!(status("A.8.15"), (SampleStatus::InProgress, true, vec![]));
    assert_eq!(status("A.8.16"), (SampleStatus::Conforming, true, vec![]));
    assert_eq!(
        status("A.7.2"),
        (
            SampleStatus::NotAssessed {
                reason: "site visit cancelled".into()
            },
            true,
            vec![]
        )
    );
    assert_eq!(
        status("A.5.15"),
        (SampleStatus::FindingRaised, true, vec!["NC-01".to_string()])
    );
    assert_eq!(status("A.8.2"), (SampleStatus::NotStarted, true, vec![]));
    let tail: Vec<(&str, bool)> = samples
        .iter()
        .skip(plan.samples.len())
        .map(|s| (s.reference.as_str(), s.planned))
        .collect();
    assert_eq!(tail, [("A.5.7", false), ("A.5.30", false)]);
    assert_eq!(samples.iter().filter(|s| s.status.is_done()).count(), 3);
}

#[test]
fn a_draft_is_kept_until_its_text_is_committed_or_discarded() {
    let of = DraftTarget::NewNote {
        sample: Some("A.8.15".into()),
        meeting: None,
    };
    let draft = |text: &str| {
        Event::DraftSaved(DraftSaved {
            of: of.clone(),
            field: "text".into(),
            text: text.into(),
        })
    };
    let written = Event::NoteWritten(Note {
        sample: Some("A.8.15".into()),
        meeting: None,
        text: "Logs kept 90 days".into(),
    });
    let mut events = vec![(0, draft("Logs ke")), (0, draft("Logs kept 90"))];
    let state = AuditState::fold(&recorded(events.clone()));
    assert_eq!(state.draft(&of, "text"), Some("Logs kept 90"));

    events.push((0, written));
    let state = AuditState::fold(&recorded(events.clone()));
    assert_eq!(state.draft(&of, "text"), None);
    assert_eq!(
        state.notes().next().unwrap().content.text,
        "Logs kept 90 days"
    );

    events.push((0, draft("Second no")));
    let state = AuditState::fold(&recorded(events.clone()));
    assert_eq!(state.draft(&of, "text"), Some("Second no"));

    events.push((0, Event::DraftDiscarded(DraftDiscarded { of: of.clone() })));
    let state = AuditState::fold(&recorded(events));
    assert_eq!(state.drafts().count(), 0);
}

#[test]
fn edits_and_removals_by_other_auditors_apply_to_the_item_they_name() {
    let added = Event::EvidenceAdded(EvidenceItem {
        seen: "leavers list".into(),
        ..EvidenceItem::default()
    });
    let id = envelope(0, AUDITORS[0], &added).id;
    let edited = Event::EvidenceEdited(EvidenceEdited {
        evidence: id,
        content: EvidenceItem {
            seen: "leavers list, March–June".into(),
            sample_size: "5 of 23".into(),
            ..EvidenceItem::default()
        },
    });
    let envelopes = recorded([(0, added), (1, edited)]);
    let state = AuditState::fold(envelopes.iter().rev());
    let item = state.evidence().next().unwrap();
    assert_eq!(item.id, id);
    assert_eq!(item.content.sample_size, "5 of 23");
    assert_eq!(&*item.created.by, "Priya Shah");
    assert_eq!(&*item.edited.unwrap().by, "Tom Whitfield");

    let removed = envelope(
        2,
        "Ana Lima",
        &Event::EvidenceRemoved(EvidenceRemoved { evidence: id }),
    );
    let state = AuditState::fold(envelopes.iter().chain([&removed]));
    assert_eq!(state.evidence().count(), 0);
}

/// A table test's case: its name, what happened, what is shown.
type Case<Given, Shown> = (&'static str, Given, Shown);

/// Finding numbers as shown, by statement.
type Numbers = Vec<(String, String)>;

/// A fingerprint as shown: its SHA-256 and why none was taken, if so.
type Print = Option<(&'static str, Option<&'static str>)>;

/// The numbers shown, as the auditor reads them, by statement.
fn numbers(state: &AuditState) -> Vec<(String, String)> {
    state
        .findings(AUDITORS[0])
        .iter()
        .map(|f| (f.item.content.statement.clone(), f.number.to_string()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(s, n)| (s.to_string(), n.to_string()))
        .collect()
}

/// A day of three findings by the lead (Priya) and Tom, numbered NC-01, OBS-01, NC-02.
fn three_findings() -> Vec<Envelope> {
    recorded([
        (
            0,
            Event::FindingRaised(finding(Grade::Minor, Some("A.5.15"), "no Q2 review")),
        ),
        (
            1,
            Event::FindingRaised(finding(Grade::Observation, None, "policies hidden")),
        ),
        (
            0,
            Event::FindingRaised(finding(Grade::Major, Some("9.2"), "no internal audit")),
        ),
    ])
}

/// `state` with the numbers fixed by `auditor`, as event number `n` of the day.
fn fixed_by(state: &AuditState, n: u64, auditor: usize) -> Envelope {
    let fixing = state.fix_numbers(AUDITORS[0]).expect("numbers to fix");
    envelope(n, AUDITORS[auditor], &Event::NumbersFixed(fixing))
}

#[test]
fn numbers_are_provisional_until_fixed_and_fixing_twice_records_nothing() {
    let day = three_findings();
    let state = AuditState::fold(&day);
    assert_eq!(
        numbers(&state),
        pairs(&[
            ("no Q2 review", "NC-01?"),
            ("policies hidden", "OBS-01?"),
            ("no internal audit", "NC-02?"),
        ])
    );
    let mut state = state;
    state.apply(&fixed_by(&state, 10, 0));
    assert_eq!(
        numbers(&state),
        pairs(&[
            ("no Q2 review", "NC-01"),
            ("policies hidden", "OBS-01"),
            ("no internal audit", "NC-02"),
        ])
    );
    assert_eq!(state.fix_numbers(AUDITORS[0]), None);
    assert_eq!(AuditState::default().fix_numbers(AUDITORS[0]), None);
}

#[test]
fn a_late_file_after_fixing_leaves_every_fixed_number_and_takes_the_next_free_ones() {
    let day = three_findings();
    // Ana raised two findings before everyone else; her file arrives after the fixing.
    let late = vec![
        envelope(
            0,
            AUDITORS[2],
            &Event::FindingRaised(finding(Grade::Minor, None, "late minor")),
        ),
        envelope(
            1,
            AUDITORS[2],
            &Event::FindingRaised(finding(Grade::Strength, None, "late strength")),
        ),
    ];
    let mut late = late;
    for e in &mut late {
        e.id = Ulid::from_parts(e.id.timestamp_ms() - 500, e.id.random() + 1);
    }
    let fixing = fixed_by(&AuditState::fold(&day), 10, 0);
    let after: Vec<Envelope> = day.iter().chain([&fixing]).chain(&late).cloned().collect();
    let expected = pairs(&[
        ("late minor", "NC-03?"),
        ("no Q2 review", "NC-01"),
        ("late strength", "STR-01?"),
        ("policies hidden", "OBS-01"),
        ("no internal audit", "NC-02"),
    ]);
    assert_eq!(numbers(&AuditState::fold(&after)), expected);
    assert_eq!(numbers(&AuditState::fold(after.iter().rev())), expected);
}

#[test]
fn a_regrade_after_fixing_takes_the_next_number_of_its_series_and_says_what_it_was() {
    let day = three_findings();
    let fixing = fixed_by(&AuditState::fold(&day), 10, 0);
    let regrade = envelope(
        11,
        AUDITORS[1],
        &Event::FindingEdited(FindingEdited {
            finding: day[0].id,
            content: finding(Grade::Observation, Some("A.5.15"), "no Q2 review"),
        }),
    );
    let raised_after = envelope(
        12,
        AUDITORS[0],
        &Event::FindingRaised(finding(Grade::Minor, None, "new minor")),
    );
    let mut events: Vec<Envelope> = day.clone();
    events.extend([fixing, regrade, raised_after]);
    let mut state = AuditState::fold(&events);
    let cases: [(&str, &[(&str, &str)]); 2] = [
        (
            "after the regrade",
            &[
                ("no Q2 review", "OBS-02? (was NC-01)"),
                ("policies hidden", "OBS-01"),
                ("no internal audit", "NC-02"),
                ("new minor", "NC-03?"),
            ],
        ),
        (
            "fixed again at the closing meeting",
            &[
                ("no Q2 review", "OBS-02 (was NC-01)"),
                ("policies hidden", "OBS-01"),
                ("no internal audit", "NC-02"),
                ("new minor", "NC-03"),
            ],
        ),
    ];
    for (when, expected) in cases {
        assert_eq!(numbers(&state), pairs(expected), "{when}");
        if let Some(fixing) = state.fix_numbers(AUDITORS[0]) {
            state.apply(&envelope(20, AUDITORS[0], &Event::NumbersFixed(fixing)));
        }
    }
    assert_eq!(
        AuditState::fold(events.iter().rev()),
        AuditState::fold(&events)
    );
}

#[test]
fn the_leads_latest_fixing_wins_in_any_order_else_the_latest_of_anyone() {
    let day = three_findings();
    let state = AuditState::fold(&day);
    // Tom regraded a finding and fixed the numbers offline, after the lead had fixed them.
    let lead = fixed_by(&state, 10, 0);
    let regrade = envelope(
        11,
        AUDITORS[1],
        &Event::FindingEdited(FindingEdited {
            finding: day[0].id,
            content: finding(Grade::Observation, Some("A.5.15"), "no Q2 review"),
        }),
    );
    let mut regraded = state.clone();
    regraded.apply(&regrade);
    let tom = envelope(
        12,
        AUDITORS[1],
        &Event::NumbersFixed(regraded.fix_numbers(AUDITORS[2]).unwrap()),
    );
    let leads = pairs(&[
        ("no Q2 review", "OBS-02? (was NC-01)"),
        ("policies hidden", "OBS-01"),
        ("no internal audit", "NC-02"),
    ]);
    let cases: [Case<Vec<&Envelope>, Numbers>; 3] = [
        ("lead's first", vec![&lead, &tom], leads.clone()),
        ("Tom's first", vec![&tom, &lead], leads),
        (
            "Tom's alone",
            vec![&tom],
            pairs(&[
                ("no Q2 review", "OBS-01"),
                ("policies hidden", "OBS-02"),
                ("no internal audit", "NC-01"),
            ]),
        ),
    ];
    for (case, fixings, expected) in cases {
        let events: Vec<&Envelope> = day.iter().chain([&regrade]).chain(fixings).collect();
        assert_eq!(
            numbers(&AuditState::fold(events.iter().copied())),
            expected,
            "{case}"
        );
        assert_eq!(
            numbers(&AuditState::fold(events.iter().rev().copied())),
            expected,
            "{case}, folded backwards"
        );
    }
}

#[test]
fn an_old_record_with_a_corroboration_line_still_opens_and_counts_it_as_not_understood() {
    let mut events = three_findings();
    let old = Envelope {
        kind: "corroboration_marked".into(),
        data: auditday::record::RawJson::new(
            r#"{"note":"01M86CN3NK7WN9R0BQVS5H0PK6","evidence":"01M86C82NV7WN9R0BQVS5H0PKF","link":"contradicts"}"#,
        )
        .unwrap(),
        ..envelope(9, AUDITORS[0], &Event::DraftDiscarded(DraftDiscarded { of: DraftTarget::Recommendation }))
    };
    events.push(old.clone());
    let state = AuditState::fold(&events);
    assert_eq!(state.findings(AUDITORS[0]).len(), 3);
    assert_eq!(state.not_understood().len(), 1);
    assert_eq!(state.not_understood()[&old.id].kind, "corroboration_marked");
}

#[test]
fn a_fingerprint_applies_while_the_item_names_the_same_file() {
    let file = |path: &str| EvidenceItem {
        sample: Some("A.8.15".into()),
        seen: "export".into(),
        file: Some(FileSeen {
            path: path.into(),
            ..FileSeen::default()
        }),
        ..EvidenceItem::default()
    };
    let added = envelope(0, AUDITORS[0], &Event::EvidenceAdded(file("a.csv")));
    let id = added.id;
    let print = |n, path: &str, sha: &str, unreadable: &str| {
        envelope(
            n,
            AUDITORS[0],
            &Event::EvidenceFingerprinted(EvidenceFingerprinted {
                evidence: id,
                path: path.into(),
                sha256: sha.into(),
                bytes: 3,
                unreadable: unreadable.into(),
            }),
        )
    };
    let edit = |n, path: &str| {
        envelope(
            n,
            AUDITORS[0],
            &Event::EvidenceEdited(EvidenceEdited {
                evidence: id,
                content: EvidenceItem {
                    seen: "export, corrected".into(),
                    ..file(path)
                },
            }),
        )
    };
    let shown = |events: &[Envelope]| {
        let state = AuditState::fold(events);
        state
            .fingerprint_of(id)
            .map(|f| (f.sha256().to_string(), f.unreadable().map(str::to_string)))
    };
    let cases: [Case<Vec<Envelope>, Print>; 5] = [
        ("still being taken", vec![added.clone()], None),
        (
            "taken",
            vec![added.clone(), print(1, "a.csv", "aa", "")],
            Some(("aa", None)),
        ),
        (
            "an edit keeping the path keeps it",
            vec![added.clone(), print(1, "a.csv", "aa", ""), edit(2, "a.csv")],
            Some(("aa", None)),
        ),
        (
            "an edit to another path waits for the new one",
            vec![added.clone(), print(1, "a.csv", "aa", ""), edit(2, "b.csv")],
            None,
        ),
        (
            "unreadable, in words",
            vec![added.clone(), print(1, "a.csv", "", "not a regular file")],
            Some(("", Some("not a regular file"))),
        ),
    ];
    for (case, events, expected) in cases {
        let expected = expected.map(|(s, u)| (s.to_string(), u.map(str::to_string)));
        assert_eq!(shown(&events), expected, "{case}");
        let reversed: Vec<Envelope> = events.into_iter().rev().collect();
        assert_eq!(shown(&reversed), expected, "{case}, in reverse");
    }
}

/// The state `envelopes` fold to, checked to be the same in every order they can be read in.
fn folded_in_every_order(envelopes: &[Envelope]) -> AuditState {
    fn orders(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![vec![]];
        }
        let mut all = Vec::new();
        for shorter in orders(n - 1) {
            for at in 0..=shorter.len() {
                let mut order = shorter.clone();
                order.insert(at, n - 1);
                all.push(order);
            }
        }
        all
    }
    let in_order = AuditState::fold(envelopes);
    for order in orders(envelopes.len()) {
        let state = AuditState::fold(order.iter().map(|&i| &envelopes[i]));
        assert_eq!(state, in_order, "read in the order {order:?}");
    }
    in_order
}

#[test]
fn a_removal_and_its_restoration_the_later_wins_in_any_order() {
    let added = Event::EvidenceAdded(EvidenceItem {
        seen: "leavers list".into(),
        ..EvidenceItem::default()
    });
    let note = Event::NoteWritten(Note {
        sample: Some("A.5.15".into()),
        meeting: None,
        text: "HR trigger".into(),
    });
    let evidence = envelope(0, AUDITORS[0], &added).id;
    let note_id = envelope(1, AUDITORS[0], &note).id;
    let removed = Event::EvidenceRemoved(EvidenceRemoved { evidence });
    let restored = Event::EvidenceRestored(EvidenceRestored { evidence });
    let note_removed = Event::NoteRemoved(NoteRemoved { note: note_id });
    let note_restored = Event::NoteRestored(NoteRestored { note: note_id });

    let restored_last = recorded([
        (0, added.clone()),
        (0, note.clone()),
        (0, removed.clone()),
        (1, note_removed.clone()),
        (0, restored.clone()),
        (1, note_restored.clone()),
    ]);
    let state = folded_in_every_order(&restored_last);
    let seen: Vec<&str> = state.evidence().map(|e| e.content.seen.as_str()).collect();
    assert_eq!(seen, ["leavers list"]);
    let notes: Vec<&str> = state.notes().map(|n| n.content.text.as_str()).collect();
    assert_eq!(notes, ["HR trigger"]);

    let removed_again = recorded([
        (0, added),
        (0, note),
        (0, removed.clone()),
        (1, note_removed.clone()),
        (0, restored),
        (1, note_restored),
        (2, removed),
        (2, note_removed),
    ]);
    let state = folded_in_every_order(&removed_again[2..]);
    assert_eq!(state.evidence().count(), 0, "nothing was created");
    let state = AuditState::fold(removed_again.iter().rev());
    assert_eq!(state, AuditState::fold(&removed_again));
    assert_eq!(state.evidence().count(), 0);
    assert_eq!(state.notes().count(), 0);
}

#[test]
fn a_withdrawal_and_a_reinstatement_the_later_wins_in_any_order() {
    let raised = Event::FindingRaised(finding(Grade::Minor, Some("A.5.15"), "One leaver"));
    let id = envelope(0, AUDITORS[0], &raised).id;
    let withdrawn = |reason: &str| {
        Event::FindingWithdrawn(FindingWithdrawn {
            finding: id,
            reason: reason.into(),
        })
    };
    let reinstated = Event::FindingReinstated(FindingReinstated { finding: id });
    let shown = |state: &AuditState| {
        let f = &state.findings(AUDITORS[0])[0];
        (
            f.number.number.clone(),
            f.withdrawn.map(|(_, reason)| reason.to_string()),
            state.finding_counts().withdrawn,
        )
    };

    let back = recorded([
        (0, raised.clone()),
        (0, withdrawn("raised twice")),
        (1, reinstated.clone()),
    ]);
    assert_eq!(
        shown(&folded_in_every_order(&back)),
        ("NC-01".into(), None, 0)
    );

    let withdrawn_again = recorded([
        (0, raised),
        (0, withdrawn("raised twice")),
        (1, reinstated),
        (2, withdrawn("evidenced in the IdP log")),
    ]);
    assert_eq!(
        shown(&folded_in_every_order(&withdrawn_again)),
        ("NC-01".into(), Some("evidenced in the IdP log".into()), 1),
        "the latest withdrawal counts, with its reason"
    );
}

#[test]
fn an_acceptance_withdrawn_no_longer_counts_and_one_recorded_after_it_does() {
    let raised = Event::FindingRaised(finding(Grade::Minor, Some("A.5.15"), "One leaver"));
    let finding = envelope(0, AUDITORS[0], &raised).id;
    let accepted = Event::FindingAccepted(FindingAccepted { finding });
    let withdrawn = Event::FindingAcceptanceWithdrawn(FindingAcceptanceWithdrawn { finding });
    let responses = |state: &AuditState| {
        (state.responses(finding).into_iter())
            .map(|(o, r)| (o.by.to_string(), matches!(r, Response::Accepted)))
            .collect::<Vec<_>>()
    };

    let undone = recorded([
        (0, raised.clone()),
        (0, accepted.clone()),
        (0, withdrawn.clone()),
    ]);
    assert!(responses(&folded_in_every_order(&undone)).is_empty());

    let accepted_again = recorded([
        (0, raised),
        (0, accepted.clone()),
        (0, withdrawn),
        (1, accepted),
    ]);
    assert_eq!(
        responses(&folded_in_every_order(&accepted_again)),
        [("Tom Whitfield".to_string(), true)]
    );
}
