//! Names that are not plans (a device, a named pipe, a folder, a 2 GB file, a file the user may
//! not read) given where a plan, a catalogue or the key file goes: each is refused in words with
//! the exit code of the command's other errors, and never hangs or fills the memory.

#![cfg(unix)]

use std::ffi::OsString;
use std::fs::File;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const PLAN: &str = include_str!("../sample-audits/stage2-software-sme.toml");

/// Runs auditday and returns what it printed; a run that has not ended after ten seconds is
/// killed and fails the test (a watchdog against hanging, not a measure of speed).
fn answered(mut command: Command) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{command:?} did not return");
        }
        sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn auditday(args: &[OsString]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_auditday"));
    command.args(args).env_remove("AUDITDAY_KEYS");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The names that are not plan files, each with what it is (`None` for the 2 GB file).
fn not_files(dir: &Path) -> Vec<(PathBuf, Option<&'static str>)> {
    let fifo = dir.join("plan.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let folder = dir.join("plans");
    std::fs::create_dir(&folder).unwrap();
    let huge = dir.join("huge.toml");
    File::create(&huge).unwrap().set_len(2 << 30).unwrap();
    vec![
        ("/dev/zero".into(), Some("a device")),
        (fifo, Some("a named pipe")),
        (folder, Some("a folder")),
        (huge, None),
    ]
}

/// What a refusal says of a name that is `found` where a `noun` of at most `limit` goes.
fn refusal(found: Option<&str>, noun: &str, limit: &str) -> String {
    match found {
        Some(found) => format!("it is {found}, not a {noun}"),
        None => format!("it is 2 GB; a {noun} is at most {limit}"),
    }
}

#[test]
fn check_refuses_what_is_not_a_plan_file_in_words() {
    let dir = tempfile::tempdir().unwrap();
    for (path, found) in not_files(dir.path()) {
        let out = answered(auditday(&["check".into(), path.clone().into()]));
        assert_eq!(out.status.code(), Some(1), "{path:?}");
        assert_eq!(
            text(&out.stdout),
            format!(
                "{}: error: cannot read the plan: {}\n1 error, 0 warnings\n",
                path.display(),
                refusal(found, "plan file", "4 MB")
            )
        );
    }
}

#[test]
fn opening_what_is_not_a_plan_file_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for (path, found) in not_files(dir.path()) {
        let out = answered(auditday(&[
            path.clone().into(),
            "--data-dir".into(),
            data.clone().into(),
        ]));
        assert_eq!(out.status.code(), Some(2), "{path:?}");
        let team = match found {
            Some("a folder") => format!(
                ", nor an audit folder (one holds plan.toml and a records folder; `auditday \
                 team init PLAN.toml {}` makes one)",
                path.display()
            ),
            _ => String::new(),
        };
        assert_eq!(
            text(&out.stderr),
            format!(
                "auditday: cannot read plan {}: {}{team}\n",
                path.display(),
                refusal(found, "plan file", "4 MB")
            )
        );
        assert_eq!(text(&out.stdout), "");
    }
}

#[test]
fn a_catalogue_that_is_not_a_file_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    for (path, found) in not_files(dir.path()) {
        let out = answered(auditday(&[
            "--catalogue".into(),
            path.clone().into(),
            "catalogue".into(),
        ]));
        assert_eq!(out.status.code(), Some(2), "{path:?}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "auditday: cannot read catalogue {}: {}\n",
                path.display(),
                refusal(found, "catalogue file", "16 MB")
            )
        );
    }
}

#[test]
fn a_key_file_that_is_not_a_file_is_refused_before_the_terminal_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let data = dir.path().join("data");
    for (path, found) in not_files(dir.path()) {
        let mut command = auditday(&[
            plan.clone().into(),
            "--data-dir".into(),
            data.clone().into(),
        ]);
        command.env("AUDITDAY_KEYS", &path);
        let out = answered(command);
        assert_eq!(out.status.code(), Some(2), "{path:?}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "auditday: cannot read the key file {}: {}\n",
                path.display(),
                refusal(found, "key file", "1 MB")
            )
        );
    }
}

/// A plan its reader may not read says so once, in words (not "permission denied: Permission
/// denied (os error 13)"). Root reads any file, so as root the command runs as `nobody`.
#[test]
fn an_unreadable_plan_says_why_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args: Vec<OsString> = vec!["check".into(), plan.clone().into()];
    let command = if std::fs::metadata(&plan).unwrap().uid() == 0 {
        let mut as_nobody = Command::new("setpriv");
        as_nobody
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_auditday"))
            .args(&args);
        as_nobody
    } else {
        auditday(&args)
    };
    let out = answered(command);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}: error: cannot read the plan: permission denied\n1 error, 0 warnings\n",
            plan.display()
        )
    );
}

#[test]
fn a_missing_plan_is_said_in_words() {
    let out = answered(auditday(&["/no/such/plan.toml".into()]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "auditday: cannot read plan /no/such/plan.toml: it does not exist\n"
    );
}
