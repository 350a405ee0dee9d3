//! The audit report and the documents sent before the audit as PDF, typeset in this process
//! by Typst (no browser, no office suite, no network) from templates in `assets/report/`
//! with fonts built into the program.
//!
//! The data reaches a template as data: the context and the words are one JSON file that the
//! template reads with `json(..)`, so text from a plan or a record is never Typst source and
//! cannot become markup or code, whatever it holds. Control and bidirectional characters are
//! made visible before, as every other format does.

use std::sync::LazyLock;

use serde_json::Value as Json;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Str};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use super::{Look, ReportError};
use crate::text::escape_controls;

/// The audit report's template.
const REPORT: &str = include_str!("../../assets/report/report.typ");
/// The auditee's copy of the plan.
const PLAN: &str = include_str!("../../assets/report/auditee-plan.typ");
/// The evidence requests.
const REQUESTS: &str = include_str!("../../assets/report/evidence-requests.typ");
/// What the three share: the data, the page, the ways of printing dates and text.
const COMMON: &str = include_str!("../../assets/report/common.typ");
/// The name the templates import it by.
const COMMON_NAME: &str = "common.typ";

/// The path the template reads its data from.
const DATA_PATH: &str = "/data.json";

/// The paper a PDF is set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm: the paper of most of the world.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Typst's name for the paper.
    fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

/// Which document to typeset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The audit report.
    Report,
    /// The auditee's copy of the plan.
    Plan,
    /// The evidence requests.
    Requests,
}

/// Why a PDF could not be made: what Typst said, in its words, with the template's line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PdfError(String);

/// The document `template` typeset from `context`, looking as `look` says (its words, its
/// paper, the auditor's own Typst templates if any). It carries no creation date, so that the
/// same record gives the same PDF.
pub fn pdf(
    template: Template,
    context: &impl serde::Serialize,
    look: &Look,
) -> Result<Vec<u8>, ReportError> {
    let (name, built_in) = match template {
        Template::Report => ("report.typ", REPORT),
        Template::Plan => ("auditee-plan.typ", PLAN),
        Template::Requests => ("evidence-requests.typ", REQUESTS),
    };
    let main = look.templates.source(name, built_in)?;
    let common = look.templates.source(COMMON_NAME, COMMON)?;
    let mut data = serde_json::json!({
        "r": serde_json::to_value(context).map_err(|e| PdfError(e.to_string()))?,
        "t": serde_json::to_value(look.words).map_err(|e| PdfError(e.to_string()))?,
    });
    make_visible(&mut data);
    let world = Document::new(
        [
            (name, main.into_owned()),
            (COMMON_NAME, common.into_owned()),
        ],
        serde_json::to_vec(&data).unwrap_or_default(),
        look.paper,
    );
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| PdfError(world.describe(&errors)))?;
    let options = typst_pdf::PdfOptions {
        // Typst derives the document's identifier from its title, which names the audit.
        ident: typst::foundations::Smart::Auto,
        creator: typst::foundations::Smart::Custom(Some("auditday".to_owned())),
        ..typst_pdf::PdfOptions::default()
    };
    Ok(typst_pdf::pdf(&document, &options).map_err(|errors| PdfError(world.describe(&errors)))?)
}

/// Every string in `value` with its control and bidirectional characters made visible
/// (newlines kept), as the other formats print them.
fn make_visible(value: &mut Json) {
    match value {
        Json::String(text) => {
            if let std::borrow::Cow::Owned(visible) = escape_controls(text, true) {
                *text = visible;
            }
        }
        Json::Array(items) => items.iter_mut().for_each(make_visible),
        Json::Object(fields) => fields.values_mut().for_each(make_visible),
        _ => {}
    }
}

/// The fonts built into the program (Libertinus Serif for the text, DejaVu Sans Mono for
/// digests, New Computer Modern as a fallback), read once.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// Typst's whole world for one document: the template and what it imports, the data file and
/// the fonts; nothing from the disk, the network or the clock.
struct Document {
    library: LazyHash<Library>,
    /// The template first, then the file it imports, each with its name.
    sources: [(&'static str, Source); 2],
    data_id: FileId,
    data: Bytes,
}

impl Document {
    fn new(sources: [(&'static str, String); 2], data: Vec<u8>, paper: Paper) -> Document {
        let mut inputs = Dict::new();
        inputs.insert(Str::from("paper"), paper.typst_name().into_value());
        Document {
            library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
            sources: sources
                .map(|(name, text)| (name, Source::new(file_id(&format!("/{name}")), text))),
            data_id: file_id(DATA_PATH),
            data: Bytes::new(data),
        }
    }

    /// Typst's errors, one a line, each with the template and the line it is on.
    fn describe(&self, errors: &[SourceDiagnostic]) -> String {
        errors
            .iter()
            .filter(|e| e.severity == Severity::Error)
            .map(|e| {
                let at = e.span.id().and_then(|id| {
                    let (name, source) = self.sources.iter().find(|(_, s)| s.id() == id)?;
                    let range = self.range(e.span)?;
                    let (line, column) = source.lines().byte_to_line_column(range.start)?;
                    Some(format!("{name}:{}:{}: ", line + 1, column + 1))
                });
                format!("{}{}", at.unwrap_or_default(), e.message)
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The id of the built-in file at `path`.
fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).expect("the built-in paths are valid");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.sources[0].1.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        (self.sources.iter())
            .find(|(_, s)| s.id() == id)
            .map(|(_, s)| s.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
