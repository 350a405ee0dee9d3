//! `auditday report` on a record full of hostile text (markup, formulas, control characters,
//! a right-to-left override, a 1 MB statement): golden reports in every text format, kept as
//! reviewed snapshots (the XLSX, a zip, by its properties read back instead), and checks that
//! no text became markup, a formula or a control.

mod report_fixture;

use report_fixture::{Texts, prepare, read_pdf, report, stdout, xlsx_register};

/// Markup, a link, a heading and table marker, an ANSI escape, a right-to-left override and a
/// bell: text a report must show as text.
const HOSTILE: &str = "<img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) | # \u{1b}[31mred \u{202e}txt.exe\u{7}";
/// A spreadsheet formula.
const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";

/// Hostile text everywhere people typed, a formula where a spreadsheet would compute it.
fn hostile_texts() -> Texts {
    Texts {
        major: format!("{HOSTILE}\nsecond line <b>"),
        minor: format!("-{HOSTILE}"),
        observation: FORMULA.into(),
        attendee: format!("{HOSTILE} <script>alert(1)</script>"),
        seen: "<script src=\"//evil.example/x.js\"></script>".into(),
        opinion: "@SUM(1+1)*cmd|' /C calc'!A0".into(),
        justification: format!("\r{HOSTILE}"),
    }
}

fn hostile() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    prepare(data.path(), &hostile_texts());
    data
}

fn run(data: &tempfile::TempDir, format: &str) -> String {
    stdout(report(data.path(), &["--format", format]).output().unwrap())
}

/// No control character but the line ends, and no bidirectional control, anywhere.
fn assert_no_controls(text: &str, format: &str) {
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\r')
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert_eq!(bad, None, "{format}");
}

/// Whether every `c` in the Markdown `md` is escaped: behind an odd number of backslashes.
/// The template's own tables and bold text are the exceptions, on lines that start so.
fn escaped_everywhere(md: &str, c: char) -> bool {
    md.lines()
        .filter(|line| {
            !line.starts_with('|') && !line.starts_with("**") && !line.starts_with("- **")
        })
        .all(|line| {
            line.match_indices(c)
                .all(|(at, _)| line[..at].chars().rev().take_while(|&b| b == '\\').count() % 2 == 1)
        })
}

/// The tags of an HTML document: each `<…>` (the escaping makes every `<` of text `&lt;`).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| &rest[..rest.find('>').expect("every tag closes")])
        .collect()
}

#[test]
fn hostile_markdown_is_text() {
    let data = hostile();
    let md = run(&data, "md");
    assert_no_controls(&md, "md");
    for markup in ['<', '[', '*', '`', '|'] {
        assert!(escaped_everywhere(&md, markup), "a bare {markup} in\n{md}");
    }
    assert!(md.contains(r"\<img src=x onerror=alert(1)\> \*\*bold\*\* \[click\](javascript:alert(1)) \| \# \\u{1b}\[31mred \\u{202e}txt.exe\\u{7}"));
    assert!(
        md.contains("second line \\<b\\>"),
        "the second line kept as a line"
    );
    insta::assert_snapshot!(md);
}

/// The PDF `auditday report` makes of `data`, read back as text.
fn pdf_text(data: &tempfile::TempDir) -> String {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("report.pdf");
    stdout(
        report(data.path(), &["-o", path.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    read_pdf(&path).0
}

#[test]
fn hostile_pdf_is_text() {
    let text = pdf_text(&hostile());
    assert_no_controls(&text, "pdf");
    let visible = r"<img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) | # \u{1b}[31mred \u{202e}txt.exe\u{7}";
    assert!(text.contains(visible), "{text}");
    assert!(
        text.contains(&format!("{visible} second line <b>")),
        "{text}"
    );
    assert!(text.contains(FORMULA), "a formula is only text in a PDF");
    assert!(text.contains("<script src=\"//evil.example/x.js\"></script>"));
    assert!(text.contains("@SUM(1+1)*cmd|' /C calc'!A0"));
}

#[test]
fn hostile_html_is_text() {
    let data = hostile();
    let html = run(&data, "html");
    assert_no_controls(&html, "html");
    let allowed = [
        "!DOCTYPE html",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "h3",
        "p",
        "dl",
        "dt",
        "dd",
        "ul",
        "li",
        "table",
        "tr",
        "th",
        "td",
        "section",
        "span",
        "strong",
        "s",
    ];
    for tag in tags(&html) {
        let name = tag.trim_start_matches('/');
        let name = name.split(' ').next().unwrap();
        assert!(
            allowed.contains(&name) || tag.starts_with("!DOCTYPE"),
            "tag <{tag}>"
        );
        for attribute in tag.split(' ').skip(1) {
            let key = attribute.split('=').next().unwrap();
            assert!(
                [
                    "class",
                    "lang",
                    "charset",
                    "name",
                    "content",
                    "initial-scale",
                    "html"
                ]
                .contains(&key),
                "attribute {attribute} in <{tag}>"
            );
        }
    }
    assert!(!html.contains("//"), "no protocol-relative reference");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;script src=&quot;&#x2f;&#x2f;evil.example&#x2f;x.js&quot;&gt;"));
    insta::assert_snapshot!(html);
}

#[test]
fn hostile_csv_has_no_formula_and_no_control() {
    let data = hostile();
    let text = run(&data, "csv");
    assert_no_controls(&text, "csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell {cell:?} a spreadsheet would compute"
            );
        }
    }
    let obs = rows.iter().find(|r| &r[0] == "OBS-01").unwrap();
    assert_eq!(&obs[3], format!("'{FORMULA}"));
    let minor = rows.iter().find(|r| &r[0] == "NC-02").unwrap();
    assert!(minor[3].starts_with("'-<img"), "{}", &minor[3]);
    assert!(
        minor[8].contains("@SUM(1+1)"),
        "inside a cell a formula is plain text"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn hostile_xlsx_holds_strings_only_neutralised_as_the_csv() {
    let data = hostile();
    let sheet = xlsx_register(data.path());
    assert_eq!(sheet["formulas"], 0, "no <f> anywhere in the sheet");
    let csv_text = run(&data, "csv");
    let csv_rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let rows = sheet["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1 + csv_rows.len());
    for (row, csv_row) in rows[1..].iter().zip(&csv_rows) {
        for (col, cell) in row.as_array().unwrap().iter().enumerate() {
            let Some(text) = cell["text"].as_str() else {
                assert!(
                    cell.is_null() || col == 7 || col == 10,
                    "only the dates are numbers: column {col} {cell}"
                );
                continue;
            };
            assert_eq!(cell["type"], "s", "a shared string, never a formula's");
            assert!(
                !text.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell {text:?} a spreadsheet would compute"
            );
            assert_no_controls(text, "xlsx");
            assert_eq!(text, &csv_row[col], "the CSV's text, column {col}");
        }
    }
    let by_number = |n: &str| rows.iter().find(|r| r[0]["text"] == n).unwrap();
    assert_eq!(by_number("OBS-01")[3]["text"], format!("'{FORMULA}"));
    assert!(
        (by_number("NC-02")[3]["text"].as_str().unwrap()).starts_with("'-<img"),
        "a leading minus neutralised"
    );
    assert!(
        (by_number("NC-01")[3]["text"].as_str().unwrap())
            .contains(r"\u{1b}[31mred \u{202e}txt.exe\u{7}")
    );
}

#[test]
fn hostile_json_reads_back_the_text_as_recorded() {
    let data = hostile();
    let text = run(&data, "json");
    assert_no_controls(&text, "json");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["findings"][0]["statement"], hostile_texts().major);
    assert_eq!(json["findings"][2]["statement"], FORMULA);
    let pretty = serde_json::to_string_pretty(&json).unwrap();
    insta::assert_snapshot!(pretty);
}

#[test]
fn a_one_megabyte_statement_is_reported_whole_and_escaped_in_every_format_but_cut_in_xlsx() {
    let data = tempfile::tempdir().unwrap();
    let big: String = "<i>x</i> *y* =z ".repeat(1 << 16);
    assert!(big.len() >= 1 << 20);
    prepare(
        data.path(),
        &Texts {
            major: big.clone(),
            ..Texts::plain()
        },
    );
    let md = run(&data, "md");
    assert!(!md.contains("<i>"));
    assert_eq!(md.matches(r"\<i\>x\</i\> \*y\* =z").count(), 1 << 16);
    let html = run(&data, "html");
    assert!(!html.contains("<i>"));
    assert_eq!(
        html.matches("&lt;i&gt;x&lt;&#x2f;i&gt; *y* =z").count(),
        1 << 16
    );
    let csv_text = run(&data, "csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[3], big.as_str());
    let json: serde_json::Value = serde_json::from_str(&run(&data, "json")).unwrap();
    assert_eq!(json["findings"][0]["statement"], big);
    let pdf = pdf_text(&data);
    assert_eq!(pdf.matches("<i>x</i> *y* =z").count(), 1 << 16, "all of it");
    let sheet = xlsx_register(data.path());
    let cell = sheet["rows"][1][3]["text"].as_str().unwrap().to_owned();
    assert!(
        cell.encode_utf16().count() <= 32_767,
        "within Excel's cell limit"
    );
    let kept = cell.find('…').unwrap();
    assert!(
        big.starts_with(&cell[..kept]),
        "the statement's beginning, as recorded"
    );
    assert_eq!(
        &cell[kept..],
        format!(
            "… (cut: {} characters more, see the JSON report)",
            big.chars().count() - cell[..kept].chars().count()
        )
    );
    assert!(kept > 32_000, "only the marker's room is given up");
}

mod stage1_record;

/// The Stage 1 sample with hostile text as the policy's approver and notes and as an area of
/// concern's statement.
fn hostile_stage1() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    stage1_record::record_stage1(data.path(), &format!("{HOSTILE}\n{FORMULA}"));
    data
}

fn run_stage1(data: &tempfile::TempDir, format: &str) -> String {
    stdout(
        stage1_record::report(data.path(), &["--format", format])
            .output()
            .unwrap(),
    )
}

#[test]
fn hostile_document_review_is_text_in_markdown_html_json_and_pdf() {
    let data = hostile_stage1();
    let md = run_stage1(&data, "md");
    assert_no_controls(&md, "md");
    for markup in ['<', '[', '*', '`'] {
        assert!(escaped_everywhere(&md, markup), "a bare {markup} in\n{md}");
    }
    let escaped = r"\<img src=x onerror=alert(1)\> \*\*bold\*\* \[click\](javascript:alert(1)) \| \# \\u{1b}\[31mred \\u{202e}txt.exe\\u{7}";
    let policy = md
        .lines()
        .find(|l| l.starts_with("| Information security policy"))
        .expect("the policy's row");
    assert_eq!(
        policy.matches(escaped).count(),
        2,
        "approver and notes escaped, the table's cells intact: {policy}"
    );
    assert_eq!(policy.matches(" | ").count(), 7, "eight cells: {policy}");
    assert!(md.contains(&format!("- AOC-01 (Area of concern, 6.2): {escaped}")));

    let html = run_stage1(&data, "html");
    assert_no_controls(&html, "html");
    assert!(
        !html.contains("<img") && !html.contains("<script"),
        "{html}"
    );
    assert!(
        html.contains("<td>&lt;img src=x onerror=alert(1)&gt; **bold**"),
        "{html}"
    );

    let json: serde_json::Value = serde_json::from_str(&run_stage1(&data, "json")).unwrap();
    let documents = json["stage1"]["documents"].as_array().unwrap();
    let policy = documents
        .iter()
        .find(|d| d["title"] == stage1_record::POLICY)
        .unwrap();
    assert_eq!(
        policy["notes"],
        format!("{HOSTILE}\n{FORMULA}"),
        "as recorded"
    );

    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("report.pdf");
    stdout(
        stage1_record::report(data.path(), &["-o", path.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let (text, _) = read_pdf(&path);
    assert_no_controls(&text, "pdf");
    assert!(
        text.contains(r"<img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) | # \u{1b}[31mred \u{202e}txt.exe\u{7}"),
        "{text}"
    );
}
