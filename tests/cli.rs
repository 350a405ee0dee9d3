//! The command line as a user meets it: help, version, the catalogue listing and search.

use std::process::{Command, Output};

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
        "A.12.4.1 is ISO/IEC 27001:2013 numbering; use ISO/IEC 27001:2022 ids\nhint: find the current id with `auditday catalogue WORDS`\n"
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
