//! The help: every key of every context, read from the key tables in effect (the user's key
//! file applied), those of the screen under it first, in as many columns as the terminal has
//! room for, a page at a time (↓ turns it). Long lines are cut at the column's edge.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::view::centred;
use crate::tui::app::App;
use crate::tui::screens;
use crate::tui::style::Styles;

/// How wide a column of the help is.
const COLUMN: u16 = 39;

/// Draws page `page` of the help over `area` (the last page when there are fewer).
pub(super) fn draw(frame: &mut Frame, app: &App, page: usize, area: Rect, styles: &Styles) {
    let under = (screens::of(app.screen).context)(app);
    let mut lines = Vec::new();
    for (context, rows) in app.keymap.sections(Some(under)) {
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::styled(context.title, styles.heading()));
        for row in rows {
            let keys = if row.keys.is_empty() {
                "(none)".to_string()
            } else {
                row.keys.join(" ")
            };
            let label = row.label;
            lines.push(Line::from(vec![
                Span::styled(format!(" {keys:<13}"), styles.key()),
                Span::raw(format!(" {label}")),
            ]));
        }
    }
    let columns = usize::from((area.width.saturating_sub(2) / COLUMN).clamp(1, 4));
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let per_page = rows * columns;
    let pages = lines.len().div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let lines = lines.split_off((page * per_page).min(lines.len()));
    let rows = lines.len().div_ceil(columns).clamp(1, rows);
    let columns = lines.len().div_ceil(rows).clamp(1, columns);
    let width = (columns as u16 * COLUMN + 2).min(area.width);
    let rect = centred(area, width, rows as u16 + 2);
    frame.render_widget(Clear, rect);
    let title = if pages > 1 {
        format!(" Keys, page {} of {pages} ", page + 1)
    } else {
        " Keys ".to_string()
    };
    let block = Block::bordered().title(Span::styled(title, styles.heading()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let areas =
        Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns]).split(inner);
    for (column, chunk) in lines.chunks(rows).take(columns).enumerate() {
        frame.render_widget(Paragraph::new(chunk.to_vec()), areas[column]);
    }
}
