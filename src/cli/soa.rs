//! `auditday soa check` and `auditday plan new --from-soa`: an organisation's Statement of
//! Applicability checked as a Stage 1 reviewer would, and a draft plan sampled from it.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{Datelike, Duration, Local, NaiveDate};

use crate::catalogue::Catalogue;
use crate::plan::AuditKind;
use crate::soa::{self, DraftRequest, SoaReport};
use crate::text::one_line;

/// Prints every problem of the SoA at `path` (`file:row:col: error: …` and a hint), then the
/// summary; `--json` prints the report as one JSON object instead. Exit 1 on any problem.
pub fn check(path: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let report = soa::check_file(path)?;
    let mut out = std::io::stdout().lock();
    if json {
        crate::json_out::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        out.write_all(render(&report).as_bytes())?;
    }
    out.flush()?;
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The problems as `auditday check` prints a plan's, every piece of the file's text escaped.
fn render(report: &SoaReport) -> String {
    let mut text = String::new();
    for problem in &report.problems {
        let at = match problem.at {
            Some(soa::At {
                row,
                column: Some(column),
            }) => format!(":{row}:{column}"),
            Some(soa::At { row, column: None }) => format!(":{row}"),
            None => String::new(),
        };
        text.push_str(&format!(
            "{}{at}: error: {}\n",
            report.file,
            one_line(&problem.message)
        ));
        if let Some(hint) = &problem.hint {
            text.push_str(&format!("  = hint: {}\n", one_line(hint)));
        }
    }
    text.push_str(&report.summary());
    text.push('\n');
    text
}

/// What `auditday plan new` was asked for.
pub struct NewPlan<'a> {
    /// The SoA to sample from.
    pub soa: &'a Path,
    /// The kind of audit, as a plan names it.
    pub kind: &'a str,
    /// Days of the audit.
    pub days: u32,
    /// Samples in all.
    pub samples: usize,
    /// The draw's seed, else one from the clock (printed, to draw again).
    pub seed: Option<u64>,
    /// The first day, else the Monday at least two weeks ahead.
    pub start: Option<NaiveDate>,
    /// Where to write the plan, else standard output.
    pub output: Option<&'a Path>,
}

/// Drafts a plan from the SoA and writes it; says on standard error which seed drew it and,
/// when the SoA has problems, how to see them.
pub fn new_plan(request: &NewPlan, extra: Option<&Catalogue>) -> anyhow::Result<ExitCode> {
    let kind = AuditKind::ALL
        .iter()
        .find(|(_, name)| *name == request.kind)
        .map(|(kind, _)| *kind)
        .with_context(|| format!("unknown audit kind {}", one_line(request.kind)))?;
    let catalogue = extra.unwrap_or(Catalogue::iso27001_2022());
    let report = soa::check_file_with(request.soa, catalogue)?;
    let seed = request.seed.unwrap_or_else(|| {
        let now = Local::now();
        now.timestamp_subsec_nanos() as u64 ^ (now.timestamp() as u64).rotate_left(32)
    });
    let start = request.start.unwrap_or_else(|| {
        let in_two_weeks = Local::now().date_naive() + Duration::days(14);
        let to_monday = (7 - in_two_weeks.weekday().num_days_from_monday()) % 7;
        in_two_weeks + Duration::days(i64::from(to_monday))
    });
    let toml = soa::draft_plan(
        &DraftRequest {
            soa: &report,
            kind,
            days: request.days,
            samples: request.samples,
            seed,
            start,
        },
        catalogue,
    )?;
    let mut err = std::io::stderr().lock();
    if !report.problems.is_empty() {
        writeln!(
            err,
            "auditday: the SoA has {} problem{}: `auditday soa check {}` lists them",
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" },
            report.file
        )?;
    }
    super::report::write_out(request.output, toml.as_bytes())?;
    writeln!(
        err,
        "drafted {} samples over {} day{} with seed {seed} (--seed {seed} draws them again){}",
        request.samples,
        request.days,
        if request.days == 1 { "" } else { "s" },
        request.output.map_or_else(String::new, |p| format!(
            ": {}",
            one_line(&p.display().to_string())
        )),
    )?;
    Ok(ExitCode::SUCCESS)
}
