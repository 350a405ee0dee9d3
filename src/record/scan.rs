//! Reading record files line by line: every good event goes to the caller as it is read, so
//! memory does not grow with the file, and every damaged line is kept aside to be reported.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use ulid::Ulid;

use super::{Envelope, RecordError, line};

/// One line that is not an event, as it was on disk.
#[derive(Debug, Clone)]
pub(crate) struct DamagedLine {
    /// 1-based line number.
    pub number: usize,
    /// The line's bytes, without a newline.
    pub bytes: Vec<u8>,
}

/// What reading one record file found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// How many events were read.
    pub events: usize,
    /// Lines that are not events, in file order.
    pub damaged: Vec<DamagedLine>,
    /// Whether the file ends without a newline, so its last line was cut short by an
    /// interrupted write (or, if it is a good event, only its newline was lost).
    pub unterminated: bool,
    /// Whether the last line is damaged.
    pub last_damaged: bool,
    /// Offset where the first damaged line starts, if any.
    pub first_damaged_at: Option<u64>,
    /// Offset just past the last good line.
    pub good_end: u64,
    /// The greatest event id read.
    pub max_id: Option<Ulid>,
}

impl Scan {
    /// Whether every damaged line comes after every good one, so cutting the file removes
    /// them all.
    pub fn damage_only_at_end(&self) -> bool {
        self.first_damaged_at.is_some_and(|at| at >= self.good_end)
    }
}

/// Reads `file` from the start, handing each event to `visit`.
pub(crate) fn scan(file: &File, visit: &mut dyn FnMut(Envelope)) -> io::Result<Scan> {
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let mut scan = Scan::default();
    let mut buf = Vec::with_capacity(1024);
    let mut offset = 0u64;
    let mut number = 0;
    loop {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf)?;
        if read == 0 {
            break;
        }
        number += 1;
        let terminated = buf.last() == Some(&b'\n');
        let content = if terminated {
            &buf[..buf.len() - 1]
        } else {
            &buf[..]
        };
        scan.unterminated = !terminated;
        match line::decode(content) {
            Ok(envelope) => {
                scan.events += 1;
                scan.max_id = scan.max_id.max(Some(envelope.id));
                scan.good_end = offset + read as u64;
                scan.last_damaged = false;
                visit(envelope);
            }
            Err(_) => {
                scan.first_damaged_at.get_or_insert(offset);
                scan.last_damaged = true;
                scan.damaged.push(DamagedLine {
                    number,
                    bytes: content.to_vec(),
                });
            }
        }
        offset += read as u64;
    }
    Ok(scan)
}

/// The record files of an audit folder (`*.jsonl`), sorted by name; none if the folder does
/// not exist yet.
pub(crate) fn record_files(folder: &Path) -> Result<Vec<PathBuf>, RecordError> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(RecordError::io("list", folder, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| RecordError::io("list", folder, e))?
            .path();
        if path.extension().is_some_and(|x| x == "jsonl") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
