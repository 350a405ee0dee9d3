//! `auditday team init` and `auditday team sync`: a team's shared audit folder made, and
//! this auditor's record exchanged with the others' through git.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::catalogue::Catalogue;
use crate::plan;
use crate::record::{Home, RecordError, TEAM_PLAN};
use crate::team::Carried;
use crate::text::one_line;

/// Makes the audit folder `dir` (by default the audit's id) for the plan at `plan_path`,
/// once the plan is found valid, and says what to do next.
pub fn init(
    plan_path: &Path,
    dir: Option<&Path>,
    extra: Option<&Catalogue>,
) -> anyhow::Result<ExitCode> {
    let bytes = plan::read(plan_path)?;
    let (plan, _) = crate::practice::load_any_read(plan_path, &bytes, extra)?;
    let (text, carried) = carried(plan_path, &plan, &bytes)?;
    let dir = dir.map_or_else(|| PathBuf::from(&plan.audit.id.value), Path::to_owned);
    let made = crate::team::init(text.as_bytes(), &carried, &dir)?;
    let shown = |p: &Path| one_line(&p.display().to_string()).into_owned();
    let mut out = std::io::stdout().lock();
    writeln!(out, "Made the audit folder {}:", shown(&made.root))?;
    writeln!(out, "  {}  the plan", shown(&made.plan))?;
    for file in &made.carried {
        writeln!(out, "  {}  a file the plan names, copied", shown(file))?;
    }
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

/// The files the plan names (its SoA, the previous audit's report), read to travel with the
/// audit folder, and the plan's text naming each by its bare file name, which is where it
/// will be beside `plan.toml`; the rest of the text (comments included) is kept as written.
fn carried(
    plan_path: &Path,
    plan: &plan::Plan,
    bytes: &[u8],
) -> anyhow::Result<(String, Vec<Carried>)> {
    const TAKEN: [&str; 5] = [TEAM_PLAN, "records", ".git", ".gitignore", ".gitattributes"];
    let mut text = String::from_utf8(bytes.to_vec()).context("the plan is not UTF-8")?;
    let folder = plan_path.parent().unwrap_or(Path::new(""));
    let mut named: Vec<(&plan::Located<String>, crate::input::Kind)> = Vec::new();
    if let Some(soa) = &plan.soa {
        named.push((&soa.file, crate::input::Kind::Soa));
    }
    match plan.previous.as_ref().map(|p| &p.source) {
        Some(plan::PreviousSource::Report(report)) => {
            named.push((report, crate::input::Kind::PreviousReport));
        }
        Some(plan::PreviousSource::Record { record, .. }) => anyhow::bail!(
            "the plan names the previous audit's record \"{}\", a folder the audit folder cannot carry: write its JSON report (`auditday report PREVIOUS.toml --format json -o previous.json`) and name that in [previous] report = \"previous.json\"",
            one_line(&record.value)
        ),
        None => {}
    }
    named.sort_by_key(|(located, _)| std::cmp::Reverse(located.span.start));
    let mut carried: Vec<Carried> = Vec::new();
    for (located, kind) in named {
        let path = folder.join(&located.value);
        let shown = one_line(&located.value).into_owned();
        let name = (path.file_name().and_then(|n| n.to_str()))
            .filter(|n| !TAKEN.contains(n) && !carried.iter().any(|c| c.name == *n))
            .with_context(|| {
                format!(
                    "cannot copy \"{shown}\" into the audit folder: its name is taken there; rename the file"
                )
            })?
            .to_owned();
        let read = crate::input::read(&path, kind)
            .with_context(|| format!("cannot copy \"{shown}\" into the audit folder"))?;
        text.replace_range(
            located.span.clone(),
            &toml::Value::String(name.clone()).to_string(),
        );
        carried.push(Carried { name, bytes: read });
    }
    carried.reverse();
    Ok((text, carried))
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
    let (plan, _) = crate::practice::load_any(&root.join(TEAM_PLAN), extra)?;
    let auditor = super::open::who_records(&plan, auditor)?;
    let report = crate::team::sync(&root, &auditor)?;
    write!(std::io::stdout().lock(), "{report}")?;
    Ok(ExitCode::SUCCESS)
}
