//! Following the other auditors' record files while an audit is open: each file's offset is
//! kept, and only what was added since is read. A last line still being written (a sync or
//! a copy in progress) is left until its newline arrives; a file that shrank or was replaced
//! is read again from its start (the fold ignores repeats).

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;

use super::folder::Folder;
use super::report::{LoadReport, at_line};
use super::scan::{Check, Withheld, open_record, read_line, record_files};
use super::{Envelope, RecordError, line};

/// Where reading each other auditor's file resumes.
#[derive(Debug)]
pub struct Tail {
    folder: Arc<Folder>,
    own: String,
    files: BTreeMap<String, Followed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Followed {
    /// Offset just past the last whole line read.
    offset: u64,
    /// Whole lines read so far, to number damaged ones.
    lines: usize,
    /// Which file the name held when last read (device, inode), to notice a replacement.
    identity: Option<(u64, u64)>,
}

/// What reading the other auditors' files again found.
#[derive(Debug, Default, PartialEq)]
pub struct Arrived {
    /// Events added since the last read, file by file in the order written.
    pub events: Vec<Envelope>,
    /// Lines that are not events: (file, 1-based line number). They stay where they are.
    pub damaged: Vec<(PathBuf, usize)>,
    /// Events not applied, in words: dated ahead of this computer's clock, or claiming an
    /// auditor other than the file's.
    pub withheld: Vec<String>,
    /// The seal of each file that gained event lines: the SHA-256 of its last one, in hex.
    pub seals: Vec<(PathBuf, String)>,
}

impl Arrived {
    /// What the auditor must be told about these lines, one message each.
    pub fn notices(&self) -> Vec<String> {
        let mut notices = Vec::new();
        if !self.damaged.is_empty() {
            let lines: Vec<String> = self
                .damaged
                .iter()
                .map(|(file, n)| at_line(file, *n))
                .collect();
            notices.push(format!(
                "{} damaged line{} read from the record, skipped and left in place: {}.",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            ));
        }
        notices.extend(self.withheld.iter().cloned());
        notices
    }
}

impl Tail {
    /// Follows the record files of `folder` other than `own` (a file name), from where
    /// `loaded` left each.
    pub fn after(folder: Arc<Folder>, own: &str, loaded: &LoadReport) -> Tail {
        let files = loaded
            .files
            .iter()
            .filter_map(|f| {
                let name = f.path.file_name()?.to_str()?.to_owned();
                let identity = folder.entry(&name).ok().flatten()?.identity;
                let followed = Followed {
                    offset: f.read_to,
                    lines: f.lines,
                    identity,
                };
                (name != own).then_some((name, followed))
            })
            .collect();
        Tail {
            folder,
            own: own.to_owned(),
            files,
        }
    }

    /// Reads every whole line added to the other auditors' files since the last call.
    pub fn read_new(&mut self) -> Result<Arrived, RecordError> {
        let mut arrived = Arrived::default();
        let (names, _) = record_files(&self.folder)?;
        for name in names {
            if name == self.own {
                continue;
            }
            let path = self.folder.join(&name);
            let entry = match self.folder.entry(&name) {
                Ok(Some(entry)) => entry,
                Ok(None) => continue,
                Err(e) => return Err(RecordError::io("read", &path, e)),
            };
            let now = entry.identity;
            let followed = self.files.entry(name.clone()).or_insert(Followed {
                offset: 0,
                lines: 0,
                identity: now,
            });
            if followed.identity != now || entry.len < followed.offset {
                *followed = Followed {
                    offset: 0,
                    lines: 0,
                    identity: now,
                };
            }
            if entry.len == followed.offset {
                continue;
            }
            read_from(&self.folder, &name, followed, &mut arrived)?;
        }
        Ok(arrived)
    }
}

/// Reads the whole lines of `name` after the followed offset.
fn read_from(
    folder: &Folder,
    name: &str,
    followed: &mut Followed,
    out: &mut Arrived,
) -> Result<(), RecordError> {
    let path = folder.join(name);
    let fail = |e| RecordError::io("read", &path, e);
    let (mut file, len) = open_record(folder, name)?;
    if len <= followed.offset {
        return Ok(());
    }
    file.seek(SeekFrom::Start(followed.offset)).map_err(fail)?;
    let mut reader = BufReader::new(file.take(len - followed.offset));
    let mut check = Check::for_file(name);
    let (mut buf, mut seal) = (Vec::new(), None);
    while let Some(raw) = read_line(&mut reader, &mut buf).map_err(fail)? {
        if !raw.terminated {
            break;
        }
        followed.offset += raw.read as u64;
        followed.lines += 1;
        let content = line::trim(&buf);
        if content.is_empty() {
            continue;
        }
        let decoded = if raw.too_long {
            None
        } else {
            line::decode(content).ok()
        };
        if decoded.is_some() {
            seal = Some(line::hash(content));
        }
        match decoded {
            Some(envelope) => match check.withheld(&envelope) {
                None => out.events.push(envelope),
                Some(why) => out.withheld.push(format!(
                    "{} not applied: {}.",
                    at_line(&path, followed.lines),
                    match why {
                        Withheld::Ahead => "dated more than an hour ahead of this computer's clock",
                        Withheld::Forged =>
                            "recorded by someone other than the auditor whose file this is",
                    }
                )),
            },
            None => out.damaged.push((path.clone(), followed.lines)),
        }
    }
    if let Some(seal) = seal {
        out.seals.push((path, line::hex(&seal)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::Path;

    use super::*;
    use crate::record::{Envelope, FORMAT_VERSION, RawJson, encode_line};

    fn envelope(n: u64, by: &str) -> Envelope {
        Envelope {
            version: FORMAT_VERSION,
            id: ulid::Ulid::from_parts(1_700_000_000_000 + n, u128::from(n)),
            at: chrono::DateTime::from_timestamp_millis(1_700_000_000_000).unwrap(),
            auditor: by.into(),
            kind: "note_written".into(),
            data: RawJson::new(format!(r#"{{"text":"note {n}"}}"#)).unwrap(),
            extra: Vec::new(),
        }
    }

    /// The record file of `auditor` in `dir`.
    fn file_of(dir: &Path, auditor: &str) -> PathBuf {
        dir.join(format!("{}.jsonl", crate::record::auditor_stem(auditor)))
    }

    fn follow(dir: &Path, own: &Path, loaded: &LoadReport) -> Tail {
        let folder = Arc::new(Folder::open(dir).unwrap());
        let own = own.file_name().unwrap().to_str().unwrap();
        Tail::after(folder, own, loaded)
    }

    fn append(path: &Path, bytes: &[u8]) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        file.write_all(bytes).unwrap();
    }

    #[test]
    fn only_lines_added_since_are_read_and_a_half_written_line_waits() {
        let dir = tempfile::tempdir().unwrap();
        let own = file_of(dir.path(), "Priya");
        let sam = file_of(dir.path(), "Sam");
        append(&own, &encode_line(&envelope(1, "Priya")));
        append(&sam, &encode_line(&envelope(2, "Sam")));
        let mut tail = follow(
            dir.path(),
            &own,
            &LoadReport {
                files: vec![crate::record::FileLoad {
                    path: sam.clone(),
                    events: 1,
                    read_to: std::fs::metadata(&sam).unwrap().len(),
                    lines: 1,
                    damage: None,
                    ahead: Vec::new(),
                    forged: Vec::new(),
                    breaks: Vec::new(),
                    head: None,
                }],
                ..LoadReport::default()
            },
        );
        assert_eq!(tail.read_new().unwrap(), Arrived::default());

        let line = encode_line(&envelope(3, "Sam"));
        let (first, rest) = line.split_at(30);
        append(&sam, first);
        append(&own, &encode_line(&envelope(4, "Priya")));
        assert_eq!(
            tail.read_new().unwrap(),
            Arrived::default(),
            "neither the own file nor half a line is read"
        );
        append(&sam, rest);
        append(&sam, b"not an event\n");
        let arrived = tail.read_new().unwrap();
        assert_eq!(arrived.events, vec![envelope(3, "Sam")]);
        assert_eq!(arrived.damaged, vec![(sam.clone(), 3)]);

        let lee = file_of(dir.path(), "Lee");
        append(&lee, &encode_line(&envelope(5, "Lee")));
        assert_eq!(
            tail.read_new().unwrap().events,
            vec![envelope(5, "Lee")],
            "a file that arrives later is read from its start"
        );
    }

    #[test]
    fn a_replaced_file_is_read_again_from_its_start() {
        let dir = tempfile::tempdir().unwrap();
        let own = file_of(dir.path(), "Priya");
        let sam = file_of(dir.path(), "Sam");
        append(&sam, &encode_line(&envelope(2, "Sam")));
        let mut tail = follow(dir.path(), &own, &LoadReport::default());
        assert_eq!(tail.read_new().unwrap().events.len(), 1);
        let copy = dir.path().join("sam.part");
        append(&copy, &encode_line(&envelope(2, "Sam")));
        append(&copy, &encode_line(&envelope(6, "Sam")));
        std::fs::rename(&copy, &sam).unwrap();
        assert_eq!(
            tail.read_new().unwrap().events,
            vec![envelope(2, "Sam"), envelope(6, "Sam")]
        );
    }

    #[test]
    fn a_line_claiming_another_auditor_or_dated_ahead_is_not_applied() {
        let dir = tempfile::tempdir().unwrap();
        let own = file_of(dir.path(), "Priya");
        let sam = file_of(dir.path(), "Sam");
        let mut tail = follow(dir.path(), &own, &LoadReport::default());
        let mut ahead = envelope(7, "Sam");
        ahead.id = ulid::Ulid::from_parts(u64::MAX >> 16, 1);
        append(&sam, &encode_line(&envelope(2, "Priya")));
        append(&sam, &encode_line(&ahead));
        append(&sam, b" \r\n");
        let mut crlf = encode_line(&envelope(3, "Sam"));
        crlf.insert(crlf.len() - 1, b'\r');
        append(&sam, &crlf);
        let arrived = tail.read_new().unwrap();
        assert_eq!(arrived.events, vec![envelope(3, "Sam")]);
        let name = sam.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            arrived.notices(),
            [
                format!(
                    "{name} line 1 not applied: recorded by someone other than the auditor \
                     whose file this is."
                ),
                format!(
                    "{name} line 2 not applied: dated more than an hour ahead of this \
                     computer's clock."
                ),
            ]
        );
    }
}
