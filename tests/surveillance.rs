//! Surveillance follow-up of a previous audit's nonconformities, through the public API and
//! the real binary: the sample's previous report is what auditday writes from the previous
//! audit's record, the plan reads it, and the verifications reach the report.

use std::path::{Path, PathBuf};
use std::process::Command;

use auditday::audit::*;
use auditday::plan::PreviousAudit;
use auditday::record::{Envelope, auditor_stem, encode_line};
use chrono::{DateTime, Utc};
use ulid::Ulid;

const PREVIOUS_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/previous/ashcombe-reid-stage2-2025.toml"
);
const PREVIOUS_JSON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/surveillance-law-firm.previous.json"
);
const SURVEILLANCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/surveillance-law-firm.toml"
);
const LEAD: &str = "Graham Pell";

/// An event recorded by the lead `minutes` after `start`.
fn envelope(start: i64, n: u64, minutes: i64, event: &Event) -> Envelope {
    let ms = start + minutes * 60_000;
    Envelope {
        version: 1,
        id: Ulid::from_parts(ms as u64, u128::from(n)),
        at: DateTime::<Utc>::from_timestamp_millis(ms).unwrap(),
        auditor: LEAD.into(),
        kind: event.kind().into(),
        data: event.data(),
        extra: vec![],
    }
}

/// Writes `events` as the lead's record of `audit` in `data`.
fn write_record(data: &Path, audit: &str, events: &[Envelope]) {
    let folder = data.join("audits").join(audit);
    std::fs::create_dir_all(&folder).unwrap();
    let lines: Vec<u8> = events.iter().flat_map(encode_line).collect();
    std::fs::write(folder.join(format!("{}.jsonl", auditor_stem(LEAD))), lines).unwrap();
}

fn minor(sample: &str, requirement: &str, statement: &str, evidence: &str) -> Event {
    Event::FindingRaised(Finding {
        grade: Grade::Minor,
        sample: Some(sample.into()),
        references: vec![sample.into()],
        requirement: requirement.into(),
        statement: statement.into(),
        objective_evidence: evidence.into(),
        evidence: vec![],
        interviews: vec![],
    })
}

fn conforming(sample: &str) -> Event {
    Event::SampleStatusSet(SampleStatusSet {
        sample: sample.into(),
        status: SetStatus::Conforming,
        reason: String::new(),
    })
}

/// The Stage 2 audit of 8–9 October 2025: its two minor nonconformities, on A.5.18 and A.6.3,
/// presented at the closing meeting of the 9th.
fn previous_record(data: &Path) {
    // 09:00 UTC on 8 October 2025, the report being made in UTC.
    let day1 = 1_759_914_000_000;
    let day2 = day1 + 24 * 3_600_000;
    let mark = |meeting| MeetingMark { meeting };
    write_record(
        data,
        "ashcombe-reid-stage2-2025",
        &[
            envelope(day1, 1, 0, &Event::MeetingStarted(mark(Meeting::Opening))),
            envelope(day1, 2, 30, &Event::MeetingEnded(mark(Meeting::Opening))),
            envelope(
                day1,
                3,
                120,
                &minor(
                    "A.5.18",
                    "Access rights to information shall be provisioned, reviewed, modified and removed in accordance with the topic-specific policy (A.5.18); the access control policy promises quarterly reviews of the case-management system.",
                    "The quarterly access reviews of the case-management system promised by the access control policy were not evidenced: no review since the migration of March 2025.",
                    "Access control policy v1.0 §4.2; case-management system user list of 8 Oct 2025 (212 accounts, 9 of leavers); no review record for Q2 or Q3 2025.",
                ),
            ),
            envelope(
                day1,
                4,
                200,
                &minor(
                    "A.6.3",
                    "Personnel shall receive appropriate information security awareness, education and training (A.6.3); the training procedure requires annual completion by all staff.",
                    "Awareness training completion was 82% with no follow-up of the staff who had not completed it.",
                    "Training completion report of 1 Oct 2025: 70 of 85 staff completed; no reminder or escalation records.",
                ),
            ),
            envelope(day2, 8, 60, &conforming("9.2")),
            envelope(day2, 9, 180, &conforming("9.3")),
            envelope(day2, 5, 420, &Event::MeetingStarted(mark(Meeting::Closing))),
            envelope(
                day2,
                6,
                421,
                &Event::NumbersFixed(NumbersFixed {
                    numbers: [
                        (
                            envelope(day1, 3, 120, &Event::MeetingStarted(mark(Meeting::Opening)))
                                .id,
                            "NC-01".to_string(),
                        ),
                        (
                            envelope(day1, 4, 200, &Event::MeetingStarted(mark(Meeting::Opening)))
                                .id,
                            "NC-02".to_string(),
                        ),
                    ]
                    .into(),
                }),
            ),
            envelope(day2, 7, 470, &Event::MeetingEnded(mark(Meeting::Closing))),
        ],
    );
}

/// `auditday ARGS…` in UTC.
fn auditday(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn stdout(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The previous report the sample names is the one auditday writes from the previous audit's
/// record (`AUDITDAY_WRITE_SAMPLES=1` writes it again), and the current code reads it.
#[test]
fn the_samples_previous_report_is_what_auditday_writes_and_reads() {
    let data = tempfile::tempdir().unwrap();
    previous_record(data.path());
    let written = stdout(auditday(&[
        "report",
        PREVIOUS_PLAN,
        "--format",
        "json",
        "--data-dir",
        data.path().to_str().unwrap(),
    ]));
    if std::env::var_os("AUDITDAY_WRITE_SAMPLES").is_some() {
        std::fs::write(PREVIOUS_JSON, &written).unwrap();
    }
    let kept = std::fs::read_to_string(PREVIOUS_JSON).unwrap();
    assert_eq!(
        kept, written,
        "the sample's previous report is stale: AUDITDAY_WRITE_SAMPLES=1 cargo test --test surveillance"
    );
    let plan = auditday::plan::load(Path::new(SURVEILLANCE), None).unwrap();
    let previous = plan.previous.expect("the sample names its previous audit");
    let ncs: Vec<(&str, Grade, Vec<String>, Option<String>)> = previous
        .nonconformities()
        .iter()
        .map(|nc| {
            (
                nc.number.as_str(),
                nc.grade,
                nc.references.clone(),
                nc.due.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        ncs,
        [
            (
                "NC-01",
                Grade::Minor,
                vec!["A.5.18".to_string()],
                Some("2026-01-07".to_string())
            ),
            (
                "NC-02",
                Grade::Minor,
                vec!["A.6.3".to_string()],
                Some("2026-01-07".to_string())
            ),
        ]
    );
    let out = stdout(auditday(&["check", SURVEILLANCE]));
    assert_eq!(out, "0 errors, 0 warnings\n");
}

fn copy_sample(dir: &Path) -> PathBuf {
    let plan = dir.join("surveillance.toml");
    std::fs::copy(SURVEILLANCE, &plan).unwrap();
    std::fs::copy(
        PREVIOUS_JSON,
        dir.join("surveillance-law-firm.previous.json"),
    )
    .unwrap();
    plan
}

/// The verifications recorded on the surveillance day reach every report: one closed and
/// effective, one still open (the latest verdict standing), with its finding of this audit.
#[test]
fn the_report_tells_how_each_previous_nonconformity_was_verified() {
    let dir = tempfile::tempdir().unwrap();
    let plan = copy_sample(dir.path());
    let data = dir.path().join("data");
    // 08:00 UTC on 13 October 2026.
    let day = 1_791_878_400_000;
    let verified = |nc: &str, verdict, action: &str, evidence: &str| {
        Event::ClosureVerified(ClosureVerified {
            nc: nc.into(),
            corrective_action: action.into(),
            evidence: evidence.into(),
            verdict,
        })
    };
    write_record(
        &data,
        "ashcombe-reid-surv1-2026",
        &[
            envelope(
                day,
                1,
                100,
                &verified(
                    "NC-01",
                    ClosureVerdict::ClosedEffective,
                    "Quarterly reviews scheduled in the IT calendar, signed off by heads of department.",
                    "Review records Q4 2025 to Q3 2026, 4 of 4 signed.",
                ),
            ),
            envelope(
                day,
                2,
                110,
                &verified("NC-02", ClosureVerdict::ClosedEffective, "Reminders.", ""),
            ),
            envelope(
                day,
                3,
                130,
                &verified(
                    "NC-02",
                    ClosureVerdict::Open,
                    "Reminder e-mails planned, not yet sent.",
                    "Completion report of 1 Oct 2026: 79%.",
                ),
            ),
        ],
    );
    let report = |format: &str| {
        stdout(auditday(&[
            "report",
            plan.to_str().unwrap(),
            "--format",
            format,
            "--data-dir",
            data.to_str().unwrap(),
        ]))
    };
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    let previous = &json["previous"];
    assert_eq!(previous["id"], "ashcombe-reid-stage2-2025");
    let verdicts: Vec<(&str, &str, bool, bool)> = previous["nonconformities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["number"].as_str().unwrap(),
                c["verdict"].as_str().unwrap(),
                c["overdue"].as_bool().unwrap(),
                c["becomes_finding"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("NC-01", "closed_effective", true, false),
            ("NC-02", "open", true, true)
        ]
    );
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/report-context.md"
    ))
    .unwrap();
    let mut keys = Vec::new();
    documented_keys(previous, "previous", &mut keys);
    for key in keys {
        assert!(
            doc.contains(&format!("| `{key}` |")),
            "docs/report-context.md lacks `{key}`"
        );
    }
    let md = report("md");
    assert!(
        md.contains("## Verification of corrective actions from previous audits"),
        "{md}"
    );
    assert!(md.contains("### NC-02: Minor nonconformity"), "{md}");
    assert!(md.contains("- **Verdict:** open"), "{md}");
    assert!(md.contains("- **Verdict:** closed and effective"), "{md}");
    assert!(
        md.contains("- **Corrective action due:** 7 Jan 2026 (overdue)"),
        "{md}"
    );
    assert!(
        md.contains("**Not closed effectively: a finding of this audit.**"),
        "{md}"
    );
    let html = report("html");
    assert!(html.contains("<dd>open</dd>"), "{html}");
}

/// A plan naming a previous report that is missing, not JSON, or not a report, is refused by
/// `check` at the `report` value, with the other problems of the plan.
#[test]
fn check_reports_a_previous_report_it_cannot_use_where_the_plan_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(SURVEILLANCE).unwrap();
    let with = |report: &str, extra: &str| {
        let plan = dir.path().join("plan.toml");
        let text = sample.replace(
            "[previous]\nreport = \"surveillance-law-firm.previous.json\"",
            &format!("[previous]\nreport = \"{report}\"{extra}"),
        );
        assert_ne!(text, sample, "the sample names its previous report");
        std::fs::write(&plan, text).unwrap();
        let out = auditday(&["check", plan.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    std::fs::write(dir.path().join("notes.json"), "{\"schema_version\": 1}").unwrap();
    std::fs::write(
        dir.path().join("broken.json"),
        "{\n  \"schema_version\": 1,\n  oops\n}",
    )
    .unwrap();
    let line = sample
        .lines()
        .position(|l| l.starts_with("report = "))
        .unwrap()
        + 1;
    let missing = with("gone.json", "");
    assert!(
        missing.contains(&format!(
            "plan.toml:{line}:10: error: cannot read the previous audit's report \"gone.json\": it does not exist"
        )),
        "{missing}"
    );
    assert!(missing.contains("1 error, 0 warnings"), "{missing}");
    let not_report = with("notes.json", "");
    assert!(
        not_report.contains(&format!(
            "plan.toml:{line}:10: error: the previous audit's report \"notes.json\" is not a report auditday wrote: missing field `audit` at line 1 column 21"
        )),
        "{not_report}"
    );
    let broken = with("broken.json", "\nreprot = 1");
    assert!(
        broken.contains(&format!(
            "plan.toml:{line}:10: error: the previous audit's report \"broken.json\" is not a report auditday wrote: key must be a string at line 3 column 3"
        )),
        "{broken}"
    );
    assert!(
        broken.contains("unknown key `reprot` in [previous]"),
        "{broken}"
    );
    assert!(broken.contains("2 errors, 0 warnings"), "{broken}");
    let folder = with(".", "");
    assert!(
        folder.contains(
            "cannot read the previous audit's report \".\": it is a folder, not a report"
        ),
        "{folder}"
    );
}

/// Every key of `value` as a dotted path under `prefix`, arrays looked into.
fn documented_keys(value: &serde_json::Value, prefix: &str, keys: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = format!("{prefix}.{key}");
                documented_keys(inner, &path, keys);
                keys.push(path);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                documented_keys(item, prefix, keys);
            }
        }
        _ => {}
    }
}

/// Text from the previous report and from the verification is text in every report, never
/// markup: HTML escaped, Markdown escaped, Word's XML escaped.
#[test]
fn hostile_text_of_a_previous_report_and_its_verification_stays_text() {
    const HOSTILE: &str = "<script>alert(1)</script> *bold* [x](javascript:alert(1))";
    let dir = tempfile::tempdir().unwrap();
    let plan = copy_sample(dir.path());
    let previous = dir.path().join("surveillance-law-firm.previous.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&previous).unwrap()).unwrap();
    json["audit"]["title"] = HOSTILE.into();
    json["findings"][0]["statement"] = HOSTILE.into();
    json["findings"][0]["number"] = "NC-<b>1</b>".into();
    std::fs::write(&previous, json.to_string()).unwrap();
    let data = dir.path().join("data");
    write_record(
        &data,
        "ashcombe-reid-surv1-2026",
        &[envelope(
            1_791_878_400_000,
            1,
            100,
            &Event::ClosureVerified(ClosureVerified {
                nc: "NC-<b>1</b>".into(),
                corrective_action: HOSTILE.into(),
                evidence: "=HYPERLINK(\"http://x\")".into(),
                verdict: ClosureVerdict::ClosedNotEffective,
            }),
        )],
    );
    let report = |format: &str, out: Option<&Path>| {
        let mut args = vec![
            "report",
            plan.to_str().unwrap(),
            "--format",
            format,
            "--data-dir",
            data.to_str().unwrap(),
        ];
        if let Some(out) = out {
            args.extend(["-o", out.to_str().unwrap()]);
        }
        stdout(auditday(&args))
    };
    let html = report("html", None);
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>1</b>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{html}"
    );
    assert!(html.contains("<dd>closed but not effective</dd>"), "{html}");
    let md = report("md", None);
    assert!(
        md.contains(r"\<script\>alert(1)\</script\> \*bold\* \[x\]"),
        "{md}"
    );
    assert!(
        md.contains(r"### NC-\<b\>1\</b\>: Minor nonconformity"),
        "{md}"
    );
    let docx = dir.path().join("report.docx");
    report("docx", Some(&docx));
    let bytes = std::fs::read(&docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").unwrap(),
        &mut document,
    )
    .unwrap();
    assert!(document.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!document.contains("<script>"));
}

/// The surveillance sample in `dir`, its `[previous]` table made `table`, with the previous
/// audit's plan beside it as `previous-plan.toml`: the plan's path.
fn sample_naming(dir: &Path, table: &str) -> PathBuf {
    let sample = std::fs::read_to_string(SURVEILLANCE).unwrap();
    let text = sample.replace(
        "[previous]\nreport = \"surveillance-law-firm.previous.json\"\n",
        &format!("[previous]\n{table}"),
    );
    assert_ne!(text, sample, "the sample names its previous report");
    std::fs::copy(PREVIOUS_PLAN, dir.join("previous-plan.toml")).unwrap();
    let plan = dir.join("plan.toml");
    std::fs::write(&plan, text).unwrap();
    plan
}

/// `[previous]` naming the previous audit's record folder in `dir`'s data folder, and its plan.
const BY_RECORD: &str =
    "record = \"data/audits/ashcombe-reid-stage2-2025\"\nplan = \"previous-plan.toml\"\n";

/// The previous audit the plan at `plan` names, as `plan::load` reads it.
fn previous_audit(plan: &Path) -> PreviousAudit {
    let plan = auditday::plan::load(plan, None).unwrap();
    plan.previous.unwrap().audit.unwrap()
}

/// What the sample's JSON report of the previous audit gives.
fn previous_from_report() -> PreviousAudit {
    previous_audit(Path::new(SURVEILLANCE))
}

/// The lead's record file of the previous audit, written in `data`.
fn previous_record_file(data: &Path) -> PathBuf {
    previous_record(data);
    data.join("audits")
        .join("ashcombe-reid-stage2-2025")
        .join(format!("{}.jsonl", auditor_stem(LEAD)))
}

/// Naming the previous audit's record folder and plan gives the same audit as naming its JSON
/// report: numbers, grades, references, texts and due dates.
#[test]
fn a_previous_audit_named_by_its_record_is_the_one_its_report_gives() {
    let dir = tempfile::tempdir().unwrap();
    previous_record(&dir.path().join("data"));
    let plan = sample_naming(dir.path(), BY_RECORD);
    let from_record = previous_audit(&plan);
    assert_eq!(from_record, previous_from_report());
    assert_eq!(
        (from_record.nonconformities.iter())
            .map(|nc| (nc.number.as_str(), nc.due.map(|d| d.to_string())))
            .collect::<Vec<_>>(),
        [
            ("NC-01", Some("2026-01-07".to_string())),
            ("NC-02", Some("2026-01-07".to_string()))
        ]
    );
    let source = auditday::plan::load(&plan, None)
        .unwrap()
        .previous
        .unwrap()
        .source;
    assert_eq!(
        (source.report(), source.record(), source.plan()),
        (
            None,
            Some("data/audits/ashcombe-reid-stage2-2025"),
            Some("previous-plan.toml")
        )
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(auditday(&[
        "report",
        plan.to_str().unwrap(),
        "--format",
        "json",
        "--data-dir",
        dir.path().join("data").to_str().unwrap(),
    ])))
    .unwrap();
    let previous = &json["previous"];
    assert_eq!(
        (
            &previous["report"],
            &previous["record"],
            &previous["plan"],
            &previous["nonconformities"][1]["number"]
        ),
        (
            &serde_json::json!(""),
            &serde_json::json!("data/audits/ashcombe-reid-stage2-2025"),
            &serde_json::json!("previous-plan.toml"),
            &serde_json::json!("NC-02")
        )
    );
}

/// A team's audit folder made by `auditday team init` holds its plan: `record` alone names
/// the previous audit.
#[test]
fn a_team_audit_folder_names_the_previous_audit_without_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("previous-team");
    stdout(auditday(&[
        "team",
        "init",
        PREVIOUS_PLAN,
        team.to_str().unwrap(),
    ]));
    let lead = previous_record_file(&dir.path().join("data"));
    std::fs::copy(&lead, team.join("records").join(lead.file_name().unwrap())).unwrap();
    let plan = sample_naming(dir.path(), "record = \"previous-team\"\n");
    assert_eq!(previous_audit(&plan), previous_from_report());
    assert_eq!(
        stdout(auditday(&["check", plan.to_str().unwrap()])),
        "0 errors, 0 warnings\n"
    );
}

/// A record with a damaged line is read for its other lines: the nonconformities are there,
/// and `check` warns how many lines were skipped.
#[test]
fn a_damaged_previous_record_gives_its_nonconformities_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let lead = previous_record_file(&dir.path().join("data"));
    let mut lines = std::fs::read(&lead).unwrap();
    lines.extend_from_slice(b"{\"v\":1,\"id\":\"not an event\n");
    std::fs::write(&lead, lines).unwrap();
    let plan = sample_naming(dir.path(), BY_RECORD);
    assert_eq!(previous_audit(&plan), previous_from_report());
    let out = stdout(auditday(&["check", plan.to_str().unwrap()]));
    assert!(
        out.starts_with(&format!(
            "{}:35:10: warning: the previous audit's record \"data/audits/ashcombe-reid-stage2-2025\" has 1 damaged line, skipped: its nonconformities are read from the other lines\n",
            plan.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "   = hint: damaged: {} line 10\n",
            lead.file_name().unwrap().to_string_lossy()
        )),
        "{out}"
    );
    assert!(out.ends_with("0 errors, 1 warning\n"), "{out}");
    assert_eq!(
        std::fs::read(&lead).unwrap().last(),
        Some(&b'\n'),
        "the previous record is only read"
    );
}

/// `check` refuses a `[previous]` table it cannot use, at the table or the value at fault, in
/// words.
#[test]
fn check_reports_a_previous_record_it_cannot_use_where_the_plan_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let lead = previous_record_file(&data);
    for other in ["ashcombe-reid-stage1-2025", "ashcombe-reid-surv1-2026"] {
        let folder = data.join("audits").join(other);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(&lead, folder.join(lead.file_name().unwrap())).unwrap();
    }
    let broken = std::fs::read_to_string(PREVIOUS_PLAN)
        .unwrap()
        .replace("kind = \"stage2\"", "kind = \"stage9\"")
        .replace("[audit]\n", "[audit]\nsize = 3\n");
    std::fs::write(dir.path().join("broken-plan.toml"), broken).unwrap();
    let check = |table: &str| {
        let plan = sample_naming(dir.path(), table);
        let out = auditday(&["check", plan.to_str().unwrap()]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{text}");
        let at = format!("{}:", plan.display());
        let firsts: Vec<String> = (text.lines())
            .filter_map(|l| l.strip_prefix(&at))
            .chain(text.lines().last())
            .map(str::to_owned)
            .collect();
        firsts
    };
    let record = "record = \"data/audits/ashcombe-reid-stage2-2025\"\n";
    let with_plan =
        |record: &str| format!("record = \"{record}\"\nplan = \"previous-plan.toml\"\n");
    let one = |at: &str, message: &str| {
        vec![
            format!("{at}: error: {message}"),
            "1 error, 0 warnings".to_string(),
        ]
    };
    let cases: Vec<(String, &str, String)> = vec![
        (
            format!("report = \"surveillance-law-firm.previous.json\"\n{record}"),
            "34:1",
            "[previous] names both a `report` and a `record`: name one of them".into(),
        ),
        (
            "\n".into(),
            "34:1",
            "[previous] names neither a `report` nor a `record`".into(),
        ),
        (
            with_plan("gone"),
            "35:10",
            "cannot read the previous audit's record \"gone\": it does not exist".into(),
        ),
        (
            with_plan("previous-plan.toml"),
            "35:10",
            "cannot read the previous audit's record \"previous-plan.toml\": it is not a folder"
                .into(),
        ),
        (
            with_plan("."),
            "35:10",
            "cannot read the previous audit's record \".\": it is neither a team's audit folder nor an auditor's record folder (<data folder>/audits/<audit id>)".into(),
        ),
        (
            record.into(),
            "35:10",
            "the previous audit's record \"data/audits/ashcombe-reid-stage2-2025\" is an auditor's record folder, which holds no plan: add `plan = \"…\"` naming the previous audit's plan".into(),
        ),
        (
            with_plan("data/audits/ashcombe-reid-stage1-2025"),
            "35:10",
            "the previous audit's record \"data/audits/ashcombe-reid-stage1-2025\" is of audit \"ashcombe-reid-stage1-2025\", but the previous plan \"previous-plan.toml\" is of audit \"ashcombe-reid-stage2-2025\"".into(),
        ),
        (
            with_plan("data/audits/ashcombe-reid-surv1-2026"),
            "35:10",
            "the previous audit's record \"data/audits/ashcombe-reid-surv1-2026\" is this audit's own record (\"ashcombe-reid-surv1-2026\")".into(),
        ),
        (
            format!("{record}plan = \"broken-plan.toml\"\n"),
            "36:8",
            format!(
                "the previous audit's plan \"broken-plan.toml\" has 2 errors; run `auditday check {}` on it",
                dir.path().join("broken-plan.toml").display()
            ),
        ),
    ];
    for (table, at, message) in cases {
        assert_eq!(check(&table), one(at, &message), "{table}");
    }
    let team = dir.path().join("previous-team");
    stdout(auditday(&[
        "team",
        "init",
        PREVIOUS_PLAN,
        team.to_str().unwrap(),
    ]));
    let stage1 = std::fs::read_to_string(PREVIOUS_PLAN)
        .unwrap()
        .replace("ashcombe-reid-stage2-2025", "ashcombe-reid-stage1-2025");
    std::fs::write(dir.path().join("stage1-plan.toml"), stage1).unwrap();
    assert_eq!(
        check("record = \"previous-team\"\nplan = \"stage1-plan.toml\"\n"),
        one(
            "35:10",
            "the previous audit's record \"previous-team\" is of audit \"ashcombe-reid-stage2-2025\", but the previous plan \"stage1-plan.toml\" is of audit \"ashcombe-reid-stage1-2025\""
        )
    );
    assert_eq!(
        check("report = \"surveillance-law-firm.previous.json\"\nplan = \"previous-plan.toml\"\n"),
        one("36:8", "`plan` goes with `record`, not `report`")
    );
}

/// The previous plan's own `[previous]` is not followed: a plan naming, as its previous audit,
/// one that names it back is read once.
#[test]
fn the_previous_plans_own_previous_audit_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    previous_record(&dir.path().join("data"));
    let plan = sample_naming(dir.path(), BY_RECORD);
    let mut previous = std::fs::read_to_string(dir.path().join("previous-plan.toml")).unwrap();
    previous.push_str(
        "\n[previous]\nrecord = \"data/audits/ashcombe-reid-surv1-2026\"\nplan = \"plan.toml\"\n",
    );
    std::fs::write(dir.path().join("previous-plan.toml"), previous).unwrap();
    assert_eq!(previous_audit(&plan), previous_from_report());
}
