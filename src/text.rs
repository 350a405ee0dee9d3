//! Making text from plans and records safe to show: a plan or a record is written by people and
//! may hold control characters (an ANSI escape sequence, a carriage return) that must never reach
//! the terminal as they are.

use std::borrow::Cow;

/// Returns `text` with every control character written as a visible escape (`\u{1b}`, `\r`),
/// so that printing it cannot move the cursor, change colours or clear the screen.
/// Tabs become a space; newlines are kept only when `keep_newlines` is set.
pub fn escape_controls(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let needs = text
        .chars()
        .any(|c| is_unsafe(c) && !(keep_newlines && c == '\n'));
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' => out.push(' '),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Shorthand for one-line text: newlines are escaped too.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape_controls(text, false)
}

/// Control characters (C0, DEL, C1) and the bidirectional overrides that can make text
/// display in an order other than the one it is stored in.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            one_line("Logging — ログ"),
            Cow::Borrowed("Logging — ログ")
        ));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(one_line("a\u{1b}[2Jb\r\n"), "a\\u{1b}[2Jb\\r\\n");
        assert_eq!(escape_controls("a\nb\u{7}", true), "a\nb\\u{7}");
        assert_eq!(one_line("x\u{9b}y\u{202e}z"), "x\\u{9b}y\\u{202e}z");
    }
}
