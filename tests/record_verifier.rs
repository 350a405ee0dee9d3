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

#[test]
fn a_record_holding_undone_changes_is_intact_and_auditday_record_shows_them() {
    use auditday::audit::*;
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-audits/stage2-software-sme.toml"
    );
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (mut store, _) = Store::open(&data, "brightloop-stage2-2026", PRIYA, |_| {}).unwrap();
    let mut append = |event: Event| {
        let e = event.stamp(&mut store);
        store.append(&e).unwrap();
        e.id
    };
    let finding = append(Event::FindingRaised(Finding {
        grade: Grade::Minor,
        sample: Some("A.5.15".into()),
        references: vec!["A.5.15".into()],
        requirement: String::new(),
        statement: "One leaver kept access".into(),
        objective_evidence: String::new(),
        evidence: vec![],
        interviews: vec![],
    }));
    let evidence = append(Event::EvidenceAdded(EvidenceItem {
        sample: Some("A.5.15".into()),
        seen: "Leavers list".into(),
        ..EvidenceItem::default()
    }));
    let note = append(Event::NoteWritten(Note {
        sample: Some("A.5.15".into()),
        meeting: None,
        text: "HR trigger".into(),
    }));
    append(Event::FindingWithdrawn(FindingWithdrawn {
        finding,
        reason: "raised twice".into(),
    }));
    append(Event::FindingReinstated(FindingReinstated { finding }));
    append(Event::EvidenceRemoved(EvidenceRemoved { evidence }));
    append(Event::EvidenceRestored(EvidenceRestored { evidence }));
    append(Event::NoteRemoved(NoteRemoved { note }));
    append(Event::NoteRestored(NoteRestored { note }));
    append(Event::FindingAccepted(FindingAccepted { finding }));
    append(Event::FindingAcceptanceWithdrawn(
        FindingAcceptanceWithdrawn { finding },
    ));
    let own = store.path().to_owned();
    drop(store);

    let auditday = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
            .args(["record", plan, "--data-dir"])
            .arg(&data)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let log = auditday(&["--events"]);
    for kind in [
        "finding_reinstated",
        "evidence_restored",
        "note_restored",
        "finding_acceptance_withdrawn",
    ] {
        assert_eq!(
            log.matches(&format!("  {kind}  ")).count(),
            1,
            "{kind}:\n{log}"
        );
    }
    let state: serde_json::Value = serde_json::from_str(&auditday(&["--json"])).unwrap();
    assert_eq!(state["findings"][0]["withdrawn"], serde_json::Value::Null);
    assert_eq!(state["counts"]["withdrawn"], 0);
    let a515 = (state["samples"]["list"].as_array().unwrap().iter())
        .find(|s| s["reference"] == "A.5.15")
        .unwrap();
    assert_eq!((&a515["evidence"], &a515["notes"]), (&1.into(), &1.into()));

    let Some((code, out)) = python_verifier(&[&own]) else {
        return;
    };
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with(": intact\n"), "{out}");
}
