//! The seam through which the store changes anything on the disk, so that tests can make any
//! single call fail the way a full, read-only or vanished disk does, or keep only what was
//! made durable and drop the rest the way a power cut does.

use std::fs::File;
use std::io::{self, Write};

use super::folder::{Access, Folder};

/// Every call by which the store changes files and folders. Each has the operating system's
/// behaviour as its default, so a test disk overrides only the calls it studies.
pub trait Disk {
    /// Writes all of `bytes` at the end of `file` (opened for appending).
    fn append(&mut self, mut file: &File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    /// Cuts `file` to `len` bytes.
    fn set_len(&mut self, file: &File, len: u64) -> io::Result<()> {
        file.set_len(len)
    }

    /// Returns once the file's data (and the size needed to read it) is on the disk.
    fn sync_data(&mut self, file: &File) -> io::Result<()> {
        file.sync_data()
    }

    /// Opens or creates the file `name` of `folder`, never through a link.
    fn open(&mut self, folder: &Folder, name: &str, access: Access) -> io::Result<File> {
        folder.open_file(name, access)
    }

    /// Creates the folder `name` in `parent`.
    fn make_folder(&mut self, parent: &Folder, name: &str) -> io::Result<()> {
        parent.make_child(name)
    }

    /// Renames `from` to `to` in `folder`, replacing `to`.
    fn rename(&mut self, folder: &Folder, from: &str, to: &str) -> io::Result<()> {
        folder.rename(from, to)
    }

    /// Removes the file `name` of `folder`.
    fn remove(&mut self, folder: &Folder, name: &str) -> io::Result<()> {
        folder.remove(name)
    }

    /// Returns once the folder's names (new, renamed, removed) are on the disk.
    fn sync_folder(&mut self, folder: &Folder) -> io::Result<()> {
        folder.sync()
    }
}

/// The operating system's calls, used outside tests.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsDisk;

impl Disk for OsDisk {}
