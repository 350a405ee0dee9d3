//! The opening and closing meetings: the agenda checklist, when the meeting started and ended,
//! who attended, notes; for the closing meeting also the findings to present and the
//! recommendation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::update::MeetingRow;
use crate::audit::Meeting;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::first_line;
use crate::tui::style::Styles;
use crate::tui::view::{cut, row_style, safe, scroll_start, wrapped_height};

/// Draws a meeting screen.
pub(super) fn draw(frame: &mut Frame, app: &App, meeting: Meeting, area: Rect, styles: &Styles) {
    let times = app.audit().meeting(meeting);
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| {
            t.with_timezone(app.now.offset())
                .format("%H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "—".into())
    };
    let name = match meeting {
        Meeting::Opening => "Opening meeting",
        Meeting::Closing => "Closing meeting",
    };
    let mut head = vec![Line::from(vec![
        Span::styled(name, styles.heading()),
        Span::styled(
            format!(
                "   started {}   ended {}",
                time(times.started),
                time(times.ended)
            ),
            styles.dim(),
        ),
    ])];
    match meeting {
        Meeting::Opening => head.extend(opening_brief(app, styles, area)),
        Meeting::Closing => head.extend(closing_summary(app, styles)),
    }
    let head_height = (wrapped_height(&head, area.width) + 1).min(area.height / 2);
    let [top, list] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(head)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::BOTTOM)),
        top,
    );
    let rows = app.meeting_rows(meeting);
    let cursor = match meeting {
        Meeting::Opening => app.cursors.opening,
        Meeting::Closing => app.cursors.closing,
    };
    let height = list.height as usize;
    let start = scroll_start(cursor, height);
    let attendees: Vec<_> = app.audit().attendees(meeting).collect();
    let notes: Vec<_> = app.audit().notes().collect();
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, row)| {
            let text = match row {
                MeetingRow::Item(item) => {
                    let mark = if app.audit().checked(meeting, item) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    format!("{mark} {}", safe(item))
                }
                MeetingRow::Attendee(id) => attendees
                    .iter()
                    .find(|a| a.id == *id)
                    .map(|a| {
                        let c = a.content;
                        let mut text = format!("  attendee: {}", safe(&c.name));
                        for part in [&c.role, &c.organisation] {
                            if !part.is_empty() {
                                text.push_str(&format!(", {}", safe(part)));
                            }
                        }
                        text
                    })
                    .unwrap_or_default(),
                MeetingRow::Note(id) => notes
                    .iter()
                    .find(|n| n.id == *id)
                    .map(|n| format!("  note: {}", safe(first_line(&n.content.text))))
                    .unwrap_or_default(),
            };
            let mark = match row {
                MeetingRow::Attendee(id) | MeetingRow::Note(id) => app.unsaved_mark(*id),
                MeetingRow::Item(_) => "",
            };
            Line::styled(
                format!("{text}{mark}"),
                row_style(i == cursor, styles, styles.text()),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// What the opening meeting confirms with the auditee, from the plan: the objectives, the
/// scope, the criteria and the sites, how nonconformities must be corrected (the plan's
/// windows), and for a Stage 1 the documents to be reviewed. Whole when it takes at most a
/// third of the screen, else one line each, cut with an ellipsis, so the checklist keeps room.
fn opening_brief(app: &App, styles: &Styles, area: Rect) -> Vec<Line<'static>> {
    let audit = &app.plan.audit;
    let mut parts: Vec<(&str, String)> = vec![
        ("Objectives", audit.objectives.join("; ")),
        ("Scope", audit.scope.clone()),
        ("Criteria", audit.criteria.clone()),
        ("Sites", audit.sites.join(" · ")),
        (
            "Corrective action",
            format!(
                "major nonconformities within {} days, minor within {} days of the closing meeting",
                audit.major_nc_days, audit.minor_nc_days
            ),
        ),
    ];
    if audit.kind.value == crate::plan::AuditKind::Stage1 {
        let titles: Vec<&str> = app
            .plan
            .documents
            .iter()
            .map(|d| d.title.as_str())
            .collect();
        parts.push((
            "Documents to review",
            format!("{}: {}", titles.len(), titles.join("; ")),
        ));
    }
    parts.retain(|(_, text)| !text.trim().is_empty());
    let line = |label: &str, text: String| {
        Line::from(vec![
            Span::styled(format!("{label}: "), styles.dim()),
            Span::raw(text),
        ])
    };
    let whole: Vec<Line> = parts.iter().map(|(l, t)| line(l, safe(t))).collect();
    if wrapped_height(&whole, area.width) <= area.height / 3 {
        return whole;
    }
    parts
        .iter()
        .map(|(label, text)| {
            let room = (area.width as usize).saturating_sub(label.chars().count() + 2);
            line(label, cut(&safe(text), room))
        })
        .collect()
}

/// The findings to present and the recommendation, at the top of the closing meeting.
fn closing_summary(app: &App, styles: &Styles) -> Vec<Line<'static>> {
    let counts = app.counts();
    let view = app.audit().recommendation(app.plan.audit.kind.value);
    let mut lines = vec![Line::raw(format!(
        "Findings: {} major NC · {} minor NC · {} obs · {} OFI · {} strength",
        counts.major, counts.minor, counts.observation, counts.opportunity, counts.strength
    ))];
    if !app.findings().is_empty() {
        lines.push(Line::raw(
            if app.findings().iter().all(|f| f.number.fixed) {
                "Finding numbers fixed"
            } else {
                "Numbers provisional (marked ?) until the meeting starts"
            },
        ));
    }
    let (label, style) = match view.stated {
        Some(_) if view.overridden() => (
            "stated, differs from the findings".to_string(),
            styles.warn(),
        ),
        Some(_) => ("stated".to_string(), styles.ok()),
        None => (
            format!(
                "follows from the findings; {} to state it",
                app.keymap.key(&super::CLOSING_KEYS, &Action::Recommend)
            ),
            styles.dim(),
        ),
    };
    lines.push(Line::from(vec![
        Span::raw(format!("Recommendation: {} ", view.effective().label())),
        Span::styled(format!("({label})"), style),
    ]));
    let opinions = app.audit().diverging_opinions().count();
    if opinions > 0 {
        lines.push(Line::raw(format!(
            "Diverging opinions recorded: {opinions}"
        )));
    }
    for (file, seal) in &app.seals {
        lines.push(Line::from(vec![
            Span::styled("Seal ", styles.dim()),
            Span::raw(format!("{} {}…", safe(file), &seal[..seal.len().min(16)])),
        ]));
    }
    lines
}
