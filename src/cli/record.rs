//! `auditday record`: what an audit's record holds, as the closing meeting needs it, or its
//! event log; and the hidden `record-append` the crash and lock tests drive.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::json;

use serde::Serialize;

use crate::audit::{
    AuditState, AuditSummary, DamagedEvent, Event, FindingSummary, Grade, Note, SampleProgress,
    SampleStatus,
};
use crate::catalogue::Catalogue;
use crate::record::{self, Envelope, Home, LoadReport, OsDisk};
use crate::report::Words;
use crate::session::{Saving, Session};
use crate::text::one_line;

/// What `auditday record` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The state, as text.
    Text,
    /// The state, as one JSON object.
    Json,
    /// The event log, one event a line, as text.
    Events,
    /// The event log, one JSON object a line.
    EventsJson,
}

/// Prints the record of the audit `plan_path` describes, read without changing anything (it
/// may be open in the interface meanwhile).
pub fn show(
    plan_path: &Path,
    extra: Option<&Catalogue>,
    data_dir: Option<&Path>,
    output: Output,
) -> anyhow::Result<ExitCode> {
    let (plan_path, home) = Home::of_plan(plan_path, data_dir)?;
    let (plan, _) = crate::practice::load_any(&plan_path, extra)?;
    let audit = &plan.audit.id.value;
    let folder = home.records(audit)?;
    let mut out = std::io::stdout().lock();
    match output {
        Output::Text | Output::Json => {
            let (state, report) = AuditState::read(&home, audit)?;
            let summary = AuditSummary::of(&plan, &state);
            if output == Output::Json {
                crate::json_out::to_writer(&mut out, &state_json(&summary, &report, &folder))?;
                writeln!(out)?;
            } else {
                write_state(&mut out, &summary, &report, &folder)?;
            }
        }
        Output::Events | Output::EventsJson => {
            let mut events = Vec::new();
            let report = record::read_audit(&home, audit, |e| events.push(e))?;
            events.sort_by_key(|e| e.id);
            events.dedup_by_key(|e| e.id);
            let mut err = std::io::stderr().lock();
            for event in &events {
                write_event(&mut out, &mut err, event, output == Output::EventsJson)?;
            }
            for notice in report.notices() {
                writeln!(err, "auditday: {notice}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints one event of the log, as a record line or as text. An event whose payload is not
/// JSON is damaged: it is told on `err` instead.
fn write_event(
    out: &mut impl Write,
    err: &mut impl Write,
    e: &Envelope,
    as_json: bool,
) -> std::io::Result<()> {
    let line = match crate::json_out::record_line(e) {
        Ok(line) => line,
        Err(problem) => {
            return writeln!(
                err,
                "auditday: {}",
                DamagedEvent::of(e, problem.to_string())
            );
        }
    };
    if as_json {
        writeln!(out, "{line}")
    } else {
        writeln!(
            out,
            "{}  {}  {}  {}  {}",
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            e.id,
            one_line(&e.auditor),
            one_line(&e.kind),
            one_line(e.data.get())
        )
    }
}

fn write_state(
    out: &mut impl Write,
    summary: &AuditSummary,
    report: &LoadReport,
    folder: &Path,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} ({})",
        one_line(&summary.title),
        summary.kind.label()
    )?;
    writeln!(
        out,
        "Record: {} ({} file{}, {} events)",
        one_line(&folder.display().to_string()),
        report.files.len(),
        if report.files.len() == 1 { "" } else { "s" },
        report.events()
    )?;
    for file in &report.files {
        let name = file.path.file_name().unwrap_or_default().to_string_lossy();
        writeln!(
            out,
            "  {}: {} event{}{}",
            one_line(&name),
            file.events,
            if file.events == 1 { "" } else { "s" },
            file.seal()
                .map(|seal| format!(", seal {seal}"))
                .unwrap_or_default()
        )?;
    }
    for damage in report.damage() {
        writeln!(out, "Damaged: {damage}")?;
    }
    for file in &report.files {
        for notice in file.notices() {
            writeln!(out, "Check: {notice}")?;
        }
    }
    let others = LoadReport {
        files: Vec::new(),
        ..report.clone()
    };
    for notice in others.notices() {
        writeln!(out, "Check: {notice}")?;
    }
    for event in &summary.damaged_events {
        writeln!(out, "Damaged: {event}")?;
    }

    let counts = &summary.counts;
    let by_grade: Vec<String> = Grade::ALL
        .iter()
        .filter(|g| **g != Grade::AreaOfConcern || counts.of(**g) > 0)
        .map(|g| format!("{} {}", counts.of(*g), grade_plural(*g, counts.of(*g))))
        .collect();
    write!(out, "\nFindings: {}", by_grade.join(", "))?;
    if counts.withdrawn > 0 {
        write!(out, "; {} withdrawn", counts.withdrawn)?;
    }
    if !summary.findings.is_empty() {
        write!(
            out,
            "{}",
            if summary.numbers_fixed {
                " (numbers fixed; ? marks a provisional one)"
            } else {
                " (numbers provisional until fixed)"
            }
        )?;
    }
    writeln!(out)?;
    for grade in Grade::ALL {
        for f in summary.findings.iter().filter(|f| f.grade == grade) {
            writeln!(out, "  {}", finding_line(f))?;
        }
    }

    let samples = &summary.samples;
    writeln!(out, "\nSamples: {} of {} done", samples.done, samples.total)?;
    for s in &samples.list {
        writeln!(out, "  {}", sample_line(s))?;
    }

    writeln!(out, "\nInterviews: {}", summary.interviews.len())?;
    for i in &summary.interviews {
        let time = match i.ended {
            Some(end) => format!("{}–{}", i.started.format("%H:%M"), end.format("%H:%M")),
            None => format!("{}–…", i.started.format("%H:%M")),
        };
        writeln!(
            out,
            "  {time} UTC  {}{}  ({} note{})",
            one_line(&i.interviewee),
            if i.role.is_empty() {
                String::new()
            } else {
                format!(", {}", one_line(&i.role))
            },
            i.notes,
            if i.notes == 1 { "" } else { "s" }
        )?;
    }

    let rec = &summary.recommendation;
    write!(
        out,
        "\nRecommendation: {}",
        Words::english().recommendation(rec.effective, summary.kind)
    )?;
    match &rec.stated_by {
        Some(by) if rec.overridden => writeln!(
            out,
            " (stated by {}, overriding \"{}\": {})",
            one_line(by),
            Words::english().recommendation(rec.follows, summary.kind),
            one_line(&rec.justification)
        )?,
        Some(by) => writeln!(out, " (stated by {})", one_line(by))?,
        None => writeln!(out, " (follows from the findings; not yet stated)")?,
    }

    if summary.drafts > 0 {
        writeln!(out, "Drafts not yet committed: {}", summary.drafts)?;
    }
    if summary.not_understood > 0 {
        writeln!(
            out,
            "Events this version cannot read (kept unchanged): {}",
            summary.not_understood
        )?;
    }
    Ok(())
}

fn grade_plural(grade: Grade, n: usize) -> String {
    let label = match grade {
        Grade::Major => "major",
        Grade::Minor => "minor",
        Grade::Observation => "observation",
        Grade::Opportunity => "opportunit",
        Grade::Strength => "strength",
        Grade::AreaOfConcern => "area of concern",
    };
    match (grade, n == 1) {
        (Grade::Major | Grade::Minor, _) => label.to_string(),
        (Grade::Opportunity, true) => "opportunity for improvement".into(),
        (Grade::Opportunity, false) => "opportunities for improvement".into(),
        (Grade::AreaOfConcern, false) => "areas of concern".into(),
        (_, true) => label.to_string(),
        (_, false) => format!("{label}s"),
    }
}

fn finding_line(f: &FindingSummary) -> String {
    let mut line = format!(
        "{:<7} {}  [{}]  {}",
        f.number.to_string(),
        f.grade.label(),
        one_line(&f.references.join(", ")),
        one_line(&f.headline)
    );
    if let Some(w) = &f.withdrawn {
        line.push_str(&format!(
            "  (withdrawn by {}: {})",
            one_line(&w.by),
            one_line(&w.reason)
        ));
    }
    line
}

fn sample_line(s: &SampleProgress) -> String {
    let mut line = format!("{:<8} {}", one_line(&s.reference), s.status.label());
    if let SampleStatus::NotAssessed { reason } = &s.status {
        line.push_str(&format!(" ({})", one_line(reason)));
    }
    if !s.planned {
        line.push_str(" [unplanned]");
    }
    line.push_str(&format!("  {} evidence, {} notes", s.evidence, s.notes));
    if !s.findings.is_empty() {
        line.push_str(&format!(", {}", s.findings.join(", ")));
    }
    line
}

/// `auditday record --json`: where the record is, its files and their damage, and the summary.
#[derive(Serialize)]
struct RecordJson<'a> {
    folder: &'a Path,
    files: Vec<FileJson<'a>>,
    /// Everything the auditor must be told about the files, in words.
    notices: Vec<String>,
    #[serde(flatten)]
    summary: &'a AuditSummary,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a Path,
    events: usize,
    /// The SHA-256 of the file's last event line, in hex: its seal.
    seal: Option<String>,
    damage: Option<serde_json::Value>,
    /// Line numbers not applied: dated more than an hour ahead.
    ahead: &'a [usize],
    /// Line numbers not applied: recorded by another auditor than the file's.
    forged: &'a [usize],
    /// Line numbers that do not follow from the line before them.
    breaks: &'a [usize],
}

fn state_json(summary: &AuditSummary, report: &LoadReport, folder: &Path) -> serde_json::Value {
    let files = report
        .files
        .iter()
        .map(|f| FileJson {
            path: &f.path,
            events: f.events,
            seal: f.seal(),
            ahead: &f.ahead,
            forged: &f.forged,
            breaks: &f.breaks,
            damage: f.damage.as_ref().map(|d| {
                json!({
                    "lines": d.lines,
                    "torn_last_line": d.torn_last_line,
                    "moved_to": d.moved_to,
                    "message": d.to_string(),
                })
            }),
        })
        .collect();
    serde_json::to_value(RecordJson {
        folder,
        files,
        notices: report.notices(),
        summary,
    })
    .expect("the summary is plain data and always serializes")
}

/// For the crash and lock tests: opens the record, prints `open`, then appends up to `count`
/// notes, printing each id once the append has returned; with `hold`, keeps the record open
/// until standard input closes.
pub fn append_for_test(
    home: &Home,
    audit: &str,
    auditor: &str,
    count: u64,
    hold: bool,
) -> anyhow::Result<ExitCode> {
    let (mut session, _) = Session::open(OsDisk, home, audit, auditor, Arc::new(|_| {}))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "open")?;
    out.flush()?;
    for i in 0..count {
        let event = Event::NoteWritten(Note {
            sample: Some("A.8.15".into()),
            meeting: None,
            text: format!("note {i}"),
        });
        let envelope = session.record(&event);
        if let Saving::NotSaved { detail, .. } = session.flush() {
            anyhow::bail!("append: {detail}");
        }
        writeln!(out, "{}", envelope.id)?;
        out.flush()?;
    }
    if hold {
        std::io::stdin().lock().lines().for_each(drop);
    }
    Ok(ExitCode::SUCCESS)
}
