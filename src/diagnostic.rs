//! Problems found in a file the user wrote, located by line and column and printed the way
//! compilers print them, so an auditor can go straight to the offending value.

use std::fmt::Write as _;
use std::ops::Range;

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

/// One problem, located by a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Byte range of the offending text in the source.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when that is not obvious from the message.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
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
/// character are clamped to the nearest character boundary before them.
pub fn line_col(source: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    LineCol { line, col }
}

/// Renders diagnostics rustc-style: `path:line:col: error: message`, the source line with a
/// caret under the offending text, and the hint. Source text is shown with control characters
/// escaped so a hostile file cannot drive the terminal.
pub fn render(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let at = line_col(source, d.span.start);
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {label}: {}",
            one_line(path),
            at.line,
            at.col,
            one_line(&d.message)
        );
        let line_text = source.lines().nth(at.line - 1).unwrap_or("");
        let gutter = " ".repeat(at.line.to_string().len());
        let prefix: String = line_text.chars().take(at.col - 1).collect();
        let span_end = d.span.end.min(source.len()).max(d.span.start);
        let underlined = source
            .get(d.span.start.min(source.len())..span_end)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        let pad = one_line(&prefix).width();
        let carets = one_line(underlined).width().max(1);
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{} | {}", at.line, one_line(line_text));
        let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(pad), "^".repeat(carets));
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "{gutter} = hint: {}", one_line(hint));
        }
    }
    out
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

    #[test]
    fn summary_counts_in_words() {
        assert_eq!(summary(2, 1), "2 errors, 1 warning");
        assert_eq!(summary(0, 0), "0 errors, 0 warnings");
    }
}
