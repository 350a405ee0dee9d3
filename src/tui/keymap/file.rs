//! The user's key file: TOML, one table per context, each action rebound by its name to one
//! key or a list of keys (`docs/keys.md` lists them all). It is read from the spanned TOML
//! tree so that every problem names its line and column, printed as `auditday check` prints a
//! plan's.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Key, Keymap, contexts};
use crate::diagnostic::{self, Diagnostic};

/// The environment variable naming the key file, in place of the one in the config folder.
const KEYS_ENV: &str = "AUDITDAY_KEYS";

/// Why the key file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file exists (or was named) but could not be read.
    #[error("cannot read the key file {path}: {io}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        io: std::io::Error,
    },
    /// The file has errors; `report` holds them rendered.
    #[error("{report}{path}: {summary} in the key file; fix them or move the file away")]
    Invalid {
        /// The file.
        path: String,
        /// Every diagnostic, rendered.
        report: String,
        /// "2 errors, 0 warnings".
        summary: String,
    },
}

/// The key file: the one `AUDITDAY_KEYS` names, else `keys.toml` in auditday's config folder
/// (`~/.config/auditday/keys.toml` on Linux), and whether it was named.
fn path() -> Option<(PathBuf, bool)> {
    match std::env::var_os(KEYS_ENV).filter(|v| !v.is_empty()) {
        Some(named) => Some((PathBuf::from(named), true)),
        None => directories::ProjectDirs::from("", "", "auditday")
            .map(|dirs| (dirs.config_dir().join("keys.toml"), false)),
    }
}

/// The built-in keys with the user's key file applied; no file in the config folder means the
/// built-in keys, a file named by `AUDITDAY_KEYS` must exist.
pub(super) fn load() -> Result<Keymap, KeyFileError> {
    let Some((path, named)) = path() else {
        return Ok(Keymap::built_in());
    };
    read(&path, named)
}

fn read(path: &Path, named: bool) -> Result<Keymap, KeyFileError> {
    let shown = crate::text::one_line(&path.display().to_string()).into_owned();
    let text = match crate::input::read_to_string(path, crate::input::Kind::KeyFile) {
        Ok(text) => text,
        Err(io) if io.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(Keymap::built_in());
        }
        Err(io) => return Err(KeyFileError::Read { path: shown, io }),
    };
    apply(&text).map_err(|diagnostics| KeyFileError::Invalid {
        report: diagnostic::render(&shown, &text, &diagnostics),
        summary: diagnostic::summary(diagnostics.len(), 0),
        path: shown,
    })
}

/// The built-in keys with the key file `text` applied, or every problem in it.
pub(crate) fn apply(text: &str) -> Result<Keymap, Vec<Diagnostic>> {
    let (root, syntax) = DeTable::parse_recoverable(text);
    let mut problems: Vec<Diagnostic> = syntax
        .iter()
        .map(|e| {
            let message = e.message().trim().lines().next().unwrap_or("invalid TOML");
            Diagnostic::error(e.span().unwrap_or(0..0), format!("TOML syntax: {message}"))
        })
        .collect();
    let mut keymap = Keymap::built_in();
    if !problems.is_empty() {
        return Err(problems);
    }
    let all = contexts();
    let names: Vec<&str> = all.iter().map(|c| c.name).collect();
    let mut rebound: Vec<(&'static str, Key, Range<usize>)> = Vec::new();
    for (name, value) in root.get_ref().iter() {
        let Some(context) = all.iter().find(|c| c.name == name.get_ref().as_ref()) else {
            problems.push(unknown(name, "context", &names));
            continue;
        };
        let DeValue::Table(table) = value.get_ref() else {
            problems.push(Diagnostic::error(
                value.span(),
                format!(
                    "`{}` must be a table of actions and their keys",
                    context.name
                ),
            ));
            continue;
        };
        let bound = keymap
            .bindings_mut(context)
            .expect("every context has a table");
        let actions: Vec<String> = bound
            .iter()
            .filter_map(|b| b.action.name().map(|n| n.into_owned()))
            .collect();
        for (action, keys) in table.iter() {
            let at = actions.iter().position(|a| a == action.get_ref().as_ref());
            let Some(at) = at else {
                let known: Vec<&str> = actions.iter().map(String::as_str).collect();
                problems.push(unknown(
                    action,
                    &format!("action in `{}`", context.name),
                    &known,
                ));
                continue;
            };
            let mut parsed = Vec::new();
            for (written, span) in strings(keys, &mut problems) {
                match Key::parse(&written) {
                    Ok(key) => {
                        rebound.push((context.name, key, span));
                        parsed.push(key);
                    }
                    Err(why) => problems.push(Diagnostic::error(span, why)),
                }
            }
            bound[at].keys = parsed;
        }
    }
    for (context, key, span) in rebound {
        let context = all
            .iter()
            .find(|c| c.name == context)
            .expect("known context");
        let actions: Vec<String> = keymap
            .bindings(context)
            .iter()
            .filter(|b| b.keys.contains(&key))
            .filter_map(|b| b.action.name().map(|n| n.into_owned()))
            .collect();
        if actions.len() > 1 {
            problems.push(
                Diagnostic::error(
                    span,
                    format!(
                        "`{}` is bound twice in `{}`: to {}",
                        key.label(),
                        context.name,
                        actions.join(" and ")
                    ),
                )
                .with_hint("give one of them another key in the same table"),
            );
        }
    }
    if problems.is_empty() {
        Ok(keymap)
    } else {
        Err(problems)
    }
}

/// The keys written for an action: one string or a list of strings, each with its span.
fn strings(
    value: &Spanned<DeValue<'_>>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, Range<usize>)> {
    let wrong = |span| {
        Diagnostic::error(
            span,
            "keys are written as a string (\"Ctrl-S\") or a list of strings",
        )
    };
    match value.get_ref() {
        DeValue::String(s) => vec![(s.to_string(), value.span())],
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::String(s) => Some((s.to_string(), item.span())),
                _ => {
                    problems.push(wrong(item.span()));
                    None
                }
            })
            .collect(),
        _ => {
            problems.push(wrong(value.span()));
            Vec::new()
        }
    }
}

/// An unknown context or action, with the likeliest meant or the list of known ones.
fn unknown(name: &Spanned<std::borrow::Cow<'_, str>>, what: &str, known: &[&str]) -> Diagnostic {
    let word = name.get_ref().as_ref();
    let closest = known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(score, k)| *score >= 0.8 || strsim::levenshtein(word, k) <= 2)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k);
    let hint = match closest {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("known: {}", known.join(", ")),
    };
    Diagnostic::error(name.span(), format!("unknown {what} `{word}`")).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::tui::action::Action;
    use crate::tui::screens::samples;

    fn rendered(text: &str) -> String {
        diagnostic::render("keys.toml", text, &apply(text).unwrap_err())
    }

    #[test]
    fn an_action_is_rebound_by_name_in_its_context() {
        let keymap =
            apply("[sample]\nadd-evidence = \"v\"\n[everywhere]\nquit = [\"Q\", \"Ctrl-Q\"]\n")
                .unwrap();
        let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(&samples::DETAIL, press('v')),
            Some(Action::AddEvidence)
        );
        assert_eq!(
            keymap.action(&samples::DETAIL, press('e')),
            None,
            "the old key is free"
        );
        assert_eq!(
            keymap.action(&samples::LIST, press('Q')),
            Some(Action::Quit)
        );
        assert_eq!(keymap.action(&samples::LIST, press('q')), None);
        assert_eq!(
            keymap.action(&samples::DETAIL, press('n')),
            Some(Action::NewNote)
        );
    }

    #[test]
    fn a_bad_file_names_the_line_and_column_of_each_problem() {
        assert_eq!(
            rendered("[sample]\nadd-evidense = \"v\"\n"),
            "keys.toml:2:1: error: unknown action in `sample` `add-evidense`\n  |\n2 | add-evidense = \"v\"\n  | ^^^^^^^^^^^^\n  = hint: did you mean `add-evidence`?\n"
        );
        let text = "[sample]\nnew-note = \"Hyper-x\"\n";
        assert!(rendered(text).starts_with("keys.toml:2:12: error: `Hyper-x` is not a key"));
        let text = "[sample]\nadd-evidence = \"n\"\n";
        assert!(
            rendered(text).starts_with(
                "keys.toml:2:16: error: `n` is bound twice in `sample`: to add-evidence and new-note"
            ),
            "{}",
            rendered(text)
        );
        assert!(
            rendered("[sampel]\n").starts_with("keys.toml:1:2: error: unknown context `sampel`")
        );
        assert!(rendered("[sample\n").starts_with("keys.toml:1:8: error: TOML syntax"));
    }

    #[test]
    fn a_missing_file_in_the_config_folder_means_the_built_in_keys_and_a_named_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("keys.toml");
        assert!(read(&missing, false).is_ok());
        assert!(matches!(
            read(&missing, true),
            Err(KeyFileError::Read { .. })
        ));
        std::fs::write(&missing, "[form]\nsave = 5\n").unwrap();
        let Err(error) = read(&missing, false) else {
            panic!("a number is not a key");
        };
        let message = error.to_string();
        assert!(
            message.contains("keys.toml:2:8: error: keys are written as a string"),
            "{message}"
        );
        assert!(
            message.contains("1 error, 0 warnings in the key file"),
            "{message}"
        );
    }
}
