//! Reading an SoA kept as an Excel workbook, with calamine. A workbook comes from outside, so
//! its zip is inflated once within limits before calamine reads it (a zip bomb is refused in
//! words), and its cells are read one by one into a sparse sheet, never as a dense range a
//! far-away cell would make huge.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

use super::SoaError;
use super::grid::{Cell, Row, Sheet};

/// The most entries a workbook may have.
const MAX_ENTRIES: usize = 5_000;
/// The most one entry may inflate to.
const MAX_ENTRY: u64 = 32 << 20;
/// The most all entries together may inflate to.
const MAX_TOTAL: u64 = 128 << 20;
/// The most sheets looked at for an SoA heading.
const MAX_SHEETS: usize = 50;
/// The most cells a merged region may fill; a larger one is read as its first cell only.
const MAX_MERGED_CELLS: u64 = 10_000;

/// The sheets of the workbook in `bytes`, in the workbook's order.
pub(super) fn sheets(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>, SoaError> {
    let refused = |reason: String| SoaError::Xlsx {
        path: file.to_owned(),
        reason,
    };
    inflates_within_limits(bytes).map_err(refused)?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| refused(e.to_string()))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::new();
    for name in names.into_iter().take(MAX_SHEETS) {
        let mut rows = std::collections::BTreeMap::<usize, Vec<(usize, Cell)>>::new();
        {
            let mut reader = match workbook.worksheet_cells_reader(&name) {
                Ok(reader) => reader,
                Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                Err(e) => return Err(refused(format!("sheet \"{name}\": {e}"))),
            };
            while let Some(cell) = reader
                .next_cell()
                .map_err(|e| refused(format!("sheet \"{name}\": {e}")))?
            {
                let (row, column) = cell.get_position();
                if let Some(cell) = text_of(cell.get_value()) {
                    rows.entry(row as usize + 1)
                        .or_default()
                        .push((column as usize + 1, cell));
                }
            }
        }
        let merged = workbook
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| refused(format!("sheet \"{name}\": {e}")))?;
        for region in merged {
            let (r0, c0) = region.start;
            let (r1, c1) = region.end;
            let area =
                (u64::from(r1.saturating_sub(r0)) + 1) * (u64::from(c1.saturating_sub(c0)) + 1);
            if area > MAX_MERGED_CELLS || r1 < r0 || c1 < c0 {
                continue;
            }
            let first = rows
                .get(&(r0 as usize + 1))
                .and_then(|cells| cells.iter().find(|(c, _)| *c == c0 as usize + 1))
                .map(|(_, cell)| cell.clone());
            let Some(first) = first else { continue };
            for r in r0..=r1 {
                let cells = rows.entry(r as usize + 1).or_default();
                for c in c0..=c1 {
                    if !cells.iter().any(|(col, _)| *col == c as usize + 1) {
                        cells.push((c as usize + 1, first.clone()));
                    }
                }
            }
        }
        let rows = rows
            .into_iter()
            .filter(|(_, cells)| !cells.is_empty())
            .map(|(number, mut cells)| {
                cells.sort_by_key(|(c, _)| *c);
                Row { number, cells }
            })
            .collect();
        sheets.push(Sheet {
            name: Some(name),
            rows,
        });
    }
    Ok(sheets)
}

/// A cell's text as the SoA check reads it; none for an empty cell or an error value.
fn text_of(value: &DataRef) -> Option<Cell> {
    let (text, numeric) = match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            (s.trim().to_owned(), false)
        }
        DataRef::SharedString(s) => (s.trim().to_owned(), false),
        DataRef::Int(i) => (i.to_string(), true),
        DataRef::Float(f) => (f.to_string(), true),
        DataRef::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_owned(), false),
        DataRef::DateTime(d) => (d.to_string(), false),
        DataRef::Error(_) | DataRef::Empty => return None,
    };
    (!text.is_empty()).then_some(Cell { text, numeric })
}

/// Inflates every entry of the zip once, within [`MAX_ENTRY`] each and [`MAX_TOTAL`] in all,
/// whatever the headers claim; and refuses a shared-string table announcing more strings than
/// its bytes can hold, which calamine would reserve memory for before reading one.
fn inflates_within_limits(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("it is not a zip file ({e})"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "it has {} entries, more than the {MAX_ENTRIES} a workbook needs: refused",
            zip.len()
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("entry {} cannot be read ({e})", i + 1))?;
        let mut data = Vec::new();
        (&mut entry)
            .take(MAX_ENTRY + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("entry {} cannot be inflated ({e})", i + 1))?;
        let size = data.len() as u64;
        if size > MAX_ENTRY {
            return Err(format!(
                "entry {} inflates to more than {} MB: refused (a zip bomb?)",
                i + 1,
                MAX_ENTRY >> 20
            ));
        }
        total += size;
        if total > MAX_TOTAL {
            return Err(format!(
                "it inflates to more than {} MB: refused (a zip bomb?)",
                MAX_TOTAL >> 20
            ));
        }
        if let Some(count) = announced_strings(&data)
            && count > size / 4
        {
            return Err(format!(
                "its shared strings announce {count} strings in {size} bytes: refused (damaged)"
            ));
        }
    }
    Ok(())
}

/// The largest `uniqueCount` an entry announces, if any (saturating: an absurd count is
/// larger than any entry).
fn announced_strings(data: &[u8]) -> Option<u64> {
    const KEY: &[u8] = b"uniqueCount";
    let mut largest = None;
    let mut from = 0;
    while let Some(at) = data[from..].windows(KEY.len()).position(|w| w == KEY) {
        let rest = &data[from + at + KEY.len()..];
        let digits = rest
            .iter()
            .skip_while(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'"' | b'\''))
            .take_while(|b| b.is_ascii_digit());
        let count = digits.fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        largest = largest.max(Some(count));
        from += at + KEY.len();
    }
    largest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announced_counts_are_found_however_written() {
        assert_eq!(
            announced_strings(b"<sst count=\"3\" uniqueCount=\"2\">"),
            Some(2)
        );
        assert_eq!(announced_strings(b"<sst uniqueCount = '7'>"), Some(7));
        assert_eq!(
            announced_strings(
                b"<!-- uniqueCount=\"1\" --><sst uniqueCount=\"99999999999999999999999\">"
            ),
            Some(u64::MAX)
        );
        assert_eq!(announced_strings(b"<sst>"), None);
    }
}
