//! One auditor's record of one audit, open for appending: locked against a second process,
//! repaired on open, and written so that an event is on the disk before `append` returns.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ulid::Ulid;

use super::disk::{Disk, OsDisk};
use super::envelope::{Envelope, FORMAT_VERSION, RawJson};
use super::location::{audit_folder, auditor_stem};
use super::report::{Damage, FileLoad, LoadReport};
use super::scan::{DamagedLine, Scan, fold_files, record_files, scan_files};
use super::{RecordError, line};

/// An auditor's record of an audit, open for appending. Holds an OS lock on the record for as
/// long as it lives; the lock goes with the process, so a crash leaves none behind.
#[derive(Debug)]
pub struct Store<D: Disk = OsDisk> {
    disk: D,
    audit: String,
    auditor: String,
    folder: PathBuf,
    path: PathBuf,
    lock_path: PathBuf,
    file: File,
    lock: File,
    identity: Option<Identity>,
    /// Length of the file up to the end of its last acknowledged line.
    len: u64,
    /// Whether bytes of a failed append may still lie past `len`.
    dirty: bool,
    /// Whether the file was found deleted or replaced; the next append recreates it first.
    missing: bool,
    last_id: Ulid,
}

impl Store {
    /// Opens (creating if needed) `auditor`'s record of audit `audit_id` under `data_dir`,
    /// and loads every record file of the audit: each event goes to `visit`. Damaged lines
    /// of this auditor's file are moved to a quarantine file beside it; those of other
    /// auditors' files, which are only read, are skipped. The report says which.
    pub fn open(
        data_dir: &Path,
        audit_id: &str,
        auditor: &str,
        visit: impl FnMut(Envelope),
    ) -> Result<(Store, LoadReport), RecordError> {
        Store::open_with(OsDisk, data_dir, audit_id, auditor, visit)
    }
}

impl<D: Disk> Store<D> {
    /// [`Store::open`] with the file calls made through `disk`.
    pub fn open_with(
        disk: D,
        data_dir: &Path,
        audit_id: &str,
        auditor: &str,
        mut visit: impl FnMut(Envelope),
    ) -> Result<(Self, LoadReport), RecordError> {
        Store::open_loading(disk, data_dir, audit_id, auditor, |files| {
            scan_files(files, &mut visit)
        })
    }

    /// [`Store::open`] for a fold whose result does not depend on the order of events (the
    /// audit state's): the files are read and folded on every core, each thread into its own
    /// `S` with `apply`, and the parts combined with `merge`. Twice as fast on two cores.
    pub fn open_folding<S: Default + Send>(
        disk: D,
        data_dir: &Path,
        audit_id: &str,
        auditor: &str,
        apply: impl Fn(&mut S, Envelope) + Sync,
        merge: impl Fn(&mut S, S),
    ) -> Result<(Self, S, LoadReport), RecordError> {
        let mut state = None;
        let (store, report) = Store::open_loading(disk, data_dir, audit_id, auditor, |files| {
            let (folded, scans) = fold_files(files, &apply, &merge)?;
            state = Some(folded);
            Ok(scans)
        })?;
        Ok((store, state.unwrap_or_default(), report))
    }

    fn open_loading(
        disk: D,
        data_dir: &Path,
        audit_id: &str,
        auditor: &str,
        load: impl FnOnce(&[PathBuf]) -> Result<Vec<Scan>, RecordError>,
    ) -> Result<(Self, LoadReport), RecordError> {
        let folder = audit_folder(data_dir, audit_id)?;
        create_folder(&folder)?;
        let stem = auditor_stem(auditor);
        let path = folder.join(format!("{stem}.jsonl"));
        let lock_path = folder.join(format!("{stem}.lock"));
        let lock = acquire_lock(&lock_path, auditor, audit_id)?;
        let file = open_own(&path, &folder)?;
        let mut store = Store {
            disk,
            audit: audit_id.to_owned(),
            auditor: auditor.to_owned(),
            identity: identity_of(&file, &path)?,
            folder,
            path,
            lock_path,
            file,
            lock,
            len: 0,
            dirty: false,
            missing: false,
            last_id: Ulid::nil(),
        };
        let files = record_files(&store.folder)?;
        let scans = load(&files)?;
        let mut report = LoadReport::default();
        for (path, found) in files.into_iter().zip(scans) {
            store.last_id = store.last_id.max(found.max_id.unwrap_or_default());
            report.files.push(if path == store.path {
                store.repair_own(found)?
            } else {
                read_only(path, found)
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
        &self.folder
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

    /// Writes `envelope` as one line and returns once it is on the disk. On failure nothing
    /// of it is left that the next load would trip on, and the same envelope may be appended
    /// again: it lands once.
    pub fn append(&mut self, envelope: &Envelope) -> Result<(), RecordError> {
        if self.missing {
            self.recreate()?;
        }
        let line = line::encode(envelope);
        let end = self.len + line.len() as u64;
        let disk = &mut self.disk;
        let written = disk
            .write_at(&self.file, self.len, &line)
            .and_then(|()| {
                if self.dirty {
                    disk.set_len(&self.file, end)
                } else {
                    Ok(())
                }
            })
            .and_then(|()| disk.sync_data(&self.file));
        if let Err(source) = written {
            self.dirty = disk.set_len(&self.file, self.len).is_err();
            return Err(RecordError::io("save to", &self.path, source));
        }
        self.dirty = false;
        if !self.still_there()? {
            self.missing = true;
            return Err(RecordError::Missing {
                path: self.path.clone(),
            });
        }
        self.len = end;
        Ok(())
    }

    /// Moves the damaged lines this auditor's file was found with to quarantine, cutting or
    /// rewriting the file without them, and adds a newline a crash left off the last good
    /// line.
    fn repair_own(&mut self, found: Scan) -> Result<FileLoad, RecordError> {
        let mut damage = None;
        if !found.damaged.is_empty() {
            let moved_to = self.quarantine(&found.damaged)?;
            if found.damage_only_at_end() {
                self.cut(found.good_end)?;
            } else {
                self.rewrite_without(&found)?;
            }
            damage = Some(Damage {
                file: self.path.clone(),
                lines: found.damaged.iter().map(|d| d.number).collect(),
                torn_last_line: found.unterminated && found.last_damaged,
                moved_to: Some(moved_to),
                kept: found.events,
            });
        } else if found.unterminated {
            self.write_synced(found.good_end, b"\n")?;
        }
        self.len = self
            .file
            .metadata()
            .map_err(|e| RecordError::io("read", &self.path, e))?
            .len();
        Ok(FileLoad {
            path: self.path.clone(),
            events: found.events,
            read_to: self.len,
            lines: found.complete_lines(),
            damage,
        })
    }

    /// Writes the damaged lines, each followed by a newline, to a new
    /// `<file>.damaged-<UTC time>` beside the record, and returns its path.
    fn quarantine(&mut self, damaged: &[DamagedLine]) -> Result<PathBuf, RecordError> {
        let base = format!(
            "{}.damaged-{}",
            self.path.file_name().unwrap_or_default().to_string_lossy(),
            Utc::now().format("%Y%m%dT%H%M%SZ")
        );
        let (path, file) = (1..)
            .map(|n| match n {
                1 => self.folder.join(&base),
                n => self.folder.join(format!("{base}-{n}")),
            })
            .find_map(
                |path| match private().write(true).create_new(true).open(&path) {
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => None,
                    opened => Some(opened.map(|f| (path.clone(), f)).map_err(|e| (path, e))),
                },
            )
            .expect("some numbered name is free")
            .map_err(|(path, e)| RecordError::io("create", &path, e))?;
        let mut bytes = Vec::new();
        for line in damaged {
            bytes.extend_from_slice(&line.bytes);
            bytes.push(b'\n');
        }
        let written = self
            .disk
            .write_at(&file, 0, &bytes)
            .and_then(|()| self.disk.sync_data(&file))
            .map_err(|e| RecordError::io("write", &path, e))
            .and_then(|()| sync_dir(&self.folder));
        if let Err(e) = written {
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        Ok(path)
    }

    /// Cuts the record file to `len` bytes, durably.
    fn cut(&mut self, len: u64) -> Result<(), RecordError> {
        self.disk
            .set_len(&self.file, len)
            .and_then(|()| self.disk.sync_data(&self.file))
            .map_err(|e| RecordError::io("repair", &self.path, e))
    }

    fn write_synced(&mut self, offset: u64, bytes: &[u8]) -> Result<(), RecordError> {
        self.disk
            .write_at(&self.file, offset, bytes)
            .and_then(|()| self.disk.sync_data(&self.file))
            .map_err(|e| RecordError::io("repair", &self.path, e))
    }

    /// Replaces the record file by a copy without its damaged lines: written whole and synced
    /// under a temporary name, then renamed over it, so a crash leaves one or the other.
    fn rewrite_without(&mut self, found: &Scan) -> Result<(), RecordError> {
        let tmp = self.path.with_extension("jsonl.rewrite");
        let fail = |e| RecordError::io("repair", &tmp, e);
        let out = private()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(fail)?;
        let mut reader = BufReader::new(&self.file);
        reader.seek(SeekFrom::Start(0)).map_err(fail)?;
        let mut damaged = found.damaged.iter().map(|d| d.number).peekable();
        let (mut buf, mut chunk, mut offset, mut number) = (Vec::new(), Vec::new(), 0u64, 0);
        loop {
            buf.clear();
            if reader.read_until(b'\n', &mut buf).map_err(fail)? == 0 {
                break;
            }
            number += 1;
            if damaged.next_if_eq(&number).is_some() {
                continue;
            }
            chunk.extend_from_slice(&buf);
            if buf.last() != Some(&b'\n') {
                chunk.push(b'\n');
            }
            if chunk.len() >= 1 << 20 {
                self.disk.write_at(&out, offset, &chunk).map_err(fail)?;
                offset += chunk.len() as u64;
                chunk.clear();
            }
        }
        self.disk.write_at(&out, offset, &chunk).map_err(fail)?;
        self.disk.sync_data(&out).map_err(fail)?;
        fs::rename(&tmp, &self.path).map_err(fail)?;
        sync_dir(&self.folder)?;
        self.file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(|e| RecordError::io("open", &self.path, e))?;
        self.identity = identity_of(&self.file, &self.path)?;
        Ok(())
    }

    /// Whether the path still names the file this store writes to.
    fn still_there(&self) -> Result<bool, RecordError> {
        match fs::metadata(&self.path) {
            Ok(meta) => Ok(identity(&meta) == self.identity),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(RecordError::io("check", &self.path, e)),
        }
    }

    /// After the record file was deleted or moved: creates it again (and its folder and lock)
    /// with every acknowledged line, read back from the file this store still holds open.
    fn recreate(&mut self) -> Result<(), RecordError> {
        create_folder(&self.folder)?;
        let lock_intact = match fs::metadata(&self.lock_path) {
            Ok(meta) => identity(&meta) == identity_of(&self.lock, &self.lock_path)?,
            Err(_) => false,
        };
        if !lock_intact {
            self.lock = acquire_lock(&self.lock_path, &self.auditor, &self.audit)?;
        }
        let file = private()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&self.path)
            .map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => RecordError::Missing {
                    path: self.path.clone(),
                },
                _ => RecordError::io("create", &self.path, e),
            })?;
        let fail = |e| RecordError::io("recreate", &self.path, e);
        let mut old = &self.file;
        old.seek(SeekFrom::Start(0)).map_err(fail)?;
        let mut chunk = vec![0; 1 << 20];
        let mut offset = 0;
        while offset < self.len {
            let n = chunk.len().min((self.len - offset) as usize);
            old.read_exact(&mut chunk[..n]).map_err(fail)?;
            self.disk
                .write_at(&file, offset, &chunk[..n])
                .map_err(fail)?;
            offset += n as u64;
        }
        self.disk.sync_data(&file).map_err(fail)?;
        sync_dir(&self.folder)?;
        self.identity = identity_of(&file, &self.path)?;
        self.file = file;
        self.missing = false;
        self.dirty = false;
        Ok(())
    }
}

/// Reads the record files of an audit without changing anything: for commands that only
/// look, and may run while the interface has the record open. Damaged lines are skipped and
/// reported, never moved. A missing folder is an empty record.
pub fn read_audit(
    data_dir: &Path,
    audit_id: &str,
    mut visit: impl FnMut(Envelope),
) -> Result<LoadReport, RecordError> {
    let folder = audit_folder(data_dir, audit_id)?;
    let files = record_files(&folder)?;
    let scans = scan_files(&files, &mut visit)?;
    Ok(report_read_only(files, scans))
}

/// [`read_audit`] for a fold whose result does not depend on the order of events, on every
/// core: see [`Store::open_folding`].
pub fn read_audit_folding<S: Default + Send>(
    data_dir: &Path,
    audit_id: &str,
    apply: impl Fn(&mut S, Envelope) + Sync,
    merge: impl Fn(&mut S, S),
) -> Result<(S, LoadReport), RecordError> {
    let folder = audit_folder(data_dir, audit_id)?;
    let files = record_files(&folder)?;
    let (state, scans) = fold_files(&files, &apply, &merge)?;
    Ok((state, report_read_only(files, scans)))
}

fn report_read_only(files: Vec<PathBuf>, scans: Vec<Scan>) -> LoadReport {
    LoadReport {
        files: files
            .into_iter()
            .zip(scans)
            .map(|(p, s)| read_only(p, s))
            .collect(),
    }
}

/// What a file that is only read was found with: its damaged lines stay where they are.
fn read_only(path: PathBuf, found: Scan) -> FileLoad {
    let damage = (!found.damaged.is_empty()).then(|| Damage {
        file: path.clone(),
        lines: found.damaged.iter().map(|d| d.number).collect(),
        torn_last_line: found.unterminated && found.last_damaged,
        moved_to: None,
        kept: found.events,
    });
    FileLoad {
        path,
        events: found.events,
        read_to: found.read_to,
        lines: found.complete_lines(),
        damage,
    }
}

/// Open options for files only the owner may read or write (0600 on Unix).
fn private() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates the audit folder (and the data folders above it) readable by the owner only
/// (0700 on Unix), with the new entries synced to the disk.
fn create_folder(folder: &Path) -> Result<(), RecordError> {
    if folder.is_dir() {
        return Ok(());
    }
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(folder)
        .map_err(|e| RecordError::io("create", folder, e))?;
    for parent in folder.ancestors().skip(1).take(2) {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Makes the folder's entries (a new or renamed file) durable. Windows has no such call; there
/// the file system journals them.
fn sync_dir(folder: &Path) -> Result<(), RecordError> {
    #[cfg(unix)]
    File::open(folder)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| RecordError::io("sync", folder, e))?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

fn acquire_lock(path: &Path, auditor: &str, audit: &str) -> Result<File, RecordError> {
    let file = private()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| RecordError::io("create", path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(RecordError::Locked {
            auditor: auditor.to_owned(),
            audit: audit.to_owned(),
            lock: path.to_owned(),
        }),
        Err(fs::TryLockError::Error(e)) => Err(RecordError::io("lock", path, e)),
    }
}

/// Opens the auditor's record file, creating it (and syncing the folder so that its name
/// survives a crash) if it does not exist.
fn open_own(path: &Path, folder: &Path) -> Result<File, RecordError> {
    match private().read(true).write(true).create_new(true).open(path) {
        Ok(file) => {
            sync_dir(folder)?;
            Ok(file)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| RecordError::io("open", path, e)),
        Err(e) => Err(RecordError::io("create", path, e)),
    }
}

/// Which file a path names (device and inode), to notice it being deleted or replaced. Not
/// available off Unix, where only a deletion is noticed.
type Identity = (u64, u64);

fn identity(meta: &fs::Metadata) -> Option<Identity> {
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

fn identity_of(file: &File, path: &Path) -> Result<Option<Identity>, RecordError> {
    let meta = file
        .metadata()
        .map_err(|e| RecordError::io("read", path, e))?;
    Ok(identity(&meta))
}
