//! A Stage 1 morning recorded through the library's store, on the Stage 1 sample plan: the
//! scope seen and approved, the policy seen with `text` as its approver and notes, the SoA's
//! draft seen without approval (the plan names its file, whose check finds A.5.7 missing),
//! the management review minutes seen but not accessible, and an area of concern whose
//! statement is `text`; and the real binary to run `auditday report` on it.

use std::path::Path;
use std::process::Command;

use auditday::audit::{DocumentReviewed, Event, Finding, Grade};
use auditday::record::Store;

pub const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage1-health-analytics.toml"
);
pub const AUDIT: &str = "corrib-stage1-2026";
pub const LEAD: &str = "Siobhán Keane";
pub const SCOPE: &str =
    "ISMS scope statement v1.0 (incl. interfaces with the Azure tenancy and the hospital VPNs)";
pub const POLICY: &str = "Information security policy v1.1, signed by the CEO";
pub const SOA: &str = "Statement of Applicability v0.9: all 93 Annex A controls, justification for inclusion and exclusion, implementation status";
pub const MINUTES: &str = "Management review minutes of 2026-09-10, with attendance and decisions";

/// Records the morning into the data folder `data`; the store is closed on return.
pub fn record_stage1(data: &Path, text: &str) {
    let (mut store, _) = Store::open(data, AUDIT, LEAD, |_| {}).unwrap();
    let review = |document: &str, seen: bool| DocumentReviewed {
        document: document.into(),
        seen,
        ..DocumentReviewed::default()
    };
    let events = [
        Event::DocumentReviewed(DocumentReviewed {
            identifier: "ISMS-SCOPE".into(),
            version: "1.0".into(),
            approved_by: "Niamh Walsh, CEO".into(),
            approved_on: "2026-05-14".into(),
            current: Some(true),
            accessible: Some(true),
            ..review(SCOPE, true)
        }),
        Event::DocumentReviewed(DocumentReviewed {
            identifier: "ISMS-POL-001".into(),
            version: "1.1".into(),
            approved_by: text.into(),
            notes: text.into(),
            current: Some(true),
            ..review(POLICY, true)
        }),
        Event::DocumentReviewed(DocumentReviewed {
            identifier: "ISMS-SOA-001".into(),
            version: "0.9".into(),
            current: Some(true),
            ..review(SOA, true)
        }),
        Event::DocumentReviewed(DocumentReviewed {
            accessible: Some(false),
            approved_by: "ISMS steering group".into(),
            ..review(MINUTES, true)
        }),
        Event::FindingRaised(Finding {
            grade: Grade::AreaOfConcern,
            sample: None,
            references: vec!["6.2".into()],
            requirement: String::new(),
            statement: text.into(),
            objective_evidence: "Document review: objectives 2026–27".into(),
            evidence: vec![],
            interviews: vec![],
        }),
    ];
    for event in events {
        let envelope = event.stamp(&mut store);
        store.append(&envelope).unwrap();
    }
}

/// `auditday report PLAN --data-dir DATA ARGS…` on the Stage 1 sample, in UTC.
pub fn report(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_auditday"));
    command
        .args(["report", PLAN])
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("TZ", "UTC");
    command
}
