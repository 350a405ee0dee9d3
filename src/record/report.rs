//! What loading a record found, for the interface and the commands to tell the auditor: how
//! many events each file held, and every damaged line and where it went.

use std::fmt;
use std::path::PathBuf;

use crate::text::one_line;

/// What loading all the record files of an audit found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// One entry per record file, sorted by file name.
    pub files: Vec<FileLoad>,
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
        match &self.moved_to {
            Some(to) => {
                let name = to.file_name().unwrap_or(to.as_os_str()).to_string_lossy();
                write!(f, ") moved to {} beside it", one_line(&name))?;
            }
            None => f.write_str(") skipped and left in place")?,
        }
        write!(
            f,
            "; the other {} line{} loaded.",
            self.kept,
            plural(self.kept)
        )
    }
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
