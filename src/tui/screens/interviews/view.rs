//! The staff interviews: the list (who, role, when, how long, the controls touched, and
//! contradictions flagged), and one interview: its times, how what was said compares with the
//! records per control, the samples of those controls, and its questions, answers and notes.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::InterviewRow;
use crate::audit::{Interview, Verdict};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::style::Styles;
use crate::tui::view::{cut, fit, row_style, safe, safe_lines, scroll_start, wrapped_height};

/// Draws the Interviews screen: the list, or one interview.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    match &app.open_interview {
        Some(open) => draw_one(frame, app, &open.name, area, styles),
        None => draw_list(frame, app, area, styles),
    }
}

/// "Tue 10:05–10:40 35 min", "Tue 14:00– now 12 min", in local time.
fn when(app: &App, interview: &Interview) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(app.now.offset());
    let start = local(interview.item.created.at);
    let (end, to) = match interview.ended {
        Some(t) => (local(t).format("%H:%M").to_string(), local(t)),
        None => ("now".to_string(), app.now),
    };
    let minutes = (to - start).num_minutes().max(0);
    format!("{}–{end} {minutes} min", start.format("%a %H:%M"))
}

fn draw_list(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let rows = app.interview_rows();
    let held = rows
        .iter()
        .filter(|r| matches!(r, InterviewRow::Held(_)))
        .count();
    let mut lines = vec![Line::styled(
        format!(
            "Interviews: {held} held or under way · {} people planned",
            app.plan.interviewees.len()
        ),
        styles.heading(),
    )];
    let width = usize::from(area.width);
    // Name and role take what the time and controls leave, the role only where there is room.
    let name_width = (width / 4).clamp(14, 24);
    let role_width = if width >= 100 {
        (width / 5).clamp(16, 30)
    } else {
        0
    };
    let interviews: Vec<Interview> = app.audit().interviews().collect();
    let start = scroll_start(app.cursors.interviews, area.height as usize - 1);
    for (i, row) in rows.iter().enumerate().skip(start) {
        let selected = i == app.cursors.interviews;
        let (name, role, rest, warn) = match row {
            InterviewRow::NotYet(name) => {
                let role = app
                    .plan
                    .interviewees
                    .iter()
                    .find(|p| &p.name.value == name)
                    .map(|p| p.role.clone())
                    .unwrap_or_default();
                (name.clone(), role, "not yet".to_string(), String::new())
            }
            InterviewRow::Held(id) => {
                let Some(interview) = interviews.iter().find(|i| i.item.id == *id) else {
                    continue;
                };
                let c = &interview.item.content;
                let controls = app.audit().interview_controls(*id).join(" ");
                let warn = match app.audit().contradictions(*id).len() {
                    0 => String::new(),
                    1 => " ⚠ 1 contradiction".to_string(),
                    n => format!(" ⚠ {n} contradictions"),
                };
                let planned = app
                    .plan
                    .interviewees
                    .iter()
                    .any(|p| p.name.value == c.interviewee);
                let off_plan = if planned { "" } else { "not in plan · " };
                // Who held it, when another auditor did.
                let by = match &*interview.item.created.by {
                    by if by == app.auditor => String::new(),
                    by => format!("by {} · ", by.split_whitespace().next().unwrap_or(by)),
                };
                (
                    c.interviewee.clone(),
                    c.role.clone(),
                    format!("{:<22} {by}{off_plan}{controls}", when(app, interview)),
                    warn,
                )
            }
        };
        let mut text = fit(&safe(&name), name_width);
        if role_width > 0 {
            text.push(' ');
            text.push_str(&fit(&safe(&role), role_width));
        }
        text.push(' ');
        let room = width.saturating_sub(text.chars().count() + warn.chars().count());
        text.push_str(&fit(&safe(&rest), room));
        let base = if warn.is_empty() {
            styles.text()
        } else {
            styles.warn()
        };
        lines.push(Line::from(vec![
            Span::styled(text, row_style(selected, styles, styles.text())),
            Span::styled(warn, row_style(selected, styles, base)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_one(frame: &mut Frame, app: &App, name: &str, area: Rect, styles: &Styles) {
    let key = |action| app.keymap.key(&super::DETAIL, &action);
    let planned = app.plan.interviewees.iter().find(|p| p.name.value == name);
    let shown = app.shown_interview();
    let mut lines = vec![Line::styled(safe(name), styles.heading())];
    let (role, department) = match (&shown, planned) {
        (_, Some(p)) => (p.role.clone(), p.department.clone()),
        (Some(i), None) => (
            i.item.content.role.clone(),
            i.item.content.department.clone(),
        ),
        (None, None) => Default::default(),
    };
    let who: Vec<String> = [role, department]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| safe(&s))
        .collect();
    if !who.is_empty() {
        lines.push(Line::raw(who.join(" — ")));
    }
    let Some(interview) = shown else {
        if let Some(p) = planned {
            for t in &p.topics {
                let title = app.catalogue.get(&t.value).map(|e| e.title.as_str());
                lines.push(Line::styled(
                    format!("topic: {} {}", t.value, safe(title.unwrap_or(""))),
                    styles.dim(),
                ));
            }
        }
        lines.push(Line::styled(
            format!("Not started: {} to start", key(Action::StartInterview)),
            styles.dim(),
        ));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    };
    let id = interview.item.id;
    let all: Vec<_> = app
        .audit()
        .interviews()
        .filter(|i| i.item.content.interviewee == name)
        .map(|i| i.item.id)
        .collect();
    let which = match all.iter().position(|i| *i == id) {
        Some(n) if all.len() > 1 => format!("interview {} of {} · ", n + 1, all.len()),
        _ => String::new(),
    };
    lines.push(Line::from(vec![
        Span::raw(format!("{which}{}", when(app, &interview))),
        Span::styled(
            match interview.ended {
                Some(_) => format!("   {} to interview again", key(Action::StartInterview)),
                None => format!("   in progress: {} to end", key(Action::EndInterview)),
            },
            styles.dim(),
        ),
    ]));
    lines.extend(controls(app, id, area.width, styles));
    lines.extend(latest_notes(app, id, area, &lines, styles));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The controls the interview touched, one line each, cut to the width: how what was said
/// compares with the records (and with which evidence), how the control's sample stands, then
/// its title.
fn controls(app: &App, interview: ulid::Ulid, width: u16, styles: &Styles) -> Vec<Line<'static>> {
    let verdicts: Vec<_> = app.audit().corroborations(interview).collect();
    app.audit()
        .interview_controls(interview)
        .into_iter()
        .map(|control| {
            let held = verdicts.iter().find(|c| c.control == control);
            let verdict = held.map_or(Verdict::NotChecked, |c| c.verdict);
            let mut parts = vec![format!("{control} {}", verdict.label())];
            let evidence: Vec<String> = held
                .iter()
                .flat_map(|c| &c.evidence)
                .filter_map(|e| app.evidence_item(*e))
                .map(|e| safe(crate::tui::forms::first_line(&e.seen)))
                .collect();
            if !evidence.is_empty() {
                parts.push(format!("vs {}", evidence.join(", ")));
            }
            if let Some(s) = app.samples().iter().find(|s| s.reference == control) {
                parts.push(format!("sample {}", s.status.label()));
            }
            if let Some(entry) = app.catalogue.get(&control) {
                parts.push(safe(&entry.title));
            }
            let style = match verdict {
                Verdict::Contradicts => styles.warn(),
                Verdict::Matches => styles.text(),
                Verdict::NotChecked => styles.dim(),
            };
            Line::styled(cut(&parts.join(" · "), usize::from(width)), style)
        })
        .collect()
}

/// The interview's notes that fit below `above`, oldest of them first: the selected one (the
/// latest unless the auditor moved up), marked, then as many after it as fit, then before it:
/// the end of the conversation is what the auditor is writing next to.
fn latest_notes(
    app: &App,
    interview: ulid::Ulid,
    area: Rect,
    above: &[Line],
    styles: &Styles,
) -> Vec<Line<'static>> {
    let mut room = area
        .height
        .saturating_sub(wrapped_height(above, area.width));
    let notes: Vec<_> = app.audit().interview_notes(interview).collect();
    let selected = app
        .cursors
        .interview_note
        .min(notes.len().saturating_sub(1));
    let block = |i: usize| {
        let note = &notes[i].content;
        let label = match note.question.as_str() {
            "" => "note:".to_string(),
            q => format!("Q: {}", safe(q)),
        };
        let label = if i == selected {
            Line::styled(format!("▶ {label}"), row_style(true, styles, styles.dim()))
        } else {
            Line::styled(label, styles.dim())
        };
        let mut block = vec![label];
        block.extend(match note.question.as_str() {
            "" => safe_lines(&note.text),
            _ => safe_lines(&format!("A: {}", note.text)),
        });
        if !note.topics.is_empty() {
            block.push(Line::styled(
                format!("  [{}]", note.topics.join(", ")),
                styles.dim(),
            ));
        }
        block
    };
    let mut shown: Vec<(usize, Vec<Line<'static>>)> = Vec::new();
    for run in [
        (selected..notes.len()).collect::<Vec<_>>(),
        (0..selected).rev().collect(),
    ] {
        for i in run {
            let lines = block(i);
            let height = wrapped_height(&lines, area.width);
            if height > room {
                break;
            }
            room -= height;
            shown.push((i, lines));
        }
    }
    shown.sort_by_key(|(i, _)| *i);
    shown.into_iter().flat_map(|(_, lines)| lines).collect()
}
