//! One recorded event as it sits on disk: who, when, what type, and the payload, with any field
//! a newer version added kept as it was written.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use ulid::Ulid;

/// The format version this build writes in each line's `v`.
pub const FORMAT_VERSION: u32 = 1;

/// One event of the record. The record module does not interpret `kind` or `data`: the
/// `audit` module does, so that an event type this build does not know is still loaded, kept
/// and written back unchanged.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Format version of the line (`v`).
    pub version: u32,
    /// Globally unique, time-ordered id; entities created by this event are known by it.
    pub id: Ulid,
    /// When the event was recorded (UTC, millisecond precision).
    pub at: DateTime<Utc>,
    /// The auditor who recorded it (`by`).
    pub auditor: String,
    /// Event type (`type`): `finding_raised`, `draft_saved` …
    pub kind: String,
    /// The payload as the JSON text it was written as.
    pub data: RawJson,
    /// Fields this version does not know, in file order, as the JSON text they were written as.
    pub extra: Vec<(String, Box<RawValue>)>,
}

/// JSON text kept exactly as written: an event's payload, which the record carries without
/// interpreting it. Made from a value ([`RawJson::new`], `From<Box<RawValue>>`) it is checked to
/// be JSON; read from a record line it is trusted on the strength of the line's checksum, so
/// that loading does not parse every payload twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawJson(Box<str>);

impl RawJson {
    /// `text` if it is one JSON value.
    pub fn new(text: impl Into<String>) -> Result<RawJson, serde_json::Error> {
        RawValue::from_string(text.into()).map(RawJson::from)
    }

    /// Text from a line whose checksum matched.
    pub(crate) fn written(text: &str) -> RawJson {
        RawJson(text.into())
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        &self.0
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> RawJson {
        RawJson(raw.into())
    }
}

impl PartialEq for Envelope {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.id == other.id
            && self.at == other.at
            && self.auditor == other.auditor
            && self.kind == other.kind
            && self.data.get() == other.data.get()
            && self.extra.len() == other.extra.len()
            && self
                .extra
                .iter()
                .zip(&other.extra)
                .all(|((a, x), (b, y))| a == b && x.get() == y.get())
    }
}

impl Envelope {
    /// The line's JSON object without its checksum member, as it is checksummed:
    /// `{"v":1,"id":…,"at":…,"by":…,"type":…,"data":…}`, with `link` (the `prev` member, with
    /// its leading comma) after `type` and any extra fields before `data`, so that `data`
    /// always ends the content.
    pub(crate) fn content(&self, link: Option<&str>) -> Vec<u8> {
        let mut out = Vec::with_capacity(160 + self.data.get().len());
        out.extend_from_slice(
            format!("{{\"v\":{},\"id\":\"{}\",\"at\":\"", self.version, self.id).as_bytes(),
        );
        out.extend_from_slice(
            self.at
                .to_rfc3339_opts(SecondsFormat::Millis, true)
                .as_bytes(),
        );
        out.extend_from_slice(b"\",\"by\":");
        push_json_string(&mut out, &self.auditor);
        out.extend_from_slice(b",\"type\":");
        push_json_string(&mut out, &self.kind);
        if let Some(link) = link {
            out.extend_from_slice(link.as_bytes());
        }
        for (name, value) in &self.extra {
            out.push(b',');
            push_json_string(&mut out, name);
            out.push(b':');
            out.extend_from_slice(value.get().as_bytes());
        }
        out.extend_from_slice(b",\"data\":");
        out.extend_from_slice(self.data.get().as_bytes());
        out.push(b'}');
        out
    }
}

fn push_json_string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(out, s).expect("a string always serializes to memory");
}

/// The line's field names, matched without allocating for the known ones.
enum Field {
    Version,
    Id,
    At,
    By,
    Type,
    Data,
    Checksum,
    Other(String),
}

impl<'de> de::Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "v" => Field::Version,
                    "id" => Field::Id,
                    "at" => Field::At,
                    "by" => Field::By,
                    "type" => Field::Type,
                    "data" => Field::Data,
                    CHECKSUM_FIELD => Field::Checksum,
                    other => Field::Other(other.to_owned()),
                })
            }
        }
        d.deserialize_identifier(FieldVisitor)
    }
}

/// A line's `at`, read without chrono's general parser when it has the exact form this
/// format writes (`2026-11-24T09:14:03.123Z`): loading 100k events spends a tenth of its time
/// on timestamps otherwise.
struct Timestamp(DateTime<Utc>);

impl<'de> de::Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 UTC time")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                match parse_written(v) {
                    Some(at) => Ok(Timestamp(at)),
                    None => DateTime::parse_from_rfc3339(v)
                        .map(|at| Timestamp(at.to_utc()))
                        .map_err(E::custom),
                }
            }
        }
        d.deserialize_str(TimestampVisitor)
    }
}

/// Name of the checksum member a line ends with (`line` writes and checks it); reading an
/// envelope skips it.
pub(crate) const CHECKSUM_FIELD: &str = "crc32";

/// Parses `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form [`Envelope::content`] writes.
pub(crate) fn parse_written(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 24 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b[19] != b'.' || b[23] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let time = chrono::NaiveTime::from_hms_milli_opt(
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
        num(20..23)?,
    )?;
    Some(date.and_time(time).and_utc())
}

/// Reads a line's object: `id` and `type` are required, the rest have defaults (`v` 1, `at`
/// from the id's time, `by` empty, `data` null) so that a line from another version is kept
/// whenever it can be placed at all.
impl<'de> de::Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
                let (mut version, mut id, mut at, mut auditor, mut kind, mut data) =
                    (None, None, None, None, None, None);
                let mut extra = Vec::new();
                while let Some(field) = map.next_key::<Field>()? {
                    match field {
                        Field::Version => version = Some(map.next_value()?),
                        Field::Id => id = Some(map.next_value::<Ulid>()?),
                        Field::At => at = Some(map.next_value::<Timestamp>()?.0),
                        Field::By => auditor = Some(map.next_value()?),
                        Field::Type => kind = Some(map.next_value()?),
                        Field::Data => {
                            data = Some(RawJson::from(map.next_value::<Box<RawValue>>()?))
                        }
                        Field::Checksum => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                        Field::Other(name) => extra.push((name, map.next_value()?)),
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
                Ok(Envelope {
                    version: version.unwrap_or(FORMAT_VERSION),
                    id,
                    at: at.unwrap_or_else(|| DateTime::<Utc>::from(id.datetime())),
                    auditor: auditor.unwrap_or_default(),
                    kind: kind.ok_or_else(|| de::Error::missing_field("type"))?,
                    data: data.unwrap_or_else(|| RawJson::written("null")),
                    extra,
                })
            }
        }
        d.deserialize_map(EnvelopeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_timestamps_parse_like_chrono_and_others_fall_back() {
        for s in ["2026-11-24T09:14:03.123Z", "2000-02-29T23:59:59.999Z"] {
            let chrono = DateTime::parse_from_rfc3339(s).unwrap().to_utc();
            assert_eq!(parse_written(s), Some(chrono));
        }
        for s in [
            "2026-02-30T09:14:03.123Z",
            "2026-11-24T09:14:03.123+01:00",
            "x",
        ] {
            assert_eq!(parse_written(s), None);
        }
        let t: Timestamp = serde_json::from_str("\"2026-11-24T10:14:03+01:00\"").unwrap();
        assert_eq!(t.0, parse_written("2026-11-24T09:14:03.000Z").unwrap());
    }
}
