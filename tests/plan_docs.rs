//! `auditday plan`, driving the real binary on the bundled sample plans and on a plan full of
//! hostile text: the auditee's copy of the plan names every slot and every interviewee and
//! never a sample's `why`; the evidence requests have one CSV row a requested item, grouped by
//! owner; nothing typed into a plan becomes markup, a formula or a control in any format.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use auditday::plan::{Plan, load};

mod output;

use output::{read_pdf, read_xlsx, stdout};

/// The bundled sample plans.
fn sample_plans() -> Vec<PathBuf> {
    let mut plans: Vec<PathBuf> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-audits"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
    plans.sort();
    assert!(plans.len() >= 5, "{plans:?}");
    plans
}

fn plan_command(plan: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg("plan")
        .arg(plan)
        .args(args)
        .output()
        .expect("auditday runs")
}

/// What a failed run said, after checking it failed as a command-line error does.
fn refused(out: Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

/// The text an HTML document shows, its entities read back.
fn html_text(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The text a Markdown document shows, its backslash escapes read back.
fn markdown_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out
}

/// The tags of an HTML document: each `<…>` (the escaping makes every `<` of text `&lt;`).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| &rest[..rest.find('>').expect("every tag closes")])
        .collect()
}

/// An HTML document with no script and nothing fetched from elsewhere.
fn assert_self_contained(html: &str, plan: &Path) {
    for tag in tags(html) {
        let name = tag.split_whitespace().next().unwrap_or_default();
        assert!(
            !["script", "link", "img", "iframe", "object", "embed"].contains(&name),
            "<{tag}> in {plan:?}"
        );
        assert!(
            !tag.contains("src=")
                && !tag.contains("href=")
                && !tag.split_whitespace().any(|a| a.starts_with("on")),
            "<{tag}> in {plan:?}"
        );
    }
    assert!(
        !html.contains("url(") && !html.contains("@import"),
        "{plan:?}"
    );
}

/// No control character but the line ends, and no bidirectional control, anywhere.
fn assert_no_controls(text: &str, what: &str) {
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\r')
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert_eq!(bad, None, "{what}");
}

/// Every sample's `why`, which the auditee's documents never show.
fn whys(plan: &Plan) -> impl Iterator<Item = &str> {
    (plan.samples.iter())
        .map(|s| s.why.as_str())
        .filter(|w| !w.is_empty())
}

#[test]
fn the_auditee_s_plan_names_every_slot_and_interviewee_and_no_reason_for_a_sample() {
    for path in sample_plans() {
        let plan = load(&path, None).unwrap();
        let md = markdown_text(&stdout(plan_command(
            &path,
            &["--for-auditee", "--format", "md"],
        )));
        let raw_html = stdout(plan_command(&path, &["--for-auditee", "--format", "html"]));
        assert_self_contained(&raw_html, &path);
        let html = html_text(&raw_html);
        for (format, text) in [("md", &md), ("html", &html)] {
            for slot in &plan.agenda {
                let start = slot.start.value.format("%H:%M").to_string();
                let line = text
                    .lines()
                    .find(|l| l.contains(&slot.title) && l.contains(&start));
                assert!(line.is_some(), "{path:?} {format}: {}", slot.title);
                if let Some(who) = &slot.interviewee {
                    assert!(
                        line.unwrap().contains(&who.value),
                        "{path:?} {format}: {} not beside {}",
                        who.value,
                        slot.title
                    );
                }
            }
            for member in &plan.team {
                assert!(text.contains(&member.name.value), "{path:?} {format}");
            }
            assert!(text.contains(&plan.audit.scope), "{path:?} {format}");
            for why in whys(&plan) {
                assert!(!text.contains(why), "{path:?} {format} shows why: {why}");
            }
            for question in plan.samples.iter().flat_map(|s| &s.questions) {
                assert!(!text.contains(question.as_str()), "{path:?} {format}");
            }
        }
    }
}

/// The CSV evidence requests of `path`, heading and rows.
fn csv_requests(path: &Path, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let csv = stdout(plan_command(path, args));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let heading = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (heading, rows)
}

#[test]
fn the_evidence_requests_are_one_csv_row_an_item_grouped_by_owner() {
    for path in sample_plans() {
        let plan = load(&path, None).unwrap();
        let (heading, rows) = csv_requests(&path, &["--evidence-requests", "--format", "csv"]);
        assert_eq!(
            heading,
            ["Owner", "Sample", "Title", "Item to prepare", "Looked at"]
        );
        let items: usize = plan.samples.iter().map(|s| s.evidence.len()).sum();
        assert_eq!(rows.len(), items, "{path:?}");
        let mut asked: Vec<(String, String, String)> = (plan.samples.iter())
            .flat_map(|s| {
                let owner = if s.owner.trim().is_empty() {
                    "Owner not named".to_owned()
                } else {
                    s.owner.trim().to_owned()
                };
                (s.evidence.iter())
                    .map(move |e| (owner.clone(), s.reference.value.clone(), e.clone()))
            })
            .collect();
        let mut written: Vec<(String, String, String)> = (rows.iter())
            .map(|r| (r[0].clone(), r[1].clone(), r[3].clone()))
            .collect();
        asked.sort();
        written.sort();
        assert_eq!(written, asked, "{path:?}");
        let mut owners: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        owners.dedup();
        let mut distinct = owners.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(owners.len(), distinct.len(), "{path:?}: owners not grouped");
        if owners.contains(&"Owner not named") {
            assert_eq!(owners.last(), Some(&"Owner not named"), "{path:?}");
        }
        for row in &rows {
            let slot = (plan.agenda.iter())
                .find(|a| a.samples.iter().any(|s| s.value == row[1]))
                .map(|a| a.start.value.format("%Y-%m-%d %H:%M").to_string());
            match slot {
                Some(start) => assert!(row[4].contains(&start), "{path:?}: {row:?}"),
                None => assert_eq!(row[4], "not scheduled yet", "{path:?}"),
            }
            assert!(!row[2].is_empty(), "{path:?}: a title for {}", row[1]);
        }
    }
}

#[test]
fn the_evidence_requests_in_markdown_and_html_list_every_item_under_its_owner() {
    for path in sample_plans() {
        let plan = load(&path, None).unwrap();
        let md = markdown_text(&stdout(plan_command(&path, &["--evidence-requests"])));
        let raw_html = stdout(plan_command(
            &path,
            &["--evidence-requests", "--format", "html"],
        ));
        assert_self_contained(&raw_html, &path);
        let html = html_text(&raw_html);
        for (format, text) in [("md", &md), ("html", &html)] {
            for sample in &plan.samples {
                let owner = sample.owner.trim();
                let heading = if owner.is_empty() {
                    "Owner not named"
                } else {
                    owner
                };
                let group = text.find(heading).expect("the owner's heading");
                for item in &sample.evidence {
                    assert!(
                        text[group..].contains(item.as_str()),
                        "{path:?} {format}: {item} after {heading}"
                    );
                }
            }
            for why in whys(&plan) {
                assert!(!text.contains(why), "{path:?} {format} shows why: {why}");
            }
        }
    }
}

/// Markup, a link, a table marker, an ANSI escape, a right-to-left override and a bell.
const HOSTILE: &str = "<img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) | # \u{1b}[31mred \u{202e}txt.exe\u{7}";
/// A spreadsheet formula.
const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
/// A reason for a sample, which must not reach the auditee.
const SECRET: &str = "last year's pen test found the admin console open";

/// A valid plan with hostile text wherever a plan holds text the auditee's documents show.
fn hostile_plan() -> (tempfile::TempDir, PathBuf) {
    let toml_text = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let hostile = toml_text(HOSTILE);
    let formula = toml_text(FORMULA);
    let plan = format!(
        r#"[audit]
id = "hostile-2026"
title = {hostile}
kind = "stage2"
standard = "iso27001-2022"
organisation = {hostile}
scope = {hostile}
criteria = {formula}
objectives = [{hostile}]
sites = [{formula}]
start = 2026-11-24T09:00:00
end = 2026-11-24T17:00:00

[[team]]
name = "Priya Shah"
role = "lead"

[[agenda]]
start = "09:00"
minutes = 30
title = "Opening meeting"
kind = "opening"

[[agenda]]
start = "09:30"
minutes = 60
title = {hostile}
kind = "samples"
samples = ["A.8.15", "A.8.13"]

[[agenda]]
start = "10:30"
minutes = 45
title = {formula}
kind = "interview"
interviewee = "Dana Okafor"

[[agenda]]
start = "16:00"
minutes = 60
title = "Closing meeting"
kind = "closing"

[[sample]]
ref = "A.8.15"
why = "{SECRET}"
owner = {hostile}
evidence = [{formula}, {hostile}, "-1+1", "@SUM(A1)"]

[[sample]]
ref = "A.8.13"
why = "{SECRET}, again"
owner = {formula}
evidence = ["Restore test records"]

[[interviewee]]
name = "Dana Okafor"
role = {hostile}

[opening]
items = [{hostile}]
"#
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.toml");
    std::fs::write(&path, plan).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    (dir, path)
}

#[test]
fn hostile_text_in_a_plan_is_text_in_every_format() {
    let (_dir, path) = hostile_plan();
    for args in [
        ["--for-auditee", "md"],
        ["--for-auditee", "html"],
        ["--evidence-requests", "md"],
        ["--evidence-requests", "html"],
        ["--evidence-requests", "csv"],
    ] {
        let out = stdout(plan_command(&path, &[args[0], "--format", args[1]]));
        let what = args.join(" ");
        assert_no_controls(&out, &what);
        assert!(!out.contains(SECRET), "{what}");
        let visible = if args[1] == "md" {
            r"\\u{202e}txt.exe\\u{7}"
        } else {
            r"\u{202e}txt.exe\u{7}"
        };
        assert!(out.contains(visible), "{what}: made visible");
        match args[1] {
            "md" => {
                assert!(!out.replace(r"\<", "").contains('<'), "{what}: a bare <");
                assert!(!out.contains("**bold"), "{what}");
                assert!(out.contains(r"\<img src=x onerror=alert(1)\>"), "{what}");
                assert!(out.contains(r"\[click\](javascript:alert(1)) \|"), "{what}");
            }
            "html" => {
                assert_self_contained(&out, &path);
                assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{what}");
            }
            _ => {
                let mut reader = csv::Reader::from_reader(out.as_bytes());
                let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
                assert_eq!(rows.len(), 5, "{what}");
                for row in &rows {
                    for cell in row {
                        assert!(
                            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                            "{what}: {cell}"
                        );
                    }
                }
                let items: Vec<&str> = rows.iter().map(|r| &r[3]).collect();
                assert!(items.contains(&format!("'{FORMULA}").as_str()), "{items:?}");
                assert!(items.contains(&"'-1+1") && items.contains(&"'@SUM(A1)"));
                assert!(rows.iter().any(|r| r[0] == format!("'{FORMULA}")));
            }
        }
    }
}

#[test]
fn the_evidence_requests_workbook_has_a_row_an_item_and_no_formula() {
    let (dir, path) = hostile_plan();
    let xlsx = dir.path().join("requests.xlsx");
    stdout(plan_command(
        &path,
        &["--evidence-requests", "-o", xlsx.to_str().unwrap()],
    ));
    let sheet = read_xlsx(&xlsx);
    assert_eq!(sheet["sheet"], "Evidence requests");
    assert_eq!(sheet["formulas"], 0);
    assert_eq!(sheet["frozen"], "A2");
    let rows = sheet["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "the heading and one row an item");
    assert_eq!(rows[0][3]["text"], "Item to prepare");
    assert_eq!(rows[0][3]["bold"], true);
    let items: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r[3]["text"].as_str().unwrap())
        .collect();
    assert!(items.contains(&format!("'{FORMULA}").as_str()), "{items:?}");
    for row in &rows[1..] {
        for cell in row.as_array().unwrap().iter().take(5) {
            assert_eq!(cell["type"], "s", "{cell}: every cell a string");
        }
    }
}

#[test]
fn formats_a_document_is_not_made_in_are_refused_in_words() {
    let path = &sample_plans()[0];
    let said = refused(plan_command(
        path,
        &["--evidence-requests", "--format", "xlsx"],
    ));
    assert!(said.contains("give -o FILE.xlsx"), "{said}");
    let said = refused(plan_command(path, &["--for-auditee", "--format", "csv"]));
    assert!(
        said.contains("the auditee's plan is not made as csv: give --format md, html, pdf or docx"),
        "{said}"
    );
    let said = refused(plan_command(path, &["--evidence-requests", "-o", "x.json"]));
    assert!(said.contains("md, html, pdf, docx, csv or xlsx"), "{said}");
    let said = refused(plan_command(path, &["--for-auditee", "-o", "plan.odt"]));
    assert!(
        said.contains("cannot tell the format of plan.odt"),
        "{said}"
    );
    let said = refused(plan_command(path, &["--for-auditee", "--format", "pdf"]));
    assert!(said.contains("give -o FILE.pdf"), "{said}");
    let out = plan_command(path, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--for-auditee"));
}

#[test]
fn the_plan_documents_as_pdf_hold_every_slot_and_sample_on_the_paper_asked_for() {
    let path = &sample_plans()[0];
    let plan = load(path, None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let for_auditee = dir.path().join("plan.pdf");
    stdout(plan_command(
        path,
        &["--for-auditee", "-o", for_auditee.to_str().unwrap()],
    ));
    let (text, size) = read_pdf(&for_auditee);
    assert!(size.ends_with("(A4)"), "{size}");
    assert!(text.contains(&plan.audit.organisation), "{text}");
    // A table cell wraps where it must, and pdftotext reads a wrapped line as two: compare
    // without white space.
    let squashed = |s: &str| s.split_whitespace().collect::<String>();
    let all = squashed(&text);
    for slot in &plan.agenda {
        let start = slot.start.value.format("%H:%M").to_string();
        assert!(text.contains(&start), "{start}");
        for word in slot.title.split_whitespace() {
            assert!(all.contains(&squashed(word)), "{word} of {}", slot.title);
        }
    }
    for why in whys(&plan) {
        assert!(!text.contains(why), "shows why: {why}");
    }

    let requests = dir.path().join("requests.pdf");
    stdout(plan_command(
        path,
        &[
            "--evidence-requests",
            "--paper",
            "letter",
            "-o",
            requests.to_str().unwrap(),
        ],
    ));
    let (text, size) = read_pdf(&requests);
    assert!(size.ends_with("(letter)"), "{size}");
    let all = squashed(&text);
    for sample in &plan.samples {
        for item in &sample.evidence {
            assert!(all.contains(&squashed(item)), "{item}");
        }
    }
}

#[test]
fn hostile_text_in_a_plan_is_text_in_its_pdf() {
    let (dir, path) = hostile_plan();
    for document in ["--for-auditee", "--evidence-requests"] {
        let pdf = dir.path().join("out.pdf");
        stdout(plan_command(
            &path,
            &[document, "-o", pdf.to_str().unwrap()],
        ));
        let (text, _) = read_pdf(&pdf);
        assert_no_controls(&text, document);
        assert!(!text.contains(SECRET), "{document}");
        assert!(
            text.contains(r"\u{202e}txt.exe\u{7}"),
            "{document}: made visible in {text}"
        );
        assert!(text.contains("<img src=x onerror=alert(1)>"), "{document}");
    }
}

#[test]
fn a_plan_in_french_gives_the_auditee_french_documents_unless_asked_otherwise() {
    let source = &sample_plans()[0];
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(source).unwrap();
    let french = text.replacen("[audit]\n", "[audit]\nlanguage = \"fr\"\n", 1);
    assert_ne!(text, french, "the plan has an [audit] table");
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, french).unwrap();
    let md = stdout(plan_command(&path, &["--for-auditee"]));
    assert!(md.starts_with("# Plan d'audit"), "{md}");
    assert!(md.contains("Programme") && md.contains("Jour 1"), "{md}");
    let requests = stdout(plan_command(
        &path,
        &["--evidence-requests", "--format", "csv"],
    ));
    assert!(
        requests.starts_with("Responsable,Échantillon,Intitulé"),
        "{requests}"
    );
    let english = stdout(plan_command(&path, &["--for-auditee", "--lang", "en"]));
    assert!(english.starts_with("# Audit plan"), "{english}");
}
