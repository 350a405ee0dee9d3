//! Where each sample stands: planned ones in the plan's order, then unplanned ones (added on
//! a trail, or named by an item whose sample has left the plan) in the order first recorded.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use ulid::Ulid;

use super::event::SetStatus;
use super::findings::lead_auditor;
use super::state::AuditState;
use crate::plan::Plan;

/// A sample's status as shown: what the auditor set, unless a nonconformity or observation
/// on it says "finding raised".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SampleStatus {
    /// Nothing recorded on it yet.
    NotStarted,
    /// Evidence or notes recorded, no conclusion yet.
    InProgress,
    /// Checked and conforming.
    Conforming,
    /// A nonconformity or observation stands on it.
    FindingRaised,
    /// Not checked, for the reason given.
    NotAssessed {
        /// Why.
        reason: String,
    },
}

impl SampleStatus {
    /// How the status is named to people.
    pub fn label(&self) -> &'static str {
        match self {
            SampleStatus::NotStarted => "not started",
            SampleStatus::InProgress => "in progress",
            SampleStatus::Conforming => "conforming",
            SampleStatus::FindingRaised => "finding raised",
            SampleStatus::NotAssessed { .. } => "not assessed",
        }
    }

    /// Whether the sample has a conclusion.
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            SampleStatus::Conforming
                | SampleStatus::FindingRaised
                | SampleStatus::NotAssessed { .. }
        )
    }
}

/// One sample's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleProgress {
    /// Canonical reference (`A.8.15`).
    pub reference: String,
    /// Whether the plan lists it.
    pub planned: bool,
    /// Where it stands.
    pub status: SampleStatus,
    /// Evidence items recorded on it.
    pub evidence: usize,
    /// Notes written on it.
    pub notes: usize,
    /// Numbers of the standing findings raised on it or referring to it.
    pub findings: Vec<String>,
}

impl AuditState {
    /// Every sample's progress: the plan's samples in its order, then unplanned ones.
    pub fn samples(&self, plan: &Plan) -> Vec<SampleProgress> {
        let mut tally: BTreeMap<&str, Tally> = BTreeMap::new();
        for item in self.evidence() {
            if let Some(sample) = &item.content.sample {
                tally.entry(sample).or_default().mentioned(item.id).evidence += 1;
            }
        }
        for item in self.notes() {
            if let Some(sample) = &item.content.sample {
                tally.entry(sample).or_default().mentioned(item.id).notes += 1;
            }
        }
        for (sample, (origin, _)) in &self.status {
            tally.entry(sample).or_default().mentioned(origin.id);
        }
        for (sample, (origin, _)) in &self.unplanned {
            tally.entry(sample).or_default().mentioned(origin.id);
        }
        for finding in self.findings(lead_auditor(plan)) {
            let content = finding.item.content;
            if let Some(sample) = &content.sample {
                tally.entry(sample).or_default().mentioned(finding.item.id);
            }
            if !finding.is_open() {
                continue;
            }
            for sample in content.concerns() {
                let t = tally.entry(sample).or_default();
                t.findings.push(finding.number.number.clone());
                t.raised |= finding.grade().raises_sample();
            }
        }
        let planned: HashSet<&str> = plan
            .samples
            .iter()
            .map(|s| s.reference.value.as_str())
            .collect();
        let mut unplanned: Vec<(Ulid, &str)> = tally
            .iter()
            .filter(|(sample, _)| !planned.contains(*sample))
            .filter_map(|(sample, t)| Some((t.first?, *sample)))
            .collect();
        unplanned.sort_unstable();
        let none = Tally::default();
        plan.samples
            .iter()
            .map(|s| (s.reference.value.as_str(), true))
            .chain(unplanned.into_iter().map(|(_, sample)| (sample, false)))
            .map(|(sample, planned)| {
                self.progress(sample, planned, tally.get(sample).unwrap_or(&none))
            })
            .collect()
    }

    fn progress(&self, sample: &str, planned: bool, tally: &Tally) -> SampleProgress {
        SampleProgress {
            reference: sample.to_owned(),
            planned,
            status: self.sample_status(sample, tally.raised, tally.evidence + tally.notes > 0),
            evidence: tally.evidence,
            notes: tally.notes,
            findings: tally.findings.clone(),
        }
    }

    /// A sample's status: "finding raised" if a standing nonconformity or observation
    /// concerns it (`raised`), else what the auditor set, else "in progress" once evidence or
    /// notes are `recorded` on it.
    pub fn sample_status(&self, sample: &str, raised: bool, recorded: bool) -> SampleStatus {
        if raised {
            return SampleStatus::FindingRaised;
        }
        match self.status.get(sample).map(|(_, set)| set) {
            Some(set) => match set.status {
                SetStatus::NotStarted => SampleStatus::NotStarted,
                SetStatus::InProgress => SampleStatus::InProgress,
                SetStatus::Conforming => SampleStatus::Conforming,
                SetStatus::NotAssessed => SampleStatus::NotAssessed {
                    reason: set.reason.clone(),
                },
            },
            None if recorded => SampleStatus::InProgress,
            None => SampleStatus::NotStarted,
        }
    }
}

/// What the state holds about one sample, gathered in one pass.
#[derive(Debug, Default)]
struct Tally {
    evidence: usize,
    notes: usize,
    findings: Vec<String>,
    raised: bool,
    /// The earliest event that names it as its sample.
    first: Option<Ulid>,
}

impl Tally {
    fn mentioned(&mut self, id: Ulid) -> &mut Self {
        self.first = Some(self.first.map_or(id, |first| first.min(id)));
        self
    }
}
/// The auditor the plan has check sample `reference`: the one named on the sample, else the
/// first named on an agenda slot covering it; none when the whole team does.
pub fn assigned_auditor<'p>(plan: &'p Plan, reference: &str) -> Option<&'p str> {
    let named = plan
        .samples
        .iter()
        .find(|s| s.reference.value == reference)
        .and_then(|s| s.auditor.as_ref());
    let by_slot = || {
        plan.agenda
            .iter()
            .filter(|slot| slot.samples.iter().any(|r| r.value == reference))
            .find_map(|slot| slot.auditor.as_ref())
    };
    named.or_else(by_slot).map(|a| a.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_assigned_by_its_own_auditor_else_by_its_slot() {
        let plan = crate::plan::load(
            std::path::Path::new("sample-audits/stage2-software-sme.toml"),
            None,
        )
        .unwrap();
        assert_eq!(assigned_auditor(&plan, "A.8.2"), Some("Tom Whitfield"));
        assert_eq!(assigned_auditor(&plan, "4.1"), Some("Priya Shah"));
        assert_eq!(assigned_auditor(&plan, "A.9.99"), None);
    }
}
