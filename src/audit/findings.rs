//! Findings as people see them: numbered NC-01, OBS-01, OFI-01, STR-01 in the order they were
//! raised (majors and minors share the NC series), and counted by grade for the closing
//! meeting. Numbers are derived, so two auditors' findings never collide, and provisional
//! until a `numbers_fixed` event fixes them; from then on a fixed number never changes.

use std::collections::BTreeMap;

use ulid::Ulid;

use super::event::{Finding, Grade, NumbersFixed};
use super::merge::{Item, Origin, current};
use super::state::AuditState;
use crate::plan::{Plan, Role};

/// A finding with its number. A withdrawn finding keeps its number so that the others do not
/// change under people who already wrote them down.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberedFinding<'a> {
    /// `NC-01`, `OBS-02` …, whether it is fixed, and what it was before a regrade.
    pub number: Number,
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
    /// Areas of concern (Stage 1).
    pub area_of_concern: usize,
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
            Grade::AreaOfConcern => self.area_of_concern,
        }
    }
}

/// How findings are numbered: the numbers of the fixing that counts, and for every series the
/// last number taken. Assign numbers with [`Numbering::assign`] in the order findings were
/// raised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Numbering {
    fixed: BTreeMap<Ulid, String>,
    history: BTreeMap<Ulid, Vec<String>>,
    last: BTreeMap<&'static str, u32>,
}

/// `NC-03` → (`NC`, 3).
fn parse(number: &str) -> Option<(&str, u32)> {
    let (series, n) = number.rsplit_once('-')?;
    Some((series, n.parse().ok()?))
}

impl Numbering {
    /// The numbering given the fixings of the record; `lead` names the lead auditor, whose
    /// latest fixing counts (else the latest of anyone's).
    fn of(fixings: &BTreeMap<Ulid, (Origin, NumbersFixed)>, lead: &str) -> Numbering {
        let chosen = fixings
            .iter()
            .rev()
            .find(|(_, (origin, _))| &*origin.by == lead)
            .or_else(|| fixings.iter().next_back());
        let Some((chosen_id, (_, chosen))) = chosen else {
            return Numbering::default();
        };
        let mut last: BTreeMap<&'static str, u32> = BTreeMap::new();
        for (_, fixing) in fixings.range(..=chosen_id).map(|(_, f)| f) {
            for number in fixing.numbers.values() {
                if let Some((series, n)) = parse(number)
                    && let Some(grade) = Grade::ALL.iter().find(|g| g.series() == series)
                {
                    let held = last.entry(grade.series()).or_default();
                    *held = (*held).max(n);
                }
            }
        }
        let mut history: BTreeMap<Ulid, Vec<String>> = BTreeMap::new();
        for (_, fixing) in fixings.range(..=chosen_id).map(|(_, f)| f) {
            for (id, number) in &fixing.numbers {
                history.entry(*id).or_default().push(number.clone());
            }
        }
        Numbering {
            fixed: chosen.numbers.clone(),
            history,
            last,
        }
    }

    /// Whether any fixing counts.
    pub(crate) fn any_fixed(&self) -> bool {
        !self.fixed.is_empty()
    }

    /// The number of finding `id` of `grade`: its fixed number if the fixing gave it one in the
    /// grade's series, else the next free number of the series. Call in raise order.
    pub fn assign(&mut self, id: Ulid, grade: Grade) -> Number {
        let series = grade.series();
        let fixed = self.fixed.get(&id);
        if let Some(number) = fixed
            && parse(number).is_some_and(|(s, _)| s == series)
        {
            return Number {
                number: number.clone(),
                fixed: true,
                was: self.history.get(&id).and_then(|numbers| {
                    numbers
                        .iter()
                        .rev()
                        .find(|w| parse(w).is_none_or(|(s, _)| s != series))
                        .cloned()
                }),
            };
        }
        let n = self.last.entry(series).or_default();
        *n += 1;
        Number {
            number: format!("{series}-{n:02}"),
            fixed: false,
            was: fixed.cloned(),
        }
    }
}

/// A finding's number as shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Number {
    /// `NC-01`, `OBS-02` …
    pub number: String,
    /// Whether the number is fixed (else provisional: it may still change).
    pub fixed: bool,
    /// The fixed number it had before a regrade moved it to another series.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
}

impl Number {
    /// Where the number comes in number order: the series in grade order (NC, OBS, OFI, STR),
    /// then the number; a number of no known series last.
    pub fn order(&self) -> (usize, u32) {
        parse(&self.number)
            .and_then(|(series, n)| {
                let at = Grade::ALL.iter().position(|g| g.series() == series)?;
                Some((at, n))
            })
            .unwrap_or((Grade::ALL.len(), 0))
    }
}

impl std::fmt::Display for Number {
    /// `NC-01`, `NC-04?` while provisional, `OBS-02 (was NC-03)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.number)?;
        if !self.fixed {
            f.write_str("?")?;
        }
        if let Some(was) = &self.was {
            write!(f, " (was {was})")?;
        }
        Ok(())
    }
}

/// The name of the plan's lead auditor, whose fixing of the finding numbers counts; empty if
/// the plan names none.
pub fn lead_auditor(plan: &Plan) -> &str {
    plan.team
        .iter()
        .find(|m| m.role.value == Role::Lead)
        .map_or("", |m| m.name.value.as_str())
}

impl Finding {
    /// What a nonconformity lacks to be presented: its requirement, its objective evidence,
    /// a clause or control it refers to (each named as the closing meeting says it); nothing
    /// for the other grades.
    pub fn missing(&self) -> Vec<&'static str> {
        if !matches!(self.grade, Grade::Major | Grade::Minor) {
            return Vec::new();
        }
        let mut missing = Vec::new();
        if self.requirement.trim().is_empty() {
            missing.push("requirement");
        }
        if self.objective_evidence.trim().is_empty() {
            missing.push("objective evidence");
        }
        if self.references.is_empty() {
            missing.push("reference");
        }
        missing
    }

    /// What a nonconformity lacks, in words for every list that shows it ("incomplete: no
    /// objective evidence"), so that it is not presented as it stands; none when complete.
    pub fn incomplete(&self) -> Option<String> {
        let missing = self.missing();
        (!missing.is_empty()).then(|| format!("incomplete: no {}", missing.join(", no ")))
    }

    /// The samples a standing finding counts against: the one it was raised on and every
    /// clause or control it refers to, each once.
    pub fn concerns(&self) -> Vec<&str> {
        let mut concerned: Vec<&str> = self.sample.iter().map(String::as_str).collect();
        concerned.extend(self.references.iter().map(String::as_str));
        concerned.sort_unstable();
        concerned.dedup();
        concerned
    }
}

/// Why a finding merged into another stands no more, as its withdrawal says.
const MERGED: &str = "merged into the finding that says the same";

impl AuditState {
    /// How findings are numbered now; `lead` is the lead auditor's name as in the plan.
    pub fn numbering(&self, lead: &str) -> Numbering {
        Numbering::of(&self.fixings, lead)
    }

    /// Every finding, withdrawn ones included, numbered, in the order they were raised.
    /// Numbers are provisional until fixed by a `numbers_fixed` event: the lead auditor's
    /// latest fixing counts, else the latest of anyone's.
    pub fn findings(&self, lead: &str) -> Vec<NumberedFinding<'_>> {
        let mut numbering = self.numbering(lead);
        current(&self.findings)
            .map(|item| NumberedFinding {
                number: numbering.assign(item.id, item.content.grade),
                withdrawn: self.withdrawal(item.id),
                item,
            })
            .collect()
    }

    /// Who withdrew finding `id`, and why, if it is withdrawn: its latest withdrawal, unless a
    /// later `finding_reinstated` undid it.
    /// A merge into another finding counts as a withdrawal, the latest of the two counting.
    pub fn withdrawal(&self, id: Ulid) -> Option<(&Origin, &str)> {
        let withdrawn = self
            .withdrawn
            .get(&id)
            .map(|(o, reason)| (o, reason.as_str()));
        let merged = self.merged.get(&id).map(|(o, _)| (o, MERGED));
        let (origin, reason) = match (withdrawn, merged) {
            (Some(w), Some(m)) => std::cmp::max_by_key(w, m, |(o, _)| o.id),
            (w, m) => w.or(m)?,
        };
        let undone = (self.reinstated.get(&id)).is_some_and(|(r, ())| r.id > origin.id);
        (!undone).then_some((origin, reason))
    }

    /// The finding `id` was merged into, while that merge holds (it is the latest withdrawal
    /// of `id` and no reinstatement undid it) and the finding merged into still stands.
    pub fn merged_into(&self, id: Ulid) -> Option<Ulid> {
        let (origin, into) = self.merged.get(&id)?;
        let (latest, _) = self.withdrawal(id)?;
        (latest.id == origin.id
            && self
                .findings
                .get(into)
                .is_some_and(|f| f.current().is_some()))
        .then_some(*into)
    }

    /// The findings merged into finding `into`, in the order they were raised: both
    /// originals stay in the record, and the report cites them.
    pub fn merged_from(&self, into: Ulid) -> Vec<Ulid> {
        (self.merged.keys())
            .filter(|id| self.merged_into(**id) == Some(into))
            .copied()
            .collect()
    }

    /// The `numbers_fixed` event that fixes every finding's number as it now stands (keeping
    /// the numbers the fixing in force gave findings not yet read here); none when there are
    /// no findings or every number is already fixed.
    pub fn fix_numbers(&self, lead: &str) -> Option<NumbersFixed> {
        let findings = self.findings(lead);
        if findings.iter().all(|f| f.number.fixed) {
            return None;
        }
        let mut numbers = self.numbering(lead).fixed;
        for f in findings {
            numbers.insert(f.item.id, f.number.number);
        }
        Some(NumbersFixed { numbers })
    }

    /// How many findings stand, by grade.
    pub fn finding_counts(&self) -> FindingCounts {
        FindingCounts::tally(
            current(&self.findings)
                .map(|item| (item.content.grade, self.withdrawal(item.id).is_some())),
        )
    }
}

impl FindingCounts {
    /// The counts of `findings`, each given as its grade and whether it was withdrawn: how the
    /// record, the rail and a filtered list all count, so that they agree.
    pub fn tally(findings: impl IntoIterator<Item = (Grade, bool)>) -> FindingCounts {
        let mut counts = FindingCounts::default();
        for (grade, withdrawn) in findings {
            counts.add(grade, withdrawn, 1);
        }
        counts
    }

    /// How many stand, of every grade (strengths too).
    pub fn standing(&self) -> usize {
        Grade::ALL.iter().map(|g| self.of(*g)).sum()
    }

    /// Adds `n` (or takes away, with a negative `n`) findings of `grade`, withdrawn or not.
    pub fn add(&mut self, grade: Grade, withdrawn: bool, n: isize) {
        let slot = if withdrawn {
            &mut self.withdrawn
        } else {
            match grade {
                Grade::Major => &mut self.major,
                Grade::Minor => &mut self.minor,
                Grade::Observation => &mut self.observation,
                Grade::Opportunity => &mut self.opportunity,
                Grade::Strength => &mut self.strength,
                Grade::AreaOfConcern => &mut self.area_of_concern,
            }
        };
        *slot = slot.saturating_add_signed(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_order_is_series_in_grade_order_then_number() {
        let number = |n: &str| Number {
            number: n.into(),
            fixed: true,
            was: None,
        };
        let mut numbers = ["STR-01", "OBS-02", "NC-10", "OFI-01", "NC-02", "OBS-01"].map(number);
        numbers.sort_by_key(Number::order);
        let order: Vec<&str> = numbers.iter().map(|n| n.number.as_str()).collect();
        assert_eq!(
            order,
            ["NC-02", "NC-10", "OBS-01", "OBS-02", "OFI-01", "STR-01"]
        );
    }

    #[test]
    fn a_nonconformity_lacks_its_requirement_objective_evidence_or_reference() {
        let finding = |grade| Finding {
            grade,
            sample: None,
            references: vec![],
            requirement: " ".into(),
            statement: "s".into(),
            objective_evidence: String::new(),
            evidence: vec![],
            interviews: vec![],
        };
        assert_eq!(
            finding(Grade::Minor).missing(),
            ["requirement", "objective evidence", "reference"]
        );
        let mut major = finding(Grade::Major);
        major.requirement = "A.5.18 requires reviews".into();
        major.references = vec!["A.5.18".into()];
        assert_eq!(major.missing(), ["objective evidence"]);
        assert!(finding(Grade::Observation).missing().is_empty());
        assert_eq!(
            finding(Grade::Minor).incomplete().as_deref(),
            Some("incomplete: no requirement, no objective evidence, no reference")
        );
        assert_eq!(
            major.incomplete().as_deref(),
            Some("incomplete: no objective evidence")
        );
        assert_eq!(finding(Grade::Strength).incomplete(), None);
    }

    #[test]
    fn counts_keep_withdrawn_apart_and_count_strengths() {
        let counts = FindingCounts::tally([
            (Grade::Strength, false),
            (Grade::Observation, false),
            (Grade::Observation, true),
            (Grade::Minor, false),
        ]);
        assert_eq!(counts.of(Grade::Strength), 1);
        assert_eq!(counts.of(Grade::Observation), 1);
        assert_eq!(counts.withdrawn, 1);
        assert_eq!(counts.standing(), 3);
    }
}
