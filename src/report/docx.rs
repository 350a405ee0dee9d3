//! The built-in audit report as a Word document: the sections of the HTML report, in its
//! order, written with docx-rs. Every paragraph and table names one of Word's built-in styles
//! by its usual id (`Title`, `Heading1`…`Heading3`, `ListBullet`, `TableGrid`), so that a
//! certification body restyles the whole report by changing those styles in Word; the words
//! come from the language file, and every value from a plan or record has its control and
//! bidirectional characters made visible before docx-rs escapes it for XML.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use docx_rs::{
    AbstractNumbering, BreakType, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat,
    Numbering, NumberingId, Paragraph, Run, Start, Style, StyleType, Table, TableCell,
    TableProperty, TableRow,
};
use serde::Serialize;

use super::ReportError;
use super::context::{EvidencePart, FindingPart, ReportContext, Stage1Part};
use super::words::Words;

/// The numbering the `ListBullet` style's paragraphs carry: a bullet.
const BULLETS: usize = 1;

/// The document being written, and the words it is written with.
pub(super) struct Writer<'a> {
    doc: Docx,
    pub(super) words: &'a Words,
}

impl<'a> Writer<'a> {
    /// An empty document written with `words`.
    pub(super) fn new(words: &'a Words) -> Writer<'a> {
        Writer {
            doc: document(),
            words,
        }
    }

    /// The document, packed and compressed.
    pub(super) fn finish(self) -> Result<Vec<u8>, ReportError> {
        let mut out = std::io::Cursor::new(Vec::new());
        self.doc
            .build()
            .pack(&mut out)
            .map_err(|e| ReportError::Docx(e.to_string()))?;
        deflated(&out.into_inner()).map_err(|e| ReportError::Docx(e.to_string()))
    }

    pub(super) fn word(&self, table: &str, key: &str) -> &'a str {
        self.words.get(table, key)
    }

    pub(super) fn styled(&mut self, style: &str, runs: Vec<Run>) {
        let paragraph = runs
            .into_iter()
            .fold(Paragraph::new().style(style), Paragraph::add_run);
        self.doc = std::mem::take(&mut self.doc).add_paragraph(paragraph);
    }

    pub(super) fn heading(&mut self, level: u8, text: &str) {
        self.styled(&format!("Heading{level}"), vec![run(text)]);
    }

    pub(super) fn para(&mut self, runs: Vec<Run>) {
        self.styled("Normal", runs);
    }

    pub(super) fn bullet(&mut self, runs: Vec<Run>) {
        let paragraph = runs.into_iter().fold(
            Paragraph::new()
                .style("ListBullet")
                .numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
            Paragraph::add_run,
        );
        self.doc = std::mem::take(&mut self.doc).add_paragraph(paragraph);
    }

    /// A paragraph with a bold label and the text after it.
    pub(super) fn labelled(&mut self, label: &str, text: &str) {
        self.para(vec![run(label).bold()]);
        if text.is_empty() {
            self.para(vec![run(self.word("label", "not_recorded")).italic()]);
        } else {
            self.para(vec![run(text)]);
        }
    }

    /// A table of rows of cells, the first row a header when `header` is set.
    pub(super) fn table(&mut self, rows: Vec<Vec<Vec<Run>>>, header: bool) {
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| {
                TableRow::new(
                    cells
                        .into_iter()
                        .map(|runs| {
                            let runs = runs
                                .into_iter()
                                .map(|r| if header && i == 0 { r.bold() } else { r });
                            TableCell::new()
                                .add_paragraph(runs.fold(Paragraph::new(), Paragraph::add_run))
                        })
                        .collect(),
                )
            })
            .collect();
        self.doc = std::mem::take(&mut self.doc).add_table(Table::new(rows).style("TableGrid"));
    }

    /// A two-column table of labels and values.
    pub(super) fn pairs(&mut self, pairs: Vec<(&str, Vec<Run>)>) {
        let rows = pairs
            .into_iter()
            .map(|(label, value)| vec![vec![run(label).bold()], value])
            .collect();
        self.table(rows, false);
    }
}

/// The zip `stored` (docx-rs stores its parts uncompressed) with every entry deflated: a
/// report's XML shrinks about tenfold.
fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut data = Vec::new();
    for i in 0..from.len() {
        let mut entry = from.by_index(i)?;
        if entry.is_dir() {
            to.add_directory(entry.name()?.into_owned(), options)?;
            continue;
        }
        data.clear();
        entry.read_to_end(&mut data)?;
        to.start_file(entry.name()?.into_owned(), options)?;
        to.write_all(&data)?;
    }
    Ok(to.finish()?.into_inner())
}

/// `text` as a Word document may hold it and the reader is to see it: control and
/// bidirectional characters visible (as every other format shows them), and the two
/// characters XML 1.0 cannot hold at all (U+FFFE, U+FFFF) likewise; newlines kept.
pub(super) fn xml_text(text: &str) -> std::borrow::Cow<'_, str> {
    let text = crate::text::escape_controls(text, true);
    if !text.contains(['\u{fffe}', '\u{ffff}']) {
        return text;
    }
    text.replace('\u{fffe}', "\\u{fffe}")
        .replace('\u{ffff}', "\\u{ffff}")
        .into()
}

/// A run of `text` as the reader is to see it: control and bidirectional characters visible,
/// each line after the first after a line break.
pub(super) fn run(text: &str) -> Run {
    let text = xml_text(text);
    let mut out = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out = out.add_break(BreakType::TextWrapping);
        }
        out = out.add_text(line);
    }
    out
}

/// How a serialised key (a grade, a meeting, a verdict) is written in the context.
fn key(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn datetime(words: &Words, t: &DateTime<FixedOffset>) -> String {
    local(words, &t.naive_local())
}

fn local(words: &Words, t: &NaiveDateTime) -> String {
    format!("{} {}", words.date(t.date()), t.format("%H:%M"))
}

fn date(words: &Words, d: &NaiveDate) -> String {
    words.date(*d)
}

/// The audit report of `context` as a Word document, with the words of `words`.
pub(super) fn docx(context: &ReportContext, words: &Words) -> Result<Vec<u8>, ReportError> {
    let mut w = Writer::new(words);
    w.styled("Title", vec![run(w.word("heading", "report"))]);
    w.styled("Subtitle", vec![run(&context.audit.title)]);
    audit(&mut w, context);
    meetings(&mut w, context);
    deviations(&mut w, context);
    w.heading(1, w.word("heading", "sampling"));
    w.para(vec![run(&context.sampling.statement)]);
    summary(&mut w, context);
    findings(&mut w, context);
    previous(&mut w, context);
    samples(&mut w, context);
    interviews(&mut w, context);
    if let Some(stage1) = &context.stage1 {
        document_review(&mut w, stage1);
    }
    recommendation(&mut w, context);
    if let Some(score) = &context.practice {
        practice(&mut w, score);
    }
    record(&mut w, context);
    w.finish()
}

/// An empty document with Word's built-in styles the report uses, under their built-in
/// names, and the bullet numbering of `ListBullet`.
fn document() -> Docx {
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
    };
    Docx::new()
        .default_size(21)
        .add_style(paragraph("Title", "Title").size(48))
        .add_style(paragraph("Subtitle", "Subtitle").size(28).bold())
        .add_style(
            paragraph("Heading1", "heading 1")
                .size(32)
                .bold()
                .outline_lvl(0),
        )
        .add_style(
            paragraph("Heading2", "heading 2")
                .size(26)
                .bold()
                .outline_lvl(1),
        )
        .add_style(
            paragraph("Heading3", "heading 3")
                .size(23)
                .bold()
                .outline_lvl(2),
        )
        .add_style(paragraph("ListBullet", "List Bullet"))
        .add_style(
            Style::new("TableGrid", StyleType::Table)
                .name("Table Grid")
                .table_property(TableProperty::new()),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(360),
                    Some(docx_rs::SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

/// What the audit is, for whom, against what and when: the fields the report's context and
/// the auditee's plan both hold, so that both Word documents print them alike.
pub(super) struct AuditFacts<'a> {
    client: &'a str,
    certification_body: Option<&'a str>,
    kind: &'a str,
    standard_title: &'a str,
    dates: &'a str,
    objectives: &'a [String],
    scope: &'a str,
    sites: &'a [String],
    criteria: &'a str,
}

impl<'a> From<&'a super::context::AuditPart> for AuditFacts<'a> {
    fn from(a: &'a super::context::AuditPart) -> AuditFacts<'a> {
        AuditFacts {
            client: &a.client,
            certification_body: a.certification_body.as_deref(),
            kind: &a.kind,
            standard_title: &a.standard_title,
            dates: &a.dates,
            objectives: &a.objectives,
            scope: &a.scope,
            sites: &a.sites,
            criteria: &a.criteria,
        }
    }
}

impl<'a> From<&'a super::plan_docs::AuditPart> for AuditFacts<'a> {
    fn from(a: &'a super::plan_docs::AuditPart) -> AuditFacts<'a> {
        AuditFacts {
            client: &a.client,
            certification_body: a.certification_body.as_deref(),
            kind: &a.kind,
            standard_title: &a.standard_title,
            dates: &a.dates,
            objectives: &a.objectives,
            scope: &a.scope,
            sites: &a.sites,
            criteria: &a.criteria,
        }
    }
}

/// The audit as the plan describes it, as the HTML documents show it.
pub(super) fn audit_section(w: &mut Writer, a: AuditFacts) {
    w.heading(1, w.word("heading", "audit"));
    let mut pairs = vec![(w.word("heading", "client"), vec![run(a.client)])];
    if let Some(cb) = a.certification_body {
        pairs.push((w.word("heading", "certification_body"), vec![run(cb)]));
    }
    pairs.extend([
        (w.word("heading", "kind"), vec![run(w.word("kind", a.kind))]),
        (w.word("heading", "standard"), vec![run(a.standard_title)]),
        (w.word("heading", "dates"), vec![run(a.dates)]),
    ]);
    w.pairs(pairs);
    w.heading(2, w.word("heading", "objectives"));
    for o in a.objectives {
        w.bullet(vec![run(o)]);
    }
    w.heading(2, w.word("heading", "scope"));
    w.para(vec![run(a.scope)]);
    if !a.sites.is_empty() {
        w.heading(2, w.word("heading", "sites"));
        for s in a.sites {
            w.bullet(vec![run(s)]);
        }
    }
    w.heading(2, w.word("heading", "criteria"));
    w.para(vec![run(a.criteria)]);
}

fn audit(w: &mut Writer, r: &ReportContext) {
    audit_section(w, (&r.audit).into());
    w.heading(2, w.word("heading", "team"));
    for m in &r.team {
        w.bullet(vec![run(&format!(
            "{}, {}",
            m.name,
            w.word("role", &m.role)
        ))]);
    }
}

fn meetings(w: &mut Writer, r: &ReportContext) {
    w.heading(1, w.word("heading", "meetings"));
    let words = w.words;
    let missing = || run(words.get("label", "not_recorded")).italic();
    for m in &r.meetings {
        w.heading(2, w.word("meeting", &key(&m.meeting)));
        w.pairs(vec![
            (
                w.word("label", "planned"),
                vec![
                    m.planned
                        .as_ref()
                        .map_or_else(|| run(w.word("label", "none")), |t| run(&local(w.words, t))),
                ],
            ),
            (
                w.word("label", "started"),
                vec![
                    m.started
                        .as_ref()
                        .map_or_else(missing, |t| run(&datetime(w.words, t))),
                ],
            ),
            (
                w.word("label", "ended"),
                vec![
                    m.ended
                        .as_ref()
                        .map_or_else(missing, |t| run(&datetime(w.words, t))),
                ],
            ),
        ]);
        w.para(vec![run(w.word("heading", "attendance")).bold()]);
        if m.attendees.is_empty() {
            w.para(vec![run(w.word("label", "none")).italic()]);
        }
        for a in &m.attendees {
            let mut text = a.name.clone();
            if !a.role.is_empty() {
                text.push_str(&format!(", {}", a.role));
            }
            if !a.organisation.is_empty() {
                text.push_str(&format!(" ({})", a.organisation));
            }
            w.bullet(vec![run(&text)]);
        }
    }
}

fn deviations(w: &mut Writer, r: &ReportContext) {
    w.heading(1, w.word("heading", "deviations"));
    if r.deviations.is_empty() {
        w.para(vec![run(w.word("label", "none"))]);
    }
    for d in &r.deviations {
        w.bullet(vec![run(&d.text)]);
    }
}

fn summary(w: &mut Writer, r: &ReportContext) {
    w.heading(1, w.word("heading", "summary"));
    let s = &r.summary;
    let mut rows = vec![vec![
        vec![run(w.word("label", "grade"))],
        vec![run(w.word("label", "count"))],
    ]];
    for (grade, count) in [
        ("major", s.major),
        ("minor", s.minor),
        ("observation", s.observation),
        ("opportunity", s.opportunity),
        ("strength", s.strength),
    ]
    .into_iter()
    .chain(
        (s.area_of_concern > 0 || r.stage1.is_some())
            .then_some(("area_of_concern", s.area_of_concern)),
    ) {
        rows.push(vec![
            vec![run(w.word("grade", grade))],
            vec![run(&count.to_string())],
        ]);
    }
    rows.push(vec![
        vec![run(w.word("label", "withdrawn_count"))],
        vec![run(&s.withdrawn.to_string())],
    ]);
    w.table(rows, true);
}

/// What a nonconformity lacks, in words, after `missing`.
fn lacking(w: &Writer, missing: &[String]) -> String {
    let what: Vec<&str> = missing.iter().map(|m| w.word("missing", m)).collect();
    format!("{} {}", w.word("label", "missing"), what.join(", "))
}

fn findings(w: &mut Writer, r: &ReportContext) {
    if !r.incomplete.is_empty() {
        w.heading(1, w.word("heading", "incomplete"));
        for i in &r.incomplete {
            let text = format!(": {}", lacking(w, &i.missing));
            w.bullet(vec![run(&i.number).bold(), run(&text)]);
        }
    }
    w.heading(1, w.word("heading", "findings"));
    if r.findings.is_empty() {
        w.para(vec![run(w.word("label", "none"))]);
    }
    for f in &r.findings {
        finding(w, f);
    }
    if !r.withdrawn.is_empty() {
        w.heading(1, w.word("heading", "withdrawn"));
        for f in &r.withdrawn {
            let mut runs = vec![
                run(&f.number).bold(),
                run(&format!(" {}: ", w.word("grade", &key(&f.grade)))),
                run(&crate::text::one_line(&f.statement)).strike(),
            ];
            if let Some(wd) = &f.withdrawn {
                runs.push(run(&format!(
                    " ({}, {}: {})",
                    wd.by,
                    datetime(w.words, &wd.at),
                    wd.reason
                )));
            }
            w.bullet(runs);
        }
    }
}

/// The verification of the previous audit's nonconformities, one table each.
fn previous(w: &mut Writer, r: &ReportContext) {
    let Some(p) = &r.previous else {
        return;
    };
    w.heading(1, w.word("heading", "previous"));
    let mut audit = p.title.clone();
    if !p.dates.is_empty() {
        audit.push_str(&format!(" ({})", p.dates));
    }
    w.para(vec![
        run(&format!("{}: ", w.word("label", "previous_audit"))).bold(),
        run(&audit),
    ]);
    for c in &p.nonconformities {
        w.heading(
            2,
            &format!("{} {}", c.number, w.word("grade", &key(&c.grade))),
        );
        let references: Vec<String> = (c.references.iter())
            .map(|r| format!("{} {}", r.id, r.title))
            .collect();
        let or_not_recorded = |text: String| match text.is_empty() {
            true => w.word("label", "not_recorded").to_owned(),
            false => text,
        };
        let due = match c.due {
            Some(due) if c.overdue => {
                format!("{} ({})", date(w.words, &due), w.word("label", "overdue"))
            }
            Some(due) => date(w.words, &due),
            None => w.word("label", "none").to_owned(),
        };
        let verdict = match c.verdict {
            Some(v) => w.word("closure", v.key()),
            None => w.word("label", "not_verified"),
        };
        let mut pairs = vec![
            (
                w.word("label", "references"),
                or_not_recorded(references.join("; ")),
            ),
            (
                w.word("label", "requirement"),
                or_not_recorded(c.requirement.clone()),
            ),
            (w.word("label", "statement"), c.statement.clone()),
            (w.word("label", "due"), due),
            (w.word("label", "verdict"), verdict.to_owned()),
        ];
        for (label, text) in [
            ("corrective_action_seen", &c.corrective_action),
            ("closure_evidence", &c.evidence),
        ] {
            if !text.is_empty() {
                pairs.push((w.word("label", label), text.clone()));
            }
        }
        if let (Some(by), Some(at)) = (&c.verified_by, &c.verified_at) {
            pairs.push((
                w.word("label", "verified_by"),
                format!("{by}, {}", datetime(w.words, at)),
            ));
        }
        w.pairs(
            pairs
                .iter()
                .map(|(label, text)| (*label, vec![run(text)]))
                .collect(),
        );
        if c.becomes_finding {
            w.para(vec![run(w.word("label", "becomes_finding")).bold()]);
        }
    }
}

fn finding(w: &mut Writer, f: &FindingPart) {
    let mut title = f.number.clone();
    if f.provisional {
        title.push_str(&format!(" ({})", w.word("label", "provisional")));
    }
    if let Some(was) = &f.was {
        title.push_str(&format!(" ({} {was})", w.word("label", "was")));
    }
    title.push_str(&format!(" {}", w.word("grade", &key(&f.grade))));
    w.heading(2, &title);
    if !f.incomplete.is_empty() {
        let text = format!(
            "{}: {}",
            w.word("label", "incomplete"),
            lacking(w, &f.incomplete)
        );
        w.para(vec![run(&text).bold().highlight("yellow")]);
    }
    w.para(vec![run(w.word("label", "references")).bold()]);
    if f.references.is_empty() {
        w.para(vec![run(w.word("label", "not_recorded")).italic()]);
    }
    for r in &f.references {
        w.bullet(vec![run(&format!("{} {}", r.id, r.title))]);
    }
    w.labelled(w.word("label", "requirement"), &f.requirement);
    w.labelled(w.word("label", "statement"), &f.statement);
    w.labelled(w.word("label", "objective_evidence"), &f.objective_evidence);
    if !f.evidence.is_empty() {
        w.para(vec![run(w.word("label", "evidence_items")).bold()]);
        for e in &f.evidence {
            w.bullet(vec![evidence(w, e)]);
        }
    }
    if !f.interviews.is_empty() {
        w.para(vec![run(w.word("label", "interviews_cited")).bold()]);
        for i in &f.interviews {
            let mut text = i.interviewee.clone();
            if !i.role.is_empty() {
                text.push_str(&format!(", {}", i.role));
            }
            if let Some(t) = &i.started {
                text.push_str(&format!(", {}", datetime(w.words, t)));
            }
            w.bullet(vec![run(&text)]);
        }
    }
    if let Some(due) = &f.corrective_action {
        let text = format!(
            "{} {} ({} {})",
            w.word("label", "due"),
            date(w.words, &due.due),
            due.days,
            w.word("label", "days")
        );
        w.para(vec![run(&text).bold()]);
    }
    w.para(vec![run(w.word("label", "response")).bold()]);
    if f.responses.is_empty() {
        w.para(vec![run(w.word("label", "not_recorded")).italic()]);
    }
    for resp in &f.responses {
        let when = format!(
            "({} {})",
            w.word("label", "recorded"),
            datetime(w.words, &resp.recorded_at)
        );
        if resp.kind == "accepted" {
            w.para(vec![run(&format!(
                "{} {when}",
                w.word("label", "accepted")
            ))]);
        } else {
            let text = format!("{} {} {when}:", w.word("label", "diverging"), resp.held_by);
            w.para(vec![run(&text)]);
            w.para(vec![run(&resp.text)]);
        }
    }
    let mut raised = format!(
        "{} {}, {}",
        w.word("label", "raised_by"),
        f.raised_by,
        datetime(w.words, &f.raised_at)
    );
    if let Some(sample) = &f.sample {
        raised.push_str(&format!(" · {} {sample}", w.word("label", "sample")));
    }
    w.para(vec![run(&raised)]);
    for m in &f.merged_from {
        let merged = format!(
            "{} {} ({}, {}): {}",
            w.word("label", "merged_from"),
            m.number,
            m.raised_by,
            datetime(w.words, &m.raised_at),
            m.statement.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        w.para(vec![run(&merged)]);
    }
}

/// An evidence item in one line: what was seen, its identifier, version, date, sample size
/// and the file with its fingerprint.
fn evidence(w: &Writer, e: &EvidencePart) -> Run {
    if e.removed {
        return run(w.word("label", "removed")).italic();
    }
    let mut text = e.seen.clone();
    let mut add = |label: &str, value: &str| {
        if !value.is_empty() {
            text.push_str(" · ");
            if !label.is_empty() {
                text.push_str(label);
                text.push(' ');
            }
            text.push_str(value);
        }
    };
    add("", &e.identifier);
    add(w.word("label", "version"), &e.version);
    add(w.word("label", "dated"), &e.date);
    add(w.word("label", "sample_size"), &e.sample_size);
    if let Some(file) = &e.file {
        add(w.word("label", "file"), &file.path);
        if !file.sha256.is_empty() {
            add(w.word("label", "sha256"), &file.sha256);
        } else if !file.unreadable.is_empty() {
            text.push_str(&format!(
                " · {}: {}",
                w.word("label", "unreadable"),
                file.unreadable
            ));
        }
    }
    run(&text)
}

fn samples(w: &mut Writer, r: &ReportContext) {
    let s = &r.samples;
    w.heading(1, w.word("heading", "samples"));
    let count = |n: usize| vec![run(&n.to_string())];
    w.pairs(vec![
        (w.word("label", "total"), count(s.total)),
        (w.word("label", "covered"), count(s.covered)),
        (w.word("label", "conforming"), count(s.conforming)),
        (w.word("label", "finding_raised"), count(s.finding_raised)),
        (w.word("label", "not_assessed"), count(s.not_assessed)),
    ]);
    let mut rows = vec![
        ["sample", "title", "status", "remarks"]
            .iter()
            .map(|k| vec![run(w.word("label", k))])
            .collect::<Vec<_>>(),
    ];
    for sample in &s.list {
        let mut status = w.word("status", sample.status).to_owned();
        if !sample.planned {
            status.push_str(&format!(" ({})", w.word("label", "unplanned")));
        }
        let mut remarks = String::new();
        if !sample.reason.is_empty() {
            remarks.push_str(&format!("{}: {}", w.word("label", "reason"), sample.reason));
        }
        if !sample.trail.is_empty() {
            remarks.push_str(&format!("{}: {}", w.word("label", "trail"), sample.trail));
        }
        for n in &sample.findings {
            remarks.push_str(&format!(" {n}"));
        }
        rows.push(vec![
            vec![run(&sample.reference)],
            vec![run(&sample.title)],
            vec![run(&status)],
            vec![run(remarks.trim_start())],
        ]);
    }
    w.table(rows, true);
}

fn interviews(w: &mut Writer, r: &ReportContext) {
    w.heading(1, w.word("heading", "interviews"));
    if r.interviews.is_empty() {
        w.para(vec![run(w.word("label", "none"))]);
    }
    for i in &r.interviews {
        let mut who = i.interviewee.clone();
        if !i.role.is_empty() {
            who.push_str(&format!(", {}", i.role));
        }
        w.heading(2, &who);
        let mut when = format!(
            "{}: {}",
            w.word("label", "when"),
            datetime(w.words, &i.started)
        );
        if let (Some(end), Some(minutes)) = (&i.ended, i.minutes) {
            when.push_str(&format!(
                "–{} ({minutes} {})",
                end.format("%H:%M"),
                w.word("label", "minutes")
            ));
        }
        w.bullet(vec![run(&when)]);
        if !i.department.is_empty() {
            w.bullet(vec![run(&format!(
                "{}: {}",
                w.word("label", "department"),
                i.department
            ))]);
        }
        if !i.controls.is_empty() {
            let text = format!("{}: {}", w.word("label", "controls"), i.controls.join(", "));
            w.bullet(vec![run(&text)]);
        }
        for c in &i.corroborations {
            let mut text = format!(
                "{}, {}: {}",
                w.word("label", "corroboration"),
                c.control,
                w.word("verdict", &key(&c.verdict))
            );
            if !c.note.is_empty() {
                text.push_str(&format!(": {}", c.note));
            }
            for e in c.evidence.iter().filter(|e| !e.removed) {
                text.push_str(&format!(" · {}", e.seen));
            }
            w.bullet(vec![run(&text)]);
        }
    }
    if !r.opinions.is_empty() {
        w.heading(1, w.word("heading", "opinions"));
        for o in &r.opinions {
            let text = format!(
                "{} ({} {})",
                o.held_by,
                w.word("label", "recorded"),
                datetime(w.words, &o.recorded_at)
            );
            w.para(vec![run(&text).bold()]);
            w.para(vec![run(&o.text)]);
        }
    }
}

/// The Stage 1 document review, a table of the documents, and the Stage 1 conclusion.
fn document_review(w: &mut Writer, s: &Stage1Part) {
    w.heading(1, w.word("stage1", "documents"));
    let yes_no = |v: Option<bool>| match v {
        Some(true) => w.word("stage1", "yes"),
        Some(false) => w.word("stage1", "no"),
        None => "",
    };
    let mut rows = vec![
        [
            "document",
            "state",
            "identifier",
            "version",
            "approved",
            "current",
            "accessible",
            "notes",
        ]
        .iter()
        .map(|k| vec![run(w.word("stage1", k))])
        .collect::<Vec<_>>(),
    ];
    for d in &s.documents {
        let title = match &d.reference {
            Some(reference) => format!("{} ({reference})", d.title),
            None => d.title.clone(),
        };
        let approved = match d.approved_on.as_str() {
            "" => d.approved_by.clone(),
            on => format!("{}, {on}", d.approved_by),
        };
        rows.push(
            [
                title.as_str(),
                &d.state_text,
                &d.identifier,
                &d.version,
                &approved,
                yes_no(d.current),
                yes_no(d.accessible),
                &d.notes,
            ]
            .iter()
            .map(|text| vec![run(text)])
            .collect(),
        );
    }
    w.table(rows, true);
    if let Some(soa) = &s.soa {
        w.heading(2, w.word("soa", "heading"));
        let text = format!("{}. {}.", soa.source, soa.summary);
        w.para(vec![run(&text)]);
        for p in &soa.problems {
            w.bullet(vec![run(&p.text)]);
        }
        if soa.problems.is_empty() {
            w.para(vec![run(w.word("soa", "no_problems"))]);
        }
    }
    let c = &s.conclusion;
    w.heading(1, w.word("stage1", "conclusion"));
    w.para(vec![run(&c.wording).bold()]);
    if c.provisional {
        w.para(vec![run(w.word("stage1", "provisional"))]);
    }
    let lists: [(&str, Vec<&str>); 3] = [
        (
            "triggers",
            c.triggers.iter().map(|t| t.text.as_str()).collect(),
        ),
        ("areas", c.areas.iter().map(String::as_str).collect()),
        (
            "unreviewed",
            c.unreviewed.iter().map(String::as_str).collect(),
        ),
    ];
    if !c.soa_missing.is_empty() {
        let text = format!(
            "{}: {}",
            w.word("stage1", "missing_controls"),
            c.soa_missing.join(", ")
        );
        w.para(vec![run(&text)]);
    }
    for (key, items) in lists {
        if items.is_empty() {
            continue;
        }
        w.para(vec![run(w.word("stage1", key)).bold()]);
        for item in items {
            w.bullet(vec![run(item)]);
        }
    }
}

fn recommendation(w: &mut Writer, r: &ReportContext) {
    let rec = &r.recommendation;
    w.heading(1, w.word("heading", "recommendation"));
    w.para(vec![run(&rec.wording).bold()]);
    match (&rec.stated, &rec.stated_by) {
        (true, Some(by)) => {
            w.para(vec![run(&format!(
                "{}: {by}",
                w.word("label", "stated_by")
            ))]);
        }
        (true, None) => {}
        (false, _) => w.para(vec![run(w.word("label", "not_stated"))]),
    }
    if rec.overridden {
        let text = format!(
            "{} {}: {}.",
            w.word("label", "overridden"),
            w.word("label", "follows"),
            rec.follows_wording
        );
        w.para(vec![run(&text)]);
        w.labelled(w.word("label", "justification"), &rec.justification);
    }
    if !rec.areas_of_concern.is_empty() {
        let text = format!(
            "{}: {}",
            w.word("label", "areas_of_concern"),
            rec.areas_of_concern.join(", ")
        );
        w.para(vec![run(&text)]);
    }
}

/// A practice audit's score against its scenario's answer key.
fn practice(w: &mut Writer, p: &crate::practice::Score) {
    let word = |key: &str| w.word("practice", key);
    let grade = |g: &crate::audit::Grade| w.word("grade", &key(g));
    let yes = |b: bool| word(if b { "yes" } else { "no" });
    let time = match p.minutes_used {
        Some(used) => format!("{used} {}", word("minutes")),
        None => word("not_measured").to_owned(),
    };
    let lines = [
        format!("{}: {} / {}", word("points"), p.points, p.out_of),
        format!(
            "{}: {} / {} ({} {})",
            word("found"),
            p.found,
            p.planted,
            p.misgraded,
            word("misgraded")
        ),
        format!("{}: {}", word("false_findings"), p.false_findings.len()),
        format!(
            "{}: {} / {}",
            word("herrings"),
            p.herrings.iter().filter(|h| h.avoided).count(),
            p.herrings.len()
        ),
        format!(
            "{}: {} / {}",
            word("samples"),
            p.samples_covered,
            p.samples_planned
        ),
        format!(
            "{}: {time} ({} {} {})",
            word("time"),
            p.minutes_planned,
            word("minutes"),
            word("planned")
        ),
    ];
    let mut ncs = Vec::new();
    for nc in &p.ncs {
        let head = format!("{} {}: ", nc.reference, grade(&nc.grade));
        let text = match nc.outcome {
            crate::practice::Outcome::Missed => {
                let shown: Vec<String> = nc
                    .evidence
                    .iter()
                    .map(|e| {
                        let when = match &e.shown {
                            Some(at) => format!("{} {at}", word("shown_at")),
                            None => word("never").to_owned(),
                        };
                        format!("{} ({}, {}): {when}", e.what, e.id, e.place)
                    })
                    .collect();
                format!(
                    "{}. {} {}: {}",
                    word("missed"),
                    nc.explanation,
                    word("showed"),
                    shown.join("; ")
                )
            }
            outcome => format!(
                "{} {} ({}{}); {} {}, {} {}, {} {}, {} {}",
                word("found_as"),
                nc.finding.as_deref().unwrap_or_default(),
                nc.recorded.as_ref().map(grade).unwrap_or_default(),
                match outcome {
                    crate::practice::Outcome::Misgraded => format!(", {}", word("misgraded")),
                    _ => String::new(),
                },
                word("requirement"),
                yes(nc.requirement),
                word("statement"),
                yes(nc.statement),
                word("objective_evidence"),
                yes(nc.objective_evidence),
                word("linked"),
                yes(nc.linked)
            ),
        };
        ncs.push(vec![run(&head).bold(), run(&text)]);
    }
    let falses: Vec<String> = p
        .false_findings
        .iter()
        .map(|f| {
            let herring = match &f.herring {
                Some(_) => format!(" ({})", word("red_herring")),
                None => String::new(),
            };
            format!(
                "{} {} {}: {}{herring}",
                f.number,
                grade(&f.grade),
                f.references.join(", "),
                f.statement
            )
        })
        .collect();
    let herrings: Vec<Vec<Run>> = p
        .herrings
        .iter()
        .map(|h| {
            let said = word(if h.avoided { "avoided" } else { "fell_for" });
            vec![
                run(&format!("{}: ", h.reference)).bold(),
                run(&format!("{said}. {}", h.explanation)),
            ]
        })
        .collect();
    let (heading, intro, nonconformities) = (
        word("heading").to_owned(),
        word("intro").to_owned(),
        word("nonconformities").to_owned(),
    );
    let (false_heading, herring_heading, none) = (
        word("false_findings").to_owned(),
        word("herrings").to_owned(),
        word("none").to_owned(),
    );
    w.heading(1, &heading);
    w.para(vec![run(&intro)]);
    for line in lines {
        w.bullet(vec![run(&line)]);
    }
    w.heading(2, &nonconformities);
    for nc in ncs {
        w.bullet(nc);
    }
    w.heading(2, &false_heading);
    if falses.is_empty() {
        w.para(vec![run(&none)]);
    }
    for f in falses {
        w.bullet(vec![run(&f)]);
    }
    w.heading(2, &herring_heading);
    if herrings.is_empty() {
        w.para(vec![run(&none)]);
    }
    for h in herrings {
        w.bullet(h);
    }
}

fn record(w: &mut Writer, r: &ReportContext) {
    w.heading(1, w.word("heading", "record"));
    for file in &r.record.files {
        let mut text = format!(
            "{}: {} {}",
            file.name,
            file.events,
            w.word("label", "events")
        );
        if let Some(seal) = &file.seal {
            text.push_str(&format!(", {} {seal}", w.word("label", "seal")));
        }
        w.bullet(vec![run(&text)]);
    }
    for n in &r.record.notices {
        w.bullet(vec![run(n)]);
    }
    if r.record.drafts > 0 {
        let text = format!("{}: {}", w.word("label", "drafts"), r.record.drafts);
        w.bullet(vec![run(&text)]);
    }
    if r.record.not_understood > 0 {
        let text = format!(
            "{}: {}",
            w.word("label", "not_understood"),
            r.record.not_understood
        );
        w.bullet(vec![run(&text)]);
    }
    w.para(vec![run(w.word("text", "printed_for"))]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_what_the_reader_sees_and_what_xml_can_hold() {
        assert_eq!(xml_text("plain — ログ"), "plain — ログ");
        assert_eq!(
            xml_text("a\u{1b}[31m\u{202e}b\nc\u{fffe}\u{ffff}"),
            "a\\u{1b}[31m\\u{202e}b\nc\\u{fffe}\\u{ffff}"
        );
    }
}
