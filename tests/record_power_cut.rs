//! Power cuts at every call the store makes to the disk. A simulated disk, in the spirit of
//! SQLite's test VFS, does every call on the real file system but also keeps what a
//! pessimistic disk would have made durable: a file's bytes as of its last `sync_data`, a
//! folder's names as of its last `sync_folder`, nothing else. After a cut before each call in
//! turn, only that durable state is rebuilt in a new folder, and read with a reader of the
//! format written here from `docs/record-format.md`: every item whose append returned `Ok`
//! must be there exactly once, nothing but a torn last line may be damaged, and the store must
//! open what was kept, load those items and leave no damage behind. Unlike killing the process
//! (`record_crash.rs`), which leaves everything written in the operating system's cache, this
//! fails if a sync is left out: `the_check_notices_a_store_that_skips_sync` shows it.

#![cfg(unix)]

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet, hash_map};
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, OpenOptionsExt};
use std::path::Path;
use std::rc::Rc;

use auditday::record::{Access, Disk, Entry, Folder, Kind, OsDisk, RawJson, Store, replace_file};

const AUDIT: &str = "acme-s2";
const AUDITOR: &str = "Priya Shah";
/// What every call returns once the power is cut: an I/O error, as a dying disk reports.
const EIO: i32 = 5;

/// Which file or folder a name holds (device and inode): what a folder's durable names point
/// to, and what a rename carries from one name to another.
type Id = (u64, u64);

/// A folder's names and what each holds.
type Names = BTreeMap<String, (Kind, Id)>;

/// The state of the simulated disk, shared by the disk the store owns and the test that
/// rebuilds what it kept once the store is gone.
struct Model {
    /// The data folder, where rebuilding starts.
    root: Id,
    /// Each file's bytes as of its last `sync_data` (or the start of the test); a file never
    /// synced is empty.
    files: HashMap<Id, Vec<u8>>,
    /// Each folder's names as of its last `sync_folder` (or the start of the test); a folder
    /// never synced is empty.
    folders: HashMap<Id, Names>,
    /// Every file seen, held open: to read what was appended to it but not synced, and so that
    /// a file deleted while the test runs keeps its inode and no later file takes its
    /// identity and inherits its durable bytes.
    held: HashMap<Id, File>,
    /// The file of the last append, whose unsynced bytes a torn write may have partly kept.
    last_appended: Option<Id>,
    /// How many calls the store has made.
    calls: usize,
    /// The number of the call that meets the power cut: it and every later one fail.
    cut: usize,
}

impl Model {
    /// The model of a disk holding the data folder as the test prepared it, all durable, with
    /// the power to be cut before call `cut`.
    fn of(data: &Path, cut: usize) -> io::Result<Model> {
        let folder = Folder::open(data)?;
        let mut model = Model {
            root: identity(&folder.itself()?),
            files: HashMap::new(),
            folders: HashMap::new(),
            held: HashMap::new(),
            last_appended: None,
            calls: 0,
            cut,
        };
        model.keep_all(&folder)?;
        Ok(model)
    }

    /// Takes everything in `folder` as durable: what existed before the store ran was on the
    /// disk.
    fn keep_all(&mut self, folder: &Folder) -> io::Result<()> {
        let names = names_of(folder)?;
        for (name, &(kind, id)) in &names {
            if kind == Kind::Folder {
                self.keep_all(&folder.child(name)?)?;
            } else {
                let file = folder.open_file(name, Access::Read)?;
                self.files.insert(id, contents(&file)?);
                self.held.insert(id, file);
            }
        }
        self.folders.insert(identity(&folder.itself()?), names);
        Ok(())
    }

    /// Counts a call, and refuses it if the power is cut.
    fn power(&mut self) -> io::Result<()> {
        let number = self.calls;
        self.calls += 1;
        if number >= self.cut {
            return Err(io::Error::from_raw_os_error(EIO));
        }
        Ok(())
    }

    /// Holds `file` open (see `held`) and returns its identity.
    fn hold(&mut self, file: &File) -> io::Result<Id> {
        let id = identity(&Entry::of(file)?);
        if let hash_map::Entry::Vacant(slot) = self.held.entry(id) {
            slot.insert(file.try_clone()?);
        }
        Ok(id)
    }

    /// Writes into the empty folder `to` what the disk kept of the data folder: the durable
    /// names from the data folder down, each file with its durable bytes, and the bytes
    /// appended since the last sync of the last file appended to as `unsynced` says.
    fn rebuild(&self, to: &Path, unsynced: Unsynced) -> io::Result<()> {
        self.rebuild_folder(self.root, to, unsynced)
    }

    /// [`Model::rebuild`] of one folder: what its last sync listed, each subfolder in turn.
    fn rebuild_folder(&self, folder: Id, to: &Path, unsynced: Unsynced) -> io::Result<()> {
        for (name, &(kind, id)) in self.folders.get(&folder).into_iter().flatten() {
            let path = to.join(name);
            if kind == Kind::Folder {
                DirBuilder::new().mode(0o700).create(&path)?;
                self.rebuild_folder(id, &path, unsynced)?;
            } else {
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&path)?
                    .write_all(&self.kept(id, unsynced)?)?;
            }
        }
        Ok(())
    }

    /// The bytes the disk kept of file `id`.
    fn kept(&self, id: Id, unsynced: Unsynced) -> io::Result<Vec<u8>> {
        let durable = self.files.get(&id).cloned().unwrap_or_default();
        if self.last_appended != Some(id) {
            return Ok(durable);
        }
        let now = contents(&self.held[&id])?;
        Ok(match now.strip_prefix(durable.as_slice()) {
            Some(appended) => [durable.as_slice(), &unsynced.kept_of(appended)].concat(),
            None => durable,
        })
    }
}

/// What became of the bytes appended to a file since its last sync when the power went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unsynced {
    /// All lost: the pessimistic disk.
    Lost,
    /// The first half kept: a write torn in the middle of a line.
    Half,
    /// All but the last byte kept: a line complete but for its newline.
    AllButTheLastByte,
    /// The file's new size kept but not its data, which reads as zeros (some file systems).
    Zeros,
}

impl Unsynced {
    const ALL: [Unsynced; 4] = [
        Unsynced::Lost,
        Unsynced::Half,
        Unsynced::AllButTheLastByte,
        Unsynced::Zeros,
    ];

    /// What the disk kept of the bytes `appended` since the last sync.
    fn kept_of(self, appended: &[u8]) -> Vec<u8> {
        match self {
            Unsynced::Lost => Vec::new(),
            Unsynced::Half => appended[..appended.len() / 2].to_vec(),
            Unsynced::AllButTheLastByte => appended[..appended.len().saturating_sub(1)].to_vec(),
            Unsynced::Zeros => vec![0; appended.len()],
        }
    }
}

/// Which sync a deliberately broken store leaves out, to show that the check would notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skips {
    Nothing,
    SyncData,
    SyncFolder,
}

/// The store's disk: every call is the operating system's, counted, refused once the power is
/// cut, and the syncs recorded in the model.
struct PowerCutDisk {
    model: Rc<RefCell<Model>>,
    skips: Skips,
}

impl PowerCutDisk {
    /// Counts the call and refuses it once the power is cut, before anything reaches the disk.
    fn power(&self) -> io::Result<()> {
        self.model.borrow_mut().power()
    }
}

impl Disk for PowerCutDisk {
    fn append(&mut self, file: &File, bytes: &[u8]) -> io::Result<()> {
        self.power()?;
        OsDisk.append(file, bytes)?;
        let mut model = self.model.borrow_mut();
        model.last_appended = Some(model.hold(file)?);
        Ok(())
    }

    fn set_len(&mut self, file: &File, len: u64) -> io::Result<()> {
        self.power()?;
        OsDisk.set_len(file, len)
    }

    fn sync_data(&mut self, file: &File) -> io::Result<()> {
        self.power()?;
        if self.skips == Skips::SyncData {
            return Ok(());
        }
        OsDisk.sync_data(file)?;
        let mut model = self.model.borrow_mut();
        let id = model.hold(file)?;
        model.files.insert(id, contents(file)?);
        Ok(())
    }

    fn open(&mut self, folder: &Folder, name: &str, access: Access) -> io::Result<File> {
        self.power()?;
        let file = OsDisk.open(folder, name, access)?;
        self.model.borrow_mut().hold(&file)?;
        Ok(file)
    }

    fn make_folder(&mut self, parent: &Folder, name: &str) -> io::Result<()> {
        self.power()?;
        OsDisk.make_folder(parent, name)
    }

    fn rename(&mut self, folder: &Folder, from: &str, to: &str) -> io::Result<()> {
        self.power()?;
        OsDisk.rename(folder, from, to)
    }

    fn remove(&mut self, folder: &Folder, name: &str) -> io::Result<()> {
        self.power()?;
        OsDisk.remove(folder, name)
    }

    fn sync_folder(&mut self, folder: &Folder) -> io::Result<()> {
        self.power()?;
        if self.skips == Skips::SyncFolder {
            return Ok(());
        }
        OsDisk.sync_folder(folder)?;
        let names = names_of(folder)?;
        let id = identity(&folder.itself()?);
        self.model.borrow_mut().folders.insert(id, names);
        Ok(())
    }
}

/// The identity of a file or folder: how the model tells files apart across renames.
fn identity(entry: &Entry) -> Id {
    entry.identity.expect("Unix files have a device and inode")
}

/// The names of `folder` and what each holds, as a sync of the folder makes them durable.
fn names_of(folder: &Folder) -> io::Result<Names> {
    let mut names = Names::new();
    for name in folder.names()? {
        if let Some(entry) = folder.entry(&name)? {
            names.insert(name, (entry.kind, identity(&entry)));
        }
    }
    Ok(names)
}

/// All the bytes of `file` now, read through the handle the store synced: by the time of the
/// sync its name may already be another file's.
fn contents(file: &File) -> io::Result<Vec<u8>> {
    let (mut bytes, mut chunk) = (Vec::new(), [0; 8192]);
    loop {
        let n = file.read_at(&mut chunk, bytes.len() as u64)?;
        if n == 0 {
            return Ok(bytes);
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// What one power cut left: before which call, what became of the unsynced bytes, what the
/// scenario had been told was saved, and what the check found wrong with what the disk kept.
struct Cut<A> {
    at: usize,
    unsynced: Unsynced,
    acknowledged: A,
    problems: Vec<String>,
}

/// Runs `scenario` on a data folder prepared by `prepare`, once without a cut to count its
/// calls and then with the power cut before each call in turn and after the last, and checks
/// with `check` what the disk kept under each fate of the unsynced bytes.
fn cut_everywhere<A: Clone>(
    skips: Skips,
    prepare: impl Fn(&Path),
    scenario: impl Fn(PowerCutDisk, &Path) -> A,
    check: impl Fn(&Path, &A) -> Vec<String>,
) -> Vec<Cut<A>> {
    let run = |cut| {
        let data = tempfile::tempdir().unwrap();
        prepare(data.path());
        let model = Rc::new(RefCell::new(Model::of(data.path(), cut).unwrap()));
        let disk = PowerCutDisk {
            model: model.clone(),
            skips,
        };
        let acknowledged = scenario(disk, data.path());
        (data, model, acknowledged)
    };
    let calls = run(usize::MAX).1.borrow().calls;
    let mut cuts = Vec::new();
    for at in 0..=calls {
        let (_data, model, acknowledged) = run(at);
        for unsynced in Unsynced::ALL {
            let kept = tempfile::tempdir().unwrap();
            model.borrow().rebuild(kept.path(), unsynced).unwrap();
            cuts.push(Cut {
                at,
                unsynced,
                problems: check(kept.path(), &acknowledged),
                acknowledged: acknowledged.clone(),
            });
        }
    }
    cuts
}

/// Fails with every problem of every cut at once, each with its cut, so that one run shows
/// the whole pattern.
fn assert_no_problems<A>(scenario: &str, cuts: &[Cut<A>]) {
    let problems: Vec<String> = cuts
        .iter()
        .flat_map(|cut| {
            cut.problems.iter().map(move |problem| {
                format!(
                    "{scenario}: power cut before call {} (unsynced bytes {:?}): {problem}",
                    cut.at, cut.unsynced
                )
            })
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let calls = cuts.last().map_or(0, |cut| cut.at);
    eprintln!(
        "{scenario}: {calls} calls, {} cuts, {} rebuilt disks checked",
        calls + 1,
        cuts.len()
    );
}

/// The record file's name, worked out from the format page (lower-cased name, `-`, CRC-32 of
/// the name) rather than by auditday, so that a change of the name is noticed too.
fn record_name() -> String {
    format!(
        "priya-shah-{:08x}.jsonl",
        crc32fast::hash(AUDITOR.as_bytes())
    )
}

/// The id of a record line (without its newline and trailing white space) read by the format
/// page's rules alone: the last 20 bytes are `,"crc32":"`, 8 lower-case hex digits and `"}`,
/// the CRC-32 of the line with them replaced by `}` is those digits, and the line is a JSON
/// object with an `id` and a `type`. `None` for a damaged line.
fn event_id(line: &[u8]) -> Option<String> {
    let (body, suffix) = line.split_at(line.len().checked_sub(20)?);
    let digits = suffix
        .strip_prefix(br#","crc32":""#)?
        .strip_suffix(br#""}"#)?;
    if !digits
        .iter()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return None;
    }
    let stated = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
    if crc32fast::hash(&[body, b"}"].concat()) != stated {
        return None;
    }
    let event: serde_json::Value = serde_json::from_slice(line).ok()?;
    event.get("type")?.as_str()?;
    Some(event.get("id")?.as_str()?.to_owned())
}

/// A line without its newline and the white space after it, as the format reads it.
fn trimmed(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    &line[..end]
}

/// The bytes of the file at `path`; none if the disk did not keep its name.
fn read_or_empty(path: &Path) -> Vec<u8> {
    match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// What a record scenario must find on the disk after any cut.
#[derive(Clone)]
struct Expected {
    /// The ids of the items on the disk when the test started and of those whose append
    /// returned `Ok`: each must be in the record exactly once.
    acknowledged: Vec<String>,
    /// The damaged lines the record started with: they may still be in it, or moved to a
    /// `.damaged-` file beside it, but never dropped.
    planted: Vec<Vec<u8>>,
}

/// What the reader of the format makes of a record file.
struct Reading {
    /// The id of every event line, in file order.
    ids: Vec<String>,
    /// The damaged lines that end with a newline, with their line numbers.
    damaged: Vec<(usize, Vec<u8>)>,
    /// A last line without its newline: cut short, or (if it reads as an event) only its
    /// newline lost.
    unterminated: Option<Vec<u8>>,
}

impl Reading {
    fn of(bytes: &[u8]) -> Reading {
        let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        let last = lines.pop().map(trimmed).unwrap_or_default();
        let mut reading = Reading {
            ids: Vec::new(),
            damaged: Vec::new(),
            unterminated: (!last.is_empty()).then(|| last.to_vec()),
        };
        for (number, line) in (1..).zip(lines) {
            let line = trimmed(line);
            if line.is_empty() {
                continue;
            }
            match event_id(line) {
                Some(id) => reading.ids.push(id),
                None => reading.damaged.push((number, line.to_vec())),
            }
        }
        reading.ids.extend(event_id(last));
        reading
    }

    /// What is wrong: an acknowledged item missing or repeated, a damaged line other than a
    /// planted one or a last line cut short, and, once the store has repaired the file
    /// (`repaired`), any damage at all or a last line without its newline.
    fn problems(&self, expected: &Expected, repaired: bool) -> Vec<String> {
        let mut problems = Vec::new();
        for id in &expected.acknowledged {
            match self.ids.iter().filter(|seen| *seen == id).count() {
                0 => problems.push(format!("acknowledged item {id} is lost")),
                1 => {}
                n => problems.push(format!("acknowledged item {id} is there {n} times")),
            }
        }
        for (number, line) in &self.damaged {
            if repaired || !expected.planted.contains(line) {
                let shown = String::from_utf8_lossy(&line[..line.len().min(80)]);
                problems.push(format!("line {number} is damaged: {shown}"));
            }
        }
        if let Some(last) = self.unterminated.as_ref().filter(|_| repaired) {
            let shown = String::from_utf8_lossy(&last[..last.len().min(80)]);
            problems.push(format!("the last line has no newline: {shown}"));
        }
        problems
    }
}

/// The planted damaged lines found neither in the record nor in a `.damaged-` file beside
/// it: damage must be moved aside, never dropped.
fn dropped(folder: &Path, expected: &Expected) -> Vec<String> {
    let quarantine = format!("{}.damaged-", record_name());
    let mut files = vec![folder.join(record_name())];
    if let Ok(names) = fs::read_dir(folder) {
        for name in names {
            let name = name.unwrap().file_name();
            if name.to_string_lossy().starts_with(&quarantine) {
                files.push(folder.join(name));
            }
        }
    }
    let lines: HashSet<Vec<u8>> = files
        .iter()
        .flat_map(|file| {
            let bytes = read_or_empty(file);
            let lines: Vec<Vec<u8>> = bytes
                .split(|&b| b == b'\n')
                .map(|line| trimmed(line).to_vec())
                .collect();
            lines
        })
        .collect();
    expected
        .planted
        .iter()
        .filter(|line| !lines.contains(*line))
        .map(|line| {
            let shown = String::from_utf8_lossy(&line[..line.len().min(80)]);
            format!("the damaged line {shown} was dropped")
        })
        .collect()
}

/// Checks the record the disk kept in the data folder `data`, first with the reader of the
/// format, then by opening it with the store (which must load every acknowledged item and
/// leave a record without damage), then with the reader again.
fn check_record(data: &Path, expected: &Expected) -> Vec<String> {
    let folder = data.join("audits").join(AUDIT);
    let record = folder.join(record_name());
    let mut problems = Reading::of(&read_or_empty(&record)).problems(expected, false);
    problems.extend(dropped(&folder, expected));
    let mut loaded = HashSet::new();
    match Store::open(data, AUDIT, AUDITOR, |e| {
        loaded.insert(e.id.to_string());
    }) {
        Err(e) => problems.push(format!("the store does not open what the disk kept: {e}")),
        Ok((store, _)) => {
            drop(store);
            for id in expected
                .acknowledged
                .iter()
                .filter(|id| !loaded.contains(*id))
            {
                problems.push(format!("the store does not load acknowledged item {id}"));
            }
            let after = Reading::of(&read_or_empty(&record)).problems(expected, true);
            let after = after.into_iter().chain(dropped(&folder, expected));
            problems.extend(after.map(|p| format!("after the store opened it: {p}")));
        }
    }
    problems
}

/// Appends `count` notes until one fails (the power is out: nothing after would succeed),
/// adding the id of each acknowledged one to `acknowledged`; whether all were.
fn append_notes(
    store: &mut Store<PowerCutDisk>,
    count: usize,
    acknowledged: &mut Vec<String>,
) -> bool {
    (0..count).all(|n| {
        let data = RawJson::new(format!(r#"{{"text":"note {n} of the day"}}"#)).unwrap();
        let envelope = store.stamp("note_written", data);
        let saved = store.append(&envelope).is_ok();
        if saved {
            acknowledged.push(envelope.id.to_string());
        }
        saved
    })
}

/// Scenario 1: the record of a new audit: its folders and file created, five items appended.
fn fresh_record(disk: PowerCutDisk, data: &Path) -> Expected {
    let mut acknowledged = Vec::new();
    if let Ok((mut store, _)) = Store::open_with(disk, data, AUDIT, AUDITOR, |_| {}) {
        append_notes(&mut store, 5, &mut acknowledged);
    }
    Expected {
        acknowledged,
        planted: Vec::new(),
    }
}

#[test]
fn a_new_record_keeps_every_acknowledged_item_at_any_power_cut() {
    let cuts = cut_everywhere(Skips::Nothing, |_| {}, fresh_record, check_record);
    assert_eq!(
        cuts.last().unwrap().acknowledged.acknowledged.len(),
        5,
        "uncut, every append succeeds"
    );
    assert_no_problems("new record, 5 appends", &cuts);
}

/// How a record found on opening is damaged.
#[derive(Debug, Clone, Copy)]
enum Damage {
    /// A line in the middle changed on the disk and the last line cut short: both moved
    /// aside, the record rewritten under a temporary name and renamed over itself.
    MiddleAndTornEnd,
    /// Only the last line cut short: moved aside and cut off the file.
    TornEnd,
    /// Only the newline of the last line lost: added.
    NewlineLost,
}

/// A record of four notes written by the store, then damaged as `damage` says, and what
/// must survive of it: its good lines that end with a newline, and its damaged lines
/// somewhere.
fn damaged_record(damage: Damage) -> (Vec<u8>, Expected) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path(), AUDIT, AUDITOR, |_| {}).unwrap();
    let mut ids = Vec::new();
    for n in 0..4 {
        let data = RawJson::new(format!(r#"{{"text":"note {n} of yesterday"}}"#)).unwrap();
        let envelope = store.stamp("note_written", data);
        store.append(&envelope).unwrap();
        ids.push(envelope.id.to_string());
    }
    drop(store);
    let written = fs::read(dir.path().join("audits").join(AUDIT).join(record_name())).unwrap();
    let lines: Vec<&[u8]> = written.split_inclusive(|&b| b == b'\n').collect();
    let torn = &lines[3][..lines[3].len() / 2];
    let mut changed = lines[1].to_vec();
    changed[20] ^= 1;
    let (bytes, good, planted) = match damage {
        Damage::MiddleAndTornEnd => (
            [lines[0], &changed, lines[2], torn].concat(),
            vec![0, 2],
            vec![trimmed(&changed).to_vec(), trimmed(torn).to_vec()],
        ),
        Damage::TornEnd => (
            [lines[0], lines[1], lines[2], torn].concat(),
            vec![0, 1, 2],
            vec![trimmed(torn).to_vec()],
        ),
        // The line without its newline was never acknowledged: its sync cannot have
        // returned before the newline was on the disk.
        Damage::NewlineLost => (
            written[..written.len() - 1].to_vec(),
            vec![0, 1, 2],
            Vec::new(),
        ),
    };
    let acknowledged = good.into_iter().map(|n: usize| ids[n].clone()).collect();
    (
        bytes,
        Expected {
            acknowledged,
            planted,
        },
    )
}

#[test]
fn a_damaged_record_keeps_every_acknowledged_item_at_any_power_cut_while_repaired() {
    for damage in [
        Damage::MiddleAndTornEnd,
        Damage::TornEnd,
        Damage::NewlineLost,
    ] {
        let (bytes, before) = damaged_record(damage);
        let prepare = |data: &Path| {
            let folder = data.join("audits").join(AUDIT);
            fs::create_dir_all(&folder).unwrap();
            fs::write(folder.join(record_name()), &bytes).unwrap();
        };
        // Scenario 2: the damaged record opened (the damage moved aside) and two items
        // appended.
        let reopened = |disk: PowerCutDisk, data: &Path| {
            let mut expected = before.clone();
            let mut loaded = Vec::new();
            let opened = Store::open_with(disk, data, AUDIT, AUDITOR, |e| {
                loaded.push(e.id.to_string());
            });
            if let Ok((mut store, _)) = opened {
                // Once the store has opened, what it loaded is on screen as saved: a line
                // it completed by adding its newline counts as acknowledged from now on.
                for id in loaded {
                    if !expected.acknowledged.contains(&id) {
                        expected.acknowledged.push(id);
                    }
                }
                append_notes(&mut store, 2, &mut expected.acknowledged);
            }
            expected
        };
        let cuts = cut_everywhere(Skips::Nothing, prepare, reopened, check_record);
        let completed = usize::from(matches!(damage, Damage::NewlineLost));
        assert_eq!(
            cuts.last().unwrap().acknowledged.acknowledged.len(),
            before.acknowledged.len() + completed + 2,
            "uncut, the record loads whole and every append succeeds"
        );
        assert_no_problems(&format!("{damage:?} record, 2 appends"), &cuts);
    }
}

/// The two contents the position file is given in turn.
const POSITIONS: [&[u8]; 2] = [
    br#"{"screen":"samples","line":3}"#,
    br#"{"screen":"findings","line":12,"form":"finding"}"#,
];

/// The interface's position file of the auditor, beside the record.
fn position_name() -> String {
    record_name().replace(".jsonl", ".position.json")
}

/// Scenario 3: the position file replaced twice; returns how many replacements returned `Ok`.
fn position_saved_twice(mut disk: PowerCutDisk, data: &Path) -> usize {
    let folder = Folder::open(&data.join("audits").join(AUDIT)).unwrap();
    let saved = POSITIONS
        .iter()
        .position(|bytes| replace_file(&mut disk, &folder, &position_name(), bytes).is_err());
    saved.unwrap_or(POSITIONS.len())
}

/// After `saved` replacements returned `Ok`, the position file must hold the last of them
/// or a later one, whole: never a part, never an older one, never nothing once one was saved.
fn check_position(data: &Path, saved: &usize) -> Vec<String> {
    let path = data.join("audits").join(AUDIT).join(position_name());
    let now = match fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let versions = [None, Some(POSITIONS[0]), Some(POSITIONS[1])];
    if versions[*saved..].contains(&now.as_deref()) {
        return Vec::new();
    }
    let shown = now.as_deref().map(String::from_utf8_lossy);
    vec![format!(
        "after {saved} saves the position file holds {shown:?}"
    )]
}

#[test]
fn the_position_file_is_the_old_or_the_new_one_whole_at_any_power_cut() {
    let prepare = |data: &Path| fs::create_dir_all(data.join("audits").join(AUDIT)).unwrap();
    let cuts = cut_everywhere(
        Skips::Nothing,
        prepare,
        position_saved_twice,
        check_position,
    );
    assert_eq!(cuts.last().unwrap().acknowledged, 2, "uncut, both succeed");
    assert_no_problems("position file, 2 replacements", &cuts);
}

/// What another program (a sync tool, the auditor cleaning up) deletes while the record is
/// open.
#[derive(Debug, Clone, Copy)]
enum Deleted {
    File,
    Folder,
}

/// Scenario 4: a new record, two items appended, then `deleted` behind the store's back, two
/// more appended (the first recreates the record with the first two), cut everywhere.
fn deleted_while_open(deleted: Deleted) {
    let recreated = |disk: PowerCutDisk, data: &Path| {
        let mut acknowledged = Vec::new();
        if let Ok((mut store, _)) = Store::open_with(disk, data, AUDIT, AUDITOR, |_| {})
            && append_notes(&mut store, 2, &mut acknowledged)
        {
            let folder = data.join("audits").join(AUDIT);
            match deleted {
                Deleted::File => fs::remove_file(folder.join(record_name())),
                Deleted::Folder => fs::remove_dir_all(&folder),
            }
            .unwrap();
            append_notes(&mut store, 2, &mut acknowledged);
        }
        Expected {
            acknowledged,
            planted: Vec::new(),
        }
    };
    let cuts = cut_everywhere(Skips::Nothing, |_| {}, recreated, check_record);
    assert_eq!(
        cuts.last().unwrap().acknowledged.acknowledged.len(),
        4,
        "uncut, every append succeeds"
    );
    assert_no_problems(&format!("{deleted:?} deleted while open, 4 appends"), &cuts);
}

#[test]
fn a_record_file_deleted_while_open_is_recreated_with_every_acknowledged_item_at_any_cut() {
    deleted_while_open(Deleted::File);
}

/// The new audit folder's parent is synced only once the record file in it is on the disk:
/// syncing it first would make the old folder's deletion durable together with a new, empty
/// folder, losing the items saved before the deletion at a cut in between.
#[test]
fn an_audit_folder_deleted_while_open_is_recreated_with_every_acknowledged_item_at_any_cut() {
    deleted_while_open(Deleted::Folder);
}

#[test]
fn the_check_notices_a_store_that_skips_sync() {
    for skips in [Skips::SyncData, Skips::SyncFolder] {
        let cuts = cut_everywhere(skips, |_| {}, fresh_record, check_record);
        // Only when the unsynced bytes are all lost is the loss certain: a torn write may
        // happen to keep them.
        let saved: Vec<_> = cuts
            .iter()
            .filter(|cut| cut.unsynced == Unsynced::Lost)
            .filter(|cut| !cut.acknowledged.acknowledged.is_empty())
            .collect();
        assert!(!saved.is_empty(), "{skips:?}: nothing was acknowledged");
        for cut in saved {
            assert!(
                cut.problems.iter().any(|p| p.ends_with("is lost")),
                "{skips:?}, cut before call {} ({:?}): the loss of {:?} is not noticed: {:?}",
                cut.at,
                cut.unsynced,
                cut.acknowledged.acknowledged,
                cut.problems
            );
        }
    }
}
