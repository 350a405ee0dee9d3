//! The previous audit read from its record (`[previous] record`): a team's audit folder or an
//! auditor's record folder, with the previous plan, made into the report context a JSON report
//! of it would hold and read through the same conversion, so that both ways give the same
//! nonconformities, numbers and due dates. The record is only read, never repaired.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{PreviousAudit, ReportFile};
use crate::audit::AuditState;
use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::input;
use crate::plan::Located;
use crate::plan::fields::Diags;
use crate::record::{Home, LoadReport};
use crate::report::{ReportContext, Sources, Words};
use crate::text::one_line;

/// What the plan names and what the record is checked against.
pub(super) struct Named<'a, 'c> {
    /// The `record` value.
    pub record: &'a Located<String>,
    /// The `plan` value, if any.
    pub plan: Option<&'a Located<String>>,
    /// The plan's own audit id, which the previous audit must not be.
    pub this_audit: Option<&'a str>,
    /// The catalogues the plan is checked against; the previous plan is checked against them.
    pub catalogues: &'a [&'c Catalogue],
}

/// The folder `record` names, as found on disk.
enum Found {
    /// A team's audit folder: its records are in `records`, its plan is `plan`.
    Team { root: PathBuf, plan: PathBuf },
    /// An auditor's record folder, `<data>/audits/<audit>`.
    Auditor { data: PathBuf, audit: String },
}

/// Reads the previous audit's record, reporting each problem at the value that names it. A
/// record with damaged lines is read for its good lines, with a warning saying how many.
pub(super) fn read(folder: &Path, named: &Named, diags: &mut Diags) -> Option<PreviousAudit> {
    let record = named.record;
    let shown = one_line(&record.value).into_owned();
    let at_record = |message: String| Diagnostic::error(record.span.clone(), message);
    let found = match locate(&folder.join(&record.value)) {
        Ok(found) => found,
        Err(why) => {
            diags.push(
                at_record(format!(
                    "cannot read the previous audit's record \"{shown}\": {why}"
                ))
                .with_hint(
                    "name a team's audit folder (holding plan.toml and records) or an auditor's record folder (<data folder>/audits/<audit id>), relative to this plan's folder",
                ),
            );
            return None;
        }
    };
    let (plan_path, plan_span, plan_shown) = match (named.plan, &found) {
        (Some(plan), _) => (
            folder.join(&plan.value),
            plan.span.clone(),
            one_line(&plan.value).into_owned(),
        ),
        (None, Found::Team { plan, .. }) => (
            plan.clone(),
            record.span.clone(),
            format!("{shown}/{}", crate::record::TEAM_PLAN),
        ),
        (None, Found::Auditor { .. }) => {
            diags.push(
                at_record(format!(
                    "the previous audit's record \"{shown}\" is an auditor's record folder, which holds no plan: add `plan = \"…\"` naming the previous audit's plan"
                ))
                .with_hint("`plan` is relative to this plan's folder, as `record` is"),
            );
            return None;
        }
    };
    let at_plan = |message: String| Diagnostic::error(plan_span.clone(), message);
    let bytes = match input::read(&plan_path, input::Kind::Plan) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.push(at_plan(format!(
                "cannot read the previous audit's plan \"{plan_shown}\": {e}"
            )));
            return None;
        }
    };
    let checked = crate::plan::check(&bytes, named.catalogues);
    let Some(plan) = checked.plan else {
        let errors = checked.errors();
        diags.push(at_plan(format!(
            "the previous audit's plan \"{plan_shown}\" has {errors} error{}; run `auditday check {}` on it",
            if errors == 1 { "" } else { "s" },
            one_line(&plan_path.display().to_string())
        )));
        return None;
    };
    let id = &plan.audit.id.value;
    let held = match &found {
        Found::Auditor { audit, .. } => audit.clone(),
        Found::Team { plan: own, .. } if named.plan.is_some() => {
            team_audit(own).unwrap_or_else(|| id.clone())
        }
        Found::Team { .. } => id.clone(),
    };
    if named.this_audit == Some(held.as_str()) {
        diags.push(
            at_record(format!(
                "the previous audit's record \"{shown}\" is this audit's own record (\"{}\")",
                one_line(&held)
            ))
            .with_hint("name the record of the audit this one follows up"),
        );
        return None;
    }
    if held != *id {
        diags.push(
            at_record(format!(
                "the previous audit's record \"{shown}\" is of audit \"{}\", but the previous plan \"{plan_shown}\" is of audit \"{}\"",
                one_line(&held),
                one_line(id)
            ))
            .with_hint("name the record and the plan of the same audit"),
        );
        return None;
    }
    let home = match found {
        Found::Team { root, .. } => Home::Team(root),
        Found::Auditor { data, .. } => Home::Data(data),
    };
    let (state, load) = match AuditState::read(&home, id) {
        Ok(read) => read,
        Err(e) => {
            diags.push(at_record(format!(
                "cannot read the previous audit's record \"{shown}\": {e}"
            )));
            return None;
        }
    };
    let damaged: usize = load.damage().map(|d| d.lines.len()).sum();
    if damaged > 0 {
        diags.push(
            Diagnostic::warning(
                record.span.clone(),
                format!(
                    "the previous audit's record \"{shown}\" has {damaged} damaged line{}, skipped: its nonconformities are read from the other lines",
                    if damaged == 1 { "" } else { "s" }
                ),
            )
            .with_hint(where_damaged(&load)),
        );
    }
    let catalogue = (named.catalogues.iter())
        .find(|c| c.id == plan.audit.standard)
        .copied()
        .unwrap_or_else(|| Catalogue::iso27001_2022());
    let context = ReportContext::build(&Sources {
        plan: &plan,
        state: &state,
        load: &load,
        catalogue,
        now: chrono::Local::now().fixed_offset(),
        words: Words::english(),
    });
    match serde_json::to_value(&context).and_then(serde_json::from_value::<ReportFile>) {
        Ok(file) => Some(file.into_audit()),
        Err(e) => {
            diags.push(at_record(format!(
                "cannot read the previous audit's record \"{shown}\": {e}"
            )));
            None
        }
    }
}

/// What kind of folder `path` is, or why it is none, in words.
fn locate(path: &Path) -> Result<Found, String> {
    let meta = std::fs::metadata(path).map_err(|e| input::in_words(e).to_string())?;
    if !meta.is_dir() {
        return Err("it is not a folder".into());
    }
    if let Ok((plan, Home::Team(root))) = Home::of_plan(path, None) {
        return Ok(Found::Team { root, plan });
    }
    let path = std::fs::canonicalize(path).map_err(|e| input::in_words(e).to_string())?;
    let audits = path
        .parent()
        .filter(|p| p.file_name() == Some("audits".as_ref()));
    match (audits.and_then(Path::parent), path.file_name()) {
        (Some(data), Some(audit)) => Ok(Found::Auditor {
            data: data.to_owned(),
            audit: audit.to_string_lossy().into_owned(),
        }),
        _ => Err(
            "it is neither a team's audit folder nor an auditor's record folder (<data folder>/audits/<audit id>)"
                .into(),
        ),
    }
}

/// The audit id a team's audit folder's own plan names, when a `plan` of the plan's choosing
/// replaces it; none when that plan cannot be read (the reason to replace it).
fn team_audit(plan: &Path) -> Option<String> {
    #[derive(Deserialize)]
    struct PlanFile {
        audit: AuditFile,
    }
    #[derive(Deserialize)]
    struct AuditFile {
        id: String,
    }
    let text = input::read_to_string(plan, input::Kind::Plan).ok()?;
    toml::from_str::<PlanFile>(&text).ok().map(|p| p.audit.id)
}

/// Which lines of which files are damaged: `graham-pell-1a2b3c4d.jsonl line 12`.
fn where_damaged(load: &LoadReport) -> String {
    let files: Vec<String> = (load.damage())
        .map(|d| {
            let lines: Vec<String> = d.lines.iter().map(usize::to_string).collect();
            format!(
                "{} line{} {}",
                one_line(&d.file.file_name().unwrap_or_default().to_string_lossy()),
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            )
        })
        .collect();
    format!("damaged: {}", files.join("; "))
}
