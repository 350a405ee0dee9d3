//! `auditday team init`: the audit folder a team shares, made once by the lead.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::TeamError;
use crate::record::{Access, Folder, Kind, RecordError, TEAM_PLAN, TEAM_RECORDS, check_private};

/// The lines of `.gitattributes`: a record file's lines are independent events with unique
/// ids, so two clones' additions merge by keeping both sides' lines, never a conflict.
const GIT_ATTRIBUTES: &[&str] = &["records/*.jsonl merge=union"];

/// The lines of `.gitignore`: files that belong to one laptop (where the interface stood,
/// reports written there, auditday's and the sync engines' temporary files), never shared.
const GIT_IGNORE: &[&str] = &[
    "records/*.position.json",
    "records/*.lock",
    "records/*.damaged-*",
    "records/.*.tmp",
    "records/.*.rewrite-*",
    "records/reports/",
    ".syncthing.*.tmp",
    "~syncthing~*",
    ".stfolder",
];

/// The note in the records folder, which also keeps the folder in a git repository before
/// anyone has recorded.
const NOTE: &str = "README.md";

const NOTE_TEXT: &str = "\
# Records of this audit

One file per auditor (`<name>-<checksum>.jsonl`), each written only by its auditor's auditday,
one event a line. Do not edit them: each line is checksummed and linked to the one before.

- git: `auditday team sync` commits your file, pulls the others' and pushes yours.
  `.gitattributes` merges record files by keeping both sides' lines (`merge=union`).
- Syncthing: share the whole audit folder; a `.sync-conflict-` copy of a record is read and
  merged like the record itself, so leave it where it is.

Open the audit with `auditday <this audit folder>`.
";

/// A file the plan names, to be written beside it in the audit folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// Its name in the audit folder: a bare file name.
    pub name: String,
    /// What it holds.
    pub bytes: Vec<u8>,
}

/// What `init` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// The audit folder.
    pub root: PathBuf,
    /// The plan copied into it.
    pub plan: PathBuf,
    /// The files the plan names, copied beside it.
    pub carried: Vec<PathBuf>,
    /// The records folder.
    pub records: PathBuf,
    /// Files that existed and had lines added (a `.gitignore` of the repository).
    pub extended: Vec<PathBuf>,
}

/// Makes `dir` (created owner-only when missing) a team's audit folder: the plan's bytes as
/// `plan.toml`, an empty `records` folder, and the `.gitattributes` and `.gitignore` lines
/// that keep git merges of records conflict-free and per-laptop files out of the repository.
/// The files the plan names (its SoA, the previous audit's report) are written beside
/// `plan.toml` under the names in `carried`, so that they travel with the folder. A folder
/// that already holds a plan, records or one of those names, or that others may change, is
/// refused.
pub fn init(plan: &[u8], carried: &[Carried], dir: &Path) -> Result<Made, TeamError> {
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| RecordError::io("create", dir, e))?;
    }
    let root = Folder::open(dir).map_err(|e| RecordError::io("open", dir, e))?;
    check_private(&root)?;
    let named = carried
        .iter()
        .map(|c| (c.name.as_str(), "a file of the name of one the plan names"));
    for (name, what) in [
        (TEAM_PLAN, "a plan.toml"),
        (TEAM_RECORDS, "a records folder"),
    ]
    .into_iter()
    .chain(named)
    {
        if root
            .entry(name)
            .map_err(|e| RecordError::io("read", &root.join(name), e))?
            .is_some()
        {
            return Err(TeamError::Exists {
                folder: dir.to_owned(),
                what,
            });
        }
    }
    for name in [".gitattributes", ".gitignore"] {
        existing_file(&root, name)?;
    }
    for Carried { name, bytes } in carried {
        write_new(&root, name, bytes)?;
    }
    write_new(&root, TEAM_PLAN, plan)?;
    root.make_child(TEAM_RECORDS)
        .map_err(|e| RecordError::io("create", &root.join(TEAM_RECORDS), e))?;
    let records = root
        .child(TEAM_RECORDS)
        .map_err(|e| RecordError::io("open", &root.join(TEAM_RECORDS), e))?;
    write_new(&records, NOTE, NOTE_TEXT.as_bytes())?;
    let mut extended = Vec::new();
    for (name, lines) in [
        (".gitattributes", GIT_ATTRIBUTES),
        (".gitignore", GIT_IGNORE),
    ] {
        if add_lines(&root, name, lines)? {
            extended.push(root.join(name));
        }
    }
    root.sync()
        .map_err(|e| RecordError::io("sync", root.path(), e))?;
    Ok(Made {
        root: dir.to_owned(),
        plan: root.join(TEAM_PLAN),
        carried: carried.iter().map(|c| root.join(&c.name)).collect(),
        records: root.join(TEAM_RECORDS),
        extended,
    })
}

/// Writes `bytes` as the new file `name`, synced.
fn write_new(root: &Folder, name: &str, bytes: &[u8]) -> Result<(), RecordError> {
    let path = root.join(name);
    let mut file = root
        .open_file(name, Access::CreateNew)
        .map_err(|e| RecordError::io("create", &path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_data())
        .map_err(|e| RecordError::io("write", &path, e))
}

/// Whether `name` is a regular file (false: there is no such name); anything else, a link
/// included, is refused.
fn existing_file(root: &Folder, name: &str) -> Result<bool, RecordError> {
    let path = root.join(name);
    match root
        .entry(name)
        .map_err(|e| RecordError::io("read", &path, e))?
    {
        None => Ok(false),
        Some(entry) if entry.kind == Kind::File => Ok(true),
        Some(_) => Err(RecordError::Refused {
            path,
            why: "it is not a regular file".into(),
        }),
    }
}

/// Adds to the file `name` those of `lines` it lacks, creating it when missing; returns
/// whether it existed. A link or anything but a regular file is refused.
fn add_lines(root: &Folder, name: &str, lines: &[&str]) -> Result<bool, RecordError> {
    let path = root.join(name);
    let existed = existing_file(root, name)?;
    let mut file = root
        .open_file(name, Access::Append)
        .map_err(|e| RecordError::io("open", &path, e))?;
    let mut had = String::new();
    (&file)
        .read_to_string(&mut had)
        .map_err(|e| RecordError::io("read", &path, e))?;
    let mut add = String::new();
    if !had.is_empty() && !had.ends_with('\n') {
        add.push('\n');
    }
    for line in lines {
        if !had.lines().any(|l| l.trim() == *line) {
            add.push_str(line);
            add.push('\n');
        }
    }
    file.write_all(add.as_bytes())
        .and_then(|()| file.sync_data())
        .map_err(|e| RecordError::io("write", &path, e))?;
    Ok(existed)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_folder_holds_the_plan_records_and_git_rules() {
        let dir = tempfile::tempdir().unwrap();
        let audit = dir.path().join("acme");
        let made = init(b"[audit]\n", &[], &audit).unwrap();
        assert_eq!(std::fs::read(&made.plan).unwrap(), b"[audit]\n");
        assert!(
            made.records.join("README.md").is_file(),
            "git keeps the folder"
        );
        assert_eq!(
            std::fs::read_to_string(audit.join(".gitattributes")).unwrap(),
            "records/*.jsonl merge=union\n"
        );
        let ignore = std::fs::read_to_string(audit.join(".gitignore")).unwrap();
        assert!(ignore.contains("records/*.position.json\n"), "{ignore}");
        assert!(made.extended.is_empty());
        let again = init(b"x", &[], &audit).unwrap_err().to_string();
        assert!(again.contains("already holds a plan.toml"), "{again}");
    }

    #[test]
    fn an_existing_gitignore_gains_only_the_lines_it_lacks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "target\nrecords/reports/").unwrap();
        let made = init(b"", &[], dir.path()).unwrap();
        assert_eq!(made.extended, [dir.path().join(".gitignore")]);
        let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert!(ignore.starts_with("target\nrecords/reports/\nrecords/*.position.json\n"));
        assert_eq!(ignore.matches("records/reports/").count(), 1);
    }

    #[test]
    fn a_folder_others_may_change_or_a_planted_link_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let open = dir.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        let refused = init(b"", &[], &open).unwrap_err().to_string();
        assert!(refused.contains("other users may change it"), "{refused}");

        let linked = dir.path().join("linked");
        std::fs::create_dir(&linked).unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, linked.join(".gitignore")).unwrap();
        let refused = init(b"", &[], &linked).unwrap_err().to_string();
        assert!(refused.contains("not a regular file"), "{refused}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert!(!linked.join("plan.toml").exists(), "nothing is made");
    }
}
