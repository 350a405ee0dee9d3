//! `auditday record`: what an audit's record holds, as the closing meeting needs it, or its
//! event log; and the hidden `record-append` the crash and lock tests drive.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;

use crate::audit::{AuditState, Event, Grade, Note, NumberedFinding, SampleProgress};
use crate::catalogue::Catalogue;
use crate::plan::{self, Plan};
use crate::record::{self, Envelope, LoadReport, Store};
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
    let plan = plan::load(plan_path, extra)?;
    let data_dir = record::data_dir(data_dir)?;
    let audit = &plan.audit.id.value;
    let folder = record::audit_folder(&data_dir, audit)?;
    let mut out = std::io::stdout().lock();
    match output {
        Output::Text | Output::Json => {
            let (state, report) = record::read_audit_folding(
                &data_dir,
                audit,
                |s: &mut AuditState, e| s.apply(&e),
                AuditState::merge,
            )?;
            if output == Output::Json {
                writeln!(out, "{}", state_json(&plan, &state, &report, &folder))?;
            } else {
                write_state(&mut out, &plan, &state, &report, &folder)?;
            }
        }
        Output::Events | Output::EventsJson => {
            let mut events = Vec::new();
            let report = record::read_audit(&data_dir, audit, |e| events.push(e))?;
            events.sort_by_key(|e| e.id);
            events.dedup_by_key(|e| e.id);
            for event in &events {
                write_event(&mut out, event, output == Output::EventsJson)?;
            }
            for damage in report.damage() {
                eprintln!("auditday: {damage}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_event(out: &mut impl Write, e: &Envelope, as_json: bool) -> std::io::Result<()> {
    if as_json {
        let line = record::encode_line(e);
        out.write_all(&line)
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
    plan: &Plan,
    state: &AuditState,
    report: &LoadReport,
    folder: &Path,
) -> std::io::Result<()> {
    let kind = plan.audit.kind.value;
    writeln!(out, "{} ({})", one_line(&plan.audit.title), kind.label())?;
    writeln!(
        out,
        "Record: {} ({} file{}, {} events)",
        one_line(&folder.display().to_string()),
        report.files.len(),
        if report.files.len() == 1 { "" } else { "s" },
        report.events()
    )?;
    for damage in report.damage() {
        writeln!(out, "Damaged: {damage}")?;
    }

    let findings = state.findings();
    let counts = state.finding_counts();
    let by_grade: Vec<String> = Grade::ALL
        .iter()
        .map(|g| format!("{} {}", counts.of(*g), grade_plural(*g, counts.of(*g))))
        .collect();
    write!(out, "\nFindings: {}", by_grade.join(", "))?;
    if counts.withdrawn > 0 {
        write!(out, "; {} withdrawn", counts.withdrawn)?;
    }
    writeln!(out)?;
    for grade in Grade::ALL {
        for f in findings.iter().filter(|f| f.grade() == grade) {
            writeln!(out, "  {}", finding_line(f))?;
        }
    }

    let samples = state.samples(plan);
    let done = samples.iter().filter(|s| s.status.is_done()).count();
    writeln!(out, "\nSamples: {done} of {} done", samples.len())?;
    for s in &samples {
        writeln!(out, "  {}", sample_line(s))?;
    }

    let interviews: Vec<_> = state.interviews().collect();
    writeln!(out, "\nInterviews: {}", interviews.len())?;
    for i in &interviews {
        let who = &i.item.content;
        let notes = state.interview_notes(i.item.id).count();
        let time = match i.ended {
            Some(end) => format!(
                "{}–{}",
                i.item.created.at.format("%H:%M"),
                end.format("%H:%M")
            ),
            None => format!("{}–…", i.item.created.at.format("%H:%M")),
        };
        writeln!(
            out,
            "  {time} UTC  {}{}  ({notes} note{})",
            one_line(&who.interviewee),
            if who.role.is_empty() {
                String::new()
            } else {
                format!(", {}", one_line(&who.role))
            },
            if notes == 1 { "" } else { "s" }
        )?;
    }

    let rec = state.recommendation(kind);
    write!(out, "\nRecommendation: {}", rec.effective().label())?;
    match rec.stated {
        Some((origin, set)) if rec.overridden() => writeln!(
            out,
            " (stated by {}, overriding \"{}\": {})",
            one_line(&origin.by),
            rec.derived.label(),
            one_line(&set.justification)
        )?,
        Some((origin, _)) => writeln!(out, " (stated by {})", one_line(&origin.by))?,
        None => writeln!(out, " (follows from the findings; not yet stated)")?,
    }

    let drafts = state.drafts().count();
    if drafts > 0 {
        writeln!(out, "Drafts not yet committed: {drafts}")?;
    }
    let unknown = state.not_understood().len();
    if unknown > 0 {
        writeln!(
            out,
            "Events this version cannot read (kept unchanged): {unknown}"
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
    };
    match (grade, n == 1) {
        (Grade::Major | Grade::Minor, _) => label.to_string(),
        (Grade::Opportunity, true) => "opportunity for improvement".into(),
        (Grade::Opportunity, false) => "opportunities for improvement".into(),
        (_, true) => label.to_string(),
        (_, false) => format!("{label}s"),
    }
}

fn finding_line(f: &NumberedFinding) -> String {
    let c = f.item.content;
    let mut line = format!(
        "{:<7} {}  [{}]  {}",
        f.number,
        f.grade().label(),
        one_line(&c.references.join(", ")),
        one_line(&c.statement)
    );
    if let Some((origin, reason)) = f.withdrawn {
        line.push_str(&format!(
            "  (withdrawn by {}: {})",
            one_line(&origin.by),
            one_line(reason)
        ));
    }
    line
}

fn sample_line(s: &SampleProgress) -> String {
    let mut line = format!("{:<8} {}", one_line(&s.reference), s.status.label());
    if let crate::audit::SampleStatus::NotAssessed { reason } = &s.status {
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

fn state_json(
    plan: &Plan,
    state: &AuditState,
    report: &LoadReport,
    folder: &Path,
) -> serde_json::Value {
    let kind = plan.audit.kind.value;
    let samples = state.samples(plan);
    let rec = state.recommendation(kind);
    json!({
        "audit": plan.audit.id.value,
        "kind": kind,
        "folder": folder,
        "files": report.files.iter().map(|f| json!({
            "path": f.path,
            "events": f.events,
            "damage": f.damage.as_ref().map(|d| json!({
                "lines": d.lines,
                "torn_last_line": d.torn_last_line,
                "moved_to": d.moved_to,
                "message": d.to_string(),
            })),
        })).collect::<Vec<_>>(),
        "findings": state.findings().iter().map(|f| {
            let c = f.item.content;
            json!({
                "id": f.item.id.to_string(),
                "number": f.number,
                "grade": c.grade,
                "sample": c.sample,
                "references": c.references,
                "requirement": c.requirement,
                "statement": c.statement,
                "objective_evidence": c.objective_evidence,
                "raised_by": &*f.item.created.by,
                "raised_at": f.item.created.at,
                "withdrawn": f.withdrawn.map(|(o, reason)| json!({
                    "by": &*o.by, "at": o.at, "reason": reason,
                })),
            })
        }).collect::<Vec<_>>(),
        "counts": state.finding_counts(),
        "samples_done": samples.iter().filter(|s| s.status.is_done()).count(),
        "samples_total": samples.len(),
        "samples": samples,
        "interviews": state.interviews().map(|i| json!({
            "id": i.item.id.to_string(),
            "interviewee": i.item.content.interviewee,
            "role": i.item.content.role,
            "started": i.item.created.at,
            "ended": i.ended,
            "notes": state.interview_notes(i.item.id).count(),
        })).collect::<Vec<_>>(),
        "recommendation": {
            "derived": rec.derived,
            "effective": rec.effective(),
            "overridden": rec.overridden(),
            "stated_by": rec.stated.map(|(o, _)| &*o.by),
            "justification": rec.stated.map(|(_, s)| &s.justification),
        },
        "drafts": state.drafts().count(),
        "not_understood": state.not_understood().len(),
    })
}

/// For the crash and lock tests: opens the record, prints `open`, then appends up to `count`
/// notes, printing each id once the append has returned; with `hold`, keeps the record open
/// until standard input closes.
pub fn append_for_test(
    data_dir: &Path,
    audit: &str,
    auditor: &str,
    count: u64,
    hold: bool,
) -> anyhow::Result<ExitCode> {
    let (mut store, _) = Store::open(data_dir, audit, auditor, |_| {})?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "open")?;
    out.flush()?;
    for i in 0..count {
        let event = Event::NoteWritten(Note {
            sample: Some("A.8.15".into()),
            meeting: None,
            text: format!("note {i}"),
        });
        let envelope = event.stamp(&mut store);
        store.append(&envelope).context("append")?;
        writeln!(out, "{}", envelope.id)?;
        out.flush()?;
    }
    if hold {
        std::io::stdin().lock().lines().for_each(drop);
    }
    Ok(ExitCode::SUCCESS)
}
