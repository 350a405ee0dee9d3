//! The Word reports, each read back by an independent reader (Python's zipfile and minidom,
//! `tests/report_fixture/read_docx.py`): the built-in report with every finding and Word's
//! built-in styles; a certification body's template filled (tags Word split across runs,
//! paragraph and table-row loops, conditions, headers and footers), hostile text kept as
//! text; `template check` listing what does not resolve; a zip bomb, a file that is no zip
//! and a loop without end refused in words. The example template and the example context in
//! `assets/report/` are generated here (`AUDITDAY_WRITE_DOCS=1`) and checked to be current.

mod report_fixture;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use report_fixture::{Texts, prepare, read_pdf, report, stdout, xlsx_register};
use serde_json::Value;

/// The standing findings of the fixture: number and the statement's first line.
const FINDINGS: [(&str, &str); 4] = [
    ("NC-01", "Privileged access not reviewed in Q2 and Q3."),
    ("NC-02", "Risk owners did not review 7 of 12 risks."),
    ("OBS-01", "MFA exceptions have no expiry."),
    ("STR-01", "Objectives reviewed monthly by the board."),
];

/// The example template, in the assets.
const EXAMPLE_TEMPLATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/report/example-template.docx"
);
/// The example report context, in the assets.
const EXAMPLE_CONTEXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/report/example-context.json"
);

fn plain() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path(), &Texts::plain());
    data
}

/// The part `part` of the DOCX file at `path` as `read_docx.py` reads it.
fn read_docx(path: &Path, part: &str) -> Value {
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/report_fixture/read_docx.py"
        ))
        .arg(path)
        .arg(part)
        .output()
        .expect("python3 runs");
    serde_json::from_str(&stdout(out)).unwrap()
}

/// The texts of the paragraphs of a part read by [`read_docx`].
fn texts(doc: &Value) -> Vec<String> {
    doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_owned())
        .collect()
}

/// `auditday report … ARGS -o OUT` in a new folder; the file written and the run's output.
fn report_to(data: &Path, args: &[&str], name: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join(name);
    stdout(report(data, args).arg("-o").arg(&path).output().unwrap());
    (out, path)
}

/// A Word document holding `body` (the inside of `<w:body>`), and, when given, a header
/// holding `header` (paragraphs), zipped as Word does.
fn docx(body: &str, header: Option<&str>) -> Vec<u8> {
    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    let section = if header.is_some() {
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>"#
    } else {
        ""
    };
    add(
        "word/document.xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document {NS}><w:body>{body}{section}</w:body></w:document>"
        ),
    );
    if let Some(header) = header {
        add(
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#,
        );
        add(
            "word/header1.xml",
            &format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:hdr {NS}>{header}</w:hdr>"
            ),
        );
    }
    add("word/media/logo.bin", "\u{0}\u{1}not XML, kept as it is");
    zip.finish().unwrap().into_inner()
}

/// A paragraph of one run per text.
fn para(runs: &[&str]) -> String {
    let runs: String = runs
        .iter()
        .map(|t| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>"))
        .collect();
    format!("<w:p>{runs}</w:p>")
}

/// A table row of one cell per text.
fn row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|t| format!("<w:tc>{}</w:tc>", para(&[t])))
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}

/// Writes `bytes` as a template in a new folder.
fn template(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("their-report.docx");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// `auditday template check FILE [ARGS…]`.
fn check(file: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["template", "check"])
        .arg(file)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

#[test]
fn the_word_report_in_french_says_what_the_pdf_says() {
    let data = plain();
    let (_docx_dir, docx) = report_to(data.path(), &["--lang", "fr"], "rapport.docx");
    let (_pdf_dir, pdf) = report_to(data.path(), &["--lang", "fr"], "rapport.pdf");
    let words = texts(&read_docx(&docx, "word/document.xml")).join(" ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let (printed, _) = read_pdf(&pdf);
    for shown in [
        "Rapport d'audit",
        "Constats par catégorie",
        "Action corrective attendue le 24 déc. 2026 (30 jours)",
        "certification recommandée",
    ] {
        assert!(words.contains(shown), "docx: {shown} in\n{words}");
        assert!(printed.contains(shown), "pdf: {shown} in\n{printed}");
    }
    for (number, statement) in FINDINGS {
        assert!(
            words.contains(number) && words.contains(statement),
            "docx: {number}"
        );
        assert!(
            printed.contains(number) && printed.contains(statement),
            "pdf: {number}"
        );
    }
}

#[test]
fn the_built_in_docx_holds_every_finding_in_words_styles_and_flags_the_incomplete_one() {
    let data = plain();
    let (_out, path) = report_to(data.path(), &[], "Report.DOCX");
    let doc = read_docx(&path, "word/document.xml");
    let paragraphs = texts(&doc);
    let all = paragraphs.join("\n");
    let mut last = 0;
    for (number, statement) in FINDINGS {
        let heading = (doc["paragraphs"].as_array().unwrap().iter())
            .position(|p| {
                p["style"] == "Heading2" && p["text"].as_str().unwrap().starts_with(number)
            })
            .unwrap_or_else(|| panic!("{number} as a heading in\n{all}"));
        assert!(heading > last, "{number} in number order");
        last = heading;
        assert!(all.contains(statement), "{statement}");
    }
    assert!(all.contains("Privileged access not reviewed in Q2 and Q3.\nSecond line."));
    assert!(paragraphs.contains(&"Incomplete: missing requirement".to_owned()));
    assert!(paragraphs.contains(&"NC-02: missing requirement".to_owned()));
    assert!(all.contains("Corrective action due 24 Dec 2026 (30 days)"));
    assert!(all.contains("The audit was based on a sample"));
    assert!(
        all.contains("SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    );
    assert!(!all.contains("Log retention could be automated.\nReferences"));
    let register = xlsx_register(data.path());
    let numbers: Vec<&str> = (register["rows"].as_array().unwrap().iter().skip(1))
        .map(|row| row[0]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        FINDINGS.map(|(n, _)| n),
        "the register's findings, no other"
    );
    let styles: Vec<&str> = (doc["paragraphs"].as_array().unwrap().iter())
        .map(|p| p["style"].as_str().unwrap())
        .collect();
    for style in ["Title", "Heading1", "Heading2", "ListBullet"] {
        assert!(styles.contains(&style), "{style}");
    }
    assert_eq!(styles[0], "Title");
    assert!(!doc["table_styles"].as_array().unwrap().is_empty());
    assert!(
        doc["table_styles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s == "TableGrid")
    );
    let sections: Vec<&String> = (doc["paragraphs"].as_array().unwrap().iter())
        .zip(&paragraphs)
        .filter(|(p, _)| p["style"] == "Heading1")
        .map(|(_, t)| t)
        .collect();
    assert_eq!(
        sections,
        [
            "The audit",
            "Opening and closing meetings",
            "Deviations from the audit plan",
            "Sampling",
            "Findings by grade",
            "Incomplete nonconformities",
            "Findings",
            "Withdrawn findings",
            "Samples",
            "Interviews",
            "Diverging opinions on the audit",
            "Conclusion and recommendation",
            "The record",
        ],
        "the HTML report's sections, in its order"
    );
    let styles = std::process::Command::new("python3")
        .args(["-c", "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read('word/styles.xml').decode())"])
        .arg(&path)
        .output()
        .unwrap();
    let styles = stdout(styles);
    for name in ["heading 1", "Title", "List Bullet", "Table Grid"] {
        assert!(styles.contains(&format!("w:val=\"{name}\"")), "{name}");
    }
    let compression = std::process::Command::new("python3")
        .args(["-c", "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo('word/document.xml').compress_type)"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(stdout(compression), "8\n", "the document is deflated");
}

#[test]
fn a_docx_report_needs_a_file_to_go_to() {
    let data = plain();
    let out = report(data.path(), &["--format", "docx"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("give -o FILE.docx"), "{err}");
}

/// Markup, an entity, a formula, an ANSI escape, a right-to-left override and a bell.
const HOSTILE: &str =
    "</w:t></w:r><w:r><w:t>injected & <b>bold</b> =SUM(A1) \u{1b}[31mred \u{202e}txt.exe\u{7}";

fn hostile() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    prepare(
        data.path(),
        &Texts {
            major: format!("{HOSTILE}\nsecond line"),
            minor: "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
            attendee: HOSTILE.into(),
            ..Texts::plain()
        },
    );
    data
}

/// What hostile text looks like in a report: every character as text, controls visible.
const SHOWN: &str =
    "</w:t></w:r><w:r><w:t>injected & <b>bold</b> =SUM(A1) \\u{1b}[31mred \\u{202e}txt.exe\\u{7}";

fn assert_no_controls(paragraphs: &[String]) {
    for p in paragraphs {
        let bad = p.chars().find(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        assert_eq!(bad, None, "{p:?}");
    }
}

#[test]
fn hostile_text_stays_text_in_the_built_in_docx() {
    let data = hostile();
    let (_out, path) = report_to(data.path(), &["--format", "docx"], "r.docx");
    let paragraphs = texts(&read_docx(&path, "word/document.xml"));
    let all = paragraphs.join("\n");
    assert!(all.contains(&format!("{SHOWN}\nsecond line")), "{all}");
    assert!(all.contains("=HYPERLINK(\"http://evil.example\",\"click\")"));
    assert!(all.contains(&format!("{SHOWN}, CTO (Brightloop Software Ltd)")));
    assert_no_controls(&paragraphs);
}

#[test]
fn a_one_megabyte_statement_is_whole_in_both_docx_reports() {
    let data = tempfile::tempdir().unwrap();
    let big: String = "<i>x</i> & =z ".repeat(1 << 17);
    assert!(big.len() >= 1 << 20);
    prepare(
        data.path(),
        &Texts {
            major: big.clone(),
            ..Texts::plain()
        },
    );
    let (_out, path) = report_to(data.path(), &["--format", "docx"], "r.docx");
    assert!(texts(&read_docx(&path, "word/document.xml")).contains(&big));
    let (_dir, their) = template(&docx(
        &[
            para(&["{%p for f in findings %}"]),
            para(&["{{ f.statement }}"]),
            para(&["{%p endfor %}"]),
        ]
        .concat(),
        None,
    ));
    let (_out, path) = report_to(
        data.path(),
        &["--template", their.to_str().unwrap()],
        "filled.docx",
    );
    assert_eq!(texts(&read_docx(&path, "word/document.xml"))[0], big);
}

#[test]
fn a_tag_word_split_across_three_runs_renders_and_so_do_headers() {
    let data = plain();
    let split = concat!(
        "<w:p><w:r><w:t>Client: {{ au</w:t></w:r>",
        "<w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"0\" w:name=\"x\"/>",
        "<w:r><w:rPr><w:b/></w:rPr><w:t>dit.cli</w:t></w:r>",
        "<w:proofErr w:type=\"spellEnd\"/><w:bookmarkEnd w:id=\"0\"/>",
        "<w:r><w:t xml:space=\"preserve\">ent }}, audited.</w:t></w:r></w:p>"
    );
    let smart = para(&["{{ t.grade[\u{201c}major\u{201d}] }}"]);
    let (_dir, their) = template(&docx(
        &[split, &smart].concat(),
        Some(&para(&[
            "{{ audit.certification_body }}: {{ audit.dates }}",
        ])),
    ));
    let (_out, path) = report_to(
        data.path(),
        &["--template", their.to_str().unwrap()],
        "filled.docx",
    );
    let doc = read_docx(&path, "word/document.xml");
    assert_eq!(
        texts(&doc),
        [
            "Client: Brightloop Software Ltd, audited.",
            "Major nonconformity"
        ]
    );
    let header = read_docx(&path, "word/header1.xml");
    assert_eq!(
        texts(&header),
        ["Northgate Certification Services Ltd: 24–25 Nov 2026"]
    );
    let entries = doc["entries"].as_array().unwrap();
    assert!(entries.contains(&Value::from("word/media/logo.bin")));
    let copied = std::process::Command::new("python3")
        .args(["-c", "import sys,zipfile; sys.stdout.write(repr(zipfile.ZipFile(sys.argv[1]).read('word/media/logo.bin')))"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(stdout(copied), r"b'\x00\x01not XML, kept as it is'");
}

#[test]
fn paragraph_and_table_row_loops_make_one_paragraph_or_row_a_finding() {
    let data = hostile();
    let body = [
        para(&["Findings:"]),
        para(&["{%p for f in findings %}"]),
        para(&["{{ f.number }}: ", "{{ f.statement }}"]),
        para(&["{%p if f.incomplete %}"]),
        para(&["{{ t.label.incomplete }}"]),
        para(&["{%p endif %}"]),
        para(&["{%p endfor %}"]),
        format!(
            "<w:tbl>{}{}{}{}</w:tbl>",
            row(&["{{ t.register.number }}", "{{ t.register.grade }}"]),
            row(&["{%tr for f in findings %}", ""]),
            row(&["{{ f.number }}", "{{ t.grade[f.grade] }}"]),
            row(&["{%tr endfor %}", ""]),
        ),
        para(&["End."]),
    ]
    .concat();
    let (_dir, their) = template(&docx(&body, None));
    let (_out, path) = report_to(
        data.path(),
        &["--template", their.to_str().unwrap()],
        "filled.docx",
    );
    let doc = read_docx(&path, "word/document.xml");
    let paragraphs = texts(&doc);
    assert_eq!(paragraphs[0], "Findings:");
    assert_eq!(paragraphs[1], format!("NC-01: {SHOWN}\nsecond line"));
    assert_eq!(
        paragraphs[2],
        "NC-02: =HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(
        paragraphs[3], "Incomplete",
        "the condition holds for NC-02 only"
    );
    assert_eq!(paragraphs[4], "OBS-01: MFA exceptions have no expiry.");
    assert_eq!(
        paragraphs[5],
        "STR-01: Objectives reviewed monthly by the board."
    );
    assert_eq!(paragraphs.last().unwrap(), "End.");
    assert_no_controls(&paragraphs);
    let rows: Vec<Vec<String>> = serde_json::from_value(doc["rows"].clone()).unwrap();
    assert_eq!(
        rows,
        [
            ["Number", "Grade"],
            ["NC-01", "Major nonconformity"],
            ["NC-02", "Minor nonconformity"],
            ["OBS-01", "Observation"],
            ["STR-01", "Strength"],
        ]
    );
}

#[test]
fn template_check_lists_every_tag_that_does_not_resolve_or_parse_with_where_it_is() {
    let body = [
        para(&["Report for {{ audit.client }}"]),
        para(&["Dear {{ audit.clinet }}, see below."]),
        para(&["{%p for f in findings %}"]),
        para(&["{{ f.numbr }}"]),
        para(&["{%p endfor %}"]),
        para(&["{{ f.number | }}"]),
        para(&["{%p if audit.missing %}"]),
        para(&["never"]),
        para(&["{%p endif %}"]),
    ]
    .concat();
    let (_dir, their) = template(&docx(&body, Some(&para(&["{{ t.heading.nope }}"]))));
    let out = check(&their, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(
        lines[0].contains("word/document.xml, paragraph 6: {{ f.number | }}: does not parse"),
        "{text}"
    );
    assert!(
        lines[1].contains("word/document.xml, paragraph 2: {{ audit.clinet }}: does not resolve"),
        "{text}"
    );
    assert!(
        lines[1].contains("(in \"Dear {{ audit.clinet }}, see below.\")"),
        "{text}"
    );
    assert!(
        lines[2].contains("paragraph 4: {{ f.numbr }}: does not resolve"),
        "{text}"
    );
    assert!(
        lines[3].contains("paragraph 7: {%p if audit.missing %}: does not resolve"),
        "{text}"
    );
    assert!(
        lines[4].contains("word/header1.xml, paragraph 1: {{ t.heading.nope }}: does not resolve"),
        "{text}"
    );
    assert!(lines[5].ends_with("5 tags to fix."), "{text}");

    let data = plain();
    let good = template(&docx(&para(&["{{ audit.client }}"]), None));
    for args in [
        vec![],
        vec![
            report_fixture::PLAN,
            "--data-dir",
            data.path().to_str().unwrap(),
        ],
    ] {
        let out = check(&good.1, &args);
        assert_eq!(out.status.code(), Some(0));
        assert!(
            String::from_utf8(out.stdout)
                .unwrap()
                .ends_with("every tag parses and resolves.\n")
        );
    }
}

#[test]
fn a_tag_not_closed_or_a_docxtpl_marker_not_supported_is_named_with_its_paragraph() {
    let (_dir, their) = template(&docx(
        &[
            para(&["ok"]),
            para(&["{{ audit.client "]),
            para(&["{%tc for x in y %}"]),
        ]
        .concat(),
        None,
    ));
    let text = String::from_utf8(check(&their, &[]).stdout).unwrap();
    assert!(
        text.contains("paragraph 2: {{ audit.client : the tag is not closed in its paragraph"),
        "{text}"
    );
    assert!(
        text.contains("paragraph 3: {%tc for x in y %}: the {%tc %} marker is not supported"),
        "{text}"
    );
    let data = plain();
    let target = their.with_extension("out.docx");
    let out = report(
        data.path(),
        &[
            "--template",
            their.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("paragraph 2"), "{err}");
}

/// `auditday report --template FILE -o OUT`'s error output, after checking it failed within
/// `limit`.
fn refused(their: &Path, limit: Duration) -> String {
    let data = plain();
    let start = Instant::now();
    let target = their.with_extension("out.docx");
    let out = report(
        data.path(),
        &[
            "--template",
            their.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert!(start.elapsed() < limit, "{:?}", start.elapsed());
    assert!(!out.status.success());
    assert!(!their.with_extension("out.docx").exists());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_zip_bomb_is_refused_quickly_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.docx");
    let made = Command::new("python3")
        .args([
            "-c",
            "import sys,zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n  z.writestr('word/document.xml', '<w:document/>')\n  with z.open('word/media/zeros.bin', 'w') as f:\n    block = bytes(1 << 20)\n    for _ in range(200): f.write(block)",
        ])
        .arg(&bomb)
        .output()
        .unwrap();
    stdout(made);
    assert!(
        std::fs::metadata(&bomb).unwrap().len() < 1 << 20,
        "small on the disk"
    );
    let err = refused(&bomb, Duration::from_secs(10));
    assert!(
        err.contains("word/media/zeros.bin inflates to 209715200 bytes"),
        "{err}"
    );
    assert!(err.contains("refused (a zip bomb?)"), "{err}");
    let out = check(&bomb, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr).unwrap().contains("zip bomb"));

    // An entry whose headers say it is 1,000 bytes while it inflates to 40 MB.
    let liar = dir.path().join("liar.docx");
    let made = Command::new("python3")
        .args([
            "-c",
            concat!(
                "import sys,zipfile\n",
                "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n",
                "  z.writestr('word/document.xml', '<w:document/>')\n",
                "  z.writestr('word/media/zeros.bin', bytes(40 << 20))\n",
                "b = bytearray(open(sys.argv[1], 'rb').read())\n",
                "name = b'word/media/zeros.bin'\n",
                "for sig, at, size in ((b'PK\\x01\\x02', 46, 24), (b'PK\\x03\\x04', 30, 22)):\n",
                "  i = b.find(sig)\n",
                "  while i >= 0:\n",
                "    if b[i + at:i + at + len(name)] == name: b[i + size:i + size + 4] = (1000).to_bytes(4, 'little')\n",
                "    i = b.find(sig, i + 4)\n",
                "open(sys.argv[1], 'wb').write(b)\n",
            ),
        ])
        .arg(&liar)
        .output()
        .unwrap();
    stdout(made);
    let err = refused(&liar, Duration::from_secs(10));
    assert!(
        err.contains("word/media/zeros.bin cannot be read: File is larger than its declared uncompressed size"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_no_word_document_gets_a_clear_error() {
    let (_dir, text) = template(b"Dear auditor, this is plain text.");
    let err = refused(&text, Duration::from_secs(10));
    assert!(
        err.contains("is not a Word document (.docx): it cannot be read as a zip file"),
        "{err}"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hi").unwrap();
    let (_dir, other) = template(&zip.finish().unwrap().into_inner());
    assert!(refused(&other, Duration::from_secs(10)).contains("it has no word/document.xml"));
    let (_dir, broken) = template(&docx("<w:p><w:r><w:t>{{ audit.client }}</w:r></w:p>", None));
    assert!(
        refused(&broken, Duration::from_secs(10))
            .contains("word/document.xml is not well-formed XML")
    );
}

#[test]
fn a_loop_of_a_hundred_thousand_is_refused_in_words() {
    let (_dir, their) = template(&docx(
        &[
            para(&["{%p for i in range(100000) %}"]),
            para(&["{{ i }}"]),
            para(&["{%p endfor %}"]),
        ]
        .concat(),
        None,
    ));
    let err = refused(&their, Duration::from_secs(20));
    assert!(err.contains("paragraph"), "{err}");
    assert!(err.contains("runs too long"), "{err}");
}

/// Writes `bytes` to `path` when `AUDITDAY_WRITE_DOCS` is set; else checks the file holds
/// them.
fn generated(path: &str, bytes: &[u8]) {
    if std::env::var_os("AUDITDAY_WRITE_DOCS").is_some() {
        std::fs::write(path, bytes).unwrap();
    }
    assert!(
        std::fs::read(path).unwrap() == bytes,
        "{path} is not current: run `AUDITDAY_WRITE_DOCS=1 cargo test --test report_docx` and review the change"
    );
}

#[test]
fn the_example_context_is_the_fixture_s_and_current() {
    let data = plain();
    let json = stdout(report(data.path(), &["--dump-context"]).output().unwrap());
    let json: Value = serde_json::from_str(&json).unwrap();
    let pretty = serde_json::to_string_pretty(&json).unwrap() + "\n";
    generated(EXAMPLE_CONTEXT, pretty.as_bytes());
}

/// The example template: the report's usual parts, a paragraph loop over the findings with a
/// condition on what a nonconformity lacks, a table-row loop for the findings register, the
/// client and dates in the header.
fn example_template() -> Vec<u8> {
    use docx_rs::*;
    let p = |style: &str, text: &str| {
        Paragraph::new()
            .style(style)
            .add_run(Run::new().add_text(text))
    };
    let bold = |text: &str| Paragraph::new().add_run(Run::new().add_text(text).bold());
    let cell = |text: &str| {
        TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)))
    };
    let register = Table::new(vec![
        TableRow::new(vec![
            cell("{{ t.register.number }}"),
            cell("{{ t.register.grade }}"),
            cell("{{ t.register.references }}"),
            cell("{{ t.register.due }}"),
        ]),
        TableRow::new(vec![cell("{%tr for f in findings %}"), cell(""), cell(""), cell("")]),
        TableRow::new(vec![
            cell("{{ f.number }}"),
            cell("{{ t.grade[f.grade] }}"),
            cell("{% for r in f.references %}{{ r.id }}{% if not loop.last %}, {% endif %}{% endfor %}"),
            cell("{% if f.corrective_action %}{{ f.corrective_action.due | date }}{% endif %}"),
        ]),
        TableRow::new(vec![cell("{%tr endfor %}"), cell(""), cell(""), cell("")]),
    ])
    .style("TableGrid");
    let mut out = std::io::Cursor::new(Vec::new());
    Docx::new()
        .add_style(Style::new("Title", StyleType::Paragraph).name("Title").size(48))
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("heading 1").size(32).bold())
        .add_style(Style::new("Heading2", StyleType::Paragraph).name("heading 2").size(26).bold())
        .add_style(Style::new("TableGrid", StyleType::Table).name("Table Grid"))
        .header(Header::new().add_paragraph(p("Header", "{{ audit.client }} · {{ audit.dates }}")))
        .footer(Footer::new().add_paragraph(p("Footer", "{{ t.text.printed_for }}")))
        .add_paragraph(p("Title", "{{ t.heading.report }}"))
        .add_paragraph(p("Normal", "{{ audit.title }}"))
        .add_paragraph(p("Heading1", "{{ t.heading.audit }}"))
        .add_paragraph(p("Normal", "{{ t.heading.client }}: {{ audit.client }}"))
        .add_paragraph(p("Normal", "{%p if audit.certification_body %}"))
        .add_paragraph(p("Normal", "{{ t.heading.certification_body }}: {{ audit.certification_body }}"))
        .add_paragraph(p("Normal", "{%p endif %}"))
        .add_paragraph(p("Normal", "{{ t.heading.kind }}: {{ t.kind[audit.kind] }}"))
        .add_paragraph(p("Normal", "{{ t.heading.dates }}: {{ audit.dates }}"))
        .add_paragraph(p("Normal", "{{ t.heading.scope }}: {{ audit.scope }}"))
        .add_paragraph(p("Heading1", "{{ t.heading.sampling }}"))
        .add_paragraph(p("Normal", "{{ sampling.statement }}"))
        .add_paragraph(p("Heading1", "{{ t.heading.summary }}"))
        .add_table(register)
        .add_paragraph(p("Heading1", "{{ t.heading.findings }}"))
        .add_paragraph(p("Normal", "{%p for f in findings %}"))
        .add_paragraph(p("Heading2", "{{ f.number }} {{ t.grade[f.grade] }}"))
        .add_paragraph(p("Normal", "{%p if f.incomplete %}"))
        .add_paragraph(bold("{{ t.label.incomplete }}: {{ t.label.missing }} {% for m in f.incomplete %}{{ t.missing[m] }}{% if not loop.last %}, {% endif %}{% endfor %}"))
        .add_paragraph(p("Normal", "{%p endif %}"))
        .add_paragraph(bold("{{ t.label.requirement }}"))
        .add_paragraph(p("Normal", "{{ f.requirement }}"))
        .add_paragraph(bold("{{ t.label.statement }}"))
        .add_paragraph(p("Normal", "{{ f.statement }}"))
        .add_paragraph(bold("{{ t.label.objective_evidence }}"))
        .add_paragraph(p("Normal", "{{ f.objective_evidence }}"))
        .add_paragraph(p("Normal", "{%p if f.corrective_action %}"))
        .add_paragraph(bold("{{ t.label.due }} {{ f.corrective_action.due | date }} ({{ f.corrective_action.days }} {{ t.label.days }})"))
        .add_paragraph(p("Normal", "{%p endif %}"))
        .add_paragraph(p("Normal", "{%p endfor %}"))
        .add_paragraph(p("Heading1", "{{ t.heading.recommendation }}"))
        .add_paragraph(bold("{{ recommendation.wording }}"))
        .add_paragraph(p("Normal", "{%p if recommendation.overridden %}"))
        .add_paragraph(p("Normal", "{{ t.label.justification }}: {{ recommendation.justification }}"))
        .add_paragraph(p("Normal", "{%p endif %}"))
        .build()
        .pack(&mut out)
        .unwrap();
    out.into_inner()
}

#[test]
fn the_example_template_is_current_sound_and_fills_with_every_finding() {
    let bytes = example_template();
    assert_eq!(
        bytes,
        example_template(),
        "the generator makes the same bytes each time"
    );
    generated(EXAMPLE_TEMPLATE, &bytes);
    let out = check(Path::new(EXAMPLE_TEMPLATE), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let data = plain();
    let (_out, path) = report_to(
        data.path(),
        &["--template", EXAMPLE_TEMPLATE],
        "filled.docx",
    );
    let doc = read_docx(&path, "word/document.xml");
    let all = texts(&doc).join("\n");
    for (number, statement) in FINDINGS {
        assert!(all.contains(statement), "{statement} in\n{all}");
        assert!(all.contains(number), "{number}");
    }
    assert!(all.contains("Incomplete: missing requirement"));
    assert!(all.contains("Certification body: Northgate Certification Services Ltd"));
    assert!(
        all.contains("Corrective action due 24 Dec 2026 (30 days)"),
        "{all}"
    );
    assert!(!all.contains("{{") && !all.contains("{%"), "{all}");
    let rows: Vec<Vec<String>> = serde_json::from_value(doc["rows"].clone()).unwrap();
    assert_eq!(rows.len(), 1 + FINDINGS.len(), "{rows:?}");
    assert_eq!(rows[1][0], "NC-01");
    let header = (doc["entries"].as_array().unwrap().iter())
        .find(|e| e.as_str().unwrap().starts_with("word/header"))
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        texts(&read_docx(&path, &header)),
        ["Brightloop Software Ltd · 24–25 Nov 2026"]
    );
}

#[test]
fn the_auditee_s_plan_and_the_evidence_requests_are_word_documents_too() {
    let plan = auditday::plan::load(Path::new(report_fixture::PLAN), None).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = |args: &[&str], name: &str| {
        let path = out.path().join(name);
        stdout(
            Command::new(env!("CARGO_BIN_EXE_auditday"))
                .args(["plan", report_fixture::PLAN])
                .args(args)
                .arg("-o")
                .arg(&path)
                .output()
                .unwrap(),
        );
        texts(&read_docx(&path, "word/document.xml")).join("\n")
    };
    let text = run(&["--for-auditee"], "plan.docx");
    assert!(text.starts_with("Audit plan\n"), "{text}");
    for slot in &plan.agenda {
        assert!(text.contains(&slot.title), "{}", slot.title);
    }
    for member in &plan.team {
        assert!(text.contains(&member.name.value));
    }
    for sample in plan.samples.iter().filter(|s| !s.why.is_empty()) {
        assert!(!text.contains(&sample.why), "never a sample's why");
    }
    let text = run(
        &["--evidence-requests", "--format", "docx"],
        "requests.docx",
    );
    assert!(text.starts_with("Evidence requests\n"), "{text}");
    for sample in &plan.samples {
        for item in &sample.evidence {
            assert!(text.contains(item.as_str()), "{item}");
        }
    }
    let refused = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args([
            "plan",
            report_fixture::PLAN,
            "--for-auditee",
            "--format",
            "docx",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(refused.stderr)
            .unwrap()
            .contains("give -o FILE.docx")
    );
}
