//! The document list with each document's review state, and the Stage 1 conclusion below it,
//! computed afresh from the record at every draw.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::audit::{Area, DocumentReview, ReviewState, stage1_conclusion};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::style::Styles;
use crate::tui::view::{cut, fit, list_header, row_style, safe, scroll_start, wrapped_height};

/// Draws the Document review screen.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let reviews = app.audit().document_reviews(&app.plan);
    let reviewed = reviews
        .iter()
        .filter(|r| r.state() != ReviewState::NotReviewed)
        .count();
    let conclusion = conclusion_lines(app, styles);
    let panel = (wrapped_height(&conclusion, area.width) + 1).min(area.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(panel)]).areas(area);
    let heading = format!("Document review ({reviewed}/{} reviewed)", reviews.len());
    let list = list_header(frame, top, &heading, Vec::new(), "", false, styles);
    if reviews.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "The plan lists no documents and the catalogue names none.",
                styles.dim(),
            )),
            list,
        );
    } else {
        let height = usize::from(list.height);
        let start = scroll_start(app.cursors.documents, height);
        let width = usize::from(list.width);
        let lines: Vec<Line> = (reviews.iter().enumerate())
            .skip(start)
            .take(height)
            .map(|(i, review)| {
                let (text, base) = row(review, width, styles);
                Line::styled(text, row_style(i == app.cursors.documents, styles, base))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
    }
    frame.render_widget(
        Paragraph::new(conclusion)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::TOP)),
        bottom,
    );
}

/// One document's line: its state in a word and a symbol, the clause requiring it, its title,
/// and what the review found, sharing the width.
fn row(
    review: &DocumentReview<'_>,
    width: usize,
    styles: &Styles,
) -> (String, ratatui::style::Style) {
    let (state, style) = match review.state() {
        ReviewState::Seen => ("✓ seen", styles.ok()),
        ReviewState::NotSeen => ("✗ not seen", styles.alarm()),
        ReviewState::NotReviewed => ("· to review", styles.text()),
    };
    let reference = review.document.reference.as_deref().unwrap_or("");
    let found = review
        .review
        .map(|(_, r)| {
            let mut parts = Vec::new();
            if !r.version.is_empty() {
                parts.push(format!("v {}", r.version));
            }
            if r.seen && r.approved_by.trim().is_empty() {
                parts.push("no approval".to_string());
            }
            if r.current == Some(false) {
                parts.push("not current".to_string());
            }
            if r.accessible == Some(false) {
                parts.push("not accessible".to_string());
            }
            safe(&parts.join(" · "))
        })
        .unwrap_or_default();
    let found_width = (width / 3).min(found.chars().count());
    let title_width = width.saturating_sub(12 + 9 + found_width + 2);
    let text = format!(
        "{}{}{} {}",
        fit(state, 12),
        fit(&safe(reference), 9),
        fit(&safe(&review.document.title), title_width),
        cut(&found, found_width)
    );
    (text, style)
}

/// The Stage 1 conclusion as it stands: ready or not, what holds Stage 2 back, what to fix
/// first, and how many documents are still to review.
fn conclusion_lines(app: &App, styles: &Styles) -> Vec<Line<'static>> {
    let c = stage1_conclusion(&app.plan, app.audit());
    let mut verdict = if c.ready {
        "Stage 1: ready to proceed to Stage 2".to_string()
    } else {
        "Stage 1: NOT READY to proceed to Stage 2".to_string()
    };
    if !c.unreviewed.is_empty() {
        verdict.push_str(&format!(" (provisional: {} to review)", c.unreviewed.len()));
    }
    let mut lines = vec![Line::styled(
        verdict,
        if c.ready { styles.ok() } else { styles.alarm() },
    )];
    for trigger in &c.triggers {
        lines.push(Line::styled(
            format!("  ✗ {}", trigger.label()),
            styles.alarm(),
        ));
    }
    if !c.soa_missing.is_empty() {
        lines.push(Line::styled(
            format!("    not in the SoA: {}", safe(&c.soa_missing.join(", "))),
            styles.alarm(),
        ));
    }
    if let Some(soa) = app.plan.soa.as_ref().and_then(|s| s.checked.as_ref()) {
        lines.push(Line::styled(
            format!("  SoA {}: {}", safe(&soa.file), soa.summary()),
            styles.dim(),
        ));
    }
    for area in &c.areas {
        let text = match area {
            Area::Finding {
                number,
                provisional,
                references,
                statement,
                ..
            } => format!(
                "{number}{} {}: {}",
                if *provisional { "?" } else { "" },
                references.join(", "),
                statement
            ),
            Area::NotApproved { document } => format!("{document}: shows no approval"),
            Area::NotCurrent { document } => format!("{document}: not current"),
            Area::NotAccessible { document } => format!("{document}: not accessible to staff"),
            Area::NotSeen { document } => format!("{document}: not seen"),
            Area::UnjustifiedExclusions { count } => {
                format!("SoA exclusions without justification: {count}")
            }
            Area::SoaProblems { count } => {
                format!("other SoA problems: {count} (duplicates, 2013 or unknown ids, no Y/N)")
            }
        };
        lines.push(Line::styled(
            format!("  • fix first: {}", safe(&text)),
            styles.warn(),
        ));
    }
    if c.triggers.is_empty() && c.areas.is_empty() {
        let key = app.keymap.key(&super::LIST, &Action::NewFinding);
        lines.push(Line::styled(
            format!("  Nothing to fix yet; {key} raises an area of concern on a document."),
            styles.dim(),
        ));
    }
    lines
}
