//! The finding library: templates of the findings auditors write again and again (the common
//! first-time failures ship built in, `assets/finding-library.toml`), and the auditor's own
//! `finding-library.toml` in the config folder, merged after the built-in ones (an entry with
//! the same id replaces the built-in one). Every reference is checked against the catalogue;
//! every problem names its line and column, printed as `auditday check` prints a plan's. The
//! format is in `docs/finding-library.md`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::audit::Grade;
use crate::catalogue::Catalogue;
use crate::diagnostic::{self, Diagnostic};

/// The built-in library, as shipped in `assets/`.
const BUILT_IN: &str = include_str!("../../assets/finding-library.toml");

/// The environment variable naming the user's library, in place of the one in the config
/// folder.
pub const LIBRARY_ENV: &str = "AUDITDAY_LIBRARY";

/// One template of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Its id, unique in the library: `internal-audit-not-done`.
    pub id: String,
    /// What it is about, in a few words.
    pub title: String,
    /// The grade such a finding usually has.
    pub grade: Grade,
    /// Canonical ids of the clauses and controls it refers to.
    pub references: Vec<String>,
    /// The requirement in the library author's own words (never the standard's text).
    pub requirement: String,
    /// The statement of nonconformity, with blanks (`[…]`) to fill in.
    pub statement: String,
    /// What objective evidence to note, as a prompt; may be empty.
    pub evidence: String,
}

/// The templates in effect, in the order shown when nothing is typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    /// The templates.
    pub templates: Vec<Template>,
}

/// Why the user's library cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// The file exists (or was named) but could not be read.
    #[error("cannot read the finding library {path}: {io}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        io: std::io::Error,
    },
    /// The file has errors; `report` holds them rendered.
    #[error("{report}{path}: {summary} in the finding library")]
    Invalid {
        /// The file.
        path: String,
        /// Every diagnostic, rendered.
        report: String,
        /// "2 errors, 0 warnings".
        summary: String,
    },
}

/// The file as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    finding: Vec<Entry>,
}

/// One entry as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: Spanned<String>,
    title: String,
    grade: Spanned<String>,
    references: Spanned<Vec<Spanned<String>>>,
    requirement: String,
    statement: String,
    #[serde(default)]
    evidence: String,
}

/// The grades as a library writes them.
const GRADES: [(&str, Grade); 6] = [
    ("major", Grade::Major),
    ("minor", Grade::Minor),
    ("observation", Grade::Observation),
    ("opportunity", Grade::Opportunity),
    ("strength", Grade::Strength),
    ("area_of_concern", Grade::AreaOfConcern),
];

impl Library {
    /// The built-in library, its references checked against `catalogue`; entries whose
    /// references another catalogue does not know are left out rather than stopping the day.
    pub fn built_in(catalogue: &Catalogue) -> Library {
        parse(BUILT_IN, catalogue).unwrap_or_else(|_| Library {
            templates: parse_lenient(BUILT_IN, catalogue),
        })
    }

    /// `other`'s templates after these: one with the id of a template here replaces it in
    /// place, the others are added at the end.
    pub fn merge(&mut self, other: Library) {
        for template in other.templates {
            match self.templates.iter_mut().find(|t| t.id == template.id) {
                Some(slot) => *slot = template,
                None => self.templates.push(template),
            }
        }
    }

    /// The built-in library with the user's merged after it: the file `AUDITDAY_LIBRARY`
    /// names, else `finding-library.toml` in auditday's config folder. A missing file in the
    /// config folder is no problem; any other problem is returned with the built-in library,
    /// which the day goes on with.
    pub fn load(catalogue: &Catalogue) -> (Library, Option<LibraryError>) {
        Library::load_from(user_path(), catalogue)
    }

    /// [`Library::load`] with the user's file at `user` (and whether it was named).
    fn load_from(
        user: Option<(PathBuf, bool)>,
        catalogue: &Catalogue,
    ) -> (Library, Option<LibraryError>) {
        let mut library = Library::built_in(catalogue);
        let Some((path, named)) = user else {
            return (library, None);
        };
        match read(&path, named, catalogue) {
            Ok(Some(own)) => {
                library.merge(own);
                (library, None)
            }
            Ok(None) => (library, None),
            Err(e) => (library, Some(e)),
        }
    }

    /// Templates matching `query` best first (fuzzy, over title, references, grade and id);
    /// every template, in order, for an empty query. Indexes into `templates`.
    pub fn fuzzy(&self, query: &str) -> Vec<usize> {
        use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
        use nucleo_matcher::{Config, Matcher};
        if query.trim().is_empty() {
            return (0..self.templates.len()).collect();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let candidates: Vec<Candidate> = self
            .templates
            .iter()
            .enumerate()
            .map(|(at, t)| Candidate {
                at,
                text: format!(
                    "{} {} {} {}",
                    t.title,
                    t.references.join(" "),
                    grade_word(t.grade),
                    t.id
                ),
            })
            .collect();
        let mut scored: Vec<(u32, usize)> = pattern
            .match_list(candidates.iter(), &mut matcher)
            .into_iter()
            .map(|(c, score)| (score, c.at))
            .collect();
        scored.sort_by_key(|(score, at)| (std::cmp::Reverse(*score), *at));
        scored.into_iter().map(|(_, at)| at).collect()
    }
}

/// A template as the matcher sees it.
struct Candidate {
    at: usize,
    text: String,
}

impl AsRef<str> for Candidate {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// The grade as a library writes it: `major`.
pub fn grade_word(grade: Grade) -> &'static str {
    GRADES
        .iter()
        .find(|(_, g)| *g == grade)
        .map_or("", |(w, _)| w)
}

/// The user's library: the one `AUDITDAY_LIBRARY` names, else `finding-library.toml` in
/// auditday's config folder (beside `keys.toml`), and whether it was named.
pub fn user_path() -> Option<(PathBuf, bool)> {
    match std::env::var_os(LIBRARY_ENV).filter(|v| !v.is_empty()) {
        Some(named) => Some((PathBuf::from(named), true)),
        None => directories::ProjectDirs::from("", "", "auditday")
            .map(|dirs| (dirs.config_dir().join("finding-library.toml"), false)),
    }
}

/// The library at `path`; `None` when it is missing from the config folder (a named file must
/// exist).
pub fn read(
    path: &Path,
    named: bool,
    catalogue: &Catalogue,
) -> Result<Option<Library>, LibraryError> {
    let shown = crate::text::one_line(&path.display().to_string()).into_owned();
    let text = match crate::input::read_to_string(path, crate::input::Kind::Library) {
        Ok(text) => text,
        Err(io) if io.kind() == std::io::ErrorKind::NotFound && !named => return Ok(None),
        Err(io) => return Err(LibraryError::Read { path: shown, io }),
    };
    parse(&text, catalogue)
        .map(Some)
        .map_err(|diagnostics| LibraryError::Invalid {
            report: diagnostic::render(&shown, &text, &diagnostics),
            summary: diagnostic::summary(diagnostics.len(), 0),
            path: shown,
        })
}

/// The library written in `text`, or every problem in it.
pub fn parse(text: &str, catalogue: &Catalogue) -> Result<Library, Vec<Diagnostic>> {
    let file: File = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().lines().next().unwrap_or("invalid TOML");
        vec![Diagnostic::error(
            e.span().unwrap_or(0..0),
            message.to_string(),
        )]
    })?;
    let mut problems = Vec::new();
    let mut templates: Vec<Template> = Vec::new();
    let mut seen: Vec<(String, Range<usize>)> = Vec::new();
    for entry in file.finding {
        if let Some(template) = entry_of(entry, catalogue, &mut seen, &mut problems) {
            templates.push(template);
        }
    }
    if problems.is_empty() {
        Ok(Library { templates })
    } else {
        Err(problems)
    }
}

/// The entries of `text` that are correct, the others left out.
fn parse_lenient(text: &str, catalogue: &Catalogue) -> Vec<Template> {
    let Ok(file) = toml::from_str::<File>(text) else {
        return Vec::new();
    };
    let mut seen = Vec::new();
    file.finding
        .into_iter()
        .filter_map(|entry| entry_of(entry, catalogue, &mut seen, &mut Vec::new()))
        .collect()
}

/// One entry checked: its id new and well formed, its grade known, every reference in the
/// catalogue, its texts not empty.
fn entry_of(
    entry: Entry,
    catalogue: &Catalogue,
    seen: &mut Vec<(String, Range<usize>)>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Template> {
    let before = problems.len();
    let id = entry.id.get_ref().trim().to_string();
    if id.is_empty() {
        problems.push(Diagnostic::error(entry.id.span(), "an entry needs an id"));
    } else if seen.iter().any(|(s, _)| *s == id) {
        problems.push(
            Diagnostic::error(entry.id.span(), format!("the id `{id}` is used twice"))
                .with_hint("give each entry its own id; in your own file, the same id as a built-in entry replaces it"),
        );
    } else {
        seen.push((id.clone(), entry.id.span()));
    }
    let written = entry.grade.get_ref().trim().to_lowercase();
    let grade = GRADES.iter().find(|(w, _)| *w == written).map(|(_, g)| *g);
    if grade.is_none() {
        problems.push(
            Diagnostic::error(
                entry.grade.span(),
                format!("`{}` is not a grade", entry.grade.get_ref()),
            )
            .with_hint("write major, minor, observation, opportunity, strength or area_of_concern"),
        );
    }
    let mut references = Vec::new();
    if entry.references.get_ref().is_empty() {
        problems.push(Diagnostic::error(
            entry.references.span(),
            "a finding refers to at least one clause or control",
        ));
    }
    for reference in entry.references.get_ref() {
        match catalogue.resolve(reference.get_ref()) {
            Ok(found) if !references.contains(&found.id) => references.push(found.id.clone()),
            Ok(_) => {}
            Err(e) => {
                let mut problem = Diagnostic::error(reference.span(), e.message());
                if let Some(hint) = e.hint() {
                    problem = problem.with_hint(hint);
                }
                problems.push(problem);
            }
        }
    }
    for (what, text) in [("title", &entry.title), ("statement", &entry.statement)] {
        if text.trim().is_empty() {
            problems.push(Diagnostic::error(
                entry.id.span(),
                format!("the entry `{id}` has an empty {what}"),
            ));
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(Template {
        id,
        title: entry.title.trim().to_string(),
        grade: grade?,
        references,
        requirement: entry.requirement.trim().to_string(),
        statement: entry.statement.trim().to_string(),
        evidence: entry.evidence.trim().to_string(),
    })
}

#[cfg(test)]
mod tests;
