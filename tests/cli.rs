//! The command line as a user meets it: help, version, the catalogue listing and search.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn auditday(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn catalogue_lists_every_clause_and_control_one_a_line() {
    let out = auditday(&["catalogue"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 41 + 93);
    assert_eq!(lines[0], "4       Context of the organization");
    assert_eq!(
        lines[133],
        "A.8.34  Protection of information systems during audit testing"
    );
}

#[test]
fn catalogue_search_finds_titles_by_word() {
    let out = auditday(&["catalogue", "log"]);
    assert_eq!(stdout(&out), "A.8.15  Logging\n");
    let out = auditday(&["catalogue", "a815"]);
    assert_eq!(stdout(&out), "A.8.15  Logging\n");
}

#[test]
fn catalogue_names_old_numbering_and_misses() {
    let out = auditday(&["catalogue", "A.12.4.1"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging\nhint: write the new id; the correspondence is ISO/IEC 27002:2022 Annex B\n"
    );
}

#[test]
fn a_custom_catalogue_file_is_used_for_listing_and_for_plans() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("iso9001.toml");
    std::fs::write(
        &file,
        "id = \"iso9001-2015\"\ntitle = \"ISO 9001:2015\"\n[[clause]]\nid = \"7.1.5\"\ntitle = \"Monitoring and measuring resources\"\n",
    )
    .unwrap();
    let out = auditday(&["--catalogue", file.to_str().unwrap(), "catalogue"]);
    assert_eq!(stdout(&out), "7.1.5  Monitoring and measuring resources\n");
}

#[test]
fn version_and_help() {
    let out = auditday(&["--version"]);
    assert_eq!(
        stdout(&out),
        format!("auditday {}\n", env!("CARGO_PKG_VERSION"))
    );
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["catalogue", "--help"],
    ] {
        let out = auditday(args);
        assert!(out.status.success());
        assert!(stdout(&out).contains("Usage: auditday"), "{args:?}");
    }
}

/// Runs the command with its standard output a pipe whose reading end is already closed, as
/// `| head -1` leaves it once head has its line: the very first write fails, whatever the
/// size of the output and however fast the machine.
fn into_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_command_ends_quietly_when_its_reader_closes_the_pipe() {
    let broken = fixture("broken/several-problems.toml");
    let base = fixture("base.toml");
    for args in [
        &["catalogue"][..],
        &["catalogue", "log"],
        &["check", &base],
        &["check", &broken, &base],
        &["soa", "check", &fixture("soa/complete.csv")],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["man"],
        &["--help"],
    ] {
        let out = into_closed_pipe(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}, {stderr}", out.status);
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn a_reader_that_stops_after_one_line_ends_the_listing_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg("catalogue")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "4       Context of the organization\n");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn opening_a_broken_plan_prints_what_check_prints_and_exits_1() {
    for name in [
        "several-problems.toml",
        "syntax-error.toml",
        "not-utf8.toml",
    ] {
        let plan = fixture(&format!("broken/{name}"));
        let dir = tempfile::tempdir().unwrap();
        let opened = Command::new(env!("CARGO_BIN_EXE_auditday"))
            .arg(&plan)
            .arg("--data-dir")
            .arg(dir.path())
            .output()
            .unwrap();
        let checked = auditday(&["check", &plan]);
        assert_eq!(opened.status.code(), Some(1), "{name}");
        assert_eq!(checked.status.code(), Some(1), "{name}");
        assert_eq!(String::from_utf8_lossy(&opened.stderr), stdout(&checked));
        assert_eq!(stdout(&opened), "", "{name}: the terminal is not touched");
    }
}

#[test]
fn other_errors_stay_on_one_line() {
    let out = auditday(&["--catalogue", "/no/such/catalogue.toml", "catalogue"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("auditday: cannot read catalogue /no/such/catalogue.toml: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn completion_scripts_name_the_command_and_its_subcommands() {
    let out = auditday(&["completions", "bash"]);
    assert!(out.status.success());
    let script = stdout(&out);
    assert!(script.contains("complete -F _auditday"), "{script}");
    for command in ["check", "catalogue", "record", "soa", "completions", "man"] {
        assert!(script.contains(command), "{command}");
    }
    assert!(
        !script.contains("record-append"),
        "test-only commands are not offered"
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = auditday(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        assert!(stdout(&out).contains("auditday"), "{shell}");
    }
    let out = auditday(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: bash"));
}

#[test]
fn the_man_page_is_roff_and_names_the_commands() {
    let out = auditday(&["man"]);
    assert!(out.status.success());
    let page = stdout(&out);
    let first_request = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(first_request.starts_with(".TH auditday 1"), "{page}");
    for command in ["check", "catalogue", "record", "soa", "completions", "man"] {
        assert!(page.contains(&format!("auditday\\-{command}")), "{command}");
    }
    assert!(!page.contains("record\\-append"));
}
