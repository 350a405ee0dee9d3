//! The organisation's Statement of Applicability the plan names (`[soa] file`): checked
//! against the catalogue when the plan is checked or opened, never on a key press, so that the
//! Stage 1 document review and its conclusion know which Annex A controls it leaves out.

use std::path::Path;

use super::Located;
use crate::diagnostic::Diagnostic;
use crate::soa::{self, SoaReport};

/// The `[soa]` table: the file the plan names and, once read, what checking it found.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSoa {
    /// The `file` path as the plan writes it (relative to the plan's folder).
    pub file: Located<String>,
    /// What checking it found: read by [`super::load`] and `auditday check`, absent when only
    /// the plan's text was checked.
    pub checked: Option<SoaReport>,
}

/// Checks the SoA `[soa] file` names, relative to `folder` (the plan's); a file that cannot be
/// checked at all is one diagnostic at the `file` value. The SoA's own problems are not the
/// plan's: they are in the report, for the Stage 1 review.
pub(super) fn read(folder: &Path, file: &Located<String>) -> Result<SoaReport, Diagnostic> {
    let mut report = soa::check_file(&folder.join(&file.value)).map_err(|e| {
        Diagnostic::error(file.span.clone(), e.to_string()).with_hint(
            "name the organisation's Statement of Applicability (.csv or .xlsx), relative to this plan's folder",
        )
    })?;
    report.file = crate::text::one_line(&file.value).into_owned();
    Ok(report)
}
