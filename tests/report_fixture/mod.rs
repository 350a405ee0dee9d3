//! A closing meeting's worth of record for the report tests, written through the library's
//! own encoding into two auditors' files, and the real binary to run `auditday report` on it.

use std::path::Path;
use std::process::Command;

use auditday::audit::*;
use auditday::record::{Envelope, auditor_stem, encode_line};

#[path = "../day_events/mod.rs"]
mod day_events;
#[path = "../output/mod.rs"]
mod output;

pub use day_events::{AUDIT, PLAN};
use day_events::{LEAD, TOM, at, envelope, finding};
pub use output::{read_pdf, read_xlsx, stdout};

/// The texts the record holds where people typed.
pub struct Texts {
    /// NC-01's statement.
    pub major: String,
    /// NC-02's statement (a minor without its requirement: incomplete).
    pub minor: String,
    /// OBS-01's statement.
    pub observation: String,
    /// The opening attendee's name.
    pub attendee: String,
    /// The evidence item's description.
    pub seen: String,
    /// The auditee's diverging opinion on NC-02.
    pub opinion: String,
    /// The recommendation's justification.
    pub justification: String,
}

impl Texts {
    /// What an ordinary day records.
    pub fn plain() -> Texts {
        Texts {
            major: "Privileged access not reviewed in Q2 and Q3.\nSecond line.".into(),
            minor: "Risk owners did not review 7 of 12 risks.".into(),
            observation: "MFA exceptions have no expiry.".into(),
            attendee: "Dana Okafor".into(),
            seen: "AWS IAM admin list".into(),
            opinion: "The reviews were delegated to the platform team.".into(),
            justification: "The major was corrected on site and verified.".into(),
        }
    }
}

/// Writes the record into `data`: both meetings with attendance, an evidence item with a
/// fingerprinted file, a major linked to it and to an interview and accepted, a minor without
/// its requirement and with a diverging opinion, an observation, a strength of the second
/// auditor, a withdrawn opportunity, a sample not assessed, an unplanned one, an interview
/// with a contradiction, numbers fixed, an overridden recommendation.
pub fn prepare(data: &Path, texts: &Texts) {
    let folder = data.join("audits").join(AUDIT);
    std::fs::create_dir_all(&folder).unwrap();
    let id = |n| at(n).0;
    let opening = Meeting::Opening;
    let closing = Meeting::Closing;
    let mut minor = finding(Grade::Minor, "6.1.2", &texts.minor);
    minor.requirement = String::new();
    let mut major = finding(Grade::Major, "A.8.2", &texts.major);
    major.evidence = vec![id(3)];
    major.interviews = vec![id(10)];
    let lead: Vec<Envelope> = vec![
        envelope(
            0,
            LEAD,
            &Event::MeetingStarted(MeetingMark { meeting: opening }),
        ),
        envelope(
            1,
            LEAD,
            &Event::AttendeeAdded(AttendeeAdded {
                meeting: opening,
                name: texts.attendee.clone(),
                role: "CTO".into(),
                organisation: "Brightloop Software Ltd".into(),
            }),
        ),
        envelope(
            2,
            LEAD,
            &Event::MeetingEnded(MeetingMark { meeting: opening }),
        ),
        envelope(
            3,
            LEAD,
            &Event::EvidenceAdded(EvidenceItem {
                sample: Some("A.8.2".into()),
                seen: texts.seen.clone(),
                identifier: "IAM-ADMINS".into(),
                version: "3".into(),
                date: "2026-11-01".into(),
                sample_size: "all 14 admins".into(),
                file: Some(FileSeen {
                    path: "/home/priya/evidence/iam-admins.csv".into(),
                    sha256: String::new(),
                    bytes: 0,
                }),
            }),
        ),
        envelope(
            4,
            LEAD,
            &Event::EvidenceFingerprinted(EvidenceFingerprinted {
                evidence: id(3),
                path: "/home/priya/evidence/iam-admins.csv".into(),
                sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
                bytes: 2048,
                unreadable: String::new(),
            }),
        ),
        envelope(5, LEAD, &Event::FindingRaised(major)),
        envelope(6, LEAD, &Event::FindingRaised(minor)),
        envelope(
            7,
            LEAD,
            &Event::FindingRaised(finding(Grade::Observation, "A.8.5", &texts.observation)),
        ),
        envelope(
            8,
            LEAD,
            &Event::FindingRaised(finding(
                Grade::Opportunity,
                "A.8.15",
                "Log retention could be automated.",
            )),
        ),
        envelope(
            9,
            LEAD,
            &Event::FindingWithdrawn(FindingWithdrawn {
                finding: id(8),
                reason: "Already automated".into(),
            }),
        ),
        envelope(
            10,
            LEAD,
            &Event::InterviewStarted(InterviewStarted {
                interviewee: "Marcus Dale".into(),
                role: "Head of Engineering".into(),
                department: String::new(),
                topics: vec!["A.8.2".into()],
            }),
        ),
        envelope(
            11,
            LEAD,
            &Event::InterviewNoteWritten(InterviewNoteWritten {
                interview: id(10),
                question: "Who reviews admin rights?".into(),
                text: "Reviews were skipped during the migration.".into(),
                topics: vec!["A.8.2".into()],
            }),
        ),
        envelope(
            12,
            LEAD,
            &Event::CorroborationRecorded(Corroboration {
                interview: id(10),
                control: "A.8.2".into(),
                verdict: Verdict::Contradicts,
                evidence: vec![id(3)],
                note: "The list shows no review since March.".into(),
            }),
        ),
        envelope(
            40,
            LEAD,
            &Event::InterviewEnded(InterviewEnded { interview: id(10) }),
        ),
        envelope(
            41,
            LEAD,
            &Event::SampleStatusSet(SampleStatusSet {
                sample: "A.7.2".into(),
                status: SetStatus::NotAssessed,
                reason: "site visit cancelled".into(),
            }),
        ),
        envelope(
            42,
            LEAD,
            &Event::SampleStatusSet(SampleStatusSet {
                sample: "A.5.15".into(),
                status: SetStatus::Conforming,
                reason: String::new(),
            }),
        ),
        envelope(
            43,
            LEAD,
            &Event::UnplannedSampleAdded(UnplannedSampleAdded {
                sample: "A.5.30".into(),
                why: "The incident of 3 October named the ICT continuity plan.".into(),
            }),
        ),
        envelope(
            50,
            LEAD,
            &Event::MeetingStarted(MeetingMark { meeting: closing }),
        ),
        envelope(
            51,
            LEAD,
            &Event::AttendeeAdded(AttendeeAdded {
                meeting: closing,
                name: "Marcus Dale".into(),
                role: "Head of Engineering".into(),
                organisation: "Brightloop Software Ltd".into(),
            }),
        ),
        envelope(
            52,
            LEAD,
            &Event::NumbersFixed(NumbersFixed {
                numbers: [
                    (id(5), "NC-01"),
                    (id(6), "NC-02"),
                    (id(7), "OBS-01"),
                    (id(8), "OFI-01"),
                ]
                .into_iter()
                .map(|(id, n)| (id, n.to_string()))
                .collect(),
            }),
        ),
        envelope(
            53,
            LEAD,
            &Event::FindingAccepted(FindingAccepted { finding: id(5) }),
        ),
        envelope(
            54,
            LEAD,
            &Event::DivergingOpinionRecorded(DivergingOpinion {
                finding: Some(id(6)),
                held_by: "Dana Okafor".into(),
                text: texts.opinion.clone(),
            }),
        ),
        envelope(
            55,
            LEAD,
            &Event::DivergingOpinionRecorded(DivergingOpinion {
                finding: None,
                held_by: "Dana Okafor".into(),
                text: "The audit spent too little time on the cloud platform.".into(),
            }),
        ),
        envelope(
            56,
            LEAD,
            &Event::RecommendationSet(RecommendationSet {
                recommendation: Recommendation::RecommendedSubjectToActionPlan,
                justification: texts.justification.clone(),
            }),
        ),
        envelope(
            57,
            LEAD,
            &Event::MeetingEnded(MeetingMark { meeting: closing }),
        ),
    ];
    let tom = vec![envelope(
        20,
        TOM,
        &Event::FindingRaised(finding(
            Grade::Strength,
            "6.2",
            "Objectives reviewed monthly by the board.",
        )),
    )];
    for (who, events) in [(LEAD, lead), (TOM, tom)] {
        let lines: Vec<u8> = events.iter().flat_map(encode_line).collect();
        std::fs::write(folder.join(format!("{}.jsonl", auditor_stem(who))), lines).unwrap();
    }
}

/// `auditday report PLAN --data-dir DATA ARGS…`, in UTC so that times read the same
/// everywhere.
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

/// `auditday report … --format xlsx -o register.xlsx` in a new folder, read back by
/// [`read_xlsx`].
pub fn xlsx_register(data: &Path) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("register.xlsx");
    stdout(
        report(data, &["--format", "xlsx", "-o", path.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    read_xlsx(&path)
}
