//! A Word part (`word/document.xml`, a header, a footer) made into a minijinja template, the
//! way docxtpl users know it: the text of each paragraph is read across its runs, so that a
//! tag Word split over several `<w:r>`s (around a spelling mark, a bookmark, a change of
//! formatting) is joined into the run it starts in; a paragraph holding a `{%p … %}` tag is
//! replaced by the statement, a table row holding a `{%tr … %}` tag likewise; everything
//! else stays as Word wrote it. Each tag's expression is put on a line of its own in the
//! template source, so that an error's line names the tag, its paragraph and its part.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::TemplateError;

/// What a tag is, as its opening says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `{{ … }}`: prints a value.
    Print,
    /// `{% … %}`: a statement in the run's text.
    Statement,
    /// `{%p … %}`: a statement standing for its whole paragraph.
    Paragraph,
    /// `{%tr … %}`: a statement standing for its whole table row.
    Row,
    /// `{# … #}`: a comment.
    Comment,
}

/// A tag of the template, where it is and what it says.
#[derive(Debug, Clone)]
pub(super) struct Tag {
    /// What it is.
    pub kind: Kind,
    /// Its inside, between the delimiters (and the `p`/`tr` marker), quotes straightened.
    pub inner: String,
    /// As it is written in the document.
    pub written: String,
    /// The paragraph it is in, counted from 1 in the part.
    pub paragraph: usize,
    /// The paragraph's text around it.
    pub around: String,
}

impl Tag {
    /// The tag in the template source: its expression on a line of its own.
    /// (A whitespace-control mark, `{{-` or `{%+`, stays with the delimiter.)
    pub fn source(&self) -> String {
        let (mark, inner) = match self.inner.strip_prefix(['-', '+']) {
            Some(rest) => (&self.inner[..1], rest),
            None => ("", self.inner.as_str()),
        };
        match self.kind {
            Kind::Print => format!("{{{{{mark}\n{inner}}}}}"),
            Kind::Comment => "{#\n#}".to_owned(),
            Kind::Statement | Kind::Paragraph | Kind::Row => format!("{{%{mark}\n{inner}%}}"),
        }
    }
}

/// One piece of the template source.
#[derive(Debug, Clone)]
pub(super) enum Segment {
    /// Source as it is.
    Literal(String),
    /// The tag of that index.
    Tag(usize),
}

/// A part as a template: its source in pieces, and its tags.
#[derive(Debug, Clone, Default)]
pub(super) struct Source {
    /// The source, in order.
    pub segments: Vec<Segment>,
    /// The tags the segments name.
    pub tags: Vec<Tag>,
    /// What is wrong with a tag that cannot become template source at all (a tag not closed
    /// in its paragraph, a docxtpl marker not supported), with the tag's index.
    pub faults: Vec<(Tag, String)>,
}

impl Source {
    /// The template source, with `replaced` tags written as given instead.
    pub fn text(&self, replaced: &std::collections::BTreeMap<usize, String>) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(s) => out.push_str(s),
                Segment::Tag(i) => match replaced.get(i) {
                    Some(s) => out.push_str(s),
                    None => out.push_str(&self.tags[*i].source()),
                },
            }
        }
        out
    }

    /// The tag whose expression is on `line` of the source (counted from 1).
    pub fn tag_at_line(&self, line: usize) -> Option<usize> {
        let mut current = 1;
        let mut found = None;
        for segment in &self.segments {
            match segment {
                Segment::Literal(s) => current += s.matches('\n').count(),
                Segment::Tag(i) => {
                    if current < line {
                        found = Some(*i);
                    }
                    current += 1;
                }
            }
        }
        found
    }
}

/// A `<w:t>` of the part: where its start tag begins and its content ends, and its text.
struct TextNode {
    open: usize,
    end: usize,
    text: String,
}

/// A `<w:p>`: where it is, its text nodes, the table row it is in.
struct Para {
    start: usize,
    end: usize,
    nodes: Vec<usize>,
    row: Option<usize>,
}

/// The part `name`'s XML `xml` as a template.
pub(super) fn parse(name: &str, xml: &str) -> Result<Source, TemplateError> {
    let bad = |reason: String| TemplateError::Xml {
        part: name.to_owned(),
        reason,
    };
    let mut reader = Reader::from_str(xml);
    let mut nodes: Vec<TextNode> = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    let mut rows: Vec<(usize, usize)> = Vec::new();
    let (mut open_paras, mut open_rows) = (Vec::new(), Vec::new());
    let mut open_text: Option<(usize, usize)> = None;
    loop {
        let before = position(&reader);
        let event = reader.read_event().map_err(|e| bad(e.to_string()))?;
        let after = position(&reader);
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"w:p" => {
                    open_paras.push(paras.len());
                    paras.push(Para {
                        start: before,
                        end: before,
                        nodes: Vec::new(),
                        row: open_rows.last().copied(),
                    });
                }
                b"w:tr" => {
                    open_rows.push(rows.len());
                    rows.push((before, before));
                }
                b"w:t" => open_text = Some((before, after)),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"w:p" => {
                    if let Some(p) = open_paras.pop() {
                        paras[p].end = after;
                    }
                }
                b"w:tr" => {
                    if let Some(r) = open_rows.pop() {
                        rows[r].1 = after;
                    }
                }
                b"w:t" => {
                    if let Some((open, start)) = open_text.take() {
                        let text = quick_xml::escape::unescape(&xml[start..before])
                            .map_err(|e| bad(e.to_string()))?
                            .into_owned();
                        if let Some(&p) = open_paras.last() {
                            paras[p].nodes.push(nodes.len());
                        }
                        nodes.push(TextNode {
                            open,
                            end: before,
                            text,
                        });
                    }
                }
                _ => {}
            },
            Event::Empty(e) if e.name().as_ref() == b"w:p" => paras.push(Para {
                start: before,
                end: after,
                nodes: Vec::new(),
                row: open_rows.last().copied(),
            }),
            Event::Eof => break,
            _ => {}
        }
    }

    let mut source = Source::default();
    // What each text node becomes: pieces of text and tags.
    let mut pieces: Vec<Vec<Piece>> = (nodes.iter())
        .map(|n| vec![Piece::Text(n.text.clone())])
        .collect();
    // Whole paragraphs or rows replaced by their statements: (start, end, tags).
    let mut replaced: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (number, para) in paras.iter().enumerate() {
        let texts: Vec<&str> = para.nodes.iter().map(|&n| nodes[n].text.as_str()).collect();
        let (node_pieces, tags) = split(&texts, number + 1, &mut source);
        for (&n, p) in para.nodes.iter().zip(node_pieces) {
            pieces[n] = p;
        }
        let marked = |kind: Kind| -> Vec<usize> {
            tags.iter()
                .copied()
                .filter(|&t| source.tags[t].kind == kind)
                .collect()
        };
        let in_row = marked(Kind::Row);
        let in_para = marked(Kind::Paragraph);
        match (in_row.is_empty(), para.row) {
            (false, Some(row)) => replaced.push((rows[row].0, rows[row].1, in_row)),
            (false, None) => {
                for t in in_row {
                    let tag = source.tags[t].clone();
                    source
                        .faults
                        .push((tag, "a {%tr %} tag must be in a table row".to_owned()));
                }
            }
            (true, _) if !in_para.is_empty() => replaced.push((para.start, para.end, in_para)),
            _ => {}
        }
    }
    // Rows hold their paragraphs: a row replaced takes the tags of all its paragraphs.
    replaced.sort_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
    let mut merged: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for r in replaced {
        match merged.last_mut() {
            Some(last) if r.0 < last.1 => {
                if r.0 == last.0 && r.1 == last.1 {
                    last.2.extend(r.2);
                }
            }
            _ => merged.push(r),
        }
    }

    let mut cursor = 0;
    let mut next = merged.iter().peekable();
    for (n, node) in nodes.iter().enumerate() {
        if node.open < cursor {
            continue;
        }
        while let Some(r) = next.peek() {
            if r.1 <= node.open {
                literal(&mut source, &xml[cursor..r.0]);
                source.segments.extend(r.2.iter().map(|&t| Segment::Tag(t)));
                cursor = r.1;
                next.next();
            } else {
                break;
            }
        }
        if node.open < cursor || next.peek().is_some_and(|r| r.0 <= node.open) {
            continue;
        }
        literal(&mut source, &xml[cursor..node.open]);
        source
            .segments
            .push(Segment::Literal("<w:t xml:space=\"preserve\">".to_owned()));
        let count = pieces[n].len();
        for (i, piece) in pieces[n].iter().enumerate() {
            match piece {
                Piece::Text(text) => source
                    .segments
                    .push(Segment::Literal(braces(&escape(text), i + 1 < count))),
                Piece::Tag(t) => source.segments.push(Segment::Tag(*t)),
            }
        }
        cursor = node.end;
    }
    for r in next {
        literal(&mut source, &xml[cursor..r.0]);
        source.segments.extend(r.2.iter().map(|&t| Segment::Tag(t)));
        cursor = r.1;
    }
    literal(&mut source, &xml[cursor..]);
    Ok(source)
}

fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// Markup as template source: as it is, but any `{` that would open a tag printed as text.
fn literal(source: &mut Source, markup: &str) {
    if !markup.is_empty() {
        source
            .segments
            .push(Segment::Literal(braces(markup, false)));
    }
}

/// `text` with every `{` that would open a tag (followed by `{`, `%` or `#`, or last when a
/// tag follows) printed as text instead.
fn braces(text: &str, tag_follows: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let opens = match chars.peek() {
            Some(next) => matches!(next, '{' | '%' | '#'),
            None => tag_follows,
        };
        if c == '{' && opens {
            out.push_str("{{ \"{\" }}");
        } else {
            out.push(c);
        }
    }
    out
}

/// Text as the content of a `<w:t>`.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What a text node's content becomes.
enum Piece {
    Text(String),
    Tag(usize),
}

/// The text of one paragraph, `texts` by text node, cut into text and tags, each tag moved
/// whole into the node it starts in; the tags are added to `source` (paragraph `number`),
/// a tag not closed in its paragraph to its faults. Returns the pieces by node and the
/// indices of the paragraph's tags.
fn split(texts: &[&str], number: usize, source: &mut Source) -> (Vec<Vec<Piece>>, Vec<usize>) {
    let joined: String = texts.concat();
    let mut bounds = Vec::with_capacity(texts.len());
    let mut at = 0;
    for t in texts {
        bounds.push(at);
        at += t.len();
    }
    let node_of = |pos: usize| bounds.iter().rposition(|&b| b <= pos).unwrap_or(0);
    let mut pieces: Vec<Vec<Piece>> = texts.iter().map(|_| Vec::new()).collect();
    let mut tags = Vec::new();
    let mut pos = 0;
    let push_text = |pieces: &mut Vec<Vec<Piece>>, from: usize, to: usize| {
        let mut from = from;
        while from < to {
            let n = node_of(from);
            let end = bounds.get(n + 1).copied().unwrap_or(joined.len()).min(to);
            if end == from {
                break;
            }
            match pieces[n].last_mut() {
                Some(Piece::Text(t)) => t.push_str(&joined[from..end]),
                _ => pieces[n].push(Piece::Text(joined[from..end].to_owned())),
            }
            from = end;
        }
    };
    while let Some(found) = find_open(&joined[pos..]) {
        let open = pos + found;
        let close = match &joined[open + 1..open + 2] {
            "{" => "}}",
            "%" => "%}",
            _ => "#}",
        };
        push_text(&mut pieces, pos, open);
        let Some(end) = joined[open + 2..].find(close).map(|e| open + 2 + e + 2) else {
            let tag = tag_of(Kind::Print, "", &joined[open..], number, &joined, open);
            source
                .faults
                .push((tag, "the tag is not closed in its paragraph".to_owned()));
            push_text(&mut pieces, open, open + 1);
            pos = open + 1;
            continue;
        };
        let written = &joined[open..end];
        let inside = &written[2..written.len() - 2];
        let (kind, inner) = match close {
            "}}" => (Kind::Print, inside),
            "#}" => (Kind::Comment, inside),
            _ => marked(inside),
        };
        let tag = tag_of(kind, inner, written, number, &joined, open);
        if let Some(unsupported) = unsupported(kind, inside) {
            source.faults.push((tag, unsupported));
        } else {
            let index = source.tags.len();
            source.tags.push(tag);
            tags.push(index);
            pieces[node_of(open)].push(Piece::Tag(index));
        }
        pos = end;
    }
    push_text(&mut pieces, pos, joined.len());
    (pieces, tags)
}

/// Where the next tag opens in `text`, if anywhere.
fn find_open(text: &str) -> Option<usize> {
    ["{{", "{%", "{#"].iter().filter_map(|o| text.find(o)).min()
}

/// A statement's kind from its docxtpl marker (`p`, `tr`), and what follows the marker.
fn marked(inside: &str) -> (Kind, &str) {
    for (marker, kind) in [("p ", Kind::Paragraph), ("tr ", Kind::Row)] {
        if let Some(rest) = inside.strip_prefix(marker) {
            return (kind, rest);
        }
    }
    (Kind::Statement, inside)
}

/// Why a docxtpl marker this engine does not support (rich text `{{r }}`, `{{p }}`, cell
/// loops `{%tc %}`, run statements `{%r %}`) cannot be used, if the tag has one.
fn unsupported(kind: Kind, inside: &str) -> Option<String> {
    let (open, close, markers) = match kind {
        Kind::Print => ("{{", "}}", ["r ", "p "]),
        Kind::Statement => ("{%", "%}", ["r ", "tc "]),
        _ => return None,
    };
    markers.iter().find(|m| inside.starts_with(**m)).map(|m| {
        format!(
            "the {open}{} {close} marker is not supported: use {{%p %}} for a paragraph, {{%tr %}} for a table row",
            m.trim()
        )
    })
}

fn tag_of(kind: Kind, inner: &str, written: &str, number: usize, joined: &str, at: usize) -> Tag {
    Tag {
        kind,
        inner: straight_quotes(inner),
        written: written.to_owned(),
        paragraph: number,
        around: around(joined, at, written.len()),
    }
}

/// Word's typographic quotes, which it puts in for typed ones, as the template engine reads
/// quotes.
fn straight_quotes(text: &str) -> String {
    text.replace(['\u{201c}', '\u{201d}', '\u{201e}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
}

/// The text of a paragraph around the tag at `at`, `len` bytes long: at most 40 characters
/// either side.
fn around(joined: &str, at: usize, len: usize) -> String {
    let before: String = {
        let chars: Vec<char> = joined[..at].chars().rev().take(40).collect();
        chars.into_iter().rev().collect()
    };
    let after: String = joined[at + len..].chars().take(40).collect();
    format!("{before}{}{after}", &joined[at..at + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "xmlns:w=\"w\"";

    fn source_of(body: &str) -> String {
        let xml = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        parse("word/document.xml", &xml)
            .unwrap()
            .text(&Default::default())
    }

    #[test]
    fn a_tag_split_across_runs_is_joined_into_the_run_it_starts_in() {
        let source = source_of(concat!(
            "<w:p><w:r><w:t>A {{ au</w:t></w:r><w:proofErr/>",
            "<w:r><w:rPr><w:b/></w:rPr><w:t>dit.client</w:t></w:r>",
            "<w:r><w:t xml:space=\"preserve\"> }} &amp; B</w:t></w:r></w:p>"
        ));
        assert!(
            source.contains(concat!(
                "<w:r><w:t xml:space=\"preserve\">A {{\n audit.client }}</w:t></w:r><w:proofErr/>",
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"></w:t></w:r>",
                "<w:r><w:t xml:space=\"preserve\"> &amp; B</w:t></w:r>"
            )),
            "{source}"
        );
    }

    #[test]
    fn paragraph_and_row_tags_stand_for_their_paragraph_and_row() {
        let source = source_of(concat!(
            "<w:p><w:r><w:t>{%p for f in findings %}</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>{{ f.number }}</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{%tr for f in findings %}</w:t></w:r></w:p></w:tc></w:tr>",
            "<w:tr><w:tc><w:p><w:r><w:t>{{ f.statement }}</w:t></w:r></w:p></w:tc></w:tr>",
            "<w:tr><w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        ));
        assert_eq!(
            source,
            concat!(
                "<w:document xmlns:w=\"w\"><w:body>{%\nfor f in findings %}",
                "<w:p><w:r><w:t xml:space=\"preserve\">{{\n f.number }}</w:t></w:r></w:p>",
                "{%\nendfor %}<w:tbl>{%\nfor f in findings %}",
                "<w:tr><w:tc><w:p><w:r><w:t xml:space=\"preserve\">{{\n f.statement }}</w:t></w:r></w:p></w:tc></w:tr>",
                "{%\nendfor %}</w:tbl></w:body></w:document>"
            )
        );
    }

    #[test]
    fn braces_that_are_no_tag_stay_text() {
        let source =
            source_of("<w:p><w:r><w:t>a { b } {</w:t></w:r><w:r><w:t>{ x }}</w:t></w:r></w:p>");
        assert!(source.contains("a { b } {{\n x }}"), "{source}");
        assert_eq!(braces("{{%#", false), "{{ \"{\" }}{{ \"{\" }}%#");
        assert_eq!(braces("ends {", true), "ends {{ \"{\" }}");
        assert_eq!(braces("ends {", false), "ends {");
    }

    #[test]
    fn each_tag_s_expression_has_a_line_of_its_own() {
        let xml = format!(
            "<?xml version=\"1.0\"?>\r\n<w:document {NS}><w:body><w:p><w:r><w:t>{{{{ a }}}} {{{{ b }}}}</w:t></w:r></w:p></w:body></w:document>"
        );
        let source = parse("word/document.xml", &xml).unwrap();
        let text = source.text(&Default::default());
        let line_of = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;
        assert_eq!(source.tag_at_line(line_of(" a }}")), Some(0));
        assert_eq!(source.tag_at_line(line_of(" b }}")), Some(1));
        assert_eq!(source.tags[1].paragraph, 1);
        assert_eq!(source.tags[1].around, "{{ a }} {{ b }}");
    }

    #[test]
    fn word_s_quotes_are_read_as_plain_ones() {
        assert_eq!(
            straight_quotes("t.grade[\u{201c}major\u{201d}] ~ \u{2018}x\u{2019}"),
            "t.grade[\"major\"] ~ 'x'"
        );
    }
}
