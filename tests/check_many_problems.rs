//! `auditday check` on plans with 40,000 bad samples, one problem each, written one table a
//! sample and all on one line, and with 20,000 agenda slots naming samples that are not
//! planned besides 40,000 that are: every problem is printed at its line and column. Each took from seconds to many
//! minutes before (quadratic in the problems); the speed is in BENCHMARKS.md, never asserted
//! here.

use std::process::Command;

const SAMPLES: usize = 40_000;
const SLOTS: usize = 20_000;

const HEAD: &str = r#"[audit]
id = "many-problems"
title = "Many problems"
kind = "mock"
standard = "iso27001-2022"
organisation = "Example Ltd"
scope = "Everything"
start = 2026-11-24T09:00:00
end = 2026-11-24T17:00:00

[[team]]
name = "Ann Lead"
role = "lead"
"#;

/// The keys of the `i`th bad sample, in turn: a duplicate of the first, a reference not in the
/// catalogue, a reference that is not a string, no reference.
fn sample(i: usize) -> String {
    match i % 4 {
        0 => "ref = \"A.8.15\", why = \"again\"".to_string(),
        1 => format!("ref = \"A.5.{}\"", 40 + i),
        2 => format!("ref = {i}"),
        _ => format!("why = \"sample {i}\""),
    }
}

fn check(plan: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, plan).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg("check")
        .arg(&path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(&path.display().to_string(), "plan.toml")
}

/// The `file:line:col: error: …` lines of a report.
fn located(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| l.starts_with("plan.toml:"))
        .collect()
}

#[test]
fn forty_thousand_bad_sample_tables_are_each_reported() {
    let mut plan = format!("{HEAD}\n[[sample]]\nref = \"A.8.15\"\n");
    for i in 0..SAMPLES {
        plan.push_str("\n[[sample]]\n");
        plan.push_str(&sample(i).replace(", ", "\n"));
        plan.push('\n');
    }
    let report = check(&plan);
    assert!(report.ends_with("\n40000 errors, 0 warnings\n"), "{report}");
    let located = located(&report);
    assert_eq!(located.len(), SAMPLES);
    // The loop's first table is on line 18 and they take 4, 3, 3 and 3 lines in turn.
    assert_eq!(
        located[0],
        "plan.toml:19:7: error: duplicate sample of A.8.15"
    );
    assert_eq!(
        located[1],
        "plan.toml:23:7: error: A.5.41 is not a clause or control of ISO/IEC 27001:2022"
    );
    assert_eq!(
        located[SAMPLES - 2],
        "plan.toml:130013:7: error: `ref` must be a string, found a whole number"
    );
    assert_eq!(
        located[SAMPLES - 1],
        "plan.toml:130015:1: error: missing `ref` in [[sample]]"
    );
}

#[test]
fn forty_thousand_bad_samples_on_one_line_are_each_reported() {
    let samples: Vec<String> = (0..SAMPLES)
        .map(|i| format!("{{ {} }}", sample(i)))
        .collect();
    let plan = format!(
        "sample = [{{ ref = \"A.8.15\" }}, {}]\n{HEAD}",
        samples.join(", ")
    );
    let report = check(&plan);
    assert!(report.ends_with("\n40000 errors, 0 warnings\n"), "{report}");
    let located = located(&report);
    assert_eq!(located.len(), SAMPLES);
    assert_eq!(
        located[0],
        "plan.toml:1:39: error: duplicate sample of A.8.15"
    );
    let last = plan
        .find(&format!("why = \"sample {}\"", SAMPLES - 1))
        .unwrap();
    let table = plan[..last].rfind('{').unwrap();
    assert_eq!(
        located[SAMPLES - 1],
        format!(
            "plan.toml:1:{}: error: missing `ref` in [[sample]]",
            table + 1
        )
    );
    assert!(
        report.lines().all(|l| l.len() < 400),
        "a long line is shown in part"
    );
}

#[test]
fn twenty_thousand_slots_naming_unplanned_samples_are_each_reported() {
    let mut plan = HEAD.replace(
        "start = 2026-11-24T09:00:00\nend = 2026-11-24T17:00:00",
        "start = 2026-11-24T00:00:00\nend = 2026-12-31T00:00:00",
    );
    for _ in 0..SAMPLES {
        plan.push_str("\n[[sample]]\nref = \"A.8.15\"\n");
    }
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..SLOTS {
        let start = first + chrono::Duration::minutes(i as i64);
        plan.push_str(&format!(
            "\n[[agenda]]\nstart = {}\nminutes = 1\ntitle = \"slot {i}\"\nkind = \"samples\"\nsamples = [\"A.5.1\"]\n",
            start.format("%Y-%m-%dT%H:%M:%S")
        ));
    }
    let report = check(&plan);
    assert!(report.ends_with("\n59999 errors, 0 warnings\n"), "{report}");
    let located = located(&report);
    assert_eq!(located.len(), SAMPLES - 1 + SLOTS);
    assert_eq!(
        located[0],
        "plan.toml:19:7: error: duplicate sample of A.8.15"
    );
    assert_eq!(
        located[SAMPLES - 1],
        "plan.toml:120020:12: error: A.5.1 is not a planned sample"
    );
    assert_eq!(
        located[SAMPLES - 2 + SLOTS],
        "plan.toml:260013:12: error: A.5.1 is not a planned sample"
    );
}
