//! Which slots of a timetable overlap: a sweep over the slots in order of start that keeps only
//! those still running, so a timetable of thousands of slots is not compared pair by pair.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use chrono::NaiveDateTime;

use super::model::AgendaItem;
use super::parse::MAX_SLOT_MINUTES;

/// For each slot of `slots` (sorted by start), the first earlier one (by place in `slots`) that
/// is still running when it starts and involves the same people: every slot involves the
/// whole team unless it names an `auditor`, and slots naming different auditors run side by
/// side.
pub(super) fn first_clashes(slots: &[AgendaItem]) -> Vec<Option<usize>> {
    let auditor = |i: usize| slots[i].auditor.as_ref().map(|a| a.value.as_str());
    // The slots still running, by place; the same split by auditor (`None`: the whole team).
    let mut running = BTreeSet::new();
    let mut running_for: HashMap<Option<&str>, BTreeSet<usize>> = HashMap::new();
    let mut ends = BinaryHeap::new();
    let mut clashes = Vec::with_capacity(slots.len());
    for (i, slot) in slots.iter().enumerate() {
        while let Some(&Reverse((end, j))) = ends.peek()
            && end <= slot.start.value
        {
            ends.pop();
            running.remove(&j);
            running_for.entry(auditor(j)).or_default().remove(&j);
        }
        let first_for = |who: Option<&str>| running_for.get(&who).and_then(|s| s.first().copied());
        clashes.push(match auditor(i) {
            None => running.first().copied(),
            Some(who) => first_for(Some(who))
                .into_iter()
                .chain(first_for(None))
                .min(),
        });
        running.insert(i);
        running_for.entry(auditor(i)).or_default().insert(i);
        ends.push(Reverse((slot.end(), i)));
    }
    clashes
}

/// Whether `slots[moved]` (of `slots`, sorted by start), if it started at `at` instead, would
/// overlap another slot that involves the same people. Only the slots that start within the
/// longest a slot may last before `at` can still be running then.
pub(super) fn clashes_at(slots: &[AgendaItem], moved: usize, at: NaiveDateTime) -> bool {
    let slot = &slots[moved];
    let end = at + chrono::Duration::minutes(i64::from(slot.minutes));
    let earliest = at - chrono::Duration::minutes(i64::from(MAX_SLOT_MINUTES));
    let from = slots.partition_point(|s| s.start.value < earliest);
    let to = slots.partition_point(|s| s.start.value < end);
    (from..to).filter(|&j| j != moved).any(|j| {
        let other = &slots[j];
        other.end() > at
            && match (&slot.auditor, &other.auditor) {
                (Some(a), Some(b)) => a.value == b.value,
                _ => true,
            }
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::plan::{AgendaKind, Located};

    fn slot(start_minute: u32, minutes: u32, auditor: Option<&str>) -> AgendaItem {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        AgendaItem {
            start: Located {
                value: day.and_hms_opt(9, 0, 0).unwrap()
                    + chrono::Duration::minutes(i64::from(start_minute)),
                span: 0..0,
            },
            minutes,
            title: String::new(),
            kind: AgendaKind::Other,
            samples: Vec::new(),
            interviewee: None,
            auditor: auditor.map(|a| Located {
                value: a.to_string(),
                span: 0..0,
            }),
        }
    }

    /// Every earlier slot compared with every later one.
    fn pairwise(slots: &[AgendaItem]) -> Vec<Option<usize>> {
        let same_people = |a: &AgendaItem, b: &AgendaItem| match (&a.auditor, &b.auditor) {
            (Some(x), Some(y)) => x.value == y.value,
            _ => true,
        };
        (0..slots.len())
            .map(|i| {
                (0..i).find(|&j| {
                    slots[i].start.value < slots[j].end() && same_people(&slots[j], &slots[i])
                })
            })
            .collect()
    }

    #[test]
    fn slots_of_different_auditors_run_side_by_side() {
        let slots = [
            slot(0, 60, Some("Ann")),
            slot(0, 60, Some("Ben")),
            slot(30, 60, Some("Ben")),
            slot(60, 30, None),
            slot(80, 10, Some("Ann")),
        ];
        assert_eq!(
            first_clashes(&slots),
            [None, None, Some(1), Some(2), Some(3)]
        );
    }

    #[test]
    fn a_slot_moved_to_another_time_clashes_only_with_what_runs_then() {
        let slots = [
            slot(0, 60, None),
            slot(30, 60, Some("Ann")),
            slot(24 * 60, 60, Some("Ben")),
        ];
        let at = |minutes: i64| slots[0].start.value + chrono::Duration::minutes(minutes);
        assert!(clashes_at(&slots, 0, at(30)), "Ann's slot runs then");
        assert!(!clashes_at(&slots, 1, at(90)), "only itself ran then");
        assert!(
            !clashes_at(&slots, 1, at(24 * 60)),
            "Ben's slot is another auditor's"
        );
        assert!(
            clashes_at(&slots, 0, at(24 * 60 + 30)),
            "the whole team is in Ben's"
        );
        assert!(
            !clashes_at(&slots, 0, at(-60)),
            "it ends when the first starts"
        );
    }

    proptest! {
        #[test]
        fn the_sweep_finds_what_comparing_every_pair_finds(
            mut raw in proptest::collection::vec((0u32..300, 1u32..90, 0usize..4), 0..60)
        ) {
            raw.sort_by_key(|(start, _, _)| *start);
            let names = [None, Some("Ann"), Some("Ben"), Some("Cara")];
            let slots: Vec<AgendaItem> = raw
                .into_iter()
                .map(|(start, minutes, who)| slot(start, minutes, names[who]))
                .collect();
            prop_assert_eq!(first_clashes(&slots), pairwise(&slots));
        }
    }
}
