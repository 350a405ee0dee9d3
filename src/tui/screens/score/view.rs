//! Draws the score: the headline figures, then each planted nonconformity, the false findings
//! and the red herrings, in words and symbols (never by colour alone).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::ScoreShown;
use crate::practice::{EvidenceShown, Outcome, Score};
use crate::tui::app::App;
use crate::tui::style::Styles;
use crate::tui::view::safe;

/// Draws the score in `area`, scrolled as `shown` says.
pub(crate) fn draw(frame: &mut Frame, _app: &App, shown: &ScoreShown, area: Rect, styles: &Styles) {
    let lines: Vec<Line> = lines(&shown.score, styles)
        .into_iter()
        .skip(shown.scroll.into())
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Yes or no, as a mark that reads without colour.
fn mark(yes: bool) -> &'static str {
    if yes { "✓" } else { "✗" }
}

/// Where a handout or answer was, and when it was shown (or that it never was).
fn evidence_line(e: &EvidenceShown) -> String {
    let when = match &e.shown {
        Some(at) => format!("shown at {at}"),
        None => "never asked for".to_string(),
    };
    format!(
        "    {} ({}, {}): {when}",
        safe(&e.what),
        safe(&e.id),
        safe(&e.place)
    )
}

/// The score's lines, top to bottom.
fn lines<'a>(score: &Score, styles: &Styles) -> Vec<Line<'a>> {
    let line = |text: String, style: Style| Line::styled(text, style);
    let time = match score.minutes_used {
        Some(used) => format!("{used} min used of {} planned", score.minutes_planned),
        None => format!("time not measured ({} min planned)", score.minutes_planned),
    };
    let mut out = vec![
        line(
            format!("Practice score {} / {}", score.points, score.out_of),
            styles.heading(),
        ),
        line(
            format!(
                "Nonconformities found {} of {} ({} misgraded) · false findings {} · red herrings avoided {} of {}",
                score.found,
                score.planted,
                score.misgraded,
                score.false_findings.len(),
                score.herrings.iter().filter(|h| h.avoided).count(),
                score.herrings.len()
            ),
            styles.text(),
        ),
        line(
            format!(
                "Samples covered {} of {} · {time}",
                score.samples_covered, score.samples_planned
            ),
            styles.text(),
        ),
        Line::raw(""),
        line("Planted nonconformities".into(), styles.heading()),
    ];
    for nc in &score.ncs {
        let grade = nc.grade.label();
        match nc.outcome {
            Outcome::Found | Outcome::Misgraded => {
                let (word, style) = match nc.outcome {
                    Outcome::Found => ("✓ found", styles.ok()),
                    _ => ("~ misgraded", styles.warn()),
                };
                let recorded = match nc.recorded {
                    Some(g) if g != nc.grade => format!(", recorded as {}", g.label()),
                    _ => String::new(),
                };
                out.push(line(
                    format!(
                        "{word} {} {grade}{recorded} → {}",
                        nc.reference,
                        nc.finding.as_deref().unwrap_or("")
                    ),
                    style,
                ));
                out.push(line(
                    format!(
                        "    requirement {} · statement {} · objective evidence {} · linked to what showed it {}",
                        mark(nc.requirement),
                        mark(nc.statement),
                        mark(nc.objective_evidence),
                        mark(nc.linked)
                    ),
                    styles.text(),
                ));
            }
            Outcome::Missed => {
                let lesser = match nc.recorded {
                    Some(g) => format!(" (raised only as {})", g.label()),
                    None => String::new(),
                };
                out.push(line(
                    format!("✗ missed {} {grade}{lesser}", nc.reference),
                    styles.alarm(),
                ));
                if !nc.explanation.is_empty() {
                    out.push(line(
                        format!("    {}", safe(&nc.explanation)),
                        styles.text(),
                    ));
                }
                out.push(line("    What showed it:".into(), styles.dim()));
                out.extend(
                    nc.evidence
                        .iter()
                        .map(|e| line(evidence_line(e), styles.text())),
                );
            }
        }
    }
    out.push(Line::raw(""));
    out.push(line("False findings".into(), styles.heading()));
    if score.false_findings.is_empty() {
        out.push(line("none".into(), styles.dim()));
    }
    for f in &score.false_findings {
        let herring = match &f.herring {
            Some(h) => format!(" — a red herring ({})", safe(h)),
            None => String::new(),
        };
        out.push(line(
            format!(
                "✗ {} {} {}: {}{herring}",
                f.number,
                f.grade.label(),
                f.references.join(", "),
                safe(&f.statement)
            ),
            styles.alarm(),
        ));
    }
    out.push(Line::raw(""));
    out.push(line("Red herrings".into(), styles.heading()));
    if score.herrings.is_empty() {
        out.push(line("none in this scenario".into(), styles.dim()));
    }
    for h in &score.herrings {
        let (word, style) = match h.avoided {
            true => ("✓ avoided", styles.ok()),
            false => ("✗ fell for", styles.alarm()),
        };
        out.push(line(format!("{word} {}", h.reference), style));
        if !h.explanation.is_empty() {
            out.push(line(format!("    {}", safe(&h.explanation)), styles.text()));
        }
    }
    out
}
