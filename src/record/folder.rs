//! The folder of one audit's records, held open as a handle: every file in it is opened,
//! created, renamed and removed relative to that handle and never through a symbolic link, so
//! that a link planted in the folder can make auditday neither read nor destroy a file
//! elsewhere. Files are created exclusively and readable by their owner only.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// An opened folder of the record.
#[derive(Debug)]
pub struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

/// How a file of the folder is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// For reading; a pipe or device is opened without waiting for a writer.
    Read,
    /// For reading and appending, created (owner-only) when missing.
    Append,
    /// For reading and appending, created (owner-only); fails if the name is taken.
    CreateNew,
}

/// What a name in the folder is, without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// A symbolic link.
    Link,
    /// A device, a pipe or a socket.
    Other,
}

/// A name's file as the folder lists it, or an opened file's: enough to tell what it is,
/// whose it is, and whether the name still holds the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: Kind,
    /// Its size in bytes.
    pub len: u64,
    /// Which file it is (device and inode on Unix).
    pub identity: Option<(u64, u64)>,
    /// Its owner's user id, where the system has one.
    pub owner: Option<u32>,
    /// Its permission bits, where the system has them.
    pub mode: Option<u32>,
    /// How many names it has (0 once a folder or file is deleted), where the system counts.
    pub links: Option<u64>,
}

impl Entry {
    /// What `file` is.
    pub fn of(file: &File) -> io::Result<Entry> {
        Ok(Entry::from_metadata(&file.metadata()?))
    }

    fn from_metadata(meta: &std::fs::Metadata) -> Entry {
        let kind = meta.file_type();
        let kind = if kind.is_symlink() {
            Kind::Link
        } else if kind.is_file() {
            Kind::File
        } else if kind.is_dir() {
            Kind::Folder
        } else {
            Kind::Other
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Entry {
                kind,
                len: meta.len(),
                identity: Some((meta.dev(), meta.ino())),
                owner: Some(meta.uid()),
                mode: Some(meta.mode() & 0o7777),
                links: Some(meta.nlink()),
            }
        }
        #[cfg(not(unix))]
        Entry {
            kind,
            len: meta.len(),
            identity: None,
            owner: None,
            mode: None,
            links: None,
        }
    }

    /// Whether this process's user owns it (always true where there are no owners).
    pub fn is_mine(&self) -> bool {
        self.owner.is_none_or(|owner| owner == current_user())
    }

    /// Whether users other than its owner may change it (group or others may write).
    pub fn others_can_write(&self) -> bool {
        self.mode.is_some_and(|mode| mode & 0o022 != 0)
    }
}

#[cfg(unix)]
fn current_user() -> u32 {
    rustix::process::geteuid().as_raw()
}

#[cfg(not(unix))]
fn current_user() -> u32 {
    0
}

#[cfg(unix)]
mod os {
    use std::fs::File;
    use std::io;

    use rustix::fs::{AtFlags, Mode, OFlags};

    use super::{Access, Entry, Folder, Kind};

    const PRIVATE_FILE: u32 = 0o600;
    const PRIVATE_FOLDER: u32 = 0o700;

    pub(super) fn open(path: &std::path::Path) -> io::Result<std::os::fd::OwnedFd> {
        Ok(rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?)
    }

    impl Folder {
        pub(super) fn os_child(&self, name: &str) -> io::Result<std::os::fd::OwnedFd> {
            Ok(rustix::fs::openat(
                &self.fd,
                name,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::empty(),
            )?)
        }

        pub(super) fn os_make_child(&self, name: &str) -> io::Result<()> {
            Ok(rustix::fs::mkdirat(
                &self.fd,
                name,
                Mode::from_bits_truncate(PRIVATE_FOLDER),
            )?)
        }

        pub(super) fn os_open_file(&self, name: &str, access: Access) -> io::Result<File> {
            let base = OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let flags = match access {
                Access::Read => base | OFlags::RDONLY | OFlags::NONBLOCK,
                Access::Append => base | OFlags::RDWR | OFlags::APPEND | OFlags::CREATE,
                Access::CreateNew => {
                    base | OFlags::RDWR | OFlags::APPEND | OFlags::CREATE | OFlags::EXCL
                }
            };
            let fd = rustix::fs::openat(
                &self.fd,
                name,
                flags,
                Mode::from_bits_truncate(PRIVATE_FILE),
            )
            .map_err(|e| match e {
                rustix::io::Errno::LOOP => io::Error::other("it is a symbolic link"),
                e => e.into(),
            })?;
            Ok(File::from(fd))
        }

        pub(super) fn os_rename(&self, from: &str, to: &str) -> io::Result<()> {
            Ok(rustix::fs::renameat(&self.fd, from, &self.fd, to)?)
        }

        pub(super) fn os_remove(&self, name: &str) -> io::Result<()> {
            Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::empty())?)
        }

        pub(super) fn os_sync(&self) -> io::Result<()> {
            Ok(rustix::fs::fsync(&self.fd)?)
        }

        pub(super) fn os_entry(&self, name: &str) -> io::Result<Option<Entry>> {
            match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(stat) => Ok(Some(entry(&stat))),
                Err(rustix::io::Errno::NOENT) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }

        pub(super) fn os_itself(&self) -> io::Result<Entry> {
            Ok(entry(&rustix::fs::fstat(&self.fd)?))
        }

        pub(super) fn os_names(&self) -> io::Result<Vec<String>> {
            let mut names = Vec::new();
            for item in rustix::fs::Dir::read_from(&self.fd)? {
                match item?.file_name().to_str() {
                    Ok("." | "..") | Err(_) => {}
                    Ok(name) => names.push(name.to_owned()),
                }
            }
            Ok(names)
        }
    }

    // The fields' types differ between Unix systems (`st_mode` is 16 bits on macOS).
    #[allow(clippy::unnecessary_cast)]
    fn entry(stat: &rustix::fs::Stat) -> Entry {
        let kind = match rustix::fs::FileType::from_raw_mode(stat.st_mode as _) {
            rustix::fs::FileType::RegularFile => Kind::File,
            rustix::fs::FileType::Directory => Kind::Folder,
            rustix::fs::FileType::Symlink => Kind::Link,
            _ => Kind::Other,
        };
        Entry {
            kind,
            len: u64::try_from(stat.st_size).unwrap_or(0),
            identity: Some((stat.st_dev as u64, stat.st_ino as u64)),
            owner: Some(stat.st_uid),
            mode: Some(stat.st_mode as u32 & 0o7777),
            links: Some(stat.st_nlink as u64),
        }
    }
}

#[cfg(not(unix))]
mod os {
    use std::fs::{File, OpenOptions};
    use std::io;

    use super::{Access, Entry, Folder, Kind};

    impl Folder {
        pub(super) fn os_make_child(&self, name: &str) -> io::Result<()> {
            std::fs::create_dir(self.join(name))
        }

        pub(super) fn os_open_file(&self, name: &str, access: Access) -> io::Result<File> {
            if self.os_entry(name)?.is_some_and(|e| e.kind == Kind::Link) {
                return Err(io::Error::other("it is a symbolic link"));
            }
            let mut options = OpenOptions::new();
            match access {
                Access::Read => options.read(true),
                Access::Append => options.read(true).append(true).create(true),
                Access::CreateNew => options.read(true).append(true).create_new(true),
            };
            options.open(self.join(name))
        }

        pub(super) fn os_rename(&self, from: &str, to: &str) -> io::Result<()> {
            std::fs::rename(self.join(from), self.join(to))
        }

        pub(super) fn os_remove(&self, name: &str) -> io::Result<()> {
            std::fs::remove_file(self.join(name))
        }

        pub(super) fn os_sync(&self) -> io::Result<()> {
            Ok(())
        }

        pub(super) fn os_entry(&self, name: &str) -> io::Result<Option<Entry>> {
            match std::fs::symlink_metadata(self.join(name)) {
                Ok(meta) => Ok(Some(Entry::from_metadata(&meta))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        }

        pub(super) fn os_itself(&self) -> io::Result<Entry> {
            Ok(Entry::from_metadata(&std::fs::metadata(&self.path)?))
        }

        pub(super) fn os_names(&self) -> io::Result<Vec<String>> {
            let mut names = Vec::new();
            for item in std::fs::read_dir(&self.path)? {
                if let Ok(name) = item?.file_name().into_string() {
                    names.push(name);
                }
            }
            Ok(names)
        }
    }
}

impl Folder {
    /// Opens the folder at `path`. Links in `path` itself are followed: the user chose it.
    pub fn open(path: &Path) -> io::Result<Folder> {
        #[cfg(unix)]
        return Ok(Folder {
            path: path.to_owned(),
            fd: os::open(path)?,
        });
        #[cfg(not(unix))]
        {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(io::Error::other("it is not a folder"));
            }
            Ok(Folder {
                path: path.to_owned(),
            })
        }
    }

    /// Opens the folder `name` inside this one, refusing a link.
    pub fn child(&self, name: &str) -> io::Result<Folder> {
        #[cfg(unix)]
        return Ok(Folder {
            path: self.join(name),
            fd: self.os_child(name).map_err(|e| {
                let refused = [rustix::io::Errno::LOOP, rustix::io::Errno::NOTDIR]
                    .iter()
                    .any(|no| e.raw_os_error() == Some(no.raw_os_error()));
                match self.os_entry(name) {
                    Ok(Some(entry)) if refused && entry.kind == Kind::Link => {
                        io::Error::other("it is a symbolic link")
                    }
                    Ok(Some(_)) if refused => io::Error::other("it is not a folder"),
                    _ => e,
                }
            })?,
        });
        #[cfg(not(unix))]
        {
            match self.os_entry(name)? {
                Some(e) if e.kind == Kind::Folder => Ok(Folder {
                    path: self.join(name),
                }),
                Some(e) if e.kind == Kind::Link => Err(io::Error::other("it is a symbolic link")),
                Some(_) => Err(io::Error::other("it is not a folder")),
                None => Err(io::ErrorKind::NotFound.into()),
            }
        }
    }

    /// Creates the folder `name` inside this one, readable by its owner only.
    pub fn make_child(&self, name: &str) -> io::Result<()> {
        self.os_make_child(name)
    }

    /// Opens the file `name` of this folder, never through a link.
    pub fn open_file(&self, name: &str, access: Access) -> io::Result<File> {
        self.os_open_file(name, access)
    }

    /// Renames `from` to `to` within this folder, replacing `to`.
    pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        self.os_rename(from, to)
    }

    /// Removes the file `name`.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        self.os_remove(name)
    }

    /// Makes the folder's entries (new, renamed or removed names) durable. Windows has no
    /// such call; there the file system journals them.
    pub fn sync(&self) -> io::Result<()> {
        self.os_sync()
    }

    /// What `name` is, without following a link; `None` if there is no such name.
    pub fn entry(&self, name: &str) -> io::Result<Option<Entry>> {
        self.os_entry(name)
    }

    /// What this folder itself is: its owner and permissions.
    pub fn itself(&self) -> io::Result<Entry> {
        self.os_itself()
    }

    /// The names in the folder (those that are valid UTF-8), in no order.
    pub fn names(&self) -> io::Result<Vec<String>> {
        self.os_names()
    }

    /// Where the folder is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of `name` in this folder, for messages.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_in_the_folder_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let records = dir.path().join("records");
        std::fs::create_dir(&records).unwrap();
        std::os::unix::fs::symlink(&victim, records.join("a.jsonl")).unwrap();
        std::os::unix::fs::symlink(dir.path(), records.join("sub")).unwrap();
        let folder = Folder::open(&records).unwrap();
        for access in [Access::Read, Access::Append, Access::CreateNew] {
            assert!(folder.open_file("a.jsonl", access).is_err(), "{access:?}");
        }
        assert_eq!(
            folder.child("sub").unwrap_err().to_string(),
            "it is a symbolic link"
        );
        assert_eq!(folder.entry("a.jsonl").unwrap().unwrap().kind, Kind::Link);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    }

    #[test]
    fn files_are_created_for_their_owner_only_and_exclusively() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        let file = folder.open_file("n.jsonl", Access::CreateNew).unwrap();
        let entry = Entry::of(&file).unwrap();
        assert_eq!(entry.mode, Some(0o600));
        assert!(entry.is_mine());
        assert!(folder.open_file("n.jsonl", Access::CreateNew).is_err());
        folder.make_child("sub").unwrap();
        assert_eq!(
            folder.child("sub").unwrap().itself().unwrap().mode,
            Some(0o700)
        );
        let mut names = folder.names().unwrap();
        names.sort();
        assert_eq!(names, ["n.jsonl", "sub"]);
    }
}
