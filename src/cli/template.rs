//! `auditday template check`: a certification body's Word template filled from a plan's
//! report context (else from the built-in example), and every tag that does not parse or
//! does not resolve listed with where it is, so the template is fixed before the audit day.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::catalogue::Catalogue;
use crate::record::Home;
use crate::report::{WordTemplate, Words, example_context};
use crate::text::one_line;

/// The Word template at `path`, read within its size limit and its zip's limits.
pub(super) fn read(path: &Path) -> anyhow::Result<WordTemplate> {
    let name = || one_line(&path.display().to_string()).into_owned();
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {}", name()))?;
    let mut bytes = Vec::new();
    file.take(WordTemplate::MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", name()))?;
    if bytes.len() as u64 > WordTemplate::MAX_BYTES {
        anyhow::bail!(
            "{} is larger than the {} bytes a template may be: refused",
            name(),
            WordTemplate::MAX_BYTES
        );
    }
    WordTemplate::read(&bytes).with_context(name)
}

/// Checks the template `file`, filled from `plan`'s report context if given, else from the
/// built-in example; prints every problem, one a line, and exits 1 if there is any.
pub(super) fn check(
    file: &Path,
    plan: Option<&Path>,
    data_dir: Option<&Path>,
    extra: Option<&Catalogue>,
) -> anyhow::Result<ExitCode> {
    let template = read(file)?;
    let problems = match plan {
        Some(plan) => {
            let (plan_path, home) = Home::of_plan(plan, data_dir)?;
            let (plan, scenario) = crate::practice::load_any(&plan_path, extra)?;
            let words = Words::of(None, &plan)?;
            let context = super::report::context(&plan, &home, words, extra, scenario.as_ref())?;
            template.check(&context, words)
        }
        None => template.check(&example_context(), Words::english()),
    };
    let name = one_line(&file.display().to_string()).into_owned();
    if problems.is_empty() {
        println!("{name}: every tag parses and resolves.");
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        println!("{name}: {}", one_line(&problem.to_string()));
    }
    println!(
        "{name}: {} tag{} to fix.",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::FAILURE)
}
