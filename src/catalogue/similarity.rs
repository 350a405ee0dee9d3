//! Jaro-Winkler similarity and Levenshtein distance as `strsim` computes them, bit for bit,
//! without allocating for strings of up to [`SHORT`] characters (ids and title words): a "did
//! you mean" scores dozens of them for every unknown reference. Longer strings go to `strsim`.

/// The most characters a string may have to be scored on the stack.
const SHORT: usize = 32;

/// The characters of `s`, when it has at most [`SHORT`].
fn chars(s: &str) -> Option<([char; SHORT], usize)> {
    let mut out = ['\0'; SHORT];
    let mut n = 0;
    for c in s.chars() {
        *out.get_mut(n)? = c;
        n += 1;
    }
    Some((out, n))
}

/// `strsim::jaro_winkler(a, b)`.
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (Some((a_chars, a_len)), Some((b_chars, b_len))) = (chars(a), chars(b)) else {
        return strsim::jaro_winkler(a, b);
    };
    let (a, b) = (&a_chars[..a_len], &b_chars[..b_len]);
    let sim = jaro(a, b);
    if sim > 0.7 {
        let prefix_length = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix_length as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// `strsim::jaro` on at most [`SHORT`] characters each, with the matched characters kept as
/// bits; the same steps and the same arithmetic.
fn jaro(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    } else if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let search_range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = (0u64, 0u64);
    let mut matches = 0_usize;
    for (i, x) in a.iter().enumerate() {
        let min_bound = i.saturating_sub(search_range);
        let max_bound = b.len().min(i + search_range + 1);
        for (j, y) in b.iter().enumerate().take(max_bound).skip(min_bound) {
            if x == y && b_flags & (1 << j) == 0 {
                a_flags |= 1 << i;
                b_flags |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0_usize;
    let mut b_matched = (0..b.len()).filter(|j| b_flags & (1 << j) != 0);
    for (i, x) in a.iter().enumerate() {
        if a_flags & (1 << i) != 0
            && let Some(j) = b_matched.next()
            && *x != b[j]
        {
            transpositions += 1;
        }
    }
    transpositions /= 2;
    ((matches as f64 / a.len() as f64)
        + (matches as f64 / b.len() as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// `strsim::levenshtein(a, b)`.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let (Some((a_chars, a_len)), Some((b_chars, b_len))) = (chars(a), chars(b)) else {
        return strsim::levenshtein(a, b);
    };
    let (a, b) = (&a_chars[..a_len], &b_chars[..b_len]);
    let mut cache = [0usize; SHORT];
    for (j, c) in cache.iter_mut().enumerate().take(b.len()) {
        *c = j + 1;
    }
    let mut result = b.len();
    for (i, x) in a.iter().enumerate() {
        result = i + 1;
        let mut distance_b = i;
        for (j, y) in b.iter().enumerate() {
            let distance_a = distance_b + usize::from(x != y);
            distance_b = cache[j];
            result = (result + 1).min(distance_a.min(distance_b + 1));
            cache[j] = result;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::catalogue::Catalogue;

    fn agree(a: &str, b: &str) {
        assert_eq!(
            jaro_winkler(a, b).to_bits(),
            strsim::jaro_winkler(a, b).to_bits(),
            "jaro_winkler({a:?}, {b:?})"
        );
        assert_eq!(
            levenshtein(a, b),
            strsim::levenshtein(a, b),
            "levenshtein({a:?}, {b:?})"
        );
    }

    /// Every pair of the built-in catalogue's lower-cased ids and title words, and each with
    /// the slips a plan makes.
    #[test]
    fn agrees_with_strsim_on_the_catalogue() {
        let c = Catalogue::iso27001_2022();
        let mut words: Vec<String> = c.entries.iter().map(|e| e.id.to_lowercase()).collect();
        words.extend(c.entries.iter().flat_map(|e| {
            e.title
                .to_lowercase()
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        }));
        words.sort();
        words.dedup();
        let slips: Vec<String> = words
            .iter()
            .flat_map(|w| {
                let mut chars: Vec<char> = w.chars().collect();
                let mut out = vec![format!("{w}x"), w.chars().skip(1).collect()];
                if chars.len() > 1 {
                    chars.swap(0, 1);
                    out.push(chars.iter().collect());
                }
                out
            })
            .collect();
        for a in words.iter().chain(&slips) {
            for b in &words {
                agree(a, b);
            }
        }
    }

    #[test]
    fn agrees_with_strsim_at_the_edges() {
        for (a, b) in [
            ("", ""),
            ("", "a"),
            ("a", ""),
            ("a", "a"),
            ("ab", "ba"),
            ("martha", "marhta"),
            ("dixon", "dicksonx"),
            ("ログ", "ロググ"),
        ] {
            agree(a, b);
        }
        let long = "x".repeat(SHORT);
        agree(&long, &format!("{long}y"));
        agree(&format!("{long}y"), "xy");
    }

    proptest! {
        #[test]
        fn agrees_with_strsim_on_random_text(a in "[a-e.0-9é]{0,40}", b in "[a-e.0-9é]{0,40}") {
            agree(&a, &b);
        }
    }
}
