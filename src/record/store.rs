//! One auditor's record of one audit, open for appending: locked against a second process,
//! repaired on open, and written so that an event is on the disk before `append` returns.
//! Whatever another program did to the file meanwhile (lines added, the file deleted or
//! replaced by rename) is noticed before each append, and nothing saved is lost to it.

use std::collections::HashSet;
use std::fs::{self, DirBuilder, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ulid::Ulid;

use super::disk::{Disk, OsDisk};
use super::envelope::{Envelope, FORMAT_VERSION, RawJson};
use super::folder::{Access, Entry, Folder, Kind};
use super::line::{self, LineHash};
use super::location::{Home, TEAM_RECORDS, audit_folder, auditor_stem};
use super::report::{Conflict, Damage, FileLoad, LoadReport};
use super::scan::{
    Check, DamagedLine, MAX_LINE, Scan, explain_breaks, fold_files, read_line, record_files,
    scan_files, unreadable,
};
use super::{RecordError, tail::Arrived};

/// An auditor's record of an audit, open for appending. Holds an OS lock on the record file
/// for as long as it lives; the lock goes with the process, so a crash leaves none behind.
#[derive(Debug)]
pub struct Store<D: Disk = OsDisk> {
    disk: D,
    home: Home,
    audit: String,
    auditor: String,
    folder: Arc<Folder>,
    name: String,
    path: PathBuf,
    file: File,
    identity: Option<(u64, u64)>,
    /// Length of the file up to the end of the last whole line read or written.
    len: u64,
    /// The hash of the last good line: what the next line names as `prev`.
    head: Option<LineHash>,
    /// How many whole lines the file has up to `len`.
    lines: usize,
    /// Whether the file ends with part of a line (a write cut short) past `len`: the next
    /// line starts on a new line.
    torn_tail: bool,
    /// Whether part of this store's own failed append may lie past `len`, to cut before
    /// anything else is written.
    leftover: bool,
    /// Damaged lines found on open that could not be moved aside yet (a full disk): nothing is
    /// appended until they are.
    repair: Option<Repair>,
    /// Lines this store had saved that a replacement of the file lacked, to append again.
    carry: Vec<Envelope>,
    /// Lines found in the file that this store did not write, for the session to apply.
    taken_in: Arrived,
    last_id: Ulid,
}

/// Damaged lines to move out of the record file.
#[derive(Debug, Clone)]
struct Repair {
    damaged: Vec<DamagedLine>,
    /// Where to cut the file when the damage ends it, rather than rewrite it.
    cut_at: Option<u64>,
}

impl Store {
    /// Opens (creating if needed) `auditor`'s record of audit `audit_id` in `home` (a data
    /// folder, or a team's audit folder),
    /// and loads every record file of the audit: each event goes to `visit`. Damaged lines
    /// of this auditor's file are moved to a quarantine file beside it; those of other
    /// auditors' files, which are only read, are skipped. The report says which.
    pub fn open(
        home: impl Into<Home>,
        audit_id: &str,
        auditor: &str,
        visit: impl FnMut(Envelope),
    ) -> Result<(Store, LoadReport), RecordError> {
        Store::open_with(OsDisk, home, audit_id, auditor, visit)
    }
}

impl<D: Disk> Store<D> {
    /// [`Store::open`] with the file calls made through `disk`.
    pub fn open_with(
        disk: D,
        home: impl Into<Home>,
        audit_id: &str,
        auditor: &str,
        mut visit: impl FnMut(Envelope),
    ) -> Result<(Self, LoadReport), RecordError> {
        Store::open_loading(disk, home.into(), audit_id, auditor, |folder, names| {
            scan_files(folder, names, &mut visit)
        })
    }

    /// [`Store::open`] for a fold whose result does not depend on the order of events (the
    /// audit state's): the files are read and folded on every core, each thread into its own
    /// `S` with `apply`, and the parts combined with `merge`. Twice as fast on two cores.
    pub fn open_folding<S: Default + Send>(
        disk: D,
        home: impl Into<Home>,
        audit_id: &str,
        auditor: &str,
        apply: impl Fn(&mut S, Envelope) + Sync,
        merge: impl Fn(&mut S, S),
    ) -> Result<(Self, S, LoadReport), RecordError> {
        let mut state = None;
        let (store, report) =
            Store::open_loading(disk, home.into(), audit_id, auditor, |folder, names| {
                let (folded, scans) = fold_files(folder, names, &apply, &merge)?;
                state = Some(folded);
                Ok(scans)
            })?;
        Ok((store, state.unwrap_or_default(), report))
    }

    fn open_loading(
        mut disk: D,
        home: Home,
        audit_id: &str,
        auditor: &str,
        load: impl FnOnce(&Folder, &[String]) -> Result<Vec<Scan>, RecordError>,
    ) -> Result<(Self, LoadReport), RecordError> {
        let (folder, made) = open_audit_folder(&mut disk, &home, audit_id)?;
        let folder = Arc::new(folder);
        let name = format!("{}.jsonl", auditor_stem(auditor));
        let path = folder.join(&name);
        let file = open_own(&mut disk, &folder, &name)?;
        sync_parents(&mut disk, &made)?;
        lock(&file, &path, auditor, audit_id)?;
        let identity = entry_of(&file, &path)?.identity;
        let mut store = Store {
            disk,
            home,
            audit: audit_id.to_owned(),
            auditor: auditor.to_owned(),
            folder,
            name,
            path,
            file,
            identity,
            len: 0,
            head: None,
            lines: 0,
            torn_tail: false,
            leftover: false,
            repair: None,
            carry: Vec::new(),
            taken_in: Arrived::default(),
            last_id: Ulid::nil(),
        };
        let (names, skipped) = record_files(&store.folder)?;
        let mut scans = load(&store.folder, &names)?;
        explain_breaks(&store.folder, &names, &mut scans);
        let conflicts = conflicts(&store.folder, &names, &mut scans);
        let mut report = LoadReport {
            files: Vec::with_capacity(names.len()),
            skipped,
            conflicts,
        };
        for (name, found) in names.into_iter().zip(scans) {
            store.last_id = store.last_id.max(found.max_id.unwrap_or_default());
            report.files.push(if name == store.name {
                store.repair_own(found)?
            } else {
                file_load(
                    store.folder.join(&name),
                    found.waiting_for_last_line(),
                    None,
                )
            });
        }
        Ok((store, report))
    }

    /// The record file this store appends to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder holding every record file of the audit.
    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// The folder, opened, for the readers and writers that share it (the other auditors'
    /// files, the interface's position).
    pub fn folder_handle(&self) -> Arc<Folder> {
        self.folder.clone()
    }

    /// The auditor whose record this is.
    pub fn auditor(&self) -> &str {
        &self.auditor
    }

    /// The audit id.
    pub fn audit(&self) -> &str {
        &self.audit
    }

    /// A new event of type `kind` with payload `data`, by this auditor, now. Its id is greater
    /// than every id loaded or stamped so far, so that a later action sorts after an earlier
    /// one even when another laptop's clock runs ahead. Nothing is written: pass it to
    /// [`Store::append`], and again on retry.
    pub fn stamp(&mut self, kind: &str, data: RawJson) -> Envelope {
        let now = Utc::now();
        let at = DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
        let fresh = Ulid::from_datetime(at.into());
        let id = if fresh > self.last_id {
            fresh
        } else {
            self.last_id.increment().unwrap_or(fresh)
        };
        self.last_id = self.last_id.max(id);
        Envelope {
            version: FORMAT_VERSION,
            id,
            at,
            auditor: self.auditor.clone(),
            kind: kind.to_owned(),
            data,
            extra: Vec::new(),
        }
    }

    /// Writes `envelope` as one line at the end of the file, linked to the line before it,
    /// and returns once it is on the disk. Lines another writer added first are taken in (see
    /// [`Store::take_arrived`]), never overwritten. On failure nothing of it is left that the
    /// next load would trip on, and the same envelope may be appended again: it lands once.
    pub fn append(&mut self, envelope: &Envelope) -> Result<(), RecordError> {
        self.ready()?;
        self.write_line(envelope)
    }

    fn write_line(&mut self, envelope: &Envelope) -> Result<(), RecordError> {
        let mut line = line::encode_after(envelope, self.head.as_ref());
        if line.len() > MAX_LINE {
            return Err(RecordError::TooLong {
                bytes: line.len(),
                limit: MAX_LINE,
            });
        }
        let hash = line::hash(line::trim(&line));
        let start = self.len;
        let torn_tail = self.torn_tail;
        if torn_tail {
            // A line cut short by another writer ends the file: start on a new line.
            line.insert(0, b'\n');
        }
        let written = self
            .disk
            .append(&self.file, &line)
            .and_then(|()| self.disk.sync_data(&self.file));
        if let Err(source) = written {
            let end = self.current_len()?;
            if end > start && end <= start + line.len() as u64 && !torn_tail {
                self.leftover = self.disk.set_len(&self.file, start).is_err();
            }
            return Err(RecordError::io("save to", &self.path, source));
        }
        // The file itself says where it now ends and whether it still has a name: a line
        // written to a file deleted or replaced meanwhile is not saved.
        let end = match entry_of(&self.file, &self.path)? {
            entry if entry.links != Some(0) => entry.len,
            _ => {
                return Err(RecordError::Missing {
                    path: self.path.clone(),
                });
            }
        };
        self.torn_tail = false;
        self.head = Some(hash);
        if end == start + line.len() as u64 {
            self.len = end;
            self.lines += 1 + usize::from(torn_tail);
        } else {
            // Another writer appended at the same moment: both lines are in the file; read
            // it again from the start before the next append.
            self.len = 0;
        }
        Ok(())
    }

    /// The SHA-256 of the last line of the record file, in hex: its seal, as the closing
    /// screen shows it.
    pub fn seal(&self) -> Option<String> {
        self.head.as_ref().map(line::hex)
    }

    /// The events found in the record file that another writer added (a second auditday on
    /// the same record, a sync tool replacing the file), since the last call: for the
    /// caller to apply. Empty almost always.
    pub fn take_arrived(&mut self) -> Arrived {
        std::mem::take(&mut self.taken_in)
    }

    /// Makes the file ready for the next line: recreated if it was deleted, adopted if it was
    /// replaced, its new lines taken in if another writer added some, and damage found on
    /// open moved aside.
    fn ready(&mut self) -> Result<(), RecordError> {
        if self.leftover {
            self.disk
                .set_len(&self.file, self.len)
                .map_err(|e| RecordError::io("save to", &self.path, e))?;
            self.leftover = false;
        }
        if let Some(repair) = self.repair.take() {
            if let Err(e) = self.move_aside(&repair) {
                self.repair = Some(repair);
                return Err(e);
            }
            self.len = 0;
            self.take_in(false)?;
        }
        match self.named_entry()? {
            None => self.recreate()?,
            Some(entry) if entry.identity != self.identity || entry.kind != Kind::File => {
                self.adopt_replacement()?
            }
            Some(entry) if entry.len != self.len => self.take_in(true)?,
            Some(_) => {}
        }
        while let Some(envelope) = self.carry.first().cloned() {
            self.write_line(&envelope)?;
            self.carry.remove(0);
        }
        Ok(())
    }

    /// What the record's name holds now, without following a link.
    fn named_entry(&self) -> Result<Option<Entry>, RecordError> {
        self.folder
            .entry(&self.name)
            .map_err(|e| RecordError::io("check", &self.path, e))
    }

    fn current_len(&self) -> Result<u64, RecordError> {
        Ok(entry_of(&self.file, &self.path)?.len)
    }

    /// Reads the file from `self.len` (the start, when it must be read again whole): lines
    /// this store did not write are taken in for the caller (with `deliver`), and the next
    /// line will follow the last of them.
    fn take_in(&mut self, deliver: bool) -> Result<(), RecordError> {
        let len = self.current_len()?;
        let from = if len < self.len { 0 } else { self.len };
        let fail = |e| RecordError::io("read", &self.path, e);
        let mut file = &self.file;
        file.seek(SeekFrom::Start(from)).map_err(fail)?;
        let mut reader = BufReader::new(file.take(len - from));
        let mut check = Check::for_file(&self.name);
        let (mut buf, mut offset) = (Vec::new(), from);
        if from == 0 {
            self.head = None;
            self.lines = 0;
        }
        self.torn_tail = false;
        while let Some(raw) = read_line(&mut reader, &mut buf).map_err(fail)? {
            offset += raw.read as u64;
            if !raw.terminated {
                self.torn_tail = true;
                break;
            }
            self.lines += 1;
            let content = line::trim(&buf);
            if content.is_empty() {
                continue;
            }
            match line::decode_linked(content) {
                Ok((envelope, _)) if !raw.too_long => {
                    self.head = Some(line::hash(content));
                    if deliver && check.withheld(&envelope).is_none() {
                        self.last_id = self.last_id.max(envelope.id);
                        self.taken_in.events.push(envelope);
                    }
                }
                _ if deliver => self.taken_in.damaged.push((self.path.clone(), self.lines)),
                _ => {}
            }
        }
        self.len = offset;
        Ok(())
    }

    /// Moves the damaged lines this auditor's file was found with to quarantine, cutting or
    /// rewriting the file without them, and adds a newline a crash left off the last good
    /// line. If the damage cannot be moved (a full disk), the record still opens: the damage
    /// is reported as left in place, and nothing is appended until it is moved.
    fn repair_own(&mut self, found: Scan) -> Result<FileLoad, RecordError> {
        self.head = found.head;
        self.lines = found.lines;
        let mut damage = None;
        if !found.damaged.is_empty() {
            let repair = Repair {
                damaged: found.damaged.clone(),
                cut_at: found
                    .damage_only_at_end()
                    .then_some(found.first_damaged_at)
                    .flatten(),
            };
            let (moved_to, not_moved) = match self.move_aside(&repair) {
                Ok(moved_to) => {
                    self.lines -= repair.damaged.len();
                    (Some(moved_to), None)
                }
                Err(e) => {
                    self.repair = Some(repair);
                    (None, Some(e.cause()))
                }
            };
            damage = Some(Damage {
                file: self.path.clone(),
                lines: found.damaged.iter().map(|d| d.number).collect(),
                torn_last_line: found.unterminated && found.last_damaged,
                moved_to,
                not_moved,
                kept: found.events,
            });
        } else if found.unterminated {
            self.disk
                .append(&self.file, b"\n")
                .and_then(|()| self.disk.sync_data(&self.file))
                .map_err(|e| RecordError::io("repair", &self.path, e))?;
        }
        self.len = self.current_len()?;
        Ok(file_load(self.path.clone(), found, damage))
    }

    /// Moves the damaged lines to a new quarantine file and takes them out of the record: by
    /// cutting the file when they end it, else by rewriting it without them.
    fn move_aside(&mut self, repair: &Repair) -> Result<PathBuf, RecordError> {
        let moved_to = self.quarantine(&repair.damaged)?;
        match repair.cut_at {
            Some(at) => self
                .disk
                .set_len(&self.file, at)
                .and_then(|()| self.disk.sync_data(&self.file))
                .map_err(|e| RecordError::io("repair", &self.path, e))?,
            None => self.rewrite_without(&repair.damaged)?,
        }
        Ok(moved_to)
    }

    /// Writes the damaged lines, each followed by a newline, to a new
    /// `<file>.damaged-<UTC time>` beside the record (created exclusively), and returns its
    /// path.
    fn quarantine(&mut self, damaged: &[DamagedLine]) -> Result<PathBuf, RecordError> {
        let base = format!(
            "{}.damaged-{}",
            self.name,
            Utc::now().format("%Y%m%dT%H%M%SZ")
        );
        let mut taken = 1;
        let (name, file) = loop {
            let name = match taken {
                1 => base.clone(),
                n => format!("{base}-{n}"),
            };
            match self.disk.open(&self.folder, &name, Access::CreateNew) {
                Ok(file) => break (name, file),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && taken < 1000 => taken += 1,
                Err(e) => return Err(RecordError::io("create", &self.folder.join(&name), e)),
            }
        };
        let path = self.folder.join(&name);
        let written = self
            .copy_lines(&file, damaged)
            .and_then(|()| self.disk.sync_data(&file))
            .and_then(|()| self.disk.sync_folder(&self.folder));
        if let Err(e) = written {
            let _ = self.disk.remove(&self.folder, &name);
            return Err(RecordError::io("write", &path, e));
        }
        Ok(path)
    }

    /// Copies each damaged line's bytes from the record, followed by a newline, to `out`, in
    /// pieces so that an enormous line is never held whole.
    fn copy_lines(&mut self, out: &File, damaged: &[DamagedLine]) -> io::Result<()> {
        for line in damaged {
            self.copy_range(out, line.start, line.len)?;
            self.disk.append(out, b"\n")?;
        }
        Ok(())
    }

    /// Appends `len` bytes of the record file from offset `start` to `out`, a megabyte at a
    /// time, so that neither an enormous line nor a whole record is held in memory.
    fn copy_range(&mut self, out: &File, start: u64, len: u64) -> io::Result<()> {
        let mut chunk = vec![0; (1 << 20).min(len as usize)];
        let mut source = &self.file;
        source.seek(SeekFrom::Start(start))?;
        let mut left = len;
        while left > 0 {
            let n = chunk.len().min(left as usize);
            source.read_exact(&mut chunk[..n])?;
            self.disk.append(out, &chunk[..n])?;
            left -= n as u64;
        }
        Ok(())
    }

    /// Replaces the record file by a copy without its damaged lines: written whole and synced
    /// under a new temporary name (created exclusively), locked, then renamed over it, so a
    /// crash leaves one or the other. Every other line is kept byte for byte; blank lines go.
    fn rewrite_without(&mut self, damaged: &[DamagedLine]) -> Result<(), RecordError> {
        let tmp = format!(".{}.rewrite-{}", self.name, Ulid::new());
        let tmp_path = self.folder.join(&tmp);
        let fail = |e| RecordError::io("repair", &tmp_path, e);
        let out = self
            .disk
            .open(&self.folder, &tmp, Access::CreateNew)
            .map_err(fail)?;
        let written = self.copy_all_but(&out, damaged).and_then(|()| {
            out.try_lock().map_err(|e| match e {
                fs::TryLockError::WouldBlock => io::ErrorKind::WouldBlock.into(),
                fs::TryLockError::Error(e) => e,
            })?;
            self.disk.sync_data(&out)?;
            self.disk.rename(&self.folder, &tmp, &self.name)?;
            self.disk.sync_folder(&self.folder)
        });
        if let Err(e) = written {
            let _ = self.disk.remove(&self.folder, &tmp);
            return Err(fail(e));
        }
        self.identity = entry_of(&out, &self.path)?.identity;
        self.file = out;
        Ok(())
    }

    fn copy_all_but(&mut self, out: &File, damaged: &[DamagedLine]) -> io::Result<()> {
        let mut source = &self.file;
        source.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(source);
        let mut skip = damaged.iter().map(|d| d.number).peekable();
        let (mut buf, mut chunk, mut number) = (Vec::new(), Vec::new(), 0);
        while let Some(raw) = read_line(&mut reader, &mut buf)? {
            number += 1;
            if skip.next_if_eq(&number).is_some() || line::trim(&buf).is_empty() {
                continue;
            }
            chunk.extend_from_slice(&buf);
            if !raw.terminated {
                chunk.push(b'\n');
            }
            if chunk.len() >= 1 << 20 {
                self.disk.append(out, &chunk)?;
                chunk.clear();
            }
        }
        self.disk.append(out, &chunk)
    }

    /// After the record file was deleted or moved away: creates it again with every line
    /// saved so far, read back from the file this store still holds open.
    fn recreate(&mut self) -> Result<(), RecordError> {
        let mut made = Vec::new();
        if self.folder.itself().is_ok_and(|f| f.links == Some(0)) {
            let (folder, parents) = open_audit_folder(&mut self.disk, &self.home, &self.audit)?;
            self.folder = Arc::new(folder);
            made = parents;
        }
        let file = self
            .disk
            .open(&self.folder, &self.name, Access::CreateNew)
            .map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => RecordError::Missing {
                    path: self.path.clone(),
                },
                _ => RecordError::io("create", &self.path, e),
            })?;
        lock(&file, &self.path, &self.auditor, &self.audit)?;
        let copied = self.copy_range(&file, 0, self.len);
        let fail = |e| RecordError::io("recreate", &self.path, e);
        copied.map_err(fail)?;
        self.disk.sync_data(&file).map_err(fail)?;
        self.disk.sync_folder(&self.folder).map_err(fail)?;
        sync_parents(&mut self.disk, &made)?;
        self.identity = entry_of(&file, &self.path)?.identity;
        self.file = file;
        self.torn_tail = false;
        Ok(())
    }

    /// After another program replaced the record file by rename (a sync tool, an editor):
    /// the new file becomes the record. Its lines are taken in, and every line this store had
    /// saved that the new file lacks is appended to it, so nothing saved is lost.
    fn adopt_replacement(&mut self) -> Result<(), RecordError> {
        let file = open_own(&mut self.disk, &self.folder, &self.name)?;
        lock(&file, &self.path, &self.auditor, &self.audit)?;
        let old = std::mem::replace(&mut self.file, file);
        let saved = self.len;
        self.identity = entry_of(&self.file, &self.path)?.identity;
        self.len = 0;
        self.take_in(true)?;
        let present: HashSet<Ulid> = self.taken_in.events.iter().map(|e| e.id).collect();
        let fail = |e| RecordError::io("read", &self.path, e);
        let mut reader = BufReader::new((&old).take(saved));
        (&old).seek(SeekFrom::Start(0)).map_err(fail)?;
        let mut buf = Vec::new();
        let mut missing = Vec::new();
        while let Some(raw) = read_line(&mut reader, &mut buf).map_err(fail)? {
            let content = line::trim(&buf);
            if let (Ok(envelope), false) = (line::decode(content), raw.too_long)
                && !present.contains(&envelope.id)
            {
                missing.push(envelope);
            }
        }
        self.carry = missing;
        Ok(())
    }
}

/// Reads the record files of an audit without changing anything: for commands that only
/// look, and may run while the interface has the record open. Damaged lines are skipped and
/// reported, never moved. A missing folder is an empty record.
pub fn read_audit(
    home: impl Into<Home>,
    audit_id: &str,
    mut visit: impl FnMut(Envelope),
) -> Result<LoadReport, RecordError> {
    let Some(folder) = existing_audit_folder(&home.into(), audit_id)? else {
        return Ok(LoadReport::default());
    };
    let (names, skipped) = record_files(&folder)?;
    let scans = scan_files(&folder, &names, &mut visit)?;
    Ok(report_read_only(&folder, names, skipped, scans))
}

/// [`read_audit`] for a fold whose result does not depend on the order of events, on every
/// core: see [`Store::open_folding`].
pub fn read_audit_folding<S: Default + Send>(
    home: impl Into<Home>,
    audit_id: &str,
    apply: impl Fn(&mut S, Envelope) + Sync,
    merge: impl Fn(&mut S, S),
) -> Result<(S, LoadReport), RecordError> {
    let Some(folder) = existing_audit_folder(&home.into(), audit_id)? else {
        return Ok((S::default(), LoadReport::default()));
    };
    let (names, skipped) = record_files(&folder)?;
    let (state, scans) = fold_files(&folder, &names, &apply, &merge)?;
    Ok((state, report_read_only(&folder, names, skipped, scans)))
}

fn existing_audit_folder(home: &Home, audit_id: &str) -> Result<Option<Folder>, RecordError> {
    let path = home.records(audit_id)?;
    let opened = match home {
        Home::Data(data_dir) => Folder::open(data_dir)
            .and_then(|data| data.child("audits"))
            .and_then(|audits| audits.child(audit_id)),
        Home::Team(root) => Folder::open(root).and_then(|root| root.child(TEAM_RECORDS)),
    };
    match opened {
        Ok(folder) => Ok(Some(folder)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(RecordError::io("read", &path, e)),
    }
}

fn report_read_only(
    folder: &Folder,
    names: Vec<String>,
    skipped: Vec<(PathBuf, String)>,
    mut scans: Vec<Scan>,
) -> LoadReport {
    explain_breaks(folder, &names, &mut scans);
    let conflicts = conflicts(folder, &names, &mut scans);
    LoadReport {
        files: names
            .into_iter()
            .zip(scans)
            .map(|(name, found)| file_load(folder.join(&name), found.waiting_for_last_line(), None))
            .collect(),
        skipped,
        conflicts,
    }
}

/// What loading a file found; `damage` given when its damaged lines were dealt with, else
/// they are reported as skipped and left in place.
fn file_load(path: PathBuf, found: Scan, damage: Option<Damage>) -> FileLoad {
    let damage = damage.or_else(|| {
        (!found.damaged.is_empty()).then(|| Damage {
            file: path.clone(),
            lines: found.damaged.iter().map(|d| d.number).collect(),
            torn_last_line: found.unterminated && found.last_damaged,
            moved_to: None,
            not_moved: None,
            kept: found.events,
        })
    });
    FileLoad {
        path,
        events: found.events,
        read_to: found.read_to,
        lines: found.complete_lines(),
        damage,
        ahead: found.ahead,
        forged: found.forged,
        breaks: found.breaks.into_iter().map(|(n, _)| n).collect(),
        head: found.head,
    }
}

/// The ids that lines of the files hold with different content, each with its lines. The
/// scans' lists of ids are emptied: they are needed only here.
fn conflicts(folder: &Folder, names: &[String], scans: &mut [Scan]) -> Vec<Conflict> {
    let mut all: Vec<([u8; 16], u32, u32, u32)> =
        Vec::with_capacity(scans.iter().map(|s| s.ids.len()).sum());
    for (file, scan) in scans.iter_mut().enumerate() {
        let file = u32::try_from(file).unwrap_or(u32::MAX);
        all.extend(
            std::mem::take(&mut scan.ids)
                .into_iter()
                .map(|(id, crc, n)| (id, crc, file, n)),
        );
    }
    all.sort_unstable();
    all.chunk_by(|a, b| a.0 == b.0)
        .filter(|same| same.iter().any(|line| line.1 != same[0].1))
        .map(|same| {
            let mut lines: Vec<(u32, u32)> = same.iter().map(|l| (l.2, l.3)).collect();
            lines.sort_unstable();
            Conflict {
                id: Ulid::from_bytes(same[0].0),
                lines: lines
                    .into_iter()
                    .map(|(file, n)| (folder.join(&names[file as usize]), n as usize))
                    .collect(),
            }
        })
        .collect()
}

/// Opens the audit's folder under `data_dir`, creating what is missing (owner-only), and
/// refuses a folder that another user owns or may change. Returns with it the folders that
/// gained a new folder, deepest first: the caller syncs them once the record file in the new
/// folder is on the disk, so that a power cut never leaves a new, empty folder durable where
/// an old one with saved lines was.
fn open_audit_folder<D: Disk>(
    disk: &mut D,
    home: &Home,
    audit_id: &str,
) -> Result<(Folder, Vec<Folder>), RecordError> {
    let data_dir = match home {
        Home::Data(data_dir) => data_dir,
        Home::Team(root) => return open_team_records(disk, root),
    };
    let path = audit_folder(data_dir, audit_id)?;
    let mut made = Vec::new();
    if !data_dir.exists() {
        let mut builder = DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(data_dir)
            .map_err(|e| RecordError::io("create", data_dir, e))?;
        if let Some(parent) = data_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            made.extend(Folder::open(parent).ok());
        }
    }
    let data = Folder::open(data_dir).map_err(|e| RecordError::io("open", data_dir, e))?;
    check_private(&data)?;
    let (audits, new) = child_folder(disk, &data, "audits")?;
    check_private(&audits)?;
    let (folder, new_audit) = child_folder(disk, &audits, audit_id)?;
    check_private(&folder)?;
    debug_assert_eq!(folder.path(), path);
    if new_audit {
        made.insert(0, audits);
    }
    if new {
        made.insert(usize::from(new_audit), data);
    }
    Ok((folder, made))
}

/// Opens the records folder of the team's audit folder `root` (creating it when missing,
/// owner-only), refusing either if another user owns it or may change it: the same stance
/// as for the data folder.
fn open_team_records<D: Disk>(
    disk: &mut D,
    root: &Path,
) -> Result<(Folder, Vec<Folder>), RecordError> {
    let root = Folder::open(root).map_err(|e| RecordError::io("open", root, e))?;
    check_private(&root)?;
    let (records, new) = child_folder(disk, &root, TEAM_RECORDS)?;
    check_private(&records)?;
    Ok((records, if new { vec![root] } else { Vec::new() }))
}

/// The folder `name` in `parent`, created when missing; and whether it was.
fn child_folder<D: Disk>(
    disk: &mut D,
    parent: &Folder,
    name: &str,
) -> Result<(Folder, bool), RecordError> {
    let path = parent.join(name);
    match parent.child(name) {
        Ok(folder) => Ok((folder, false)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let made = match disk.make_folder(parent, name) {
                Ok(()) => true,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
                Err(e) => return Err(RecordError::io("create", &path, e)),
            };
            let folder = parent
                .child(name)
                .map_err(|e| RecordError::io("open", &path, e))?;
            Ok((folder, made))
        }
        Err(e) => Err(RecordError::io("open", &path, e)),
    }
}

/// Makes the new names of `folders` (deepest first) durable.
fn sync_parents<D: Disk>(disk: &mut D, folders: &[Folder]) -> Result<(), RecordError> {
    for folder in folders {
        disk.sync_folder(folder)
            .map_err(|e| RecordError::io("sync", folder.path(), e))?;
    }
    Ok(())
}

/// Refuses a folder of the record that another user owns or may change: they could replace
/// the record or plant links in it.
pub(crate) fn check_private(folder: &Folder) -> Result<(), RecordError> {
    let entry = folder
        .itself()
        .map_err(|e| RecordError::io("check", folder.path(), e))?;
    let why = if !entry.is_mine() {
        "it belongs to another user".to_owned()
    } else if entry.others_can_write() {
        format!(
            "other users may change it (permissions {:o}); make it yours alone with \
             `chmod go-w`",
            entry.mode.unwrap_or(0)
        )
    } else {
        return Ok(());
    };
    Err(RecordError::NotPrivate {
        path: folder.path().to_owned(),
        why,
    })
}

/// Opens the auditor's record file for appending, creating it (and syncing the folder so that
/// its name survives a crash) if it does not exist; refuses anything but a regular file of
/// this user's.
fn open_own<D: Disk>(disk: &mut D, folder: &Folder, name: &str) -> Result<File, RecordError> {
    let path = folder.join(name);
    let file = match disk.open(folder, name, Access::CreateNew) {
        Ok(file) => {
            disk.sync_folder(folder)
                .map_err(|e| RecordError::io("sync", folder.path(), e))?;
            file
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            if let Some(entry) = folder
                .entry(name)
                .map_err(|e| RecordError::io("open", &path, e))?
                && let Some(why) = unreadable(&entry)
            {
                return Err(RecordError::Refused { path, why });
            }
            disk.open(folder, name, Access::Append)
                .map_err(|e| RecordError::io("open", &path, e))?
        }
        Err(e) => return Err(RecordError::io("create", &path, e)),
    };
    let entry = entry_of(&file, &path)?;
    if let Some(why) = unreadable(&entry) {
        return Err(RecordError::Refused { path, why });
    }
    if !entry.is_mine() {
        return Err(RecordError::Refused {
            path,
            why: "it belongs to another user; auditday writes only to files you own".into(),
        });
    }
    Ok(file)
}

/// Takes the operating system's lock on the record file, refused while another auditday
/// holds it.
fn lock(file: &File, path: &Path, auditor: &str, audit: &str) -> Result<(), RecordError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => Err(RecordError::Locked {
            auditor: auditor.to_owned(),
            audit: audit.to_owned(),
            lock: path.to_owned(),
        }),
        Err(fs::TryLockError::Error(e)) => Err(RecordError::io("lock", path, e)),
    }
}

fn entry_of(file: &File, path: &Path) -> Result<Entry, RecordError> {
    Entry::of(file).map_err(|e| RecordError::io("read", path, e))
}
