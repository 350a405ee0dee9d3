//! Reading what the real binary made, shared by the report and plan-document tests: its
//! standard output after checking it succeeded, and an XLSX file through Python's own zip and
//! XML readers (`tests/report_fixture/read_xlsx.py`), never through the writer's libraries.

use std::path::Path;
use std::process::{Command, Output};

/// What a run printed, after checking it succeeded (its error output shown when not).
pub fn stdout(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The first sheet of the XLSX file at `path` as `read_xlsx.py` reads it: cells with their
/// type, text or number and style, the formulas' count, the frozen pane, the filter, the
/// column widths.
pub fn read_xlsx(path: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/report_fixture/read_xlsx.py"
        ))
        .arg(path)
        .output()
        .expect("python3 runs");
    serde_json::from_str(&stdout(out)).unwrap()
}

/// The text of the PDF file at `path` as poppler's `pdftotext` extracts it, every run of white
/// space one space (a line the PDF wrapped reads as one), and its page size as `pdfinfo` gives
/// it (`595.28 x 841.89 pts (A4)`): an independent reader, never the writer's libraries.
pub fn read_pdf(path: &Path) -> (String, String) {
    let run = |program: &str, args: &[&std::ffi::OsStr]| {
        let out = Command::new(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{program} (Debian's poppler-utils) runs: {e}"));
        stdout(out)
    };
    let text = run(
        "pdftotext",
        &[
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            path.as_os_str(),
            "-".as_ref(),
        ],
    );
    let info = run("pdfinfo", &[path.as_os_str()]);
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_default()
        .trim()
        .to_owned();
    (text.split_whitespace().collect::<Vec<_>>().join(" "), size)
}
