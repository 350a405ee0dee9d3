//! The closing meeting's overview of the day: samples done by theme, interviews held, and the
//! time left on today's agenda (findings by grade are in [`FindingCounts`](super::FindingCounts)).

use chrono::NaiveDateTime;

use super::samples::SampleProgress;
use super::state::AuditState;
use crate::plan::Plan;

/// Samples of one theme: how many are done of how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeProgress {
    /// The theme's id (`A.8`), or `clauses` for the management-system clauses.
    pub theme: String,
    /// Samples concluded (conforming, finding raised, not assessed).
    pub done: usize,
    /// Samples of the theme.
    pub total: usize,
}

/// Where the day stands, in a few numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Samples by theme: clauses first, then the themes in order of their ids.
    pub themes: Vec<ThemeProgress>,
    /// Interviews ended, a person seen twice counted twice.
    pub interviews_held: usize,
    /// People the plan lists for interview who were interviewed (an interview ended).
    pub people_seen: usize,
    /// People the plan lists for interview.
    pub interviews_planned: usize,
    /// Minutes to the end of the last slot of today's agenda, none once it has passed or
    /// when nothing is planned today.
    pub minutes_left: Option<i64>,
}

/// `samples` counted by theme; `theme_of` gives a reference's theme id, none for a clause.
pub fn samples_by_theme(
    samples: &[SampleProgress],
    theme_of: impl Fn(&str) -> Option<String>,
) -> Vec<ThemeProgress> {
    let mut themes: Vec<ThemeProgress> = Vec::new();
    for sample in samples {
        let theme = theme_of(&sample.reference).unwrap_or_else(|| "clauses".into());
        let at = match themes.iter().position(|t| t.theme == theme) {
            Some(at) => at,
            None => {
                themes.push(ThemeProgress {
                    theme,
                    done: 0,
                    total: 0,
                });
                themes.len() - 1
            }
        };
        themes[at].total += 1;
        themes[at].done += usize::from(sample.status.is_done());
    }
    themes.sort_by(|a, b| (a.theme != "clauses", &a.theme).cmp(&(b.theme != "clauses", &b.theme)));
    themes
}

/// Minutes from `now` to the end of the last slot of today's agenda.
pub fn minutes_left_today(plan: &Plan, now: NaiveDateTime) -> Option<i64> {
    plan.agenda
        .iter()
        .map(|a| a.end())
        .filter(|end| end.date() == now.date() && *end > now)
        .max()
        .map(|end| (end - now).num_minutes())
}

impl AuditState {
    /// The overview of the day at local time `now`, from `samples` as the plan and record give
    /// them; `theme_of` as for [`samples_by_theme`].
    pub fn overview(
        &self,
        plan: &Plan,
        samples: &[SampleProgress],
        theme_of: impl Fn(&str) -> Option<String>,
        now: NaiveDateTime,
    ) -> Overview {
        Overview {
            themes: samples_by_theme(samples, theme_of),
            interviews_held: self.interviews().filter(|i| i.ended.is_some()).count(),
            people_seen: plan
                .interviewees
                .iter()
                .filter(|p| {
                    self.interviews()
                        .any(|i| i.ended.is_some() && i.item.content.interviewee == p.name.value)
                })
                .count(),
            interviews_planned: plan.interviewees.len(),
            minutes_left: minutes_left_today(plan, now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::SampleStatus;
    use chrono::NaiveDate;

    fn sample_plan() -> Plan {
        crate::plan::load(
            std::path::Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/sample-audits/stage2-software-sme.toml"
            )),
            None,
        )
        .unwrap()
    }

    fn sample(reference: &str, status: SampleStatus) -> SampleProgress {
        SampleProgress {
            reference: reference.into(),
            planned: true,
            status,
            evidence: 0,
            notes: 0,
            findings: vec![],
        }
    }

    #[test]
    fn samples_are_counted_by_theme_clauses_first() {
        let samples = [
            sample("A.8.2", SampleStatus::Conforming),
            sample("9.2", SampleStatus::NotStarted),
            sample("A.5.15", SampleStatus::InProgress),
            sample("A.8.5", SampleStatus::NotStarted),
            sample("6.1.2", SampleStatus::Conforming),
        ];
        let theme_of = |r: &str| {
            r.strip_prefix("A.")
                .map(|rest| format!("A.{}", rest.split('.').next().unwrap()))
        };
        let counts: Vec<(String, usize, usize)> = samples_by_theme(&samples, theme_of)
            .into_iter()
            .map(|t| (t.theme, t.done, t.total))
            .collect();
        assert_eq!(
            counts,
            [
                ("clauses".to_string(), 1, 2),
                ("A.5".to_string(), 0, 1),
                ("A.8".to_string(), 1, 2),
            ]
        );
        assert!(samples_by_theme(&[], theme_of).is_empty());
    }

    #[test]
    fn the_time_left_runs_to_the_end_of_todays_last_slot() {
        let plan = sample_plan();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let last_today = |d| {
            plan.agenda
                .iter()
                .map(|a| a.end())
                .filter(|e| e.date() == day(d))
                .max()
                .unwrap()
        };
        let end = last_today(24);
        let an_hour_before = end - chrono::Duration::minutes(60);
        assert_eq!(minutes_left_today(&plan, an_hour_before), Some(60));
        assert_eq!(minutes_left_today(&plan, end), None, "the day is over");
        let before_the_audit = day(20).and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(minutes_left_today(&plan, before_the_audit), None);
    }

    #[test]
    fn a_person_interviewed_twice_is_one_person_seen_and_two_interviews_held() {
        use crate::audit::{Event, InterviewEnded, InterviewStarted, recorded};
        let plan = sample_plan();
        let started = || {
            Event::InterviewStarted(InterviewStarted {
                interviewee: "Marcus Dale".into(),
                role: String::new(),
                department: String::new(),
                topics: vec![],
            })
        };
        let ended = |n| {
            Event::InterviewEnded(InterviewEnded {
                interview: ulid::Ulid::from_parts(n, 1),
            })
        };
        let audit = recorded(vec![started(), ended(1), started(), ended(3)]);
        let now = NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let overview = audit.overview(&plan, &[], |_| None, now);
        assert_eq!(
            (
                overview.people_seen,
                overview.interviews_planned,
                overview.interviews_held
            ),
            (1, 4, 2)
        );
    }
}
