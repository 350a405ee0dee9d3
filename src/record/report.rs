//! What loading a record found, for the interface and the commands to tell the auditor: how
//! many events each file held, every damaged line and where it went, every line that was not
//! applied and why, and each file's seal.

use std::fmt;
use std::path::{Path, PathBuf};

use ulid::Ulid;

use super::line::{LineHash, hex};
use crate::text::one_line;

/// What loading all the record files of an audit found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// One entry per record file, sorted by file name.
    pub files: Vec<FileLoad>,
    /// `*.jsonl` names of the folder that were not read, with the reason in words.
    pub skipped: Vec<(PathBuf, String)>,
    /// Ids that more than one line holds, with different content.
    pub conflicts: Vec<Conflict>,
}

/// One id held by lines that say different things: a line edited, or forged with an existing
/// id. Either version may be the one applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The id.
    pub id: Ulid,
    /// Each line holding it: file and 1-based line number.
    pub lines: Vec<(PathBuf, usize)>,
}

impl LoadReport {
    /// How many events were loaded from all files.
    pub fn events(&self) -> usize {
        self.files.iter().map(|f| f.events).sum()
    }

    /// The damage found, one entry per damaged file.
    pub fn damage(&self) -> impl Iterator<Item = &Damage> {
        self.files.iter().filter_map(|f| f.damage.as_ref())
    }

    /// Everything the auditor must be told, one message each: damage, lines not applied,
    /// broken links, conflicting ids and files not read.
    pub fn notices(&self) -> Vec<String> {
        let mut notices = Vec::new();
        for file in &self.files {
            if let Some(damage) = &file.damage {
                notices.push(damage.to_string());
            }
            notices.extend(file.notices());
        }
        for conflict in &self.conflicts {
            let lines: Vec<String> = conflict
                .lines
                .iter()
                .map(|(path, n)| format!("{} line {n}", name_of(path)))
                .collect();
            notices.push(format!(
                "Event {} is recorded {} times with different content ({}): a line was edited \
                 or copied with another's id; either version may be shown.",
                conflict.id,
                conflict.lines.len(),
                lines.join(", ")
            ));
        }
        for (path, why) in &self.skipped {
            notices.push(format!(
                "{}: not read: {why}.",
                one_line(&path.display().to_string())
            ));
        }
        notices
    }
}

fn name_of(path: &Path) -> String {
    one_line(
        &path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy(),
    )
    .into_owned()
}

/// What loading one record file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLoad {
    /// The record file.
    pub path: PathBuf,
    /// Events loaded from it.
    pub events: usize,
    /// Offset just past its last whole line as loaded: where [`super::Tail`] resumes reading
    /// lines another auditor adds later.
    pub read_to: u64,
    /// How many whole lines were read, to number the lines read later.
    pub lines: usize,
    /// Its damaged lines, if any.
    pub damage: Option<Damage>,
    /// Lines not applied because their id is dated more than an hour ahead of this computer's
    /// clock (they would outrank every later change until then): line numbers.
    pub ahead: Vec<usize>,
    /// Lines not applied because they claim an auditor other than the file's: line numbers.
    pub forged: Vec<usize>,
    /// Lines that do not follow from the line before them (a line deleted, moved or edited
    /// there): line numbers. They are applied.
    pub breaks: Vec<usize>,
    /// The SHA-256 of its last event line, which seals every line before it through the
    /// links: anyone can recompute it (docs/record-format.md).
    pub head: Option<LineHash>,
}

impl FileLoad {
    /// The file's seal in hex, as the closing screen and `auditday record` show it.
    pub fn seal(&self) -> Option<String> {
        self.head.as_ref().map(hex)
    }

    /// What the auditor must be told about this file besides damage.
    pub fn notices(&self) -> Vec<String> {
        let file = one_line(&self.path.display().to_string()).into_owned();
        let mut notices = Vec::new();
        if !self.ahead.is_empty() {
            notices.push(format!(
                "{file}: {} not applied: dated more than an hour ahead of this computer's \
                 clock (check the clock of the laptop that wrote {}).",
                line_list(&self.ahead),
                if self.ahead.len() == 1 { "it" } else { "them" }
            ));
        }
        if !self.forged.is_empty() {
            notices.push(format!(
                "{file}: {} not applied: recorded by someone other than the auditor whose \
                 file this is.",
                line_list(&self.forged)
            ));
        }
        if !self.breaks.is_empty() {
            notices.push(format!(
                "{file}: {} {} not follow the line before {}: a line was deleted, moved or \
                 changed there after it was saved.",
                line_list(&self.breaks),
                if self.breaks.len() == 1 { "does" } else { "do" },
                if self.breaks.len() == 1 { "it" } else { "them" }
            ));
        }
        notices
    }
}

/// Damaged lines of one record file. Its `Display` is the message shown to the auditor, e.g.
/// "…/priya-shah-….jsonl: 1 damaged line (line 7, cut short by an interrupted write) moved to
/// priya-shah-….jsonl.damaged-20261124T091403Z beside it; the other 6 lines loaded."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// The record file they were found in.
    pub file: PathBuf,
    /// Their 1-based line numbers in the file as it was found.
    pub lines: Vec<usize>,
    /// Whether the last of them ended the file without a newline: a write interrupted by a
    /// crash.
    pub torn_last_line: bool,
    /// The quarantine file they were moved to, or `None` when the file was only read (another
    /// auditor's record, or one open elsewhere) and they were left in place and skipped.
    pub moved_to: Option<PathBuf>,
    /// Why they could not be moved although the file is this auditor's (a full disk), in a
    /// few words: they stay in place, and nothing more is saved until they are moved.
    pub not_moved: Option<String>,
    /// How many good lines of the file were loaded.
    pub kept: usize,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.lines.len();
        write!(
            f,
            "{}: {n} damaged line{} ({}",
            one_line(&self.file.display().to_string()),
            plural(n),
            line_list(&self.lines)
        )?;
        if self.torn_last_line {
            f.write_str(if n == 1 {
                ", cut short by an interrupted write"
            } else {
                "; the last was cut short by an interrupted write"
            })?;
        }
        match (&self.moved_to, &self.not_moved) {
            (Some(to), _) => {
                let name = to.file_name().unwrap_or(to.as_os_str()).to_string_lossy();
                write!(f, ") moved to {} beside it", one_line(&name))?;
            }
            (None, Some(why)) => write!(
                f,
                ") left in place: they could not be moved aside ({}); new items are kept on \
                 screen, not saved, until they can be",
                one_line(why)
            )?,
            (None, None) => f.write_str(") skipped and left in place")?,
        }
        write!(
            f,
            "; the other {} line{} loaded.",
            self.kept,
            plural(self.kept)
        )
    }
}

/// A short form of [`FileLoad::notices`]' line lists for other auditors' lines as they
/// arrive: "sam-….jsonl line 4".
pub(crate) fn at_line(path: &Path, number: usize) -> String {
    format!("{} line {number}", name_of(path))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "line 7", "lines 3 and 9", "lines 3, 9 and 12"; past ten numbers, "lines 1, 2, … 10 and 5
/// more".
fn line_list(lines: &[usize]) -> String {
    const SHOWN: usize = 10;
    let words: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    let head = if lines.len() == 1 { "line" } else { "lines" };
    match words.as_slice() {
        [] => head.to_string(),
        [only] => format!("{head} {only}"),
        [first @ .., last] if lines.len() <= SHOWN => {
            format!("{head} {} and {last}", first.join(", "))
        }
        all => format!("{head} {} and {} more", all.join(", "), lines.len() - SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn damage(lines: Vec<usize>, torn: bool, moved: bool) -> Damage {
        Damage {
            file: PathBuf::from("/d/priya.jsonl"),
            lines,
            torn_last_line: torn,
            moved_to: moved.then(|| PathBuf::from("/d/priya.jsonl.damaged-20261124T091403Z")),
            not_moved: None,
            kept: 6,
        }
    }

    #[test]
    fn messages_say_how_many_which_and_where() {
        assert_eq!(
            damage(vec![7], true, true).to_string(),
            "/d/priya.jsonl: 1 damaged line (line 7, cut short by an interrupted write) moved \
             to priya.jsonl.damaged-20261124T091403Z beside it; the other 6 lines loaded."
        );
        assert_eq!(
            damage(vec![3, 9], false, false).to_string(),
            "/d/priya.jsonl: 2 damaged lines (lines 3 and 9) skipped and left in place; the \
             other 6 lines loaded."
        );
        assert_eq!(
            damage(vec![2, 3, 9], true, true).to_string(),
            "/d/priya.jsonl: 3 damaged lines (lines 2, 3 and 9; the last was cut short by an \
             interrupted write) moved to priya.jsonl.damaged-20261124T091403Z beside it; the \
             other 6 lines loaded."
        );
        assert_eq!(
            line_list(&(1..=12).collect::<Vec<_>>()),
            "lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more"
        );
    }
}
