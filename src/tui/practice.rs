//! A practice audit in the interface: the auditee who hands over the next document of a
//! sample when asked (`a`), the interviewee whose scripted answer fills the answer field once
//! the question is typed, and the score, sealed until the closing meeting has ended.

use std::collections::BTreeSet;

use super::app::App;
use super::forms::{EvidenceForm, FormPurpose, OpenForm};
use super::overlays::Overlay;
use super::screens::score::ScoreShown;
use super::update::{Effect, record};
use crate::audit::{AuditeeShowed, Event, Meeting};
use crate::practice::Score;

/// What `a` says outside a practice audit.
const NOT_PRACTICE: &str = "Asking the auditee and the score are for practice audits: open a \
                            scenario with `auditday practice SCENARIO.toml`.";

impl App {
    /// The ids of everything the auditee has shown so far.
    fn shown_ids(&self) -> BTreeSet<&str> {
        self.audit()
            .shown()
            .map(|(_, shown)| shown.item.as_str())
            .collect()
    }

    /// `a` in a sample: the auditee hands over the sample's next document, which is recorded
    /// as shown and fills a new evidence item for the auditor to keep (`Ctrl-S`) or not.
    pub(crate) fn ask_auditee(&mut self, sample: &str) -> Vec<Effect> {
        let Some(scenario) = self.practice.clone() else {
            self.overlay = Some(Overlay::Notice(vec![NOT_PRACTICE.into()]));
            return Vec::new();
        };
        let shown = self.shown_ids();
        let next = scenario
            .handouts_of(sample)
            .find(|h| !shown.contains(h.id.as_str()))
            .map(|h| h.id.clone());
        let Some(id) = next else {
            self.overlay = Some(Overlay::Notice(vec![format!(
                "The auditee has nothing more to hand over for {sample}."
            )]));
            return Vec::new();
        };
        self.open_form(FormPurpose::Evidence(EvidenceForm {
            sample: Some(sample.to_owned()),
            editing: None,
            handout: Some(id.clone()),
        }));
        vec![record(Event::AuditeeShowed(AuditeeShowed {
            item: id,
            sample: Some(sample.to_owned()),
            interview: None,
        }))]
    }

    /// Once a practice interview's question is typed and the answer field is reached empty,
    /// the interviewee's scripted answer fills it, recorded as said.
    pub(crate) fn scripted_answer(&self, open: &mut OpenForm) -> Vec<Effect> {
        let (Some(scenario), FormPurpose::InterviewNote(note)) = (&self.practice, &open.purpose)
        else {
            return Vec::new();
        };
        let on_answer = open.form.fields.get(open.form.focus).map(|f| f.name) == Some("text");
        if !note.asking
            || note.editing.is_some()
            || !on_answer
            || !open.form.value("text").is_empty()
        {
            return Vec::new();
        }
        let question = open.form.value("question");
        let Some(answer) = self
            .interview_name(note.interview)
            .and_then(|who| scenario.answer(&who, &question).cloned())
        else {
            return Vec::new();
        };
        open.form.set_text("text", &answer.says);
        vec![record(Event::AuditeeShowed(AuditeeShowed {
            item: answer.id,
            sample: None,
            interview: Some(note.interview),
        }))]
    }

    /// What the auditee has handed over for `sample`, one line each, and how to ask for more:
    /// nothing outside a practice audit.
    pub(crate) fn handout_lines(&self, sample: &str) -> Vec<String> {
        let Some(scenario) = self.practice.as_deref() else {
            return Vec::new();
        };
        let shown = self.shown_ids();
        let all: Vec<_> = scenario.handouts_of(sample).collect();
        let given: Vec<_> = all
            .iter()
            .filter(|h| shown.contains(h.id.as_str()))
            .collect();
        let key = self.keymap.key(
            &super::screens::samples::DETAIL,
            &super::action::Action::AskAuditee,
        );
        let mut lines = vec![match given.len() == all.len() {
            true => format!(
                "Auditee: everything for this sample handed over ({})",
                all.len()
            ),
            false => format!(
                "Auditee: {key} asks for the next document ({} of {} handed over)",
                given.len(),
                all.len()
            ),
        }];
        for h in given {
            let mut about = vec![h.id.clone()];
            about.extend(
                [&h.version, &h.date]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .cloned(),
            );
            lines.push(format!("Handed over: {} ({})", h.title, about.join(", ")));
            if !h.excerpt.trim().is_empty() {
                lines.push(format!("  “{}”", h.excerpt.trim()));
            }
        }
        lines
    }

    /// `S` on the closing screen: the score, once the closing meeting has ended (until then
    /// the answer key stays sealed).
    pub(crate) fn show_score(&mut self) {
        let Some(scenario) = self.practice.as_deref() else {
            self.overlay = Some(Overlay::Notice(vec![NOT_PRACTICE.into()]));
            return;
        };
        if self.audit().meeting(Meeting::Closing).ended.is_none() {
            self.overlay = Some(Overlay::Notice(vec![
                "The score is sealed until the closing meeting has ended.".into(),
            ]));
            return;
        }
        let score = Score::of(scenario, &self.plan, self.audit(), *self.now.offset());
        self.score = Some(ScoreShown { score, scroll: 0 });
    }
}
