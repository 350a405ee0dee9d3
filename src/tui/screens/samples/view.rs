//! The sampled control checks: the list with status, theme, owner and filters, and one
//! sample's detail with what to ask for and what was recorded on it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::DetailRow;
use crate::audit::SampleStatus;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::first_line;
use crate::tui::style::Styles;
use crate::tui::view::{cut, fit, list_header, row_style, safe, scroll_start, wrapped_height};

/// Draws the Samples screen: the list, or the open sample's detail.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    match &app.open_sample {
        Some(reference) => draw_detail(frame, app, reference, area, styles),
        None => draw_list(frame, app, area, styles),
    }
}

fn status_style(status: &SampleStatus, styles: &Styles) -> ratatui::style::Style {
    match status {
        SampleStatus::NotStarted => styles.dim(),
        SampleStatus::InProgress => styles.warn(),
        SampleStatus::Conforming => styles.ok(),
        SampleStatus::FindingRaised => styles.alarm(),
        SampleStatus::NotAssessed { .. } => styles.dim(),
    }
}

fn draw_list(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    let f = &app.sample_filter;
    let mut filters = Vec::new();
    if let Some(status) = f.status {
        filters.push(format!("status: {status}"));
    }
    if let Some(theme) = &f.theme {
        filters.push(format!("theme: {theme}"));
    }
    let visible = app.visible_samples();
    let heading = format!("Samples ({})", visible.len());
    let list = list_header(frame, area, &heading, filters, &f.query, f.typing, styles);
    let wide = area.width >= 110;
    let height = list.height as usize;
    let start = scroll_start(app.cursors.samples, height);
    let title_width = if wide { 44 } else { 25 };
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, s)| {
            let entry = app.catalogue.get(&s.reference);
            let title = entry.map(|e| safe(&e.title)).unwrap_or_default();
            let theme = entry
                .and_then(|e| e.theme.as_deref())
                .and_then(|t| app.catalogue.theme(t))
                .map(|t| t.title.split_whitespace().next().unwrap_or("").to_string())
                .unwrap_or_else(|| "Clause".into());
            let planned = app
                .plan
                .samples
                .iter()
                .find(|p| p.reference.value == s.reference);
            let owner = planned
                .map(|p| safe(&p.owner))
                .unwrap_or_else(|| "(unplanned)".into());
            let selected = i == app.cursors.samples;
            let short_theme = match (wide, entry.and_then(|e| e.theme.as_deref())) {
                (true, _) => String::new(),
                (false, Some(id)) => format!("{id:<4}"),
                (false, None) => "cl. ".to_string(),
            };
            let mut spans = vec![
                Span::styled(
                    format!(
                        "{:<8} {} {short_theme}",
                        s.reference,
                        fit(&title, title_width)
                    ),
                    row_style(selected, styles, styles.text()),
                ),
                Span::styled(
                    format!("{:<14}", fit(s.status.label(), 14)),
                    row_style(selected, styles, status_style(&s.status, styles)),
                ),
            ];
            if wide {
                spans.push(Span::styled(
                    format!(" {:<14} {}", fit(&theme, 14), cut(&owner, 30)),
                    row_style(selected, styles, styles.dim()),
                ));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn draw_detail(frame: &mut Frame, app: &App, reference: &str, area: Rect, styles: &Styles) {
    let entry = app.catalogue.get(reference);
    let planned = app
        .plan
        .samples
        .iter()
        .find(|p| p.reference.value == reference);
    let progress = app.samples().iter().find(|s| s.reference == reference);
    let mut plan_lines = vec![Line::from(vec![
        Span::styled(
            format!(
                "{reference} {}",
                entry.map(|e| safe(&e.title)).unwrap_or_default()
            ),
            styles.heading(),
        ),
        Span::styled(
            format!(
                "   {}",
                progress
                    .as_ref()
                    .map_or("not started", |p| p.status.label())
            ),
            progress
                .as_ref()
                .map_or(styles.dim(), |p| status_style(&p.status, styles)),
        ),
    ])];
    if let Some(SampleStatus::NotAssessed { reason }) = progress.as_ref().map(|p| &p.status) {
        plan_lines.push(Line::raw(format!("Not assessed: {}", safe(reason))));
    }
    match planned {
        Some(p) => {
            if !p.why.is_empty() {
                plan_lines.push(Line::raw(format!("Why: {}", safe(&p.why))));
            }
            if !p.owner.is_empty() {
                plan_lines.push(Line::raw(format!("Owner: {}", safe(&p.owner))));
            }
            for e in &p.evidence {
                plan_lines.push(Line::raw(format!("Ask for: {}", safe(e))));
            }
            for q in &p.questions {
                plan_lines.push(Line::raw(format!("Ask: {}", safe(q))));
            }
        }
        None => plan_lines.push(Line::styled(
            "Unplanned sample (audit trail)",
            styles.warn(),
        )),
    }
    let plan_height = (wrapped_height(&plan_lines, area.width) + 2).min(area.height / 2);
    let [top, list] =
        Layout::vertical([Constraint::Length(plan_height), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(plan_lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::BOTTOM)),
        top,
    );
    let rows = app.detail_rows();
    let mut lines: Vec<Line> = Vec::new();
    if rows.is_empty() {
        let key = |action| app.keymap.key(&super::DETAIL, &action);
        lines.push(Line::styled(
            format!(
                "Nothing recorded yet: {} evidence · {} note · {} finding · {} conforming",
                key(Action::AddEvidence),
                key(Action::NewNote),
                key(Action::NewFinding),
                key(Action::Conclude)
            ),
            styles.dim(),
        ));
    }
    let height = list.height as usize;
    let start = scroll_start(app.cursors.detail, height);
    for (i, row) in rows.iter().enumerate().skip(start).take(height) {
        let (text, base) = match row {
            DetailRow::Evidence(item) => (evidence_line(app, item.id, item.content), styles.text()),
            DetailRow::Note(item) => (
                format!("note: {}", safe(first_line(&item.content.text))),
                styles.text(),
            ),
            DetailRow::Finding(f) => (
                format!(
                    "{} {}{}: {}",
                    f.number,
                    f.grade().label(),
                    if f.is_open() { "" } else { " (withdrawn)" },
                    safe(first_line(&f.content.statement))
                ),
                if f.is_open() {
                    styles.alarm()
                } else {
                    styles.withdrawn()
                },
            ),
        };
        let mark = app.unsaved_mark(row.id());
        lines.push(Line::styled(
            format!("{text}{mark}"),
            row_style(i == app.cursors.detail, styles, base),
        ));
    }
    lines.extend(drafts_of(app, reference, styles));
    lines.extend(said_in_interviews(app, reference, styles));
    frame.render_widget(Paragraph::new(lines), list);
}

/// An evidence item on one line: what was seen, how it is identified, the file's fingerprint.
fn evidence_line(app: &App, id: ulid::Ulid, e: &crate::audit::EvidenceItem) -> String {
    let mut t = format!("evidence: {}", safe(first_line(&e.seen)));
    for part in [&e.identifier, &e.version, &e.date, &e.sample_size] {
        if !part.is_empty() {
            t.push_str(&format!(" · {}", safe(part)));
        }
    }
    if let Some(file) = &e.file {
        let fingerprint = match app.audit().fingerprint_of(id) {
            None => "fingerprint pending".to_string(),
            Some(f) => match f.unreadable() {
                Some(why) => format!("no fingerprint: {}", safe(why)),
                None => format!("sha256 {}", f.sha256().get(..12).unwrap_or(f.sha256())),
            },
        };
        t.push_str(&format!(" · file {} {fingerprint}", safe(&file.path)));
    }
    t
}

/// Text left in forms of this sample that were never saved: shown so nothing typed is lost
/// from sight.
fn drafts_of(app: &App, reference: &str, styles: &Styles) -> Vec<Line<'static>> {
    app.drafts_of(reference)
        .map(|d| {
            Line::styled(
                format!(
                    "draft {} ({}): {}",
                    d.what,
                    d.field,
                    safe(first_line(&d.text))
                ),
                styles.warn(),
            )
        })
        .collect()
}

/// What the interviews said about the sample's control, under the sample's own items: how each
/// interview compared with the records, then each note on the control, one line each, by who
/// said it and when.
fn said_in_interviews(app: &App, reference: &str, styles: &Styles) -> Vec<Line<'static>> {
    let audit = app.audit();
    let who = |i: &crate::audit::Interview| {
        let at = i.item.created.at.with_timezone(app.now.offset());
        format!(
            "{} {}",
            safe(&i.item.content.interviewee),
            at.format("%a %H:%M")
        )
    };
    let mut lines = Vec::new();
    let corroborations = audit.corroborations_of(reference);
    let said = audit.said_about(reference);
    if !corroborations.is_empty() || !said.is_empty() {
        lines.push(Line::styled("In interviews:", styles.dim()));
    }
    for (interview, c) in corroborations {
        let style = match c.verdict {
            crate::audit::Verdict::Contradicts => styles.warn(),
            _ => styles.dim(),
        };
        let note = match c.note.as_str() {
            "" => String::new(),
            note => format!(": {}", safe(first_line(note))),
        };
        lines.push(Line::styled(
            format!("{}: {}{note}", who(&interview), c.verdict.label()),
            style,
        ));
    }
    for (interview, note) in said {
        let n = &note.content;
        let said = match n.question.as_str() {
            "" => safe(first_line(&n.text)),
            q => format!("{} → {}", safe(first_line(q)), safe(first_line(&n.text))),
        };
        lines.push(Line::styled(
            format!("{}: {said}", who(&interview)),
            styles.dim(),
        ));
    }
    lines
}
