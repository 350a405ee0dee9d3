//! The audit plan: the TOML file an auditor writes the evening before, read into a validated
//! [`Plan`], with every problem reported at once by file, line and column.

mod annex_reading;
pub(crate) mod fields;
mod independence;
mod lookups;
mod model;
mod names;
mod overlap;
mod parse;
mod previous;
mod rules;
mod soa;
mod syntax;

use std::path::Path;

pub use independence::OwnWork;
pub use model::{
    AgendaItem, AgendaKind, AuditInfo, AuditKind, Document, Interviewee, Located, Plan, Role,
    Sample, TeamMember,
};
pub(crate) use parse::ROOT_KEYS;
pub use previous::{Previous, PreviousAudit, PreviousNc, PreviousSource};
pub use soa::PlanSoa;

use crate::catalogue::Catalogue;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::input;

/// Plans larger than this are refused before parsing: no hand-written plan comes near it, and a
/// huge file would only produce a flood of messages.
pub const MAX_PLAN_BYTES: usize = 4 * 1024 * 1024;

/// The outcome of checking one plan: the plan when it has no errors, and every diagnostic.
#[derive(Debug)]
pub struct Checked {
    /// The validated plan, present only when no error was found.
    pub plan: Option<Plan>,
    /// Errors and warnings, in the order they appear in the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The text the diagnostics point into (invalid UTF-8 replaced), for rendering.
    pub source: String,
}

impl Checked {
    /// The plan of the file at `path` when it has no error, else every problem rendered
    /// against that path as the error.
    pub fn into_plan(self, path: &Path) -> Result<Plan, PlanError> {
        match self.plan {
            Some(plan) if self.errors() == 0 => Ok(plan),
            _ => {
                let shown = crate::text::one_line(&path.display().to_string()).into_owned();
                Err(PlanError::Invalid {
                    report: self.render(&shown),
                    summary: diagnostic::summary(self.errors(), self.warnings()),
                    path: shown,
                })
            }
        }
    }

    /// How many errors were found.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings were found.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The diagnostics printed compiler-style against `path`.
    pub fn render(&self, path: &str) -> String {
        diagnostic::render(path, &self.source, &self.diagnostics)
    }
}

/// Why a plan could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The file could not be read.
    #[error("cannot read plan {path}: {io}")]
    Read {
        /// The plan's path.
        path: String,
        /// The I/O error.
        io: std::io::Error,
    },
    /// The plan has errors; `report` holds them rendered.
    #[error("{report}{path}: {summary}; run `auditday check {path}` after fixing them")]
    Invalid {
        /// The plan's path.
        path: String,
        /// Every diagnostic, rendered.
        report: String,
        /// "2 errors, 1 warning".
        summary: String,
    },
}

/// Checks the bytes of a plan file against the given catalogues (the plan's `standard` picks
/// one). Never panics, whatever the bytes. Files the plan names (`[previous]`, `[soa] file`)
/// are not read: [`check_file`] reads them.
pub fn check(bytes: &[u8], catalogues: &[&Catalogue]) -> Checked {
    check_in(bytes, catalogues, None, parse::ROOT_KEYS)
}

/// [`check`] for the plan file at `path`, reading the files it names relative to its folder
/// (the previous audit's report or record, the SoA), so that a missing or broken one is
/// reported with the rest. The previous audit's plan is read with [`check`], so its own
/// `[previous]` is not followed.
pub fn check_file(path: &Path, bytes: &[u8], catalogues: &[&Catalogue]) -> Checked {
    let folder = path.parent().unwrap_or(Path::new(""));
    check_in(bytes, catalogues, Some(folder), parse::ROOT_KEYS)
}

/// [`check_file`] for a file that holds a plan among other tables (a practice scenario):
/// `root_keys` are the tables the file may have, the plan's ([`ROOT_KEYS`]) among them; the
/// others are left to the caller.
pub fn check_with(
    path: &Path,
    bytes: &[u8],
    catalogues: &[&Catalogue],
    root_keys: &'static [&'static str],
) -> Checked {
    let folder = path.parent().unwrap_or(Path::new(""));
    check_in(bytes, catalogues, Some(folder), root_keys)
}

fn check_in(
    bytes: &[u8],
    catalogues: &[&Catalogue],
    folder: Option<&Path>,
    root_keys: &'static [&'static str],
) -> Checked {
    let refused = |source: String, d: Diagnostic| Checked {
        plan: None,
        diagnostics: vec![d],
        source,
    };
    if bytes.len() > MAX_PLAN_BYTES {
        return refused(
            String::new(),
            Diagnostic::error(
                0..0,
                format!(
                    "the file is {:.1} MB, more than the {} MB a plan may be",
                    bytes.len() as f64 / 1e6,
                    MAX_PLAN_BYTES / (1024 * 1024)
                ),
            )
            .with_hint("is this the right file?"),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            let source = String::from_utf8_lossy(bytes).into_owned();
            let offset = String::from_utf8_lossy(&bytes[..at]).len();
            return refused(
                source,
                Diagnostic::error(
                    offset..offset + 1,
                    format!("the plan is not UTF-8 text (byte 0x{:02x})", bytes[at]),
                )
                .with_hint("save the file as UTF-8"),
            );
        }
    };
    let (root, syntax) = toml::de::DeTable::parse_recoverable(text);
    let mut diagnostics = syntax::diagnostics(text, &syntax);
    let plan = if diagnostics.is_empty() {
        let mut diags = fields::Diags::default();
        let parts = parse::parts(&root, catalogues, root_keys, &mut diags);
        let previous = match (folder, &parts.previous) {
            (Some(folder), Some(source)) => {
                let this_audit = parts.audit.id.as_ref().map(|id| id.value.as_str());
                previous::read(folder, source, this_audit, catalogues, &mut diags)
            }
            _ => None,
        };
        let soa = match (folder, &parts.soa) {
            (Some(folder), Some(file)) => soa::read(folder, file).map_err(|d| diags.push(d)).ok(),
            _ => None,
        };
        let mut plan = rules::apply(parts, text, &mut diags);
        if let Some(p) = plan.as_mut().and_then(|p| p.previous.as_mut()) {
            p.audit = previous;
        }
        if let Some(s) = plan.as_mut().and_then(|p| p.soa.as_mut()) {
            s.checked = soa;
        }
        diagnostics = diags.into_vec();
        plan
    } else {
        None
    };
    diagnostics.sort_by_key(|d| (d.span.start, d.severity));
    Checked {
        plan,
        diagnostics,
        source: text.to_string(),
    }
}

/// Reads and validates a plan file, using the built-in catalogues and `extra` if given.
pub fn load(path: &Path, extra: Option<&Catalogue>) -> Result<Plan, PlanError> {
    check_file(path, &read(path)?, &catalogues(extra)).into_plan(path)
}

/// The bytes of the plan file at `path` (a practice scenario's too), refused in words like
/// any file the user names.
pub fn read(path: &Path) -> Result<Vec<u8>, PlanError> {
    input::read(path, input::Kind::Plan).map_err(|io| PlanError::Read {
        path: crate::text::one_line(&path.display().to_string()).into_owned(),
        io,
    })
}

/// The catalogues a plan may name: `extra` (from `--catalogue`) first, then the built-in ones.
pub fn catalogues(extra: Option<&Catalogue>) -> Vec<&Catalogue> {
    let mut all: Vec<&Catalogue> = extra.into_iter().collect();
    all.extend(Catalogue::builtin());
    all
}

/// The catalogue a valid plan names.
pub fn catalogue_of<'c>(plan: &Plan, extra: Option<&'c Catalogue>) -> &'c Catalogue {
    catalogues(extra)
        .into_iter()
        .find(|c| c.id == plan.audit.standard)
        .unwrap_or_else(|| Catalogue::iso27001_2022())
}
