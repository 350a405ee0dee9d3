//! The user's key file as the auditor meets it: a file that cannot be used stops the program
//! before the terminal is taken over, naming the file, line and column of each problem.

use std::process::Command;

#[test]
fn a_bad_key_file_is_refused_with_its_line_and_column_before_the_interface_starts() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.toml");
    std::fs::write(&keys, "[sample]\nadd-evidense = \"v\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-audits/stage2-software-sme.toml"
        ))
        .env("AUDITDAY_KEYS", &keys)
        .env("AUDITDAY_DATA", dir.path().join("records"))
        .env_remove("AUDITDAY_AUDITOR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:2:1: error: unknown action in `sample` `add-evidense`",
            keys.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `add-evidence`?"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[1..4],
        ["  |", "2 | add-evidense = \"v\"", "  | ^^^^^^^^^^^^"],
        "printed as `auditday check` prints a plan, one line each:\n{stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "check's exit code");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("\u{1b}[?1049h"),
        "the terminal was not taken over"
    );
}
