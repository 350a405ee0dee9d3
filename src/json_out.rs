//! JSON as this program prints it. Beside what JSON itself escapes (the quote, the backslash,
//! C0 controls), every string escapes DEL, the C1 controls and the bidirectional controls as
//! `\uXXXX`, so that text from a plan or a record (an OSC 52 clipboard write, a right-to-left
//! override) cannot act on the terminal it is printed to; the JSON means the same. A record's
//! lines are printed the same way: parsed, then written through here, never as they were read.

use std::io;

use chrono::SecondsFormat;
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::ser::{Formatter, Serializer};
use serde_json::value::RawValue;

use crate::record::Envelope;

/// Writes `value` as compact JSON with the controls escaped.
pub(crate) fn to_writer<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> io::Result<()> {
    value
        .serialize(&mut Serializer::with_formatter(writer, Escaping))
        .map_err(io::Error::from)
}

/// [`to_writer`] into memory.
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    to_writer(&mut out, value).expect("writing to memory cannot fail");
    out
}

/// The record line of `envelope` (without its newline) as printed: its payload parsed, every
/// field written as [`to_writer`] does, and the checksum of what is printed, so that it reads
/// back as the same event. A line as auditday writes it is printed byte for byte, unless it
/// holds a control. Fails when the payload is not JSON: the line is damaged.
pub(crate) fn record_line(envelope: &Envelope) -> serde_json::Result<String> {
    let data = RawValue::from_string(envelope.data.get().to_owned())?;
    let mut line = to_vec(&Line {
        envelope,
        data: &data,
    });
    let crc = crc32fast::hash(&line);
    line.pop();
    line.extend_from_slice(format!(",\"crc32\":\"{crc:08x}\"}}").as_bytes());
    Ok(String::from_utf8(line).expect("serde_json writes UTF-8"))
}

/// A record line's content, in the record's order: `v`, `id`, `at`, `by`, `type`, the fields
/// of a newer version, `data`.
struct Line<'a> {
    envelope: &'a Envelope,
    data: &'a RawValue,
}

impl Serialize for Line<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let e = self.envelope;
        let mut map = serializer.serialize_map(Some(6 + e.extra.len()))?;
        map.serialize_entry("v", &e.version)?;
        map.serialize_entry("id", &e.id)?;
        map.serialize_entry("at", &e.at.to_rfc3339_opts(SecondsFormat::Millis, true))?;
        map.serialize_entry("by", &e.auditor)?;
        map.serialize_entry("type", &e.kind)?;
        for (name, value) in &e.extra {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("data", self.data)?;
        map.end()
    }
}

/// serde_json's compact layout, with DEL, C1 and bidirectional controls escaped.
struct Escaping;

impl Formatter for Escaping {
    /// A run of a string that JSON lets stand as it is.
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_escaped(writer, fragment, |_| false)
    }

    /// A JSON value kept as its text (a record's payload): checked to be JSON when it was
    /// read, so a control other than whitespace can only stand inside one of its strings,
    /// where `\uXXXX` means the same character; whitespace between tokens becomes a space.
    fn write_raw_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_escaped(writer, fragment, |c| matches!(c, '\t' | '\n' | '\r'))
    }
}

/// Writes `text` with each unsafe character as `\uXXXX`, or as a space where `blank` says so.
fn write_escaped<W: ?Sized + io::Write>(
    writer: &mut W,
    text: &str,
    blank: impl Fn(char) -> bool,
) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !crate::text::is_unsafe(c) {
            continue;
        }
        writer.write_all(&text.as_bytes()[start..i])?;
        if blank(c) {
            writer.write_all(b" ")?;
        } else {
            write!(writer, "\\u{:04x}", c as u32)?;
        }
        start = i + c.len_utf8();
    }
    writer.write_all(&text.as_bytes()[start..])
}

#[cfg(test)]
mod tests {
    use serde_json::value::RawValue;

    use super::*;

    const HOSTILE: &str = "copy \u{1b}]52;c;ZXZpbA==\u{7} wipe \u{1b}[2J \u{9b}31m \u{202e}txt.exe \u{7f}\u{61c}\u{200e}\u{200f}\u{2066}\u{2069} ok é ロ";

    fn assert_safe(bytes: &[u8]) {
        let text = std::str::from_utf8(bytes).unwrap();
        let raw: Vec<char> = text
            .chars()
            .filter(|c| crate::text::is_unsafe(*c))
            .collect();
        assert!(raw.is_empty(), "{raw:?} raw in {text}");
    }

    #[test]
    fn strings_escape_every_control_and_still_read_back_the_same() {
        let value = serde_json::json!({ HOSTILE: [HOSTILE, "plain"] });
        let out = to_vec(&value);
        assert_safe(&out);
        assert!(String::from_utf8_lossy(&out).contains(r"\u202e"));
        let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn a_payload_kept_as_text_is_escaped_and_keeps_its_order_and_numbers() {
        let written = format!(
            "{{ \"z\":\t{},\r\"a\": [1.50, -0, 1e3] }}",
            serde_json::to_string(HOSTILE).unwrap()
        );
        let raw = RawValue::from_string(written.clone()).unwrap();
        let out = to_vec(&raw);
        assert_safe(&out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("{ \"z\": \"copy \\u001b]52"), "{text}");
        assert!(text.ends_with("\"a\": [1.50, -0, 1e3] }"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(&written).unwrap()
        );
    }

    fn envelope(by: &str, data: &str) -> Envelope {
        Envelope {
            version: 1,
            id: ulid::Ulid::from_parts(1_795_510_800_000, 7),
            at: chrono::DateTime::from_timestamp_millis(1_795_510_800_000).unwrap(),
            auditor: by.into(),
            kind: "note_written".into(),
            data: crate::record::RawJson::new(data).unwrap(),
            extra: vec![(
                "newer".into(),
                RawValue::from_string(format!("[{}]", serde_json::to_string(by).unwrap())).unwrap(),
            )],
        }
    }

    #[test]
    fn a_record_line_is_printed_as_written_unless_it_holds_a_control() {
        let plain = envelope("Priya Shah", r#"{"sample":"A.8.15","text":"Log review ✓"}"#);
        let written = crate::record::encode_line(&plain);
        assert_eq!(
            record_line(&plain).unwrap().as_bytes(),
            &written[..written.len() - 1]
        );

        let data = serde_json::json!({ "text": HOSTILE }).to_string();
        let hostile = envelope(HOSTILE, &data);
        let line = record_line(&hostile).unwrap();
        assert_safe(line.as_bytes());
        let back = crate::record::decode_line(line.as_bytes()).unwrap();
        let value = |raw: &str| serde_json::from_str::<serde_json::Value>(raw).unwrap();
        assert_eq!(
            (&back.auditor, &back.kind, back.id, back.at),
            (&hostile.auditor, &hostile.kind, hostile.id, hostile.at)
        );
        assert_eq!(value(back.data.get()), value(hostile.data.get()));
        assert_eq!(
            value(back.extra[0].1.get()),
            value(hostile.extra[0].1.get())
        );
    }

    #[test]
    fn a_record_line_whose_payload_is_not_json_is_not_printed() {
        let mut e = envelope("Priya Shah", "{}");
        e.data = crate::record::RawJson::written("{\"text\":\"raw \u{1b}]52;c;ZXZpbA==\u{7}\"}");
        assert!(record_line(&e).is_err());
    }

    #[test]
    fn plain_json_is_written_as_serde_json_writes_it() {
        let value = serde_json::json!({"text": "Log review ✓ \"quoted\" \\ \n", "n": 3});
        assert_eq!(to_vec(&value), serde_json::to_vec(&value).unwrap());
    }
}
