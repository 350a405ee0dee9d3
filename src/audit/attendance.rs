//! Who attends a meeting: the people offered for it, and the rule that nobody attends the same
//! meeting twice.

use super::event::{AttendeeAdded, Meeting};
use super::state::AuditState;

/// Someone who can attend a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Job title or part in the audit.
    pub role: String,
    /// Organisation.
    pub organisation: String,
}

impl Person {
    /// The event recording this person at `meeting`.
    pub fn attending(&self, meeting: Meeting) -> AttendeeAdded {
        AttendeeAdded {
            meeting,
            name: self.name.clone(),
            role: self.role.clone(),
            organisation: self.organisation.clone(),
        }
    }
}

/// Whether two names are the same person's: the same words, whatever the case and spacing.
pub fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

impl AuditState {
    /// Whether someone called `name` is recorded as attending `meeting`.
    pub fn attends(&self, meeting: Meeting, name: &str) -> bool {
        self.attendees(meeting)
            .any(|a| same_name(&a.content.name, name))
    }

    /// The people to offer for `meeting`: the plan's people (`planned`), then at the closing
    /// meeting everyone recorded at the opening meeting, typed-in people included; each person
    /// once, and nobody already attending `meeting`.
    pub fn attendance_offer(&self, meeting: Meeting, planned: Vec<Person>) -> Vec<Person> {
        let opening: Vec<Person> = match meeting {
            Meeting::Closing => self
                .attendees(Meeting::Opening)
                .map(|a| Person {
                    name: a.content.name.clone(),
                    role: a.content.role.clone(),
                    organisation: a.content.organisation.clone(),
                })
                .collect(),
            Meeting::Opening => Vec::new(),
        };
        let mut offered: Vec<Person> = Vec::new();
        for person in planned.into_iter().chain(opening) {
            if person.name.trim().is_empty()
                || self.attends(meeting, &person.name)
                || offered.iter().any(|o| same_name(&o.name, &person.name))
            {
                continue;
            }
            offered.push(person);
        }
        offered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Event;

    use crate::audit::recorded;

    fn person(name: &str, role: &str) -> Person {
        Person {
            name: name.into(),
            role: role.into(),
            organisation: "Acme".into(),
        }
    }

    fn at(meeting: Meeting, name: &str, role: &str) -> Event {
        Event::AttendeeAdded(person(name, role).attending(meeting))
    }

    fn names(people: &[Person]) -> Vec<&str> {
        people.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn the_closing_offers_the_plans_people_then_the_openings_typed_in_ones_each_once() {
        let state = recorded(vec![
            at(Meeting::Opening, "Priya Shah", "Lead auditor"),
            at(Meeting::Opening, "Daniel Reeve", "Managing Director"),
            at(Meeting::Opening, "daniel  reeve", "MD"),
        ]);
        let planned = vec![
            person("Priya Shah", "Lead auditor"),
            person("Tom", "Auditor"),
        ];
        let offered = state.attendance_offer(Meeting::Closing, planned.clone());
        assert_eq!(names(&offered), ["Priya Shah", "Tom", "Daniel Reeve"]);
        assert_eq!(offered[2].role, "Managing Director", "as first recorded");
        assert_eq!(
            names(&state.attendance_offer(Meeting::Opening, planned)),
            ["Tom"],
            "the opening offers only the plan's people not yet there"
        );
    }

    #[test]
    fn nobody_already_at_the_meeting_is_offered_again() {
        let state = recorded(vec![
            at(Meeting::Opening, "Daniel Reeve", "Managing Director"),
            at(Meeting::Closing, "DANIEL REEVE", ""),
            at(Meeting::Closing, "Tom", "Auditor"),
        ]);
        let offered = state.attendance_offer(Meeting::Closing, vec![person("Tom", "Auditor")]);
        assert!(offered.is_empty(), "{offered:?}");
        assert!(state.attends(Meeting::Closing, " daniel reeve "));
        assert!(!state.attends(Meeting::Opening, "Tom"));
    }

    #[test]
    fn a_removed_attendee_is_offered_again() {
        let state = recorded(vec![
            at(Meeting::Closing, "Tom", "Auditor"),
            Event::AttendeeRemoved(crate::audit::AttendeeRemoved {
                attendee: ulid::Ulid::from_parts(1, 1),
            }),
        ]);
        assert!(!state.attends(Meeting::Closing, "Tom"));
        assert_eq!(
            names(&state.attendance_offer(Meeting::Closing, vec![person("Tom", "Auditor")])),
            ["Tom"]
        );
    }
}
