//! The documents the auditee receives before the audit as Word documents: the same content
//! as their HTML templates, in the same order, written with the built-in report's writer (so
//! with Word's built-in styles, and the words of the language file).

use super::ReportError;
use super::docx::{Writer, audit_section, run};
use super::plan_docs::{AuditeePlan, EvidenceRequests, When};
use super::render::{Shape, when as formatted};
use super::words::Words;

/// The auditee's copy of the plan as a Word document.
pub(super) fn auditee_plan(plan: &AuditeePlan, words: &Words) -> Result<Vec<u8>, ReportError> {
    let mut w = Writer::new(words);
    w.styled("Title", vec![run(w.word("plan", "auditee_plan"))]);
    w.styled("Subtitle", vec![run(&plan.audit.title)]);
    w.para(vec![run(w.word("plan", "plan_intro"))]);
    audit_section(&mut w, (&plan.audit).into());
    w.heading(1, w.word("heading", "team"));
    for m in &plan.team {
        w.bullet(vec![run(&format!(
            "{}, {}",
            m.name,
            w.word("role", &m.role)
        ))]);
    }
    w.heading(1, w.word("plan", "timetable"));
    for day in &plan.days {
        let title = format!(
            "{} {}: {}",
            w.word("plan", "day"),
            day.number,
            formatted(&day.date, w.words, Shape::Date)
        );
        w.heading(2, &title);
        let mut rows = vec![
            ["time", "slot", "auditor", "needed"]
                .iter()
                .map(|k| vec![run(w.word("plan", k))])
                .collect::<Vec<_>>(),
        ];
        for slot in &day.slots {
            let needed: Vec<String> = (slot.needed.iter())
                .map(|p| {
                    if p.role.is_empty() {
                        p.name.clone()
                    } else {
                        format!("{} ({})", p.name, p.role)
                    }
                })
                .collect();
            let needed = if needed.is_empty() {
                w.word("plan", "nobody").to_owned()
            } else {
                needed.join("\n")
            };
            rows.push(vec![
                vec![run(&format!("{}–{}", slot.when.start, slot.when.end))],
                vec![run(&slot.title)],
                vec![run(slot
                    .auditor
                    .as_deref()
                    .unwrap_or(w.word("plan", "whole_team")))],
                vec![run(&needed)],
            ]);
        }
        w.table(rows, true);
    }
    w.heading(1, w.word("plan", "meetings"));
    for m in &plan.meetings {
        w.heading(2, w.word("meeting", &m.kind));
        let text = format!("{}: {}", w.word("plan", "planned"), slots(&w, &m.slots));
        w.para(vec![run(&text)]);
        for item in &m.agenda {
            w.bullet(vec![run(item)]);
        }
    }
    w.para(vec![run(w.word("text", "printed_for_plan"))]);
    w.finish()
}

/// The evidence requests as a Word document: one section an owner, one heading a sample.
pub(super) fn evidence_requests(
    requests: &EvidenceRequests,
    words: &Words,
) -> Result<Vec<u8>, ReportError> {
    let mut w = Writer::new(words);
    let audit = &requests.audit;
    w.styled("Title", vec![run(w.word("plan", "evidence_requests"))]);
    w.styled("Subtitle", vec![run(&audit.title)]);
    let line = format!(
        "{}: {} · {}: {}",
        w.word("heading", "client"),
        audit.client,
        w.word("heading", "dates"),
        audit.dates
    );
    w.para(vec![run(&line)]);
    w.para(vec![run(w.word("plan", "requests_intro"))]);
    for group in &requests.groups {
        let owner = group.owner.as_deref().unwrap_or(w.word("plan", "no_owner"));
        w.heading(1, owner);
        for sample in &group.samples {
            let title = if sample.title.is_empty() {
                sample.reference.clone()
            } else {
                format!("{} {}", sample.reference, sample.title)
            };
            w.heading(2, &title);
            w.para(vec![
                run(&format!("{}: ", w.word("plan", "when"))).bold(),
                run(&slots(&w, &sample.slots)),
            ]);
            if sample.evidence.is_empty() {
                w.bullet(vec![run(w.word("plan", "nothing_listed"))]);
            }
            for item in &sample.evidence {
                w.bullet(vec![run(item)]);
            }
        }
    }
    w.para(vec![run(w.word("text", "printed_for_plan"))]);
    w.finish()
}

/// When something is on the timetable: `Day 1, 24 Nov 2026 09:30–10:30; …`, or that it is
/// not scheduled yet.
fn slots(w: &Writer, slots: &[When]) -> String {
    if slots.is_empty() {
        return w.word("plan", "not_scheduled").to_owned();
    }
    let each: Vec<String> = (slots.iter())
        .map(|s| {
            format!(
                "{} {}, {} {}–{}",
                w.word("plan", "day"),
                s.day,
                formatted(&s.date, w.words, Shape::Date),
                s.start,
                s.end
            )
        })
        .collect();
    each.join("; ")
}
