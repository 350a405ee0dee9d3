//! The forms of the audit day: which fields each has, filled from the item being changed and
//! from any draft left by an interrupted session, and what saving each one records.

use ulid::Ulid;

use super::app::{App, FormPurpose, OpenForm};
use super::form::{Field, Form};
use crate::audit::{
    AttendeeAdded, DivergingOpinion, Event, EvidenceEdited, EvidenceItem, FileSeen, Finding,
    FindingEdited, FindingWithdrawn, Grade, InterviewNoteWritten, Note, NoteEdited, Recommendation,
    RecommendationSet, SampleStatusSet, SetStatus, UnplannedSampleAdded,
};

impl App {
    /// Builds the form for `purpose`, filled from the item it changes and from saved drafts.
    pub fn form_for(&self, purpose: FormPurpose) -> OpenForm {
        let target = purpose.draft_target();
        let draft = |field: &str, current: &str| -> String {
            target
                .as_ref()
                .and_then(|t| self.audit().draft(t, field))
                .unwrap_or(current)
                .to_string()
        };
        let (title, fields) = match &purpose {
            FormPurpose::Evidence { sample, editing } => {
                let item = editing
                    .and_then(|id| self.evidence_item(id))
                    .unwrap_or_default();
                let text = |label, name, value: &str, multi| {
                    Field::text(label, name, &draft(name, value), multi)
                };
                (
                    titled(editing.is_some(), "evidence item", sample),
                    vec![
                        text("What was seen", "seen", &item.seen, true),
                        text(
                            "Identifier (document, record, ticket)",
                            "identifier",
                            &item.identifier,
                            false,
                        ),
                        text("Version", "version", &item.version, false),
                        text("Date on it", "date", &item.date, false),
                        text(
                            "Sample size (e.g. 5 of 23)",
                            "sample_size",
                            &item.sample_size,
                            false,
                        ),
                        text(
                            "File on this laptop (optional path)",
                            "file",
                            &item.file.map(|f| f.path).unwrap_or_default(),
                            false,
                        ),
                    ],
                )
            }
            FormPurpose::Note {
                sample, editing, ..
            } => {
                let text = editing
                    .and_then(|id| self.audit().notes().find(|n| n.id == id))
                    .map(|n| n.content.text.clone())
                    .unwrap_or_default();
                (
                    titled(editing.is_some(), "note", sample),
                    vec![Field::text("Note", "text", &draft("text", &text), true)],
                )
            }
            FormPurpose::Finding {
                sample,
                grade,
                editing,
            } => {
                let current = editing.and_then(|id| {
                    self.findings()
                        .iter()
                        .find(|f| f.id == id)
                        .map(|f| f.content.clone())
                });
                let refs = match &current {
                    Some(f) => f.references.join(", "),
                    None => sample.clone().unwrap_or_default(),
                };
                let f = current.unwrap_or_else(|| empty_finding(*grade, sample.clone()));
                let options = self.evidence_options(sample.as_deref());
                let mut fields = vec![
                    Field::text(
                        "Statement of nonconformity",
                        "statement",
                        &draft("statement", &f.statement),
                        true,
                    ),
                    Field::links(
                        "Objective evidence items (space to link)",
                        options,
                        &f.evidence,
                    ),
                    Field::text(
                        "Requirement (clause or control, quoted or paraphrased)",
                        "requirement",
                        &draft("requirement", &f.requirement),
                        true,
                    ),
                    Field::text(
                        "Objective evidence (what, where, when, by whom)",
                        "objective_evidence",
                        &draft("objective_evidence", &f.objective_evidence),
                        true,
                    ),
                    Field::text(
                        "References (comma-separated)",
                        "references",
                        &draft("references", &refs),
                        false,
                    ),
                ];
                if editing.is_some() {
                    let labels = Grade::ALL.iter().map(|g| short_grade(*g)).collect();
                    let at = Grade::ALL.iter().position(|g| *g == f.grade).unwrap_or(0);
                    fields.push(Field::choice("Grade (←/→)", labels, at));
                }
                let what = format!("finding ({})", grade.label());
                (titled(editing.is_some(), &what, sample), fields)
            }
            FormPurpose::NotAssessed { sample } => (
                format!("Not assessed — {sample}"),
                vec![Field::text("Why it was not assessed", "reason", "", false)],
            ),
            FormPurpose::Attendee { meeting } => (
                format!("Attendee — {} meeting", meeting_name(*meeting)),
                vec![
                    Field::text("Name", "name", "", false),
                    Field::text("Role", "role", "", false),
                    Field::text("Organisation", "organisation", "", false),
                ],
            ),
            FormPurpose::Withdraw { finding } => (
                format!("Withdraw {}", self.finding_number(*finding)),
                vec![Field::text("Why it is withdrawn", "reason", "", false)],
            ),
            FormPurpose::Unplanned { sample } => (
                format!("Unplanned sample — {sample}"),
                vec![Field::text("The trail that led here", "why", "", false)],
            ),
            FormPurpose::InterviewNote { .. } => (
                "Interview note".to_string(),
                vec![
                    Field::text("What was said", "text", &draft("text", ""), true),
                    Field::text(
                        "Clauses and controls it touches (comma-separated)",
                        "topics",
                        &draft("topics", ""),
                        false,
                    ),
                ],
            ),
            FormPurpose::Recommendation => {
                let view = self.audit().recommendation(self.plan.audit.kind.value);
                let options: Vec<&'static str> =
                    Recommendation::options_for(self.plan.audit.kind.value)
                        .iter()
                        .map(|r| r.label())
                        .collect();
                let at = Recommendation::options_for(self.plan.audit.kind.value)
                    .iter()
                    .position(|r| *r == view.effective())
                    .unwrap_or(0);
                let justification = view
                    .stated
                    .map(|(_, s)| s.justification.as_str())
                    .unwrap_or("");
                (
                    "Recommendation of the audit team".to_string(),
                    vec![
                        Field::choice("Recommendation (←/→)", options, at),
                        Field::text(
                            "Justification (needed when it differs from what the findings give)",
                            "text",
                            &draft("text", justification),
                            true,
                        ),
                    ],
                )
            }
            FormPurpose::DivergingOpinion => (
                "Diverging opinion".to_string(),
                vec![
                    Field::text("Whose opinion", "held_by", &draft("held_by", ""), false),
                    Field::text("The opinion", "text", &draft("text", ""), true),
                ],
            ),
        };
        OpenForm {
            purpose,
            form: Form::new(title, fields),
            last_typed: None,
            last_draft: Some(self.now),
        }
    }

    /// The event that saving `form` records, or why it cannot be saved yet.
    pub fn submission(&self, open: &OpenForm) -> Result<Event, String> {
        let form = &open.form;
        let v = |name: &str| form.value(name).trim().to_string();
        let required = |name: &str, what: &str| {
            let value = v(name);
            if value.is_empty() {
                Err(format!("{what} is needed"))
            } else {
                Ok(value)
            }
        };
        Ok(match &open.purpose {
            FormPurpose::Evidence { sample, editing } => {
                let content = EvidenceItem {
                    sample: sample.clone(),
                    seen: required("seen", "what was seen")?,
                    identifier: v("identifier"),
                    version: v("version"),
                    date: v("date"),
                    sample_size: v("sample_size"),
                    file: Some(v("file"))
                        .filter(|p| !p.is_empty())
                        .map(|path| FileSeen {
                            path,
                            ..FileSeen::default()
                        }),
                };
                match editing {
                    Some(evidence) => Event::EvidenceEdited(EvidenceEdited {
                        evidence: *evidence,
                        content,
                    }),
                    None => Event::EvidenceAdded(content),
                }
            }
            FormPurpose::Note {
                sample,
                meeting,
                editing,
            } => {
                let content = Note {
                    sample: sample.clone(),
                    meeting: *meeting,
                    text: required("text", "the note")?,
                };
                match editing {
                    Some(note) => Event::NoteEdited(NoteEdited {
                        note: *note,
                        content,
                    }),
                    None => Event::NoteWritten(content),
                }
            }
            FormPurpose::Finding {
                sample,
                grade,
                editing,
            } => {
                let grade = form.selected().map_or(*grade, |i| Grade::ALL[i]);
                let content = Finding {
                    grade,
                    sample: sample.clone(),
                    references: self.references(&form.value("references"))?,
                    requirement: v("requirement"),
                    statement: required("statement", "the statement")?,
                    objective_evidence: v("objective_evidence"),
                    evidence: form.chosen(),
                    interviews: Vec::new(),
                };
                match editing {
                    Some(finding) => Event::FindingEdited(FindingEdited {
                        finding: *finding,
                        content,
                    }),
                    None => Event::FindingRaised(content),
                }
            }
            FormPurpose::NotAssessed { sample } => Event::SampleStatusSet(SampleStatusSet {
                sample: sample.clone(),
                status: SetStatus::NotAssessed,
                reason: required("reason", "a reason")?,
            }),
            FormPurpose::Attendee { meeting } => Event::AttendeeAdded(AttendeeAdded {
                meeting: *meeting,
                name: required("name", "a name")?,
                role: v("role"),
                organisation: v("organisation"),
            }),
            FormPurpose::Withdraw { finding } => Event::FindingWithdrawn(FindingWithdrawn {
                finding: *finding,
                reason: required("reason", "a reason")?,
            }),
            FormPurpose::Unplanned { sample } => {
                Event::UnplannedSampleAdded(UnplannedSampleAdded {
                    sample: sample.clone(),
                    why: v("why"),
                })
            }
            FormPurpose::InterviewNote { interview } => {
                let topics = form.value("topics");
                Event::InterviewNoteWritten(InterviewNoteWritten {
                    interview: *interview,
                    text: required("text", "what was said")?,
                    topics: if topics.trim().is_empty() {
                        Vec::new()
                    } else {
                        self.references(&topics)?
                    },
                })
            }
            FormPurpose::Recommendation => {
                let kind = self.plan.audit.kind.value;
                let options = Recommendation::options_for(kind);
                let chosen = options[form.selected().unwrap_or(0).min(options.len() - 1)];
                let derived = self.audit().recommendation(kind).derived;
                let justification = v("text");
                if chosen != derived && justification.is_empty() {
                    return Err(format!(
                        "the findings give \"{}\": say why the team recommends otherwise",
                        derived.label()
                    ));
                }
                Event::RecommendationSet(RecommendationSet {
                    recommendation: chosen,
                    justification,
                })
            }
            FormPurpose::DivergingOpinion => Event::DivergingOpinionRecorded(DivergingOpinion {
                finding: None,
                held_by: required("held_by", "whose opinion it is")?,
                text: required("text", "the opinion")?,
            }),
        })
    }

    /// Canonical ids of a typed list of references; every part must resolve, and there must
    /// be at least one.
    fn references(&self, text: &str) -> Result<Vec<String>, String> {
        let parts = self.catalogue.resolve_list(text);
        if parts.is_empty() {
            return Err("at least one clause or control reference is needed".into());
        }
        let mut ids = Vec::new();
        for (part, outcome) in parts {
            match outcome {
                Ok(entry) if !ids.contains(&entry.id) => ids.push(entry.id.clone()),
                Ok(_) => {}
                Err(e) => return Err(format!("{part}: {e}")),
            }
        }
        Ok(ids)
    }

    /// The events that save the changed text fields of `open` as drafts.
    pub fn draft_events(open: &mut OpenForm) -> Vec<Event> {
        let Some(target) = open.purpose.draft_target() else {
            return Vec::new();
        };
        open.form
            .fields
            .iter_mut()
            .filter(|f| f.dirty && matches!(f.input, super::form::Input::Text { .. }))
            .map(|f| {
                f.dirty = false;
                Event::DraftSaved(crate::audit::DraftSaved {
                    of: target.clone(),
                    field: f.name.to_string(),
                    text: f.value(),
                })
            })
            .collect()
    }

    /// An evidence item as it stands.
    pub fn evidence_item(&self, id: Ulid) -> Option<EvidenceItem> {
        self.audit()
            .evidence()
            .find(|e| e.id == id)
            .map(|e| e.content.clone())
    }

    /// The evidence items a finding can link: those of its sample first, then the rest.
    fn evidence_options(&self, sample: Option<&str>) -> Vec<(Ulid, String)> {
        let mut items: Vec<(bool, Ulid, String)> = self
            .audit()
            .evidence()
            .map(|e| {
                let own = e.content.sample.as_deref() == sample;
                let label = format!(
                    "{} {}",
                    e.content.sample.as_deref().unwrap_or("—"),
                    first_line(&e.content.seen)
                );
                (!own, e.id, label)
            })
            .collect();
        items.sort_by_key(|(other, id, _)| (*other, *id));
        items
            .into_iter()
            .map(|(_, id, label)| (id, label))
            .collect()
    }

    /// The number a finding is known by (NC-01).
    pub fn finding_number(&self, id: Ulid) -> String {
        self.findings()
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.number.clone())
            .unwrap_or_else(|| "finding".into())
    }
}

fn empty_finding(grade: Grade, sample: Option<String>) -> Finding {
    Finding {
        grade,
        sample,
        references: Vec::new(),
        requirement: String::new(),
        statement: String::new(),
        objective_evidence: String::new(),
        evidence: Vec::new(),
        interviews: Vec::new(),
    }
}

fn titled(editing: bool, what: &str, sample: &Option<String>) -> String {
    let verb = if editing { "Edit" } else { "New" };
    match sample {
        Some(s) => format!("{verb} {what} — {s}"),
        None => format!("{verb} {what}"),
    }
}

/// How a meeting is named.
pub fn meeting_name(meeting: crate::audit::Meeting) -> &'static str {
    match meeting {
        crate::audit::Meeting::Opening => "opening",
        crate::audit::Meeting::Closing => "closing",
    }
}

/// The grade in a few words, for lists and choices.
pub fn short_grade(grade: Grade) -> &'static str {
    match grade {
        Grade::Major => "major NC",
        Grade::Minor => "minor NC",
        Grade::Observation => "observation",
        Grade::Opportunity => "OFI",
        Grade::Strength => "strength",
    }
}

/// The first line of a text, for one-line lists.
pub fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}
