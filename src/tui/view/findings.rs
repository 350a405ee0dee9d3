//! Every finding raised so far, numbered, with its grade in words, filterable; withdrawn ones
//! struck out and marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::samples::fit;
use super::{list_header, row_style, safe, scroll_start};
use crate::audit::Grade;
use crate::tui::app::App;
use crate::tui::editing::{first_line, short_grade};
use crate::tui::style::Styles;

/// Draws the Findings screen.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let f = &app.finding_filter;
    let filters = f
        .grade
        .map(|g| format!("grade: {}", g.label()))
        .into_iter()
        .collect();
    let visible = app.visible_findings();
    let heading = format!("Findings ({})", visible.len());
    let list = list_header(frame, area, &heading, filters, &f.query, f.typing, styles);
    if visible.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No findings. Raise one with f here, or from a sample.",
                styles.dim(),
            )),
            list,
        );
        return;
    }
    let height = list.height as usize;
    let start = scroll_start(app.cursors.findings, height);
    let statement_width = (area.width as usize).saturating_sub(42);
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, n)| {
            let c = n.item.content;
            let base = if !n.is_open() {
                styles.withdrawn()
            } else {
                match n.grade() {
                    Grade::Major => styles.alarm(),
                    Grade::Minor | Grade::Observation => styles.warn(),
                    Grade::Opportunity | Grade::Strength => styles.text(),
                }
            };
            let grade = if n.is_open() {
                short_grade(n.grade()).to_string()
            } else {
                format!("{} withdrawn", short_grade(n.grade()))
            };
            let mark = app.unsaved_mark(n.item.id);
            let text = format!(
                "{:<7} {:<15} {:<16} {}{mark}",
                n.number,
                fit(&grade, 15),
                fit(&safe(&c.references.join(", ")), 16),
                fit(
                    &safe(first_line(&c.statement)),
                    statement_width.saturating_sub(mark.len())
                )
            );
            Line::styled(text, row_style(i == app.cursors.findings, styles, base))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
