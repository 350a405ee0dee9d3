//! The line format: an event's JSON object with a CRC-32 of its content as the last member, so
//! that a line cut short or changed on disk is recognised and never mistaken for an event, and
//! the SHA-256 of the line before it as `prev`, so that a line deleted, moved or edited is
//! noticed.

use sha2::{Digest, Sha256};
use ulid::Ulid;

use super::Envelope;
use super::envelope::{CHECKSUM_FIELD, FORMAT_VERSION, RawJson, parse_written};

/// The SHA-256 of one line: what the next line's `prev` names, and a file's seal when it is
/// the last line's.
pub type LineHash = [u8; 32];

/// Name of the member that links a line to the one before it.
const PREV_FIELD: &str = "prev";

/// The hash of a line as read: its bytes without the newline and trailing white space.
pub fn hash(line: &[u8]) -> LineHash {
    Sha256::digest(line).into()
}

/// `hash` in lower-case hex, as `prev` and the seals show it.
pub fn hex(hash: &LineHash) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for byte in hash {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    out
}

/// The value of each lower-case hex digit, 16 for any other byte: read once per line, so
/// without a branch per digit.
const HEX_VALUE: [u8; 256] = {
    let mut table = [16; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    while i < 16 {
        table[b'a' as usize + i - 10] = i as u8;
        i += 1;
    }
    table
};

fn from_hex(text: &str) -> Option<LineHash> {
    let bytes: &[u8; 64] = text.as_bytes().try_into().ok()?;
    let mut out = [0; 32];
    let mut bad = 0;
    for (byte, pair) in out.iter_mut().zip(bytes.as_chunks::<2>().0) {
        let (high, low) = (HEX_VALUE[pair[0] as usize], HEX_VALUE[pair[1] as usize]);
        bad |= high | low;
        *byte = high << 4 | low;
    }
    (bad < 16).then_some(out)
}

/// A line without the newline and the white space after its last character: what is read
/// and hashed, so that a record re-saved with Windows line endings or trailing spaces reads
/// the same.
pub fn trim(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    &line[..end]
}

/// Length of the checksum member with its separator and the closing brace:
/// `,"crc32":"0123abcd"}`.
const SUFFIX_LEN: usize = 20;

/// The line written for `envelope`, newline included, not linked to a line before it: its
/// content with `,"crc32":"<8 lower-case hex digits>"` inserted before the closing brace,
/// where the digits are the CRC-32 (the zlib / `cksum -a crc32b` polynomial) of the content.
pub fn encode(envelope: &Envelope) -> Vec<u8> {
    encode_after(envelope, None)
}

/// [`encode`], linked to the line before it by that line's hash (`"prev":"<64 hex digits>"`
/// after `type`).
pub fn encode_after(envelope: &Envelope, prev: Option<&LineHash>) -> Vec<u8> {
    let link = prev.map(|p| [",\"", PREV_FIELD, "\":\"", &hex(p), "\""].concat());
    let mut line = envelope.content(link.as_deref());
    let crc = crc32fast::hash(&line);
    line.pop();
    line.extend_from_slice(format!(",\"{CHECKSUM_FIELD}\":\"{crc:08x}\"}}\n").as_bytes());
    line
}

/// Why a line is not an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFault {
    /// No checksum member at the end: the line was cut short or edited by hand.
    NoChecksum,
    /// The checksum does not match the content: the line was changed on disk.
    ChecksumMismatch,
    /// The checksum matches but the content is not an event this format can place (no `id`
    /// or `type`).
    NotAnEvent,
}

/// Reads one line (without its newline) back into an event, checking its checksum first.
pub fn decode(line: &[u8]) -> Result<Envelope, LineFault> {
    decode_linked(line).map(|(envelope, _)| envelope)
}

/// [`decode`], with the hash of the line before it that the line names, if it names one.
pub(crate) fn decode_linked(line: &[u8]) -> Result<(Envelope, Option<LineHash>), LineFault> {
    let stated = checksum_of(line).ok_or(LineFault::NoChecksum)?;
    let body = &line[..line.len() - SUFFIX_LEN];
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(body);
    hasher.update(b"}");
    if hasher.finalize() != stated {
        return Err(LineFault::ChecksumMismatch);
    }
    let text = std::str::from_utf8(line).map_err(|_| LineFault::NotAnEvent)?;
    if let Some(read) = as_written(&text[..text.len() - SUFFIX_LEN]) {
        return Ok(read);
    }
    let mut envelope: Envelope = serde_json::from_str(text).map_err(|_| LineFault::NotAnEvent)?;
    let prev = match envelope
        .extra
        .iter()
        .position(|(name, _)| name == PREV_FIELD)
    {
        Some(at) => {
            let (_, value) = envelope.extra.remove(at);
            let text: &str =
                serde_json::from_str(value.get()).map_err(|_| LineFault::NotAnEvent)?;
            Some(from_hex(text).ok_or(LineFault::NotAnEvent)?)
        }
        None => None,
    };
    Ok((envelope, prev))
}

/// Reads the content of a line laid out exactly as this version writes it (`v` 1, `id`, `at`,
/// `by`, `type`, `prev` if linked, then `data` up to the checksum) without a JSON parser, the
/// payload taken as written: the checksum vouches for it. Loading then parses each payload
/// once, not twice. Any other layout (extra fields, another version, another writer) returns
/// `None` and goes through the general parser.
fn as_written(body: &str) -> Option<(Envelope, Option<LineHash>)> {
    let rest = body.strip_prefix("{\"v\":1,\"id\":\"")?;
    let id = Ulid::from_string(rest.get(..26)?).ok()?;
    let rest = rest[26..].strip_prefix("\",\"at\":\"")?;
    let at = parse_written(rest.get(..24)?)?;
    let rest = rest[24..].strip_prefix("\",\"by\":")?;
    let (auditor, rest) = json_string(rest)?;
    let rest = rest.strip_prefix(",\"type\":")?;
    let (kind, rest) = json_string(rest)?;
    let (prev, rest) = match rest.strip_prefix(",\"prev\":\"") {
        Some(linked) => (
            Some(from_hex(linked.get(..64)?)?),
            linked[64..].strip_prefix('"')?,
        ),
        None => (None, rest),
    };
    let data = rest.strip_prefix(",\"data\":")?;
    let envelope = Envelope {
        version: FORMAT_VERSION,
        id,
        at,
        auditor,
        kind,
        data: RawJson::written(data),
        extra: Vec::new(),
    };
    Some((envelope, prev))
}

/// The JSON string that `s` starts with, decoded, and the text after it.
fn json_string(s: &str) -> Option<(String, &str)> {
    let bytes = s.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let (mut end, mut escaped) = (1, false);
    while end < bytes.len() && bytes[end] != b'"' {
        if bytes[end] == b'\\' {
            escaped = true;
            end += 1;
        }
        end += 1;
    }
    let (literal, rest) = s.split_at_checked(end + 1)?;
    let value = if escaped {
        serde_json::from_str(literal).ok()?
    } else {
        literal[1..end].to_owned()
    };
    Some((value, rest))
}

fn checksum_of(line: &[u8]) -> Option<u32> {
    let start = line.len().checked_sub(SUFFIX_LEN)?;
    let suffix = &line[start..];
    let prefix = format!(",\"{CHECKSUM_FIELD}\":\"");
    if !suffix.starts_with(prefix.as_bytes()) || !suffix.ends_with(b"\"}") {
        return None;
    }
    let hex = std::str::from_utf8(&suffix[prefix.len()..SUFFIX_LEN - 2]).ok()?;
    if !hex
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::value::RawValue;

    use crate::record::RawJson;

    fn sample() -> Envelope {
        Envelope {
            version: 1,
            id: "01KAQ7Z8X3M4N5P6Q7R8S9T0VW".parse().unwrap(),
            at: chrono::Utc
                .with_ymd_and_hms(2026, 11, 24, 9, 14, 3)
                .unwrap(),
            auditor: "Priya \"P\" Shah".into(),
            kind: "note_written".into(),
            data: RawJson::new(r#"{"text":"Log review ✓"}"#).unwrap(),
            extra: vec![],
        }
    }

    #[test]
    fn a_line_is_the_content_with_its_checksum_last() {
        let line = encode(&sample());
        let text = std::str::from_utf8(&line).unwrap();
        let content = r#"{"v":1,"id":"01KAQ7Z8X3M4N5P6Q7R8S9T0VW","at":"2026-11-24T09:14:03.000Z","by":"Priya \"P\" Shah","type":"note_written","data":{"text":"Log review ✓"}}"#;
        let crc = crc32fast::hash(content.as_bytes());
        assert_eq!(
            text,
            format!(
                "{},\"crc32\":\"{crc:08x}\"}}\n",
                &content[..content.len() - 1]
            )
        );
        assert_eq!(decode(&line[..line.len() - 1]).unwrap(), sample());
    }

    #[test]
    fn a_linked_line_names_the_hash_of_the_line_before_it() {
        let prev = hash(b"{\"v\":1}");
        let line = encode_after(&sample(), Some(&prev));
        let text = std::str::from_utf8(&line).unwrap();
        assert!(
            text.contains(&format!(
                r#""type":"note_written","prev":"{}","data":"#,
                hex(&prev)
            )),
            "{text}"
        );
        assert_eq!(decode_linked(trim(&line)).unwrap(), (sample(), Some(prev)));
        let mut with_extra = sample();
        with_extra.extra = vec![("zeta".into(), RawValue::from_string("1".into()).unwrap())];
        let line = encode_after(&with_extra, Some(&prev));
        assert_eq!(
            decode_linked(trim(&line)).unwrap(),
            (with_extra, Some(prev)),
            "read by the general parser too"
        );
        assert_eq!(
            hex(&hash(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn windows_line_endings_and_trailing_spaces_read_the_same() {
        let line = encode(&sample());
        let mut crlf = line[..line.len() - 1].to_vec();
        crlf.extend_from_slice(b" \t\r\n");
        assert_eq!(trim(&crlf), &line[..line.len() - 1]);
        assert_eq!(decode(trim(&crlf)).unwrap(), sample());
        assert_eq!(trim(b" \r\n"), b"");
    }

    #[test]
    fn unknown_fields_are_kept_verbatim_in_order() {
        let mut e = sample();
        e.extra = vec![
            (
                "zeta".into(),
                RawValue::from_string("[1, 2]".into()).unwrap(),
            ),
            (
                "alpha".into(),
                RawValue::from_string("{\"x\":null}".into()).unwrap(),
            ),
        ];
        let line = encode(&e);
        let back = decode(&line[..line.len() - 1]).unwrap();
        assert_eq!(back, e);
        assert_eq!(encode(&back), line);
    }

    #[test]
    fn damage_is_recognised() {
        let line = encode(&sample());
        let line = &line[..line.len() - 1];
        assert_eq!(decode(&line[..line.len() - 5]), Err(LineFault::NoChecksum));
        let mut changed = line.to_vec();
        changed[60] ^= 1;
        assert_eq!(decode(&changed), Err(LineFault::ChecksumMismatch));
        assert_eq!(decode(b""), Err(LineFault::NoChecksum));
        let body = br#"{"v":1}"#;
        let crc = crc32fast::hash(body);
        let no_id = format!("{{\"v\":1,\"crc32\":\"{crc:08x}\"}}");
        assert_eq!(decode(no_id.as_bytes()), Err(LineFault::NotAnEvent));
    }

    #[test]
    fn the_fast_reading_agrees_with_the_general_one() {
        let mut tricky = sample();
        tricky.auditor = "Ana \"Nana\" Lima \\ \u{1b}[2J ログ".into();
        tricky.kind = "note\\_written".into();
        for e in [sample(), tricky] {
            let line = encode(&e);
            let body = std::str::from_utf8(&line[..line.len() - 1 - SUFFIX_LEN]).unwrap();
            let (fast, _) = as_written(body).expect("a line as written");
            let general: Envelope = serde_json::from_slice(&line).unwrap();
            assert_eq!(fast, general);
            assert_eq!(fast, e);
        }
        let prev = hash(b"the line before");
        let linked = encode_after(&sample(), Some(&prev));
        let body = std::str::from_utf8(&linked[..linked.len() - 1 - SUFFIX_LEN]).unwrap();
        assert_eq!(as_written(body), Some((sample(), Some(prev))));
        assert!(as_written(r#"{"v":2,"id":"01KAQ7Z8X3M4N5P6Q7R8S9T0VW""#).is_none());
        assert!(as_written(r#"{"v":1,"id":"01KAQ7Z8X3M4N5P6Q7R8S9T0V"#).is_none());
    }
}
