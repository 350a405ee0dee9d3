//! `auditday team init` and `auditday team sync`: a team's shared audit folder made, and
//! this auditor's record exchanged with the others' through git.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::catalogue::Catalogue;
use crate::plan;
use crate::record::{Home, RecordError, TEAM_PLAN};
use crate::text::one_line;

/// Makes the audit folder `dir` (by default the audit's id) for the plan at `plan_path`,
/// once the plan is found valid, and says what to do next.
pub fn init(
    plan_path: &Path,
    dir: Option<&Path>,
    extra: Option<&Catalogue>,
) -> anyhow::Result<ExitCode> {
    let plan = plan::load(plan_path, extra)?;
    let bytes = crate::input::read(plan_path, crate::input::Kind::Plan).with_context(|| {
        format!(
            "cannot read plan {}",
            one_line(&plan_path.display().to_string())
        )
    })?;
    let dir = dir.map_or_else(|| PathBuf::from(&plan.audit.id.value), Path::to_owned);
    let made = crate::team::init(&bytes, &dir)?;
    let shown = |p: &Path| one_line(&p.display().to_string()).into_owned();
    let mut out = std::io::stdout().lock();
    writeln!(out, "Made the audit folder {}:", shown(&made.root))?;
    writeln!(out, "  {}  the plan", shown(&made.plan))?;
    writeln!(
        out,
        "  {}  every auditor's record, one file each",
        shown(&made.records)
    )?;
    for file in &made.extended {
        writeln!(out, "  {}  had lines added for the records", shown(file))?;
    }
    writeln!(
        out,
        "Open it with `auditday {}`. Share it with git (git init, commit, push; then each \
         auditor clones it and runs `auditday team sync`) or with Syncthing (share the \
         folder); README.md has both recipes.",
        shown(&made.root)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Commits this auditor's record in the audit folder `dir` (by default the current one),
/// pulls and pushes, and says what happened.
pub fn sync(
    dir: Option<&Path>,
    auditor: Option<&str>,
    extra: Option<&Catalogue>,
) -> anyhow::Result<ExitCode> {
    let dir = dir.unwrap_or(Path::new("."));
    let root = match Home::of_plan(dir, None)? {
        (_, Home::Team(root)) => root,
        _ => return Err(RecordError::NotAuditFolder(dir.to_owned()).into()),
    };
    let plan = plan::load(&root.join(TEAM_PLAN), extra)?;
    let auditor = super::open::who_records(&plan, auditor)?;
    let report = crate::team::sync(&root, &auditor)?;
    write!(std::io::stdout().lock(), "{report}")?;
    Ok(ExitCode::SUCCESS)
}
