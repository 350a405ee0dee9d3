//! The TOML parser's errors as diagnostics, each where the user has to look: a multi-line
//! string left open is reported where it starts, not at the end of the file where the parser
//! ran out of text.

use std::cell::OnceCell;
use std::ops::Range;

use toml_parser::lexer::TokenKind;

use crate::diagnostic::Diagnostic;

/// One diagnostic for each of the parser's errors on `text`.
pub(super) fn diagnostics(text: &str, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let unclosed = OnceCell::new();
    errors
        .iter()
        .map(|e| {
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
            let rest: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
            let d = Diagnostic::error(span, format!("TOML syntax: {message}"));
            if rest.is_empty() {
                d
            } else {
                d.with_hint(rest.join("; "))
            }
        })
        .collect()
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

    #[test]
    fn other_errors_at_the_end_of_the_file_stay_there() {
        assert_eq!(
            located("why = \"\"\"closed\"\"\"\nlist = [1,"),
            ["2:11: TOML syntax: unclosed array, expected `]`"]
        );
    }
}
