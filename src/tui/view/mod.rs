//! `view`: draws the state and nothing else. The frame (header, rail, footer) is here; each
//! screen and overlay has its own module.

#[path = "../screens/findings/view.rs"]
mod findings;
#[path = "../screens/interviews/view.rs"]
mod interviews;
#[path = "../screens/meetings/view.rs"]
mod meeting;
#[path = "../overlays/view.rs"]
mod overlay;
#[path = "../screens/samples/view.rs"]
mod samples;

use chrono::Timelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::action::Screen;
use super::app::{App, SaveState};
use super::style::Styles;
use crate::audit::SampleStatus;
use crate::text::escape_controls;

/// The smallest terminal the interface draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Text from a plan or a record, made safe to draw: control characters escaped.
pub fn safe(text: &str) -> String {
    crate::text::one_line(text).into_owned()
}

/// Multi-line text from a record, made safe to draw, one `Line` a line.
pub fn safe_lines(text: &str) -> Vec<Line<'static>> {
    escape_controls(text, true)
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect()
}

/// Draws the whole screen; returns where each screen's entry of the rail was drawn, for mouse
/// clicks.
pub fn draw(frame: &mut Frame, app: &App) -> Vec<(Screen, Rect)> {
    let area = frame.area();
    let styles = Styles::new(app.no_color);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = vec![
            Line::styled("terminal too small", styles.heading()),
            Line::raw(format!(
                "{}×{}, needs {}×{}",
                area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
            )),
            Line::raw("enlarge the window; nothing is lost"),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return Vec::new();
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let rail_width = if area.width >= 120 { 30 } else { 24 };
    let [rail, main] =
        Layout::horizontal([Constraint::Length(rail_width), Constraint::Min(0)]).areas(body);
    draw_header(frame, app, header, &styles);
    let entries = draw_rail(frame, app, rail, &styles);
    let covered = matches!(
        app.overlay,
        Some(super::app::Overlay::Form(_) | super::app::Overlay::Picker(_))
    );
    match app.screen {
        _ if covered => {}
        Screen::Opening => meeting::draw(frame, app, crate::audit::Meeting::Opening, main, &styles),
        Screen::Closing => meeting::draw(frame, app, crate::audit::Meeting::Closing, main, &styles),
        Screen::Samples => samples::draw(frame, app, main, &styles),
        Screen::Findings => findings::draw(frame, app, main, &styles),
        Screen::Interviews => interviews::draw(frame, app, main, &styles),
    }
    draw_footer(frame, app, footer, &styles);
    overlay::draw(frame, app, body, &styles);
    entries
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let a = &app.plan.audit;
    let clock = format!("{:02}:{:02}", app.now.hour(), app.now.minute());
    let title = Line::from(vec![
        Span::styled(safe(&a.title), styles.heading()),
        Span::styled(format!(" · {}", a.kind.value.label()), styles.dim()),
    ]);
    let save = match &app.save {
        SaveState::Idle => Span::styled("nothing recorded yet", styles.dim()),
        SaveState::Saved(at) if at.date_naive() == app.now.date_naive() => {
            Span::styled(format!("saved {}", at.format("%H:%M:%S")), styles.ok())
        }
        SaveState::Saved(at) => Span::styled(
            format!("saved {}", at.format("%a %d %b %H:%M:%S")),
            styles.ok(),
        ),
        SaveState::NotSaved { reason, .. } => Span::styled(
            format!("NOT SAVED — {}, press r to retry", safe(reason)),
            styles.alarm(),
        ),
    };
    let mut second = vec![Span::styled(clock, styles.heading()), Span::raw("  ")];
    second.extend(agenda_now(app, styles));
    let [left, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(save.width() as u16 + 1),
    ])
    .areas(Rect {
        y: area.y + 1,
        height: 1,
        ..area
    });
    frame.render_widget(Paragraph::new(title), Rect { height: 1, ..area });
    frame.render_widget(Paragraph::new(Line::from(second)), left);
    frame.render_widget(Paragraph::new(Line::from(save)).right_aligned(), right);
}

/// The timetable slot the clock is in, with minutes left, or the meeting that runs over.
fn agenda_now<'a>(app: &App, styles: &Styles) -> Vec<Span<'a>> {
    let now = app.local_now();
    let meeting_over = |kind, meeting| {
        app.plan
            .agenda
            .iter()
            .filter(|a| a.kind == kind && a.end() <= now)
            .find(|_| {
                let times = app.audit().meeting(meeting);
                times.started.is_some() && times.ended.is_none()
            })
    };
    for (kind, meeting) in [
        (
            crate::plan::AgendaKind::Opening,
            crate::audit::Meeting::Opening,
        ),
        (
            crate::plan::AgendaKind::Closing,
            crate::audit::Meeting::Closing,
        ),
    ] {
        if let Some(slot) = meeting_over(kind, meeting) {
            let over = (now - slot.end()).num_minutes();
            return vec![
                Span::styled(format!("{} ", safe(&slot.title)), styles.text()),
                Span::styled(format!("{over} min over"), styles.warn()),
            ];
        }
    }
    if let Some(slot) = app.current_slot() {
        let left = (slot.end() - now).num_minutes().max(0);
        return vec![
            Span::raw(format!("Now: {} ", safe(&slot.title))),
            Span::styled(format!("{left} min left"), styles.dim()),
        ];
    }
    match app.next_slot() {
        Some(slot) => vec![Span::styled(
            format!(
                "Next: {} at {}",
                safe(&slot.title),
                slot.start.value.format("%a %H:%M")
            ),
            styles.dim(),
        )],
        None => vec![Span::styled("no slot of the timetable now", styles.dim())],
    }
}

fn draw_rail(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) -> Vec<(Screen, Rect)> {
    let samples = app.samples();
    let done = samples.iter().filter(|s| s.status.is_done()).count();
    let raised = samples
        .iter()
        .filter(|s| s.status == SampleStatus::FindingRaised)
        .count();
    let counts = app.counts();
    let (held, under_way) = app
        .audit()
        .interviews()
        .fold((0, 0), |(held, now), i| match i.ended {
            Some(_) => (held + 1, now),
            None => (held, now + 1),
        });
    let ticked = |m: crate::audit::Meeting, items: &[String]| {
        items.iter().filter(|i| app.audit().checked(m, i)).count()
    };
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    for (i, screen) in Screen::ALL.iter().enumerate() {
        let (name, detail) = match screen {
            Screen::Opening => (
                screen.title().to_string(),
                format!(
                    "{}/{} ticked",
                    ticked(crate::audit::Meeting::Opening, &app.plan.opening),
                    app.plan.opening.len()
                ),
            ),
            Screen::Samples => (
                format!("{} ({done}/{})", screen.title(), samples.len()),
                format!("{raised} with findings"),
            ),
            Screen::Interviews => (
                screen.title().to_string(),
                if under_way > 0 {
                    format!("{held}/{} held · 1 now", app.plan.interviewees.len())
                } else {
                    format!("{held}/{} held", app.plan.interviewees.len())
                },
            ),
            Screen::Findings => (
                screen.title().to_string(),
                format!(
                    "{} major · {} minor\n   {} obs · {} OFI",
                    counts.major, counts.minor, counts.observation, counts.opportunity
                ),
            ),
            Screen::Closing => (
                screen.title().to_string(),
                format!(
                    "{}/{} ticked",
                    ticked(crate::audit::Meeting::Closing, &app.plan.closing),
                    app.plan.closing.len()
                ),
            ),
        };
        let first = lines.len() as u16;
        let here = *screen == app.screen;
        let marker = if here { "▶" } else { " " };
        let style = if here {
            styles.selected()
        } else {
            styles.heading()
        };
        lines.push(Line::from(vec![Span::styled(
            format!("{marker}{} {name}", i + 1),
            style,
        )]));
        for part in detail.lines() {
            lines.push(Line::styled(
                format!("   {}", part.trim_start()),
                styles.dim(),
            ));
        }
        let height = (lines.len() as u16 - first).min(area.height.saturating_sub(first));
        entries.push((
            *screen,
            Rect {
                y: area.y + first,
                height,
                ..area
            },
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::RIGHT)),
        area,
    );
    entries
}

/// The keys that work on the current screen, for the footer.
pub fn footer_keys(app: &App) -> &'static [(&'static str, &'static str)] {
    use super::app::Overlay;
    match &app.overlay {
        Some(Overlay::Form(_)) => &[
            ("Tab", "next field"),
            ("Ctrl-S", "save"),
            ("Esc", "close, keep draft"),
            ("Ctrl-Z", "undo"),
        ],
        Some(Overlay::Grade { .. }) => &[("1-5", "grade"), ("Esc", "cancel")],
        Some(Overlay::Picker(_)) => &[
            ("type", "search"),
            ("↑↓", "choose"),
            ("Enter", "take"),
            ("Esc", "cancel"),
        ],
        Some(Overlay::People { .. }) => &[("↑↓", "choose"), ("Enter", "add"), ("Esc", "cancel")],
        Some(Overlay::Help | Overlay::Notice(_)) => &[("any key", "close")],
        Some(Overlay::ConfirmQuit) => &[("r", "retry"), ("q", "quit anyway"), ("any key", "stay")],
        None if app.sample_filter.typing || app.finding_filter.typing => {
            &[("type", "search"), ("Enter", "keep"), ("Esc", "clear")]
        }
        None => match app.screen {
            Screen::Opening => &[
                ("Space", "tick"),
                ("a", "attendee"),
                ("d", "remove"),
                ("n", "note"),
                ("s/e", "start/end"),
                ("?", "help"),
            ],
            Screen::Closing => &[
                ("Space", "tick"),
                ("a", "attendee"),
                ("n", "note"),
                ("m", "recommend"),
                ("o", "opinion"),
                ("?", "help"),
            ],
            Screen::Samples if app.open_sample.is_some() => &[
                ("e", "evidence"),
                ("n", "note"),
                ("f", "finding"),
                ("c", "conforming"),
                ("x", "not assessed"),
                ("Esc", "back"),
            ],
            Screen::Samples => &[
                ("Enter", "open"),
                ("/", "search"),
                ("s", "status"),
                ("t", "theme"),
                ("u", "unplanned"),
                ("?", "help"),
            ],
            Screen::Findings => &[
                ("Enter", "edit"),
                ("f", "new"),
                ("w", "withdraw"),
                ("g", "grade"),
                ("/", "search"),
                ("?", "help"),
            ],
            Screen::Interviews if app.open_interview.is_some() => {
                &[("s", "start"), ("e", "end"), ("n", "note"), ("Esc", "back")]
            }
            Screen::Interviews => &[("Enter", "open"), ("Tab", "next screen"), ("?", "help")],
        },
    }
}

fn draw_footer(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let mut spans = Vec::new();
    for (key, what) in footer_keys(app) {
        spans.push(Span::styled(*key, styles.key()));
        spans.push(Span::styled(format!(" {what}  "), styles.dim()));
    }
    if app.overlay.is_none() {
        spans.push(Span::styled("q", styles.key()));
        spans.push(Span::styled(" quit", styles.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws a list's heading with its filters and search (the search line while it is typed);
/// returns the area left for the list.
pub fn list_header(
    frame: &mut Frame,
    area: Rect,
    heading: &str,
    mut filters: Vec<String>,
    query: &str,
    typing: bool,
    styles: &Styles,
) -> Rect {
    if typing {
        filters.push(format!("/{}▏", safe(query)));
    } else if !query.is_empty() {
        filters.push(format!("search: {}", safe(query)));
    }
    let shown = if filters.is_empty() {
        "   all".to_string()
    } else {
        format!("   {}", filters.join(" · "))
    };
    let header = Line::from(vec![
        Span::styled(heading.to_string(), styles.heading()),
        Span::styled(shown, styles.dim()),
    ]);
    let [top, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(header).block(Block::new().borders(Borders::BOTTOM)),
        top,
    );
    list
}

/// A list line: `selected` lines are drawn in reverse video.
pub fn row_style(selected: bool, styles: &Styles, base: Style) -> Style {
    if selected {
        base.patch(styles.selected())
    } else {
        base
    }
}

/// `text` cut to `width` columns, with an ellipsis when it does not fit.
pub fn cut(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` cut to `width` columns and padded to exactly `width`, for a column of a list.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = cut(text, width);
    out.push_str(&" ".repeat(width.saturating_sub(out.width())));
    out
}

/// How many rows `lines` take when wrapped to `width` columns (a close estimate: words are not
/// moved whole to the next row).
pub fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(width) as u16)
        .sum()
}

/// The first line to draw so that line `cursor` of `len` is visible in `height` lines.
pub fn scroll_start(cursor: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        cursor.saturating_sub(height - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_cut_with_an_ellipsis_and_count_wide_characters() {
        assert_eq!(cut("Logging", 10), "Logging");
        assert_eq!(cut("Information backup", 8), "Informa…");
        assert_eq!(fit("Logging", 10), "Logging   ");
        assert_eq!(fit("審査の記録です", 7), "審査の…");
        assert_eq!(cut("anything", 0), "");
    }
}
