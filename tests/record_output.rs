//! What `auditday record` prints from a record holding hostile lines, each with a correct
//! checksum: an OSC 52 clipboard write, a screen wipe, a right-to-left override, a C1 control
//! and DEL in `by`, `type` and `data`, written escaped as auditday writes them or as raw bytes
//! by hand. No output lets one reach the terminal raw, the JSON still reads back as the same
//! strings, and a payload that is not JSON is told as damage, not as a newer version's event.

use std::path::Path;
use std::process::{Command, Output};

use auditday::audit::{Event, Finding, Grade, Note};
use auditday::record::{auditor_stem, decode_line};
use serde_json::Value;
use ulid::Ulid;

const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);
const AUDIT: &str = "brightloop-stage2-2026";

const OSC52: &str = "\u{1b}]52;c;ZXZpbA==\u{7}";
const STATEMENT: &str =
    "Backups \u{1b}]52;c;ZXZpbA==\u{7} wiped \u{1b}[2J \u{202e}exe.txt \u{9b}31m \u{7f} end";
const BY: &str = "Priya \u{1b}[2J\u{202e}\u{85}\u{7f} Shah";
const KIND: &str = "photo\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}\u{9b}\u{7f}_attached";

/// Event `n`'s id.
fn id(n: u64) -> String {
    Ulid::from_parts(1_795_510_800_000 + n * 60_000, u128::from(n)).to_string()
}

/// A record line with `by`, `type` and `data` as the JSON text given (not checked: a hand
/// edit may write what auditday never would), its checksum computed as docs/record-format.md
/// says.
fn line(n: u64, by: &str, kind: &str, data: &str) -> Vec<u8> {
    let mut content = format!(
        r#"{{"v":1,"id":"{}","at":"2026-11-24T09:{n:02}:00.000Z","by":{by},"type":{kind},"data":{data}}}"#,
        id(n)
    )
    .into_bytes();
    let crc = crc32fast::hash(&content);
    content.pop();
    content.extend_from_slice(format!(",\"crc32\":\"{crc:08x}\"}}\n").as_bytes());
    content
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// The lines of the hostile record, in order.
struct Lines {
    /// A finding whose statement and author hold every control, written as auditday writes.
    finding: Vec<u8>,
    /// An event of a type this version does not know, its type and payload hostile.
    unknown: Vec<u8>,
    /// A note whose author holds an OSC 52 write as raw bytes.
    raw_by: Vec<u8>,
    /// A note whose payload is not JSON (raw escape bytes, cut short).
    not_json: Vec<u8>,
    /// An ordinary note.
    plain: Vec<u8>,
}

fn lines() -> Lines {
    let finding = Event::FindingRaised(Finding {
        grade: Grade::Minor,
        sample: Some("A.8.13".into()),
        references: vec!["A.8.13".into()],
        requirement: "Backups are tested".into(),
        statement: STATEMENT.into(),
        objective_evidence: String::new(),
        evidence: vec![],
        interviews: vec![],
    });
    let note = |text: &str| {
        Event::NoteWritten(Note {
            sample: Some("A.8.13".into()),
            meeting: None,
            text: text.into(),
        })
        .data()
        .get()
        .to_string()
    };
    Lines {
        finding: line(1, &json(BY), &json("finding_raised"), finding.data().get()),
        unknown: line(
            2,
            &json("Priya Shah"),
            &json(KIND),
            &serde_json::json!({ "caption": STATEMENT }).to_string(),
        ),
        raw_by: line(
            3,
            &format!("\"Priya {OSC52} Shah\""),
            &json("note_written"),
            &note("Restore log seen"),
        ),
        not_json: line(
            4,
            &json("Priya Shah"),
            &json("note_written"),
            &format!(r#"{{"sample":"A.8.13","text":"cut {OSC52} short"#),
        ),
        plain: line(
            5,
            &json("Priya Shah"),
            &json("note_written"),
            &note("Log review ✓"),
        ),
    }
}

/// A data folder holding the hostile record, each line in its author's file (a line in
/// another auditor's file is not applied); returns its lines.
fn prepare(data: &Path) -> Lines {
    let folder = data.join("audits").join(AUDIT);
    std::fs::create_dir_all(&folder).unwrap();
    let lines = lines();
    let raw_by = format!("Priya {OSC52} Shah");
    let files: [(&str, Vec<&Vec<u8>>); 3] = [
        (BY, vec![&lines.finding]),
        (
            "Priya Shah",
            vec![&lines.unknown, &lines.not_json, &lines.plain],
        ),
        (&raw_by, vec![&lines.raw_by]),
    ];
    for (by, written) in files {
        let file = folder.join(format!("{}.jsonl", auditor_stem(by)));
        let bytes: Vec<u8> = written.into_iter().flatten().copied().collect();
        std::fs::write(file, bytes).unwrap();
    }
    lines
}

fn record(data: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["record", PLAN, "--data-dir"])
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert_no_raw_control(&format!("record {args:?} {stream}"), bytes);
    }
    out
}

/// No ESC, BEL or other C0 control but the newline, no DEL, no C1 control, no bidirectional
/// control in `bytes`, which are UTF-8.
fn assert_no_raw_control(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect();
    assert!(raw.is_empty(), "{what}: {raw:?} raw in\n{text}");
    assert!(!bytes.contains(&0x1b) && !bytes.contains(&0x07), "{what}");
}

/// The words the damaged payload is reported in, up to the parser's message.
fn damaged_words() -> String {
    format!(
        "event {} (note_written, recorded by Priya Shah) is damaged: its data is not JSON (",
        id(4)
    )
}

#[test]
fn record_json_escapes_every_control_and_reads_back_the_same_strings() {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path());
    let out = record(data.path(), &["--json"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r"\u001b]52;c;ZXZpbA==\u0007") && text.contains(r"\u202e"));
    let summary: Value = serde_json::from_str(&text).unwrap();
    let finding = &summary["findings"][0];
    assert_eq!(finding["statement"], STATEMENT);
    assert_eq!(finding["raised_by"], BY);
    assert_eq!(summary["not_understood"], 1, "the unknown type only");
    let damaged = &summary["damaged_events"];
    assert_eq!(damaged.as_array().map(Vec::len), Some(1), "{damaged}");
    assert_eq!(damaged[0]["id"], id(4));
    assert_eq!(damaged[0]["type"], "note_written");
}

#[test]
fn record_events_json_prints_record_lines_that_are_safe_and_read_back_the_same() {
    let data = tempfile::tempdir().unwrap();
    let lines = prepare(data.path());
    let out = record(data.path(), &["--events", "--json"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let printed: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        printed.len(),
        4,
        "every event but the damaged one:\n{stdout}"
    );
    for line in &printed {
        assert!(
            decode_line(line.as_bytes()).is_ok(),
            "not a record line: {line}"
        );
    }
    let event = |n: usize| serde_json::from_str::<Value>(printed[n]).unwrap();
    assert_eq!(event(0)["by"], BY);
    assert_eq!(event(0)["data"]["statement"], STATEMENT);
    assert_eq!(event(1)["type"], KIND);
    assert_eq!(event(1)["data"]["caption"], STATEMENT);
    assert_eq!(event(2)["by"], format!("Priya {OSC52} Shah"));
    assert_eq!(
        format!("{}\n", printed[3]).as_bytes(),
        &lines.plain[..],
        "an ordinary line is printed as written"
    );
    assert!(!stdout.contains(&id(4)), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("auditday: {}", damaged_words())),
        "{stderr}"
    );
}

#[test]
fn record_text_and_its_event_log_show_every_control_as_a_visible_escape() {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path());
    let out = record(data.path(), &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.contains("NC-01?")
            && l.contains(r"Backups \u{1b}]52;c;ZXZpbA==\u{7} wiped \u{1b}[2J \u{202e}exe.txt \u{9b}31m \u{7f} end")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("Damaged: ") && l.contains(&damaged_words())),
        "the payload that is not JSON is damage:\n{text}"
    );
    assert!(
        text.lines()
            .any(|l| l == "Events this version cannot read (kept unchanged): 1"),
        "only the unknown type is a newer version's:\n{text}"
    );

    let out = record(data.path(), &["--events"]);
    let log = String::from_utf8(out.stdout).unwrap();
    assert_eq!(log.lines().count(), 4, "{log}");
    assert!(
        log.contains(r"Priya \u{1b}]52;c;ZXZpbA==\u{7} Shah"),
        "{log}"
    );
    assert!(log.contains(r"\u{202e}"), "{log}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&damaged_words()), "{stderr}");
}

#[test]
fn the_interface_tells_a_payload_that_is_not_json_as_damage() {
    use auditday::catalogue::Catalogue;
    use auditday::tui::app::Overlay;

    let data = tempfile::tempdir().unwrap();
    prepare(data.path());
    let plan = auditday::plan::load(Path::new(PLAN), None).unwrap();
    let (app, _session, _) = auditday::tui::runner::open(
        plan,
        Catalogue::iso27001_2022().clone(),
        "Priya Shah",
        data.path(),
        std::sync::Arc::new(|_| {}),
    )
    .unwrap();
    let Some(Overlay::Notice(notice)) = &app.overlay else {
        panic!("no notice of the damage");
    };
    assert_eq!(notice.len(), 2, "{notice:?}");
    assert!(notice[0].starts_with(&damaged_words()), "{notice:?}");
    assert!(
        notice[0].ends_with("it is kept in the record untouched."),
        "{notice:?}"
    );
    assert_eq!(
        notice[1],
        "1 recorded event(s) were written by a newer auditday; they are kept in the record untouched."
    );
}
