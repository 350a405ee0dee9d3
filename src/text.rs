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

/// Control characters (C0, DEL, C1) and the bidirectional controls (marks, embeddings,
/// overrides, isolates) that can make text display in an order other than the one it is
/// stored in.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The bidirectional formatting characters of Unicode (UAX #9): U+061C, U+200E, U+200F,
/// U+202A–U+202E and U+2066–U+2069.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
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
    fn every_c0_c1_and_bidi_control_and_del_is_escaped_and_nothing_else() {
        let unsafe_chars = (0..0x20)
            .chain(0x7f..0xa0)
            .chain([0x61c, 0x200e, 0x200f])
            .chain(0x202a..0x202f)
            .chain(0x2066..0x206a)
            .map(|c| char::from_u32(c).unwrap());
        for c in unsafe_chars {
            assert!(is_unsafe(c), "{:x}", c as u32);
            let shown = one_line(&format!("a{c}b")).into_owned();
            assert!(!shown.contains(c), "{:x} stays raw: {shown:?}", c as u32);
        }
        for c in [' ', '~', '\u{a0}', 'é', '\u{200d}', 'ロ', '\u{1f600}'] {
            assert!(!is_unsafe(c), "{:x}", c as u32);
        }
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(one_line("a\u{1b}[2Jb\r\n"), "a\\u{1b}[2Jb\\r\\n");
        assert_eq!(escape_controls("a\nb\u{7}", true), "a\nb\\u{7}");
        assert_eq!(one_line("x\u{9b}y\u{202e}z"), "x\\u{9b}y\\u{202e}z");
        assert_eq!(one_line("\u{200f}\u{61c}"), "\\u{200f}\\u{61c}");
    }
}
