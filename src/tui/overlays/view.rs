//! What is drawn over the screen: forms, the grade chooser, the catalogue picker, the people
//! picker, notices, the quit confirmation and the question before ending the closing meeting
//! (the help is in `help`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{LibraryPicker, Overlay, Picker};
use crate::audit::{Grade, Meeting, SampleStatus};
use crate::tui::action::Action;
use crate::tui::app::{App, SaveState};
use crate::tui::forms::OpenForm;
use crate::tui::forms::fields::Input;
use crate::tui::style::Styles;
use crate::tui::view::{cut, row_style, safe, scroll_start, wrapped_height};

/// Draws the overlay, if any, over `area`.
pub(crate) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let Some(overlay) = &app.overlay else {
        return;
    };
    match overlay {
        Overlay::Help(scroll) => super::help::draw(frame, app, *scroll, area, styles),
        Overlay::Form(open) => form(frame, app, open, area, styles),
        Overlay::Grade { cursor, seed, .. } => {
            let mut lines: Vec<Line> = Grade::ALL
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    Line::styled(
                        format!("{}  {}", i + 1, g.label()),
                        row_style(i == *cursor, styles, styles.text()),
                    )
                })
                .collect();
            if seed.interviews.is_empty() {
                boxed(frame, area, "Grade of the finding", lines, 40, 9, styles);
            } else {
                // Raised from an interview: say so, and that it can be left for later.
                lines.insert(
                    0,
                    Line::styled(
                        format!(
                            "A finding on {}, citing the interview?",
                            seed.references.join(", ")
                        ),
                        styles.text(),
                    ),
                );
                lines.push(Line::styled("Esc: not now", styles.dim()));
                boxed(frame, area, "Raise a finding", lines, 56, 11, styles);
            }
        }
        Overlay::Picker(p) => picker(frame, app, p, area, styles),
        Overlay::Library(p) => library(frame, app, p, area, styles),
        Overlay::People { meeting, cursor } => people(frame, app, *meeting, *cursor, area, styles),
        Overlay::Notice(notice) => {
            let lines: Vec<Line> = notice.iter().map(|l| Line::raw(safe(l))).collect();
            let height = (lines.len() as u16 * 2 + 4).min(area.height);
            boxed(
                frame,
                area,
                "Please read",
                lines,
                area.width.saturating_sub(4),
                height,
                styles,
            );
        }
        Overlay::ConfirmQuit => {
            let n = app.unsaved.len();
            let mut lines = vec![
                Line::styled(
                    format!(
                        "{n} recorded item{} could not be saved to disk.",
                        if n == 1 { "" } else { "s" }
                    ),
                    styles.alarm(),
                ),
                Line::raw(format!(
                    "Quitting now loses them. {} retries saving,",
                    app.keymap.key(&super::QUIT, &Action::Retry)
                )),
                Line::raw(format!(
                    "{} quits anyway, any other key stays.",
                    app.keymap.key(&super::QUIT, &Action::Quit)
                )),
            ];
            if let SaveState::NotSaved { detail, .. } = &app.save {
                lines.push(Line::styled(safe(detail), styles.dim()));
            }
            boxed(frame, area, "Not saved", lines, 76, 10, styles);
        }
        Overlay::ConfirmEnd => confirm_end(frame, app, area, styles),
    }
}

/// The people picker: one row per person, cut to the box, except the highlighted one, which
/// is shown whole over as many rows as it needs; scrolled so that the highlighted entry is
/// always wholly inside the box, "someone else…" last of all.
fn people(
    frame: &mut Frame,
    app: &App,
    meeting: Meeting,
    cursor: usize,
    area: Rect,
    styles: &Styles,
) {
    let width = area.width.min(70);
    let inner = usize::from(width.saturating_sub(2));
    let entries = app
        .people(meeting)
        .into_iter()
        .map(|p| {
            format!(
                "{} — {}, {}",
                safe(&p.name),
                safe(&p.role),
                safe(&p.organisation)
            )
        })
        .chain(["someone else…".to_string()]);
    let rows: Vec<Vec<String>> = entries
        .enumerate()
        .map(|(i, entry)| {
            if i == cursor {
                rows_of(&entry, inner)
            } else {
                vec![cut(&entry, inner)]
            }
        })
        .collect();
    let cursor = cursor.min(rows.len() - 1);
    let total: usize = rows.iter().map(Vec::len).sum();
    let height = u16::try_from(total + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let visible = usize::from(height.saturating_sub(2));
    let mut start = cursor;
    let mut used = rows[cursor].len();
    while start > 0 && used + rows[start - 1].len() <= visible {
        start -= 1;
        used += rows[start].len();
    }
    let lines = rows
        .into_iter()
        .enumerate()
        .skip(start)
        .flat_map(|(i, rows)| {
            let style = row_style(i == cursor, styles, styles.text());
            rows.into_iter().map(move |row| Line::styled(row, style))
        })
        .collect();
    boxed(frame, area, "Who attends?", lines, width, height, styles);
}

/// `text` in rows of at most `width` columns, broken between words where it can be and
/// inside a word wider than a row.
fn rows_of(text: &str, width: usize) -> Vec<String> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let width = width.max(1);
    let mut rows = vec![String::new()];
    let mut used = 0;
    for word in text.split_inclusive(' ') {
        let w = word.trim_end().width();
        if used > 0 && used + w > width {
            rows.push(String::new());
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                if c == ' ' {
                    continue;
                }
                rows.push(String::new());
                used = 0;
            }
            rows.last_mut().expect("one row at least").push(c);
            used += cw;
        }
    }
    rows
}

/// The question before ending the closing meeting: what is left open, counted and named.
fn confirm_end(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    const NAMED: usize = 4;
    let (not_concluded, not_assessed, unticked) = app.left_open();
    let width = area.width.saturating_sub(4).min(90);
    let room = usize::from(width.saturating_sub(4));
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let names = |mut names: Vec<String>| {
        let more = names.len().saturating_sub(NAMED);
        names.truncate(NAMED);
        let mut text = names.join(", ");
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    };
    let mut lines = Vec::new();
    if !not_concluded.is_empty() {
        lines.push(Line::styled(
            format!(
                "{} not concluded:",
                plural(not_concluded.len(), "sample", "samples")
            ),
            styles.warn(),
        ));
        let named = not_concluded
            .iter()
            .map(|s| format!("{} ({})", safe(&s.reference), s.status.label()))
            .collect();
        lines.push(Line::raw(format!("  {}", names(named))));
    }
    if !not_assessed.is_empty() {
        lines.push(Line::styled(
            format!(
                "{} not assessed:",
                plural(not_assessed.len(), "sample", "samples")
            ),
            styles.warn(),
        ));
        let named = not_assessed
            .iter()
            .map(|s| match &s.status {
                SampleStatus::NotAssessed { reason } if !reason.trim().is_empty() => {
                    format!("{} ({})", safe(&s.reference), safe(reason))
                }
                _ => safe(&s.reference),
            })
            .collect();
        lines.push(Line::raw(format!("  {}", names(named))));
    }
    if !unticked.is_empty() {
        lines.push(Line::styled(
            format!(
                "{} of the closing agenda not ticked:",
                plural(unticked.len(), "item", "items")
            ),
            styles.warn(),
        ));
        for item in unticked.iter().take(NAMED - 1) {
            lines.push(Line::raw(cut(&format!("  {}", safe(item)), room)));
        }
        if unticked.len() >= NAMED {
            lines.push(Line::raw(format!(
                "  and {} more",
                unticked.len() - (NAMED - 1)
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!(
        "{} ends the meeting anyway, {} goes back.",
        app.keymap.key(&super::END, &Action::Open),
        app.keymap.key(&super::END, &Action::Back)
    )));
    let height = (wrapped_height(&lines, width.saturating_sub(2)) + 2).min(area.height);
    boxed(
        frame,
        area,
        "End the closing meeting?",
        lines,
        width,
        height,
        styles,
    );
}

/// A centred box of `width`×`height` with a title and lines.
fn boxed(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    width: u16,
    height: u16,
    styles: &Styles,
) {
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(format!(" {title} "), styles.heading()))),
        rect,
    );
}

/// The `width`×`height` rectangle in the middle of `area`.
pub(super) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn form(frame: &mut Frame, app: &App, open: &OpenForm, area: Rect, styles: &Styles) {
    let rect = area;
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", safe(&open.form.title)),
        styles.heading(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let fields = &open.form.fields;
    let fixed_height = |input: &Input| -> Option<u16> {
        match input {
            Input::Text {
                multiline: false, ..
            } => Some(2),
            Input::Choice { options, .. } => Some(1 + choice_rows(options, inner.width)),
            Input::Links { options, .. } => Some(1 + options.len().clamp(1, 3) as u16),
            Input::Text {
                multiline: true, ..
            } => None,
        }
    };
    let fixed: u16 = fields
        .iter()
        .map(|f| fixed_height(&f.input).unwrap_or(1))
        .sum::<u16>()
        + 1;
    let multi = fields
        .iter()
        .filter(|f| fixed_height(&f.input).is_none())
        .count() as u16;
    let share = inner
        .height
        .saturating_sub(fixed)
        .checked_div(multi)
        .map_or(0, |h| h.max(1));
    let mut constraints: Vec<Constraint> = fields
        .iter()
        .map(|f| Constraint::Length(fixed_height(&f.input).unwrap_or(1 + share)))
        .collect();
    constraints.push(Constraint::Min(1));
    let rects = Layout::vertical(constraints).split(inner);
    for (i, field) in fields.iter().enumerate() {
        let focused = i == open.form.focus;
        let [label, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(rects[i]);
        let marker = if focused { "▶ " } else { "  " };
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("{marker}{}", field.label),
                if focused {
                    styles.heading()
                } else {
                    styles.dim()
                },
            )),
            label,
        );
        let body = Rect {
            x: body.x + 2,
            width: body.width.saturating_sub(2),
            ..body
        };
        match &field.input {
            Input::Text { area: text, .. } => frame.render_widget(&**text, body),
            Input::Choice { options, selected } => {
                let mark = |j: usize| if j == *selected { "(•)" } else { "( )" };
                let style = |j: usize| {
                    if j == *selected {
                        styles.selected()
                    } else {
                        styles.text()
                    }
                };
                let lines: Vec<Line> = if choice_rows(options, inner.width) == 1 {
                    vec![Line::from(
                        options
                            .iter()
                            .enumerate()
                            .flat_map(|(j, o)| {
                                [
                                    Span::styled(format!("{} {o}", mark(j)), style(j)),
                                    Span::raw("  "),
                                ]
                            })
                            .collect::<Vec<_>>(),
                    )]
                } else {
                    options
                        .iter()
                        .enumerate()
                        .map(|(j, o)| Line::styled(format!("{} {o}", mark(j)), style(j)))
                        .collect()
                };
                frame.render_widget(Paragraph::new(lines), body);
            }
            Input::Links {
                options,
                chosen,
                cursor,
            } => {
                let lines: Vec<Line> = if options.is_empty() {
                    vec![Line::styled("no evidence items recorded yet", styles.dim())]
                } else {
                    let start = scroll_start(*cursor, body.height as usize);
                    options
                        .iter()
                        .enumerate()
                        .skip(start)
                        .take(body.height as usize)
                        .map(|(j, (id, label))| {
                            let mark = if chosen.contains(id) { "[x]" } else { "[ ]" };
                            Line::styled(
                                format!("{mark} {}", safe(label)),
                                row_style(focused && j == *cursor, styles, styles.text()),
                            )
                        })
                        .collect()
                };
                frame.render_widget(Paragraph::new(lines), body);
            }
        }
    }
    let last = rects[fields.len()];
    let bottom = match &open.form.problem {
        Some(problem) => Line::styled(format!("Cannot save: {}", safe(problem)), styles.alarm()),
        None => reference_check(app, open, styles),
    };
    frame.render_widget(
        Paragraph::new(bottom).wrap(Wrap { trim: true }),
        Rect {
            y: last.y + last.height.saturating_sub(1),
            height: 1,
            ..last
        },
    );
}

/// Rows a choice needs: one when every option fits on a line, else one an option.
fn choice_rows(options: &[&str], width: u16) -> u16 {
    let one_line: usize = options.iter().map(|o| o.chars().count() + 6).sum();
    if one_line <= width.saturating_sub(2) as usize {
        1
    } else {
        options.len() as u16
    }
}

/// Under a finding form: each typed reference checked against the catalogue as it is typed.
fn reference_check(app: &App, open: &OpenForm, styles: &Styles) -> Line<'static> {
    if !open.form.fields.iter().any(|f| f.name == "references") {
        return Line::raw("");
    }
    let text = open.form.value("references");
    let spans: Vec<Span> = app
        .catalogue
        .resolve_list(&text)
        .into_iter()
        .map(|(part, outcome)| match outcome {
            Ok(entry) => Span::styled(
                format!("✓ {} {}  ", entry.id, safe(&entry.title)),
                styles.ok(),
            ),
            Err(e) => Span::styled(
                format!("✗ {}: {}  ", safe(part), safe(&e.to_string())),
                styles.alarm(),
            ),
        })
        .collect();
    Line::from(spans)
}

fn picker(frame: &mut Frame, app: &App, p: &Picker, area: Rect, styles: &Styles) {
    let rect = area;
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(Span::styled(
        " Unplanned sample: which clause or control? ",
        styles.heading(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [input, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(format!("> {}▏", safe(&p.query))),
            Line::styled(
                "type an id or words: a815, backup, access rev",
                styles.dim(),
            ),
        ]),
        input,
    );
    let start = scroll_start(p.cursor, list.height as usize);
    let lines: Vec<Line> = p
        .matches
        .iter()
        .enumerate()
        .skip(start)
        .take(list.height as usize)
        .map(|(i, id)| {
            let title = app
                .catalogue
                .get(id)
                .map(|e| e.title.as_str())
                .unwrap_or("");
            Line::styled(
                format!("{id:<8} {}", safe(title)),
                row_style(i == p.cursor, styles, styles.text()),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn library(frame: &mut Frame, app: &App, p: &LibraryPicker, area: Rect, styles: &Styles) {
    frame.render_widget(Clear, area);
    let block = Block::bordered().title(Span::styled(
        " Finding library: fills the empty fields, saves nothing ",
        styles.heading(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let preview_height = (inner.height / 3).max(4);
    let [input, list, preview] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(preview_height),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(format!("> {}▏", safe(&p.query))),
            Line::styled(
                "type words, a reference or a grade: access rev, 9.2, major",
                styles.dim(),
            ),
        ]),
        input,
    );
    let width = usize::from(list.width);
    let start = scroll_start(p.cursor, list.height as usize);
    let templates = &app.library.templates;
    let mut lines: Vec<Line> = p
        .matches
        .iter()
        .enumerate()
        .skip(start)
        .take(list.height as usize)
        .filter_map(|(i, at)| templates.get(*at).map(|t| (i, t)))
        .map(|(i, t)| {
            let row = format!(
                "{:<11} {} — {}",
                crate::tui::forms::short_grade(t.grade),
                safe(&t.title),
                safe(&t.references.join(", "))
            );
            Line::styled(
                cut(&row, width),
                row_style(i == p.cursor, styles, styles.text()),
            )
        })
        .collect();
    if p.matches.is_empty() {
        lines.push(Line::styled(
            "no template matches; Esc goes back to the form",
            styles.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), list);
    let chosen = p.matches.get(p.cursor).and_then(|at| templates.get(*at));
    if let Some(t) = chosen {
        let preview_lines = vec![
            Line::from(vec![
                Span::styled("Requirement: ", styles.dim()),
                Span::raw(safe(&t.requirement)),
            ]),
            Line::from(vec![
                Span::styled("Statement: ", styles.dim()),
                Span::raw(safe(&t.statement)),
            ]),
        ];
        frame.render_widget(
            Paragraph::new(preview_lines)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(ratatui::widgets::Borders::TOP)),
            preview,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::rows_of;

    #[test]
    fn rows_break_between_words_and_inside_a_word_wider_than_a_row() {
        assert_eq!(rows_of("Dr Alexandra Vega", 12), ["Dr Alexandra", "Vega"]);
        assert_eq!(
            rows_of("Dr Alexandra Vega", 11),
            ["Dr ", "Alexandra ", "Vega"]
        );
        assert_eq!(
            rows_of("Montgomery-Fairweather", 10),
            ["Montgomery", "-Fairweath", "er"]
        );
        assert_eq!(rows_of("someone else…", 40), ["someone else…"]);
        for row in rows_of("a very long name — a role, an organisation that goes on", 9) {
            assert!(
                unicode_width::UnicodeWidthStr::width(row.as_str()) <= 9,
                "{row:?}"
            );
        }
    }
}
