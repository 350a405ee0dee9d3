//! The findings register as an Excel workbook (through `rust_xlsxwriter`), the auditee's
//! corrective-action tracker: the columns of [`super::register`], a bold heading row with a
//! filter and frozen under it, due dates and raised-at times as real dates, long text
//! wrapped. Every text cell is written as a string, never as something Excel may compute,
//! and made safe as the CSV's cells are, so a CSV saved from Excel later stays safe too.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::context::ReportContext;
use super::register::{COLUMNS, Cell, Column, cell_text, row};
use super::words::Words;

/// The most UTF-16 code units Excel keeps in one cell.
const CELL_LIMIT: usize = 32_767;

/// The register of `context`'s standing findings as the bytes of an `.xlsx` file, with the
/// headings and the sheet's name in `words`' language.
pub fn xlsx(context: &ReportContext, words: &Words) -> Result<Vec<u8>, XlsxError> {
    workbook(
        &Sheet {
            name: words.get("register", "sheet"),
            columns: &COLUMNS,
            headings: COLUMNS
                .iter()
                .map(|c| words.get("register", c.key))
                .collect(),
            cut: words.get("register", "cut"),
        },
        context.findings.iter().map(|f| row(f, words)),
    )
}

/// What a one-sheet workbook is made of besides its rows.
pub(super) struct Sheet<'a> {
    /// The sheet's name.
    pub name: &'a str,
    /// The columns, in order.
    pub columns: &'a [Column],
    /// The heading of each column, in the reader's language.
    pub headings: Vec<&'a str>,
    /// What ends a cell cut at Excel's limit (`{n}`: the characters left out).
    pub cut: &'a str,
}

/// A workbook of one sheet as the bytes of an `.xlsx` file: a bold heading row with a filter
/// and frozen under it, then `rows` (days and moments as real dates, long text wrapped, every
/// text a safe string); the findings register and the evidence requests
/// (`super::plan_docs`) are both written through it.
pub(super) fn workbook(
    sheet_of: &Sheet,
    rows: impl IntoIterator<Item = impl IntoIterator<Item = Cell>>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_of.name)?;
    let heading = Format::new().set_bold().set_align(FormatAlign::Top);
    let plain = Format::new().set_align(FormatAlign::Top);
    let wrapped = plain.clone().set_text_wrap();
    let day = plain.clone().set_num_format("yyyy-mm-dd");
    let moment = plain.clone().set_num_format("yyyy-mm-dd hh:mm");
    for ((col, column), title) in (0u16..).zip(sheet_of.columns).zip(&sheet_of.headings) {
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(0, col, *title, &heading)?;
    }
    let cut = sheet_of.cut;
    let mut last = 0;
    for (r, cells) in (1u32..).zip(rows) {
        last = r;
        for ((col, column), cell) in (0u16..).zip(sheet_of.columns).zip(cells) {
            let text = if column.wrap { &wrapped } else { &plain };
            match cell {
                Cell::Text(raw) => write_text(sheet, (r, col), &raw, text, cut)?,
                Cell::Day(d) => {
                    match excel_day(d) {
                        Some(serial) => sheet.write_datetime_with_format(r, col, serial, &day)?,
                        None => sheet.write_string_with_format(r, col, d.to_string(), text)?,
                    };
                }
                Cell::Moment(at) => {
                    match excel_moment(at.naive_local()) {
                        Some(serial) => {
                            sheet.write_datetime_with_format(r, col, serial, &moment)?
                        }
                        None => sheet.write_string_with_format(r, col, at.to_rfc3339(), text)?,
                    };
                }
            }
        }
    }
    let last_col = u16::try_from(sheet_of.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    sheet.autofilter(0, 0, last, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

/// Writes `raw` made safe (see [`cell_text`]) and cut to Excel's limit as a string: never
/// read as a formula, a number or a date. An empty text leaves the cell empty.
fn write_text(
    sheet: &mut Worksheet,
    (r, col): (u32, u16),
    raw: &str,
    format: &Format,
    cut: &str,
) -> Result<(), XlsxError> {
    if raw.is_empty() {
        return Ok(());
    }
    let safe = cell_text(raw);
    sheet.write_string_with_format(r, col, capped(&safe, cut), format)?;
    Ok(())
}

/// `text` whole if Excel can hold it in a cell, else as much of it as fits before the marker
/// `cut` saying how many characters were left out (`{n}` in it is the count).
fn capped(text: &str, cut: &str) -> String {
    if text.encode_utf16().count() <= CELL_LIMIT {
        return text.to_owned();
    }
    let marker = |n: usize| cut.replace("{n}", &n.to_string());
    let total = text.chars().count();
    // The marker for every character left out is at least as long as the one for fewer.
    let budget = CELL_LIMIT.saturating_sub(marker(total).encode_utf16().count());
    let mut used = 0;
    let mut kept = 0;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        kept += 1;
        end = at + c.len_utf8();
    }
    format!("{}{}", &text[..end], marker(total - kept))
}

/// `day` as Excel stores it, if Excel can (years 1900 to 9999).
fn excel_day(day: NaiveDate) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(day.year()).ok()?,
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
    .ok()
}

/// `at` to the second as Excel stores it, if Excel can.
fn excel_moment(at: NaiveDateTime) -> Option<ExcelDateTime> {
    excel_day(at.date())?
        .and_hms(
            u16::try_from(at.hour()).ok()?,
            u8::try_from(at.minute()).ok()?,
            at.second(),
        )
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUT: &str = "… (cut: {n} characters more, see the JSON report)";

    #[test]
    fn a_text_within_excel_s_limit_is_kept_whole() {
        let fits = "é".repeat(CELL_LIMIT);
        assert_eq!(capped(&fits, CUT), fits);
    }

    #[test]
    fn a_longer_text_is_cut_to_the_limit_with_the_count_of_what_was_left_out() {
        let long = "x".repeat(40_000);
        let cut = capped(&long, CUT);
        assert!(cut.encode_utf16().count() <= CELL_LIMIT);
        let kept = cut.chars().take_while(|&c| c == 'x').count();
        assert!(kept > CELL_LIMIT - 60, "only the marker's room is given up");
        assert!(cut.ends_with(&format!(
            "… (cut: {} characters more, see the JSON report)",
            40_000 - kept
        )));
    }

    #[test]
    fn a_cut_never_splits_a_character_excel_counts_twice() {
        let long = "😀".repeat(20_000);
        let cut = capped(&long, CUT);
        assert!(cut.encode_utf16().count() <= CELL_LIMIT);
        let kept = cut.chars().take_while(|&c| c == '😀').count();
        assert!(cut.contains(&format!("cut: {} characters more", 20_000 - kept)));
    }

    #[test]
    fn dates_excel_cannot_hold_are_left_to_text() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        assert!(excel_day(day).is_some());
        assert!(excel_moment(day.and_hms_opt(9, 5, 7).unwrap()).is_some());
        for year in [1850, 10_000, -44] {
            assert!(excel_day(NaiveDate::from_ymd_opt(year, 3, 15).unwrap()).is_none());
        }
    }
}
