//! From the bytes of an SoA file to its table: the sheet read (CSV, or the first sheet of a
//! workbook with an SoA heading), then its columns found by their headings.

use super::grid::{Cell, Row, Sheet};
use super::header::{self, Table};
use super::{Format, SoaError, xlsx};

/// The SoA table in `bytes`, the file named `file` in errors.
pub(super) fn table(file: &str, bytes: &[u8], format: Format) -> Result<Table, SoaError> {
    match format {
        Format::Csv => {
            let sheet = csv_sheet(file, bytes)?;
            header::table(&sheet).ok_or_else(|| SoaError::NoHeader {
                path: file.to_owned(),
                rows: header::SEARCHED_ROWS,
                sheets: String::new(),
            })
        }
        Format::Xlsx => {
            let sheets = xlsx::sheets(file, bytes)?;
            if let Some(table) = sheets.iter().find_map(header::table) {
                return Ok(table);
            }
            let names: Vec<String> = sheets
                .iter()
                .filter_map(|s| s.name.as_deref())
                .map(|n| format!("\"{n}\""))
                .collect();
            Err(SoaError::NoHeader {
                path: file.to_owned(),
                rows: header::SEARCHED_ROWS,
                sheets: match names.len() {
                    0 => " (the workbook has no sheet)".to_owned(),
                    1 => format!(" of sheet {}", names[0]),
                    _ => format!(" of sheets {}", names.join(", ")),
                },
            })
        }
    }
}

/// The rows of a CSV file, numbered by the line each starts on (counted here: after a CRLF
/// line end the reader's record starts at the LF, and its own count is one short): separated by commas, semicolons (as Excel writes CSV where the
/// decimal mark is a comma) or tabs, whichever the first lines hold most of; a byte-order mark
/// is dropped and text that is not UTF-8 (Excel's Windows-1252) read as far as it is.
fn csv_sheet(file: &str, bytes: &[u8]) -> Result<Sheet, SoaError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut rows = Vec::new();
    let (mut line, mut counted) = (1, 0);
    for record in reader.byte_records() {
        let record = record.map_err(|e| SoaError::Csv {
            path: file.to_owned(),
            reason: e.to_string(),
        })?;
        let start = record.position().map_or(counted, |p| p.byte() as usize);
        let mut start = start.clamp(counted, bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        line += bytes[counted..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = start;
        let number = line;
        let cells: Vec<(usize, Cell)> = record
            .iter()
            .enumerate()
            .filter_map(|(i, field)| {
                let text = String::from_utf8_lossy(field).trim().to_owned();
                (!text.is_empty()).then_some((
                    i + 1,
                    Cell {
                        text,
                        numeric: false,
                    },
                ))
            })
            .collect();
        if !cells.is_empty() {
            rows.push(Row { number, cells });
        }
    }
    Ok(Sheet { name: None, rows })
}

/// The separator the first lines of a CSV file use most: `,`, `;` or a tab.
fn delimiter(bytes: &[u8]) -> u8 {
    let head = &bytes[..bytes.len().min(4096)];
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (head.iter().filter(|b| *b == d).count(), *d == b','))
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_and_tabs_are_found() {
        assert_eq!(delimiter(b"Ref;Applicable;Reason\nA.5.1;Yes;x"), b';');
        assert_eq!(delimiter(b"Ref\tApplicable\nA.5.1\tYes"), b'\t');
        assert_eq!(delimiter(b"Ref,Applicable\n"), b',');
        assert_eq!(delimiter(b""), b',');
    }

    #[test]
    fn rows_keep_their_line_numbers_and_bad_utf8_is_read() {
        let sheet = csv_sheet(
            "s.csv",
            b"\xef\xbb\xbfTitle\n\n,,\nRef,Applicable\n\"A.5.1\",Ye\xe9s\n",
        )
        .unwrap();
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 4, 5]);
        let crlf = csv_sheet(
            "s.csv",
            b"Title;;\r\n;;\r\nRef;Applicable\r\n\"A.5.1\r\nx\";Yes\r\nA.5.2;No\r\n",
        )
        .unwrap();
        let numbers: Vec<usize> = crlf.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 6]);
        assert_eq!(sheet.rows[0].text(1), "Title");
        assert_eq!(sheet.rows[2].text(2), "Ye\u{fffd}s");
    }
}
