//! The README's promise that the report gives a practice audit's score once the closing
//! meeting has ended, and nothing of the answer key before: `auditday report SCENARIO.toml` on
//! a record written line by line as a practice day writes it.

use std::path::Path;
use std::process::Command;

use auditday::audit::{AuditeeShowed, Event, EvidenceItem, Finding, Grade, Meeting, MeetingMark};
use auditday::record::{Envelope, auditor_stem, encode_line};
use chrono::TimeZone;
use ulid::Ulid;

const SCENARIO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/practice/stage2-software-company.toml"
);
const AUDITOR: &str = "Ben Adeyemi";

/// Writes the record of `events`, one a minute from 09:00 UTC on the scenario's day.
fn record(data: &Path, events: &[Event]) {
    let folder = data.join("audits").join("practice-kestrel-stage2");
    std::fs::create_dir_all(&folder).unwrap();
    let lines: Vec<u8> = events
        .iter()
        .enumerate()
        .map(|(n, event)| Envelope {
            version: 1,
            id: Ulid::from_parts(1_781_000_000_000 + n as u64 * 60_000, 7),
            at: chrono::Utc
                .with_ymd_and_hms(2026, 6, 10, 9, n as u32, 0)
                .unwrap(),
            auditor: AUDITOR.into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: vec![],
        })
        .flat_map(|e| encode_line(&e))
        .collect();
    std::fs::write(
        folder.join(format!("{}.jsonl", auditor_stem(AUDITOR))),
        lines,
    )
    .unwrap();
}

/// `auditday report SCENARIO --data-dir DATA ARGS…` in UTC; its standard output.
fn report(data: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["report", SCENARIO, "--data-dir"])
        .arg(data)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The day: the internal audit programme handed over, kept and cited in a complete major.
fn day(closing_ended: bool) -> Vec<Event> {
    let mut events = vec![
        Event::MeetingStarted(MeetingMark {
            meeting: Meeting::Opening,
        }),
        Event::AuditeeShowed(AuditeeShowed {
            item: "KC-IA-PROG".into(),
            sample: Some("9.2".into()),
            interview: None,
        }),
        Event::EvidenceAdded(EvidenceItem {
            sample: Some("9.2".into()),
            seen: "Internal audit programme 2026".into(),
            identifier: "KC-IA-PROG".into(),
            ..EvidenceItem::default()
        }),
        Event::FindingRaised(Finding {
            grade: Grade::Major,
            sample: Some("9.2".into()),
            references: vec!["9.2".into()],
            requirement: "Internal audits at planned intervals".into(),
            statement: "No internal audit conducted".into(),
            objective_evidence: "KC-IA-PROG: both audits postponed".into(),
            evidence: vec![Ulid::from_parts(1_781_000_000_000 + 2 * 60_000, 7)],
            interviews: vec![],
        }),
        Event::MeetingStarted(MeetingMark {
            meeting: Meeting::Closing,
        }),
    ];
    if closing_ended {
        events.push(Event::MeetingEnded(MeetingMark {
            meeting: Meeting::Closing,
        }));
    }
    events
}

#[test]
fn the_report_gives_the_score_once_the_closing_meeting_has_ended_and_not_before() {
    let data = tempfile::tempdir().unwrap();
    record(data.path(), &day(false));
    let before = report(data.path(), &[]);
    assert!(!before.contains("Practice score"), "{before}");
    assert!(!before.contains("The policy promises"), "{before}");
    let json = report(data.path(), &["--dump-context"]);
    let compact: String = json.split_whitespace().collect();
    assert!(compact.contains("\"practice\":null"), "{json}");

    record(data.path(), &day(true));
    let md = report(data.path(), &[]);
    for line in [
        "## Practice score",
        "- Score: **5 / 11**",
        "- Planted nonconformities found: 1 / 3 (0 misgraded)",
        "- Red herrings avoided: 2 / 2",
        "- Time used: 5 min (390 min planned)",
        "- **9.2** Major nonconformity: found as NC-01 (Major nonconformity); requirement yes, statement yes, objective evidence yes, linked to what showed it yes",
        "- **A.6.3** Minor nonconformity: missed. 4 of 25 staff in scope",
        "What showed it: Security awareness training records (KC-TR, A.6.3): never asked for;",
    ] {
        assert!(md.contains(line), "{line:?} not in:\n{md}");
    }
    let fr = report(data.path(), &["--lang", "fr"]);
    assert!(fr.contains("## Score de l'exercice"), "{fr}");
    assert!(fr.contains("- Score: **5 / 11**"), "{fr}");
    let html = report(data.path(), &["--format", "html"]);
    assert!(html.contains("<h2>Practice score</h2>"), "{html}");
    assert!(html.contains("<strong>5 / 11</strong>"), "{html}");
}

/// A practice team works from a scenario as from a plan: `team init` makes their audit folder
/// of it, and `record` and `plan --for-auditee` read it, the scenario's own tables accepted.
#[test]
fn the_commands_that_read_a_plan_take_a_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
            .args(args)
            .current_dir(dir.path())
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["team", "init", SCENARIO, "team"]);
    assert_eq!(
        std::fs::read(dir.path().join("team/plan.toml")).unwrap(),
        std::fs::read(SCENARIO).unwrap()
    );
    let summary = run(&["record", "team"]);
    assert!(
        summary.starts_with(
            "Practice: Kestrel Code Ltd — Stage 2 certification audit (Mock audit)\nRecord: team/records (0 files, 0 events)\n"
        ),
        "{summary}"
    );
    let plan = run(&["plan", SCENARIO, "--for-auditee"]);
    assert!(plan.contains("Kestrel Code Ltd"), "{plan}");
    for secret in [
        "postponed — Stage 2 preparation",
        "No internal audit has been conducted",
    ] {
        assert!(
            !plan.contains(secret),
            "nothing of the handouts or the key goes to the auditee"
        );
    }
}
