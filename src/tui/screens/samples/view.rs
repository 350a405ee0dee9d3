//! The sampled control checks: the list with status, theme, owner and filters, and one
//! sample's detail with what to ask for and what was recorded on it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::DetailRow;
use crate::audit::{ClosureVerdict, SampleStatus, Verification, assigned_auditor};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::forms::first_line;
use crate::tui::style::Styles;
use crate::tui::view::{
    cut, cut_apart, fit, list_header, row_style, safe, scroll_start, scroll_start_by, widest,
    wrapped_height,
};

/// Draws the Samples screen: the list, or the open sample's detail.
pub(super) fn draw(frame: &mut Frame, app: &App, area: Rect, styles: &Styles) {
    if let Some(nc) = &app.open_closure {
        return draw_closure(frame, app, nc, area, styles);
    }
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

/// The widths of the sample list's columns in a list `width` columns wide: the title gets
/// room first (up to 30 columns), then the owner, the assigned auditor and the theme in words
/// where they fit, then whatever is left goes to the title, the owner and the auditor, each
/// up to its longest text. Zero: the column is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SampleColumns {
    reference: usize,
    title: usize,
    /// `A.5 ` when narrow, `Organizational` when there is room.
    theme: usize,
    owner: usize,
    auditor: usize,
}

/// Width of the status column: `finding raised`.
const STATUS: usize = 14;
/// Width of the theme in words: `Organizational`.
const THEME_WORDS: usize = 14;
/// Width of the theme as an id: `A.5`.
const THEME_ID: usize = 4;

impl SampleColumns {
    /// `need` is the longest reference, title, owner and auditor of the list.
    fn of(width: usize, need: [usize; 4]) -> SampleColumns {
        let [reference, title_need, owner_need, auditor_need] = need;
        let reference = reference.max(8);
        let mut room = width.saturating_sub(reference + 1 + STATUS + 1 + THEME_ID + 1);
        let mut title = title_need.min(30).min(room);
        room -= title;
        let mut take = |need: usize, first: usize, least: usize| {
            let want = need.min(first);
            if need == 0 || room < want.min(least) + 1 {
                return 0;
            }
            let got = want.min(room - 1);
            room -= got + 1;
            got
        };
        let mut owner = take(owner_need, 24, 12);
        let mut auditor = take(auditor_need, 16, 10);
        let theme = if room >= THEME_WORDS - THEME_ID {
            room -= THEME_WORDS - THEME_ID;
            THEME_WORDS
        } else {
            THEME_ID
        };
        let shown = [true, owner > 0, auditor > 0];
        for (column, need, shown) in [
            (&mut title, title_need, shown[0]),
            (&mut owner, owner_need, shown[1]),
            (&mut auditor, auditor_need, shown[2]),
        ] {
            if shown {
                let more = need.saturating_sub(*column).min(room);
                *column += more;
                room -= more;
            }
        }
        SampleColumns {
            reference,
            title,
            theme,
            owner,
            auditor,
        }
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
    let closures = app.listed_closures();
    let area = if closures.is_empty() {
        area
    } else {
        let wanted = u16::try_from(closures.len() + 2).unwrap_or(u16::MAX);
        let [top, rest] = Layout::vertical([
            Constraint::Length(wanted.min(area.height / 2)),
            Constraint::Min(0),
        ])
        .areas(area);
        draw_closure_rows(frame, app, &closures, top, styles);
        rest
    };
    // The cursor runs over the verification items first, then the samples.
    let cursor = app.cursors.samples.checked_sub(closures.len());
    let visible = app.visible_samples();
    let heading = format!("Samples ({})", visible.len());
    let list = list_header(frame, area, &heading, filters, &f.query, f.typing, styles);
    let height = list.height as usize;
    let start = scroll_start(cursor.unwrap_or(0), height);
    let title = |reference: &str| {
        app.catalogue
            .get(reference)
            .map(|e| safe(&e.title))
            .unwrap_or_default()
    };
    let owner = |reference: &str| {
        app.plan
            .samples
            .iter()
            .find(|p| p.reference.value == reference)
            .map(|p| safe(&p.owner))
            .unwrap_or_else(|| "(unplanned)".into())
    };
    let auditor = |reference: &str| safe(assigned_auditor(&app.plan, reference).unwrap_or(""));
    let references = || visible.iter().map(|s| s.reference.as_str());
    let need = [
        widest(references()),
        widest(references().map(title)),
        widest(references().map(owner)),
        widest(references().map(auditor)),
    ];
    let columns = SampleColumns::of(usize::from(list.width), need);
    let shown: Vec<_> = visible.iter().skip(start).take(height).collect();
    let titles: Vec<String> = shown.iter().map(|s| title(&s.reference)).collect();
    let titles = cut_apart(&titles, columns.title);
    let lines: Vec<Line> = shown
        .iter()
        .zip(titles)
        .enumerate()
        .map(|(i, (s, title))| {
            let entry = app.catalogue.get(&s.reference);
            let theme = match (columns.theme, entry.and_then(|e| e.theme.as_deref())) {
                (THEME_WORDS, Some(id)) => app
                    .catalogue
                    .theme(id)
                    .map(|t| t.title.split_whitespace().next().unwrap_or("").to_string())
                    .unwrap_or_default(),
                (THEME_WORDS, None) => "Clause".into(),
                (_, Some(id)) => id.to_string(),
                (_, None) => "cl.".into(),
            };
            let selected = Some(start + i) == cursor;
            let mut spans = vec![
                Span::styled(
                    format!(
                        "{} {} {} ",
                        fit(&s.reference, columns.reference),
                        fit(&title, columns.title),
                        fit(&theme, columns.theme)
                    ),
                    row_style(selected, styles, styles.text()),
                ),
                Span::styled(
                    fit(s.status.label(), STATUS),
                    row_style(selected, styles, status_style(&s.status, styles)),
                ),
            ];
            for (text, width) in [
                (owner(&s.reference), columns.owner),
                (auditor(&s.reference), columns.auditor),
            ] {
                if width > 0 {
                    spans.push(Span::styled(
                        format!(" {}", fit(&text, width)),
                        row_style(selected, styles, styles.dim()),
                    ));
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// The previous audit's nonconformities to verify, one line each, above the samples.
fn draw_closure_rows(
    frame: &mut Frame,
    app: &App,
    closures: &[Verification],
    area: Rect,
    styles: &Styles,
) {
    let mut lines = vec![Line::styled(
        format!(
            "Verify closure: the previous audit's nonconformities ({})",
            closures.len()
        ),
        styles.heading(),
    )];
    let height = usize::from(area.height.saturating_sub(2));
    let start = scroll_start(app.cursors.samples.min(closures.len()), height);
    for (i, v) in closures.iter().enumerate().skip(start).take(height) {
        let selected = i == app.cursors.samples;
        let (verdict, style) = verdict_words(v, styles);
        // The verdict comes before the date, so that a narrow screen cuts the date.
        let head = format!(
            "{} {} {}: ",
            safe(&v.nc.number),
            crate::library::grade_word(v.nc.grade),
            safe(&v.nc.references.join(", ")),
        );
        let width = usize::from(area.width);
        let room = width.saturating_sub(head.width());
        let verdict = cut(&verdict, room);
        let room = room.saturating_sub(verdict.width());
        lines.push(Line::from(vec![
            Span::styled(
                cut(&head, width),
                row_style(selected, styles, styles.text()),
            ),
            Span::styled(verdict, row_style(selected, styles, style)),
            Span::styled(
                cut(&format!(", {}", due_words(v)), room),
                row_style(selected, styles, styles.dim()),
            ),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::BOTTOM)),
        area,
    );
}

/// When the corrective action was due and whether that is past: `overdue (due 7 Jan 2026)`.
fn due_words(v: &Verification) -> String {
    match v.nc.due {
        Some(due) if v.overdue => format!("overdue (due {})", due.format("%-d %b %Y")),
        Some(due) => format!("due {}", due.format("%-d %b %Y")),
        None => "no due date".into(),
    }
}

/// Where the verification stands, in words, with its style: an open or ineffective one in the
/// alarm's.
fn verdict_words(v: &Verification, styles: &Styles) -> (String, ratatui::style::Style) {
    match v.verdict() {
        None => ("not verified".into(), styles.dim()),
        Some(ClosureVerdict::ClosedEffective) => {
            (ClosureVerdict::ClosedEffective.label().into(), styles.ok())
        }
        Some(verdict) => (verdict.label().into(), styles.alarm()),
    }
}

/// One previous nonconformity: the finding as the previous report states it, its due date,
/// the verification recorded and, when it is not closed effectively, the finding it becomes.
fn draw_closure(frame: &mut Frame, app: &App, nc: &str, area: Rect, styles: &Styles) {
    let closures = app.closures();
    let Some(v) = closures.iter().find(|v| v.nc.number == nc) else {
        return;
    };
    let key = |action| app.keymap.key(&super::CLOSURE, &action);
    let mut lines = vec![
        Line::styled(
            format!(
                "{} · {} · {}",
                safe(&v.nc.number),
                v.nc.grade.label(),
                safe(&v.nc.references.join(", "))
            ),
            styles.heading(),
        ),
        Line::raw(format!("Raised at: {}", safe(&app.previous_audit_name()))),
    ];
    for (label, text) in [
        ("Requirement", &v.nc.requirement),
        ("Statement", &v.nc.statement),
    ] {
        if !text.is_empty() {
            lines.push(Line::raw(format!("{label}: {}", safe(text))));
        }
    }
    let due_style = if v.overdue {
        styles.warn()
    } else {
        styles.text()
    };
    lines.push(Line::styled(
        format!("Corrective action: {}", due_words(v)),
        due_style,
    ));
    lines.push(Line::raw(""));
    let (verdict, style) = verdict_words(v, styles);
    match v.verified {
        None => lines.push(Line::styled(
            format!(
                "Not verified yet: {} records the corrective action seen, its evidence and the verdict",
                key(Action::VerifyClosure)
            ),
            styles.dim(),
        )),
        Some((origin, c)) => {
            let at = origin.at.with_timezone(app.now.offset());
            lines.push(Line::from(vec![
                Span::raw("Verdict: "),
                Span::styled(verdict, style),
                Span::styled(
                    format!(" · by {} {}", safe(&origin.by), at.format("%H:%M")),
                    styles.dim(),
                ),
            ]));
            for (label, text) in [
                ("Corrective action seen", &c.corrective_action),
                ("Evidence", &c.evidence),
            ] {
                if !text.is_empty() {
                    lines.push(Line::raw(format!("{label}: {}", safe(text))));
                }
            }
        }
    }
    if let Some(grade) = v.offered() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "A finding of this audit: {} raises it as a {} citing {}",
                key(Action::NewFinding),
                grade.label(),
                safe(&v.nc.number)
            ),
            styles.alarm(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
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
    if let Some(own) = app.plan.own_work(&app.auditor, reference) {
        plan_lines.push(Line::styled(safe(&own.to_string()), styles.alarm()));
    }
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
            for handed in app.handout_lines(reference) {
                plan_lines.push(Line::styled(safe(&handed), styles.warn()));
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
    // An incomplete nonconformity says what it lacks on a line of its own.
    let lacks = |row: &DetailRow| match row {
        DetailRow::Finding(f) if f.is_open() => f.content.incomplete(),
        _ => None,
    };
    let heights: Vec<usize> = rows
        .iter()
        .map(|row| 1 + usize::from(lacks(row).is_some()))
        .collect();
    let height = list.height as usize;
    let start = scroll_start_by(&heights, app.cursors.detail, height);
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
        // Another auditor's item says whose it is; this auditor's own items go unmarked.
        let by = match row.by() {
            by if by == app.auditor => String::new(),
            by => format!(" · by {}", safe(by)),
        };
        let selected = i == app.cursors.detail;
        lines.push(Line::styled(
            format!("{text}{by}{mark}"),
            row_style(selected, styles, base),
        ));
        if let Some(lacks) = lacks(row) {
            lines.push(Line::styled(
                format!("  {lacks}"),
                row_style(selected, styles, styles.alarm()),
            ));
        }
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
