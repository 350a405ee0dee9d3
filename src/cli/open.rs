//! `auditday PLAN.toml`: opens the audit day in the terminal for one auditor of the team.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::catalogue::Catalogue;
use crate::plan::{self, Plan, Role};
use crate::record::Home;
use crate::text::one_line;
use crate::tui::runner::{self, Start};

/// The environment variable naming who records, when `--auditor` is not given.
pub const AUDITOR_ENV: &str = "AUDITDAY_AUDITOR";

/// Loads the plan (a plan file, or a team's audit folder), opens the auditor's record and runs the interface until the auditor quits;
/// then says where the record is.
pub fn run(
    path: &Path,
    extra: Option<Catalogue>,
    auditor: Option<&str>,
    data_dir: Option<&Path>,
    mouse: bool,
    practice: bool,
) -> anyhow::Result<ExitCode> {
    let (path, home) = Home::of_plan(path, data_dir)?;
    let (plan, scenario) = crate::practice::load_any(&path, extra.as_ref())?;
    let shown = one_line(&path.display().to_string()).into_owned();
    let practice = match (scenario, practice) {
        (Some(scenario), true) => Some(std::sync::Arc::new(scenario)),
        (None, false) => None,
        (Some(_), false) => bail!(
            "{shown} is a practice scenario: run it with `auditday practice {shown}`, which keeps its answer key sealed until the closing meeting has ended"
        ),
        (None, true) => bail!(
            "{shown} is an audit plan, not a practice scenario (docs/scenario-format.md): open it with `auditday {shown}`"
        ),
    };
    let catalogue = plan::catalogue_of(&plan, extra.as_ref()).clone();
    let auditor = who_records(&plan, auditor)?;
    let outcome = runner::run(Start {
        plan,
        catalogue,
        auditor,
        home,
        mouse,
        practice,
    })?;
    let mut out = std::io::stdout().lock();
    if outcome.unsaved > 0 {
        writeln!(
            out,
            "{} item(s) were not saved (printed above); the rest is saved in {}",
            outcome.unsaved,
            one_line(&outcome.record)
        )?;
        return Ok(ExitCode::FAILURE);
    }
    writeln!(
        out,
        "Everything recorded is saved in {}",
        one_line(&outcome.record)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The team member who records: the one named, else `$AUDITDAY_AUDITOR`, else the lead.
pub(super) fn who_records(plan: &Plan, named: Option<&str>) -> anyhow::Result<String> {
    let from_env = std::env::var(AUDITOR_ENV).ok().filter(|v| !v.is_empty());
    let named = named.map(str::to_string).or(from_env);
    let team: Vec<&str> = plan.team.iter().map(|m| m.name.value.as_str()).collect();
    match named {
        Some(name) if team.contains(&name.as_str()) => Ok(name),
        Some(name) => bail!(
            "{} is not in the plan's team ({}); pass --auditor with one of these names",
            one_line(&name),
            one_line(&team.join(", "))
        ),
        None => Ok(plan
            .team
            .iter()
            .find(|m| m.role.value == Role::Lead)
            .map(|m| m.name.value.clone())
            .unwrap_or_default()),
    }
}
