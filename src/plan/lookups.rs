//! The team, the samples and the interviewees of a plan by name or reference, for the rules
//! that relate them: looked up once each, since the rules ask for every sample and every
//! agenda slot and a plan may have thousands.

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::fields::Diags;
use super::model::Located;
use super::names;
use super::parse::{MemberDraft, Parts, SampleDraft};
use crate::diagnostic::Diagnostic;

/// A plan's team, samples and interviewees by name or reference.
pub(super) struct Lookups<'p> {
    team: &'p [MemberDraft],
    /// Each team member by name, the first of a name given twice.
    members: HashMap<&'p str, &'p MemberDraft>,
    samples: &'p [SampleDraft<'p>],
    /// The auditor of each planned sample, by reference (the first sample's when planned
    /// twice), found when an agenda slot first names a sample.
    sample_auditors: OnceCell<HashMap<&'p str, Option<&'p Located<&'p str>>>>,
    /// The interviewees' names in the plan's order, and the same as a set.
    interviewee_list: Vec<&'p str>,
    interviewees: HashSet<&'p str>,
    /// What is said of each name that is not in the team, or not an interviewee, by name: a
    /// plan repeats a misspelt name in every slot, and the "did you mean" scores every name.
    unknown_names: RefCell<HashMap<(Whose, String), Arc<str>>>,
}

/// Which list a name was looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Whose {
    Team,
    Interviewees,
}

impl<'p> Lookups<'p> {
    /// Looks up the team and the interviewees of `parts` (the samples when first asked for).
    pub(super) fn new(parts: &'p Parts<'_>) -> Self {
        let interviewee_list: Vec<&str> = parts
            .interviewees
            .iter()
            .map(|i| i.name.value.as_str())
            .collect();
        let mut members = HashMap::with_capacity(parts.team.len());
        for m in &parts.team {
            members.entry(m.name.value.as_str()).or_insert(m);
        }
        Lookups {
            team: &parts.team,
            members,
            samples: &parts.samples,
            sample_auditors: OnceCell::new(),
            interviewees: interviewee_list.iter().copied().collect(),
            interviewee_list,
            unknown_names: RefCell::default(),
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
    pub(super) fn team(&self) -> &'p [MemberDraft] {
        self.team
    }

    /// The team member of this name, the first if two have it.
    pub(super) fn member(&self, name: &str) -> Option<&'p MemberDraft> {
        self.members.get(name).copied()
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
            diags.push(
                Diagnostic::error(
                    a.span.clone(),
                    format!("auditor \"{}\" is not in the team", a.value.as_ref()),
                )
                .with_hint(self.unknown_name_hint(Whose::Team, a.value.as_ref())),
            );
        }
    }

    /// An `interviewee` must name an `[[interviewee]]`.
    pub(super) fn check_interviewee(&self, who: &Located<String>, diags: &mut Diags) {
        if !self.interviewees.contains(who.value.as_str()) {
            diags.push(
                Diagnostic::error(
                    who.span.clone(),
                    format!("\"{}\" is not an [[interviewee]]", who.value),
                )
                .with_hint(self.unknown_name_hint(Whose::Interviewees, &who.value)),
            );
        }
    }

    /// What to do about a name not in a list: the name it most likely means, or else the list
    /// (the team) or how to add them (an interviewee).
    fn unknown_name_hint(&self, whose: Whose, name: &str) -> Arc<str> {
        let key = (whose, name.to_string());
        if let Some(said) = self.unknown_names.borrow().get(&key) {
            return said.clone();
        }
        let team: Vec<&str>;
        let known = match whose {
            Whose::Team => {
                team = self.team.iter().map(|m| m.name.value.as_str()).collect();
                &team
            }
            Whose::Interviewees => &self.interviewee_list,
        };
        let said: Arc<str> = match (names::closest(name, known), whose) {
            (Some(meant), _) => format!("did you mean \"{meant}\"?").into(),
            (None, Whose::Team) if known.is_empty() => "the plan has no [[team]]".into(),
            (None, Whose::Team) => format!("the team is: {}", known.join(", ")).into(),
            (None, Whose::Interviewees) => {
                "add them as an [[interviewee]] with their role and topics".into()
            }
        };
        self.unknown_names.borrow_mut().insert(key, said.clone());
        said
    }
}
