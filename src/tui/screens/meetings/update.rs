//! Actions on the opening and closing meetings: ticks, start and end, attendance, notes, and at
//! the closing meeting the findings presented one at a time, the recommendation, diverging
//! opinions, and a question before ending it with work left open.

use super::Presentation;
use super::view::page;
use crate::audit::{
    AgendaItemChecked, AttendeeRemoved, Event, FindingAccepted, Meeting, MeetingMark, Response,
    SampleProgress, SampleStatus,
};
use crate::session::ReportRequest;
use crate::tui::action::Action;
use crate::tui::app::{App, FindingRow};
use crate::tui::forms::{FormPurpose, NoteForm, OpinionForm};
use crate::tui::overlays::Overlay;
use crate::tui::style::Styles;
use crate::tui::update::{Effect, move_cursor, record};

/// One line of a meeting screen.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MeetingRow {
    /// A checklist item, by its text.
    Item(String),
    /// A standing finding to present (closing meeting), by its id.
    Finding(ulid::Ulid),
    /// An attendee, by the id of the event that added them.
    Attendee(ulid::Ulid),
    /// A note, by its id.
    Note(ulid::Ulid),
}

impl App {
    /// The standing findings, in number order (NC, OBS, OFI, STR, each by number): what the
    /// closing meeting presents.
    pub(crate) fn presented_findings(&self) -> Vec<&FindingRow> {
        let mut findings: Vec<&FindingRow> =
            self.findings().iter().filter(|f| f.is_open()).collect();
        findings.sort_by_key(|f| f.number.order());
        findings
    }

    /// What is left open when the closing meeting ends: the samples without a conclusion or
    /// not assessed, and the closing agenda items not ticked.
    pub(crate) fn left_open(&self) -> (Vec<&SampleProgress>, Vec<&SampleProgress>, Vec<&str>) {
        let samples = self.samples();
        let not_concluded = samples.iter().filter(|s| !s.status.is_done()).collect();
        let not_assessed = samples
            .iter()
            .filter(|s| matches!(s.status, SampleStatus::NotAssessed { .. }))
            .collect();
        let unticked = (self.plan.closing.iter())
            .filter(|i| !self.audit().checked(Meeting::Closing, i))
            .map(String::as_str)
            .collect();
        (not_concluded, not_assessed, unticked)
    }

    /// The lines of a meeting screen: checklist, at the closing meeting the findings (the
    /// incomplete ones first, then in number order), attendees, notes.
    pub(crate) fn meeting_rows(&self, meeting: Meeting) -> Vec<MeetingRow> {
        let items = match meeting {
            Meeting::Opening => &self.plan.opening,
            Meeting::Closing => &self.plan.closing,
        };
        let findings = match meeting {
            Meeting::Opening => Vec::new(),
            Meeting::Closing => {
                let mut findings = self.presented_findings();
                // Incomplete nonconformities first, to be completed before they are presented.
                findings.sort_by_cached_key(|f| f.content.missing().is_empty());
                findings
            }
        };
        items
            .iter()
            .map(|i| MeetingRow::Item(i.clone()))
            .chain(findings.into_iter().map(|f| MeetingRow::Finding(f.id)))
            .chain(
                self.audit()
                    .attendees(meeting)
                    .map(|a| MeetingRow::Attendee(a.id)),
            )
            .chain(
                self.audit()
                    .notes()
                    .filter(|n| n.content.meeting == Some(meeting) && n.content.sample.is_none())
                    .map(|n| MeetingRow::Note(n.id)),
            )
            .collect()
    }

    pub(super) fn update_meeting(&mut self, meeting: Meeting, action: Action) -> Vec<Effect> {
        if meeting == Meeting::Closing
            && let Some(shown) = self.presenting
        {
            return self.update_presentation(shown, action);
        }
        let rows = self.meeting_rows(meeting);
        let cursor = match meeting {
            Meeting::Opening => &mut self.cursors.opening,
            Meeting::Closing => &mut self.cursors.closing,
        };
        if move_cursor(cursor, rows.len(), &action) {
            return Vec::new();
        }
        let row = rows.get(*cursor).cloned();
        let one = |e: Event| vec![record(e)];
        match (action, row) {
            (Action::Toggle | Action::Open, Some(MeetingRow::Item(item))) => {
                let checked = !self.audit().checked(meeting, &item);
                one(Event::AgendaItemChecked(AgendaItemChecked {
                    meeting,
                    item,
                    checked,
                }))
            }
            (Action::Open, Some(MeetingRow::Note(id))) => {
                self.open_form(FormPurpose::Note(NoteForm {
                    sample: None,
                    meeting: Some(meeting),
                    editing: Some(id),
                }));
                Vec::new()
            }
            (Action::RemoveAttendee, Some(MeetingRow::Attendee(attendee))) => {
                one(Event::AttendeeRemoved(AttendeeRemoved { attendee }))
            }
            (Action::StartMeeting, _) => {
                let mut effects = one(Event::MeetingStarted(MeetingMark { meeting }));
                if meeting == Meeting::Closing {
                    effects.extend(self.fix_numbers());
                }
                effects
            }
            (Action::EndMeeting, _) => {
                let (not_concluded, not_assessed, unticked) = self.left_open();
                let open = !(not_concluded.is_empty() && not_assessed.is_empty());
                if meeting == Meeting::Closing && (open || !unticked.is_empty()) {
                    self.overlay = Some(Overlay::ConfirmEnd);
                    return Vec::new();
                }
                one(Event::MeetingEnded(MeetingMark { meeting }))
            }
            (Action::Open, Some(MeetingRow::Finding(finding))) => {
                self.presenting = Some(Presentation { finding, scroll: 0 });
                Vec::new()
            }
            (Action::MergeFindings, Some(MeetingRow::Finding(finding)))
                if meeting == Meeting::Closing =>
            {
                self.merge_step(finding)
            }
            (Action::Back, _) => {
                self.merging = None;
                Vec::new()
            }
            (Action::Present, row) if meeting == Meeting::Closing => {
                let first = self.presented_findings().first().map(|f| f.id);
                let chosen = match row {
                    Some(MeetingRow::Finding(id)) => Some(id),
                    _ => first,
                };
                match chosen {
                    Some(finding) => self.presenting = Some(Presentation { finding, scroll: 0 }),
                    None => {
                        self.overlay = Some(Overlay::Notice(vec![
                            "No finding stands: there is nothing to present.".into(),
                        ]))
                    }
                }
                Vec::new()
            }
            (Action::AddAttendee, _) => {
                self.overlay = Some(Overlay::People { meeting, cursor: 0 });
                Vec::new()
            }
            (Action::NewNote, _) => {
                self.open_form(FormPurpose::Note(NoteForm {
                    sample: None,
                    meeting: Some(meeting),
                    editing: None,
                }));
                Vec::new()
            }
            (Action::Recommend, _) if meeting == Meeting::Closing => {
                self.open_form(FormPurpose::Recommendation);
                Vec::new()
            }
            (Action::DivergingOpinion, _) if meeting == Meeting::Closing => {
                self.open_form(FormPurpose::DivergingOpinion);
                Vec::new()
            }
            (Action::WriteReport, _) if meeting == Meeting::Closing => {
                self.said = Some("writing the report and the findings register…".into());
                let mut request = ReportRequest::handover(self.now);
                request.practice = self.practice.clone();
                vec![Effect::WriteReports(request)]
            }
            (Action::ShowScore, _) if meeting == Meeting::Closing => {
                self.show_score();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// An action while the findings are presented: the next or previous finding (stopping at
    /// either end), scrolling a finding that does not fit, the auditee's response to it, or
    /// leaving.
    fn update_presentation(&mut self, shown: Presentation, action: Action) -> Vec<Effect> {
        let ids: Vec<ulid::Ulid> = self.presented_findings().iter().map(|f| f.id).collect();
        let at = ids.iter().position(|id| *id == shown.finding);
        let findings = self.presented_findings();
        let last = (findings.iter().find(|f| f.id == shown.finding))
            .map_or(0, |f| page(self, f, &Styles::new(self.no_color)).len())
            .saturating_sub(1);
        let last = u16::try_from(last).unwrap_or(u16::MAX);
        let step = |to: Option<usize>| match to.and_then(|i| ids.get(i)) {
            Some(&finding) => Presentation { finding, scroll: 0 },
            None => shown,
        };
        let current = at.map(|i| ids[i]);
        match (&action, current) {
            (Action::Accept, Some(finding)) => {
                let responses = self.audit().responses(finding);
                // Accepted already, and nothing said since: once is enough.
                if matches!(responses.last(), Some((_, Response::Accepted))) {
                    return Vec::new();
                }
                return vec![record(Event::FindingAccepted(FindingAccepted { finding }))];
            }
            (Action::DivergingOpinion, Some(finding)) => {
                self.open_form(FormPurpose::FindingOpinion(OpinionForm {
                    finding: Some(finding),
                }));
                return Vec::new();
            }
            _ => {}
        }
        self.presenting = match action {
            Action::Back => None,
            Action::Down => Some(step(at.map_or(Some(0), |i| Some(i + 1)))),
            Action::Up => Some(step(at.map_or(Some(0), |i| i.checked_sub(1)))),
            Action::PageDown => Some(Presentation {
                scroll: shown.scroll.saturating_add(PAGE).min(last),
                ..shown
            }),
            Action::PageUp => Some(Presentation {
                scroll: shown.scroll.saturating_sub(PAGE),
                ..shown
            }),
            _ => Some(shown),
        };
        Vec::new()
    }
}

/// Lines a page key scrolls a presented finding by.
const PAGE: u16 = 8;
