//! Reading record files line by line: every good event goes to the caller as it is read, so
//! memory does not grow with the file, and every line that cannot be applied is kept aside to
//! be reported: damaged lines, lines dated ahead of this computer's clock, lines claiming
//! another auditor, and lines whose link to the line before them is broken.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::PathBuf;

use ulid::Ulid;

use super::folder::{Access, Entry, Folder, Kind};
use super::line::{self, LineHash};
use super::location::{auditor_stem, is_auditors_file};
use super::{Envelope, RecordError};

/// The longest line read as an event (4 MiB); a longer one is damaged, and never held whole
/// in memory.
pub(crate) const MAX_LINE: usize = 4 << 20;

/// The largest record file read (1 GiB, some thousand audit days): a larger one is refused by
/// its size before it is read.
pub(crate) const MAX_FILE: u64 = 1 << 30;

/// How far ahead of this computer's clock an event's id may be dated and still be applied:
/// laptops' clocks differ by minutes, not hours. An id further ahead would win over every
/// later change of the same value until that time, so it is reported instead.
pub(crate) const AHEAD: chrono::Duration = chrono::Duration::hours(1);

/// One line that is not an event, where it is in its file.
#[derive(Debug, Clone)]
pub(crate) struct DamagedLine {
    /// 1-based line number.
    pub number: usize,
    /// Offset of its first byte.
    pub start: u64,
    /// Its length without the newline.
    pub len: u64,
}

/// The line before another, as far as the link between them is concerned.
#[derive(Debug, Clone, Copy)]
struct Before {
    hash: LineHash,
    /// Whether it is an event (a damaged line's damage is reported already).
    good: bool,
    /// Whether it named the line before it.
    linked: bool,
}

/// The first line of a part of a file read on its own, whose line before is not known until
/// the parts are put together.
#[derive(Debug, Clone, Copy)]
struct Opening {
    number: usize,
    prev: Option<LineHash>,
    good: bool,
}

/// What reading one record file found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// How many events were read and applied.
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
    /// The greatest id of the events applied.
    pub max_id: Option<Ulid>,
    /// How many lines were read.
    pub lines: usize,
    /// Offset just past the last newline read: where reading more of a growing file resumes.
    pub read_to: u64,
    /// Events dated more than [`AHEAD`] after this computer's clock: line numbers.
    pub ahead: Vec<usize>,
    /// Events whose auditor is not the one the file belongs to: line numbers.
    pub forged: Vec<usize>,
    /// Events that do not follow from the line before them, with the hash they name: a line
    /// deleted, moved or edited before them.
    pub breaks: Vec<(usize, Option<LineHash>)>,
    /// The hash of the last good line: the file's seal, and what the next line names.
    pub head: Option<LineHash>,
    /// Every event read: id (as bytes, so that the list packs tightly), checksum of its
    /// content, line number.
    pub ids: Vec<([u8; 16], u32, u32)>,
    before: Option<Before>,
    opening: Option<Opening>,
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

    /// The scan of a file another laptop is still writing (another auditor's, or a sync
    /// engine's copy): a last line without its newline is a write or a copy in progress, to
    /// be read once it is complete (where [`Scan::read_to`] leaves the tail), not damage.
    pub fn waiting_for_last_line(mut self) -> Scan {
        if self.unterminated && self.last_damaged {
            self.damaged.pop();
            self.last_damaged = false;
            if self.damaged.is_empty() {
                self.first_damaged_at = None;
            }
        }
        self
    }

    /// Notes the link of a line to the one before it (`None`: the first line of the file).
    fn link(&mut self, number: usize, prev: Option<LineHash>, before: Option<Before>) {
        if !follows(prev.as_ref(), before) {
            self.breaks.push((number, prev));
        }
    }

    /// Adds the scan of the part of the same file that follows this one, which held `lines`
    /// lines before it.
    fn then(mut self, next: Scan, lines: usize) -> Scan {
        if let Some(opening) = next.opening
            && opening.good
        {
            self.link(opening.number + lines, opening.prev, self.before);
        }
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
        let shift = |n: Vec<usize>| n.into_iter().map(move |n| n + lines);
        self.ahead.extend(shift(next.ahead));
        self.forged.extend(shift(next.forged));
        self.breaks
            .extend(next.breaks.into_iter().map(|(n, p)| (n + lines, p)));
        let shift = u32::try_from(lines).unwrap_or(u32::MAX);
        self.ids.extend(
            next.ids
                .into_iter()
                .map(|(id, crc, n)| (id, crc, n.saturating_add(shift))),
        );
        self.head = next.head.or(self.head);
        self.before = next.before.or(self.before);
        self
    }
}

/// Whether a line naming `prev` follows from `before`, the line before it (`None`: it is the
/// first line of the file). A line after a damaged one is not blamed: the damage is reported.
fn follows(prev: Option<&LineHash>, before: Option<Before>) -> bool {
    match (prev, before) {
        (_, Some(before)) if !before.good => true,
        (Some(prev), Some(before)) => *prev == before.hash,
        (Some(_), None) => false,
        (None, Some(before)) => !before.linked,
        (None, None) => true,
    }
}

/// What decides whether a well-formed event of one file is applied: the file's auditor and
/// this computer's clock.
#[derive(Debug, Clone)]
pub(crate) struct Check {
    stem: String,
    latest: u64,
    by: String,
    by_ok: bool,
}

/// Why a well-formed event is not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Withheld {
    /// Its id is dated ahead of this computer's clock.
    Ahead,
    /// It claims an auditor other than the file's.
    Forged,
}

impl Check {
    /// For the record file `name` (`<auditor stem>.jsonl`, or a copy of it named
    /// `<auditor stem>.<anything>.jsonl`), read now.
    pub fn for_file(name: &str) -> Check {
        let latest = chrono::Utc::now() + AHEAD;
        Check {
            stem: name.strip_suffix(".jsonl").unwrap_or(name).to_owned(),
            latest: u64::try_from(latest.timestamp_millis()).unwrap_or(0),
            by: String::new(),
            by_ok: false,
        }
    }

    /// Whether `envelope` is applied, and if not why.
    pub fn withheld(&mut self, envelope: &Envelope) -> Option<Withheld> {
        if envelope.auditor != self.by || self.by.is_empty() {
            let stem = auditor_stem(&envelope.auditor);
            self.by_ok = is_auditors_file(&self.stem, &stem);
            self.by.clone_from(&envelope.auditor);
        }
        if !self.by_ok {
            Some(Withheld::Forged)
        } else if envelope.id.timestamp_ms() > self.latest {
            Some(Withheld::Ahead)
        } else {
            None
        }
    }
}

/// A checksum of what an event says (time, auditor, type, payload): two lines with one id
/// and different checksums are conflicting versions of one event.
pub(crate) fn content_checksum(envelope: &Envelope) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&envelope.at.timestamp_millis().to_le_bytes());
    for part in [&envelope.auditor, &envelope.kind, envelope.data.get()] {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    hasher.finalize()
}

/// One line as read: how many bytes it took (newline included), whether it had its newline,
/// and whether it was longer than [`MAX_LINE`] (then only its start is in the buffer).
pub(crate) struct RawLine {
    pub read: usize,
    pub terminated: bool,
    pub too_long: bool,
}

/// Reads one line into `buf` (cleared first), keeping at most [`MAX_LINE`] bytes of it in
/// memory; `None` at the end of the input.
pub(crate) fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
) -> io::Result<Option<RawLine>> {
    buf.clear();
    let read = reader
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') || read <= MAX_LINE {
        return Ok(Some(RawLine {
            read,
            terminated: buf.last() == Some(&b'\n'),
            too_long: false,
        }));
    }
    buf.clear();
    let rest = skip_line(reader)?;
    Ok(Some(RawLine {
        read: read + rest.read,
        terminated: rest.terminated,
        too_long: true,
    }))
}

/// Reads past the rest of a line without keeping it.
fn skip_line(reader: &mut impl BufRead) -> io::Result<RawLine> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(RawLine {
                read,
                terminated: false,
                too_long: true,
            });
        }
        let (taken, done) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        reader.consume(taken);
        read += taken;
        if done {
            return Ok(RawLine {
                read,
                terminated: true,
                too_long: true,
            });
        }
    }
}

/// Reads `file` from byte `start` (a line start) to `end` (a line end, or the end of the
/// file), handing each event `check` lets through to `visit`. Line numbers count from the
/// start of the range.
fn scan_range(
    file: &File,
    start: u64,
    end: u64,
    check: &mut Check,
    visit: &mut dyn FnMut(Envelope),
) -> io::Result<Scan> {
    let mut file = file;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = BufReader::with_capacity(256 * 1024, file.take(end - start));
    let mut scan = Scan::default();
    let mut buf = Vec::with_capacity(1024);
    let mut offset = start;
    let mut first = true;
    while let Some(raw) = read_line(&mut reader, &mut buf)? {
        scan.lines += 1;
        scan.unterminated = !raw.terminated;
        if raw.terminated {
            scan.read_to = offset + raw.read as u64;
        }
        let content = line::trim(&buf);
        if content.is_empty() && !raw.too_long {
            if raw.terminated {
                scan.good_end = offset + raw.read as u64;
            }
            offset += raw.read as u64;
            continue;
        }
        let decoded = if raw.too_long {
            None
        } else {
            line::decode_linked(content).ok()
        };
        let hash = line::hash(content);
        let good = decoded.is_some();
        let prev = decoded.as_ref().and_then(|(_, prev)| *prev);
        if first && start > 0 {
            scan.opening = Some(Opening {
                number: scan.lines,
                prev,
                good,
            });
        } else if good {
            scan.link(scan.lines, prev, scan.before);
        }
        first = false;
        scan.before = Some(Before {
            hash,
            good,
            linked: prev.is_some(),
        });
        match decoded {
            Some((envelope, _)) => {
                scan.good_end = offset + raw.read as u64;
                scan.last_damaged = false;
                scan.head = Some(hash);
                let number = u32::try_from(scan.lines).unwrap_or(u32::MAX);
                scan.ids
                    .push((envelope.id.to_bytes(), content_checksum(&envelope), number));
                match check.withheld(&envelope) {
                    Some(Withheld::Ahead) => scan.ahead.push(scan.lines),
                    Some(Withheld::Forged) => scan.forged.push(scan.lines),
                    None => {
                        scan.events += 1;
                        scan.max_id = scan.max_id.max(Some(envelope.id));
                        visit(envelope);
                    }
                }
            }
            None => {
                scan.first_damaged_at.get_or_insert(offset);
                scan.last_damaged = true;
                scan.damaged.push(DamagedLine {
                    number: scan.lines,
                    start: offset,
                    len: (raw.read - usize::from(raw.terminated)) as u64,
                });
            }
        }
        offset += raw.read as u64;
    }
    Ok(scan)
}

/// Opens the record file `name` of `folder` for reading: a regular file no larger than
/// [`MAX_FILE`], never through a link; returns it with its length.
pub(crate) fn open_record(folder: &Folder, name: &str) -> Result<(File, u64), RecordError> {
    let path = folder.join(name);
    let file = folder
        .open_file(name, Access::Read)
        .map_err(|e| RecordError::io("read", &path, e))?;
    let entry = Entry::of(&file).map_err(|e| RecordError::io("read", &path, e))?;
    if let Some(why) = unreadable(&entry) {
        return Err(RecordError::Refused { path, why });
    }
    Ok((file, entry.len))
}

/// Why a record file of this kind and size is not read, in words.
pub(crate) fn unreadable(entry: &Entry) -> Option<String> {
    match entry.kind {
        Kind::File if entry.len > MAX_FILE => Some(format!(
            "it is {:.1} GB; a record file is at most {} GB",
            entry.len as f64 / 1e9,
            MAX_FILE >> 30
        )),
        Kind::File => None,
        Kind::Link => Some("it is a symbolic link, which auditday does not follow".into()),
        Kind::Folder => Some("it is a folder".into()),
        Kind::Other => Some("it is not a regular file (a device, a pipe or a socket)".into()),
    }
}

/// Scans the files `names` of `folder` in order, handing every event to `visit`.
pub(crate) fn scan_files(
    folder: &Folder,
    names: &[String],
    visit: &mut dyn FnMut(Envelope),
) -> Result<Vec<Scan>, RecordError> {
    names
        .iter()
        .map(|name| {
            let (file, len) = open_record(folder, name)?;
            scan_range(&file, 0, len, &mut Check::for_file(name), visit)
                .map_err(|e| RecordError::io("read", &folder.join(name), e))
        })
        .collect()
}

/// What one thread folded: its state, and the scan of each part it read with its file's index.
type Part<S> = (S, Vec<(usize, Scan)>);

/// Below this many bytes per thread, a record is folded on the calling thread alone.
const MIN_PART: u64 = 1 << 20;

/// Scans the files `names` of `folder` and folds their events into a state of type `S`,
/// splitting the bytes into parts (at line ends) folded on up to as many threads as there are
/// cores, then merging the parts' states. Correct for any fold whose result does not depend
/// on order, which is the audit state's design; on two cores it loads about twice as fast as
/// [`scan_files`].
pub(crate) fn fold_files<S: Default + Send>(
    folder: &Folder,
    names: &[String],
    apply: &(dyn Fn(&mut S, Envelope) + Sync),
    merge: &dyn Fn(&mut S, S),
) -> Result<(S, Vec<Scan>), RecordError> {
    let mut files = Vec::with_capacity(names.len());
    for name in names {
        files.push(open_record(folder, name)?);
    }
    let total: u64 = files.iter().map(|(_, len)| len).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
        .min((total / MIN_PART).max(1) as usize);
    // Parts of an eighth of a thread's share, handed out in order until each thread has its
    // share, keep the threads within an eighth of each other whatever the files' sizes.
    let share = total.div_ceil(threads as u64).max(1);
    let part_len = share.div_ceil(8).max(1);
    let mut parts = Vec::new();
    for (i, (file, len)) in files.iter().enumerate() {
        let mut start = 0;
        while start < *len {
            let end = line_end_after(file, start + part_len, *len)
                .map_err(|e| RecordError::io("read", &folder.join(&names[i]), e))?;
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
                        // A handle of its own: threads sharing one would share its offset.
                        let (file, _) = open_record(folder, &names[i])?;
                        let mut check = Check::for_file(&names[i]);
                        let found = scan_range(&file, start, end, &mut check, &mut |e| {
                            apply(&mut state, e)
                        })
                        .map_err(|e| RecordError::io("read", &folder.join(&names[i]), e))?;
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
    let mut scans: Vec<Option<Scan>> = (0..names.len()).map(|_| None).collect();
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
    let read = read_line(&mut reader, &mut skipped)?.map_or(0, |raw| raw.read);
    Ok(at + read as u64)
}

/// `*.jsonl` names of a folder that are not read, each with the reason in words.
pub(crate) type Skipped = Vec<(PathBuf, String)>;

/// The record files of an audit folder (regular `*.jsonl` files), sorted by name, and the
/// `*.jsonl` names that are not read.
pub(crate) fn record_files(folder: &Folder) -> Result<(Vec<String>, Skipped), RecordError> {
    let listed = folder
        .names()
        .map_err(|e| RecordError::io("list", folder.path(), e))?;
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    for name in listed {
        if !name.ends_with(".jsonl") || sync_leftover(&name) {
            continue;
        }
        match folder.entry(&name) {
            Ok(Some(entry)) => match unreadable(&entry) {
                None => files.push(name),
                Some(why) => skipped.push((folder.join(&name), why)),
            },
            Ok(None) => {}
            Err(e) => return Err(RecordError::io("read", &folder.join(&name), e)),
        }
    }
    files.sort();
    skipped.sort();
    Ok((files, skipped))
}

/// Whether `name` is a temporary file of Syncthing's (`.syncthing.*`, `~syncthing~*`): never a
/// record, even when its name ends like one. (Git's `*.lock` files and other `*.tmp` files do
/// not end in `.jsonl`, so they are never read.) A Syncthing conflict copy
/// (`<file>.sync-conflict-….jsonl`) is a record: the same auditor on two laptops, to be merged.
pub(crate) fn sync_leftover(name: &str) -> bool {
    name.starts_with(".syncthing.") || name.starts_with("~syncthing~")
}

/// Drops from each scan the breaks explained by a damaged line moved to quarantine: a line
/// that names the hash of a line in one of its file's `.damaged-` files follows a line that
/// auditday itself moved aside.
pub(crate) fn explain_breaks(folder: &Folder, names: &[String], scans: &mut [Scan]) {
    let listed = match folder.names() {
        Ok(listed) => listed,
        Err(_) => return,
    };
    for (name, scan) in names.iter().zip(scans) {
        if scan.breaks.is_empty() {
            continue;
        }
        let prefix = format!("{name}.damaged-");
        let mut moved = HashSet::new();
        for quarantine in listed.iter().filter(|n| n.starts_with(&prefix)) {
            let Ok((file, len)) = open_record(folder, quarantine) else {
                continue;
            };
            let mut reader = BufReader::new(file.take(len));
            let mut buf = Vec::new();
            while let Ok(Some(_)) = read_line(&mut reader, &mut buf) {
                moved.insert(line::hash(line::trim(&buf)));
            }
        }
        scan.breaks
            .retain(|(_, prev)| prev.is_none_or(|prev| !moved.contains(&prev)));
        if !scan.breaks.is_empty() {
            explain_forks(folder, name, scan);
        }
    }
}

/// Drops from `scan` the breaks of lines that name an earlier line of the same file than the
/// one right before them, or no line (a file's first line): the same auditor recorded on two
/// laptops from one line on (or from the start), and the two continuations were put together
/// (git's union merge). Nothing was deleted or changed there; a line naming a line the file
/// does not hold before it is still a break.
fn explain_forks(folder: &Folder, name: &str, scan: &mut Scan) {
    let Ok((file, len)) = open_record(folder, name) else {
        return;
    };
    let mut reader = BufReader::new(file.take(len));
    let (mut buf, mut number, mut before) = (Vec::new(), 0, HashSet::new());
    let mut forks = HashSet::new();
    let last = scan.breaks.iter().map(|(n, _)| *n).max().unwrap_or(0);
    while number < last
        && let Ok(Some(_)) = read_line(&mut reader, &mut buf)
    {
        number += 1;
        let content = line::trim(&buf);
        if let Some((n, prev)) = scan.breaks.iter().find(|(n, _)| *n == number)
            && prev.is_none_or(|prev| before.contains(&prev))
        {
            forks.insert(*n);
        }
        if !content.is_empty() {
            before.insert(line::hash(content));
        }
    }
    scan.breaks.retain(|(n, _)| !forks.contains(n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_follows_the_one_before_it_or_is_a_break() {
        let h = |b: &[u8]| line::hash(b);
        let good = |b: &[u8], linked| {
            Some(Before {
                hash: h(b),
                good: true,
                linked,
            })
        };
        assert!(follows(Some(&h(b"a")), good(b"a", true)));
        assert!(
            !follows(Some(&h(b"x")), good(b"a", true)),
            "edited or deleted"
        );
        assert!(
            !follows(Some(&h(b"a")), None),
            "the first line names a line"
        );
        assert!(follows(None, None), "an older record");
        assert!(follows(None, good(b"a", false)), "an older record");
        assert!(
            !follows(None, good(b"a", true)),
            "an unlinked line in a chain"
        );
        let damaged = Some(Before {
            hash: h(b"?"),
            good: false,
            linked: false,
        });
        assert!(follows(Some(&h(b"a")), damaged), "the damage is reported");
    }

    #[test]
    fn sync_engines_temporary_files_are_not_records_and_conflict_copies_are() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "priya-shah-900551a6.jsonl",
            "priya-shah-900551a6.sync-conflict-20261124-140212-7XKQ3ZB.jsonl",
            ".syncthing.priya-shah-900551a6.jsonl.tmp",
            "~syncthing~priya-shah-900551a6.jsonl.tmp",
            ".syncthing.sam.jsonl",
            "~syncthing~sam.jsonl",
            "priya-shah-900551a6.jsonl.lock",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let (files, skipped) = record_files(&Folder::open(dir.path()).unwrap()).unwrap();
        assert_eq!(
            files,
            [
                "priya-shah-900551a6.jsonl",
                "priya-shah-900551a6.sync-conflict-20261124-140212-7XKQ3ZB.jsonl"
            ]
        );
        assert!(skipped.is_empty());
    }

    #[test]
    fn a_line_longer_than_the_cap_is_read_past_without_holding_it() {
        let mut input = vec![b'x'; MAX_LINE + 10];
        input.extend_from_slice(b"\nnext\n");
        let mut reader = io::Cursor::new(input);
        let mut buf = Vec::new();
        let raw = read_line(&mut reader, &mut buf).unwrap().unwrap();
        assert!(raw.too_long && raw.terminated);
        assert_eq!(raw.read, MAX_LINE + 11);
        assert!(buf.len() <= MAX_LINE);
        read_line(&mut reader, &mut buf).unwrap().unwrap();
        assert_eq!(buf, b"next\n");
        assert!(read_line(&mut reader, &mut buf).unwrap().is_none());
    }
}
