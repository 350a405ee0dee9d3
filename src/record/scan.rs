//! Reading record files line by line: every good event goes to the caller as it is read, so
//! memory does not grow with the file, and every damaged line is kept aside to be reported.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
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
    /// How many lines were read.
    pub lines: usize,
    /// Offset just past the last newline read: where reading more of a growing file resumes.
    pub read_to: u64,
}

impl Scan {
    /// Whether every damaged line comes after every good one, so cutting the file removes
    /// them all.
    pub fn damage_only_at_end(&self) -> bool {
        self.first_damaged_at.is_some_and(|at| at >= self.good_end)
    }

    /// How many whole lines (newline included) were read: a line still being written is not.
    pub fn complete_lines(&self) -> usize {
        self.lines - usize::from(self.unterminated)
    }

    /// Adds the scan of the part of the same file that follows this one, which held `lines`
    /// lines before it.
    fn then(mut self, next: Scan, lines: usize) -> Scan {
        self.events += next.events;
        self.damaged
            .extend(next.damaged.into_iter().map(|d| DamagedLine {
                number: d.number + lines,
                ..d
            }));
        if next.lines > 0 {
            self.unterminated = next.unterminated;
            self.last_damaged = next.last_damaged;
        }
        self.first_damaged_at = self.first_damaged_at.or(next.first_damaged_at);
        self.good_end = self.good_end.max(next.good_end);
        self.max_id = self.max_id.max(next.max_id);
        self.lines += next.lines;
        self.read_to = self.read_to.max(next.read_to);
        self
    }
}

/// Reads `file` from byte `start` (a line start) to `end` (a line end, or the end of the
/// file), handing each event to `visit`. Line numbers count from the start of the range.
fn scan_range(
    file: &File,
    start: u64,
    end: u64,
    visit: &mut dyn FnMut(Envelope),
) -> io::Result<Scan> {
    let mut file = file;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = BufReader::with_capacity(256 * 1024, file.take(end - start));
    let mut scan = Scan::default();
    let mut buf = Vec::with_capacity(1024);
    let mut offset = start;
    loop {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf)?;
        if read == 0 {
            break;
        }
        scan.lines += 1;
        let terminated = buf.last() == Some(&b'\n');
        let content = if terminated {
            &buf[..buf.len() - 1]
        } else {
            &buf[..]
        };
        scan.unterminated = !terminated;
        if terminated {
            scan.read_to = offset + read as u64;
        }
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
                    number: scan.lines,
                    bytes: content.to_vec(),
                });
            }
        }
        offset += read as u64;
    }
    Ok(scan)
}

/// Scans `files` in order, handing every event to `visit`.
pub(crate) fn scan_files(
    files: &[PathBuf],
    visit: &mut dyn FnMut(Envelope),
) -> Result<Vec<Scan>, RecordError> {
    files
        .iter()
        .map(|path| {
            let failed = |e| RecordError::io("read", path, e);
            let file = File::open(path).map_err(failed)?;
            let len = file.metadata().map_err(failed)?.len();
            scan_range(&file, 0, len, visit).map_err(failed)
        })
        .collect()
}

/// What one thread folded: its state, and the scan of each part it read with its file's index.
type Part<S> = (S, Vec<(usize, Scan)>);

/// Below this many bytes per thread, a record is folded on the calling thread alone.
const MIN_PART: u64 = 1 << 20;

/// Scans `files` and folds their events into a state of type `S`, splitting the bytes into
/// parts (at line ends) folded on up to as many threads as there are cores, then merging the
/// parts' states. Correct for any fold whose result does not depend on order, which is the
/// audit state's design; on two cores it loads about twice as fast as [`scan_files`].
pub(crate) fn fold_files<S: Default + Send>(
    files: &[PathBuf],
    apply: &(dyn Fn(&mut S, Envelope) + Sync),
    merge: &dyn Fn(&mut S, S),
) -> Result<(S, Vec<Scan>), RecordError> {
    let mut lens = Vec::with_capacity(files.len());
    for path in files {
        let len = fs::metadata(path).map_err(|e| RecordError::io("read", path, e))?;
        lens.push(len.len());
    }
    let total: u64 = lens.iter().sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
        .min((total / MIN_PART).max(1) as usize);
    // Parts of an eighth of a thread's share, handed out in order until each thread has its
    // share, keep the threads within an eighth of each other whatever the files' sizes.
    let share = total.div_ceil(threads as u64).max(1);
    let part_len = share.div_ceil(8).max(1);
    let mut parts = Vec::new();
    for (i, (path, &len)) in files.iter().zip(&lens).enumerate() {
        let failed = |e| RecordError::io("read", path, e);
        let file = File::open(path).map_err(failed)?;
        let mut start = 0;
        while start < len {
            let end = line_end_after(&file, start + part_len, len).map_err(failed)?;
            parts.push((i, start, end));
            start = end;
        }
    }
    let mut shares: Vec<&[(usize, u64, u64)]> = Vec::with_capacity(threads);
    let (mut first, mut bytes) = (0, 0);
    for (i, &(_, start, end)) in parts.iter().enumerate() {
        bytes += end - start;
        if bytes >= share || i + 1 == parts.len() {
            shares.push(&parts[first..=i]);
            (first, bytes) = (i + 1, 0);
        }
    }
    let results: Vec<Result<Part<S>, RecordError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = shares
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut state = S::default();
                    let mut scans = Vec::with_capacity(chunk.len());
                    for &(i, start, end) in chunk {
                        let failed = |e| RecordError::io("read", &files[i], e);
                        let file = File::open(&files[i]).map_err(failed)?;
                        let found = scan_range(&file, start, end, &mut |e| apply(&mut state, e))
                            .map_err(failed)?;
                        scans.push((i, found));
                    }
                    Ok((state, scans))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("folding a record does not panic"))
            .collect()
    });
    let mut state = S::default();
    let mut scans: Vec<Option<Scan>> = (0..files.len()).map(|_| None).collect();
    for result in results {
        let (part, found) = result?;
        merge(&mut state, part);
        for (i, next) in found {
            scans[i] = Some(match scans[i].take() {
                Some(before) => {
                    let lines = before.lines;
                    before.then(next, lines)
                }
                None => next,
            });
        }
    }
    Ok((
        state,
        scans.into_iter().map(Option::unwrap_or_default).collect(),
    ))
}

/// The offset just past the first newline at or after `at`, or `len`.
fn line_end_after(file: &File, at: u64, len: u64) -> io::Result<u64> {
    if at >= len {
        return Ok(len);
    }
    let mut file = file;
    file.seek(SeekFrom::Start(at))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file.take(len - at));
    let mut skipped = Vec::new();
    let read = reader.read_until(b'\n', &mut skipped)?;
    Ok(at + read as u64)
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
