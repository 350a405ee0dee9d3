//! The reports an audit hands over, all from one [`ReportContext`] built from the plan and the
//! folded record: the audit report in Markdown, printable HTML and PDF (templates in
//! `assets/report/`, words from a language file) and as a Word document (`docx`), or filled
//! into a certification body's own Word template (`docx_template`); the findings register as
//! CSV and as an Excel workbook, and the context itself as JSON; and before the audit, from
//! the plan alone, the auditee's copy of the plan and the evidence requests (`plan_docs`).
//! Nothing here touches a terminal or a file: the command line writes what these return.

mod context;
mod docx;
mod docx_template;
mod pdf;
mod plan_docs;
mod plan_docx;
mod register;
mod render;
mod templates;
mod words;
mod xlsx;

use std::path::Path;

pub use context::*;
pub use docx_template::{Problem, TemplateError, WordTemplate, example_context};
pub use pdf::{Paper, PdfError};
pub use plan_docs::{
    AuditeePlan, EvidenceRequests, produce_auditee_plan, produce_evidence_requests,
};
pub use templates::{TEMPLATES_ENV, TemplateFolderError, Templates};
pub use words::{UnknownLanguage, Words};

/// A format a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The audit report in Markdown.
    Md,
    /// The audit report as one printable HTML file.
    Html,
    /// The findings register, one row a finding.
    Csv,
    /// The findings register as an Excel workbook (binary: written to a file only).
    Xlsx,
    /// The report context, as templates and scripts read it.
    Json,
    /// The audit report as PDF (binary: written to a file only).
    Pdf,
    /// The audit report as a Word document (binary: written to a file only).
    Docx,
}

impl Format {
    /// Whether the format is binary, for a file and never for standard output.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Pdf | Format::Docx)
    }

    /// The format a file name's extension names (`.md`, `.markdown`, `.html`, `.htm`,
    /// `.csv`, `.xlsx`, `.json`, `.pdf`, `.docx`, in any case), if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A template failed to render (its file name, what went wrong and where).
    #[error("the template {0} failed: {1:#}")]
    Template(String, minijinja::Error),
    /// The auditor's templates could not be read.
    #[error(transparent)]
    Templates(#[from] TemplateFolderError),
    /// The CSV writer failed.
    #[error("the findings register could not be written: {0}")]
    Csv(csv::Error),
    /// A document asked for in a format it is not made in (what, the formats it is made in).
    #[error("{0} is not made as that format: give --format {1}")]
    Unsupported(&'static str, &'static str),
    /// The XLSX writer failed.
    #[error("the findings register could not be written as XLSX: {0}")]
    Xlsx(rust_xlsxwriter::XlsxError),
    /// Typst could not typeset the PDF.
    #[error("the PDF could not be typeset: {0}")]
    Pdf(PdfError),
    /// The Word document could not be packed.
    #[error("the Word report could not be written: {0}")]
    Docx(String),
}

impl ReportContext {
    /// The context of `plan`'s audit from its record as it is on the disk in `home`,
    /// read without writing (whoever has it open meanwhile), as of local time `now`: what the
    /// command line and the closing screen's worker both write from.
    pub fn from_disk(
        home: &crate::record::Home,
        plan: &crate::plan::Plan,
        catalogue: &crate::catalogue::Catalogue,
        words: &Words,
        now: chrono::DateTime<chrono::FixedOffset>,
        scenario: Option<&crate::practice::Scenario>,
    ) -> Result<ReportContext, crate::record::RecordError> {
        let (state, load) = crate::audit::AuditState::read(home, &plan.audit.id.value)?;
        let mut context = ReportContext::build(&Sources {
            plan,
            state: &state,
            load: &load,
            catalogue,
            now,
            words,
        });
        context.practice = context::practice(scenario, plan, &state, now);
        Ok(context)
    }
}

// The causes are in the messages, not sources: a report's failure is told in one sentence
// wherever it is shown (the command line prints the chain, the closing screen the message).
impl From<csv::Error> for ReportError {
    fn from(e: csv::Error) -> ReportError {
        ReportError::Csv(e)
    }
}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> ReportError {
        ReportError::Xlsx(e)
    }
}

impl From<PdfError> for ReportError {
    fn from(e: PdfError) -> ReportError {
        ReportError::Pdf(e)
    }
}

/// How a document is made besides what it says: the words it is written in, the paper a PDF
/// is set on, and the templates that shape it.
#[derive(Debug, Clone)]
pub struct Look<'a> {
    /// The language's words.
    pub words: &'a Words,
    /// The paper, for a PDF.
    pub paper: Paper,
    /// The auditor's templates, if any.
    pub templates: Templates,
}

/// The report of `context` in `format`, looking as `look` says.
pub fn produce(
    format: Format,
    context: &ReportContext,
    look: &Look,
) -> Result<Vec<u8>, ReportError> {
    let words = look.words;
    match format {
        Format::Md => render::render(render::Template::Markdown, context, words, &look.templates)
            .map(String::into_bytes),
        Format::Html => render::render(render::Template::Html, context, words, &look.templates)
            .map(String::into_bytes),
        Format::Csv => Ok(register::csv(context, words)?),
        Format::Xlsx => Ok(xlsx::xlsx(context, words)?),
        Format::Pdf => pdf::pdf(pdf::Template::Report, context, look),
        Format::Docx => docx::docx(context, words),
        Format::Json => {
            let mut json = crate::json_out::to_vec(context);
            json.push(b'\n');
            Ok(json)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_extension() {
        for (name, format) in [
            ("r.md", Some(Format::Md)),
            ("R.MARKDOWN", Some(Format::Md)),
            ("out/r.html", Some(Format::Html)),
            ("r.htm", Some(Format::Html)),
            ("register.csv", Some(Format::Csv)),
            ("Register.XLSX", Some(Format::Xlsx)),
            ("register.xls", None),
            ("Report.DOCX", Some(Format::Docx)),
            ("context.json", Some(Format::Json)),
            ("report.pdf", Some(Format::Pdf)),
            ("report.PDF", Some(Format::Pdf)),
            ("report", None),
        ] {
            assert_eq!(Format::of_path(Path::new(name)), format, "{name}");
        }
    }
}
