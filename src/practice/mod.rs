//! Practice audits: a scenario file (a plan, what the auditee hands over and says, and a
//! sealed answer key, docs/scenario-format.md), read and checked like a plan, and the score of
//! a day run on it.

mod scenario;
mod score;

use std::path::Path;
use std::sync::OnceLock;

pub use scenario::{Answer, Handout, Scenario};
pub use score::{EvidenceShown, FalseFinding, HerringResult, Outcome, PlantedResult, Score};

use crate::catalogue::Catalogue;
use crate::plan::{self, Checked, Plan, PlanError};

/// The tables a scenario file may have: the plan's and the scenario's own.
fn root_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = plan::ROOT_KEYS.to_vec();
        keys.extend(scenario::TABLES);
        keys
    })
}

/// A checked scenario file: the plan's diagnostics and the scenario's together, the plan only
/// when both are free of errors.
#[derive(Debug)]
pub struct CheckedScenario {
    /// The plan part, checked as any plan is, with the scenario's problems added.
    pub checked: Checked,
    /// The scenario, present only when the file has no error.
    pub scenario: Option<Scenario>,
}

/// Whether `bytes` are a scenario file rather than a plan: a TOML file with any of the
/// scenario's own tables.
pub fn is_scenario(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let (root, _) = toml::de::DeTable::parse_recoverable(text);
    scenario::TABLES
        .iter()
        .any(|t| root.get_ref().contains_key(*t))
}

/// Checks the scenario file at `path`: its plan as any plan (the files it names read relative
/// to its folder), then its handouts, answers and answer key against that plan. Never panics,
/// whatever the bytes.
pub fn check(path: &Path, bytes: &[u8], catalogues: &[&Catalogue]) -> CheckedScenario {
    let mut checked = plan::check_with(path, bytes, catalogues, root_keys());
    let syntax_ok = toml::de::DeTable::parse(&checked.source).is_ok();
    if !syntax_ok || checked.source.is_empty() {
        return CheckedScenario {
            checked,
            scenario: None,
        };
    }
    let catalogue = checked.plan.as_ref().and_then(|p| {
        catalogues
            .iter()
            .find(|c| c.id == p.audit.standard)
            .copied()
    });
    let mut diags = plan::fields::Diags::default();
    let scenario = scenario::read(
        &checked.source,
        checked.plan.as_ref(),
        catalogue,
        &mut diags,
    );
    checked.diagnostics.extend(diags.into_vec());
    checked
        .diagnostics
        .sort_by_key(|d| (d.span.start, d.severity));
    let scenario = scenario.filter(|_| checked.errors() == 0 && checked.plan.is_some());
    if scenario.is_none() {
        checked.plan = None;
    }
    CheckedScenario { checked, scenario }
}

/// Reads and checks a plan, or a scenario file with its scenario: what reads an audit's
/// record whichever file it was run from (`auditday report`).
pub fn load_any(
    path: &Path,
    extra: Option<&Catalogue>,
) -> Result<(Plan, Option<Scenario>), PlanError> {
    load_any_read(path, &plan::read(path)?, extra)
}

/// [`load_any`] for the file at `path` whose `bytes` are read already.
pub fn load_any_read(
    path: &Path,
    bytes: &[u8],
    extra: Option<&Catalogue>,
) -> Result<(Plan, Option<Scenario>), PlanError> {
    let catalogues = plan::catalogues(extra);
    if !is_scenario(bytes) {
        let plan = plan::check_file(path, bytes, &catalogues).into_plan(path)?;
        return Ok((plan, None));
    }
    let CheckedScenario { checked, scenario } = check(path, bytes, &catalogues);
    let plan = checked.into_plan(path)?;
    Ok((plan, scenario))
}
