//! The pieces of a fixed audit day that the record-summary and report tests both write: the
//! sample plan, its audit and auditors, each event's id and time a minute apart, and a finding.

use auditday::audit::{Event, Finding, Grade};
use auditday::record::Envelope;
use chrono::{DateTime, Utc};
use ulid::Ulid;

pub const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);
pub const AUDIT: &str = "brightloop-stage2-2026";
pub const LEAD: &str = "Priya Shah";
pub const TOM: &str = "Tom Whitfield";

/// Event `n` of the day (a minute apart from 09:00 UTC on 24 November 2026).
pub fn at(n: u64) -> (Ulid, DateTime<Utc>) {
    let ms = 1_795_510_800_000 + n * 60_000;
    (
        Ulid::from_parts(ms, u128::from(n)),
        DateTime::from_timestamp_millis(ms as i64).unwrap(),
    )
}

/// Event `n` of the day, recorded by `by`.
pub fn envelope(n: u64, by: &str, event: &Event) -> Envelope {
    let (id, at) = at(n);
    Envelope {
        version: 1,
        id,
        at,
        auditor: by.into(),
        kind: event.kind().into(),
        data: event.data(),
        extra: vec![],
    }
}

/// A complete finding of `grade` on `sample`.
pub fn finding(grade: Grade, sample: &str, statement: &str) -> Finding {
    Finding {
        grade,
        sample: Some(sample.into()),
        references: vec![sample.into()],
        requirement: format!("{sample} as the SoA states it"),
        statement: statement.into(),
        objective_evidence: "Seen on site.".into(),
        evidence: vec![],
        interviews: vec![],
    }
}
