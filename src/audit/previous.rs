//! Verifying the previous audit's nonconformities (surveillance, recertification): the
//! latest `closure_verified` of each, folded in any order, and what follows from it — a
//! nonconformity still open, or closed without effect, is a finding of this audit.

use std::collections::BTreeMap;

use super::event::{ClosureVerdict, ClosureVerified, Grade};
use super::merge::{Origin, keep_latest_in, merge_latest};
use crate::plan::{Plan, PreviousNc};

/// The verifications recorded, the latest of each nonconformity standing (by event id, so the
/// same in any fold order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Closures {
    held: BTreeMap<String, (Origin, ClosureVerified)>,
}

impl Closures {
    /// Adds one verification.
    pub(crate) fn apply(&mut self, origin: Origin, verified: ClosureVerified) {
        keep_latest_in(&mut self.held, verified.nc.clone(), origin, verified);
    }

    /// Adds everything `other` holds.
    pub(crate) fn merge(&mut self, other: Closures) {
        merge_latest(&mut self.held, other.held);
    }

    /// The verification that stands for the nonconformity numbered `nc`, with who recorded
    /// it and when.
    pub fn of(&self, nc: &str) -> Option<(&Origin, &ClosureVerified)> {
        self.held.get(nc).map(|(origin, v)| (origin, v))
    }
}

/// A previous nonconformity with where its verification stands: what the Samples screen shows
/// as a "verify closure" item and the report's verification section lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification<'a> {
    /// The nonconformity as the previous report states it.
    pub nc: &'a PreviousNc,
    /// Whether its corrective action was due before this audit's first day.
    pub overdue: bool,
    /// The latest verification recorded, with who recorded it and when; none yet.
    pub verified: Option<(&'a Origin, &'a ClosureVerified)>,
}

impl Verification<'_> {
    /// The verdict recorded, if any.
    pub fn verdict(&self) -> Option<ClosureVerdict> {
        self.verified.map(|(_, v)| v.verdict)
    }

    /// The grade of the finding this audit should raise, if any: a nonconformity still open
    /// or closed without effect is a major nonconformity now — a major that was not
    /// corrected stays one, and a minor not corrected by the next audit is raised to major,
    /// as certification bodies do.
    pub fn offered(&self) -> Option<Grade> {
        match self.verdict()? {
            ClosureVerdict::ClosedEffective => None,
            ClosureVerdict::ClosedNotEffective | ClosureVerdict::Open => Some(Grade::Major),
        }
    }

    /// The objective evidence of the finding offered: the corrective action seen and its
    /// evidence, as verified, one a line.
    pub fn offered_evidence(&self) -> String {
        self.verified
            .map(|(_, c)| {
                [c.corrective_action.as_str(), c.evidence.as_str()]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    }

    /// The statement of the finding offered: it cites the earlier nonconformity.
    pub fn offered_statement(&self, previous_title: &str) -> String {
        let nc = self.nc;
        let why = match self.verdict() {
            Some(ClosureVerdict::ClosedNotEffective) => {
                "was closed, but the corrective action was not effective"
            }
            _ => "is still open: its corrective action has not been implemented",
        };
        let grade = nc.grade.label();
        let was = if nc.statement.is_empty() {
            String::new()
        } else {
            format!(" It stated: {}", nc.statement)
        };
        format!(
            "{} ({grade}) raised at {previous_title} {why}.{was}",
            nc.number
        )
    }
}

/// The previous audit's nonconformities with their verifications, in the previous report's
/// order; none when the plan names no previous audit.
pub fn verifications<'a>(plan: &'a Plan, closures: &'a Closures) -> Vec<Verification<'a>> {
    let day = plan.audit.start.value.date();
    plan.previous
        .iter()
        .flat_map(|p| p.nonconformities())
        .map(|nc| Verification {
            nc,
            overdue: nc.overdue(day),
            verified: closures.of(&nc.number),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::audit::{AuditState, Event};
    use crate::record::{Envelope, FORMAT_VERSION};

    fn verified(n: u64, by: &str, nc: &str, verdict: ClosureVerdict) -> Envelope {
        let event = Event::ClosureVerified(ClosureVerified {
            nc: nc.into(),
            corrective_action: format!("action {n}"),
            evidence: String::new(),
            verdict,
        });
        Envelope {
            version: FORMAT_VERSION,
            id: ulid::Ulid::from_parts(n, 1),
            at: Utc.with_ymd_and_hms(2026, 10, 13, 10, 0, 0).unwrap(),
            auditor: by.into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: Vec::new(),
        }
    }

    fn nc(grade: Grade, due: Option<NaiveDate>) -> PreviousNc {
        PreviousNc {
            number: "NC-2025-01".into(),
            grade,
            references: vec!["A.5.18".into()],
            requirement: "Access rights reviewed".into(),
            statement: "No access review since March.".into(),
            due,
        }
    }

    #[test]
    fn the_latest_verdict_stands_in_any_fold_order_and_split() {
        let events = [
            verified(1, "Graham Pell", "NC-2025-01", ClosureVerdict::Open),
            verified(3, "Ann Lee", "NC-2025-01", ClosureVerdict::ClosedEffective),
            verified(
                2,
                "Graham Pell",
                "NC-2025-01",
                ClosureVerdict::ClosedNotEffective,
            ),
            verified(4, "Graham Pell", "NC-2025-02", ClosureVerdict::Open),
        ];
        let forward = AuditState::fold(&events);
        let backward = AuditState::fold(events.iter().rev());
        let mut split = AuditState::fold(&events[2..]);
        split.merge(AuditState::fold(&events[..2]));
        for state in [&forward, &backward, &split] {
            let (origin, v) = state.closures().of("NC-2025-01").unwrap();
            assert_eq!(v.verdict, ClosureVerdict::ClosedEffective);
            assert_eq!(v.corrective_action, "action 3");
            assert_eq!(&*origin.by, "Ann Lee");
            assert_eq!(
                state.closures().of("NC-2025-02").unwrap().1.verdict,
                ClosureVerdict::Open
            );
        }
        assert_eq!(forward, backward);
        assert_eq!(forward, split);
    }

    #[test]
    fn overdue_is_counted_from_the_audit_day() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 13).unwrap();
        let due = |d| nc(Grade::Minor, NaiveDate::from_ymd_opt(2026, 10, d));
        assert!(due(12).overdue(day));
        assert!(
            !due(13).overdue(day),
            "due on the audit day is not yet overdue"
        );
        assert!(!nc(Grade::Minor, None).overdue(day));
    }

    #[test]
    fn an_open_or_ineffective_nc_offers_a_major_finding_citing_it() {
        let minor = nc(Grade::Minor, None);
        let origin = Origin {
            id: ulid::Ulid::from_parts(1, 1),
            at: Utc.with_ymd_and_hms(2026, 10, 13, 10, 0, 0).unwrap(),
            by: "Graham Pell".into(),
        };
        let with = |verdict| ClosureVerified {
            nc: minor.number.clone(),
            corrective_action: String::new(),
            evidence: String::new(),
            verdict,
        };
        let (effective, ineffective, open) = (
            with(ClosureVerdict::ClosedEffective),
            with(ClosureVerdict::ClosedNotEffective),
            with(ClosureVerdict::Open),
        );
        let view = |v| Verification {
            nc: &minor,
            overdue: false,
            verified: Some((&origin, v)),
        };
        assert_eq!(view(&effective).offered(), None);
        assert_eq!(view(&ineffective).offered(), Some(Grade::Major));
        assert_eq!(view(&open).offered(), Some(Grade::Major));
        let unverified = Verification {
            nc: &minor,
            overdue: true,
            verified: None,
        };
        assert_eq!(unverified.offered(), None);
        assert_eq!(
            view(&ineffective).offered_statement("the Stage 2 audit (8–9 Oct 2025)"),
            "NC-2025-01 (minor nonconformity) raised at the Stage 2 audit (8–9 Oct 2025) was \
             closed, but the corrective action was not effective. It stated: No access review \
             since March."
        );
    }
}
