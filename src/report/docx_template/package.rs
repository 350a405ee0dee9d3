//! A Word document's zip package, read within limits: a template comes from outside, so a
//! zip bomb (an entry that inflates to far more than it looks, or entries without end) is
//! refused before it is inflated, and again while it is, whatever its header claims.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::TemplateError;

/// The most entries a template may have (a report with many images has a few hundred).
pub(super) const MAX_ENTRIES: usize = 2_000;
/// The most one entry may inflate to.
pub(super) const MAX_ENTRY: u64 = 32 * 1024 * 1024;
/// The most all entries together may inflate to.
pub(super) const MAX_TOTAL: u64 = 128 * 1024 * 1024;
/// The most an entry larger than [`RATIO_FROM`] may inflate to per byte it takes: Word's
/// XML compresses about ten to one, a file of zeros a thousand to one.
pub(super) const MAX_RATIO: u64 = 100;
/// Entries up to this size may compress better than [`MAX_RATIO`] (small runs of the same
/// bytes do).
const RATIO_FROM: u64 = 1024 * 1024;

/// One entry of the package.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// Its name in the zip (`word/document.xml`).
    pub name: String,
    /// Its content.
    pub data: Vec<u8>,
    /// Whether it is a folder.
    pub folder: bool,
}

/// Every entry of the zip `bytes`, in order, inflated within the limits.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Entry>, TemplateError> {
    if bytes.len() as u64 > MAX_TOTAL {
        return Err(TemplateError::TooLarge { max: MAX_TOTAL });
    }
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| TemplateError::NotZip(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(TemplateError::TooManyEntries {
            count: zip.len(),
            max: MAX_ENTRIES,
        });
    }
    let mut total = 0u64;
    let mut entries = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let unreadable = |name: &str, e: &dyn std::fmt::Display| TemplateError::Unreadable {
            name: name.to_owned(),
            reason: e.to_string(),
        };
        let mut file = zip
            .by_index(i)
            .map_err(|e| unreadable(&format!("entry {}", i + 1), &e))?;
        let name = file
            .name()
            .map_err(|e| unreadable(&format!("entry {}", i + 1), &e))?
            .into_owned();
        let size = file.size();
        let refused = |size| TemplateError::EntryTooLarge {
            name: name.clone(),
            size,
            max: MAX_ENTRY,
        };
        if size > MAX_ENTRY {
            return Err(refused(size));
        }
        if size > RATIO_FROM && size / file.compressed_size().max(1) > MAX_RATIO {
            return Err(TemplateError::Ratio {
                name,
                ratio: size / file.compressed_size().max(1),
                max: MAX_RATIO,
            });
        }
        let folder = file.is_dir();
        let mut data = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        (&mut file)
            .take(MAX_ENTRY + 1)
            .read_to_end(&mut data)
            .map_err(|e| unreadable(&name, &e))?;
        let read = data.len() as u64;
        if read > MAX_ENTRY {
            return Err(refused(read));
        }
        total += read;
        if total > MAX_TOTAL {
            return Err(TemplateError::TooLarge { max: MAX_TOTAL });
        }
        entries.push(Entry { name, data, folder });
    }
    Ok(entries)
}

/// The zip of `entries`, in their order, deflated.
pub(super) fn write(entries: &[Entry]) -> Result<Vec<u8>, TemplateError> {
    let failed = |e: &dyn std::fmt::Display| TemplateError::Write(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for entry in entries {
        if entry.folder {
            zip.add_directory(entry.name.as_str(), options)
                .map_err(|e| failed(&e))?;
        } else {
            zip.start_file(entry.name.as_str(), options)
                .map_err(|e| failed(&e))?;
            zip.write_all(&entry.data).map_err(|e| failed(&e))?;
        }
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let entries: Vec<Entry> = (files.iter())
            .map(|(name, data)| Entry {
                name: (*name).to_owned(),
                data: data.to_vec(),
                folder: false,
            })
            .collect();
        write(&entries).unwrap()
    }

    #[test]
    fn entries_read_back_as_written_in_order() {
        let zip = zip_of(&[("b.xml", b"<b/>"), ("a/c.bin", &[0, 1, 2])]);
        let entries = read(&zip).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["b.xml", "a/c.bin"]);
        assert_eq!(entries[1].data, [0, 1, 2]);
    }

    #[test]
    fn an_entry_that_inflates_far_beyond_its_size_is_refused_before_it_is_inflated() {
        let zeros = vec![0u8; 2 * 1024 * 1024];
        let zip = zip_of(&[("word/document.xml", b"<w:document/>"), ("zeros", &zeros)]);
        let err = read(&zip).unwrap_err();
        assert!(
            matches!(&err, TemplateError::Ratio { name, max: 100, .. } if name == "zeros"),
            "{err}"
        );
    }

    #[test]
    fn too_many_entries_are_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("{i}.xml")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let err = read(&zip_of(&files)).unwrap_err();
        assert!(
            matches!(
                err,
                TemplateError::TooManyEntries {
                    count: 2001,
                    max: 2000
                }
            ),
            "{err}"
        );
    }
}
