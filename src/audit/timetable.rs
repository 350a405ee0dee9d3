//! Where the plan's timetable stands for one auditor at a moment: the meeting that runs over,
//! the slot the clock is in with the minutes left, or the next slot. A rule of the audit, not
//! of the screen: the header shows it, and the coming timetable screen and reports read it.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::event::Meeting;
use super::state::AuditState;
use crate::plan::{AgendaItem, AgendaKind, Plan};

/// The timetable at one moment, for one auditor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Timetable<'a> {
    /// A meeting was started and not ended, and its slot is over by this many minutes.
    Overrun {
        /// The meeting's slot.
        slot: &'a AgendaItem,
        /// Minutes past its end.
        minutes: i64,
    },
    /// The clock is in this slot, with this many minutes left.
    In {
        /// The slot.
        slot: &'a AgendaItem,
        /// Minutes to its end.
        minutes_left: i64,
    },
    /// Between slots: the next one to start.
    Next(&'a AgendaItem),
    /// No slot now and none to come.
    Done,
    /// Today is not a day of the audit: its minutes and slots mean nothing now.
    OutsideDates {
        /// The audit's first day.
        first: NaiveDate,
        /// Its last day.
        last: NaiveDate,
    },
}

/// The audit's days as people write them: "24 Nov 2026", "24–25 Nov 2026",
/// "30 Nov – 1 Dec 2026", "30 Dec 2026 – 2 Jan 2027".
pub fn day_span(first: NaiveDate, last: NaiveDate) -> String {
    let full = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    if first == last {
        full(first)
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!("{}–{}", first.day(), full(last))
    } else if first.year() == last.year() {
        format!("{} – {}", first.format("%-d %b"), full(last))
    } else {
        format!("{} – {}", full(first), full(last))
    }
}

impl<'a> Timetable<'a> {
    /// Where the timetable stands at local time `now` for `auditor`: when the team splits up,
    /// only the slots for everyone and the auditor's own count.
    pub fn at(
        plan: &'a Plan,
        audit: &AuditState,
        auditor: &str,
        now: NaiveDateTime,
    ) -> Timetable<'a> {
        let (first, last) = (plan.audit.start.value.date(), plan.audit.end.value.date());
        if now.date() < first || now.date() > last {
            return Timetable::OutsideDates { first, last };
        }
        for (kind, meeting) in [
            (AgendaKind::Opening, Meeting::Opening),
            (AgendaKind::Closing, Meeting::Closing),
        ] {
            let times = audit.meeting(meeting);
            if times.started.is_none() || times.ended.is_some() {
                continue;
            }
            if let Some(slot) = plan
                .agenda
                .iter()
                .find(|a| a.kind == kind && a.end() <= now)
            {
                return Timetable::Overrun {
                    slot,
                    minutes: (now - slot.end()).num_minutes(),
                };
            }
        }
        let mine = |a: &&AgendaItem| a.auditor.as_ref().is_none_or(|who| who.value == auditor);
        let mut slots = plan.agenda.iter().filter(mine);
        if let Some(slot) = slots
            .clone()
            .find(|a| a.start.value <= now && now < a.end())
        {
            return Timetable::In {
                slot,
                minutes_left: (slot.end() - now).num_minutes().max(0),
            };
        }
        slots
            .find(|a| a.start.value > now)
            .map_or(Timetable::Done, Timetable::Next)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::audit::{Event, MeetingMark};
    use crate::record::{Envelope, FORMAT_VERSION};

    fn plan() -> Plan {
        crate::plan::load(
            Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/sample-audits/stage2-software-sme.toml"
            )),
            None,
        )
        .unwrap()
    }

    fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn started(meeting: Meeting) -> AuditState {
        let event = Event::MeetingStarted(MeetingMark { meeting });
        AuditState::fold([&Envelope {
            version: FORMAT_VERSION,
            id: ulid::Ulid::from_parts(1, 1),
            at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
            auditor: "Priya Shah".into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: Vec::new(),
        }])
    }

    #[test]
    fn outside_the_audit_days_it_says_so_rather_than_counting_minutes() {
        let plan = plan();
        let closing_left_open = started(Meeting::Closing);
        let weeks_later = at(30, 10, 0) + chrono::Duration::days(40);
        let (first, last) = (at(24, 0, 0).date(), at(25, 0, 0).date());
        for now in [at(20, 10, 0), weeks_later] {
            assert_eq!(
                Timetable::at(&plan, &closing_left_open, "Priya Shah", now),
                Timetable::OutsideDates { first, last }
            );
        }
        assert_eq!(day_span(first, last), "24–25 Nov 2026");
        assert_eq!(day_span(first, first), "24 Nov 2026");
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            day_span(d(2026, 11, 30), d(2026, 12, 1)),
            "30 Nov – 1 Dec 2026"
        );
        assert_eq!(
            day_span(d(2026, 12, 30), d(2027, 1, 2)),
            "30 Dec 2026 – 2 Jan 2027"
        );
    }

    #[test]
    fn the_slot_now_the_next_one_and_a_meeting_that_runs_over() {
        let plan = plan();
        let nothing = AuditState::default();
        let title = |t: Timetable| match t {
            Timetable::Overrun { slot, minutes } => format!("over {minutes}: {}", slot.title),
            Timetable::In { slot, minutes_left } => format!("in {minutes_left}: {}", slot.title),
            Timetable::Next(slot) => format!("next: {}", slot.title),
            Timetable::Done => "done".into(),
            Timetable::OutsideDates { first, last } => format!("outside {first}–{last}"),
        };
        let cases = [
            (
                &nothing,
                "Priya Shah",
                at(24, 8, 30),
                "next: Opening meeting",
            ),
            (
                &nothing,
                "Priya Shah",
                at(24, 9, 10),
                "in 20: Opening meeting",
            ),
            (
                &nothing,
                "Priya Shah",
                at(24, 9, 45),
                "in 75: Context, scope, leadership and planning (clauses 4–6)",
            ),
            (
                &nothing,
                "Tom Whitfield",
                at(24, 9, 45),
                "in 75: Access control to development servers; privileged access",
            ),
            (
                &started(Meeting::Opening),
                "Priya Shah",
                at(24, 9, 42),
                "over 12: Opening meeting",
            ),
            (&nothing, "Priya Shah", at(25, 23, 0), "done"),
            (
                &nothing,
                "Priya Shah",
                at(26, 9, 0),
                "outside 2026-11-24–2026-11-25",
            ),
        ];
        for (audit, auditor, now, want) in cases {
            assert_eq!(title(Timetable::at(&plan, audit, auditor, now)), want);
        }
    }
}
