//! Every finding raised so far, numbered, with its grade in words, filterable; withdrawn ones
//! struck out and marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::samples::fit;
use super::{row_style, safe, scroll_start};
use crate::audit::Grade;
use crate::tui::app::App;
use crate::tui::editing::first_line;
use crate::tui::style::Styles;

/// Draws the Findings screen.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let f = &app.finding_filter;
    let mut filters = Vec::new();
    if let Some(g) = f.grade {
        filters.push(format!("grade: {}", g.label()));
    }
    if f.typing {
        filters.push(format!("/{}▏", safe(&f.query)));
    } else if !f.query.is_empty() {
        filters.push(format!("search: {}", safe(&f.query)));
    }
    let visible = app.visible_findings();
    let header = Line::from(vec![
        Span::styled(format!("Findings ({})", visible.len()), styles.heading()),
        Span::styled(
            if filters.is_empty() {
                "   all".to_string()
            } else {
                format!("   {}", filters.join(" · "))
            },
            styles.dim(),
        ),
    ]);
    let [top, list] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(header).block(Block::new().borders(Borders::BOTTOM)),
        top,
    );
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
            let text = format!(
                "{:<7} {:<15} {:<16} {}",
                n.number,
                fit(&grade, 15),
                fit(&safe(&c.references.join(", ")), 16),
                fit(&safe(first_line(&c.statement)), statement_width)
            );
            Line::styled(text, row_style(i == app.cursors.findings, styles, base))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// The grade in a few words, for lists.
pub fn short_grade(grade: Grade) -> &'static str {
    match grade {
        Grade::Major => "major NC",
        Grade::Minor => "minor NC",
        Grade::Observation => "observation",
        Grade::Opportunity => "OFI",
        Grade::Strength => "strength",
    }
}
