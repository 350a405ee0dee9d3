//! Every finding raised so far, numbered, with its grade in words, filterable; withdrawn ones
//! struck out and marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::audit::Grade;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::{first_line, short_grade};
use crate::tui::style::Styles;
use crate::tui::view::{cut, fit, list_header, row_style, safe, scroll_start};

/// Draws the Findings screen.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let f = &app.finding_filter;
    let filters = f
        .grade
        .map(|g| format!("grade: {}", g.label()))
        .into_iter()
        .collect();
    let visible = app.visible_findings();
    let provisional = app.findings().iter().any(|f| !f.number.fixed);
    let heading = if provisional {
        format!(
            "Findings ({}) · ? = provisional number, F fixes",
            visible.len()
        )
    } else {
        format!("Findings ({})", visible.len())
    };
    let list = list_header(frame, area, &heading, filters, &f.query, f.typing, styles);
    if visible.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "No findings. Raise one with {} here, or from a sample.",
                    app.keymap.key(&super::LIST, &Action::NewFinding)
                ),
                styles.dim(),
            )),
            list,
        );
        return;
    }
    let height = list.height as usize;
    let start = scroll_start(app.cursors.findings, height);
    let refs_width = if area.width >= 110 { 24 } else { 12 };
    let statement_width = (area.width as usize).saturating_sub(7 + 12 + refs_width + 3);
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, n)| {
            let c = &n.content;
            let base = if !n.is_open() {
                styles.withdrawn()
            } else {
                match n.grade() {
                    Grade::Major => styles.alarm(),
                    Grade::Minor | Grade::Observation => styles.warn(),
                    Grade::Opportunity | Grade::Strength => styles.text(),
                }
            };
            let withdrawn = if n.is_open() { "" } else { "WITHDRAWN: " };
            let mark = app.unsaved_mark(n.id);
            let statement = format!("{withdrawn}{}", safe(first_line(&c.statement)));
            let number = n.number.to_string();
            let wider = number.chars().count().saturating_sub(7);
            let text = format!(
                "{number:<7} {} {} {}{mark}",
                fit(short_grade(n.grade()), 11),
                fit(&safe(&c.references.join(", ")), refs_width),
                cut(
                    &statement,
                    statement_width.saturating_sub(mark.len() + wider)
                )
            );
            Line::styled(text, row_style(i == app.cursors.findings, styles, base))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
