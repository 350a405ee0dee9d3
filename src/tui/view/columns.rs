//! Columns of the lists, sized from the width they are drawn in, and titles cut so that two
//! lines never read the same when their texts differ.

use std::collections::HashMap;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::cut;

/// The widest of `texts`, in columns.
pub(crate) fn widest(texts: impl IntoIterator<Item = impl AsRef<str>>) -> usize {
    texts
        .into_iter()
        .map(|t| t.as_ref().width())
        .max()
        .unwrap_or(0)
}

/// `texts` cut to `width` columns each; where two cut the same though they differ, the cut
/// one shows its beginning, then `…`, then where it differs from the others, so that every
/// line can be told apart.
pub(crate) fn cut_apart(texts: &[String], width: usize) -> Vec<String> {
    let cuts: Vec<String> = texts.iter().map(|t| cut(t, width)).collect();
    let mut alike: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in cuts.iter().enumerate() {
        alike.entry(c.as_str()).or_default().push(i);
    }
    let mut out = cuts.clone();
    for (i, text) in texts.iter().enumerate() {
        let same = &alike[cuts[i].as_str()];
        let differs_at = same
            .iter()
            .filter(|&&j| j != i && texts[j] != *text)
            .map(|&j| common_prefix(text, &texts[j]))
            .max();
        if let Some(at) = differs_at {
            out[i] = cut_showing(text, at, width);
        }
    }
    out
}

/// How many characters `a` and `b` begin with in common.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// `text` in `width` columns showing its character `at`: its first words (up to half the
/// width), `…`, and the text from the word before `at` (or earlier while the rest fits), cut
/// at the end if it is still long.
fn cut_showing(text: &str, at: usize, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut fitting = 0;
    let mut used = 0;
    for c in &chars {
        let w = c.width().unwrap_or(0);
        if used + w > width / 2 {
            break;
        }
        used += w;
        fitting += 1;
    }
    let words = chars[..fitting].iter().rposition(|c| c.is_whitespace());
    let head_chars = match words {
        Some(space) if space > 0 && fitting < chars.len() => space,
        _ => fitting.min(width / 3),
    };
    let head: String = chars[..head_chars].iter().collect();
    let word_start = |end: usize| {
        chars[..end]
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |i| i + 1)
    };
    let mut from = word_start(at.min(chars.len()));
    if from == at && from > 0 {
        from = word_start(from - 1);
    }
    let room = width.saturating_sub(head.width() + 1);
    let tail = |from: usize| {
        chars[from..]
            .iter()
            .collect::<String>()
            .trim_start()
            .to_owned()
    };
    // Back a word at a time while the rest still fits, so that the room is used.
    while from > head_chars {
        let earlier = word_start(from - 1).max(head_chars);
        if tail(earlier).width() > room {
            break;
        }
        from = earlier;
    }
    format!("{head}…{}", cut(&tail(from.max(head_chars)), room))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_cut_the_same_show_where_they_differ() {
        let texts = [
            "Access reviews of the production database were not done in Q2".to_string(),
            "Access reviews of the production database were not done in Q3".to_string(),
            "Logging".to_string(),
        ];
        let cut = cut_apart(&texts, 24);
        assert_ne!(cut[0], cut[1]);
        assert_eq!(cut[0], "Access…not done in Q2");
        assert!(cut[0].contains("Q2") && cut[1].contains("Q3"), "{cut:?}");
        assert_eq!(cut[2], "Logging");
        assert!(cut.iter().all(|c| c.width() <= 24), "{cut:?}");
    }

    #[test]
    fn titles_that_differ_in_their_shown_part_or_not_at_all_are_cut_as_usual() {
        let texts = [
            "Backups untested since March".to_string(),
            "Backups are not encrypted at rest".to_string(),
            "Same words".to_string(),
            "Same words".to_string(),
        ];
        let cut = cut_apart(&texts, 12);
        assert_eq!(
            cut,
            ["Backups unt…", "Backups are…", "Same words", "Same words"]
        );
    }
}
