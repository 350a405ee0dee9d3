//! The previous audit a surveillance or recertification audit follows up (`[previous]`): its
//! JSON report (the report context `auditday report --format json` writes) or its record, read
//! beside the plan, bounded like every file the user names, for the nonconformities whose
//! closure this audit verifies. It is read when the plan is checked or opened, never on a key
//! press.

mod record;

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::Located;
use super::fields::{Diags, Table};
use crate::audit::Grade;
use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::input;
use crate::report::SCHEMA_VERSION;

/// The `[previous]` table: where the previous audit is read from, and what it holds once read.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// Where the plan says the previous audit is: its report or its record.
    pub source: PreviousSource,
    /// The previous audit as its report or record tells it: read by [`super::load`] and
    /// `auditday check`, absent when only the plan's text was checked.
    pub audit: Option<PreviousAudit>,
}

/// What `[previous]` names, paths as the plan writes them (relative to the plan's folder).
#[derive(Debug, Clone, PartialEq)]
pub enum PreviousSource {
    /// `report`: the previous audit's JSON report.
    Report(Located<String>),
    /// `record`: a team's audit folder or an auditor's record folder, with the previous plan
    /// (`plan`) when the folder holds none or another is meant.
    Record {
        /// The folder.
        record: Located<String>,
        /// The previous audit's plan, when the plan names one.
        plan: Option<Located<String>>,
    },
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

impl PreviousSource {
    /// The `report` path, when the plan names a report.
    pub fn report(&self) -> Option<&str> {
        match self {
            PreviousSource::Report(report) => Some(&report.value),
            PreviousSource::Record { .. } => None,
        }
    }

    /// The `record` path, when the plan names a record.
    pub fn record(&self) -> Option<&str> {
        match self {
            PreviousSource::Record { record, .. } => Some(&record.value),
            PreviousSource::Report(_) => None,
        }
    }

    /// The `plan` path, when the plan names the previous plan beside its record.
    pub fn plan(&self) -> Option<&str> {
        match self {
            PreviousSource::Record {
                plan: Some(plan), ..
            } => Some(&plan.value),
            _ => None,
        }
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

/// Reads the `[previous]` table's keys: exactly one of `report` and `record`, and `plan` only
/// beside `record`.
pub(super) fn source(table: &Table<'_, '_>, diags: &mut Diags) -> Option<PreviousSource> {
    let report = table.opt_string("report", diags).map(Located::owned);
    let record = table.opt_string("record", diags).map(Located::owned);
    let plan = table.opt_string("plan", diags).map(Located::owned);
    let one_of = |message: &str| {
        Diagnostic::error(table.span(), message).with_hint(
            "`report` names the previous audit's JSON report, `record` its record folder",
        )
    };
    match (report, record) {
        (Some(_), Some(_)) => {
            diags.push(one_of(
                "[previous] names both a `report` and a `record`: name one of them",
            ));
            None
        }
        (None, None) => {
            diags.push(one_of("[previous] names neither a `report` nor a `record`"));
            None
        }
        (Some(report), None) => match plan {
            Some(plan) => {
                diags.push(
                    Diagnostic::error(plan.span, "`plan` goes with `record`, not `report`")
                        .with_hint("a report holds its audit's plan; remove `plan`"),
                );
                None
            }
            None => Some(PreviousSource::Report(report)),
        },
        (None, Some(record)) => Some(PreviousSource::Record { record, plan }),
    }
}

/// Reads the previous audit `source` names, relative to `folder` (the plan's): `this_audit` is
/// the plan's own audit id, and `catalogues` those the plan was checked against. A problem is
/// a diagnostic at the value that names what is wrong, in words.
pub(super) fn read(
    folder: &Path,
    source: &PreviousSource,
    this_audit: Option<&str>,
    catalogues: &[&Catalogue],
    diags: &mut Diags,
) -> Option<PreviousAudit> {
    match source {
        PreviousSource::Report(report) => {
            read_report(folder, report).map_err(|d| diags.push(d)).ok()
        }
        PreviousSource::Record { record, plan } => record::read(
            folder,
            &record::Named {
                record,
                plan: plan.as_ref(),
                this_audit,
                catalogues,
            },
            diags,
        ),
    }
}

/// Reads the report `[previous]` names, relative to `folder` (the plan's); a problem is one
/// diagnostic at the `report` value, saying what is wrong in words.
fn read_report(folder: &Path, report: &Located<String>) -> Result<PreviousAudit, Diagnostic> {
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
    Ok(file.into_audit())
}

impl ReportFile {
    /// The previous audit as the report context tells it, whether read from a JSON report or
    /// built from the record: its standing major and minor nonconformities, withdrawn ones
    /// left out.
    fn into_audit(self) -> PreviousAudit {
        let nonconformities = self
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
        PreviousAudit {
            id: self.audit.id,
            title: self.audit.title,
            dates: self.audit.dates,
            nonconformities,
        }
    }
}

#[cfg(test)]
mod tests {
    const SAMPLE: &str = include_str!("../../../sample-audits/surveillance-law-firm.toml");

    /// The surveillance sample with `table` as its `[previous]` keys, checked without its
    /// folder (so nothing it names is read).
    fn with(table: &str) -> crate::plan::Checked {
        let text = SAMPLE.replace(
            "[previous]\nreport = \"surveillance-law-firm.previous.json\"\n",
            &format!("[previous]\n{table}"),
        );
        assert_ne!(text, SAMPLE, "the sample names its previous report");
        crate::plan::check(text.as_bytes(), &crate::plan::catalogues(None))
    }

    fn messages(checked: &crate::plan::Checked) -> Vec<String> {
        (checked.diagnostics.iter())
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn a_record_is_named_with_its_plan_or_alone_and_a_report_alone() {
        for (table, wanted) in [
            (
                "record = \"../stage2\"\nplan = \"stage2.toml\"\n",
                (None, Some("../stage2"), Some("stage2.toml")),
            ),
            ("record = \"../stage2\"\n", (None, Some("../stage2"), None)),
            (
                "report = \"stage2.json\"\n",
                (Some("stage2.json"), None, None),
            ),
        ] {
            let checked = with(table);
            assert_eq!(messages(&checked), Vec::<String>::new(), "{table}");
            let previous = checked.plan.unwrap().previous.unwrap();
            let source = &previous.source;
            assert_eq!(
                (source.report(), source.record(), source.plan()),
                wanted,
                "{table}"
            );
            assert_eq!(previous.audit, None, "check reads nothing beside the plan");
        }
    }

    #[test]
    fn report_and_record_are_one_or_the_other_and_plan_goes_with_record() {
        assert_eq!(
            messages(&with("report = \"a.json\"\nrecord = \"b\"\n")),
            ["[previous] names both a `report` and a `record`: name one of them"]
        );
        assert_eq!(
            messages(&with("plan = \"a.toml\"\n")),
            ["[previous] names neither a `report` nor a `record`"]
        );
        assert_eq!(
            messages(&with("report = \"a.json\"\nplan = \"a.toml\"\n")),
            ["`plan` goes with `record`, not `report`"]
        );
    }
}
