//! Problems found in a file the user wrote, located by line and column and printed the way
//! compilers print them, so an auditor can go straight to the offending value.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

use crate::text::one_line;

/// How serious a problem is: errors stop the plan from being used, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file cannot be used until this is fixed.
    Error,
    /// The file can be used, but an auditor would want to know.
    Warning,
}

/// One problem, located by a byte range of the source. The message and the hint are shared
/// text: a file with thousands of problems says the same thing many times, and a copy of a
/// diagnostic then costs no allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Byte range of the offending text in the source.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: Arc<str>,
    /// What to do about it, when that is not obvious from the message.
    pub hint: Option<Arc<str>>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Range<usize>, message: impl Into<Arc<str>>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Range<usize>, message: impl Into<Arc<str>>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint line.
    pub fn with_hint(mut self, hint: impl Into<Arc<str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// A 1-based line and column (in characters), as editors count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// Finds the line and column of a byte offset in `source`; offsets past the end or inside a
/// character are clamped to the nearest character boundary before them. Builds a
/// [`LineIndex`] each time: for many offsets into one text, build the index once instead.
pub fn line_col(source: &str, offset: usize) -> LineCol {
    LineIndex::new(source).line_col(offset)
}

/// Where each line of a text starts, found once so that locating any number of diagnostics
/// costs a binary search each instead of a scan from the start of the file.
#[derive(Debug, Clone)]
pub struct LineIndex<'s> {
    source: &'s str,
    /// Byte offset of the first character of each line; the first is always 0.
    starts: Vec<usize>,
    /// The characters before every [`CHUNK`]th byte, counted at the first column asked for far
    /// into a long line: a column then costs at most one chunk's count, not the line's.
    chars_before_chunks: OnceCell<Vec<usize>>,
}

/// Bytes between two counts of [`LineIndex::chars_before_chunks`].
const CHUNK: usize = 4096;

impl<'s> LineIndex<'s> {
    /// Indexes the lines of `source` (one pass over its bytes).
    pub fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                source
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex {
            source,
            starts,
            chars_before_chunks: OnceCell::new(),
        }
    }

    /// The line and column of a byte offset, clamped as [`line_col`] says.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.locate(offset).0
    }

    /// The line and column of a byte offset, with the byte offsets of its line's start and of
    /// the offset itself once clamped.
    fn locate(&self, offset: usize) -> (LineCol, usize, usize) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let col = if offset - start <= CHUNK {
            self.source[start..offset].chars().count()
        } else {
            self.chars_before(offset) - self.chars_before(start)
        } + 1;
        (LineCol { line, col }, start, offset)
    }

    /// How many characters `source[..at]` holds (`at` a character boundary): the count at the
    /// chunk before it, and the characters from there (every byte that does not continue a
    /// character starts one).
    fn chars_before(&self, at: usize) -> usize {
        let starts_char = |b: &u8| (b & 0xc0) != 0x80;
        let bytes = self.source.as_bytes();
        let counts = self.chars_before_chunks.get_or_init(|| {
            std::iter::once(0)
                .chain(bytes.chunks(CHUNK).scan(0, |n, chunk| {
                    *n += chunk.iter().filter(|b| starts_char(b)).count();
                    Some(*n)
                }))
                .collect()
        });
        let chunk = at / CHUNK;
        counts[chunk]
            + bytes[chunk * CHUNK..at]
                .iter()
                .filter(|b| starts_char(b))
                .count()
    }

    /// The text of 1-based line `line` without its line ending (as `str::lines` gives it), or
    /// "" past the end.
    fn line(&self, line: usize) -> &'s str {
        let Some(&start) = line.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return "";
        };
        match self.starts.get(line) {
            Some(&next) => {
                let text = &self.source[start..next - 1];
                text.strip_suffix('\r').unwrap_or(text)
            }
            None => &self.source[start..],
        }
    }
}

/// A line longer than this many bytes is shown in part, around the caret: a plan written on
/// one line would otherwise be printed whole under each of its problems.
const LONG_LINE: usize = 300;
/// How much of a long line is shown before the caret, and from the caret on, in bytes.
const BEFORE_CARET: usize = 80;
const FROM_CARET: usize = 160;

/// The part of `line` shown under a diagnostic whose caret is at byte `at`: the byte range,
/// the whole line unless it is long.
fn excerpt(line: &str, at: usize) -> std::ops::Range<usize> {
    if line.len() <= LONG_LINE {
        return 0..line.len();
    }
    let mut from = at.saturating_sub(BEFORE_CARET);
    while !line.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + FROM_CARET).min(line.len());
    while !line.is_char_boundary(to) {
        to += 1;
    }
    from..to
}

/// Renders diagnostics rustc-style: `path:line:col: error: message`, the source line with a
/// caret under the offending text, and the hint. A long line is shown around the caret, cut
/// ends marked `...`. Source text is shown with control characters escaped so a hostile file
/// cannot drive the terminal.
pub fn render(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let path = one_line(path);
    let mut out = String::with_capacity(diagnostics.len() * (4 * path.len() + 160));
    for d in diagnostics {
        let (at, line_start, start) = index.locate(d.span.start);
        let label = match d.severity {
            Severity::Error => ": error: ",
            Severity::Warning => ": warning: ",
        };
        out.push_str(&path);
        out.push(':');
        push_number(&mut out, at.line);
        out.push(':');
        push_number(&mut out, at.col);
        out.push_str(label);
        out.push_str(&shown(&d.message));
        out.push('\n');
        let line_text = index.line(at.line);
        let caret = (start - line_start).min(line_text.len());
        let shown_part = excerpt(line_text, caret);
        let cut_before = if shown_part.start > 0 { "..." } else { "" };
        let cut_after = if shown_part.end < line_text.len() {
            "..."
        } else {
            ""
        };
        let digits = at.line.checked_ilog10().unwrap_or(0) as usize + 1;
        let span_end = d.span.end.min(line_start + shown_part.end).max(start);
        let underlined = source
            .get(start..span_end)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        let pad = cut_before.len() + shown_width(&line_text[shown_part.start..caret]);
        let carets = shown_width(underlined).max(1);
        let gutter = |out: &mut String| out.extend(std::iter::repeat_n(' ', digits));
        gutter(&mut out);
        out.push_str(" |\n");
        push_number(&mut out, at.line);
        out.push_str(" | ");
        out.push_str(cut_before);
        out.push_str(&shown(&line_text[shown_part]));
        out.push_str(cut_after);
        out.push('\n');
        gutter(&mut out);
        out.push_str(" | ");
        out.extend(std::iter::repeat_n(' ', pad));
        out.extend(std::iter::repeat_n('^', carets));
        out.push('\n');
        if let Some(hint) = &d.hint {
            gutter(&mut out);
            out.push_str(" = hint: ");
            out.push_str(&shown(hint));
            out.push('\n');
        }
    }
    out
}

/// Whether `text` is printable ASCII only, which [`one_line`] leaves as it is and which is as
/// wide as it is long: most of what a report shows, checked a byte at a time.
fn printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// `text` as [`one_line`] shows it.
fn shown(text: &str) -> Cow<'_, str> {
    if printable_ascii(text) {
        Cow::Borrowed(text)
    } else {
        one_line(text)
    }
}

/// The width on screen of `text` as [`one_line`] shows it.
fn shown_width(text: &str) -> usize {
    if printable_ascii(text) {
        text.len()
    } else {
        one_line(text).width()
    }
}

/// Appends a number in decimal, without the formatting machinery.
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// The closing line of a check: "2 errors, 1 warning".
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(src, 0), LineCol { line: 1, col: 1 });
        let at = src.find('"').unwrap();
        assert_eq!(line_col(src, at), LineCol { line: 2, col: 6 });
        assert_eq!(line_col(src, 10_000), LineCol { line: 3, col: 1 });
    }

    /// The index gives what scanning from the start gives, at every offset and for every kind
    /// of line ending, including offsets inside a character and past the end.
    #[test]
    fn the_line_index_agrees_with_a_scan_from_the_start() {
        let scan = |source: &str, offset: usize| {
            let mut offset = offset.min(source.len());
            while !source.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &source[..offset];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = source[line_start..offset].chars().count() + 1;
            LineCol { line, col }
        };
        for source in [
            "",
            "\n",
            "a = 1\nbé = \"x\"\n",
            "a\r\nb\r",
            "a\rb\n\r",
            "\r\n\r\n",
            "ログ\n\n日本\r\nx",
        ] {
            let index = LineIndex::new(source);
            for offset in 0..source.len() + 3 {
                let at = index.line_col(offset);
                assert_eq!(at, scan(source, offset), "{source:?} at {offset}");
                assert_eq!(
                    index.line(at.line),
                    source.lines().nth(at.line - 1).unwrap_or(""),
                    "{source:?} line {}",
                    at.line
                );
            }
        }
    }

    /// Far into a long line the column comes from the counts kept every few kilobytes; it is
    /// still what scanning the line gives, across chunk boundaries and inside characters.
    #[test]
    fn columns_far_into_a_long_line_agree_with_a_scan() {
        let source = format!("a\n{}\r\n{}", "é-ログ".repeat(2000), "x".repeat(9000));
        let index = LineIndex::new(&source);
        for offset in (0..source.len() + 3).step_by(7).chain(4090..4110) {
            let mut clamped = offset.min(source.len());
            while !source.is_char_boundary(clamped) {
                clamped -= 1;
            }
            let line_start = source[..clamped].rfind('\n').map_or(0, |i| i + 1);
            let col = source[line_start..clamped].chars().count() + 1;
            assert_eq!(index.line_col(offset).col, col, "at {offset}");
        }
    }

    /// A long line is shown around the caret, each cut end marked, the caret under the value.
    #[test]
    fn a_long_line_is_shown_around_the_caret() {
        let repeated = "\"A.8.15\", ".repeat(60);
        let src = format!("samples = [{repeated}\"A.9.99\"]\n");
        let start = src.find("\"A.9.99\"").unwrap();
        let out = render("p.toml", &src, &[Diagnostic::error(start..start + 8, "m")]);
        let tail = "\"A.8.15\", ".repeat(8);
        assert_eq!(
            out,
            format!(
                "p.toml:1:612: error: m\n  |\n1 | ...{tail}\"A.9.99\"]\n  | {}^^^^^^^^\n",
                " ".repeat(83)
            )
        );
        let src = format!("{} = [1,\n", "é".repeat(400));
        let start = src.find('=').unwrap();
        let out = render("p.toml", &src, &[Diagnostic::error(start..start + 1, "m")]);
        assert_eq!(
            out,
            format!(
                "p.toml:1:402: error: m\n  |\n1 | ...{} = [1,\n  | {}^\n",
                "é".repeat(40),
                " ".repeat(44)
            )
        );
        let src = format!("x = {}\n", "1".repeat(1000));
        let out = render("p.toml", &src, &[Diagnostic::error(0..1, "m")]);
        assert_eq!(
            out,
            format!(
                "p.toml:1:1: error: m\n  |\n1 | x = {}...\n  | ^\n",
                "1".repeat(156)
            )
        );
    }

    #[test]
    fn renders_caret_under_the_value() {
        let src = "[audit]\nkind = \"stage3\"\n";
        let start = src.find("\"stage3\"").unwrap();
        let d = Diagnostic::error(start..start + 8, "unknown audit kind \"stage3\"")
            .with_hint("expected one of: stage1, stage2");
        assert_eq!(
            render("plan.toml", src, &[d]),
            "plan.toml:2:8: error: unknown audit kind \"stage3\"\n  |\n2 | kind = \"stage3\"\n  |        ^^^^^^^^\n  = hint: expected one of: stage1, stage2\n"
        );
    }

    #[test]
    fn control_characters_in_source_are_escaped() {
        let src = "title = \"\u{1b}[2J\"";
        let out = render("p.toml", src, &[Diagnostic::warning(0..5, "w")]);
        assert!(!out.contains('\u{1b}'));
        assert!(out.contains("\\u{1b}[2J"));
    }

    /// The shortcut for printable ASCII shows and measures text as `one_line` does, for every
    /// ASCII character and a few others.
    #[test]
    fn printable_ascii_is_shown_as_one_line_shows_it() {
        let mut texts: Vec<String> = (0..=0x7f_u8)
            .map(|b| format!("a{}b", char::from(b)))
            .collect();
        texts.extend(
            ["", "plain text", "é", "ログ", "\u{202e}x", "\u{9b}", "a\tb"].map(String::from),
        );
        for text in &texts {
            assert_eq!(shown(text), one_line(text), "{text:?}");
            assert_eq!(shown_width(text), one_line(text).width(), "{text:?}");
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn summary_counts_in_words() {
        assert_eq!(summary(2, 1), "2 errors, 1 warning");
        assert_eq!(summary(0, 0), "0 errors, 0 warnings");
    }
}
