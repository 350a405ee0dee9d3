//! The Stage 1 document review and conclusion in `auditday report`: reviews recorded through
//! the library's store, the report made by the real binary, read in every text format.

#[path = "output/mod.rs"]
mod output;
mod stage1_record;

use output::stdout;
use stage1_record::{MINUTES, POLICY, SCOPE, SOA, record_stage1, report};

const STATEMENT: &str = "The security objectives have no owners or target dates.";

fn recorded() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    record_stage1(data.path(), STATEMENT);
    data
}

#[test]
fn the_markdown_report_has_the_document_review_and_the_stage1_conclusion() {
    let data = recorded();
    let md = stdout(report(data.path(), &["--format", "md"]).output().unwrap());
    let review = &md[md.find("## Document review").expect("the section")..];
    let conclusion = &md[md.find("## Stage 1 conclusion").expect("the conclusion")..];
    assert!(review.find("## Stage 1 conclusion") < review.find("## Conclusion and recommendation"));
    for line in [
        "| ISMS scope statement v1.0 (incl. interfaces with the Azure tenancy and the hospital VPNs) (4.3) | seen | ISMS-SCOPE | 1.0 | Niamh Walsh, CEO, 2026-05-14 | yes | yes |  |",
        "| Statement of Applicability v0.9: all 93 Annex A controls, justification for inclusion and exclusion, implementation status (6.1.3) | seen | ISMS-SOA-001 | 0.9 |  | yes |  |  |",
        "### Statement of Applicability check",
        "File: stage1-health-analytics.soa.csv. 92 Annex A controls listed: 89 applicable, 3 excluded.",
        "- Row 54: A.7.6 is excluded without a justification",
        "- Row 71: A.12.6.1 is ISO/IEC 27001:2013 numbering",
        "| Nonconformity and corrective action log (10.2) | not reviewed |",
    ] {
        assert!(review.contains(line), "{line:?} not in\n{review}");
    }
    for line in [
        "**Not ready to proceed to Stage 2**",
        "Provisional: some documents are not reviewed yet.",
        "- The Statement of Applicability does not cover all 93 Annex A controls",
        "Annex A controls missing from the Statement of Applicability: A.5.7",
        &format!("- {SOA}: shows no approval"),
        "- Controls excluded in the Statement of Applicability without justification: 1",
        "- Other problems in the Statement of Applicability (controls listed twice, ids of the 2013 edition or of no control, applicability not said): 1",
        &format!("- AOC-01 (Area of concern, 6.2): {STATEMENT}"),
        &format!("- {MINUTES}: not accessible to staff"),
        "| Area of concern | 1 |",
    ] {
        assert!(md.contains(line), "{line:?} not in\n{conclusion}");
    }
    assert!(
        !conclusion.contains("No approved information security policy"),
        "the policy shows its approver"
    );
}

#[test]
fn the_json_report_holds_each_document_and_the_conclusion() {
    let data = recorded();
    let text = stdout(report(data.path(), &["--format", "json"]).output().unwrap());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let stage1 = &json["stage1"];
    let documents = stage1["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 15, "the plan's list");
    let by_title = |t: &str| documents.iter().find(|d| d["title"] == t).unwrap();
    assert_eq!(by_title(SCOPE)["state"], "seen");
    assert_eq!(by_title(SCOPE)["reviewed_by"], "Siobhán Keane");
    assert_eq!(by_title(POLICY)["approved_by"], STATEMENT);
    assert_eq!(by_title(SOA)["state"], "seen");
    assert_eq!(by_title(MINUTES)["accessible"], false);
    assert_eq!(stage1["conclusion"]["ready"], false);
    assert_eq!(stage1["conclusion"]["triggers"][0]["key"], "soa_incomplete");
    assert_eq!(stage1["conclusion"]["soa_missing"][0], "A.5.7");
    let soa = &stage1["soa"];
    assert_eq!(soa["file"], "stage1-health-analytics.soa.csv");
    assert_eq!(
        (&soa["controls"], &soa["applicable"], &soa["excluded"]),
        (&92.into(), &89.into(), &3.into())
    );
    let problems: Vec<(&str, u64, &str)> = (soa["problems"].as_array().unwrap().iter())
        .map(|p| {
            (
                p["kind"].as_str().unwrap(),
                p["row"].as_u64().unwrap(),
                p["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("no-justification", 54, "A.7.6"),
            ("previous-edition", 71, "A.12.6.1")
        ],
        "the missing control is in the conclusion, not twice"
    );
    assert_eq!(
        stage1["conclusion"]["unreviewed"].as_array().unwrap().len(),
        11
    );
    assert_eq!(json["summary"]["area_of_concern"], 1);
    assert_eq!(json["findings"][0]["number"], "AOC-01");
    assert_eq!(
        json["recommendation"]["follows"], "not_ready_for_stage2",
        "with no nonconformity, the conclusion still holds Stage 2 back, and the \
         recommendation says the same"
    );
    assert_eq!(json["findings"][0]["grade"], "area_of_concern");
}

#[test]
fn the_html_report_and_the_register_name_the_area_of_concern() {
    let data = recorded();
    let html = stdout(report(data.path(), &["--format", "html"]).output().unwrap());
    assert!(html.contains("<h2>Document review</h2>"), "{html}");
    assert!(
        html.contains("<li>Row 71: A.12.6.1 is ISO&#x2f;IEC 27001:2013 numbering</li>"),
        "{html}"
    );
    assert!(html.contains("<p class=\"recommendation\">Not ready to proceed to Stage 2</p>"));
    let csv = stdout(report(data.path(), &["--format", "csv"]).output().unwrap());
    assert!(csv.contains("AOC-01,Area of concern,6.2"), "{csv}");
}

#[test]
fn a_stage2_report_without_document_reviews_has_no_stage1_section() {
    let data = tempfile::tempdir().unwrap();
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-audits/stage2-software-sme.toml"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["report", plan, "--format", "json", "--data-dir"])
        .arg(data.path())
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    assert!(json["stage1"].is_null());
}

#[test]
fn the_pdf_and_the_word_report_have_the_document_review_and_the_conclusion() {
    let data = recorded();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let docx = out.path().join("report.docx");
    for path in [&pdf, &docx] {
        stdout(
            report(data.path(), &["-o", path.to_str().unwrap()])
                .output()
                .unwrap(),
        );
    }
    let (text, _) = output::read_pdf(&pdf);
    for told in [
        "Document review",
        "Niamh Walsh, CEO, 2026-05-14",
        "Stage 1 conclusion",
        "Not ready to proceed to Stage 2",
        "The Statement of Applicability does not cover all 93 Annex A controls",
        "Statement of Applicability check",
        "Row 54: A.7.6 is excluded without a justification",
        &format!("AOC-01 (Area of concern, 6.2): {STATEMENT}"),
    ] {
        assert!(text.contains(told), "{told:?} not in the PDF:\n{text}");
    }
    let word = output::stdout(
        std::process::Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/report_fixture/read_docx.py"
            ))
            .arg(&docx)
            .output()
            .unwrap(),
    );
    for told in [
        "Document review",
        "Not ready to proceed to Stage 2",
        &format!("{MINUTES}: not accessible to staff"),
        "Statement of Applicability check",
        "File: stage1-health-analytics.soa.csv. 92 Annex A controls listed: 89 applicable, 3 excluded.",
        "Row 54: A.7.6 is excluded without a justification",
    ] {
        assert!(
            word.contains(told),
            "{told:?} not in the Word report:\n{word}"
        );
    }
}

#[test]
fn the_xlsx_register_grades_the_area_of_concern_in_words() {
    let data = recorded();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("register.xlsx");
    stdout(
        report(
            data.path(),
            &["--format", "xlsx", "-o", path.to_str().unwrap()],
        )
        .output()
        .unwrap(),
    );
    let sheet = output::read_xlsx(&path);
    let row = &sheet["rows"][1];
    assert_eq!(row[0]["text"], "AOC-01");
    assert_eq!(row[1]["text"], "Area of concern");
}

#[test]
fn the_soa_check_is_told_in_the_report_s_language() {
    let data = recorded();
    let md = stdout(
        report(data.path(), &["--format", "md", "--lang", "fr"])
            .output()
            .unwrap(),
    );
    for line in [
        "### Vérification de la déclaration d'applicabilité",
        "Fichier : stage1-health-analytics.soa.csv. 92 mesures de l'annexe A listées : 89 applicables, 3 exclues.",
        "- Ligne 54 : A.7.6 est exclue sans justification",
        "- Ligne 71 : A.12.6.1 est une numérotation ISO/IEC 27001:2013",
        "- Mesures exclues dans la déclaration d'applicabilité sans justification : 1",
    ] {
        assert!(md.contains(line), "{line:?} not in\n{md}");
    }
}
