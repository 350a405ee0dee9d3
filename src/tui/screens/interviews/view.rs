//! The staff interviews: who is to be interviewed on what, and for one person when the
//! interview started and ended and what was said.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::style::Styles;
use crate::tui::view::{row_style, safe, safe_lines, scroll_start, wrapped_height};

/// Draws the Interviews screen: the list, or one interview.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    match &app.open_interview {
        Some(name) => draw_one(frame, app, name, area, styles),
        None => draw_list(frame, app, area, styles),
    }
}

fn draw_list(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let names = app.interview_names();
    let mut lines = vec![Line::styled(
        format!("Interviews ({})", names.len()),
        styles.heading(),
    )];
    let start = scroll_start(app.cursors.interviews, area.height as usize - 1);
    for (i, name) in names.iter().enumerate().skip(start) {
        let planned = app.plan.interviewees.iter().find(|p| &p.name.value == name);
        let state = match app.interview_of(name) {
            Some(i) if i.ended.is_some() => "held",
            Some(_) => "in progress",
            None => "not yet",
        };
        let who = planned
            .map(|p| format!("{} — {}", safe(&p.role), safe(&p.department)))
            .unwrap_or_else(|| "(not in the plan)".into());
        lines.push(Line::styled(
            format!("{:<24} {:<12} {}", safe(name), state, who),
            row_style(i == app.cursors.interviews, styles, styles.text()),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_one(frame: &mut Frame, app: &App, name: &str, area: Rect, styles: &Styles) {
    let key = |action| app.keymap.key(&super::DETAIL, &action);
    let planned = app.plan.interviewees.iter().find(|p| p.name.value == name);
    let mut lines = vec![Line::styled(safe(name), styles.heading())];
    if let Some(p) = planned {
        lines.push(Line::raw(format!(
            "{} — {}",
            safe(&p.role),
            safe(&p.department)
        )));
        for t in &p.topics {
            let title = app
                .catalogue
                .get(&t.value)
                .map(|e| e.title.as_str())
                .unwrap_or("");
            lines.push(Line::styled(
                format!("topic: {} {}", t.value, safe(title)),
                styles.dim(),
            ));
        }
    }
    match app.interview_of(name) {
        None => lines.push(Line::styled(
            format!("Not started: {} to start", key(Action::StartInterview)),
            styles.dim(),
        )),
        Some(interview) => {
            let local = |t: chrono::DateTime<chrono::Utc>| {
                t.with_timezone(app.now.offset())
                    .format("%H:%M")
                    .to_string()
            };
            lines.push(Line::from(vec![
                Span::raw(format!("started {}", local(interview.item.created.at))),
                Span::raw(match interview.ended {
                    Some(t) => format!("   ended {}", local(t)),
                    None => format!("   in progress: {} to end", key(Action::EndInterview)),
                }),
            ]));
            lines.extend(latest_notes(app, interview.item.id, area, &lines, styles));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
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
        let label = if i == selected {
            Line::styled("▶ note:", row_style(true, styles, styles.dim()))
        } else {
            Line::styled("note:", styles.dim())
        };
        let mut block = vec![label];
        block.extend(safe_lines(&notes[i].content.text));
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
