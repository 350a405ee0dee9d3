//! When corrective action for a nonconformity is due: the plan's window (`major_nc_days`,
//! `minor_nc_days`) in calendar days from the date of the closing meeting. One rule, read by
//! the closing meeting's presentation and by the report.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, Utc};

use super::event::Grade;
use crate::plan::{AgendaKind, AuditInfo, Plan};

/// A nonconformity's corrective-action window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrectiveAction {
    /// The window, in calendar days from the closing meeting.
    pub days: u32,
    /// The last day of the window.
    pub due: NaiveDate,
}

impl std::fmt::Display for CorrectiveAction {
    /// `Corrective action due 24 Jan 2027 (60 days)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Corrective action due {} ({} days)",
            self.due.format("%-d %b %Y"),
            self.days
        )
    }
}

/// The local date of the closing meeting: the day it started per the record (`started`, seen
/// at `offset`), else the day of the plan's closing slot, else the audit's last day.
pub fn closing_date(plan: &Plan, started: Option<DateTime<Utc>>, offset: FixedOffset) -> NaiveDate {
    if let Some(started) = started {
        return started.with_timezone(&offset).date_naive();
    }
    plan.agenda
        .iter()
        .rfind(|slot| slot.kind == AgendaKind::Closing)
        .map_or(plan.audit.end.value.date(), |slot| slot.start.value.date())
}

/// The corrective-action window of a finding of `grade` given a closing meeting on `closing`:
/// none for grades that need no corrective action, nor past the last date chrono knows.
pub fn corrective_action(
    grade: Grade,
    closing: NaiveDate,
    audit: &AuditInfo,
) -> Option<CorrectiveAction> {
    let days = match grade {
        Grade::Major => audit.major_nc_days,
        Grade::Minor => audit.minor_nc_days,
        Grade::Observation | Grade::Opportunity | Grade::Strength | Grade::AreaOfConcern => {
            return None;
        }
    };
    let due = closing.checked_add_days(Days::new(u64::from(days)))?;
    Some(CorrectiveAction { days, due })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn plan() -> Plan {
        crate::plan::load(
            std::path::Path::new("sample-audits/stage2-software-sme.toml"),
            None,
        )
        .unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_window_is_calendar_days_from_the_closing_date_by_grade() {
        let mut audit = plan().audit;
        audit.major_nc_days = 30;
        audit.minor_nc_days = 60;
        let closing = date(2026, 11, 25);
        let major = corrective_action(Grade::Major, closing, &audit).unwrap();
        assert_eq!(major.due, date(2026, 12, 25));
        let minor = corrective_action(Grade::Minor, closing, &audit).unwrap();
        assert_eq!(minor.due, date(2027, 1, 24), "across the new year");
        assert_eq!(
            minor.to_string(),
            "Corrective action due 24 Jan 2027 (60 days)"
        );
        for grade in [Grade::Observation, Grade::Opportunity, Grade::Strength] {
            assert_eq!(corrective_action(grade, closing, &audit), None);
        }
    }

    #[test]
    fn a_window_over_the_end_of_february_counts_the_leap_day() {
        let mut audit = plan().audit;
        audit.minor_nc_days = 30;
        let minor = |d| corrective_action(Grade::Minor, d, &audit).unwrap().due;
        assert_eq!(minor(date(2028, 2, 10)), date(2028, 3, 11));
        assert_eq!(minor(date(2027, 2, 10)), date(2027, 3, 12));
        assert_eq!(
            corrective_action(Grade::Major, NaiveDate::MAX, &audit),
            None
        );
    }

    #[test]
    fn the_closing_date_is_when_it_started_else_the_planned_slot_else_the_last_day() {
        let mut plan = plan();
        let slot = plan
            .agenda
            .iter()
            .rfind(|s| s.kind == AgendaKind::Closing)
            .unwrap()
            .start
            .value
            .date();
        let utc = FixedOffset::east_opt(0).unwrap();
        assert_eq!(closing_date(&plan, None, utc), slot);
        // Started at 23:30 UTC: already the next day in Athens.
        let started = Utc.with_ymd_and_hms(2026, 11, 24, 23, 30, 0).unwrap();
        assert_eq!(closing_date(&plan, Some(started), utc), date(2026, 11, 24));
        let athens = FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(
            closing_date(&plan, Some(started), athens),
            date(2026, 11, 25)
        );
        plan.agenda.retain(|s| s.kind != AgendaKind::Closing);
        assert_eq!(closing_date(&plan, None, utc), plan.audit.end.value.date());
    }
}
