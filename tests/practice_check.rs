//! `auditday check` on practice scenarios: the shipped ones pass, and each kind of mistake in
//! a scenario's own tables is reported with its place and exact words, all at once.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_auditday");

/// A scenario with the least a plan needs, one handout, one answer and one planted NC.
const MINIMAL: &str = r#"[audit]
id = "practice-min"
title = "Minimal practice"
kind = "mock"
standard = "iso27001-2022"
organisation = "Example Ltd"
scope = "Everything"
start = 2026-06-10T09:00:00
end = 2026-06-10T12:00:00

[[team]]
name = "Ben Adeyemi"
role = "lead"

[[agenda]]
start = "09:00"
minutes = 60
title = "Samples"
kind = "samples"
samples = ["9.2"]

[[agenda]]
start = "10:00"
minutes = 30
title = "Interview"
kind = "interview"
interviewee = "Dana Okafor"

[[sample]]
ref = "9.2"

[[interviewee]]
name = "Dana Okafor"

[[handout]]
id = "IA"
sample = "9.2"
title = "Internal audit programme"

[[answer]]
id = "dana"
interviewee = "Dana Okafor"
says = "We postponed it."

[[key.nc]]
id = "no-ia"
ref = "9.2"
grade = "major"
evidence = ["IA", "dana"]
"#;

/// Runs `auditday check` on `text` written to a file named `name`; its exit code and output.
fn check(name: &str, text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["check", name])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_shipped_scenarios_pass_check() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-audits/practice");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let out = Command::new(BIN).arg("check").arg(&file).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {stdout}", file.display());
        assert_eq!(stdout, "0 errors, 0 warnings\n", "{}", file.display());
    }
}

#[test]
fn a_minimal_scenario_passes_check() {
    assert_eq!(
        check("s.toml", MINIMAL),
        (0, "0 errors, 0 warnings\n".into())
    );
}

#[test]
fn every_mistake_in_the_scenario_tables_is_told_with_its_place() {
    let text = MINIMAL
        .replace(
            "id = \"IA\"\nsample = \"9.2\"",
            "id = \"IA\"\nsample = \"A.5.18\"",
        )
        .replace(
            "id = \"dana\"\ninterviewee = \"Dana Okafor\"",
            "id = \"IA\"\ninterviewee = \"Dana Okafr\"",
        )
        .replace("grade = \"major\"", "grade = \"observation\"")
        .replace(
            "evidence = [\"IA\", \"dana\"]",
            "evidence = [\"IA\", \"DOC-9\"]",
        )
        + "\n[[key.herring]]\nid = \"h\"\nref = \"A.5.99\"\nevidence = [\"IA\"]\n";
    let (code, out) = check("s.toml", &text);
    assert_eq!(code, 1, "{out}");
    let expected = [
        "s.toml:37:10: error: handout IA is for sample A.5.18, which the plan does not list",
        "= hint: the plan's samples: 9.2",
        "s.toml:41:6: error: the id \"IA\" is used twice",
        "= hint: each handout and answer needs an id of its own",
        "s.toml:42:15: error: \"Dana Okafr\" is not an interviewee of the plan",
        "= hint: did you mean \"Dana Okafor\"?",
        "s.toml:48:9: error: a planted nonconformity is \"major\" or \"minor\", not \"observation\"",
        "s.toml:49:19: error: no handout or answer has the id \"DOC-9\"",
        "s.toml:53:7: error: A.5.99 is not a clause or control of ISO/IEC 27001:2022",
        "6 errors, 0 warnings",
    ];
    for line in expected {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
}

#[test]
fn a_scenario_without_an_answer_key_or_a_red_herring_on_a_planted_nc_is_refused() {
    let keyless = MINIMAL.split("[[key.nc]]").next().unwrap().to_string();
    let (code, out) = check("s.toml", &keyless);
    assert_eq!(code, 1);
    assert!(
        out.contains("error: the scenario has no answer key"),
        "{out}"
    );
    let herring =
        format!("{MINIMAL}\n[[key.herring]]\nid = \"h\"\nref = \"9.2\"\nevidence = [\"IA\"]\n");
    let (code, out) = check("s.toml", &herring);
    assert_eq!(code, 1);
    assert!(
        out.contains("s.toml:53:7: error: red herring h is on 9.2, where no-ia is planted"),
        "{out}"
    );
}

#[test]
fn a_scenario_opened_as_a_plan_or_a_plan_practised_says_which_command_to_use() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, MINIMAL).unwrap();
    let out = Command::new(BIN)
        .arg(&scenario)
        .args(["--data-dir", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("is a practice scenario: run it with `auditday practice"),
        "{stderr}"
    );
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-audits/mock-vet-practice.toml"
    );
    let out = Command::new(BIN)
        .args(["practice", plan, "--data-dir", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("is an audit plan, not a practice scenario"),
        "{stderr}"
    );
}

/// `also` names other references a planted nonconformity may be raised under: each must be a
/// clause or control, and no red herring may sit on one.
#[test]
fn the_other_references_of_a_planted_nc_are_checked_like_its_own() {
    let text = MINIMAL.replace(
        "ref = \"9.2\"\ngrade = \"major\"",
        "ref = \"9.2\"\nalso = [\"9.1\", \"A.5.99\"]\ngrade = \"major\"",
    ) + "\n[[key.herring]]\nid = \"h\"\nref = \"9.1\"\nevidence = [\"IA\"]\n";
    let (code, out) = check("s.toml", &text);
    assert_eq!(code, 1, "{out}");
    for line in [
        "s.toml:48:16: error: A.5.99 is not a clause or control of ISO/IEC 27001:2022",
        "s.toml:54:7: error: red herring h is on 9.1, where no-ia is planted",
        "2 errors, 0 warnings",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
}
