//! An organisation's Statement of Applicability (SoA), read from the CSV or Excel file they
//! keep it in: whether it lists every Annex A control once, with a justification for each
//! exclusion, in the ids of the current edition. A Stage 1 review needs this answered before
//! anything else, and a Stage 2 plan samples the controls it declares applicable.

mod check;
mod grid;
mod header;
mod read;
mod sample;
mod xlsx;

use std::path::Path;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::input;

pub use sample::{DraftRequest, SampleError, draft_plan};

/// Why an SoA could not be checked at all (its problems are a [`SoaReport`], not an error).
#[derive(Debug, thiserror::Error)]
pub enum SoaError {
    /// The file could not be read.
    #[error("cannot read the SoA {path}: {io}")]
    Read {
        /// The file as named.
        path: String,
        /// Why.
        io: std::io::Error,
    },
    /// Neither `.csv` nor `.xlsx`.
    #[error("cannot tell whether the SoA {path} is CSV or Excel: name it .csv or .xlsx")]
    UnknownFormat {
        /// The file as named.
        path: String,
    },
    /// Not a CSV file that can be read.
    #[error("the SoA {path} cannot be read as CSV: {reason}")]
    Csv {
        /// The file as named.
        path: String,
        /// What the CSV reader said.
        reason: String,
    },
    /// Not an Excel workbook that can be read, or one that inflates beyond the limits.
    #[error("the SoA {path} cannot be read as an Excel workbook (.xlsx): {reason}")]
    Xlsx {
        /// The file as named.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// No row looks like the heading of an SoA table.
    #[error(
        "the SoA {path} has no heading row naming the control and whether it is applicable \
         (looked for headings such as \"Control ID\", \"Annex A ref\" and \"Applicable\", \
         \"Included\" in the first {rows} rows{sheets})"
    )]
    NoHeader {
        /// The file as named.
        path: String,
        /// How many rows were looked at.
        rows: usize,
        /// The sheets looked at, for a workbook: ` of sheets "Cover", "SoA"`.
        sheets: String,
    },
}

/// Where a problem is: a row of the file (as a spreadsheet numbers it, from 1) and, when one
/// cell is at fault, its column (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct At {
    /// The row, from 1.
    pub row: usize,
    /// The column, from 1, when one cell is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// What kind of problem an SoA has: what a Stage 1 reviewer looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// An Annex A control the SoA does not list.
    Missing,
    /// A control listed a second time.
    Duplicate,
    /// A control excluded without saying why.
    NoJustification,
    /// A row whose applicability is blank or not a yes or a no.
    NoApplicability,
    /// An id of the previous edition (2013).
    PreviousEdition,
    /// An id that is no Annex A control.
    Unknown,
}

/// One problem of an SoA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Its kind.
    pub kind: ProblemKind,
    /// Where it is; none for a missing control.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<At>,
    /// The control it is about, canonical when known (`A.8.15`), else as written.
    pub id: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// One control the SoA lists, as the sampling helper needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its canonical id.
    pub id: String,
    /// The row it is on.
    pub row: usize,
    /// Whether the SoA declares it applicable; `None` when it does not say.
    pub applicable: Option<bool>,
    /// Whether it is said to be fully implemented; `None` when the SoA does not say.
    pub implemented: Option<bool>,
}

/// What checking an SoA found: the counts a Stage 1 conclusion needs and every problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SoaReport {
    /// The file as named (escaped for one line).
    pub file: String,
    /// The sheet read, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row holding the headings (the lower one of a two-row heading).
    pub header_row: usize,
    /// Distinct Annex A controls listed.
    pub controls: usize,
    /// Of them, declared applicable.
    pub applicable: usize,
    /// Of them, declared excluded.
    pub excluded: usize,
    /// The catalogue's controls the SoA does not list, in the standard's order.
    pub missing: Vec<String>,
    /// Every problem: by row, then the missing controls.
    pub problems: Vec<Problem>,
    /// The controls listed, first listing of each, in the file's order.
    #[serde(skip)]
    pub listed: Vec<Listed>,
}

impl SoaReport {
    /// The one-line summary: `93 controls: 90 applicable, 3 excluded; 2 problems`.
    pub fn summary(&self) -> String {
        let unsaid = self.controls - self.applicable - self.excluded;
        let unsaid = if unsaid > 0 {
            format!(", {unsaid} not said")
        } else {
            String::new()
        };
        let problems = match self.problems.len() {
            0 => "no problems".to_string(),
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        };
        format!(
            "{} controls: {} applicable, {} excluded{unsaid}; {problems}",
            self.controls, self.applicable, self.excluded
        )
    }
}

/// Whether an SoA file is CSV or an Excel workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values (also `;` or tab, found from the heading).
    Csv,
    /// An Office Open XML workbook.
    Xlsx,
}

impl Format {
    /// The format a file's extension names.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Reads the SoA at `path` (a regular file of at most 16 MB, CSV or XLSX by its extension) and
/// checks it against the built-in ISO/IEC 27001:2022 catalogue: the entry point a Stage 1
/// review calls.
pub fn check_file(path: &Path) -> Result<SoaReport, SoaError> {
    check_file_with(path, Catalogue::iso27001_2022())
}

/// [`check_file`] against `catalogue`.
pub fn check_file_with(path: &Path, catalogue: &Catalogue) -> Result<SoaReport, SoaError> {
    let shown = crate::text::one_line(&path.display().to_string()).into_owned();
    let format = Format::of_path(path).ok_or_else(|| SoaError::UnknownFormat {
        path: shown.clone(),
    })?;
    let bytes = input::read(path, input::Kind::Soa).map_err(|io| SoaError::Read {
        path: shown.clone(),
        io,
    })?;
    check_bytes(&shown, &bytes, format, catalogue)
}

/// Checks the SoA held in `bytes`, named `file` in what is reported.
pub fn check_bytes(
    file: &str,
    bytes: &[u8],
    format: Format,
    catalogue: &Catalogue,
) -> Result<SoaReport, SoaError> {
    let table = read::table(file, bytes, format)?;
    Ok(check::check(file, &table, catalogue))
}
