//! The TOML parser's errors as diagnostics, each where the user has to look and in the words
//! of what went wrong: a multi-line string left open is reported where it starts, not at the
//! end of the file where the parser ran out of text; a `[sample]` after `[[sample]]` says
//! which brackets were meant; a value in Word's curly quotes names them.

use std::cell::OnceCell;
use std::ops::Range;

use toml_parser::lexer::TokenKind;

use crate::diagnostic::{Diagnostic, LineIndex};

/// The plan's lists of tables, each with what one of its tables is.
const LISTS: [(&str, &str); 5] = [
    ("team", "team member"),
    ("agenda", "agenda slot"),
    ("sample", "sample"),
    ("interviewee", "interviewee"),
    ("document", "document"),
];

/// The quotes a word processor puts in place of straight ones.
const CURLY_QUOTES: [char; 4] = ['\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}'];

/// One diagnostic for each of the parser's errors on `text`.
pub(super) fn diagnostics(text: &str, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let unclosed = OnceCell::new();
    let strays = OnceCell::new();
    let index = OnceCell::new();
    let index = || index.get_or_init(|| LineIndex::new(text));
    // The line of the first curly quote explained, and where its diagnostic is.
    let mut first_curly = None;
    let mut out: Vec<Diagnostic> = errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let span = e.span().unwrap_or(0..0);
            if span.start == text.len()
                && let Some((opening, delimiter)) =
                    unclosed.get_or_init(|| unclosed_string(text)).clone()
            {
                return Diagnostic::error(
                    opening,
                    "TOML syntax: this multi-line string is not closed before the end of the file",
                )
                .with_hint(format!("end it with {delimiter}"));
            }
            let mut lines = e.message().trim().lines();
            let message = lines.next().unwrap_or("invalid TOML").to_string();
            if message == "duplicate key"
                && let Some(d) = list_written_as_table(text, span.clone())
                    .or_else(|| written_twice(text, span.clone()))
            {
                return d;
            }
            let strays = strays.get_or_init(|| stray_curly_quotes(text));
            if let Some(at) = stray_on_line(text, strays, span.start)
                && let Some(quote) = text[at..].chars().next()
            {
                first_curly.get_or_insert((index().line_col(at).line, i));
                return Diagnostic::error(
                    at..at + quote.len_utf8(),
                    format!("TOML syntax: {message}"),
                )
                .with_hint(curly_hint(quote));
            }
            let rest: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
            let d = Diagnostic::error(span, format!("TOML syntax: {message}"));
            if rest.is_empty() {
                d
            } else {
                d.with_hint(rest.join("; "))
            }
        })
        .collect();
    if let Some((line, i)) = first_curly {
        let d = &mut out[i];
        let strays = strays.get().map_or(&[][..], Vec::as_slice);
        if let Some(also) = other_curly_lines(strays, line, index()) {
            d.hint = Some(format!("{}; {also}", d.hint.as_deref().unwrap_or_default()).into());
        }
    }
    out
}

/// What to do about a curly quote.
fn curly_hint(quote: char) -> String {
    format!(
        "this is a curly quote (U+{:04X}) as Word writes it; TOML needs straight quotes \"…\"",
        u32::from(quote)
    )
}

/// Where curly quotes stand in for straight ones: outside strings and comments, or ending a
/// string begun with a straight quote; found with the parser's own lexer, so that curly quotes
/// inside a string (`why = "Ann’s “policy”"`) are left alone.
fn stray_curly_quotes(text: &str) -> Vec<usize> {
    toml_parser::Source::new(text)
        .lex()
        .filter_map(|t| {
            let (start, end) = (t.span().start(), t.span().end());
            let token = text.get(start..end)?;
            let closed = |quote: char| token.len() >= 2 && token.ends_with(quote);
            let stray = match t.kind() {
                TokenKind::BasicString => !closed('"'),
                TokenKind::LiteralString => !closed('\''),
                TokenKind::MlBasicString | TokenKind::MlLiteralString | TokenKind::Comment => false,
                _ => true,
            };
            stray.then_some((start, token))
        })
        .flat_map(|(start, token)| {
            token
                .char_indices()
                .filter(|(_, c)| CURLY_QUOTES.contains(c))
                .map(move |(i, _)| start + i)
        })
        .collect()
}

/// The first of `strays` on the line of `offset`.
fn stray_on_line(text: &str, strays: &[usize], offset: usize) -> Option<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    strays
        .get(strays.partition_point(|&at| at < start))
        .copied()
        .filter(|&at| at < end)
}

/// The lines other than `first` that have `strays`, said as "curly quotes also on lines …":
/// the parser may not stop at every one of them, and the auditor fixes them all in one go.
fn other_curly_lines(strays: &[usize], first: usize, index: &LineIndex<'_>) -> Option<String> {
    let mut lines: Vec<String> = strays
        .iter()
        .map(|&at| index.line_col(at).line)
        .filter(|&line| line != first)
        .map(|line| line.to_string())
        .collect();
    lines.dedup();
    match lines.as_slice() {
        [] => None,
        [one] => Some(format!("curly quotes also on line {one}")),
        _ => Some(format!("curly quotes also on lines {}", lines.join(", "))),
    }
}

/// A header that opens a table where the plan has a list of tables, or the reverse: the
/// parser calls both a duplicate key. `span` is the key in the later header.
fn list_written_as_table(text: &str, span: Range<usize>) -> Option<Diagnostic> {
    let key = text.get(span.clone())?;
    let (_, one) = LISTS.iter().find(|(k, _)| *k == key)?;
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let later_is_list = text[line_start..span.start].trim().starts_with("[[");
    let earlier = text[..line_start].lines().enumerate().find_map(|(i, l)| {
        let header = l.trim();
        let inner = header.strip_prefix('[')?.split(']').next()?;
        let (is_list, name) = match inner.strip_prefix('[') {
            Some(name) => (true, name),
            None => (false, inner),
        };
        (name.trim() == key && is_list != later_is_list).then_some(i + 1)
    })?;
    let (message, hint) = if later_is_list {
        (
            format!(
                "[[{key}]] adds to a list of tables, but the [{key}] at line {earlier} opened a single table"
            ),
            format!("write [[{key}]] (two brackets) for each {one}, the one at line {earlier} too"),
        )
    } else {
        (
            format!(
                "[{key}] opens a single table, but [[{key}]] at line {earlier} started a list of them"
            ),
            format!("write [[{key}]] (two brackets) for each {one}"),
        )
    };
    Some(Diagnostic::error(span, message).with_hint(hint))
}

/// A table header or a key written a second time, which the parser calls a duplicate key:
/// said with where the first one is. `span` is the key in the later line.
fn written_twice(text: &str, span: Range<usize>) -> Option<Diagnostic> {
    let key = text.get(span.clone())?;
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[..line_start];
    let is_header = |l: &str| l.trim_start().starts_with('[');
    if text[line_start..span.start].trim() == "[" {
        let first = before.lines().position(|l| {
            let header = l.trim();
            header.strip_prefix('[').and_then(|h| h.strip_suffix(']')) == Some(key)
                || header.split(']').next() == Some(&format!("[{key}"))
        })?;
        return Some(
            Diagnostic::error(
                span,
                format!(
                    "[{key}] is written twice; the first is at line {}",
                    first + 1
                ),
            )
            .with_hint(format!("put the keys of both in the one [{key}] table")),
        );
    }
    let lines: Vec<&str> = before.lines().collect();
    let first = (0..lines.len())
        .rev()
        .take_while(|&i| !is_header(lines[i]))
        .find(|&i| {
            lines[i]
                .trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })?;
    Some(
        Diagnostic::error(
            span,
            format!(
                "`{key}` is given twice in one table; the first is at line {}",
                first + 1
            ),
        )
        .with_hint("keep one of them"),
    )
}

/// The opening delimiter of the multi-line string that runs unclosed to the end of `text`, if
/// one does; found with the parser's own lexer, so escapes, comments and the other strings are
/// read as the parser reads them.
fn unclosed_string(text: &str) -> Option<(Range<usize>, &'static str)> {
    let last = toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.kind() != TokenKind::Eof)
        .last()?;
    let delimiter = match last.kind() {
        TokenKind::MlBasicString => "\"\"\"",
        TokenKind::MlLiteralString => "'''",
        _ => return None,
    };
    let (start, end) = (last.span().start(), last.span().end());
    let closed = end - start >= 6 && text[start + 3..end].ends_with(delimiter);
    (!closed).then_some((start..start + 3, delimiter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::line_col;

    /// Each syntax error of `text` as `line:col: message`.
    fn located(text: &str) -> Vec<String> {
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        diagnostics(text, &errors)
            .iter()
            .map(|d| {
                let at = line_col(text, d.span.start);
                format!("{}:{}: {}", at.line, at.col, d.message)
            })
            .collect()
    }

    const OPEN: &str =
        "TOML syntax: this multi-line string is not closed before the end of the file";

    #[test]
    fn an_open_multi_line_string_is_reported_where_it_starts() {
        let text = "why = \"\"\"closed\"\"\"\nnote = '''also closed'''\n\
                    # a comment with \"\"\" in it\ntitle = \"\"\"Logs \\\"\"\" kept\n\nand more\n";
        assert_eq!(located(text), [format!("4:9: {OPEN}")]);
        let text = "[audit]\nscope = '''Everything\nid = \"x\"\n";
        assert_eq!(located(text), [format!("2:9: {OPEN}")]);
    }

    /// Each syntax error as `line:col: message = hint`.
    fn hinted(text: &str) -> Vec<String> {
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        diagnostics(text, &errors)
            .iter()
            .map(|d| {
                let at = line_col(text, d.span.start);
                let hint = d.hint.as_deref().unwrap_or_default();
                format!("{}:{}: {} = {hint}", at.line, at.col, d.message)
            })
            .collect()
    }

    #[test]
    fn curly_quotes_inside_strings_are_left_alone() {
        let text =
            "why = \"Ann\u{2019}s \u{201C}policy\u{201D}\"\n# \u{201C}a comment\u{201D}\nx = [1,\n";
        assert_eq!(
            hinted(text),
            ["3:8: TOML syntax: unclosed array, expected `]` = "]
        );
        let text = "why = \"Ann\u{2019}s\"\nname = \u{2018}Ben\u{2019}\n";
        assert_eq!(
            hinted(text),
            [
                "2:8: TOML syntax: string values must be quoted, expected literal string = this is a curly quote (U+2018) as Word writes it; TOML needs straight quotes \"…\""
            ]
        );
    }

    #[test]
    fn every_list_of_tables_written_with_one_bracket_says_which_was_meant() {
        for (key, one) in LISTS {
            let text = format!("[[{key}]]\nx = 1\n\n[{key}]\nx = 2\n");
            assert_eq!(
                hinted(&text),
                [format!(
                    "4:2: [{key}] opens a single table, but [[{key}]] at line 1 started a list of them = write [[{key}]] (two brackets) for each {one}"
                )]
            );
            let text = format!("[{key}]\nx = 1\n[[{key}]]\nx = 2\n");
            assert_eq!(
                hinted(&text),
                [format!(
                    "3:3: [[{key}]] adds to a list of tables, but the [{key}] at line 1 opened a single table = write [[{key}]] (two brackets) for each {one}, the one at line 1 too"
                )]
            );
        }
        assert_eq!(
            hinted("[audit]\nid = \"a\"\n[audit]\n"),
            [
                "3:2: [audit] is written twice; the first is at line 1 = put the keys of both in the one [audit] table"
            ],
        );
        assert_eq!(
            hinted("[audit]\nid = \"a\"\ntitle = \"t\"\nid = \"b\"\n"),
            ["4:1: `id` is given twice in one table; the first is at line 2 = keep one of them"],
        );
    }

    #[test]
    fn other_errors_at_the_end_of_the_file_stay_there() {
        assert_eq!(
            located("why = \"\"\"closed\"\"\"\nlist = [1,"),
            ["2:11: TOML syntax: unclosed array, expected `]`"]
        );
    }
}
