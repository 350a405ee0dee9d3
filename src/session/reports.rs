//! The reports written from the closing screen: built on a worker from the plan and the record
//! as it is on the disk (read only, as `auditday report` reads it, so the session's lock is no
//! obstacle), and written into the audit folder's `reports` folder, each file through a
//! temporary name and a rename so that a crash leaves no half-written report.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::catalogue::Catalogue;
use crate::plan::Plan;
use crate::record::{self, Folder, Home, OsDisk};
use crate::report::{Format, Look, Paper, ReportContext, Templates, Words, produce};

/// The folder of the audit folder the reports go to: beside the record they are made from,
/// in the auditor's own data folder, never where the plan happens to lie.
pub(super) const REPORTS_FOLDER: &str = "reports";

/// What to write: each file's format and name, and the moment the report is as of.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRequest {
    /// The files, each in its format, named within [`REPORTS_FOLDER`].
    pub files: Vec<(Format, String)>,
    /// The local time of the request: the report's clock, and the files' names.
    pub now: DateTime<FixedOffset>,
    /// The scenario of a practice audit, whose score the report gives once the closing
    /// meeting has ended.
    pub practice: Option<std::sync::Arc<crate::practice::Scenario>>,
}

impl ReportRequest {
    /// What an auditor hands over at the end of the day: the audit report as PDF (on A4), as
    /// printable HTML (one file any browser opens and prints) and as a Word document (for the
    /// certification body to restyle or edit), and the findings register, the auditee's
    /// corrective-action tracker, as an Excel workbook (real due dates, a filter row) and as
    /// CSV (for any other tool). Markdown and the JSON context are for editing and scripts;
    /// `auditday report` writes those, and the PDF on Letter.
    pub fn handover(now: DateTime<FixedOffset>) -> ReportRequest {
        let stamp = now.format("%Y-%m-%d-%H%M%S");
        ReportRequest {
            files: vec![
                (Format::Pdf, format!("report-{stamp}.pdf")),
                (Format::Html, format!("report-{stamp}.html")),
                (Format::Docx, format!("report-{stamp}.docx")),
                (Format::Xlsx, format!("findings-register-{stamp}.xlsx")),
                (Format::Csv, format!("findings-register-{stamp}.csv")),
            ],
            now,
            practice: None,
        }
    }
}

/// What became of one file of a [`ReportRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Its format.
    pub format: Format,
    /// Where it is (or was to be) written.
    pub path: PathBuf,
    /// Whether it was written; if not, why, in words ("the disk is full").
    pub outcome: Result<(), String>,
}

/// Writes the files `request` asks for, shaped by `templates` (the auditor's template folder,
/// or why it could not be read), from `plan` and the record of its audit under
/// `home`, into the [`REPORTS_FOLDER`] of the audit folder `audit`.
pub(super) fn write(
    home: &Home,
    audit: &Folder,
    plan: &Plan,
    catalogue: &Catalogue,
    templates: Result<Templates, String>,
    request: &ReportRequest,
) -> Vec<Written> {
    let folder = audit.join(REPORTS_FOLDER);
    // The plan's language, checked when the plan was read.
    let words = Words::of(None, plan).unwrap_or_else(|_| Words::english());
    let made = reports_folder(audit)
        .map_err(|e| record::RecordError::io("create", &folder, e).cause())
        .and_then(|reports| {
            let look = Look {
                words,
                paper: Paper::A4,
                templates: templates?,
            };
            let scenario = request.practice.as_deref();
            let context = context(home, plan, catalogue, words, request.now, scenario)?;
            Ok((reports, context, look))
        });
    request
        .files
        .iter()
        .map(|(format, name)| {
            let outcome =
                made.as_ref()
                    .map_err(Clone::clone)
                    .and_then(|(reports, context, look)| {
                        let bytes = produce(*format, context, look).map_err(|e| e.to_string())?;
                        record::replace_file(&mut OsDisk, reports, name, &bytes)
                            .map_err(|e| e.cause())
                    });
            Written {
                format: *format,
                path: folder.join(name),
                outcome,
            }
        })
        .collect()
}

/// The audit folder's reports folder, made (private to its owner) if missing; never a link.
fn reports_folder(audit: &Folder) -> std::io::Result<Folder> {
    match audit.make_child(REPORTS_FOLDER) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
        _ => {}
    }
    audit.child(REPORTS_FOLDER)
}

/// The report context of `plan` from its record as it is on the disk.
fn context(
    home: &Home,
    plan: &Plan,
    catalogue: &Catalogue,
    words: &Words,
    now: DateTime<FixedOffset>,
    scenario: Option<&crate::practice::Scenario>,
) -> Result<ReportContext, String> {
    ReportContext::from_disk(home, plan, catalogue, words, now, scenario)
        .map_err(|e| format!("the record could not be read: {}", e.cause()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::audit::{Event, Finding, Grade};
    use crate::session::{Saving, Session};

    /// The sample plan and its catalogue.
    fn sample_plan() -> (Plan, Catalogue) {
        let plan_file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-audits/stage2-software-sme.toml"
        );
        let plan = crate::plan::load(Path::new(plan_file), None).unwrap();
        let catalogue = crate::plan::catalogue_of(&plan, None).clone();
        (plan, catalogue)
    }

    #[test]
    fn the_handover_is_the_pdf_html_and_docx_report_and_the_registers_read_from_the_disk() {
        let (plan, catalogue) = sample_plan();
        let dir = tempfile::tempdir().unwrap();
        let (mut session, _) = Session::open(
            OsDisk,
            dir.path(),
            &plan.audit.id.value,
            "Priya Shah",
            Arc::new(|_| {}),
        )
        .unwrap();
        let finding = |grade, statement: &str| {
            Event::FindingRaised(Finding {
                grade,
                sample: Some("A.5.19".into()),
                references: vec!["A.5.19".into()],
                requirement: "Supplier risks are managed".into(),
                statement: statement.into(),
                objective_evidence: "Supplier register v3 seen".into(),
                evidence: Vec::new(),
                interviews: Vec::new(),
            })
        };
        session.record(&finding(Grade::Minor, "Supplier register omits AWS"));
        session.record(&finding(Grade::Observation, "Reviews are late"));
        assert!(matches!(session.flush(), Saving::Saved { .. }));
        session.record(&finding(Grade::Major, "Not yet on the disk"));

        let now = DateTime::parse_from_rfc3339("2026-11-25T16:40:05+00:00").unwrap();
        let request = ReportRequest::handover(now);
        let audit = Folder::open(session.path().parent().unwrap()).unwrap();
        let written = write(
            &Home::from(dir.path()),
            &audit,
            &plan,
            &catalogue,
            Ok(Templates::built_in()),
            &request,
        );

        let reports = session.path().parent().unwrap().join(REPORTS_FOLDER);
        assert_eq!(
            written,
            vec![
                Written {
                    format: Format::Pdf,
                    path: reports.join("report-2026-11-25-164005.pdf"),
                    outcome: Ok(()),
                },
                Written {
                    format: Format::Html,
                    path: reports.join("report-2026-11-25-164005.html"),
                    outcome: Ok(()),
                },
                Written {
                    format: Format::Docx,
                    path: reports.join("report-2026-11-25-164005.docx"),
                    outcome: Ok(()),
                },
                Written {
                    format: Format::Xlsx,
                    path: reports.join("findings-register-2026-11-25-164005.xlsx"),
                    outcome: Ok(()),
                },
                Written {
                    format: Format::Csv,
                    path: reports.join("findings-register-2026-11-25-164005.csv"),
                    outcome: Ok(()),
                },
            ]
        );
        let pdf = std::fs::read(&written[0].path).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "a PDF");
        let html = std::fs::read_to_string(&written[1].path).unwrap();
        assert!(html.contains("NC-01") && html.contains("Supplier register omits AWS"));
        assert!(html.contains("OBS-01") && !html.contains("Not yet on the disk"));
        let docx = std::fs::read(&written[2].path).unwrap();
        let document = zip::ZipArchive::new(std::io::Cursor::new(docx))
            .unwrap()
            .by_name("word/document.xml")
            .map(std::io::read_to_string)
            .unwrap()
            .unwrap();
        assert!(document.contains("NC-01") && document.contains("Supplier register omits AWS"));
        assert!(!document.contains("Not yet on the disk"));
        let xlsx = std::fs::read(&written[3].path).unwrap();
        assert!(xlsx.starts_with(b"PK\x03\x04"), "the workbook is a zip");
        let csv = std::fs::read_to_string(&written[4].path).unwrap();
        assert!(csv.contains("NC-01") && csv.contains("OBS-01"), "{csv}");
        let names: Vec<String> = std::fs::read_dir(&reports)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 5, "no temporary file is left: {names:?}");
    }

    #[test]
    fn the_handover_is_in_the_plan_s_language_and_the_auditor_s_templates() {
        let (mut plan, catalogue) = sample_plan();
        plan.audit.language = Some("fr".into());
        let dir = tempfile::tempdir().unwrap();
        let audit = dir.path().join("audit");
        std::fs::create_dir(&audit).unwrap();
        let own = tempfile::tempdir().unwrap();
        std::fs::write(
            own.path().join("report.html.j2"),
            "<h1>{{ t.heading.report }}: {{ r.audit.client }}</h1>",
        )
        .unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-25T16:40:05+00:00").unwrap();
        let audit = Folder::open(&audit).unwrap();
        let written = write(
            &Home::from(dir.path()),
            &audit,
            &plan,
            &catalogue,
            Ok(Templates::user(Some(own.path())).unwrap()),
            &ReportRequest::handover(now),
        );
        let html = std::fs::read_to_string(&written[1].path).unwrap();
        assert_eq!(
            html,
            "<h1>Rapport d&#x27;audit: Brightloop Software Ltd</h1>"
        );
        let csv = std::fs::read_to_string(&written[4].path).unwrap();
        assert!(csv.starts_with("Numéro,Catégorie"), "{csv}");

        let refused = write(
            &Home::from(dir.path()),
            &audit,
            &plan,
            &catalogue,
            Err("the template folder /nowhere is not a folder".into()),
            &ReportRequest::handover(now),
        );
        for file in &refused {
            assert_eq!(
                file.outcome,
                Err("the template folder /nowhere is not a folder".into()),
                "{file:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_reports_folder_that_is_a_link_is_refused_in_words() {
        let (plan, catalogue) = sample_plan();
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let audit = dir.path().join("audit");
        std::fs::create_dir(&audit).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), audit.join(REPORTS_FOLDER)).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-25T16:40:05+00:00").unwrap();
        let written = write(
            &Home::from(dir.path()),
            &Folder::open(&audit).unwrap(),
            &plan,
            &catalogue,
            Ok(Templates::built_in()),
            &ReportRequest::handover(now),
        );
        assert_eq!(written.len(), 5);
        for file in &written {
            assert_eq!(
                file.outcome,
                Err("it is a symbolic link".into()),
                "{file:?}"
            );
        }
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
