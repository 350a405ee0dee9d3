//! The auditor's own templates: a file in their template folder named as a built-in template
//! (`report.html.j2`, `report.md.j2`, `report.typ`, `common.typ`, `auditee-plan.html.j2` …,
//! the names in `assets/report/`) is used in its place; every other document stays built in.
//! The folder is the one `--template-folder` names, else `AUDITDAY_TEMPLATES`, else `templates` in
//! auditday's config folder when there is one.
//!
//! A template changes how a document looks, never what it may do: it is rendered with the same
//! escaping (HTML, Markdown) or reads the same data file (Typst) as the built-in one.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The variable naming the template folder.
pub const TEMPLATES_ENV: &str = "AUDITDAY_TEMPLATES";

/// Where the auditor's templates are, if anywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    folder: Option<PathBuf>,
}

/// Why the auditor's templates could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TemplateFolderError {
    /// The folder named does not exist or is not a folder.
    #[error("the template folder {0} is not a folder")]
    NoFolder(String),
    /// A template in the folder could not be read (too large, not a file, not UTF-8 …).
    #[error("cannot read the template {path}: {why}")]
    Read {
        /// The template's path, made printable.
        path: String,
        /// Why, in words.
        why: std::io::Error,
    },
}

impl Templates {
    /// Only the built-in templates.
    pub fn built_in() -> Templates {
        Templates::default()
    }

    /// The templates of the folder `flag` names, else of the one `AUDITDAY_TEMPLATES` names,
    /// else of `templates` in auditday's config folder if it is there. A folder named by the
    /// flag or the variable must exist.
    pub fn user(flag: Option<&Path>) -> Result<Templates, TemplateFolderError> {
        let named = flag.map(Path::to_owned).or_else(|| {
            std::env::var_os(TEMPLATES_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        match named {
            Some(folder) if folder.is_dir() => Ok(Templates {
                folder: Some(folder),
            }),
            Some(folder) => Err(TemplateFolderError::NoFolder(
                crate::text::one_line(&folder.display().to_string()).into_owned(),
            )),
            None => Ok(Templates {
                folder: directories::ProjectDirs::from("", "", "auditday")
                    .map(|dirs| dirs.config_dir().join("templates"))
                    .filter(|folder| folder.is_dir()),
            }),
        }
    }

    /// The text of the template `name`: the auditor's when their folder has it, else
    /// `built_in`.
    pub(super) fn source(
        &self,
        name: &str,
        built_in: &'static str,
    ) -> Result<Cow<'static, str>, TemplateFolderError> {
        let Some(folder) = &self.folder else {
            return Ok(Cow::Borrowed(built_in));
        };
        let path = folder.join(name);
        match crate::input::read_to_string(&path, crate::input::Kind::Template) {
            Ok(text) => Ok(Cow::Owned(text)),
            Err(io) if io.kind() == std::io::ErrorKind::NotFound => Ok(Cow::Borrowed(built_in)),
            Err(why) => Err(TemplateFolderError::Read {
                path: crate::text::one_line(&path.display().to_string()).into_owned(),
                why,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_in_the_folder_replaces_the_built_in_one_and_only_that_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.md.j2"), "# {{ r.audit.title }}").unwrap();
        let templates = Templates::user(Some(dir.path())).unwrap();
        assert_eq!(
            templates.source("report.md.j2", "built in").unwrap(),
            "# {{ r.audit.title }}"
        );
        assert_eq!(
            templates.source("report.html.j2", "built in").unwrap(),
            "built in"
        );
        assert_eq!(
            Templates::built_in()
                .source("report.md.j2", "built in")
                .unwrap(),
            "built in"
        );
    }

    #[test]
    fn a_folder_that_is_not_there_or_a_template_that_is_not_a_file_is_refused_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere");
        assert_eq!(
            Templates::user(Some(&missing)).unwrap_err().to_string(),
            format!("the template folder {} is not a folder", missing.display())
        );
        std::fs::create_dir(dir.path().join("report.typ")).unwrap();
        let templates = Templates::user(Some(dir.path())).unwrap();
        let refused = templates.source("report.typ", "").unwrap_err().to_string();
        assert!(refused.contains("report template"), "{refused}");
    }
}
