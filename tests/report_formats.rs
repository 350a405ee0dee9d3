//! `auditday report` on a real record, each format read back by an independent reader: the
//! CSV by the csv crate, the XLSX by Python's zip and XML readers, the JSON by serde_json,
//! the HTML checked for scripts and external references; every finding's number and statement in each, incomplete nonconformities
//! flagged in each, the format taken from `-o`'s extension, and the report made while
//! another process holds the record open.

mod report_fixture;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use report_fixture::{Texts, prepare, read_pdf, report, stdout, xlsx_register};

/// The standing findings of the fixture: number and the statement's first line.
const FINDINGS: [(&str, &str); 4] = [
    ("NC-01", "Privileged access not reviewed in Q2 and Q3."),
    ("NC-02", "Risk owners did not review 7 of 12 risks."),
    ("OBS-01", "MFA exceptions have no expiry."),
    ("STR-01", "Objectives reviewed monthly by the board."),
];

fn plain() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path(), &Texts::plain());
    data
}

#[test]
fn markdown_is_the_default_and_holds_every_finding_and_flags_the_incomplete_one() {
    let data = plain();
    let md = stdout(report(data.path(), &[]).output().unwrap());
    for (number, statement) in FINDINGS {
        assert!(md.contains(&format!("### {number}")), "{number} in\n{md}");
        assert!(md.contains(statement), "{statement}");
    }
    assert!(md.contains("## Incomplete nonconformities\n\n- **NC-02**: missing requirement"));
    assert!(md.contains("**Incomplete:** missing requirement"));
    assert!(
        md.contains("**Corrective action due 24 Dec 2026** (30 days)"),
        "{md}"
    );
    assert!(md.contains("The audit was based on a sample"));
    assert!(
        md.contains("SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    );
    assert!(md.contains("| A.5.30 | ICT readiness for business continuity | not started (unplanned) | trail: The incident"), "{md}");
    assert!(
        !md.contains("Log retention could be automated.\n\n**"),
        "withdrawn stays out of the findings"
    );
}

#[test]
fn html_is_one_file_without_script_or_external_reference() {
    let data = plain();
    let html = stdout(report(data.path(), &["--format", "html"]).output().unwrap());
    assert!(html.starts_with("<!DOCTYPE html>"));
    for forbidden in [
        "<script", "http", "//", "url(", "@import", "<link", "<img", "src=",
    ] {
        assert!(!html.to_lowercase().contains(forbidden), "{forbidden}");
    }
    assert!(html.contains("@media print"));
    for (number, statement) in FINDINGS {
        assert!(html.contains(&format!("<h3>{number}")), "{number}");
        assert!(html.contains(statement), "{statement}");
    }
    assert!(html.contains("<p class=\"incomplete\">Incomplete: missing requirement</p>"));
    assert!(html.contains("<li><strong>NC-02</strong>: missing requirement</li>"));
}

#[test]
fn the_pdf_holds_every_finding_flags_the_incomplete_one_and_is_set_on_the_paper_asked_for() {
    let data = plain();
    let out = tempfile::tempdir().unwrap();
    let a4 = out.path().join("report.pdf");
    stdout(
        report(data.path(), &["-o", a4.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let (text, size) = read_pdf(&a4);
    assert_eq!(size, "595.276 x 841.89 pts (A4)");
    for (number, statement) in FINDINGS {
        assert!(text.contains(number), "{number} in\n{text}");
        assert!(text.contains(statement), "{statement}");
    }
    for shown in [
        "NC-02: missing requirement",
        "Incomplete: missing requirement",
        "Corrective action due 24 Dec 2026 (30 days)",
        "The audit was based on a sample",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "The reviews were delegated to the platform team.",
        "The major was corrected on site and verified.",
    ] {
        assert!(text.contains(shown), "{shown} in\n{text}");
    }
    assert!(
        text.contains("Privileged access not reviewed in Q2 and Q3. Second line."),
        "the statement's lines kept in order"
    );

    let letter = out.path().join("letter.pdf");
    stdout(
        report(
            data.path(),
            &["--paper", "letter", "-o", letter.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    let (same, size) = read_pdf(&letter);
    assert_eq!(size, "612 x 792 pts (letter)");
    for (number, statement) in FINDINGS {
        assert!(
            same.contains(number) && same.contains(statement),
            "{number}"
        );
    }
    assert_eq!(
        std::fs::read(&a4).unwrap(),
        {
            stdout(
                report(data.path(), &["-o", a4.to_str().unwrap()])
                    .output()
                    .unwrap(),
            );
            std::fs::read(&a4).unwrap()
        },
        "the same record gives the same PDF"
    );
}

#[test]
fn the_pdf_is_not_written_to_standard_output() {
    let data = plain();
    let refused = report(data.path(), &["--format", "pdf"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "auditday: the pdf report is a binary file, not for standard output: give -o FILE.pdf\n"
    );
}

#[test]
fn the_csv_register_reads_back_one_row_a_standing_finding() {
    let data = plain();
    let out = report(data.path(), &["--format", "csv"]).output().unwrap();
    let text = stdout(out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "Number",
            "Grade",
            "References",
            "Statement",
            "Requirement",
            "Objective evidence",
            "Sample",
            "Corrective action due",
            "Auditee's response",
            "Raised by",
            "Raised at",
            "Incomplete"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), FINDINGS.len());
    for (row, (number, statement)) in rows.iter().zip(FINDINGS) {
        assert_eq!(&row[0], number);
        assert!(row[3].starts_with(statement), "{statement}");
    }
    assert_eq!(&rows[0][1], "Major nonconformity");
    assert_eq!(
        &rows[0][3],
        "Privileged access not reviewed in Q2 and Q3.\nSecond line."
    );
    assert_eq!(&rows[0][7], "2026-12-24");
    assert_eq!(&rows[0][8], "accepted");
    assert_eq!(&rows[1][7], "2027-02-22");
    assert_eq!(
        &rows[1][8],
        "diverging opinion (Dana Okafor): The reviews were delegated to the platform team."
    );
    assert_eq!(&rows[1][11], "requirement");
    assert_eq!(&rows[0][11], "");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
}

/// Excel's serial number of a day and time: days since 30 December 1899, the time as the
/// day's fraction.
fn excel_serial(at: chrono::NaiveDateTime) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (at - epoch).num_seconds() as f64 / 86_400.0
}

#[test]
fn the_xlsx_register_has_the_csv_s_rows_with_real_dates_a_filter_and_a_frozen_heading() {
    let data = plain();
    let sheet = xlsx_register(data.path());
    let csv_text = stdout(report(data.path(), &["--format", "csv"]).output().unwrap());
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headings = reader.headers().unwrap().clone();
    let csv_rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(sheet["sheet"], "Findings register");
    assert_eq!(sheet["formulas"], 0);
    assert_eq!(sheet["frozen"], "A2", "the heading row stays in view");
    assert_eq!(
        sheet["filter"], "A1:L5",
        "a filter over the heading and every finding"
    );
    let rows = sheet["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1 + FINDINGS.len());
    for (cell, heading) in rows[0].as_array().unwrap().iter().zip(headings.iter()) {
        assert_eq!(cell["text"], heading);
        assert_eq!(cell["bold"], true, "{heading}");
    }
    for (row, (number, statement)) in rows[1..].iter().zip(FINDINGS) {
        assert_eq!(row[0]["text"], number);
        assert!(
            row[3]["text"].as_str().unwrap().starts_with(statement),
            "{statement}"
        );
        assert_eq!(row[3]["wrap"], true, "a statement wraps");
        assert_eq!(row[5]["wrap"], true, "objective evidence wraps");
        assert_eq!(row[0]["wrap"], false);
    }
    // Every text cell holds what the CSV holds: one column definition for both.
    for (row, csv_row) in rows[1..].iter().zip(&csv_rows) {
        for (col, csv_cell) in csv_row.iter().enumerate() {
            let cell = &row[col];
            if col == 7 || col == 10 {
                continue;
            }
            if csv_cell.is_empty() {
                assert!(cell.is_null(), "column {col}: {cell}");
            } else {
                assert_eq!(cell["type"], "s", "column {col} is a string");
                assert_eq!(cell["text"], csv_cell, "column {col}");
            }
        }
    }
    let due = &rows[1][7];
    assert_eq!(due["type"], "", "a due date is a number, not text");
    assert_eq!(
        due["number"],
        excel_serial(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 24)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        )
    );
    assert_eq!(due["num_format"], "yyyy-mm-dd");
    assert_eq!(rows[2][7]["num_format"], "yyyy-mm-dd");
    assert!(rows[3][7].is_null(), "an observation has no due date");
    for (row, csv_row) in rows[1..].iter().zip(&csv_rows) {
        let raised = chrono::DateTime::parse_from_rfc3339(&csv_row[10]).unwrap();
        assert_eq!(row[10]["number"], excel_serial(raised.naive_local()));
        assert_eq!(row[10]["num_format"], "yyyy-mm-dd hh:mm");
    }
    let widths: Vec<f64> = (sheet["widths"].as_array().unwrap().iter())
        .map(|w| w.as_f64().unwrap())
        .collect();
    assert_eq!(widths.len(), 12, "every column has its width");
    assert!(
        widths[3] > 3.0 * widths[0],
        "the statement gets room: {widths:?}"
    );
}

#[test]
fn the_xlsx_register_is_not_written_to_standard_output() {
    let data = plain();
    let refused = report(data.path(), &["--format", "xlsx"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "auditday: the xlsx register is a binary file, not for standard output: give -o FILE.xlsx\n"
    );
}

#[test]
fn a_report_in_french_is_only_another_language_file() {
    let data = plain();
    let md = stdout(report(data.path(), &["--lang", "fr"]).output().unwrap());
    for shown in [
        "# Rapport d'audit",
        "## Constats par catégorie",
        "## Non-conformités incomplètes",
        "manque l'exigence",
        "Action corrective attendue le 24 déc. 2026",
        "L'audit s'est fondé sur un échantillon",
        "24–25 nov. 2026",
    ] {
        assert!(md.contains(shown), "{shown} in\n{md}");
    }
    assert!(!md.contains("Findings by grade") && !md.contains("Dec 2026"));
    let html = stdout(
        report(data.path(), &["--lang", "fr", "--format", "html"])
            .output()
            .unwrap(),
    );
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Non-conformité majeure"));
    let csv = stdout(
        report(data.path(), &["--lang", "FR", "--format", "csv"])
            .output()
            .unwrap(),
    );
    assert!(
        csv.starts_with("Numéro,Catégorie,Références,Constat"),
        "{csv}"
    );
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("rapport.pdf");
    stdout(
        report(data.path(), &["--lang", "fr", "-o", pdf.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let (text, _) = read_pdf(&pdf);
    for shown in [
        "Rapport d'audit",
        "Incomplète",
        "manque l'exigence",
        "Action corrective attendue le 24 déc. 2026 (30 jours)",
    ] {
        assert!(text.contains(shown), "{shown} in\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(
        report(data.path(), &["--lang", "fr", "--format", "json"])
            .output()
            .unwrap(),
    ))
    .unwrap();
    assert_eq!(json["language"], "fr");

    let refused = report(data.path(), &["--lang", "de"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "auditday: no report words in the language \"de\": the languages are en, fr\n"
    );
}

#[test]
fn the_json_is_the_context_and_every_key_is_documented() {
    let data = plain();
    let json: serde_json::Value = serde_json::from_str(&stdout(
        report(data.path(), &["--format", "json"]).output().unwrap(),
    ))
    .unwrap();
    let dumped: serde_json::Value = serde_json::from_str(&stdout(
        report(data.path(), &["--dump-context"]).output().unwrap(),
    ))
    .unwrap();
    assert_eq!(json, dumped);
    assert_eq!(json["schema_version"], 1);
    let numbers: Vec<&str> = (json["findings"].as_array().unwrap().iter())
        .map(|f| f["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, FINDINGS.map(|(n, _)| n));
    assert_eq!(json["incomplete"][0]["number"], "NC-02");
    assert_eq!(json["incomplete"][0]["missing"][0], "requirement");
    assert_eq!(json["findings"][1]["incomplete"][0], "requirement");
    assert_eq!(json["withdrawn"][0]["number"], "OFI-01");
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/report-context.md"
    ))
    .unwrap();
    let mut keys = Vec::new();
    collect_keys(&json, "", &mut keys);
    for key in keys {
        // A withdrawn finding and a compared evidence item have the keys the doc gives for a
        // finding and a finding's evidence item.
        let alias = match key.strip_prefix("withdrawn.") {
            Some(rest) if !rest.starts_with("withdrawn") => format!("findings.{rest}"),
            _ => key.replace("interviews.corroborations.evidence.", "findings.evidence."),
        };
        assert!(
            doc.contains(&format!("`{key}`")) || doc.contains(&format!("`{alias}`")),
            "docs/report-context.md lacks `{key}`"
        );
    }
}

/// Every key of `value` as a dotted path (`findings.evidence.file.sha256`), arrays looked
/// into.
fn collect_keys(value: &serde_json::Value, prefix: &str, keys: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_keys(inner, &path, keys);
                keys.push(path);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_keys(item, prefix, keys);
            }
        }
        _ => {}
    }
}

#[test]
fn the_output_file_s_extension_chooses_the_format_and_an_unknown_one_is_refused() {
    let data = plain();
    let out = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("r.md", "# Audit report"),
        ("r.html", "<!DOCTYPE html>"),
        ("r.csv", "Number,Grade"),
        ("r.json", "{\"schema_version\":1"),
        ("r.xlsx", "PK\u{3}\u{4}"),
        ("r.pdf", "%PDF-"),
    ] {
        let path = out.path().join(name);
        let done = report(data.path(), &["-o", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(stdout(done), "", "{name}: nothing on standard output");
        let written = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(written.starts_with(starts), "{name}: {written:.60}");
    }
    let forced = out.path().join("register.txt");
    stdout(
        report(
            data.path(),
            &["--format", "csv", "-o", forced.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    assert!(
        std::fs::read_to_string(&forced)
            .unwrap()
            .starts_with("Number,Grade")
    );
    let refused = report(
        data.path(),
        &["-o", out.path().join("r.odt").to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot tell the format of"));
}

#[test]
fn a_report_is_made_while_the_interface_holds_the_record() {
    let data = plain();
    let mut holder = std::process::Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args([
            "record-append",
            "--audit",
            report_fixture::AUDIT,
            "--auditor",
            "Priya Shah",
        ])
        .args(["--count", "1", "--hold", "--data-dir"])
        .arg(data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(holder.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "open");
    lines.next().unwrap().unwrap();
    let file = (data.path().join("audits").join(report_fixture::AUDIT)).join(format!(
        "{}.jsonl",
        auditday::record::auditor_stem("Priya Shah")
    ));
    let before = std::fs::read(&file).unwrap();
    let md = stdout(report(data.path(), &[]).output().unwrap());
    assert!(md.contains("### NC-01"));
    let after = std::fs::read(&file).unwrap();
    assert_eq!(before, after, "the report wrote nothing to the record");
    drop(holder.stdin.take());
    assert!(holder.wait().unwrap().success());
}

#[test]
fn the_auditor_s_own_templates_replace_the_built_in_ones_of_their_name_and_still_escape() {
    let data = tempfile::tempdir().unwrap();
    prepare(
        data.path(),
        &Texts {
            major: "<b>bold</b> & co".into(),
            ..Texts::plain()
        },
    );
    let own = tempfile::tempdir().unwrap();
    std::fs::write(
        own.path().join("report.html.j2"),
        "<h1>{{ r.audit.client }}</h1>{% for f in r.findings %}<p>{{ f.number }}: {{ f.statement }}</p>{% endfor %}",
    )
    .unwrap();
    std::fs::write(
        own.path().join("report.typ"),
        "#import \"/common.typ\": *\n#show: page-setup.with(r.audit.title, r.language)\n= Our own layout\n#for f in r.findings [#f.number: #f.statement\n\n]\n",
    )
    .unwrap();
    let templates = own.path().to_str().unwrap();
    let html = stdout(
        report(
            data.path(),
            &["--format", "html", "--template-folder", templates],
        )
        .output()
        .unwrap(),
    );
    assert!(
        html.starts_with(
            "<h1>Brightloop Software Ltd</h1><p>NC-01: &lt;b&gt;bold&lt;&#x2f;b&gt; &amp; co</p>"
        ),
        "{html}"
    );
    let md = stdout(
        report(data.path(), &["--template-folder", templates])
            .output()
            .unwrap(),
    );
    assert!(
        md.starts_with("# Audit report"),
        "the built-in Markdown stays"
    );

    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("own.pdf");
    let mut with_env = report(data.path(), &["-o", pdf.to_str().unwrap()]);
    with_env.env("AUDITDAY_TEMPLATES", own.path());
    stdout(with_env.output().unwrap());
    let (text, _) = read_pdf(&pdf);
    assert!(
        text.starts_with("Our own layout NC-01: <b>bold</b> & co"),
        "{text}"
    );

    std::fs::write(
        own.path().join("report.typ"),
        "#import \"/common.typ\": *\n\n#read(\"/etc/passwd\")\n#undefined-thing\n",
    )
    .unwrap();
    let refused = report(
        data.path(),
        &["--template-folder", templates, "-o", pdf.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "auditday: the PDF could not be typeset: report.typ:3:7: failed to load file (access denied)\n",
        "a template reads nothing but its data"
    );

    let nowhere = own.path().join("nowhere");
    let refused = report(
        data.path(),
        &["--template-folder", nowhere.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "auditday: the template folder {} is not a folder\n",
            nowhere.display()
        )
    );
}
