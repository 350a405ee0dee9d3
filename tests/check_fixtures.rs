//! `auditday check` on broken and questionable plans: every problem, at its line and column.

use std::path::Path;
use std::process::Command;

use auditday::catalogue::Catalogue;
use auditday::diagnostic::{Severity, line_col};
use auditday::plan;

/// Each diagnostic of a fixture as `line:col: severity: message`.
fn diagnostics(fixture: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let bytes = std::fs::read(&path).unwrap();
    let checked = plan::check(&bytes, &[Catalogue::iso27001_2022()]);
    assert_eq!(checked.plan.is_some(), checked.errors() == 0);
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let at = line_col(&checked.source, d.span.start);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("{}:{}: {severity}: {}", at.line, at.col, d.message)
        })
        .collect()
}

#[test]
fn the_base_fixture_is_clean() {
    assert!(diagnostics("base.toml").is_empty());
}

#[test]
fn every_broken_fixture_reports_exactly_its_problems() {
    let cases: &[(&str, &[&str])] = &[
        (
            "syntax-error.toml",
            &["3:23: error: TOML syntax: invalid basic string, expected `\"`"],
        ),
        (
            "missing-title.toml",
            &["1:1: error: missing `title` in [audit]"],
        ),
        (
            "wrong-type.toml",
            &["27:11: error: `minutes` must be a whole number, found a string"],
        ),
        (
            "unknown-reference.toml",
            &["39:7: error: A.5.99 is not a clause or control of ISO/IEC 27001:2022"],
        ),
        (
            "reference-2013.toml",
            &["44:7: error: A.12.4.1 is ISO/IEC 27001:2013 numbering; use ISO/IEC 27001:2022 ids"],
        ),
        (
            "duplicate-sample.toml",
            &["44:7: error: duplicate sample of A.5.15"],
        ),
        (
            "unknown-kind.toml",
            &["4:8: error: unknown audit kind \"stage3\""],
        ),
        (
            "unknown-role.toml",
            &["17:8: error: unknown team role \"co-auditor\""],
        ),
        (
            "bad-audit-id.toml",
            &["2:6: error: invalid audit id \"Fixture Audit/2026\""],
        ),
        (
            "end-before-start.toml",
            &["9:7: error: the audit must end after it starts"],
        ),
        (
            "year-out-of-range.toml",
            &[
                "8:9: error: `start` is in the year 0000; an audit date is between 1970 and 9999",
                "9:7: error: `end` is in the year 1969; an audit date is between 1970 and 9999",
                "20:9: error: `start` is in the year 1026; an audit date is between 1970 and 9999",
            ],
        ),
        (
            "agenda-overlap.toml",
            &[
                "26:9: error: agenda item \"Access control\" overlaps \"Opening meeting\" (09:00–09:30)",
            ],
        ),
        (
            "agenda-outside.toml",
            &[
                "33:9: error: agenda item \"Closing meeting\" (2026-11-24 17:30 to 18:00) is outside the audit",
            ],
        ),
        (
            "interviewee-topic.toml",
            &["50:21: error: firewalls is not a clause or control of ISO/IEC 27001:2022"],
        ),
        ("no-team.toml", &["1:1: error: the plan has no audit team"]),
        (
            "empty-team.toml",
            &["1:1: error: the plan has no audit team"],
        ),
        (
            "no-lead.toml",
            &["13:8: error: the audit team has no lead auditor"],
        ),
        (
            "misspelt-key.toml",
            &["41:1: error: unknown key `ownr` in [[sample]]"],
        ),
        (
            "sample-as-table.toml",
            &["37:1: error: `sample` must be a list of tables"],
        ),
        (
            "auditor-not-in-team.toml",
            &["42:11: error: auditor \"Dan Nobody\" is not in the team"],
        ),
        (
            "agenda-unplanned-sample.toml",
            &["30:22: error: A.8.15 is not a planned sample"],
        ),
        (
            "empty.toml",
            &[
                "1:1: error: missing `audit` in the plan",
                "1:1: error: the plan has no audit team",
            ],
        ),
        (
            "several-problems.toml",
            &[
                "2:6: error: invalid audit id \"Acme Stage 2\"",
                "10:1: error: unknown key `minor_nc_day` in [audit]",
                "14:8: error: unknown team role \"leader\"",
                "17:7: error: A.12.4.1 is ISO/IEC 27001:2013 numbering; use ISO/IEC 27001:2022 ids",
                "21:7: error: loging is not a clause or control of ISO/IEC 27001:2022",
            ],
        ),
        (
            "not-utf8.toml",
            &["2:13: error: the plan is not UTF-8 text (byte 0xe9)"],
        ),
    ];
    let on_disk =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken"))
            .unwrap()
            .count();
    assert_eq!(
        on_disk,
        cases.len(),
        "every broken fixture has its expectation"
    );
    for (fixture, want) in cases {
        assert_eq!(
            diagnostics(&format!("broken/{fixture}")),
            *want,
            "{fixture}"
        );
    }
}

#[test]
fn warnings_an_experienced_lead_would_give() {
    assert_eq!(
        diagnostics("warnings/stage2-missing-loop.toml"),
        [
            "4:8: warning: a Stage 2 audit that does not sample 9.3 (management review)",
            "4:8: warning: a Stage 2 audit that does not sample 10.2 (nonconformity and corrective action)",
            "4:8: warning: no control of theme A.6 People controls is sampled",
            "4:8: warning: no control of theme A.7 Physical controls is sampled",
            "4:8: warning: no control of theme A.8 Technological controls is sampled",
        ]
    );
    assert_eq!(
        diagnostics("warnings/stage1-no-documents.toml"),
        ["4:8: warning: a Stage 1 plan with no [[document]] review list"]
    );
    assert_eq!(
        diagnostics("warnings/internal-independence.toml"),
        [
            "43:11: warning: Ben Auditor would audit A.5.15, which they own (independence, clause 9.2.2)"
        ]
    );
}

#[test]
fn the_binary_prints_every_problem_rustc_style_and_exits_1() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/misspelt-key.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["check", fixture.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let shown = fixture.display();
    assert_eq!(
        stdout,
        format!(
            "{shown}:41:1: error: unknown key `ownr` in [[sample]]\n   |\n41 | ownr = \"Cara Owner\"\n   | ^^^^\n   = hint: did you mean `owner`?\n1 error, 0 warnings\n"
        )
    );
}

#[test]
fn several_plans_get_a_summary_each_and_a_total() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg("check")
        .arg(dir.join("base.toml"))
        .arg(dir.join("warnings/stage1-no-documents.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last: Vec<&str> = stdout.lines().rev().take(1).collect();
    assert_eq!(last, ["0 errors, 1 warning"]);
    assert!(stdout.contains("base.toml: 0 errors, 0 warnings\n"));
}

#[test]
fn every_sample_audit_passes_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-audits");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let checked = plan::check(
                &std::fs::read(&path).unwrap(),
                &[Catalogue::iso27001_2022()],
            );
            assert_eq!(
                checked.errors(),
                0,
                "{}:\n{}",
                path.display(),
                checked.render("plan")
            );
            count += 1;
        }
    }
    assert!(count >= 1);
}
