//! `view`: draws the state and nothing else. The frame (header, rail, footer) and the helpers
//! every screen uses are here; each screen draws itself from its folder under `screens/`, the
//! overlays from `overlays/`.

use chrono::Timelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::action::Screen;
use super::app::{App, Overlay, SaveState};
use super::keymap::FooterEntry;
use super::screens::SCREENS;
use super::style::Styles;
use crate::audit::Timetable;
use crate::report::Words;
use crate::text::escape_controls;

mod columns;
mod finding_lines;

pub(crate) use columns::{cut_apart, widest};
pub(crate) use finding_lines::{FindingColumns, FindingLines, finding_lines};

/// The smallest terminal the interface draws in.
const MIN_SIZE: (u16, u16) = (80, 24);

/// Text from a plan or a record, made safe to draw: control characters escaped.
pub(crate) fn safe(text: &str) -> String {
    crate::text::one_line(text).into_owned()
}

/// Multi-line text from a record, made safe to draw, one `Line` a line.
pub(crate) fn safe_lines(text: &str) -> Vec<Line<'static>> {
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
    // The findings presented at the closing meeting take the rail's room too.
    let presenting = app.screen == Screen::Closing && app.presenting.is_some();
    let rail_width = match (presenting, area.width >= 120) {
        (true, _) => 0,
        (false, true) => 30,
        (false, false) => 24,
    };
    let [rail, main] =
        Layout::horizontal([Constraint::Length(rail_width), Constraint::Min(0)]).areas(body);
    draw_header(frame, app, header, &styles);
    let entries = if presenting {
        Vec::new()
    } else {
        draw_rail(frame, app, rail, &styles)
    };
    let covered = matches!(
        app.overlay,
        Some(Overlay::Form(_) | Overlay::Picker(_) | Overlay::Library(_))
    );
    if !covered {
        (super::screens::of(app.screen).draw)(frame, app, main, &styles);
    }
    draw_footer(frame, app, footer, &styles);
    super::overlays::view::draw(frame, app, body, &styles);
    entries
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let a = &app.plan.audit;
    let clock = format!("{:02}:{:02}", app.now.hour(), app.now.minute());
    let who = Span::styled(format!("recording: {}", safe(&app.auditor)), styles.dim());
    let [title_area, who_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(who.width() as u16 + 1),
    ])
    .areas(Rect { height: 1, ..area });
    let kind = format!(" · {}", a.kind.value.label());
    let title_room = usize::from(title_area.width).saturating_sub(kind.chars().count());
    let title = Line::from(vec![
        Span::styled(cut(&safe(&a.title), title_room), styles.heading()),
        Span::styled(kind, styles.dim()),
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
            format!(
                "NOT SAVED — {}, press {} to retry",
                safe(reason),
                app.keymap
                    .key(&super::keymap::EVERYWHERE, &super::action::Action::Retry)
            ),
            styles.alarm(),
        ),
    };
    let [left, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(save.width() as u16 + 1),
    ])
    .areas(Rect {
        y: area.y + 1,
        height: 1,
        ..area
    });
    let room = usize::from(left.width).saturating_sub(clock.chars().count() + 2);
    let mut second = vec![Span::styled(clock, styles.heading()), Span::raw("  ")];
    second.extend(agenda_now(app, styles, room));
    frame.render_widget(Paragraph::new(title), title_area);
    frame.render_widget(Paragraph::new(Line::from(who)).right_aligned(), who_area);
    frame.render_widget(Paragraph::new(Line::from(second)), left);
    frame.render_widget(Paragraph::new(Line::from(save)).right_aligned(), right);
}

/// The timetable slot the clock is in, with minutes left, the meeting that runs over, or that
/// today is not a day of the audit, in `room` columns: the slot's title is what gets cut,
/// never the minutes.
fn agenda_now<'a>(app: &App, styles: &Styles, room: usize) -> Vec<Span<'a>> {
    let title = |title: &str, taken: usize| cut(&safe(title), room.saturating_sub(taken));
    match Timetable::at(&app.plan, app.audit(), &app.auditor, app.local_now()) {
        Timetable::Overrun { slot, minutes } => {
            let over = format!(" {minutes} min over");
            vec![
                Span::styled(title(&slot.title, over.chars().count()), styles.text()),
                Span::styled(over, styles.warn()),
            ]
        }
        Timetable::In { slot, minutes_left } => {
            let left = format!(" {minutes_left} min left");
            vec![
                Span::raw("Now: "),
                Span::raw(title(&slot.title, left.chars().count() + 5)),
                Span::styled(left, styles.dim()),
            ]
        }
        Timetable::Next(slot) => {
            let at = format!(" at {}", slot.start.value.format("%a %H:%M"));
            vec![
                Span::styled("Next: ", styles.dim()),
                Span::styled(title(&slot.title, at.chars().count() + 6), styles.dim()),
                Span::styled(at, styles.dim()),
            ]
        }
        Timetable::Done => vec![Span::styled("no slot of the timetable now", styles.dim())],
        Timetable::OutsideDates { first, last } => vec![Span::styled(
            cut(
                &format!(
                    "audit planned for {}",
                    Words::english().day_span(first, last)
                ),
                room,
            ),
            styles.warn(),
        )],
    }
}

fn draw_rail(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) -> Vec<(Screen, Rect)> {
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    for (i, screen) in SCREENS.iter().enumerate() {
        let (name, detail) = (screen.rail)(app);
        let first = lines.len() as u16;
        let here = screen.id == app.screen;
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
            screen.id,
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

/// The footer: what the last key changed (with the undo key while there is something to
/// undo), then the keys that work where the keyboard is, from the key tables. Those of the
/// screen's parent context (help, quit) always show; the context's own show as far as they
/// fit, then "…" (the help has them all).
fn draw_footer(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let context = app.key_context();
    let (own, always) = app.keymap.footer(context);
    let one = |(key, what): &FooterEntry| key.chars().count() + what.chars().count() + 3;
    let width = |entries: &[FooterEntry]| -> usize { entries.iter().map(one).sum() };
    let mut room = (usize::from(area.width) + 2).saturating_sub(width(&always));
    let mut spans = Vec::new();
    if let Some(said) = &app.said {
        let undo = app
            .keymap
            .keys_of(context, &super::action::Action::UndoLast);
        let hint = match undo.first() {
            Some(key) if !app.changes.is_empty() => format!(" · {} undo", key.label()),
            _ => String::new(),
        };
        let said = cut(&safe(said), room.saturating_sub(hint.chars().count() + 3)) + &hint;
        room = room.saturating_sub(said.chars().count() + 3);
        spans.push(Span::styled(said, styles.ok()));
        spans.push(Span::raw("   "));
    }
    let all_fit = width(&own) <= room;
    let mut used = 0;
    for entry in own {
        let needs = one(&entry);
        let (key, what) = entry;
        if !all_fit && used + needs + 3 > room {
            spans.push(Span::styled("…  ", styles.dim()));
            break;
        }
        used += needs;
        spans.push(Span::styled(key, styles.key()));
        spans.push(Span::styled(format!(" {what}  "), styles.dim()));
    }
    for (key, what) in always {
        spans.push(Span::styled(key, styles.key()));
        spans.push(Span::styled(format!(" {what}  "), styles.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws a list's heading with its filters and search (the search line while it is typed);
/// returns the area left for the list.
pub(crate) fn list_header(
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
pub(crate) fn row_style(selected: bool, styles: &Styles, base: Style) -> Style {
    if selected {
        base.patch(styles.selected())
    } else {
        base
    }
}

/// `text` cut to `width` columns, with an ellipsis when it does not fit.
pub(crate) fn cut(text: &str, width: usize) -> String {
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
pub(crate) fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = cut(text, width);
    out.push_str(&" ".repeat(width.saturating_sub(out.width())));
    out
}

/// How many rows `lines` take when wrapped to `width` columns (a close estimate: words are not
/// moved whole to the next row).
pub(crate) fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(width) as u16)
        .sum()
}

/// The first line to draw so that line `cursor` of `len` is visible in `height` lines.
pub(crate) fn scroll_start(cursor: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        cursor.saturating_sub(height - 1)
    }
}

/// The first item to draw so that item `cursor` is visible whole in `height` lines, each item
/// taking as many lines as `heights` says.
pub(crate) fn scroll_start_by(heights: &[usize], cursor: usize, height: usize) -> usize {
    let mut start = cursor.min(heights.len().saturating_sub(1));
    let mut used = heights.get(start).copied().unwrap_or(0);
    while start > 0 && used + heights[start - 1] <= height {
        start -= 1;
        used += heights[start];
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_taller_items_scrolls_so_the_cursor_is_whole() {
        assert_eq!(scroll_start_by(&[1, 2, 1, 2], 3, 10), 0);
        assert_eq!(scroll_start_by(&[1, 2, 1, 2], 3, 3), 2);
        assert_eq!(scroll_start_by(&[1, 2, 1, 2], 3, 4), 2);
        assert_eq!(scroll_start_by(&[1, 2, 1, 2], 3, 5), 1);
        assert_eq!(scroll_start_by(&[], 0, 5), 0);
    }

    #[test]
    fn columns_cut_with_an_ellipsis_and_count_wide_characters() {
        assert_eq!(cut("Logging", 10), "Logging");
        assert_eq!(cut("Information backup", 8), "Informa…");
        assert_eq!(fit("Logging", 10), "Logging   ");
        assert_eq!(fit("審査の記録です", 7), "審査の…");
        assert_eq!(cut("anything", 0), "");
    }
}
