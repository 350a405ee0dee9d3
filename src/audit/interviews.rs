//! What the interviews add up to: the clauses and controls each one touched, how what was said
//! compares with the records, and, for one control, everything said about it in any interview.

use chrono::FixedOffset;
use ulid::Ulid;

use super::event::{Corroboration, Verdict};
use super::merge::Item;
use super::state::{AuditState, Interview, InterviewNote};

/// What a finding raised from an interview rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewBasis {
    /// The clauses and controls it refers to.
    pub references: Vec<String>,
    /// The evidence items compared with what was said.
    pub evidence: Vec<Ulid>,
    /// The objective evidence in words, when one contradiction says it; else empty.
    pub objective_evidence: String,
}

impl AuditState {
    /// What a finding citing `interview` rests on: the controls where it contradicts the
    /// records (else every control it touched), the evidence compared there, each once, and
    /// for a single contradiction its objective evidence (times at `offset`).
    pub fn interview_basis(&self, interview: Ulid, offset: FixedOffset) -> InterviewBasis {
        let contradictions = self.contradictions(interview);
        if contradictions.is_empty() {
            return InterviewBasis {
                references: self.interview_controls(interview),
                evidence: Vec::new(),
                objective_evidence: String::new(),
            };
        }
        let mut evidence: Vec<Ulid> = Vec::new();
        for e in contradictions.iter().flat_map(|c| &c.evidence) {
            if !evidence.contains(e) {
                evidence.push(*e);
            }
        }
        InterviewBasis {
            references: contradictions.iter().map(|c| c.control.clone()).collect(),
            evidence,
            objective_evidence: match contradictions.as_slice() {
                [one] => self.contradiction_evidence(one, offset),
                _ => String::new(),
            },
        }
    }

    /// The objective evidence of a contradiction, as far as the record holds it: who said
    /// what, when (at `offset`), on the control, and what the records showed.
    pub fn contradiction_evidence(&self, c: &Corroboration, offset: FixedOffset) -> String {
        let mut lines = Vec::new();
        if let Some(i) = self.interviews().find(|i| i.item.id == c.interview) {
            let at = i.item.created.at.with_timezone(&offset);
            let role = match i.item.content.role.as_str() {
                "" => String::new(),
                role => format!(" ({role})"),
            };
            lines.push(format!(
                "Interview with {}{role}, {}:",
                i.item.content.interviewee,
                at.format("%-d %b %Y %H:%M")
            ));
        }
        for note in self.interview_notes(c.interview) {
            let n = &note.content;
            if !n.topics.contains(&c.control) {
                continue;
            }
            lines.push(match n.question.as_str() {
                "" => format!("\"{}\"", n.text),
                q => format!("asked \"{q}\", answered \"{}\"", n.text),
            });
        }
        for item in self.evidence().filter(|e| c.evidence.contains(&e.id)) {
            let seen = item.content.seen.lines().next().unwrap_or("");
            lines.push(format!("Records: {seen}"));
        }
        if !c.note.is_empty() {
            lines.push(c.note.clone());
        }
        lines.join("\n")
    }

    /// The clauses and controls an interview touched, each once: its topics, then those of its
    /// notes in the order written, then those only a corroboration names.
    pub fn interview_controls(&self, interview: Ulid) -> Vec<String> {
        let mut controls: Vec<String> = Vec::new();
        let mut add = |id: &String| {
            if !controls.contains(id) {
                controls.push(id.clone());
            }
        };
        if let Some(i) = self.interviews().find(|i| i.item.id == interview) {
            i.item.content.topics.iter().for_each(&mut add);
        }
        for note in self.interview_notes(interview) {
            note.content.topics.iter().for_each(&mut add);
        }
        for c in self.corroborations(interview) {
            add(&c.control);
        }
        controls
    }

    /// The controls where what an interview heard contradicts the records.
    pub fn contradictions(&self, interview: Ulid) -> Vec<&Corroboration> {
        self.corroborations(interview)
            .filter(|c| c.verdict == Verdict::Contradicts)
            .collect()
    }

    /// Every interview note that touches `control`, with its interview, in the order the
    /// interviews started and the notes were written.
    pub fn said_about<'a>(
        &'a self,
        control: &'a str,
    ) -> Vec<(Interview<'a>, Item<'a, InterviewNote>)> {
        self.interviews()
            .flat_map(|interview| {
                self.interview_notes(interview.item.id)
                    .filter(|n| n.content.topics.iter().any(|t| t == control))
                    .map(move |note| (interview.clone(), note))
            })
            .collect()
    }

    /// How each interview that was compared with the records on `control` came out.
    pub fn corroborations_of<'a>(
        &'a self,
        control: &'a str,
    ) -> Vec<(Interview<'a>, &'a Corroboration)> {
        self.interviews()
            .flat_map(|interview| {
                self.corroborations(interview.item.id)
                    .filter(|c| c.control == control)
                    .map(move |c| (interview.clone(), c))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Event, InterviewNoteWritten, InterviewStarted, Verdict, recorded};

    fn id(n: u64) -> Ulid {
        Ulid::from_parts(n, 1)
    }

    fn started(name: &str, topics: &[&str]) -> Event {
        Event::InterviewStarted(InterviewStarted {
            interviewee: name.into(),
            role: "IT manager".into(),
            department: String::new(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
        })
    }

    fn note(interview: u64, topics: &[&str], text: &str) -> Event {
        Event::InterviewNoteWritten(InterviewNoteWritten {
            interview: id(interview),
            question: "How are leavers removed?".into(),
            text: text.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
        })
    }

    fn corroboration(interview: u64, control: &str, verdict: Verdict) -> Event {
        Event::CorroborationRecorded(Corroboration {
            interview: id(interview),
            control: control.into(),
            verdict,
            evidence: Vec::new(),
            note: String::new(),
        })
    }

    #[test]
    fn an_interview_touches_its_topics_then_its_notes_then_its_corroborations_each_once() {
        let state = recorded(vec![
            started("Sam Patel", &["A.5.15"]),
            note(1, &["A.5.18", "A.5.15"], "same day"),
            corroboration(1, "A.8.2", Verdict::Matches),
        ]);
        assert_eq!(
            state.interview_controls(id(1)),
            ["A.5.15", "A.5.18", "A.8.2"]
        );
    }

    #[test]
    fn the_latest_verdict_for_a_control_stands_and_contradictions_are_counted_per_interview() {
        let state = recorded(vec![
            started("Sam Patel", &["A.5.18"]),
            corroboration(1, "A.5.18", Verdict::Matches),
            corroboration(1, "A.5.18", Verdict::Contradicts),
            started("Sam Patel", &["A.5.18"]),
            corroboration(4, "A.5.18", Verdict::NotChecked),
        ]);
        let verdicts: Vec<Verdict> = state.corroborations(id(1)).map(|c| c.verdict).collect();
        assert_eq!(verdicts, [Verdict::Contradicts]);
        assert_eq!(state.contradictions(id(1)).len(), 1);
        assert!(state.contradictions(id(4)).is_empty());
        let of: Vec<(Ulid, Verdict)> = state
            .corroborations_of("A.5.18")
            .into_iter()
            .map(|(i, c)| (i.item.id, c.verdict))
            .collect();
        assert_eq!(
            of,
            [(id(1), Verdict::Contradicts), (id(4), Verdict::NotChecked)]
        );
    }

    #[test]
    fn what_was_said_about_a_control_gathers_the_notes_of_every_interview() {
        let state = recorded(vec![
            started("Sam Patel", &[]),
            note(1, &["A.5.18"], "same day"),
            note(1, &["A.8.2"], "admins reviewed quarterly"),
            started("Dana Okafor", &[]),
            note(4, &["A.5.18"], "HR tells IT within a week"),
        ]);
        let said: Vec<(String, String)> = state
            .said_about("A.5.18")
            .into_iter()
            .map(|(i, n)| (i.item.content.interviewee.clone(), n.content.text.clone()))
            .collect();
        assert_eq!(
            said,
            [
                ("Sam Patel".to_string(), "same day".to_string()),
                (
                    "Dana Okafor".to_string(),
                    "HR tells IT within a week".to_string()
                )
            ]
        );
    }
}
