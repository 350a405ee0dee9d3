//! Clause 9.2.2: auditors shall not audit their own work. One rule says who owns a sample, so
//! that `auditday check` warning about the plan and the audit day warning the auditor who
//! opens such a sample agree.

use super::model::{AuditKind, Plan};

/// Whether the team member `name`, who owns `owns` (clauses and controls), owns the sample
/// `reference` whose owner the plan writes as `owner`: the sample is one of them or falls
/// under one (`A.5` covers `A.5.15`, `9` covers `9.2`), or the owner names them.
pub(super) fn owns_sample<'a>(
    name: &str,
    owns: impl IntoIterator<Item = &'a str>,
    reference: &str,
    owner: &str,
) -> bool {
    let under = |o: &str| {
        reference == o
            || reference
                .strip_prefix(o)
                .is_some_and(|rest| rest.starts_with('.'))
    };
    owns.into_iter().any(under) || (!name.is_empty() && owner.contains(name))
}

/// An auditor about to audit their own work, with what tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnWork {
    /// The sample (`A.5.15`).
    pub reference: String,
    /// Who owns it, as the plan names them (the sample's owner, else the auditor).
    pub owner: String,
}

impl std::fmt::Display for OwnWork {
    /// The warning as the auditor reads it on opening the sample.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "You own this process ({} owner: {}): clause 9.2.2 asks that auditors do not audit \
             their own work",
            self.reference, self.owner
        )
    }
}

impl Plan {
    /// Whether `auditor`, auditing sample `reference` of this internal audit, would audit their
    /// own work (the same rule as the plan check's); never for other kinds of audit, whose
    /// auditors are not the organisation's staff.
    pub fn own_work(&self, auditor: &str, reference: &str) -> Option<OwnWork> {
        if self.audit.kind.value != AuditKind::Internal {
            return None;
        }
        let owner = self
            .samples
            .iter()
            .find(|s| s.reference.value == reference)
            .map_or("", |s| s.owner.as_str());
        let member = self.team.iter().find(|m| m.name.value == auditor);
        let owned = member.into_iter().flat_map(|m| &m.owns);
        let owns = owns_sample(auditor, owned.map(|o| o.value.as_str()), reference, owner);
        owns.then(|| OwnWork {
            reference: reference.to_owned(),
            owner: if owner.contains(auditor) {
                owner.to_owned()
            } else {
                auditor.to_owned()
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn internal() -> Plan {
        crate::plan::load(Path::new("sample-audits/internal-logistics.toml"), None).unwrap()
    }

    #[test]
    fn owning_a_control_or_a_clause_above_it_or_being_named_its_owner_is_own_work() {
        assert!(owns_sample("Kieran Walsh", ["A.5.15"], "A.5.15", ""));
        assert!(owns_sample("Kieran Walsh", ["9"], "9.2", ""));
        assert!(!owns_sample("Kieran Walsh", ["A.5.1"], "A.5.15", ""));
        assert!(owns_sample("Sofia Marin", [], "A.6.3", "Sofia Marin"));
        assert!(!owns_sample("", [], "A.6.3", "Sofia Marin"));
    }

    #[test]
    fn an_internal_auditor_is_told_of_their_own_work_in_words() {
        let plan = internal();
        let own = plan.own_work("Kieran Walsh", "A.5.15").unwrap();
        assert_eq!(
            own.to_string(),
            "You own this process (A.5.15 owner: Kieran Walsh): clause 9.2.2 asks that \
             auditors do not audit their own work"
        );
        assert_eq!(plan.own_work("Rachel Dunmore", "A.5.15"), None);
        let named = plan.own_work("Sofia Marin", "A.6.3").unwrap();
        assert_eq!(named.owner, "Sofia Marin");
    }

    #[test]
    fn an_external_audit_never_warns() {
        let plan =
            crate::plan::load(Path::new("sample-audits/stage2-software-sme.toml"), None).unwrap();
        let owner = plan.samples[0].owner.clone();
        assert_eq!(
            plan.own_work(&owner, &plan.samples[0].reference.value),
            None
        );
    }
}
