//! Small files kept beside the record that are not evidence (the interface's position): each
//! replaced whole through a new temporary name, so that a crash leaves the old or the new
//! one, and read with a size limit, both through the folder's handle like the record itself.

use std::io::Read;

use ulid::Ulid;

use super::RecordError;
use super::disk::Disk;
use super::folder::{Access, Entry, Folder, Kind};

/// Replaces the file `name` of `folder` by `bytes`: written to a new, exclusively created
/// temporary file, synced, then renamed over `name`. On failure the temporary file is removed
/// and `name` is as it was.
pub fn replace_file<D: Disk>(
    disk: &mut D,
    folder: &Folder,
    name: &str,
    bytes: &[u8],
) -> Result<(), RecordError> {
    let tmp = format!(".{name}.{}.tmp", Ulid::new());
    let file = disk
        .open(folder, &tmp, Access::CreateNew)
        .map_err(|e| RecordError::io("create", &folder.join(&tmp), e))?;
    let written = disk
        .append(&file, bytes)
        .and_then(|()| disk.sync_data(&file))
        .and_then(|()| disk.rename(folder, &tmp, name))
        .and_then(|()| disk.sync_folder(folder));
    if let Err(e) = written {
        let _ = disk.remove(folder, &tmp);
        return Err(RecordError::io("save to", &folder.join(name), e));
    }
    Ok(())
}

/// The content of the file `name` of `folder` if it is a regular file of at most `limit`
/// bytes; `None` otherwise, or if it cannot be read.
pub fn read_file(folder: &Folder, name: &str, limit: u64) -> Option<Vec<u8>> {
    let file = folder.open_file(name, Access::Read).ok()?;
    let entry = Entry::of(&file).ok()?;
    if entry.kind != Kind::File || entry.len > limit {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::record::OsDisk;

    #[test]
    fn a_failed_replacement_leaves_no_temporary_file_and_the_old_content() {
        struct NoRoom;
        impl Disk for NoRoom {
            fn sync_data(&mut self, _: &std::fs::File) -> std::io::Result<()> {
                Err(std::io::Error::from_raw_os_error(28))
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        replace_file(&mut OsDisk, &folder, "p.json", b"old").unwrap();
        let e = replace_file(&mut NoRoom, &folder, "p.json", b"new").unwrap_err();
        assert!(e.is_disk_full(), "{e}");
        assert_eq!(folder.names().unwrap(), ["p.json"]);
        assert_eq!(read_file(&folder, "p.json", 10).unwrap(), b"old");
        assert_eq!(
            read_file(&folder, "p.json", 2),
            None,
            "larger than the limit"
        );
    }

    #[test]
    fn a_link_planted_at_the_name_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let records = dir.path().join("r");
        std::fs::create_dir(&records).unwrap();
        std::os::unix::fs::symlink(&victim, records.join("p.json")).unwrap();
        let folder = Folder::open(&records).unwrap();
        assert_eq!(read_file(&folder, "p.json", 10), None);
        replace_file(&mut OsDisk, &folder, "p.json", b"mine").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(read_file(&folder, "p.json", 10).unwrap(), b"mine");
    }
}
