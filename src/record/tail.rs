//! Following the other auditors' record files while an audit is open: each file's offset is
//! kept, and only what was added since is read. A last line still being written (a sync or
//! a copy in progress) is left until its newline arrives; a file that shrank or was replaced
//! is read again from its start (the fold ignores repeats).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::report::LoadReport;
use super::scan::record_files;
use super::{Envelope, RecordError, line};

/// Where reading each other auditor's file resumes.
#[derive(Debug)]
pub struct Tail {
    folder: PathBuf,
    own: PathBuf,
    files: BTreeMap<PathBuf, Followed>,
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
}

impl Tail {
    /// Follows the record files of `folder` other than `own`, from where `loaded` left each.
    pub fn after(folder: &Path, own: &Path, loaded: &LoadReport) -> Tail {
        let files = loaded
            .files
            .iter()
            .filter(|f| f.path != own)
            .map(|f| {
                let identity = std::fs::metadata(&f.path).ok().and_then(|m| identity(&m));
                let followed = Followed {
                    offset: f.read_to,
                    lines: f.lines,
                    identity,
                };
                (f.path.clone(), followed)
            })
            .collect();
        Tail {
            folder: folder.to_owned(),
            own: own.to_owned(),
            files,
        }
    }

    /// Reads every whole line added to the other auditors' files since the last call.
    pub fn read_new(&mut self) -> Result<Arrived, RecordError> {
        let mut arrived = Arrived::default();
        for path in record_files(&self.folder)? {
            if path == self.own {
                continue;
            }
            let meta = match std::fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(RecordError::io("read", &path, e)),
            };
            let now = identity(&meta);
            let followed = self.files.entry(path.clone()).or_insert(Followed {
                offset: 0,
                lines: 0,
                identity: now,
            });
            if followed.identity != now || meta.len() < followed.offset {
                *followed = Followed {
                    offset: 0,
                    lines: 0,
                    identity: now,
                };
            }
            if meta.len() == followed.offset {
                continue;
            }
            read_from(&path, followed, meta.len(), &mut arrived)
                .map_err(|e| RecordError::io("read", &path, e))?;
        }
        Ok(arrived)
    }
}

/// Reads the whole lines of `path` between the followed offset and `len`.
fn read_from(path: &Path, followed: &mut Followed, len: u64, out: &mut Arrived) -> io::Result<()> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(followed.offset))?;
    let mut reader = BufReader::new(file.take(len - followed.offset));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf)?;
        if read == 0 || buf.last() != Some(&b'\n') {
            return Ok(());
        }
        followed.offset += read as u64;
        followed.lines += 1;
        match line::decode(&buf[..buf.len() - 1]) {
            Ok(envelope) => out.events.push(envelope),
            Err(_) => out.damaged.push((path.to_owned(), followed.lines)),
        }
    }
}

fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

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
        let own = dir.path().join("priya.jsonl");
        let sam = dir.path().join("sam.jsonl");
        append(&own, &encode_line(&envelope(1, "Priya")));
        append(&sam, &encode_line(&envelope(2, "Sam")));
        let mut tail = Tail::after(
            dir.path(),
            &own,
            &LoadReport {
                files: vec![crate::record::FileLoad {
                    path: sam.clone(),
                    events: 1,
                    read_to: std::fs::metadata(&sam).unwrap().len(),
                    lines: 1,
                    damage: None,
                }],
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

        let lee = dir.path().join("lee.jsonl");
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
        let own = dir.path().join("priya.jsonl");
        let sam = dir.path().join("sam.jsonl");
        append(&sam, &encode_line(&envelope(2, "Sam")));
        let mut tail = Tail::after(dir.path(), &own, &LoadReport::default());
        assert_eq!(tail.read_new().unwrap().events.len(), 1);
        let copy = dir.path().join("sam.jsonl.part");
        append(&copy, &encode_line(&envelope(2, "Sam")));
        append(&copy, &encode_line(&envelope(6, "Sam")));
        std::fs::rename(&copy, &sam).unwrap();
        assert_eq!(
            tail.read_new().unwrap().events,
            vec![envelope(2, "Sam"), envelope(6, "Sam")]
        );
    }
}
