//! Where records live: the data folder, the folder of one audit (in the data folder, or a
//! team's shared audit folder), and the file of one auditor.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::RecordError;

/// The environment variable that overrides the default data folder.
pub const DATA_DIR_ENV: &str = "AUDITDAY_DATA";

/// The folder that holds every audit record: `flag` (`--data-dir`) if given, else
/// `$AUDITDAY_DATA` if set and not empty, else the system's per-user data folder
/// (`~/.local/share/auditday` on Linux). The interface and every command use this one rule.
pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf, RecordError> {
    resolve_data_dir(flag, std::env::var_os(DATA_DIR_ENV), || {
        directories::ProjectDirs::from("", "", "auditday").map(|d| d.data_local_dir().to_owned())
    })
}

fn resolve_data_dir(
    flag: Option<&Path>,
    env: Option<OsString>,
    system: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, RecordError> {
    if let Some(flag) = flag {
        return Ok(flag.to_owned());
    }
    match env {
        Some(env) if !env.is_empty() => Ok(PathBuf::from(env)),
        _ => system().ok_or(RecordError::NoDataDir),
    }
}

/// The folder of one audit's records: `<data dir>/audits/<audit id>`. The id must be
/// folder-safe (`[a-z0-9][a-z0-9_-]*`, as a valid plan's is), so it can never climb out.
pub fn audit_folder(data_dir: &Path, audit_id: &str) -> Result<PathBuf, RecordError> {
    let safe = audit_id.len() <= 128
        && audit_id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && audit_id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !safe {
        return Err(RecordError::BadAuditId(audit_id.to_owned()));
    }
    Ok(data_dir.join("audits").join(audit_id))
}

/// The name of the plan in a team's audit folder.
pub const TEAM_PLAN: &str = "plan.toml";

/// The name of the records folder in a team's audit folder.
pub const TEAM_RECORDS: &str = "records";

/// Where an audit's record files are: the same rule for the interface, `record`, `report`
/// and the closing screen's reports, so that they all read the one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// Under the auditor's data folder: `<data dir>/audits/<audit id>`.
    Data(PathBuf),
    /// In a team's audit folder (made by `auditday team init`): `<folder>/records`, shared
    /// through git or Syncthing.
    Team(PathBuf),
}

impl From<&Path> for Home {
    fn from(data_dir: &Path) -> Home {
        Home::Data(data_dir.to_owned())
    }
}

impl From<&PathBuf> for Home {
    fn from(data_dir: &PathBuf) -> Home {
        Home::Data(data_dir.clone())
    }
}

impl From<&Home> for Home {
    fn from(home: &Home) -> Home {
        home.clone()
    }
}

impl Home {
    /// Where the plan the user named (`PLAN.toml`, a team's audit folder, or the `plan.toml`
    /// in one) is, and where its records are: a folder holding `plan.toml` and `records` is a
    /// team's audit folder, whose records live in it; any other plan's records live in the data
    /// folder (`data_dir` flag, else the environment, else the system's).
    pub fn of_plan(named: &Path, data_dir: Option<&Path>) -> Result<(PathBuf, Home), RecordError> {
        let team = |root: &Path| {
            std::fs::metadata(root.join(TEAM_RECORDS)).is_ok_and(|m| m.is_dir())
                && root.join(TEAM_PLAN).exists()
        };
        if std::fs::metadata(named).is_ok_and(|m| m.is_dir()) {
            if team(named) {
                return Ok((named.join(TEAM_PLAN), Home::Team(named.to_owned())));
            }
            return Err(RecordError::NotAuditFolder(named.to_owned()));
        }
        let parent = named.parent().map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        });
        if named.file_name() == Some(TEAM_PLAN.as_ref())
            && let Some(root) = parent.filter(|root| team(root))
        {
            return Ok((named.to_owned(), Home::Team(root.to_owned())));
        }
        Ok((named.to_owned(), Home::Data(self::data_dir(data_dir)?)))
    }

    /// The folder holding the audit's record files.
    pub fn records(&self, audit_id: &str) -> Result<PathBuf, RecordError> {
        match self {
            Home::Data(data_dir) => audit_folder(data_dir, audit_id),
            Home::Team(root) => Ok(root.join(TEAM_RECORDS)),
        }
    }
}

/// The name, without extension, of an auditor's files: the name in lower case with every run
/// of characters other than letters and digits made one `-`, cut to 40 characters, then `-` and
/// the CRC-32 of the exact name in 8 hex digits, so that two names never share a file and no
/// name can reach outside the folder. "Priya Shah" → `priya-shah-900551a6`.
pub fn auditor_stem(auditor: &str) -> String {
    let mut slug = String::new();
    for c in auditor.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.chars().count() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "auditor" } else { slug };
    format!("{slug}-{:08x}", crc32fast::hash(auditor.as_bytes()))
}

/// Whether the record file `file` (a name in a records folder, with or without `.jsonl`) holds
/// the events of the auditor whose [`auditor_stem`] is `stem`: their own file, or a sync
/// engine's copy of it (`<stem>.sync-conflict-….jsonl`).
pub fn is_auditors_file(file: &str, stem: &str) -> bool {
    file.strip_suffix(".jsonl")
        .unwrap_or(file)
        .strip_prefix(stem)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_env_then_system() {
        let sys = || Some(PathBuf::from("/sys"));
        let flag = Path::new("/flag");
        let env = Some(OsString::from("/env"));
        assert_eq!(
            resolve_data_dir(Some(flag), env.clone(), sys).unwrap(),
            flag
        );
        assert_eq!(resolve_data_dir(None, env, sys).unwrap(), Path::new("/env"));
        assert_eq!(
            resolve_data_dir(None, Some(OsString::new()), sys).unwrap(),
            Path::new("/sys")
        );
        assert!(matches!(
            resolve_data_dir(None, None, || None),
            Err(RecordError::NoDataDir)
        ));
    }

    #[test]
    fn audit_ids_cannot_climb_out() {
        let d = Path::new("/data");
        assert_eq!(
            audit_folder(d, "acme-2026_s2").unwrap(),
            Path::new("/data/audits/acme-2026_s2")
        );
        for bad in ["", "..", "../x", "a/b", "Acme", "-a", "a b"] {
            assert!(audit_folder(d, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn auditor_stems_are_readable_and_distinct() {
        let stem = auditor_stem("Priya Shah");
        assert_eq!(
            stem,
            format!("priya-shah-{:08x}", crc32fast::hash(b"Priya Shah"))
        );
        assert!(auditor_stem("Anna Müller").starts_with("anna-müller-"));
        assert_ne!(auditor_stem("Anna Müller"), auditor_stem("anna müller"));
        assert!(auditor_stem("../../etc/passwd").starts_with("etc-passwd-"));
        assert!(auditor_stem("..").starts_with("auditor-"));
        let long = auditor_stem(&"x".repeat(300));
        assert_eq!(long.len(), 40 + 9);
    }
}
