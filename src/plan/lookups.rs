//! The team, the samples and the interviewees of a plan by name or reference, for the rules
//! that relate them: looked up once each, since the rules ask for every sample and every
//! agenda slot and a plan may have thousands.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::fields::Diags;
use super::model::{Located, TeamMember};
use super::parse::{Parts, SampleDraft};
use crate::diagnostic::Diagnostic;

/// A plan's team, samples and interviewees by name or reference.
pub(super) struct Lookups<'p> {
    team: &'p [TeamMember],
    /// Each team member by name, the first of a name given twice.
    members: HashMap<&'p str, &'p TeamMember>,
    samples: &'p [SampleDraft<'p>],
    /// The auditor of each planned sample, by reference (the first sample's when planned
    /// twice), found when an agenda slot first names a sample.
    sample_auditors: OnceCell<HashMap<&'p str, Option<&'p Located<&'p str>>>>,
    interviewees: HashSet<&'p str>,
    /// "the team is: …", made for the first auditor who is not in it.
    team_hint: OnceCell<Arc<str>>,
}

impl<'p> Lookups<'p> {
    /// Looks up the team and the interviewees of `parts` (the samples when first asked for).
    pub(super) fn new(parts: &'p Parts<'_>) -> Self {
        let mut members = HashMap::with_capacity(parts.team.len());
        for m in &parts.team {
            members.entry(m.name.value.as_str()).or_insert(m);
        }
        Lookups {
            team: &parts.team,
            members,
            samples: &parts.samples,
            sample_auditors: OnceCell::new(),
            interviewees: parts
                .interviewees
                .iter()
                .map(|i| i.name.value.as_str())
                .collect(),
            team_hint: OnceCell::new(),
        }
    }

    /// The auditor of the sample planned with this reference: `None` when no sample is.
    pub(super) fn sample_auditor(&self, reference: &str) -> Option<Option<&'p Located<&'p str>>> {
        let by_reference = self.sample_auditors.get_or_init(|| {
            let mut found = HashMap::with_capacity(self.samples.len());
            for s in self.samples {
                found.entry(s.reference.value).or_insert(s.auditor.as_ref());
            }
            found
        });
        by_reference.get(reference).copied()
    }

    /// The team as the plan lists it.
    pub(super) fn team(&self) -> &'p [TeamMember] {
        self.team
    }

    /// The team member of this name, the first if two have it.
    pub(super) fn member(&self, name: &str) -> Option<&'p TeamMember> {
        self.members.get(name).copied()
    }

    /// Whether someone of this name is to be interviewed.
    pub(super) fn is_interviewee(&self, name: &str) -> bool {
        self.interviewees.contains(name)
    }

    /// An `auditor` must name a member of the team.
    pub(super) fn check_in_team<S: AsRef<str>>(
        &self,
        auditor: Option<&Located<S>>,
        diags: &mut Diags,
    ) {
        if let Some(a) = auditor
            && !self.members.contains_key(a.value.as_ref())
        {
            let hint = self.team_hint.get_or_init(|| {
                let names: Vec<&str> = self.team.iter().map(|m| m.name.value.as_str()).collect();
                if names.is_empty() {
                    "the plan has no [[team]]".into()
                } else {
                    format!("the team is: {}", names.join(", ")).into()
                }
            });
            diags.push(
                Diagnostic::error(
                    a.span.clone(),
                    format!("auditor \"{}\" is not in the team", a.value.as_ref()),
                )
                .with_hint(hint.clone()),
            );
        }
    }
}
