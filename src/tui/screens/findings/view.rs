//! Every finding raised so far, numbered, with its grade in words, filterable; withdrawn ones
//! struck out and marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::audit::{FindingCounts, Grade};
use crate::tui::action::Action;
use crate::tui::app::{App, FindingRow};
use crate::tui::style::Styles;
use crate::tui::view::{
    FindingColumns, FindingLines, finding_lines, list_header, row_style, scroll_start_by,
};

/// Draws the Findings screen.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let f = &app.finding_filter;
    let filters = f
        .grade
        .map(|g| format!("grade: {}", g.label()))
        .into_iter()
        .chain(f.mine.then(|| "mine".to_string()))
        .collect();
    let visible = app.visible_findings();
    let provisional = app.findings().iter().any(|f| !f.number.fixed);
    let counts = FindingCounts::tally(visible.iter().map(|f| (f.grade(), !f.is_open())));
    let mut heading = format!("Findings ({}", counts.standing());
    if counts.withdrawn > 0 {
        heading.push_str(&format!(", {} withdrawn", counts.withdrawn));
    }
    heading.push(')');
    if let Some(from) = app.merging {
        // While merging, what to do next takes the place of the numbers' hint.
        let key = app.keymap.key(&super::LIST, &Action::MergeFindings);
        heading.push_str(&format!(
            " · merge {} into: {key} on it, Esc cancels",
            app.finding_number(from)
        ));
    } else if provisional {
        heading.push_str(" · ? provisional, F fixes");
    }
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
    let heights: Vec<usize> = visible.iter().map(|f| FindingLines::height(f)).collect();
    let height = list.height as usize;
    let start = scroll_start_by(&heights, app.cursors.findings, height);
    let columns = FindingColumns::of(&visible, app.findings(), usize::from(list.width));
    let shown: Vec<&FindingRow> = visible.iter().skip(start).take(height).copied().collect();
    let mut lines: Vec<Line> = Vec::new();
    for (i, (n, drawn)) in shown
        .iter()
        .zip(finding_lines(&shown, columns, |id| app.unsaved_mark(id)))
        .enumerate()
    {
        let base = if !n.is_open() {
            styles.withdrawn()
        } else {
            match n.grade() {
                Grade::Major => styles.alarm(),
                Grade::Minor | Grade::Observation | Grade::AreaOfConcern => styles.warn(),
                Grade::Opportunity | Grade::Strength => styles.text(),
            }
        };
        let selected = start + i == app.cursors.findings;
        lines.push(Line::styled(drawn.row, row_style(selected, styles, base)));
        if let Some(lacks) = drawn.lacks {
            lines.push(Line::styled(
                lacks,
                row_style(selected, styles, styles.alarm()),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), list);
}
