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
