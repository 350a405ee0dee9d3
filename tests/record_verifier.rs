//! The Python verifier that docs/record-format.md documents, run against real records: it
//! recomputes the seal auditday shows and finds a deleted line. In a test binary of its own,
//! because it starts a program (see tests/record_defends.rs).
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use auditday::audit::{Event, Note};
use auditday::record::{self, Store};

const AUDIT: &str = "acme-s2";
const PRIYA: &str = "Priya Shah";

/// Priya's record with `n` notes; returns its file.
fn record_with(dir: &Path, n: usize) -> PathBuf {
    let (mut store, _) = Store::open(dir, AUDIT, PRIYA, |_| {}).unwrap();
    for i in 0..n {
        let e = Event::NoteWritten(Note {
            sample: None,
            meeting: None,
            text: format!("note {i}"),
        })
        .stamp(&mut store);
        store.append(&e).unwrap();
    }
    store.path().to_owned()
}

/// The Python verifier of docs/record-format.md, run on `files`: its exit code and output.
fn python_verifier(files: &[&Path]) -> Option<(i32, String)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/verify-record.py");
    match Command::new("python3").arg(script).args(files).output() {
        Ok(out) => Some((
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var_os("CI").is_none(),
                "python3 is not installed, and CI must run the documented verifier"
            );
            println!("skipped: python3 is not installed");
            None
        }
        Err(e) => panic!("cannot run python3: {e}"),
    }
}

#[test]
fn the_documented_verifier_recomputes_the_seal_and_finds_a_deleted_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let own = record_with(&data, 3);
    let report = record::read_audit(&data, AUDIT, |_| {}).unwrap();
    let seal = report.files[0].seal().unwrap();
    let Some((code, out)) = python_verifier(&[&own]) else {
        return;
    };
    let name = own.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        format!("{name}: seal {seal} (line 3)\n{name}: intact\n")
    );

    let mut lines: Vec<&str> = Vec::new();
    let text = fs::read_to_string(&own).unwrap();
    lines.extend(text.lines());
    lines.remove(1);
    fs::write(&own, lines.join("\n") + "\n").unwrap();
    let (code, out) = python_verifier(&[&own]).unwrap();
    assert_eq!(code, 1);
    assert!(
        out.starts_with(&format!(
            "{name} line 2: does not follow the line before it (a line was deleted, moved or \
             changed there)\n"
        )),
        "{out}"
    );
}
