//! The reports an audit hands over, all from one [`ReportContext`] built from the plan and the
//! folded record: the audit report in Markdown and printable HTML (templates in
//! `assets/report/`, words from a language file), the findings register as CSV and as an
//! Excel workbook, and the context itself as JSON; and before the audit, from the plan alone,
//! the auditee's copy of the plan and the evidence requests (`plan_docs`). Nothing here touches a terminal or a file: the command line
//! writes what these return.

mod context;
mod plan_docs;
mod register;
mod render;
mod words;
mod xlsx;

use std::path::Path;

pub use context::*;
pub use plan_docs::{
    AuditeePlan, EvidenceRequests, produce_auditee_plan, produce_evidence_requests,
};
pub use words::Words;

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
}

impl Format {
    /// The format a file name's extension names (`.md`, `.markdown`, `.html`, `.htm`,
    /// `.csv`, `.xlsx`, `.json`, in any case), if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A template failed to render.
    #[error("the {0} template failed: {1:#}")]
    Template(&'static str, minijinja::Error),
    /// The CSV writer failed.
    #[error("the findings register could not be written: {0}")]
    Csv(#[from] csv::Error),
    /// A document asked for in a format it is not made in (what, the formats it is made in).
    #[error("{0} is not made as that format: give --format {1}")]
    Unsupported(&'static str, &'static str),
    /// The XLSX writer failed.
    #[error("the findings register could not be written as XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
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
    ) -> Result<ReportContext, crate::record::RecordError> {
        use crate::audit::AuditState;
        let (state, load) = crate::record::read_audit_folding(
            home,
            &plan.audit.id.value,
            |s: &mut AuditState, e| s.apply(&e),
            AuditState::merge,
        )?;
        Ok(ReportContext::build(&Sources {
            plan,
            state: &state,
            load: &load,
            catalogue,
            now,
            words,
        }))
    }
}

/// The report of `context` in `format`, with the words of `words`.
pub fn produce(
    format: Format,
    context: &ReportContext,
    words: &Words,
) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Md => render::render(render::Template::Markdown, context, words)
            .map(String::into_bytes)
            .map_err(|e| ReportError::Template("Markdown", e)),
        Format::Html => render::render(render::Template::Html, context, words)
            .map(String::into_bytes)
            .map_err(|e| ReportError::Template("HTML", e)),
        Format::Csv => Ok(register::csv(context, words)?),
        Format::Xlsx => Ok(xlsx::xlsx(context, words)?),
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
            ("context.json", Some(Format::Json)),
            ("report.pdf", None),
            ("report", None),
        ] {
            assert_eq!(Format::of_path(Path::new(name)), format, "{name}");
        }
    }
}
