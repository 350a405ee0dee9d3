//! The timetable: the agenda by day, one line a slot, the team (when there is one): each
//! auditor's last recorded time and findings, and the day's deviations from the plan below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::audit::{Deviation, Slot, SlotState, deviations};
use crate::report::Words;
use crate::tui::app::App;
use crate::tui::style::Styles;
use crate::tui::view::{cut, fit, row_style, safe, scroll_start, widest};

/// Width of the time column: `09:00–09:30`.
const TIME: usize = 11;
/// Width of the state column: `! over 120m`.
const STATE: usize = 12;

/// The state in the list's column: a symbol and a word, so that colour is never alone.
fn state_text(state: &SlotState) -> String {
    match state {
        SlotState::Done => "✓ done".into(),
        SlotState::Now { minutes_left } => format!("▶ now {minutes_left}m"),
        SlotState::Over { minutes } => format!("! over {minutes}m"),
        SlotState::NotEnded => "◐ not ended".into(),
        SlotState::Unfinished { done, of } => format!("◐ {done}/{of} done"),
        SlotState::Missed => "✗ missed".into(),
        SlotState::Next => "→ next".into(),
        SlotState::Later => "· later".into(),
    }
}

fn state_style(state: &SlotState, styles: &Styles) -> Style {
    match state {
        SlotState::Done => styles.ok(),
        SlotState::Now { .. } => styles.heading(),
        SlotState::Over { .. } => styles.alarm(),
        SlotState::NotEnded | SlotState::Unfinished { .. } | SlotState::Missed => styles.warn(),
        SlotState::Next => styles.text(),
        SlotState::Later => styles.dim(),
    }
}

/// Draws the Timetable screen.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let days = app.agenda();
    let found = deviations(&days, app.samples(), app.audit(), *app.now.offset());
    let room = if found.is_empty() {
        2
    } else {
        (found.len() as u16 + 2).min(area.height / 3).max(3)
    };
    let team = team_lines(app);
    let team_room = match team.len() {
        0 => 0,
        n => (n as u16 + 1).min(area.height / 4),
    };
    let [top, list, team_area, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(team_room),
        Constraint::Length(room),
    ])
    .areas(area);
    let heading = Line::from(vec![
        Span::styled("Timetable", styles.heading()),
        Span::styled(
            format!("   {}", app.local_now().format("%a %-d %b %H:%M")),
            styles.dim(),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(heading).block(Block::new().borders(Borders::BOTTOM)),
        top,
    );
    draw_slots(frame, app, &days, list, styles);
    if !team.is_empty() {
        let width = usize::from(team_area.width);
        let lines: Vec<Line> = std::iter::once(Line::styled("Team", styles.heading()))
            .chain(team.iter().map(|l| Line::raw(cut(l, width))))
            .collect();
        frame.render_widget(Paragraph::new(lines), team_area);
    }
    draw_deviations(frame, &found, bottom, styles);
}

/// The team panel, one line an auditor of the plan (and anyone else whose events were read):
/// when they last recorded something here, as far as their file has arrived, their standing
/// findings and, after a `team sync` on this laptop, whether it brought their file. Nothing
/// for an audit of one auditor.
fn team_lines(app: &App) -> Vec<String> {
    let seen: Vec<(&str, chrono::DateTime<chrono::Utc>)> = app.audit().last_seen().collect();
    let mut names: Vec<&str> = app
        .plan
        .team
        .iter()
        .map(|m| m.name.value.as_str())
        .collect();
    for (name, _) in &seen {
        if !names.contains(name) {
            names.push(name);
        }
    }
    if names.len() < 2 {
        return Vec::new();
    }
    let today = app.local_now().date();
    names
        .into_iter()
        .map(|name| {
            let you = if name == app.auditor { " (you)" } else { "" };
            let when = seen
                .iter()
                .find(|(by, _)| *by == name)
                .map(|(_, at)| clock(app, *at, today));
            let findings = app
                .findings()
                .iter()
                .filter(|f| f.is_open() && *f.by == *name)
                .count();
            let plural = if findings == 1 { "" } else { "s" };
            let arrived = match &app.last_sync {
                Some(sync) if name != app.auditor => {
                    let at = clock(app, sync.at, today);
                    match (sync.offline, sync.brought(name)) {
                        (true, _) => format!(" · the {at} sync was offline"),
                        (false, true) => format!(" · new at the {at} sync"),
                        (false, false) => format!(" · nothing new at the {at} sync"),
                    }
                }
                _ => String::new(),
            };
            match when {
                Some(when) => format!(
                    "{}{you}: last seen {when} · {findings} finding{plural}{arrived}",
                    safe(name)
                ),
                None => format!("{}{you}: nothing received yet{arrived}", safe(name)),
            }
        })
        .collect()
}

/// A moment as the team panel says it: the time today, else the weekday and the time.
fn clock(app: &App, at: chrono::DateTime<chrono::Utc>, today: chrono::NaiveDate) -> String {
    let at = at.with_timezone(app.now.offset());
    match at.date_naive() == today {
        true => at.format("%H:%M").to_string(),
        false => at.format("%a %H:%M").to_string(),
    }
}

/// Who a slot is for: the name, or on a narrow screen the first name.
fn short_who<'a>(slot: &Slot<'a>, narrow: bool) -> &'a str {
    let who = slot.who();
    match narrow {
        true => who.split_whitespace().next().unwrap_or(""),
        false => who,
    }
}

fn draw_slots(
    frame: &mut Frame,
    app: &App,
    days: &[crate::audit::AgendaDay],
    area: Rect,
    styles: &Styles,
) {
    let width = usize::from(area.width);
    let narrow = width < 100;
    let slots = || days.iter().flat_map(|d| &d.slots);
    // The title takes what the time, the state and the widest name leave.
    let who_width =
        widest(slots().map(|slot| short_who(slot, narrow))).min(if narrow { 8 } else { 16 });
    let title_width = width.saturating_sub(2 + TIME + 1 + STATE + 1 + who_width + 1);
    let cursor = app.timetable_cursor(days);
    let current = app.current_slot(days);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    let mut n = 0;
    for day in days {
        lines.push(Line::styled(
            day.date.format("%A %-d %B %Y").to_string(),
            styles.heading(),
        ));
        for slot in &day.slots {
            if n == cursor {
                cursor_line = lines.len();
            }
            let who = short_who(slot, narrow);
            let selected = n == cursor;
            let here = if Some(n) == current { "» " } else { "  " };
            let time = format!(
                "{}–{}",
                slot.item.start.value.format("%H:%M"),
                slot.item.end().format("%H:%M")
            );
            let base = if Some(n) == current {
                styles.heading()
            } else {
                styles.text()
            };
            lines.push(Line::from(vec![
                Span::styled(here, row_style(selected, styles, base)),
                Span::styled(format!("{time} "), row_style(selected, styles, base)),
                Span::styled(
                    format!("{} ", fit(&state_text(&slot.state), STATE)),
                    row_style(selected, styles, state_style(&slot.state, styles)),
                ),
                Span::styled(
                    format!("{} ", fit(&safe(&slot.item.title), title_width)),
                    row_style(selected, styles, base),
                ),
                Span::styled(
                    fit(&safe(who), who_width),
                    row_style(selected, styles, styles.dim()),
                ),
            ]));
            n += 1;
        }
    }
    let height = usize::from(area.height);
    let start = scroll_start((cursor_line + 2).min(lines.len().saturating_sub(1)), height);
    let shown: Vec<Line> = lines.into_iter().skip(start).collect();
    frame.render_widget(Paragraph::new(shown), area);
}

fn draw_deviations(frame: &mut Frame, found: &[Deviation], area: Rect, styles: &Styles) {
    let width = usize::from(area.width);
    let mut lines = vec![Line::styled(
        format!("Deviations from the plan ({})", found.len()),
        styles.heading(),
    )];
    if found.is_empty() {
        lines.push(Line::styled("none so far", styles.dim()));
    }
    // Below the border and the heading; when they do not all fit, the last line says how
    // many more there are.
    let room = usize::from(area.height).saturating_sub(2);
    let show = if found.len() > room {
        room.saturating_sub(1)
    } else {
        found.len()
    };
    for d in &found[..show] {
        let style = match d {
            Deviation::Missed(_) => styles.warn(),
            _ => styles.text(),
        };
        lines.push(Line::styled(
            cut(
                &format!("• {}", safe(&Words::english().deviation(d))),
                width,
            ),
            style,
        ));
    }
    if show < found.len() {
        lines.push(Line::styled(
            format!("… and {} more", found.len() - show),
            styles.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::TOP)),
        area,
    );
}
