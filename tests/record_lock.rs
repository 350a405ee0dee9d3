//! A second process opening the same auditor's record of the same audit is refused with a
//! clear message; a process killed while holding it leaves no lock behind.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn holder(data: &Path) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args([
            "record-append",
            "--audit",
            "lock-test",
            "--auditor",
            "Priya Shah",
        ])
        .args(["--count", "1", "--hold", "--data-dir"])
        .arg(data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "open\n");
    child
}

fn second_opener(data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args([
            "record-append",
            "--audit",
            "lock-test",
            "--auditor",
            "Priya Shah",
        ])
        .args(["--count", "1", "--data-dir"])
        .arg(data)
        .output()
        .unwrap()
}

#[test]
fn a_second_process_is_refused_and_a_killed_one_leaves_no_lock() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = holder(dir.path());

    let refused = second_opener(dir.path());
    assert_eq!(refused.status.code(), Some(2));
    let record = dir
        .path()
        .join("audits/lock-test/priya-shah-900551a6.jsonl");
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "auditday: the record of Priya Shah for audit lock-test is already open in another \
             auditday ({}); close it there and try again\n",
            record.display()
        )
    );
    assert!(refused.stdout.is_empty());

    let other_auditor = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args([
            "record-append",
            "--audit",
            "lock-test",
            "--auditor",
            "Tom Whitfield",
        ])
        .args(["--count", "1", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(other_auditor.status.success());

    first.kill().unwrap();
    first.wait().unwrap();
    let after_crash = second_opener(dir.path());
    assert!(
        after_crash.status.success(),
        "{}",
        String::from_utf8_lossy(&after_crash.stderr)
    );
}
