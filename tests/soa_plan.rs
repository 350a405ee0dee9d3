//! The organisation's SoA named by a plan (`[soa] file`): checked when the plan is checked or
//! opened, its gaps in the Stage 1 conclusion, a file that cannot be checked told where the
//! plan names it, and its text escaped in the report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use auditday::audit::{Area, AuditState, Trigger, stage1_conclusion};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage1-health-analytics.toml"
);
const SAMPLE_SOA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage1-health-analytics.soa.csv"
);

fn auditday(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The Stage 1 sample as `plan.toml` in `dir`, its `[soa]` table's lines replaced by `soa`.
fn plan_in(dir: &Path, soa: &str) -> PathBuf {
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let table = "[soa]\nfile = \"stage1-health-analytics.soa.csv\"\n";
    assert!(sample.contains(table), "the sample names its SoA");
    let path = dir.join("plan.toml");
    std::fs::write(&path, sample.replace(table, soa)).unwrap();
    path
}

#[test]
fn opening_the_stage1_sample_checks_the_soa_it_names() {
    let plan = auditday::plan::load(Path::new(SAMPLE), None).unwrap();
    let soa = plan.soa.as_ref().expect("the sample names its SoA");
    let checked = soa
        .checked
        .as_ref()
        .expect("checked when the plan is loaded");
    assert_eq!(checked.file, "stage1-health-analytics.soa.csv");
    assert_eq!(
        checked.summary(),
        "92 controls: 89 applicable, 3 excluded; 3 problems"
    );
    let conclusion = stage1_conclusion(&plan, &AuditState::default());
    assert_eq!(conclusion.triggers, [Trigger::SoaIncomplete]);
    assert_eq!(conclusion.soa_missing, ["A.5.7"]);
    assert_eq!(
        conclusion.areas,
        [
            Area::UnjustifiedExclusions { count: 1 },
            Area::SoaProblems { count: 1 }
        ]
    );
}

#[test]
fn a_plan_without_soa_concludes_from_the_documents_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = plan_in(dir.path(), "");
    let plan = auditday::plan::load(&path, None).unwrap();
    assert!(plan.soa.is_none());
    let conclusion = stage1_conclusion(&plan, &AuditState::default());
    assert!(conclusion.triggers.is_empty(), "nothing reviewed yet");
    assert!(conclusion.soa_missing.is_empty());
}

#[test]
fn check_tells_an_soa_it_cannot_check_where_the_plan_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[soa]\nfile = \"soa.csv\"\n",
            "error: cannot read the SoA soa.csv: it does not exist",
            "file = \"soa.csv\"",
        ),
        (
            "[soa]\nfile = \"soa.pdf\"\n",
            "error: cannot tell whether the SoA soa.pdf is CSV or Excel: name it .csv or .xlsx",
            "file = \"soa.pdf\"",
        ),
    ];
    for (table, message, line) in cases {
        let path = plan_in(dir.path(), table);
        let source = std::fs::read_to_string(&path).unwrap();
        let row = source.lines().position(|l| l == line).unwrap() + 1;
        let out = auditday(&["check", "plan.toml"], dir.path());
        let printed = text(&out.stdout);
        assert!(
            printed.starts_with(&format!("plan.toml:{row}:8: {message}\n")),
            "{printed}"
        );
        assert!(printed.contains(
            "= hint: name the organisation's Statement of Applicability (.csv or .xlsx), relative to this plan's folder"
        ));
        assert!(printed.ends_with("1 error, 0 warnings\n"), "{printed}");
        assert_eq!(out.status.code(), Some(1));
    }
    std::fs::write(dir.path().join("soa.csv"), "not an SoA\n").unwrap();
    plan_in(dir.path(), "[soa]\nfile = \"soa.csv\"\npath = \"x\"\n");
    let printed = text(&auditday(&["check", "plan.toml"], dir.path()).stdout);
    assert!(
        printed.contains(": error: the SoA soa.csv has no heading row naming the control"),
        "{printed}"
    );
    assert!(
        printed.contains(": error: unknown key `path` in [soa]"),
        "{printed}"
    );
    assert!(printed.ends_with("2 errors, 0 warnings\n"), "{printed}");
}

#[test]
fn text_from_the_soa_reaches_the_report_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut soa = std::fs::read_to_string(SAMPLE_SOA).unwrap();
    soa.push_str("A.8.52|#<b>*x*</b>,x,Y,x,x\n");
    std::fs::write(dir.path().join("soa.csv"), soa).unwrap();
    plan_in(dir.path(), "[soa]\nfile = \"soa.csv\"\n");
    let report = |format: &str| {
        let out = auditday(
            &[
                "report",
                "plan.toml",
                "--format",
                format,
                "--data-dir",
                data.path().to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let md = report("md");
    assert!(
        md.contains(r"- Row 98: A.8.52\|\#\<b\>\*x\*\</b\> is not an Annex A control"),
        "{md}"
    );
    let html = report("html");
    assert!(
        html.contains(
            "<li>Row 98: A.8.52|#&lt;b&gt;*x*&lt;&#x2f;b&gt; is not an Annex A control</li>"
        ),
        "{html}"
    );
}

#[test]
fn a_practice_scenario_s_soa_is_checked_like_a_plan_s() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-audits/practice/stage2-software-company.toml"
    ))
    .unwrap();
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!("{scenario}\n[soa]\nfile = \"soa.csv\"\n"),
    )
    .unwrap();
    let out = auditday(&["check", "scenario.toml"], dir.path());
    let printed = text(&out.stdout);
    assert!(
        printed.contains(": error: cannot read the SoA soa.csv: it does not exist"),
        "{printed}"
    );
    std::fs::copy(SAMPLE_SOA, dir.path().join("soa.csv")).unwrap();
    let out = auditday(&["check", "scenario.toml"], dir.path());
    assert_eq!(text(&out.stdout), "0 errors, 0 warnings\n");
}
