//! The line format: an event's JSON object with a CRC-32 of its content as the last member, so
//! that a line cut short or changed on disk is recognised and never mistaken for an event.

use ulid::Ulid;

use super::Envelope;
use super::envelope::{CHECKSUM_FIELD, FORMAT_VERSION, RawJson, parse_written};

/// Length of the checksum member with its separator and the closing brace:
/// `,"crc32":"0123abcd"}`.
const SUFFIX_LEN: usize = 20;

/// The line written for `envelope`, newline included: its content with
/// `,"crc32":"<8 lower-case hex digits>"` inserted before the closing brace, where the digits
/// are the CRC-32 (the zlib / `cksum -a crc32b` polynomial) of the content.
pub fn encode(envelope: &Envelope) -> Vec<u8> {
    let mut line = envelope.content();
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
    let stated = checksum_of(line).ok_or(LineFault::NoChecksum)?;
    let body = &line[..line.len() - SUFFIX_LEN];
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(body);
    hasher.update(b"}");
    if hasher.finalize() != stated {
        return Err(LineFault::ChecksumMismatch);
    }
    let text = std::str::from_utf8(line).map_err(|_| LineFault::NotAnEvent)?;
    match as_written(&text[..text.len() - SUFFIX_LEN]) {
        Some(envelope) => Ok(envelope),
        None => serde_json::from_str(text).map_err(|_| LineFault::NotAnEvent),
    }
}

/// Reads the content of a line laid out exactly as this version writes it (`v` 1, `id`, `at`,
/// `by`, `type`, then `data` up to the checksum) without a JSON parser, the payload taken as
/// written: the checksum vouches for it. Loading then parses each payload once, not twice.
/// Any other layout (extra fields, another version, another writer) returns `None` and goes
/// through the general parser.
fn as_written(body: &str) -> Option<Envelope> {
    let rest = body.strip_prefix("{\"v\":1,\"id\":\"")?;
    let id = Ulid::from_string(rest.get(..26)?).ok()?;
    let rest = rest[26..].strip_prefix("\",\"at\":\"")?;
    let at = parse_written(rest.get(..24)?)?;
    let rest = rest[24..].strip_prefix("\",\"by\":")?;
    let (auditor, rest) = json_string(rest)?;
    let rest = rest.strip_prefix(",\"type\":")?;
    let (kind, rest) = json_string(rest)?;
    let data = rest.strip_prefix(",\"data\":")?;
    Some(Envelope {
        version: FORMAT_VERSION,
        id,
        at,
        auditor,
        kind,
        data: RawJson::written(data),
        extra: Vec::new(),
    })
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
            let fast = as_written(body).expect("a line as written");
            let general: Envelope = serde_json::from_slice(&line).unwrap();
            assert_eq!(fast, general);
            assert_eq!(fast, e);
        }
        assert!(as_written(r#"{"v":2,"id":"01KAQ7Z8X3M4N5P6Q7R8S9T0VW""#).is_none());
        assert!(as_written(r#"{"v":1,"id":"01KAQ7Z8X3M4N5P6Q7R8S9T0V"#).is_none());
    }
}
