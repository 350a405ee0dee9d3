//! The opening and closing meetings: the agenda checklist, when the meeting started and ended,
//! who attended, notes; for the closing meeting also the findings in number order and the
//! recommendation, and the presentation of one finding at a time.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::MeetingRow;
use super::Presentation;
use crate::audit::{Grade, Meeting, Response, closing_date, corrective_action};
use crate::report::Words;
use crate::tui::action::Action;
use crate::tui::app::{App, FindingRow};
use crate::tui::forms::first_line;
use crate::tui::style::Styles;
use crate::tui::view::{
    FindingColumns, FindingLines, cut, finding_lines, row_style, safe, safe_lines, scroll_start_by,
    wrapped_height,
};

/// Draws a meeting screen.
pub(super) fn draw(frame: &mut Frame, app: &App, meeting: Meeting, area: Rect, styles: &Styles) {
    if meeting == Meeting::Closing
        && let Some(shown) = app.presenting
    {
        present(frame, app, shown, area, styles);
        return;
    }
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
    let findings: std::collections::HashMap<ulid::Ulid, &FindingRow> =
        app.findings().iter().map(|f| (f.id, f)).collect();
    let finding = |id: &ulid::Ulid| findings.get(id).copied();
    let heights: Vec<usize> = rows
        .iter()
        .map(|row| match row {
            MeetingRow::Finding(id) => finding(id).map_or(1, FindingLines::height),
            _ => 1,
        })
        .collect();
    let height = list.height as usize;
    let start = scroll_start_by(&heights, cursor, height);
    let attendees: Vec<_> = app.audit().attendees(meeting).collect();
    let notes: Vec<_> = app.audit().notes().collect();
    let shown: Vec<&MeetingRow> = rows.iter().skip(start).take(height).collect();
    let listed: Vec<&FindingRow> = shown
        .iter()
        .filter_map(|row| match row {
            MeetingRow::Finding(id) => finding(id),
            _ => None,
        })
        .collect();
    let all: Vec<&FindingRow> = rows
        .iter()
        .filter_map(|row| match row {
            MeetingRow::Finding(id) => finding(id),
            _ => None,
        })
        .collect();
    let columns = FindingColumns::of(&all, app.findings(), usize::from(list.width));
    let mut drawn = finding_lines(&listed, columns, |_| "").into_iter();
    let mut lines: Vec<Line> = Vec::new();
    for (i, row) in shown.iter().enumerate() {
        let style = |base| row_style(start + i == cursor, styles, base);
        let text = match row {
            MeetingRow::Finding(id) => {
                // `drawn` holds a line for each finding row found, in order.
                let (Some(_), Some(drawn)) = (finding(id), drawn.next()) else {
                    continue;
                };
                let base = if drawn.lacks.is_some() {
                    styles.alarm()
                } else {
                    styles.text()
                };
                lines.push(Line::styled(drawn.row, style(base)));
                if let Some(lacks) = drawn.lacks {
                    lines.push(Line::styled(lacks, style(styles.alarm())));
                }
                continue;
            }
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
            MeetingRow::Item(_) | MeetingRow::Finding(_) => "",
        };
        lines.push(Line::styled(format!("{text}{mark}"), style(styles.text())));
    }
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
    let view = app.audit().recommendation_on(&app.plan);
    let incomplete = app
        .findings()
        .iter()
        .filter(|f| f.is_open() && f.content.incomplete().is_some())
        .count();
    let mut findings = vec![Span::raw(format!(
        "Findings: {} major NC · {} minor NC · {} obs · {} OFI · {} strength",
        counts.major, counts.minor, counts.observation, counts.opportunity, counts.strength
    ))];
    if incomplete > 0 {
        findings.push(Span::styled(
            format!(" · {incomplete} incomplete, listed first"),
            styles.alarm(),
        ));
    }
    let mut lines = vec![Line::from(findings)];
    if let Some(from) = app.merging {
        let key = app.keymap.key(&super::CLOSING_KEYS, &Action::MergeFindings);
        lines.push(Line::styled(
            format!(
                "Merge {} into: {key} on it, Esc cancels",
                app.finding_number(from)
            ),
            styles.warn(),
        ));
    }
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
        Span::raw(format!(
            "Recommendation: {} ",
            Words::english().recommendation(view.effective(), view.kind)
        )),
        Span::styled(format!("({label})"), style),
    ]));
    lines.push(overview_line(app));
    let areas = app.audit().areas_of_concern();
    if view.kind == crate::plan::AuditKind::Stage1 && !areas.is_empty() {
        lines.push(Line::raw(format!(
            "Areas of concern: {}",
            safe(&areas.join(", "))
        )));
    }
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

/// The day in one line: samples done of planned by theme, the planned people interviewed and
/// the interviews held (a person seen twice is one person, two interviews), time left on
/// today's agenda.
fn overview_line(app: &App) -> Line<'static> {
    let overview = app.audit().overview(
        &app.plan,
        app.samples(),
        |reference| app.catalogue.get(reference).and_then(|e| e.theme.clone()),
        app.now.naive_local(),
    );
    let themes: Vec<String> = overview
        .themes
        .iter()
        .map(|t| format!("{} {}/{}", safe(&t.theme), t.done, t.total))
        .collect();
    let left = match overview.minutes_left {
        Some(m) if m >= 60 => format!("{} h {:02} min left", m / 60, m % 60),
        Some(m) => format!("{m} min left"),
        None => "today's agenda is over".into(),
    };
    let repeats = match overview.interviews_held {
        held if held != overview.people_seen => format!(" ({held} interviews)"),
        _ => String::new(),
    };
    Line::raw(format!(
        "Day: samples {} · interviewed {}/{}{repeats} · {left}",
        themes.join(", "),
        overview.people_seen,
        overview.interviews_planned,
    ))
}

/// The page of one presented finding, as logical lines (wrapped when drawn): number and
/// grade, references with their catalogue titles, requirement, statement, objective evidence,
/// the evidence items it links, for a nonconformity when corrective action is due, and the
/// auditee's response (accepted, or a diverging opinion in their words).
pub(super) fn page(app: &App, f: &FindingRow, styles: &Styles) -> Vec<Line<'static>> {
    let c = &f.content;
    let findings = app.presented_findings();
    let at = findings
        .iter()
        .position(|p| p.id == f.id)
        .map_or(0, |i| i + 1);
    let grade_style = match f.grade() {
        Grade::Major => styles.alarm(),
        Grade::Minor | Grade::Observation | Grade::AreaOfConcern => styles.warn(),
        Grade::Opportunity | Grade::Strength => styles.ok(),
    };
    let mut label = f.grade().label().to_string();
    label[..1].make_ascii_uppercase();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(f.number.to_string(), styles.heading()),
            Span::raw("   "),
            Span::styled(label, grade_style),
            Span::styled(format!("   {at} of {}", findings.len()), styles.dim()),
        ]),
        Line::raw(""),
    ];
    if let Some(lacks) = c.incomplete() {
        lines.insert(1, Line::styled(lacks, styles.alarm()));
    }
    for reference in &c.references {
        let title = app
            .catalogue
            .get(reference)
            .map_or("", |e| e.title.as_str());
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", safe(reference)), styles.heading()),
            Span::raw(safe(title)),
        ]));
    }
    let section = |lines: &mut Vec<Line<'static>>, name: &str, text: &str| {
        lines.push(Line::raw(""));
        lines.push(Line::styled(name.to_string(), styles.dim()));
        if text.trim().is_empty() {
            lines.push(Line::styled("not recorded", styles.alarm()));
        } else {
            lines.extend(safe_lines(text));
        }
    };
    if matches!(f.grade(), Grade::Major | Grade::Minor) || !c.requirement.trim().is_empty() {
        section(&mut lines, "Requirement", &c.requirement);
    }
    section(&mut lines, "Finding", &c.statement);
    section(&mut lines, "Objective evidence", &c.objective_evidence);
    if !c.evidence.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Evidence items", styles.dim()));
        for id in &c.evidence {
            lines.push(match app.evidence_item(*id) {
                Some(e) => {
                    let mut text = format!("• {}", safe(&e.seen));
                    for (name, part) in [
                        ("", &e.identifier),
                        ("version ", &e.version),
                        ("dated ", &e.date),
                        ("sample ", &e.sample_size),
                    ] {
                        if !part.trim().is_empty() {
                            text.push_str(&format!(" · {name}{}", safe(part)));
                        }
                    }
                    Line::raw(text)
                }
                None => Line::styled("• an evidence item since removed", styles.dim()),
            });
        }
    }
    let closing = app.audit().meeting(Meeting::Closing).started;
    let date = closing_date(&app.plan, closing, *app.now.offset());
    if let Some(due) = corrective_action(f.grade(), date, &app.plan.audit) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(due.to_string(), styles.heading()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Auditee's response", styles.dim()));
    let responses = app.audit().responses(f.id);
    if responses.is_empty() {
        let key = |action| app.keymap.key(&super::PRESENT_KEYS, action);
        lines.push(Line::styled(
            format!(
                "not recorded yet: {} accepted, {} diverging opinion",
                key(&Action::Accept),
                key(&Action::DivergingOpinion)
            ),
            styles.dim(),
        ));
    }
    for (origin, response) in responses {
        let when = origin.at.with_timezone(app.now.offset()).format("%H:%M");
        match response {
            Response::Accepted => lines.push(Line::from(vec![
                Span::styled("Accepted", styles.ok()),
                Span::styled(format!(" (recorded {when})"), styles.dim()),
            ])),
            Response::Diverging(d) => {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("Diverging opinion of {}", safe(&d.held_by)),
                        styles.warn(),
                    ),
                    Span::styled(format!(" (recorded {when})"), styles.dim()),
                ]));
                lines.extend(safe_lines(&d.text));
            }
        }
    }
    lines
}

/// The presentation: one finding, in a calm column in the middle of the whole area.
fn present(frame: &mut Frame, app: &App, shown: Presentation, area: Rect, styles: &Styles) {
    let findings = app.presented_findings();
    let Some(f) = findings
        .iter()
        .find(|f| f.id == shown.finding)
        .or(findings.first())
    else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No finding stands: there is nothing to present.",
                styles.dim(),
            )),
            area,
        );
        return;
    };
    let width = area.width.saturating_sub(4).min(100);
    let inner = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1.min(area.height),
        width,
        height: area.height.saturating_sub(1),
    };
    let lines = page(app, f, styles);
    let rest: Vec<Line> = lines.into_iter().skip(shown.scroll.into()).collect();
    let more = wrapped_height(&rest, inner.width) > inner.height;
    let [text, foot] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(u16::from(more))]).areas(inner);
    frame.render_widget(Paragraph::new(rest).wrap(Wrap { trim: false }), text);
    if more {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "more below: {}",
                    app.keymap.key(&super::PRESENT_KEYS, &Action::PageDown)
                ),
                styles.dim(),
            )),
            foot,
        );
    }
}
