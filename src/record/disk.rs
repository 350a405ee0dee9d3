//! The seam through which the store changes files, so that tests can make any single call fail
//! the way a full, read-only or vanished disk does.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};

/// The file-changing calls the store makes: writing bytes at an offset, cutting a file to a
/// length, and forcing written data to the disk.
pub trait Disk {
    /// Writes all of `bytes` at `offset` in `file`.
    fn write_at(&mut self, file: &File, offset: u64, bytes: &[u8]) -> io::Result<()>;
    /// Cuts or extends `file` to `len` bytes.
    fn set_len(&mut self, file: &File, len: u64) -> io::Result<()>;
    /// Returns once the file's data (and the size needed to read it) is on the disk.
    fn sync_data(&mut self, file: &File) -> io::Result<()>;
}

/// The operating system's file calls, used outside tests.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsDisk;

impl Disk for OsDisk {
    fn write_at(&mut self, mut file: &File, offset: u64, bytes: &[u8]) -> io::Result<()> {
        file.seek(SeekFrom::Start(offset))?;
        file.write_all(bytes)
    }

    fn set_len(&mut self, file: &File, len: u64) -> io::Result<()> {
        file.set_len(len)
    }

    fn sync_data(&mut self, file: &File) -> io::Result<()> {
        file.sync_data()
    }
}
