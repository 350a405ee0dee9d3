//! `auditday report`: the audit report or the findings register of an audit, from its plan and
//! its record read without changing anything (the interface may have it open meanwhile).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Local;

use crate::catalogue::Catalogue;
use crate::plan;
use crate::record::Home;
use crate::report::{Format, ReportContext, Words, produce};
use crate::text::one_line;

/// What `auditday report` was asked for.
pub struct Request<'a> {
    /// The audit plan.
    pub plan: &'a Path,
    /// The format asked for, if any.
    pub format: Option<Format>,
    /// Where to write, else standard output.
    pub output: Option<&'a Path>,
    /// Print the report context as JSON instead.
    pub dump_context: bool,
    /// The paper, the language and the templates asked for.
    pub look: &'a super::LookArgs,
    /// A Word template to fill instead of the built-in report.
    pub template: Option<&'a Path>,
    /// The folder holding audit records, if given.
    pub data_dir: Option<&'a Path>,
}

/// Writes the report `request` asks for: in the format asked, else the one `-o`'s extension
/// names, else Markdown (a Word template's filled copy with `--template`); to the file named
/// by `-o`, else standard output (except an XLSX workbook, a PDF and a Word document, which
/// are binary: they need `-o`, asked for before the record is read).
pub fn run(request: &Request, extra: Option<&Catalogue>) -> anyhow::Result<ExitCode> {
    let format = if request.dump_context {
        Format::Json
    } else if request.template.is_some() {
        if request.format.is_some_and(|f| f != Format::Docx) {
            anyhow::bail!("a Word template makes a Word document: give --format docx, or none");
        }
        Format::Docx
    } else {
        match (request.format, request.output) {
            (Some(format), _) => format,
            (None, Some(path)) => Format::of_path(path).with_context(|| {
                format!(
                    "cannot tell the format of {} from its extension: give --format md, html, pdf, docx, csv, xlsx or json",
                    one_line(&path.display().to_string())
                )
            })?,
            (None, None) => Format::Md,
        }
    };
    if format.is_binary() && request.output.is_none() {
        let what = match format {
            Format::Pdf => {
                "the pdf report is a binary file, not for standard output: give -o FILE.pdf"
            }
            Format::Docx => {
                "the docx report is a binary file, not for standard output: give -o FILE.docx"
            }
            _ => "the xlsx register is a binary file, not for standard output: give -o FILE.xlsx",
        };
        anyhow::bail!(what);
    }
    let template = request.template.map(super::template::read).transpose()?;
    let (plan_path, home) = Home::of_plan(request.plan, request.data_dir)?;
    let (plan, scenario) = crate::practice::load_any(&plan_path, extra)?;
    let look = request.look.look(&plan)?;
    let words = look.words;
    let context = context(&plan, &home, words, extra, scenario.as_ref())?;
    let bytes = match template {
        Some(template) => template.render(&context, words)?,
        None => produce(format, &context, &look)?,
    };
    write_out(request.output, &bytes)
}

/// The report context of `plan`'s audit from its record where `home` keeps it, as of now.
pub(super) fn context(
    plan: &plan::Plan,
    home: &Home,
    words: &Words,
    extra: Option<&Catalogue>,
    scenario: Option<&crate::practice::Scenario>,
) -> anyhow::Result<ReportContext> {
    let catalogue = plan::catalogue_of(plan, extra);
    let now = Local::now().fixed_offset();
    Ok(ReportContext::from_disk(
        home, plan, catalogue, words, now, scenario,
    )?)
}

/// Writes `bytes` to the file `output` names, else to standard output: where every document
/// the command line makes goes.
pub(super) fn write_out(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<ExitCode> {
    match output {
        Some(path) => std::fs::write(path, bytes)
            .with_context(|| format!("cannot write {}", one_line(&path.display().to_string())))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
