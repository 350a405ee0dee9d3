//! The previous audit a surveillance or recertification audit follows up (`[previous]`): its
//! JSON report (the report context `auditday report --format json` writes) read beside the
//! plan, bounded like every file the user names, for the nonconformities whose closure this
//! audit verifies. It is read when the plan is checked or opened, never on a key press.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::Located;
use crate::audit::Grade;
use crate::diagnostic::Diagnostic;
use crate::input;

/// The report context's shape this version reads; a report of another is refused in words.
const SCHEMA_VERSION: u32 = 1;

/// The `[previous]` table: where the previous audit's report is, and what it holds once read.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// The `report` path as the plan writes it (relative to the plan's folder).
    pub report: Located<String>,
    /// The previous audit as its report tells it: read by [`super::load`] and `auditday
    /// check`, absent when only the plan's text was checked.
    pub audit: Option<PreviousAudit>,
}

/// The previous audit, as far as verifying its nonconformities needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousAudit {
    /// Its audit id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its days in words: `8–9 Oct 2025`.
    pub dates: String,
    /// Its standing major and minor nonconformities, in number order.
    pub nonconformities: Vec<PreviousNc>,
}

/// A nonconformity of the previous audit whose corrective action this audit verifies.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousNc {
    /// Its number in the previous report: `NC-01`, or the certification body's `NC-2025-01`.
    pub number: String,
    /// Major or minor.
    pub grade: Grade,
    /// The clauses and controls it refers to (canonical ids).
    pub references: Vec<String>,
    /// The requirement, as the previous report quotes it.
    pub requirement: String,
    /// The statement of nonconformity.
    pub statement: String,
    /// When its corrective action was due, if the report says.
    pub due: Option<NaiveDate>,
}

impl PreviousNc {
    /// Whether its corrective action was due before `day` (the audit's first day).
    pub fn overdue(&self, day: NaiveDate) -> bool {
        self.due.is_some_and(|due| due < day)
    }
}

impl Previous {
    /// The previous audit's nonconformities (none while its report is not read).
    pub fn nonconformities(&self) -> &[PreviousNc] {
        self.audit
            .as_ref()
            .map_or(&[], |a| a.nonconformities.as_slice())
    }
}

#[derive(Deserialize)]
struct ReportFile {
    schema_version: u32,
    audit: AuditFile,
    findings: Vec<FindingFile>,
}

#[derive(Deserialize)]
struct AuditFile {
    id: String,
    title: String,
    #[serde(default)]
    dates: String,
}

#[derive(Deserialize)]
struct FindingFile {
    number: String,
    grade: Grade,
    #[serde(default)]
    references: Vec<ReferenceFile>,
    #[serde(default)]
    requirement: String,
    #[serde(default)]
    statement: String,
    #[serde(default)]
    corrective_action: Option<DueFile>,
    #[serde(default)]
    withdrawn: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct ReferenceFile {
    id: String,
}

#[derive(Deserialize)]
struct DueFile {
    due: NaiveDate,
}

/// Reads the report `[previous]` names, relative to `folder` (the plan's); a problem is one
/// diagnostic at the `report` value, saying what is wrong in words.
pub(super) fn read(folder: &Path, report: &Located<String>) -> Result<PreviousAudit, Diagnostic> {
    let shown = crate::text::one_line(&report.value).into_owned();
    let problem = |message: String| {
        Diagnostic::error(report.span.clone(), message).with_hint(
            "name the previous audit's JSON report (`auditday report PLAN.toml --format json -o FILE.json`), relative to this plan's folder",
        )
    };
    let bytes =
        input::read(&folder.join(&report.value), input::Kind::PreviousReport).map_err(|e| {
            problem(format!(
                "cannot read the previous audit's report \"{shown}\": {e}"
            ))
        })?;
    let file: ReportFile = serde_json::from_slice(&bytes).map_err(|e| {
        problem(format!(
            "the previous audit's report \"{shown}\" is not a report auditday wrote: {e}"
        ))
    })?;
    if file.schema_version != SCHEMA_VERSION {
        return Err(problem(format!(
            "the previous audit's report \"{shown}\" is of schema version {}; this auditday reads version {SCHEMA_VERSION}",
            file.schema_version
        )));
    }
    let nonconformities = file
        .findings
        .into_iter()
        .filter(|f| matches!(f.grade, Grade::Major | Grade::Minor) && f.withdrawn.is_none())
        .map(|f| PreviousNc {
            number: f.number,
            grade: f.grade,
            references: f.references.into_iter().map(|r| r.id).collect(),
            requirement: f.requirement,
            statement: f.statement,
            due: f.corrective_action.map(|c| c.due),
        })
        .collect();
    Ok(PreviousAudit {
        id: file.audit.id,
        title: file.audit.title,
        dates: file.audit.dates,
        nonconformities,
    })
}
