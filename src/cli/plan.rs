//! `auditday plan`: the documents the auditee receives before the audit, from the plan alone
//! (no record is read): the plan as the auditee sees it, and the evidence requests.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::catalogue::Catalogue;
use crate::plan;
use crate::report::{
    AuditeePlan, EvidenceRequests, Format, produce_auditee_plan, produce_evidence_requests,
};
use crate::text::one_line;

/// Which document `auditday plan` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The audit plan as the auditee receives it.
    ForAuditee,
    /// What to prepare for each sample, grouped by owner.
    EvidenceRequests,
}

/// What `auditday plan` was asked for.
pub struct Request<'a> {
    /// The audit plan.
    pub plan: &'a Path,
    /// The document to make.
    pub document: Document,
    /// The format asked for, if any.
    pub format: Option<Format>,
    /// Where to write, else standard output.
    pub output: Option<&'a Path>,
    /// The paper, the language and the templates asked for.
    pub look: &'a super::LookArgs,
}

/// Writes the document `request` asks for: in the format asked, else the one `-o`'s extension
/// names, else Markdown; to the file named by `-o`, else standard output (except an XLSX
/// workbook, which is binary: it needs `-o`, asked for before the plan is read).
pub fn run(request: &Request, extra: Option<&Catalogue>) -> anyhow::Result<ExitCode> {
    let (formats, allowed): (&[Format], _) = match request.document {
        Document::ForAuditee => (
            &[Format::Md, Format::Html, Format::Pdf, Format::Docx],
            "md, html, pdf or docx",
        ),
        Document::EvidenceRequests => (
            &[
                Format::Md,
                Format::Html,
                Format::Pdf,
                Format::Docx,
                Format::Csv,
                Format::Xlsx,
            ],
            "md, html, pdf, docx, csv or xlsx",
        ),
    };
    let what = match request.document {
        Document::ForAuditee => "the auditee's plan",
        Document::EvidenceRequests => "the evidence requests",
    };
    let format = match (request.format, request.output) {
        (Some(format), _) => format,
        (None, Some(path)) => Format::of_path(path).with_context(|| {
            format!(
                "cannot tell the format of {} from its extension: give --format {allowed}",
                one_line(&path.display().to_string())
            )
        })?,
        (None, None) => Format::Md,
    };
    if !formats.contains(&format) {
        anyhow::bail!(
            "{what} is not made as {}: give --format {allowed}",
            name_of(format)
        );
    }
    if format.is_binary() && request.output.is_none() {
        anyhow::bail!(
            "{what} as {} is a binary file, not for standard output: give -o FILE.{}",
            name_of(format),
            name_of(format)
        );
    }
    let (plan, _) = crate::practice::load_any(request.plan, extra)?;
    let look = request.look.look(&plan)?;
    let words = look.words;
    let catalogue = plan::catalogue_of(&plan, extra);
    let bytes = match request.document {
        Document::ForAuditee => {
            produce_auditee_plan(format, &AuditeePlan::build(&plan, catalogue, words), &look)?
        }
        Document::EvidenceRequests => produce_evidence_requests(
            format,
            &EvidenceRequests::build(&plan, catalogue, words),
            &look,
        )?,
    };
    super::report::write_out(request.output, &bytes)
}

/// The name `--format` knows `format` by.
fn name_of(format: Format) -> String {
    use clap::ValueEnum;
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned())
}
