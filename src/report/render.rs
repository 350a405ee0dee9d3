//! The Markdown and HTML documents: the templates in `assets/report/` (the audit report, and
//! before the audit the plan for the auditee and the evidence requests) rendered by minijinja
//! from their context and the language file. Every value a template prints is escaped for its
//! output by default (HTML entities, Markdown backslashes) after its control and
//! bidirectional characters are made visible, so text from a plan or a record cannot become
//! markup, whatever the template does.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior, Value};

use super::ReportError;
use super::templates::Templates;
use super::words::Words;
use crate::text::escape_controls;

/// The Markdown report's template.
const MARKDOWN: &str = include_str!("../../assets/report/report.md.j2");
/// The printable HTML report's template.
const HTML: &str = include_str!("../../assets/report/report.html.j2");
/// The auditee's copy of the plan in Markdown.
const PLAN_MARKDOWN: &str = include_str!("../../assets/report/auditee-plan.md.j2");
/// The auditee's copy of the plan as printable HTML.
const PLAN_HTML: &str = include_str!("../../assets/report/auditee-plan.html.j2");
/// The evidence requests in Markdown.
const REQUESTS_MARKDOWN: &str = include_str!("../../assets/report/evidence-requests.md.j2");
/// The evidence requests as printable HTML.
const REQUESTS_HTML: &str = include_str!("../../assets/report/evidence-requests.html.j2");

/// The escaping a template's name asks for: the `markdown` escaping of [`markdown`].
const MARKDOWN_ESCAPE: &str = "markdown";

/// Which template to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The Markdown report.
    Markdown,
    /// The printable HTML report.
    Html,
    /// The auditee's copy of the plan in Markdown.
    PlanMarkdown,
    /// The auditee's copy of the plan as printable HTML.
    PlanHtml,
    /// The evidence requests in Markdown.
    RequestsMarkdown,
    /// The evidence requests as printable HTML.
    RequestsHtml,
}

impl Template {
    /// The template's name (its escaping follows the extension) and its built-in text.
    fn source(self) -> (&'static str, &'static str) {
        match self {
            Template::Markdown => ("report.md", MARKDOWN),
            Template::Html => ("report.html", HTML),
            Template::PlanMarkdown => ("auditee-plan.md", PLAN_MARKDOWN),
            Template::PlanHtml => ("auditee-plan.html", PLAN_HTML),
            Template::RequestsMarkdown => ("evidence-requests.md", REQUESTS_MARKDOWN),
            Template::RequestsHtml => ("evidence-requests.html", REQUESTS_HTML),
        }
    }
}

/// Renders `template` (the auditor's own if `templates` has it, else the built-in one) from
/// `context` (the report context, or a plan document's) with the words of `words`.
pub fn render(
    template: Template,
    context: &impl serde::Serialize,
    words: &Words,
    templates: &Templates,
) -> Result<String, ReportError> {
    let (name, built_in) = template.source();
    let file = format!("{name}.j2");
    let source = templates.source(&file, built_in)?;
    let mut env = environment(words);
    let failed = |e| ReportError::Template(file.clone(), e);
    env.add_template_owned(name, source.into_owned())
        .map_err(failed)?;
    let data = Value::from_iter([
        ("r", Value::from_serialize(context)),
        ("t", Value::from_serialize(words)),
    ]);
    env.get_template(name)
        .and_then(|t| t.render(data))
        .map_err(failed)
}

fn environment(words: &Words) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN_ESCAPE)
        } else {
            AutoEscape::Html
        }
    });
    env.set_formatter(format);
    add_filters(&mut env, words);
    env
}

/// The filters every report template may use, with the words of `words`: `date`, `time`
/// and `datetime` for the context's times, `oneline` for text on one line.
pub(super) fn add_filters(env: &mut Environment, words: &Words) {
    let words = std::sync::Arc::new(words.clone());
    for (name, shape) in [
        ("date", Shape::Date),
        ("time", Shape::Time),
        ("datetime", Shape::DateTime),
    ] {
        let words = words.clone();
        env.add_filter(name, move |v: String| when(&v, &words, shape));
    }
    env.add_filter("oneline", |v: String| {
        v.split_whitespace().collect::<Vec<_>>().join(" ")
    });
}

/// Prints a value: nothing for none, else its text with control and bidirectional
/// characters made visible, escaped for the template's output.
fn format(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = value.to_string();
    let text = escape_controls(&text, true);
    match state.auto_escape() {
        AutoEscape::Custom(MARKDOWN_ESCAPE) => out.write_str(&markdown(&text))?,
        _ => minijinja::escape_formatter(out, state, &Value::from(text.as_ref()))?,
    }
    Ok(())
}

/// What of a date and time a filter prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// `24 Nov 2026`, as the language writes a date.
    Date,
    /// `09:05`.
    Time,
    /// `24 Nov 2026 09:05`.
    DateTime,
}

/// A date or time from the context (RFC 3339, or the plan's local `2026-11-24T09:00:00`, or
/// a date) in `shape`, with the words of `words`; anything else as it is.
pub(super) fn when(value: &str, words: &Words, shape: Shape) -> String {
    let at = DateTime::parse_from_rfc3339(value)
        .map(|t| t.naive_local())
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"));
    match (at, shape) {
        (Ok(t), Shape::Date) => words.date(t.date()),
        (Ok(t), Shape::Time) => t.format("%H:%M").to_string(),
        (Ok(t), Shape::DateTime) => format!("{} {}", words.date(t.date()), t.format("%H:%M")),
        (Err(_), Shape::Date) => NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_or_else(|_| value.to_owned(), |d| words.date(d)),
        (Err(_), _) => value.to_owned(),
    }
}

/// `text` as Markdown that shows exactly that text: every character Markdown could read as
/// markup (emphasis, links, images, HTML, headings, tables, code, entities) escaped with a
/// backslash, list and heading markers at the start of a line too, and the lines kept as
/// lines (a hard break between two lines, a paragraph break for an empty one).
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut blank = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            blank = true;
            continue;
        }
        if i > 0 && !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\\\n" });
        }
        blank = false;
        escape_line(&mut out, line);
    }
    out
}

fn escape_line(out: &mut String, line: &str) {
    let chars: Vec<char> = line.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let spaced = |i: usize| chars.get(i + 1).is_none_or(|c| c.is_whitespace());
    let rule = |c: char| chars.iter().all(|&d| d == c || d == ' ');
    for (i, &c) in chars.iter().enumerate() {
        let marker = i == 0
            && match c {
                '-' => spaced(0) || rule('-'),
                '+' => spaced(0),
                '=' => rule('='),
                _ => false,
            };
        let numbered = i == digits && digits > 0 && matches!(c, '.' | ')') && spaced(i);
        let entity = c == '&'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_alphanumeric() || *n == '#');
        if marker
            || numbered
            || entity
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup_and_keeps_lines() {
        assert_eq!(
            markdown("*bold* _it_ [link](x) <img src=x onerror=alert(1)> a|b # h `c` &amp; ![i]"),
            r"\*bold\* \_it\_ \[link\](x) \<img src=x onerror=alert(1)\> a\|b \# h \`c\` \&amp; \!\[i\]"
        );
        assert_eq!(
            markdown("first\nsecond\n\nthird"),
            "first\\\nsecond\n\nthird"
        );
        assert_eq!(
            markdown("- item\n+ item\n1. one\n12) twelve\n=====\n---\n    code"),
            "\\- item\\\n\\+ item\\\n1\\. one\\\n12\\) twelve\\\n\\=====\\\n\\---\\\ncode"
        );
        assert_eq!(
            markdown("4.1 and A.8.2, -3, R & D"),
            "4.1 and A.8.2, -3, R & D"
        );
        assert_eq!(markdown(r"back\slash"), r"back\\slash");
        assert_eq!(markdown("plain words, 3 of 12."), "plain words, 3 of 12.");
    }

    #[test]
    fn dates_read_from_every_shape_the_context_has() {
        let en = Words::english();
        let fr = Words::built_in("fr").unwrap();
        assert_eq!(when("2026-11-24T09:05:00+01:00", en, Shape::Time), "09:05");
        assert_eq!(
            when("2026-11-24T09:05:00", en, Shape::DateTime),
            "24 Nov 2026 09:05"
        );
        assert_eq!(
            when("2026-11-24T09:05:00+01:00", fr, Shape::DateTime),
            "24 nov. 2026 09:05"
        );
        assert_eq!(when("2026-12-25", en, Shape::Date), "25 Dec 2026");
        assert_eq!(when("2026-12-25", fr, Shape::Date), "25 déc. 2026");
        assert_eq!(when("2026-12-25", en, Shape::Time), "2026-12-25");
        assert_eq!(when("soon", en, Shape::Time), "soon");
    }
}
