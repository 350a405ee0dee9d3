//! Findings as people see them: numbered NC-01, OBS-01, OFI-01, STR-01 in the order they were
//! raised (majors and minors share the NC series), and counted by grade for the closing
//! meeting. Numbers are derived, never stored, so two auditors' findings never collide.

use std::collections::BTreeMap;

use super::event::{Finding, Grade};
use super::merge::{Item, Origin, current};
use super::state::AuditState;

/// A finding with its number. A withdrawn finding keeps its number so that the others do not
/// change under people who already wrote them down.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberedFinding<'a> {
    /// `NC-01`, `OBS-02` …
    pub number: String,
    /// The finding as it stands.
    pub item: Item<'a, Finding>,
    /// Who withdrew it, when, and why, if it was withdrawn.
    pub withdrawn: Option<(&'a Origin, &'a str)>,
}

impl NumberedFinding<'_> {
    /// Its grade.
    pub fn grade(&self) -> Grade {
        self.item.content.grade
    }

    /// Whether it stands (was not withdrawn).
    pub fn is_open(&self) -> bool {
        self.withdrawn.is_none()
    }
}

/// How many findings stand, by grade, and how many were withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct FindingCounts {
    /// Major nonconformities.
    pub major: usize,
    /// Minor nonconformities.
    pub minor: usize,
    /// Observations.
    pub observation: usize,
    /// Opportunities for improvement.
    pub opportunity: usize,
    /// Strengths.
    pub strength: usize,
    /// Withdrawn findings, of any grade.
    pub withdrawn: usize,
}

impl FindingCounts {
    /// How many of `grade` stand.
    pub fn of(&self, grade: Grade) -> usize {
        match grade {
            Grade::Major => self.major,
            Grade::Minor => self.minor,
            Grade::Observation => self.observation,
            Grade::Opportunity => self.opportunity,
            Grade::Strength => self.strength,
        }
    }
}

impl AuditState {
    /// Every finding, withdrawn ones included, numbered, in the order they were raised.
    pub fn findings(&self) -> Vec<NumberedFinding<'_>> {
        let mut next: BTreeMap<&str, usize> = BTreeMap::new();
        current(&self.findings)
            .map(|item| {
                let series = item.content.grade.series();
                let n = next.entry(series).or_insert(0);
                *n += 1;
                NumberedFinding {
                    number: format!("{series}-{n:02}"),
                    withdrawn: self
                        .withdrawn
                        .get(&item.id)
                        .map(|(origin, reason)| (origin, reason.as_str())),
                    item,
                }
            })
            .collect()
    }

    /// How many findings stand, by grade.
    pub fn finding_counts(&self) -> FindingCounts {
        let mut counts = FindingCounts::default();
        for finding in self.findings() {
            if !finding.is_open() {
                counts.withdrawn += 1;
                continue;
            }
            *match finding.grade() {
                Grade::Major => &mut counts.major,
                Grade::Minor => &mut counts.minor,
                Grade::Observation => &mut counts.observation,
                Grade::Opportunity => &mut counts.opportunity,
                Grade::Strength => &mut counts.strength,
            } += 1;
        }
        counts
    }
}
