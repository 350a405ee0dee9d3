//! `auditday record PLAN --json`: the summary of a fixed record, as the reports will read it,
//! kept as a reviewed snapshot; and `auditday record` stops cleanly on a closed pipe.

use std::path::Path;
use std::process::{Command, Stdio};

use auditday::audit::*;
use auditday::record::{Envelope, RawJson, auditor_stem, encode_line};
use ulid::Ulid;

mod day_events;

use day_events::{AUDIT, LEAD, PLAN, TOM, at, envelope, finding};

/// A closing meeting's worth of record in two auditors' files, with every kind of thing the
/// summary reports: fixed and provisional numbers, a regrade, a withdrawal, a sample not
/// assessed, an interview, both meetings, an overridden recommendation and an old event
/// this version no longer reads.
fn prepare(data: &Path) {
    let folder = data.join("audits").join(AUDIT);
    std::fs::create_dir_all(&folder).unwrap();
    let id = |n| at(n).0;
    let lead: Vec<Envelope> = vec![
        envelope(0, LEAD, &Event::MeetingStarted(MeetingMark { meeting: Meeting::Opening })),
        envelope(
            1,
            LEAD,
            &Event::AttendeeAdded(AttendeeAdded {
                meeting: Meeting::Opening,
                name: "Dana Okafor".into(),
                role: "CTO".into(),
                organisation: "Brightloop Software Ltd".into(),
            }),
        ),
        envelope(2, LEAD, &Event::MeetingEnded(MeetingMark { meeting: Meeting::Opening })),
        envelope(
            3,
            LEAD,
            &Event::EvidenceAdded(EvidenceItem {
                sample: Some("A.8.2".into()),
                seen: "AWS IAM admin list".into(),
                ..EvidenceItem::default()
            }),
        ),
        envelope(4, LEAD, &Event::FindingRaised(finding(Grade::Major, "A.8.2", "Privileged access not reviewed in Q2 and Q3.\nSecond line."))),
        envelope(5, LEAD, &Event::FindingRaised(finding(Grade::Minor, "6.1.2", "Risk owners did not review 7 of 12 risks."))),
        envelope(6, LEAD, &Event::FindingRaised(finding(Grade::Observation, "A.8.5", "MFA exceptions have no expiry."))),
        envelope(
            7,
            LEAD,
            &Event::FindingWithdrawn(FindingWithdrawn {
                finding: id(6),
                reason: "Expiry set in the IdP".into(),
            }),
        ),
        envelope(
            8,
            LEAD,
            &Event::SampleStatusSet(SampleStatusSet {
                sample: "A.7.2".into(),
                status: SetStatus::NotAssessed,
                reason: "site visit cancelled".into(),
            }),
        ),
        envelope(
            9,
            LEAD,
            &Event::InterviewStarted(InterviewStarted {
                interviewee: "Marcus Dale".into(),
                role: "Head of Engineering".into(),
                department: String::new(),
                topics: vec!["A.8.2".into()],
            }),
        ),
        envelope(
            10,
            LEAD,
            &Event::InterviewNoteWritten(InterviewNoteWritten {
                interview: id(9),
                question: String::new(),
                text: "Reviews were skipped during the migration.".into(),
                topics: vec![],
            }),
        ),
        envelope(11, LEAD, &Event::InterviewEnded(InterviewEnded { interview: id(9) })),
        envelope(12, LEAD, &Event::MeetingStarted(MeetingMark { meeting: Meeting::Closing })),
        envelope(
            13,
            LEAD,
            &Event::NumbersFixed(NumbersFixed {
                numbers: [(id(4), "NC-01"), (id(5), "NC-02"), (id(6), "OBS-01")]
                    .into_iter()
                    .map(|(id, n)| (id, n.to_string()))
                    .collect(),
            }),
        ),
        envelope(
            14,
            LEAD,
            &Event::FindingEdited(FindingEdited {
                finding: id(5),
                content: finding(Grade::Observation, "6.1.2", "Risk owners did not review 7 of 12 risks."),
            }),
        ),
        envelope(
            15,
            LEAD,
            &Event::RecommendationSet(RecommendationSet {
                recommendation: Recommendation::RecommendedSubjectToActionPlan,
                justification: "The major was corrected on site and verified.".into(),
            }),
        ),
        Envelope {
            kind: "corroboration_marked".into(),
            data: RawJson::new(r#"{"note":"01M86CN3NK7WN9R0BQVS5H0PK6","evidence":"01M86C82NV7WN9R0BQVS5H0PKF","link":"contradicts"}"#).unwrap(),
            ..envelope(16, LEAD, &Event::MeetingEnded(MeetingMark { meeting: Meeting::Closing }))
        },
    ];
    // Tom's file arrives after the fixing, with a finding raised before the others (in the
    // same minute as the lead's event 3, with an id of its own).
    let tom = vec![Envelope {
        id: Ulid::from_parts(id(3).timestamp_ms(), 1_000),
        ..envelope(
            3,
            TOM,
            &Event::FindingRaised(finding(
                Grade::Strength,
                "6.2",
                "Objectives reviewed monthly by the board.",
            )),
        )
    }];
    for (who, events) in [(LEAD, lead), (TOM, tom)] {
        let lines: Vec<u8> = events.iter().flat_map(encode_line).collect();
        std::fs::write(folder.join(format!("{}.jsonl", auditor_stem(who))), lines).unwrap();
    }
}

fn record(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_auditday"));
    command
        .args(["record", PLAN])
        .args(args)
        .arg("--data-dir")
        .arg(data);
    command
}

#[test]
fn record_json_is_the_audit_summary() {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path());
    let out = record(data.path(), &["--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown = serde_json::to_string_pretty(&json)
        .unwrap()
        .replace(data.path().to_str().unwrap(), "[DATA]");
    insta::assert_snapshot!(shown);
}

#[test]
fn record_text_shows_fixed_and_provisional_numbers() {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path());
    let out = record(data.path(), &[]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "Findings: 1 major, 0 minor, 1 observation, 0 opportunities for improvement, 1 strength; 1 withdrawn (numbers fixed; ? marks a provisional one)",
        "  NC-01   major nonconformity  [A.8.2]  Privileged access not reviewed in Q2 and Q3.",
        "  OBS-02? (was NC-02) observation  [6.1.2]  Risk owners did not review 7 of 12 risks.",
        "  STR-01? strength  [6.2]  Objectives reviewed monthly by the board.",
        "Events this version cannot read (kept unchanged): 1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }
}

#[test]
fn record_stops_cleanly_when_the_reader_goes_away() {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path());
    for args in [&[][..], &["--json"], &["--events"]] {
        let mut child = record(data.path(), args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.code().is_some(), "{args:?}: killed by a signal");
    }
}
