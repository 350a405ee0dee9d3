//! The certification body's own Word template, filled from the report context: the tags
//! docxtpl users know (`{{ audit.client }}`, `{%p for f in findings %}` paragraph loops,
//! `{%tr for … %}` table-row loops, `{%p if … %}`) in `word/document.xml` and every header
//! and footer, rendered by minijinja with the context's fields at the top level and the
//! language file's words as `t`; every other entry of the zip is copied as it is. The zip is
//! read within limits (`package`), tags split across runs are joined (`source`), every value
//! is escaped for XML with its control characters made visible, and a render is bounded by
//! fuel and by the size of what it writes.

mod package;
mod source;

use std::collections::BTreeMap;

use minijinja::{Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value};
use serde::Serialize;

use super::words::Words;
use source::{Kind, Source};

/// The example report context (`example_context`).
const EXAMPLE: &str = include_str!("../../../assets/report/example-context.json");

/// The most one rendered part may hold.
const MAX_OUTPUT: usize = 64 * 1024 * 1024;
/// The fuel every render has, whatever the context holds.
const BASE_FUEL: u64 = 100_000;
/// The fuel added for each item of a list in the context: a loop over what the context
/// holds always fits, a loop of a hundred thousand over nothing does not.
const FUEL_PER_ITEM: u64 = 1_000;
/// The most tags `check` lists before it stops looking.
const MAX_PROBLEMS: usize = 500;

/// Why a Word template could not be read or filled.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The file is not a zip.
    #[error("the template is not a Word document (.docx): it cannot be read as a zip file ({0})")]
    NotZip(String),
    /// The zip has more entries than a template needs.
    #[error("the template has {count} entries, more than the {max} a Word document needs: refused")]
    TooManyEntries {
        /// How many it has.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// An entry inflates to more than allowed.
    #[error(
        "the template's entry {name} inflates to {size} bytes, more than the {max} allowed: refused (a zip bomb?)"
    )]
    EntryTooLarge {
        /// The entry.
        name: String,
        /// What it inflates to, as far as read.
        size: u64,
        /// The most allowed.
        max: u64,
    },
    /// An entry compresses far better than a document does.
    #[error(
        "the template's entry {name} inflates {ratio} times its size, more than the {max} times a document does: refused (a zip bomb?)"
    )]
    Ratio {
        /// The entry.
        name: String,
        /// How many times its size it inflates to.
        ratio: u64,
        /// The most allowed.
        max: u64,
    },
    /// The whole template inflates to more than allowed.
    #[error("the template inflates to more than {max} bytes: refused (a zip bomb?)")]
    TooLarge {
        /// The most allowed.
        max: u64,
    },
    /// An entry cannot be read.
    #[error("the template's entry {name} cannot be read: {reason}")]
    Unreadable {
        /// The entry.
        name: String,
        /// Why.
        reason: String,
    },
    /// The zip has no `word/document.xml`.
    #[error("the template is not a Word document: it has no word/document.xml")]
    NoDocument,
    /// A part is not well-formed XML.
    #[error("the template's {part} is not well-formed XML: {reason}")]
    Xml {
        /// The part.
        part: String,
        /// Why.
        reason: String,
    },
    /// A tag is wrong, or failed when rendered.
    #[error("{0}")]
    Tag(Problem),
    /// A part could not be filled, though no one tag can be named.
    #[error("the template's {part} cannot be filled: {reason}")]
    Filled {
        /// The part.
        part: String,
        /// Why.
        reason: String,
    },
    /// The document could not be packed.
    #[error("the filled document could not be written: {0}")]
    Write(String),
}

/// A tag that does not parse or does not resolve, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The part it is in (`word/document.xml`, `word/header1.xml`).
    pub part: String,
    /// Its paragraph in the part, counted from 1; 0 when it is in the part as a whole.
    pub paragraph: usize,
    /// The tag as written; empty when the problem is in the part as a whole.
    pub tag: String,
    /// The paragraph's text around it.
    pub around: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.tag.is_empty() {
            return write!(f, "{}: {}", self.part, self.reason);
        }
        write!(
            f,
            "{}, paragraph {}: {}: {} (in \"{}\")",
            self.part, self.paragraph, self.tag, self.reason, self.around
        )
    }
}

/// A Word template, read and its parts made into templates.
pub struct WordTemplate {
    entries: Vec<package::Entry>,
    /// The parts with tags: the entry's index and its source.
    parts: Vec<(usize, Source)>,
}

impl WordTemplate {
    /// The largest template file read: whatever is larger is refused unread.
    pub const MAX_BYTES: u64 = package::MAX_TOTAL;

    /// The template in `bytes` (a .docx file), refused with a clear error if it is not a
    /// Word document or inflates beyond the limits.
    pub fn read(bytes: &[u8]) -> Result<WordTemplate, TemplateError> {
        let entries = package::read(bytes)?;
        if !entries.iter().any(|e| e.name == "word/document.xml") {
            return Err(TemplateError::NoDocument);
        }
        let mut parts = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            if !is_rendered(&entry.name) {
                continue;
            }
            let xml = std::str::from_utf8(&entry.data).map_err(|e| TemplateError::Xml {
                part: entry.name.clone(),
                reason: e.to_string(),
            })?;
            parts.push((i, source::parse(&entry.name, xml)?));
        }
        Ok(WordTemplate { entries, parts })
    }

    /// The document filled from `context` (its fields at the top level) and `words` (as `t`).
    pub fn render(
        &self,
        context: &impl Serialize,
        words: &Words,
    ) -> Result<Vec<u8>, TemplateError> {
        let (data, fuel) = data(context, words);
        let env = environment(fuel, words);
        let mut entries = self.entries.clone();
        for (i, source) in &self.parts {
            let part = &entries[*i].name;
            if let Some((tag, reason)) = source.faults.first() {
                return Err(TemplateError::Tag(problem(part, tag, reason.clone())));
            }
            let rendered =
                render_part(&env, source, &BTreeMap::new(), &data).map_err(|f| match f {
                    Failure::At(t, reason) => {
                        TemplateError::Tag(problem(part, &source.tags[t], reason))
                    }
                    Failure::Part(reason) => TemplateError::Filled {
                        part: part.clone(),
                        reason,
                    },
                })?;
            entries[*i].data = rendered;
        }
        package::write(&entries)
    }

    /// Every tag that does not parse or does not resolve when the template is filled from
    /// `context` and `words`, with where it is; none when the template is sound.
    pub fn check(&self, context: &impl Serialize, words: &Words) -> Vec<Problem> {
        let (data, fuel) = data(context, words);
        let env = environment(fuel, words);
        let mut problems = Vec::new();
        for (i, source) in &self.parts {
            let part = &self.entries[*i].name;
            for (tag, reason) in &source.faults {
                problems.push(problem(part, tag, reason.clone()));
            }
            let mut replaced = BTreeMap::new();
            for (t, tag) in source.tags.iter().enumerate() {
                if tag.kind == Kind::Print
                    && let Err(e) = env.template_from_str(&tag.source())
                {
                    problems.push(problem(part, tag, reason(&e)));
                    replaced.insert(t, "{{\nnone}}".to_owned());
                }
            }
            while problems.len() < MAX_PROBLEMS {
                match render_part(&env, source, &replaced, &data) {
                    Ok(_) => break,
                    Err(Failure::At(t, _)) if replaced.contains_key(&t) => break,
                    Err(Failure::At(t, why)) => {
                        let tag = &source.tags[t];
                        problems.push(problem(part, tag, why));
                        match neutral(tag) {
                            Some(text) => {
                                replaced.insert(t, text);
                            }
                            None => break,
                        }
                    }
                    Err(Failure::Part(reason)) => {
                        problems.push(Problem {
                            part: part.clone(),
                            paragraph: 0,
                            tag: String::new(),
                            around: String::new(),
                            reason,
                        });
                        break;
                    }
                }
            }
        }
        problems
    }
}

/// The report context of an example audit (two days, every kind of finding, an incomplete
/// nonconformity, a withdrawn finding, interviews, an overridden recommendation), to fill a
/// template with when no plan is given: `assets/report/example-context.json`, written by
/// the report tests from their fixture.
pub fn example_context() -> serde_json::Value {
    serde_json::from_str(EXAMPLE).expect("the built-in example context is valid JSON")
}

/// Whether the entry `name` is a part whose tags are rendered: the document, its headers
/// and its footers.
fn is_rendered(name: &str) -> bool {
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".xml"))
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    };
    name == "word/document.xml" || numbered("word/header") || numbered("word/footer")
}

fn problem(part: &str, tag: &source::Tag, reason: String) -> Problem {
    Problem {
        part: part.to_owned(),
        paragraph: tag.paragraph,
        tag: tag.written.clone(),
        around: tag.around.clone(),
        reason,
    }
}

/// What went wrong with a render.
enum Failure {
    /// At the tag of that index, for that reason.
    At(usize, String),
    /// In the part as a whole (no line to name a tag by, the output too large or not XML).
    Part(String),
}

/// What a template sees, and the fuel its render gets: the context's fields, `t` the words.
fn data(context: &impl Serialize, words: &Words) -> (Value, u64) {
    let mut json = serde_json::to_value(context).unwrap_or_default();
    let items = count_items(&json);
    if let serde_json::Value::Object(map) = &mut json {
        map.insert(
            "t".to_owned(),
            serde_json::to_value(words).unwrap_or_default(),
        );
    }
    (
        Value::from_serialize(&json),
        BASE_FUEL + FUEL_PER_ITEM * items,
    )
}

/// How many items the lists in `value` hold, at every depth.
fn count_items(value: &serde_json::Value) -> u64 {
    match value {
        serde_json::Value::Array(items) => {
            items.len() as u64 + items.iter().map(count_items).sum::<u64>()
        }
        serde_json::Value::Object(map) => map.values().map(count_items).sum(),
        _ => 0,
    }
}

fn environment(fuel: u64, words: &Words) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(fuel));
    env.set_formatter(xml_value);
    super::render::add_filters(&mut env, words);
    env
}

/// Prints a value as the text of a `<w:t>`: nothing for none, else its text with control
/// and bidirectional characters made visible, XML-escaped, each line break a Word line
/// break. Whatever a template does (`|safe` included), a value never becomes markup.
fn xml_value(out: &mut Output, _state: &State, value: &Value) -> Result<(), Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = value.to_string();
    let text = super::docx::xml_text(&text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_str("</w:t><w:br/><w:t xml:space=\"preserve\">")?;
        }
        out.write_str(
            &line
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        )?;
    }
    Ok(())
}

/// A writer that refuses to grow beyond [`MAX_OUTPUT`].
struct Capped {
    out: Vec<u8>,
    full: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > MAX_OUTPUT {
            self.full = true;
            return Err(std::io::Error::other("the output is too large"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `source` rendered from `data`, the `replaced` tags written as given.
fn render_part(
    env: &Environment,
    source: &Source,
    replaced: &BTreeMap<usize, String>,
    data: &Value,
) -> Result<Vec<u8>, Failure> {
    let text = source.text(replaced);
    let at = |e: &Error| {
        let unclosed = e.kind() == ErrorKind::SyntaxError
            && e.detail().is_some_and(|d| d.contains("end of input"));
        match e.line().and_then(|line| source.tag_at_line(line)) {
            _ if unclosed => Failure::Part(format!(
                "{}: a {{%p for %}} or {{%p if %}} (or {{%tr %}}, {{% %}}) without its endfor or endif",
                reason(e)
            )),
            Some(tag) => Failure::At(tag, reason(e)),
            None => Failure::Part(reason(e)),
        }
    };
    let template = env.template_from_str(&text).map_err(|e| at(&e))?;
    let mut out = Capped {
        out: Vec::new(),
        full: false,
    };
    match template.render_captured_to(data, &mut out) {
        Ok(_) => well_formed(&out.out).map(|()| out.out),
        Err(_) if out.full => Err(Failure::Part(format!(
            "it renders to more than {MAX_OUTPUT} bytes: refused (a loop without end?)"
        ))),
        Err(e) => Err(at(&e)),
    }
}

/// Whether a filled part is well-formed XML: it is not when a `{%p %}` or `{%tr %}` block
/// opens in one place (a table, a cell) and closes in another.
fn well_formed(xml: &[u8]) -> Result<(), Failure> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => buf.clear(),
            Err(e) => {
                return Err(Failure::Part(format!(
                    "filled, it is not well-formed XML ({e}): does a {{%p %}} or {{%tr %}} block open in one place (a table, a cell) and close in another?"
                )));
            }
        }
    }
}

/// What is wrong, in words.
fn reason(e: &Error) -> String {
    let what = match e.kind() {
        ErrorKind::UndefinedError => {
            "does not resolve: the report context has no such value".to_owned()
        }
        ErrorKind::SyntaxError => "does not parse".to_owned(),
        ErrorKind::OutOfFuel => {
            "runs too long: a loop longer than anything the report context holds".to_owned()
        }
        kind => kind.to_string(),
    };
    match e.detail() {
        Some(detail) => format!("{what} ({detail})"),
        None => what,
    }
}

/// A stand-in for a tag found wrong, so that `check` goes on to the tags after it: a print
/// prints nothing, a condition is false, a loop runs over nothing, a `set` sets none. None
/// for anything else.
fn neutral(tag: &source::Tag) -> Option<String> {
    let inner = tag
        .inner
        .trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '+');
    let statement = |s: String| Some(format!("{{%\n{s}%}}"));
    match tag.kind {
        Kind::Print => Some("{{\nnone}}".to_owned()),
        Kind::Comment => None,
        Kind::Statement | Kind::Paragraph | Kind::Row => {
            let word = inner.split_whitespace().next().unwrap_or_default();
            match word {
                "if" | "elif" => statement(format!("{word} false")),
                "for" => inner
                    .split_once(" in ")
                    .and_then(|(head, _)| statement(format!("{head} in []"))),
                "set" => inner
                    .split_once('=')
                    .and_then(|(head, _)| statement(format!("{head}= none"))),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(value: Value) -> String {
        let env = environment(1_000, Words::english());
        env.template_from_str("{{ v }}|{{ v | safe }}")
            .unwrap()
            .render(minijinja::context! { v => value })
            .unwrap()
    }

    #[test]
    fn a_value_is_text_in_word_whatever_the_template_does() {
        assert_eq!(
            output(Value::from("</w:t><w:p>&amp;\u{202e}\nnext")),
            "&lt;/w:t&gt;&lt;w:p&gt;&amp;amp;\\u{202e}</w:t><w:br/><w:t xml:space=\"preserve\">next|&lt;/w:t&gt;&lt;w:p&gt;&amp;amp;\\u{202e}</w:t><w:br/><w:t xml:space=\"preserve\">next"
        );
        assert_eq!(output(Value::from("\u{fffe}")), "\\u{fffe}|\\u{fffe}");
    }

    #[test]
    fn a_tag_found_wrong_is_stood_in_for_so_the_check_goes_on() {
        let tag = |kind, inner: &str| source::Tag {
            kind,
            inner: inner.to_owned(),
            written: String::new(),
            paragraph: 1,
            around: String::new(),
        };
        assert_eq!(neutral(&tag(Kind::Print, " x.y ")).unwrap(), "{{\nnone}}");
        assert_eq!(
            neutral(&tag(Kind::Paragraph, " for f, g in x.items() ")).unwrap(),
            "{%\nfor f, g in []%}"
        );
        assert_eq!(
            neutral(&tag(Kind::Row, "- if a.b -")).unwrap(),
            "{%\nif false%}"
        );
        assert_eq!(
            neutral(&tag(Kind::Statement, " set x = y ")).unwrap(),
            "{%\nset x = none%}"
        );
        assert_eq!(neutral(&tag(Kind::Statement, " endfor ")), None);
    }

    /// A template whose document body is `body`.
    fn template(body: &str) -> WordTemplate {
        let document = format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
        let zip = package::write(&[package::Entry {
            name: "word/document.xml".to_owned(),
            data: document.into_bytes(),
            folder: false,
        }])
        .unwrap();
        WordTemplate::read(&zip).unwrap()
    }

    #[test]
    fn a_block_that_opens_in_a_cell_and_closes_outside_is_refused_in_words() {
        let template = template(concat!(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{%p if false %}</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "<w:p/><w:p><w:r><w:t>{%p endif %}</w:t></w:r></w:p>"
        ));
        let words = Words::english();
        let err = template.render(&serde_json::json!({}), words).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "the template's word/document.xml cannot be filled: filled, it is not well-formed XML"
            ),
            "{err}"
        );
        let problems = template.check(&serde_json::json!({}), words);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn a_block_without_its_end_is_named_once_for_its_part() {
        let template = template(concat!(
            "<w:p><w:r><w:t>{%p for f in findings %}</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>{{ f.number }}</w:t></w:r></w:p>"
        ));
        let problems = template.check(&serde_json::json!({"findings": []}), Words::english());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].paragraph, 0);
        assert!(
            problems[0].reason.contains("without its endfor or endif"),
            "{problems:?}"
        );
    }

    #[test]
    fn whitespace_control_stays_with_its_delimiter() {
        let template =
            template("<w:p><w:r><w:t>A {{- x -}} B {%- if true +%} C{% endif %}</w:t></w:r></w:p>");
        let filled = template
            .render(&serde_json::json!({"x": 1}), Words::english())
            .unwrap();
        let entries = package::read(&filled).unwrap();
        let xml = String::from_utf8(entries[0].data.clone()).unwrap();
        assert!(xml.contains(">A1B C</w:t>"), "{xml}");
    }

    #[test]
    fn paragraphs_are_counted_empty_ones_too() {
        let template = template("<w:p/><w:p></w:p><w:p><w:r><w:t>{{ nope }}</w:t></w:r></w:p>");
        let problems = template.check(&serde_json::json!({}), Words::english());
        assert_eq!(problems[0].paragraph, 3, "{problems:?}");
    }

    #[test]
    fn only_the_document_its_headers_and_its_footers_are_rendered() {
        for (name, rendered) in [
            ("word/document.xml", true),
            ("word/header1.xml", true),
            ("word/footer12.xml", true),
            ("word/header.xml", true),
            ("word/styles.xml", false),
            ("word/headerx.xml", false),
            ("customXml/item1.xml", false),
        ] {
            assert_eq!(is_rendered(name), rendered, "{name}");
        }
    }
}
