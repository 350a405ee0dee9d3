//! Where the plan's timetable stands for one auditor at a moment: the meeting that runs over,
//! the slot the clock is in with the minutes left, or the next slot. A rule of the audit, not
//! of the screen: the header shows it, the timetable screen and reports read it. Also every
//! slot of the agenda with its state ([`agenda`]), and how the day deviated from the plan
//! ([`deviations`]).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

use super::event::Meeting;
use super::samples::{SampleProgress, SampleStatus};
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
            // A meeting left open on an earlier day is not thousands of minutes over.
            if let Some(slot) = plan
                .agenda
                .iter()
                .find(|a| a.kind == kind && a.end() <= now && a.end().date() == now.date())
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

/// Where one slot of the agenda stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotState {
    /// Held: its meeting or interview ended, or every sample of it is concluded (conforming,
    /// finding raised, not assessed); a break or other slot whose time has passed.
    Done,
    /// The clock is in it (or its meeting or interview is under way), this many minutes left.
    Now {
        /// Minutes to its end.
        minutes_left: i64,
    },
    /// Its meeting or interview was started, not ended, and runs past the slot's end.
    Over {
        /// Minutes past its end.
        minutes: i64,
    },
    /// Its meeting or interview was started and not ended, and its day is over: left open,
    /// not hours over.
    NotEnded,
    /// Its time passed with some of it recorded and not all: samples not all concluded.
    Unfinished {
        /// Samples concluded.
        done: usize,
        /// Samples of the slot.
        of: usize,
    },
    /// Its time passed and nothing was recorded for it.
    Missed,
    /// The next slot to start on its track (the auditor's, or everyone's).
    Next,
    /// To come, after the next.
    Later,
}

/// One slot of the agenda with its state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot<'a> {
    /// The plan's slot.
    pub item: &'a AgendaItem,
    /// Where it stands.
    pub state: SlotState,
}

impl<'a> Slot<'a> {
    /// Whom the slot is for: its auditor, or "everyone".
    pub fn who(&self) -> &'a str {
        self.item
            .auditor
            .as_ref()
            .map_or("everyone", |a| a.value.as_str())
    }

    /// Whether the slot is for `auditor`: theirs, or everyone's.
    pub fn is_for(&self, auditor: &str) -> bool {
        self.item
            .auditor
            .as_ref()
            .is_none_or(|a| a.value == auditor)
    }
}

/// One day of the agenda, its slots in the plan's order (by start).
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaDay<'a> {
    /// The date.
    pub date: NaiveDate,
    /// Its slots.
    pub slots: Vec<Slot<'a>>,
}

/// Every slot of the plan's agenda, by day, with its state at local time `now`: what
/// `audit` records of its meeting, interview or samples (as `samples` gives their progress,
/// see [`AuditState::samples`]) decides done, under way, over, unfinished or missed; the clock
/// decides the rest. Each track (an auditor's slots and everyone's) has its own next slot.
pub fn agenda<'a>(
    plan: &'a Plan,
    audit: &AuditState,
    samples: &[SampleProgress],
    now: NaiveDateTime,
) -> Vec<AgendaDay<'a>> {
    let states: Vec<Option<SlotState>> = plan
        .agenda
        .iter()
        .map(|item| recorded_state(item, audit, samples, now))
        .collect();
    let upcoming = |i: usize| states[i].is_none() && plan.agenda[i].start.value > now;
    let shares_track = |a: &AgendaItem, b: &AgendaItem| match (&a.auditor, &b.auditor) {
        (Some(a), Some(b)) => a.value == b.value,
        _ => true,
    };
    let mut days: Vec<AgendaDay<'a>> = Vec::new();
    for (i, item) in plan.agenda.iter().enumerate() {
        let state = states[i].unwrap_or_else(|| {
            if !upcoming(i) {
                return by_the_clock(item, now);
            }
            let earlier = (0..plan.agenda.len()).any(|j| {
                upcoming(j)
                    && plan.agenda[j].start.value < item.start.value
                    && shares_track(&plan.agenda[j], item)
            });
            if earlier {
                SlotState::Later
            } else {
                SlotState::Next
            }
        });
        let slot = Slot { item, state };
        match days.last_mut() {
            Some(day) if day.date == item.start.value.date() => day.slots.push(slot),
            _ => days.push(AgendaDay {
                date: item.start.value.date(),
                slots: vec![slot],
            }),
        }
    }
    days
}

/// The state of a slot from what the record holds of it, when it says more than the clock.
fn recorded_state(
    item: &AgendaItem,
    audit: &AuditState,
    samples: &[SampleProgress],
    now: NaiveDateTime,
) -> Option<SlotState> {
    let running = |started: bool, ended: bool| match (started, ended) {
        (_, true) => Some(SlotState::Done),
        (true, false) if now.date() > item.end().date() => Some(SlotState::NotEnded),
        (true, false) if now >= item.end() => Some(SlotState::Over {
            minutes: (now - item.end()).num_minutes(),
        }),
        (true, false) => Some(SlotState::Now {
            minutes_left: (item.end() - now).num_minutes().max(0),
        }),
        (false, false) => None,
    };
    match item.kind {
        AgendaKind::Opening | AgendaKind::Closing => {
            let meeting = if item.kind == AgendaKind::Opening {
                Meeting::Opening
            } else {
                Meeting::Closing
            };
            let times = audit.meeting(meeting);
            running(times.started.is_some(), times.ended.is_some())
        }
        AgendaKind::Interview => {
            let who = &item.interviewee.as_ref()?.value;
            let latest = audit
                .interviews()
                .filter(|i| &i.item.content.interviewee == who)
                .last();
            latest.and_then(|i| running(true, i.ended.is_some()))
        }
        AgendaKind::Samples if !item.samples.is_empty() => {
            let status = |reference: &str| {
                samples
                    .iter()
                    .find(|s| s.reference == reference)
                    .map_or(&SampleStatus::NotStarted, |s| &s.status)
            };
            let of = item.samples.len();
            let done = (item.samples.iter())
                .filter(|s| status(&s.value).is_done())
                .count();
            let touched =
                (item.samples.iter()).any(|s| *status(&s.value) != SampleStatus::NotStarted);
            if done == of {
                Some(SlotState::Done)
            } else if now >= item.end() && touched {
                Some(SlotState::Unfinished { done, of })
            } else if now >= item.end() {
                Some(SlotState::Missed)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The state of a slot nothing recorded decides, at a moment not before its start.
fn by_the_clock(item: &AgendaItem, now: NaiveDateTime) -> SlotState {
    let recordable = match item.kind {
        AgendaKind::Opening | AgendaKind::Closing => true,
        AgendaKind::Interview => item.interviewee.is_some(),
        AgendaKind::Samples => !item.samples.is_empty(),
        AgendaKind::Break | AgendaKind::Other => false,
    };
    if now < item.end() {
        SlotState::Now {
            minutes_left: (item.end() - now).num_minutes().max(0),
        }
    } else if recordable {
        SlotState::Missed
    } else {
        SlotState::Done
    }
}

/// The slot the auditor is at: theirs (or everyone's) that runs over, else the one the clock
/// is in, else their next one; its place in `days` counted across days.
pub fn current_slot(days: &[AgendaDay], auditor: &str, now: NaiveDateTime) -> Option<usize> {
    let slots: Vec<&Slot> = days.iter().flat_map(|d| &d.slots).collect();
    let mine =
        |pick: &dyn Fn(&Slot) -> bool| slots.iter().position(|s| s.is_for(auditor) && pick(s));
    mine(&|s| matches!(s.state, SlotState::Over { .. }))
        .or_else(|| mine(&|s| matches!(s.state, SlotState::Now { .. })))
        .or_else(|| mine(&|s| s.item.start.value <= now && now < s.item.end()))
        .or_else(|| mine(&|s| s.state == SlotState::Next))
}

/// One way the day departed from the plan, for the timetable screen and the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Deviation<'a> {
    /// A planned sample concluded not assessed.
    NotAssessed {
        /// The sample (`A.8.15`).
        sample: String,
        /// Why.
        reason: String,
    },
    /// A sample the plan did not list.
    Unplanned {
        /// The sample.
        sample: String,
        /// The trail that led there, when one was recorded.
        why: String,
    },
    /// A slot whose time passed with nothing recorded for it.
    Missed(&'a AgendaItem),
    /// A meeting or interview held more than half an hour from its planned start.
    Moved {
        /// The slot.
        slot: &'a AgendaItem,
        /// When it started, in the plan's local time.
        started: NaiveDateTime,
    },
}

/// How far from its planned start a meeting or interview may begin before the report calls
/// the slot moved: a quarter of an hour late is the day running, not the plan changing.
const MOVED_AFTER: i64 = 30;

/// How the day departed from the plan: planned samples not assessed (with the reason), then
/// unplanned samples added (with their trail), then slots missed, each in the plan's or the
/// record's order.
pub fn deviations<'a>(
    days: &[AgendaDay<'a>],
    samples: &[SampleProgress],
    audit: &AuditState,
    offset: FixedOffset,
) -> Vec<Deviation<'a>> {
    let mut out: Vec<Deviation<'a>> = samples
        .iter()
        .filter(|s| s.planned)
        .filter_map(|s| match &s.status {
            SampleStatus::NotAssessed { reason } => Some(Deviation::NotAssessed {
                sample: s.reference.clone(),
                reason: reason.clone(),
            }),
            _ => None,
        })
        .collect();
    out.extend(samples.iter().filter(|s| !s.planned).map(|s| {
        Deviation::Unplanned {
            sample: s.reference.clone(),
            why: (audit.unplanned.get(&s.reference))
                .map(|(_, why)| why.clone())
                .unwrap_or_default(),
        }
    }));
    out.extend(
        days.iter()
            .flat_map(|d| &d.slots)
            .filter(|s| s.state == SlotState::Missed)
            .map(|s| Deviation::Missed(s.item)),
    );
    out.extend(days.iter().flat_map(|d| &d.slots).filter_map(|s| {
        let started = held_at(s.item, audit)?.with_timezone(&offset).naive_local();
        let off = (started - s.item.start.value).num_minutes().abs();
        (off > MOVED_AFTER).then_some(Deviation::Moved {
            slot: s.item,
            started,
        })
    }));
    out
}

/// When the meeting or interview of a slot started, as recorded: the meeting's start, or the
/// first interview with the slot's interviewee.
fn held_at(item: &AgendaItem, audit: &AuditState) -> Option<DateTime<Utc>> {
    match item.kind {
        AgendaKind::Opening => audit.meeting(Meeting::Opening).started,
        AgendaKind::Closing => audit.meeting(Meeting::Closing).started,
        AgendaKind::Interview => {
            let who = &item.interviewee.as_ref()?.value;
            audit
                .interviews()
                .find(|i| &i.item.content.interviewee == who)
                .map(|i| i.item.created.at)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{Datelike, NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::audit::{
        Event, InterviewStarted, MeetingMark, SampleStatusSet, SetStatus, UnplannedSampleAdded,
    };
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
            (
                &started(Meeting::Opening),
                "Priya Shah",
                at(25, 9, 0),
                "in 45: Interview: Support Team Lead",
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

    use crate::audit::recorded;

    fn status(sample: &str, status: SetStatus, reason: &str) -> Event {
        Event::SampleStatusSet(SampleStatusSet {
            sample: sample.into(),
            status,
            reason: reason.into(),
        })
    }

    fn mark(meeting: Meeting, ended: bool) -> Event {
        let mark = MeetingMark { meeting };
        if ended {
            Event::MeetingEnded(mark)
        } else {
            Event::MeetingStarted(mark)
        }
    }

    /// The state of the slot whose title starts with `title` on `day`, in `days`.
    fn state_of(days: &[AgendaDay], day: u32, title: &str) -> SlotState {
        days.iter()
            .find(|d| d.date.day() == day)
            .and_then(|d| d.slots.iter().find(|s| s.item.title.starts_with(title)))
            .unwrap_or_else(|| panic!("no slot {title} on day {day}"))
            .state
    }

    #[test]
    fn each_slot_is_done_now_over_unfinished_missed_next_or_later() {
        let plan = plan();
        let interview = |name: &str| {
            Event::InterviewStarted(InterviewStarted {
                interviewee: name.into(),
                role: String::new(),
                department: String::new(),
                topics: vec![],
            })
        };
        let clauses_4_to_6 = ["4.1", "4.3", "5.1", "6.1.2", "6.1.3", "6.2"];
        let all_concluded: Vec<Event> = clauses_4_to_6
            .iter()
            .map(|s| status(s, SetStatus::Conforming, ""))
            .chain([status("5.1", SetStatus::NotAssessed, "MD away")])
            .collect();
        use SlotState::*;
        /// Why, what is recorded, when, which day, which slot, and its state.
        type Case = (
            &'static str,
            Vec<Event>,
            NaiveDateTime,
            u32,
            &'static str,
            SlotState,
        );
        let cases: Vec<Case> = vec![
            ("before the day", vec![], at(24, 8, 0), 24, "Opening", Next),
            ("before the day", vec![], at(24, 8, 0), 24, "Context", Later),
            (
                "parallel tracks each have a next",
                vec![],
                at(24, 9, 10),
                24,
                "Access control",
                Next,
            ),
            (
                "the clock is in it",
                vec![],
                at(24, 9, 10),
                24,
                "Opening",
                Now { minutes_left: 20 },
            ),
            (
                "ended",
                vec![mark(Meeting::Opening, false), mark(Meeting::Opening, true)],
                at(24, 9, 20),
                24,
                "Opening",
                Done,
            ),
            (
                "started early",
                vec![mark(Meeting::Opening, false)],
                at(24, 8, 55),
                24,
                "Opening",
                Now { minutes_left: 35 },
            ),
            (
                "runs over",
                vec![mark(Meeting::Opening, false)],
                at(24, 9, 42),
                24,
                "Opening",
                Over { minutes: 12 },
            ),
            ("never held", vec![], at(24, 9, 42), 24, "Opening", Missed),
            (
                "samples all concluded",
                all_concluded,
                at(24, 10, 0),
                24,
                "Context",
                Done,
            ),
            (
                "samples partly concluded",
                vec![status("4.1", SetStatus::Conforming, "")],
                at(24, 11, 5),
                24,
                "Context",
                Unfinished { done: 1, of: 6 },
            ),
            (
                "samples untouched",
                vec![],
                at(24, 11, 5),
                24,
                "Context",
                Missed,
            ),
            ("a break passes", vec![], at(24, 11, 20), 24, "Break", Done),
            (
                "interview under way",
                vec![interview("Marcus Dale")],
                at(24, 11, 40),
                24,
                "Interview: Head",
                Now { minutes_left: 20 },
            ),
            (
                "interview over",
                vec![interview("Marcus Dale")],
                at(24, 12, 10),
                24,
                "Interview: Head",
                Over { minutes: 10 },
            ),
            (
                "interview not held",
                vec![],
                at(24, 12, 10),
                24,
                "Interview: Head",
                Missed,
            ),
            ("next day", vec![], at(24, 12, 10), 25, "Incident", Later),
            (
                "closing still to come",
                vec![],
                at(25, 14, 0),
                25,
                "Closing",
                Later,
            ),
            (
                "closing next once the review is under way",
                vec![],
                at(25, 14, 20),
                25,
                "Closing",
                Next,
            ),
        ];
        for (why, events, now, day, title, want) in cases {
            let audit = recorded(events);
            let samples = audit.samples(&plan);
            let days = agenda(&plan, &audit, &samples, now);
            assert_eq!(state_of(&days, day, title), want, "{why}: {title} at {now}");
        }
    }

    #[test]
    fn the_agenda_is_grouped_by_day_with_who_each_slot_is_for() {
        let plan = plan();
        let audit = AuditState::default();
        let days = agenda(&plan, &audit, &audit.samples(&plan), at(24, 9, 45));
        assert_eq!(
            days.iter().map(|d| d.date.day()).collect::<Vec<_>>(),
            [24, 25]
        );
        assert_eq!(
            days.iter().map(|d| d.slots.len()).sum::<usize>(),
            plan.agenda.len()
        );
        let who: Vec<&str> = days[0].slots[..3].iter().map(|s| s.who()).collect();
        assert_eq!(who, ["everyone", "Priya Shah", "Tom Whitfield"]);
        let current = |auditor, now| {
            let days = agenda(&plan, &audit, &audit.samples(&plan), now);
            let slots: Vec<&Slot> = days.iter().flat_map(|d| &d.slots).collect();
            current_slot(&days, auditor, now).map(|i| slots[i].item.title.clone())
        };
        assert_eq!(
            current("Tom Whitfield", at(24, 9, 45)).as_deref(),
            Some("Access control to development servers; privileged access")
        );
        assert_eq!(
            current("Priya Shah", at(24, 8, 0)).as_deref(),
            Some("Opening meeting")
        );
        assert_eq!(current("Priya Shah", at(25, 23, 0)), None);
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    #[test]
    fn a_meeting_or_interview_held_over_half_an_hour_from_its_slot_is_moved() {
        let plan = plan();
        let envelope = |n: u64, h: u32, m: u32, event: Event| Envelope {
            version: FORMAT_VERSION,
            id: ulid::Ulid::from_parts(n, 1),
            at: Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap(),
            auditor: "Priya Shah".into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: Vec::new(),
        };
        let interview = Event::InterviewStarted(InterviewStarted {
            interviewee: "Marcus Dale".into(),
            role: String::new(),
            department: String::new(),
            topics: vec![],
        });
        // The opening 20 minutes late (the day running), the interview planned 11:15 held
        // after lunch, the same person seen again later (not a second move).
        let audit = AuditState::fold(&[
            envelope(1, 8, 50, mark(Meeting::Opening, false)),
            envelope(2, 13, 40, interview.clone()),
            envelope(3, 16, 0, interview),
        ]);
        let samples = audit.samples(&plan);
        let days = agenda(&plan, &audit, &samples, at(24, 17, 0));
        let moved = |offset| -> Vec<(String, NaiveDateTime)> {
            deviations(&days, &samples, &audit, offset)
                .iter()
                .filter_map(|d| match d {
                    Deviation::Moved { slot, started } => Some((slot.title.clone(), *started)),
                    _ => None,
                })
                .collect()
        };
        let interview_slot = plan
            .agenda
            .iter()
            .find(|s| {
                s.interviewee
                    .as_ref()
                    .is_some_and(|i| i.value == "Marcus Dale")
            })
            .unwrap();
        assert_eq!(
            moved(utc()),
            [(interview_slot.title.clone(), at(24, 13, 40))]
        );
        // The record is UTC; the plan's times are local: an hour east, the opening at 09:50
        // local is 50 minutes late.
        let east = FixedOffset::east_opt(3600).unwrap();
        assert!(
            moved(east).contains(&("Opening meeting".to_owned(), at(24, 9, 50))),
            "{:?}",
            moved(east)
        );
    }

    #[test]
    fn deviations_name_samples_not_assessed_unplanned_and_slots_missed() {
        let plan = plan();
        let audit = recorded(vec![
            mark(Meeting::Opening, false),
            mark(Meeting::Opening, true),
            status("5.1", SetStatus::NotAssessed, "MD away on day 1"),
            status("4.1", SetStatus::Conforming, ""),
            Event::UnplannedSampleAdded(UnplannedSampleAdded {
                sample: "A.5.18".into(),
                why: "leaver's VPN account".into(),
            }),
        ]);
        let samples = audit.samples(&plan);
        let days = agenda(&plan, &audit, &samples, at(24, 11, 20));
        let described: Vec<String> = deviations(&days, &samples, &audit, utc())
            .iter()
            .map(|d| match d {
                Deviation::NotAssessed { sample, reason } => {
                    format!("{sample} not assessed: {reason}")
                }
                Deviation::Unplanned { sample, why } => format!("{sample} unplanned: {why}"),
                Deviation::Missed(item) => format!("missed {} {}", item.start.value, item.title),
                Deviation::Moved { slot, started } => format!("moved {} {started}", slot.title),
            })
            .collect();
        assert_eq!(
            described,
            [
                "5.1 not assessed: MD away on day 1",
                "A.5.18 unplanned: leaver's VPN account",
                "missed 2026-11-24 09:30:00 Access control to development servers; privileged access",
            ]
        );
    }
}
