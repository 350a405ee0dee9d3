//! `update` and `keymap` driven as a user would, without a terminal: each test asserts what
//! gets recorded and what the state shows.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ulid::Ulid;

use super::*;
use crate::audit::{AuditState, DraftTarget, Event, Grade, Meeting};
use crate::catalogue::Catalogue;
use crate::record::{Envelope, FORMAT_VERSION};
use crate::tui::action::Screen;
use crate::tui::app::Overlay;

const PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);

fn at(h: u32, m: u32, s: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, h, m, s)
        .unwrap()
}

/// An interface on the sample plan with nothing recorded, and a counter for event ids.
struct Day {
    app: App,
    next: u64,
    recorded: Vec<Event>,
    keys: usize,
}

impl Day {
    fn new() -> Day {
        Day::on(PLAN, "Priya Shah", at(10, 0, 0))
    }

    /// An interface on the plan at `plan` (the repository's path), as `auditor`, at `now`.
    fn on(plan: &str, auditor: &str, now: DateTime<FixedOffset>) -> Day {
        let plan = crate::plan::load(std::path::Path::new(plan), None).unwrap();
        let app = App::new(
            plan,
            Catalogue::iso27001_2022().clone(),
            auditor.into(),
            AuditState::default(),
            now,
        );
        Day {
            app,
            next: 1,
            recorded: Vec::new(),
            keys: 0,
        }
    }

    /// Applies an action as the runner would, recording its events in the state.
    fn act(&mut self, action: Action) -> Vec<Event> {
        let mut events = Vec::new();
        for effect in self.app.update(action) {
            if let Effect::Record(event) = effect {
                let envelope = Envelope {
                    version: FORMAT_VERSION,
                    id: Ulid::from_parts(self.next, 0),
                    at: self.app.now.to_utc(),
                    auditor: "Priya Shah".into(),
                    kind: event.kind().into(),
                    data: event.data(),
                    extra: Vec::new(),
                };
                self.next += 1;
                self.app.apply(&envelope);
                events.push(*event);
            }
        }
        self.recorded.extend(events.clone());
        events
    }

    /// A key press through the keymap, counted.
    fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Vec<Event> {
        self.keys += 1;
        let key = KeyEvent::new(code, modifiers);
        match self.app.keymap.action(self.app.key_context(), key) {
            Some(action) => self.act(action),
            None => Vec::new(),
        }
    }

    fn press(&mut self, c: char) -> Vec<Event> {
        self.key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    /// Typed text: not counted as keystrokes of the path.
    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            let action = self.app.keymap.action(self.app.key_context(), key).unwrap();
            self.act(action);
        }
    }

    /// The screen as drawn at 80×24, one string a row.
    fn screen(&self) -> String {
        let backend = ratatui::backend::TestBackend::new(80, 24);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| {
                crate::tui::view::draw(frame, &self.app);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }

    /// Starts the interview of the first person the plan names, from anywhere.
    fn start_the_first_interview(&mut self) {
        self.press('4');
        self.key(KeyCode::Enter, KeyModifiers::NONE);
        self.press('s');
    }

    fn form(&self) -> &crate::tui::forms::OpenForm {
        match &self.app.overlay {
            Some(Overlay::Form(open)) => open,
            _ => panic!("no form is open"),
        }
    }
}

#[test]
fn ticking_an_opening_item_records_it_and_ticking_again_unticks() {
    let mut day = Day::new();
    let first = day.app.plan.opening[0].clone();
    let events = day.press(' ');
    assert!(matches!(&events[..], [Event::AgendaItemChecked(e)] if e.checked && e.item == first));
    assert!(day.app.audit().checked(Meeting::Opening, &first));
    day.press(' ');
    assert!(!day.app.audit().checked(Meeting::Opening, &first));
}

#[test]
fn tab_and_digits_move_between_screens() {
    let mut day = Day::new();
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(day.app.screen, Screen::Timetable);
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(day.app.screen, Screen::Samples);
    day.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    day.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    day.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(day.app.screen, Screen::Documents);
    day.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(day.app.screen, Screen::Closing);
    day.press('5');
    assert_eq!(day.app.screen, Screen::Findings);
    day.press('7');
    assert_eq!(day.app.screen, Screen::Documents);
}

/// An interface on the internal audit's sample plan, `auditor` recording, at `now`.
fn internal_day(auditor: &str, now: DateTime<FixedOffset>) -> Day {
    Day::on("sample-audits/internal-logistics.toml", auditor, now)
}

#[test]
fn an_internal_auditor_opening_a_sample_they_own_is_warned_on_the_spot_and_told_once() {
    const WARNING: &str = "You own this process (A.5.15 owner: Kieran Walsh): clause 9.2.2 \
                           asks that auditors do not audit their own work";
    let mut day = internal_day("Kieran Walsh", at(10, 0, 0));
    let open = |day: &mut Day| {
        day.press('3');
        day.press('/');
        day.type_text("a.5.15");
        day.key(KeyCode::Enter, KeyModifiers::NONE);
        day.key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(day.app.open_sample.as_deref(), Some("A.5.15"));
    };
    open(&mut day);
    assert!(
        matches!(&day.app.overlay, Some(Overlay::Notice(n)) if n == &[WARNING]),
        "told on opening"
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert!(day.app.overlay.is_none());
    let screen = day.screen();
    assert!(
        screen.contains("You own this process (A.5.15 owner: Kieran Walsh):"),
        "the detail keeps the warning:\n{screen}"
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    open(&mut day);
    assert!(day.app.overlay.is_none(), "told once");

    let mut other = internal_day("Rachel Dunmore", at(10, 0, 0));
    open(&mut other);
    assert!(other.app.overlay.is_none());
    assert!(!other.screen().contains("You own this process"));
    let mut external = Day::new();
    external.app.auditor = "Marcus Dale".into();
    external.app.show_sample("A.5.15");
    assert!(external.app.overlay.is_none(), "only internal audits");
}

#[test]
fn the_grade_filter_counts_what_the_rail_counts_strengths_included() {
    let mut day = Day::new();
    day.raise_on_findings_screen('3', "Policies are hard to find", "7.5.3");
    day.raise_on_findings_screen('3', "Visitors are not escorted", "A.7.2");
    day.raise_on_findings_screen('5', "Board reviews objectives monthly", "6.2");
    day.raise_on_findings_screen('2', "No Q3 access review", "A.5.18");
    day.press('k');
    day.press('k');
    day.press('w');
    day.type_text("Raised twice");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    let screen = day.screen();
    assert!(screen.contains("Findings (3, 1 withdrawn)"), "{screen}");
    assert!(screen.contains("0 major · 1 minor"), "{screen}");
    assert!(screen.contains("1 obs · 0 OFI"), "{screen}");
    assert!(screen.contains("1 strength"), "{screen}");
    let counts = *day.app.counts();
    for grade in Grade::ALL {
        day.press('g');
        assert_eq!(day.app.finding_filter.grade, Some(grade));
        let shown = day.app.visible_findings();
        let standing = shown.iter().filter(|f| f.is_open()).count();
        assert_eq!(standing, counts.of(grade), "{grade:?}");
        let withdrawn = shown.len() - standing;
        let heading = match withdrawn {
            0 => format!("Findings ({standing})"),
            n => format!("Findings ({standing}, {n} withdrawn)"),
        };
        assert!(
            day.screen().contains(&heading),
            "{heading}\n{}",
            day.screen()
        );
    }
}

#[test]
fn times_are_drawn_in_local_time_while_the_record_stays_utc() {
    let mut day = Day::new();
    // 15:05 in a time zone one hour ahead of UTC.
    day.app.now = FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 25, 15, 5, 0)
        .unwrap();
    day.raise_on_findings_screen('2', "No Q3 access review", "A.5.18");
    day.press('6');
    day.press('s');
    let started = day.app.audit().meeting(Meeting::Closing).started.unwrap();
    assert_eq!(started.format("%H:%M").to_string(), "14:05", "UTC on disk");
    let screen = day.screen();
    assert!(screen.contains("started 15:05"), "{screen}");
    day.press('p');
    day.press('a');
    let screen = day.screen();
    assert!(screen.contains("Accepted (recorded 15:05)"), "{screen}");
}

#[test]
fn an_incomplete_nonconformity_says_what_it_lacks_wherever_it_is_listed() {
    const LACKS: &str = "incomplete: no requirement, no objective evidence";
    let mut day = Day::new();
    day.press('5');
    day.press('f');
    day.press('1');
    day.type_text("No backups restored");
    day.set_field("requirement", "A.8.13: backups tested");
    day.set_field("objective_evidence", "No restore test since 2024");
    day.set_field("references", "A.8.13");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    day.raise_on_findings_screen('3', "Policies are hard to find", "7.5.3");
    day.app.show_sample("A.5.18");
    day.press('f');
    day.press('2');
    day.type_text("Leaver's VPN account still active");
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        events.iter().any(|e| matches!(e, Event::FindingRaised(_))),
        "saved though incomplete"
    );
    let screen = day.screen();
    assert!(
        screen.contains("NC-02? minor nonconformity: Leaver's VPN account"),
        "sample detail:\n{screen}"
    );
    assert!(screen.contains(LACKS), "sample detail:\n{screen}");
    day.press('5');
    assert!(
        day.screen().contains(LACKS),
        "findings list:\n{}",
        day.screen()
    );
    day.press('6');
    let screen = day.screen();
    assert!(screen.contains("1 incomplete, listed first"), "{screen}");
    let listed: Vec<String> = (day.app.meeting_rows(Meeting::Closing).iter())
        .filter_map(|row| match row {
            crate::tui::screens::meetings::MeetingRow::Finding(id) => {
                Some(day.app.finding_number(*id))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        listed,
        ["NC-02?", "NC-01?", "OBS-01?"],
        "the incomplete one first"
    );
    for _ in 0..day.app.plan.closing.len() {
        day.press('j');
    }
    let screen = day.screen();
    assert!(screen.contains(LACKS), "closing list:\n{screen}");
    day.press('p');
    assert!(day.screen().contains(LACKS), "presented:\n{}", day.screen());
    day.key(KeyCode::Esc, KeyModifiers::NONE);

    // Completed, it is no longer marked.
    day.press('5');
    day.press('j');
    day.press('j');
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.set_field(
        "requirement",
        "A.5.18: access rights removed on termination",
    );
    day.set_field("objective_evidence", "VPN account list of 2 Sep 2026");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(!day.screen().contains("incomplete"), "{}", day.screen());
    day.press('6');
    assert!(!day.screen().contains("incomplete"), "{}", day.screen());
}

#[test]
fn a_minor_nonconformity_with_one_linked_evidence_item_takes_five_keystrokes() {
    let mut day = Day::new();
    day.app.show_sample("A.8.2");
    day.press('e');
    day.type_text("Quarterly access review Q2 2026 signed by M. Dale");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let evidence = day.app.audit().evidence().next().unwrap().id;
    day.keys = 0;

    day.press('f');
    day.press('2');
    day.type_text("No Q3 2026 access review of AWS administrators");
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.press(' ');
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);

    assert_eq!(day.keys, 5);
    let Some(Event::FindingRaised(f)) = events.last() else {
        panic!("no finding raised: {events:?}");
    };
    assert_eq!(f.grade, Grade::Minor);
    assert_eq!(f.sample.as_deref(), Some("A.8.2"));
    assert_eq!(f.references, ["A.8.2"]);
    assert_eq!(
        f.statement,
        "No Q3 2026 access review of AWS administrators"
    );
    assert_eq!(f.evidence, [evidence]);
    assert!(day.app.overlay.is_none());
    let numbers: Vec<String> = day
        .app
        .audit()
        .findings(crate::audit::lead_auditor(&day.app.plan))
        .into_iter()
        .map(|f| f.number.number)
        .collect();
    assert_eq!(numbers, ["NC-01"]);
}

#[test]
fn typing_saves_a_draft_a_second_after_the_first_unsaved_key_and_on_leaving_the_field() {
    let mut day = Day::new();
    day.app.show_sample("A.8.15");
    day.press('n');
    day.type_text("Retention is 30 days");
    day.app.now = at(10, 0, 0) + Duration::milliseconds(500);
    assert!(day.act(Action::Tick).is_empty(), "too early for a draft");
    day.app.now = at(10, 0, 1);
    let events = day.act(Action::Tick);
    let target = DraftTarget::NewNote {
        sample: Some("A.8.15".into()),
        meeting: None,
    };
    assert!(
        matches!(&events[..], [Event::DraftSaved(d)] if d.of == target && d.text == "Retention is 30 days")
    );
    day.app.now = at(10, 0, 5);
    assert!(day.act(Action::Tick).is_empty(), "nothing new to save");
    day.type_text(", policy says 90");
    let events = day.act(Action::Back);
    assert!(
        matches!(&events[..], [Event::DraftSaved(d)] if d.text == "Retention is 30 days, policy says 90")
    );
    assert!(day.app.overlay.is_none());

    day.press('n');
    assert_eq!(
        day.form().form.value("text"),
        "Retention is 30 days, policy says 90"
    );
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(matches!(&events[..], [Event::NoteWritten(n)] if n.text.ends_with("policy says 90")));
    assert!(
        day.app.audit().draft(&target, "text").is_none(),
        "the committed note clears its draft"
    );
}

#[test]
fn typing_without_a_pause_keeps_the_saved_draft_at_most_two_seconds_behind() {
    const TEXT: &str = "Logs are kept for thirty days on the SIEM; the policy asks for a year.";
    let mut day = Day::new();
    day.app.show_sample("A.8.15");
    day.press('n');
    // As the runner does it: the clock moves on each half-second tick, and a key is handled
    // with the time of the last tick. A key every 150 ms, never a pause.
    let start = at(10, 0, 0);
    let tick = Duration::milliseconds(500);
    let mut next_tick = start + tick;
    let mut typed: Vec<(DateTime<FixedOffset>, usize)> = Vec::new();
    let saved = |day: &Day| {
        day.recorded
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::DraftSaved(d) => Some(d.text.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    // What was typed up to two seconds before `now` is in the latest draft.
    let check = |day: &Day, typed: &[(DateTime<FixedOffset>, usize)], now| {
        let due = typed
            .iter()
            .rev()
            .find(|(when, _)| *when <= now - Duration::seconds(2))
            .map_or(0, |(_, len)| *len);
        let saved = saved(day);
        assert!(
            saved.len() >= due && TEXT.starts_with(&saved),
            "at {now}: the draft holds {saved:?}, but {:?} was typed two seconds before",
            &TEXT[..due]
        );
    };
    for (i, c) in TEXT.char_indices() {
        let when = start + Duration::milliseconds(150 * i as i64);
        while next_tick <= when {
            day.app.now = next_tick;
            day.act(Action::Tick);
            check(&day, &typed, next_tick);
            next_tick += tick;
        }
        day.type_text(&c.to_string());
        typed.push((when, i + c.len_utf8()));
        check(&day, &typed, when);
    }
    let seconds = 150 * TEXT.len() / 1000;
    let drafts = day.recorded.len();
    assert!(
        drafts <= seconds + 1,
        "{drafts} drafts in {seconds} seconds of typing: not one a key"
    );
    // Typing stops: the rest is saved on the next ticks.
    for _ in 0..3 {
        day.app.now = next_tick;
        day.act(Action::Tick);
        next_tick += tick;
    }
    assert_eq!(saved(&day), TEXT);
}

impl Day {
    /// On the Findings screen: a new finding of grade `grade` (1-5) with its statement and
    /// references, saved with Ctrl-S.
    fn raise_on_findings_screen(
        &mut self,
        grade: char,
        statement: &str,
        references: &str,
    ) -> Vec<Event> {
        self.press('5');
        self.press('f');
        self.press(grade);
        self.type_text(statement);
        for _ in 0..4 {
            self.key(KeyCode::Tab, KeyModifiers::NONE);
        }
        self.type_text(references);
        self.key(KeyCode::Char('s'), KeyModifiers::CONTROL)
    }
}

#[test]
fn a_finding_with_an_old_reference_is_refused_with_the_reason() {
    let mut day = Day::new();
    let events =
        day.raise_on_findings_screen('3', "Policies are hard to find on the intranet", "A.12.4.1");
    assert!(events.iter().all(|e| matches!(e, Event::DraftSaved(_))));
    assert_eq!(
        day.form().form.problem.as_deref(),
        Some("A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging")
    );
}

#[test]
fn a_finding_with_a_mistyped_reference_is_refused_with_what_was_meant() {
    let mut day = Day::new();
    day.raise_on_findings_screen('3', "Policies are hard to find on the intranet", "A.5.155");
    let problem = day.form().form.problem.clone().unwrap_or_default();
    assert!(
        problem.starts_with("A.5.155 is not a clause or control of ")
            && problem.contains("did you mean"),
        "{problem}"
    );
}

#[test]
fn withdrawing_a_finding_keeps_its_number() {
    let mut day = Day::new();
    day.raise_on_findings_screen('4', "Automate the leaver checklist", "A.5.11");
    day.press('w');
    day.type_text("Raised twice");
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(&events[..], [Event::FindingWithdrawn(w)] if w.reason == "Raised twice"));
    let findings = day.app.findings();
    assert_eq!(findings[0].number.to_string(), "OFI-01?");
    assert!(!findings[0].is_open());
}

#[test]
fn the_sample_list_filters_by_status_theme_and_words() {
    let mut day = Day::new();
    day.press('3');
    let all = day.app.visible_samples().len();
    assert_eq!(all, 31);
    day.press('t');
    assert_eq!(day.app.visible_samples().len(), 11, "clauses");
    day.press('t');
    day.press('t');
    let people: Vec<String> = day
        .app
        .visible_samples()
        .into_iter()
        .map(|s| s.reference.clone())
        .collect();
    assert_eq!(people, ["A.6.1", "A.6.3", "A.6.8"]);
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    day.press('/');
    day.type_text("backup");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    let found: Vec<String> = day
        .app
        .visible_samples()
        .into_iter()
        .map(|s| s.reference.clone())
        .collect();
    assert_eq!(found, ["A.8.13"]);
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    day.press('s');
    assert_eq!(day.app.visible_samples().len(), 31, "nothing started yet");
    assert_eq!(day.app.sample_filter.status, Some("not started"));
}

#[test]
fn an_unplanned_sample_is_picked_by_fuzzy_search_and_recorded_with_its_trail() {
    let mut day = Day::new();
    day.press('3');
    day.press('u');
    day.type_text("threat intel");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("Alerts reference a threat feed");
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(&events[..], [Event::UnplannedSampleAdded(u)] if u.sample == "A.5.7" && u.why == "Alerts reference a threat feed")
    );
    let last = day.app.audit().samples(&day.app.plan).pop().unwrap();
    assert_eq!((last.reference.as_str(), last.planned), ("A.5.7", false));
}

#[test]
fn quitting_with_unsaved_items_asks_first() {
    let mut day = Day::new();
    day.press('q');
    assert!(day.app.quitting, "nothing unsaved: quits at once");
    let mut day = Day::new();
    day.press(' ');
    let envelope = Envelope {
        version: FORMAT_VERSION,
        id: Ulid::from_parts(99, 0),
        at: day.app.now.to_utc(),
        auditor: "Priya Shah".into(),
        kind: "agenda_item_checked".into(),
        data: serde_json::value::to_raw_value(&serde_json::json!({}))
            .unwrap()
            .into(),
        extra: Vec::new(),
    };
    day.app.unsaved.insert(envelope.id);
    day.press('q');
    assert!(!day.app.quitting);
    assert!(matches!(day.app.overlay, Some(Overlay::ConfirmQuit)));
    day.press('x');
    assert!(
        day.app.overlay.is_none() && !day.app.quitting,
        "any other key stays"
    );
    day.press('q');
    assert_eq!(
        day.app.update(Action::Retry),
        [Effect::Retry],
        "r retries from the question"
    );
    day.press('q');
    day.press('q');
    assert!(day.app.quitting);
    day.app.quitting = false;
    day.press('q');
    day.key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(
        day.app.quitting,
        "Ctrl-C quits from the question as from the lists"
    );
}

#[test]
fn a_one_megabyte_paste_is_one_insertion() {
    let mut day = Day::new();
    day.app.show_sample("A.8.15");
    day.press('n');
    let block = "log line ".repeat(116_509);
    assert!(block.len() > 1_000_000);
    day.act(Action::Paste(block.clone()));
    assert!(
        day.form().form.value("text") == block,
        "the whole block is in the note"
    );
    day.key(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert!(
        day.form().form.value("text").is_empty(),
        "one undo removes the whole paste"
    );
}

#[test]
fn attendance_comes_from_the_plans_people_or_is_typed() {
    let mut day = Day::new();
    day.press('a');
    day.key(KeyCode::Down, KeyModifiers::NONE);
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(&events[..], [Event::AttendeeAdded(a)] if a.name == "Tom Whitfield" && a.organisation == "Northgate Certification Services Ltd")
    );
    day.press('a');
    for _ in 0..10 {
        day.key(KeyCode::Down, KeyModifiers::NONE);
    }
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("Daniel Reeve");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("Managing Director");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(&events[..], [Event::AttendeeAdded(a)] if a.name == "Daniel Reeve" && a.role == "Managing Director")
    );
    assert_eq!(day.app.audit().attendees(Meeting::Opening).count(), 2);
}

/// Picks "someone else…" in the open people picker and types `name` as the only field.
fn type_attendee(day: &mut Day, name: &str) -> Vec<Event> {
    for _ in 0..20 {
        day.key(KeyCode::Down, KeyModifiers::NONE);
    }
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text(name);
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.key(KeyCode::Enter, KeyModifiers::NONE)
}

#[test]
fn the_closing_offers_who_attended_the_opening_and_nobody_twice() {
    let mut day = Day::new();
    day.press('a');
    type_attendee(&mut day, "Daniel Reeve");
    day.press('a');
    day.key(KeyCode::Down, KeyModifiers::NONE);
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    let names = |day: &Day, meeting| -> Vec<String> {
        day.app
            .people(meeting)
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    let opening = names(&day, Meeting::Opening);
    assert!(
        !opening
            .iter()
            .any(|n| n == "Tom Whitfield" || n == "Daniel Reeve"),
        "nobody present at the opening is offered for it again: {opening:?}"
    );
    let closing = names(&day, Meeting::Closing);
    assert_eq!(
        closing.last().map(String::as_str),
        Some("Daniel Reeve"),
        "the one typed in at the opening comes after the plan's people: {closing:?}"
    );
    assert_eq!(
        closing.iter().filter(|n| *n == "Tom Whitfield").count(),
        1,
        "a planned person who attended the opening is offered once"
    );

    day.press('6');
    day.press('a');
    for _ in 1..closing.len() {
        day.key(KeyCode::Down, KeyModifiers::NONE);
    }
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(&events[..], [Event::AttendeeAdded(a)] if a.name == "Daniel Reeve" && a.meeting == Meeting::Closing),
        "{events:?}"
    );
    assert!(!names(&day, Meeting::Closing).contains(&"Daniel Reeve".to_string()));

    day.press('a');
    let events = type_attendee(&mut day, "daniel reeve");
    assert!(events.is_empty(), "nothing recorded: {events:?}");
    assert_eq!(
        day.form().form.problem.as_deref(),
        Some("daniel reeve already attends the closing meeting: nothing recorded")
    );
    assert_eq!(day.app.audit().attendees(Meeting::Closing).count(), 1);
}

#[test]
fn f_on_the_findings_screen_fixes_the_numbers_once() {
    let mut day = Day::new();
    day.raise_on_findings_screen('2', "No Q3 access review", "A.5.18");
    assert_eq!(day.app.findings()[0].number.to_string(), "NC-01?");
    let events = day.press('F');
    assert!(matches!(&events[..], [Event::NumbersFixed(f)] if f.numbers.values().eq(["NC-01"])));
    assert_eq!(day.app.findings()[0].number.to_string(), "NC-01");
    assert!(day.press('F').is_empty(), "nothing left to fix");
}

#[test]
fn starting_the_closing_meeting_fixes_the_numbers() {
    let mut day = Day::new();
    day.raise_on_findings_screen('3', "Policies are hard to find", "7.5.3");
    day.press('6');
    let events = day.press('s');
    assert!(matches!(
        &events[..],
        [Event::MeetingStarted(_), Event::NumbersFixed(f)] if f.numbers.values().eq(["OBS-01"])
    ));
    let events = day.press('s');
    assert!(matches!(&events[..], [Event::MeetingStarted(_)]));
}

#[test]
fn a_number_key_inside_a_sample_shows_that_screens_list() {
    let mut day = Day::new();
    day.press('3');
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(day.app.open_sample.as_deref(), Some("4.1"));
    day.press('e');
    day.type_text("Context register v3");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);

    day.press('5');
    assert_eq!(day.app.screen, Screen::Findings);
    day.press('f');
    assert!(
        matches!(&day.app.overlay, Some(Overlay::Grade { sample: None, .. })),
        "f on the findings list raises a finding of no sample"
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);

    day.press('3');
    assert_eq!(day.app.screen, Screen::Samples);
    assert_eq!(day.app.open_sample, None, "3 shows the sample list");
    day.press('j');
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        day.app.overlay.is_none(),
        "no evidence item opened for editing"
    );
    assert_eq!(day.app.open_sample.as_deref(), Some("4.3"));
}

/// The draft of `field` that the state holds for `target`.
fn draft_of(day: &Day, target: &DraftTarget, field: &str) -> Option<String> {
    day.app.audit().draft(target, field).map(str::to_string)
}

#[test]
fn every_form_saves_a_draft_and_brings_it_back() {
    let reason = |sample: &str| DraftTarget::NotAssessed {
        sample: sample.into(),
    };
    let mut day = Day::new();
    day.app.show_sample("A.8.13");
    day.press('x');
    day.type_text("Backup admin off sick");
    day.app.now = at(10, 0, 3);
    let events = day.act(Action::Tick);
    assert!(
        matches!(&events[..], [Event::DraftSaved(d)] if d.of == reason("A.8.13") && d.field == "reason" && d.text == "Backup admin off sick"),
        "{events:?}"
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    let shown: Vec<(&str, &str)> = day
        .app
        .drafts_of("A.8.13")
        .map(|d| (d.what, d.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [("reason not assessed", "Backup admin off sick")],
        "the sample shows the reason's draft like its other drafts"
    );
    day.press('x');
    assert_eq!(day.form().form.value("reason"), "Backup admin off sick");
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(&events[..], [Event::SampleStatusSet(s)] if s.reason == "Backup admin off sick")
    );
    assert_eq!(
        draft_of(&day, &reason("A.8.13"), "reason"),
        None,
        "the recorded reason clears its draft"
    );
    assert_eq!(day.app.drafts_of("A.8.13").count(), 0);

    day.press('1');
    day.press('a');
    for _ in 0..10 {
        day.key(KeyCode::Down, KeyModifiers::NONE);
    }
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("Daniel Reeve");
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    let attendee = DraftTarget::Attendee {
        meeting: Meeting::Opening,
    };
    assert_eq!(
        draft_of(&day, &attendee, "name").as_deref(),
        Some("Daniel Reeve")
    );

    day.press('3');
    day.press('u');
    day.type_text("threat intel");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("Alerts cite a feed");
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    let trail = DraftTarget::UnplannedSample {
        sample: "A.5.7".into(),
    };
    assert_eq!(
        draft_of(&day, &trail, "why").as_deref(),
        Some("Alerts cite a feed")
    );

    day.raise_on_findings_screen('4', "Automate the leaver checklist", "A.5.11");
    let finding = day.app.findings()[0].id;
    day.press('w');
    day.type_text("Raised tw");
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    let withdrawal = DraftTarget::Withdrawal { finding };
    assert_eq!(
        draft_of(&day, &withdrawal, "reason").as_deref(),
        Some("Raised tw")
    );
    day.press('w');
    day.type_text("ice");
    assert_eq!(day.form().form.value("reason"), "Raised twice");
}

#[test]
fn ctrl_d_closes_a_form_and_discards_its_draft_while_esc_keeps_it() {
    let mut day = Day::new();
    day.app.show_sample("A.8.15");
    day.press('n');
    day.type_text("Retention is 30 days");
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    let target = DraftTarget::NewNote {
        sample: Some("A.8.15".into()),
        meeting: None,
    };
    assert_eq!(
        day.app.drafts_of("A.8.15").count(),
        1,
        "Esc keeps the draft"
    );

    day.press('n');
    assert_eq!(day.form().form.value("text"), "Retention is 30 days");
    let events = day.key(KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert!(
        matches!(&events[..], [Event::DraftDiscarded(d)] if d.of == target),
        "{events:?}"
    );
    assert!(day.app.overlay.is_none(), "the form is closed");
    assert_eq!(draft_of(&day, &target, "text"), None);
    assert!(
        !day.screen().contains("draft note"),
        "the sample no longer shows the draft"
    );
    day.press('n');
    assert_eq!(day.form().form.value("text"), "", "the form opens empty");
}

#[test]
fn enter_on_an_interview_note_edits_it() {
    let mut day = Day::new();
    day.start_the_first_interview();
    day.press('n');
    day.type_text("Leavers are removed within a day");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    day.press('n');
    day.type_text("Access reviews are quarterly");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let interview = day.app.audit().interviews().next().unwrap().item.id;
    let first = day
        .app
        .audit()
        .interview_notes(interview)
        .next()
        .unwrap()
        .id;

    day.key(KeyCode::Up, KeyModifiers::NONE);
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(day.form().form.title, "Edit interview note — Marcus Dale");
    assert_eq!(
        day.form().form.value("text"),
        "Leavers are removed within a day"
    );
    day.type_text(" (HR ticket)");
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.type_text(", A.5.18");
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        matches!(events.last(), Some(Event::InterviewNoteEdited(e)) if e.note == first && e.text == "Leavers are removed within a day (HR ticket)" && e.topics == ["A.5.15", "A.5.18"]),
        "{events:?}"
    );
    let texts: Vec<String> = day
        .app
        .audit()
        .interview_notes(interview)
        .map(|n| n.content.text.clone())
        .collect();
    assert_eq!(
        texts,
        [
            "Leavers are removed within a day (HR ticket)",
            "Access reviews are quarterly"
        ]
    );
    let screen = day.screen();
    assert!(
        screen.contains("▶ note:\n") || screen.contains("▶ note: "),
        "the edited note stays selected: {screen}"
    );
    assert!(
        screen.contains("Leavers are removed within a day (HR ticket)"),
        "{screen}"
    );
}

#[test]
fn a_rebound_key_works_and_the_footer_and_hints_name_it() {
    let mut day = Day::new();
    day.app.keymap = crate::tui::keymap::file::apply("[sample]\nadd-evidence = \"v\"\n").unwrap();
    day.app.show_sample("A.8.15");
    let screen = day.screen();
    assert!(
        screen.contains("Nothing recorded yet: v evidence")
            && screen.contains("v evidence  n note"),
        "{screen}"
    );
    assert!(
        day.press('e').is_empty() && day.app.overlay.is_none(),
        "e is free now"
    );
    day.press('v');
    assert_eq!(day.form().form.title, "New evidence item — A.8.15");
}

#[test]
fn the_help_lists_the_keys_of_the_screen_first_and_turns_pages() {
    let mut day = Day::new();
    day.press('5');
    day.press('?');
    let first = day.screen();
    assert!(first.contains("Keys, page 1 of"), "{first}");
    assert!(
        first.lines().nth(3).is_some_and(|l| l.contains("Findings")),
        "the findings keys lead: {first}"
    );
    day.press('j');
    assert!(day.screen().contains("Keys, page 2 of"));
    day.press('x');
    assert!(day.app.overlay.is_none(), "any other key closes the help");
}

#[test]
fn enter_on_a_timetable_slot_opens_its_sample_interviewee_or_meeting() {
    let mut day = Day::new();
    day.press('2');
    assert_eq!(day.app.screen, Screen::Timetable);
    // At 10:00 Priya is in clauses 4–6: Enter opens its first sample still open.
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(day.app.screen, Screen::Samples);
    assert_eq!(day.app.open_sample.as_deref(), Some("4.1"));
    day.press('c');
    day.press('2');
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(
        day.app.open_sample.as_deref(),
        Some("4.3"),
        "4.1 is concluded"
    );

    // Tom's parallel track, then the interview and the opening meeting.
    day.press('2');
    day.press('j');
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(day.app.open_sample.as_deref(), Some("A.5.15"));
    day.press('2');
    for _ in 0..3 {
        day.press('j');
    }
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(day.app.screen, Screen::Interviews);
    assert_eq!(
        day.app.open_interview.as_ref().map(|o| o.name.as_str()),
        Some("Marcus Dale")
    );
    day.press('2');
    day.press('k');
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(day.app.screen, Screen::Opening);
}

#[test]
fn ending_the_closing_meeting_with_work_left_open_asks_first_and_names_it() {
    let mut day = Day::new();
    assert!(
        matches!(&day.press('e')[..], [Event::MeetingEnded(m)] if m.meeting == Meeting::Opening),
        "the opening meeting ends without a question"
    );
    day.press('6');
    day.press(' ');
    assert!(
        day.press('e').is_empty(),
        "nothing recorded before the answer"
    );
    assert!(matches!(day.app.overlay, Some(Overlay::ConfirmEnd)));
    let screen = day.screen();
    for named in [
        "End the closing meeting?",
        "31 samples not concluded:",
        "4.1 (not started), 4.3 (not started), 5.1 (not started), 6.1.2 (not",
        "started) and 27 more",
        "8 items of the closing agenda not ticked:",
        "State again that the audit was based on a sample",
        "Enter ends the meeting anyway, Esc goes back.",
    ] {
        assert!(screen.contains(named), "{named:?} not in\n{screen}");
    }
    assert!(day.press('x').is_empty(), "other keys keep the question");
    assert!(matches!(day.app.overlay, Some(Overlay::ConfirmEnd)));
    assert!(day.key(KeyCode::Esc, KeyModifiers::NONE).is_empty());
    assert!(day.app.overlay.is_none(), "Esc goes back");
    assert!(day.app.audit().meeting(Meeting::Closing).ended.is_none());
    day.press('e');
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(&events[..], [Event::MeetingEnded(m)] if m.meeting == Meeting::Closing));
    assert!(day.app.overlay.is_none());
}

#[test]
fn the_findings_are_presented_one_at_a_time_in_number_order() {
    let mut day = Day::new();
    day.raise_on_findings_screen('3', "Policies are hard to find", "7.5.3");
    day.raise_on_findings_screen('2', "No Q3 access review", "A.5.18");
    day.raise_on_findings_screen('1', "No backups restored", "A.8.13");
    day.press('6');
    let numbers: Vec<String> = day
        .app
        .presented_findings()
        .iter()
        .map(|f| f.number.to_string())
        .collect();
    assert_eq!(numbers, ["NC-01?", "NC-02?", "OBS-01?"]);
    let shown = |day: &Day| {
        day.app
            .presenting
            .map(|p| day.app.finding_number(p.finding))
    };
    day.press('p');
    assert_eq!(shown(&day).as_deref(), Some("NC-01?"));
    let screen = day.screen();
    for told in [
        "NC-01?   Minor nonconformity   1 of 3",
        "A.5.18  Access rights",
        "No Q3 access review",
        // Not started: the plan's closing slot, on day 2; minor nonconformities have 90 days.
        "Corrective action due 23 Feb 2027 (90 days)",
    ] {
        assert!(screen.contains(told), "{told:?} not in\n{screen}");
    }
    day.key(KeyCode::Right, KeyModifiers::NONE);
    day.press(' ');
    assert_eq!(shown(&day).as_deref(), Some("OBS-01?"));
    assert!(!day.screen().contains("Corrective action due"));
    day.press('n');
    assert_eq!(shown(&day).as_deref(), Some("OBS-01?"), "stops at the last");
    day.key(KeyCode::Left, KeyModifiers::NONE);
    assert_eq!(shown(&day).as_deref(), Some("NC-02?"));

    // The auditee's response, with the finding shown.
    assert!(
        day.screen()
            .contains("not recorded yet: a accepted, o diverging opinion")
    );
    let nc02 = day.app.presenting.unwrap().finding;
    let events = day.press('a');
    assert!(matches!(&events[..], [Event::FindingAccepted(a)] if a.finding == nc02));
    assert!(day.press('a').is_empty(), "accepted once is enough");
    day.press('o');
    day.type_text("Dana Okafor, CTO");
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.type_text("Restores are tested by the hosting provider");
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(matches!(
        events.last(),
        Some(Event::DivergingOpinionRecorded(d)) if d.finding == Some(nc02)
    ));
    let screen = day.screen();
    for told in [
        "Accepted (recorded 10:00)",
        "Diverging opinion of Dana Okafor, CTO (recorded 10:00)",
        "Restores are tested by the hosting provider",
    ] {
        assert!(screen.contains(told), "{told:?} not in\n{screen}");
    }
    assert_eq!(shown(&day).as_deref(), Some("NC-02?"), "still presenting");
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(day.app.presenting, None);

    // Started today, the closing meeting counts from today; Enter on a finding presents it.
    day.press('s');
    for _ in 0..day.app.plan.closing.len() + 2 {
        day.press('j');
    }
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(shown(&day).as_deref(), Some("OBS-01"));
    day.press('p');
    assert_eq!(shown(&day).as_deref(), Some("NC-02"));
    let screen = day.screen();
    assert!(
        screen.contains("Corrective action due 24 Dec 2026 (30 days)"),
        "{screen}"
    );
}

impl Day {
    /// The finding form's fields, changed as if typed over.
    fn set_field(&mut self, name: &str, text: &str) {
        let Some(Overlay::Form(open)) = &mut self.app.overlay else {
            panic!("no form open");
        };
        open.form.set_text(name, text);
    }
}

#[test]
fn a_library_template_fills_the_finding_form_and_nothing_is_recorded_until_save() {
    let mut day = Day::new();
    day.press('5');
    day.press('f');
    day.press('2');
    assert!(
        day.key(KeyCode::Char('l'), KeyModifiers::CONTROL)
            .is_empty(),
        "opening the library records nothing"
    );
    assert!(matches!(day.app.overlay, Some(Overlay::Library(_))));
    day.type_text("internal audit not");
    assert!(day.key(KeyCode::Enter, KeyModifiers::NONE).is_empty());
    let open = day.form();
    assert_eq!(open.form.value("references"), "9.2");
    assert!(
        open.form
            .value("statement")
            .starts_with("No internal audit covering the ISMS scope")
    );
    assert!(
        open.form
            .value("requirement")
            .starts_with("The organisation has to run internal audits")
    );
    assert!(
        open.form
            .value("objective_evidence")
            .starts_with("[… Audit programme")
    );
    assert!(
        matches!(&open.purpose, crate::tui::forms::FormPurpose::Finding(f) if f.grade == Grade::Major),
        "a new finding takes the template's usual grade"
    );
    assert!(
        open.form
            .title
            .starts_with("New finding (major nonconformity)")
    );
    assert!(day.app.findings().is_empty());
    assert!(day.recorded.is_empty(), "{:?}", day.recorded);

    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(events.is_empty());
    assert_eq!(
        day.form().form.problem.as_deref(),
        Some("the statement still has blanks […] from the library: fill them in or delete them")
    );
    day.set_field(
        "statement",
        "No internal audit covering the ISMS scope had been carried out before this audit.",
    );
    day.set_field(
        "objective_evidence",
        "Internal audit programme 2026 v1.2, seen with M. Dale 24 Nov",
    );
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let raised = events
        .iter()
        .find_map(|e| match e {
            Event::FindingRaised(f) => Some(f),
            _ => None,
        })
        .expect("saved");
    assert_eq!(raised.grade, Grade::Major);
    assert_eq!(raised.references, ["9.2"]);
    assert!(
        raised
            .requirement
            .starts_with("The organisation has to run")
    );
    assert_eq!(day.app.findings().len(), 1);
}

#[test]
fn the_library_fills_only_empty_fields_adds_references_and_esc_goes_back_untouched() {
    let mut day = Day::new();
    day.press('5');
    day.press('f');
    day.press('3');
    day.type_text("Two admins never reviewed");
    for _ in 0..4 {
        day.key(KeyCode::Tab, KeyModifiers::NONE);
    }
    day.type_text("A.8.2");
    day.key(KeyCode::Char('l'), KeyModifiers::CONTROL);
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        day.form().form.value("requirement"),
        "",
        "Esc fills nothing"
    );
    day.key(KeyCode::Char('l'), KeyModifiers::CONTROL);
    day.type_text("access rev");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    let open = day.form();
    assert_eq!(open.form.value("statement"), "Two admins never reviewed");
    assert_eq!(open.form.value("references"), "A.8.2, A.5.18, A.5.15");
    assert!(!open.form.value("requirement").is_empty());
    assert!(day.app.findings().is_empty());
}

#[test]
fn the_library_key_in_another_form_says_what_it_is_for() {
    let mut day = Day::new();
    day.press('3');
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.press('n');
    day.key(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert_eq!(
        day.form().form.problem.as_deref(),
        Some("the finding library fills finding forms only")
    );
}

#[test]
fn the_recommendation_form_offers_the_kinds_wording_and_an_override_still_needs_a_reason() {
    let mut day = Day::new();
    day.app.plan.audit.kind.value = crate::plan::AuditKind::Surveillance;
    day.press('6');
    day.press('m');
    let options = match &day.form().form.fields[0].input {
        crate::tui::forms::fields::Input::Choice { options, selected } => {
            assert_eq!(*selected, 0, "nothing found: what follows is chosen");
            options.clone()
        }
        _ => panic!("the first field is the choice"),
    };
    assert_eq!(
        options,
        [
            "continuation of certification recommended",
            "continuation of certification recommended, subject to an accepted \
             corrective-action plan for the minor nonconformities",
            "continuation of certification not recommended until the major \
             nonconformities are closed and their correction verified",
        ]
    );
    day.key(KeyCode::Right, KeyModifiers::NONE);
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(events.is_empty(), "{events:?}");
    assert_eq!(
        day.form().form.problem.as_deref(),
        Some(
            "the findings give \"continuation of certification recommended\": say why the \
             team recommends otherwise"
        )
    );
}

#[test]
fn the_finding_form_is_labelled_for_its_grade() {
    let mut day = Day::new();
    day.press('5');
    day.press('f');
    day.press('3');
    let observation = day.screen();
    assert!(
        observation.contains("Observation (what was seen"),
        "{observation}"
    );
    assert!(
        !observation.contains("Statement of nonconformity"),
        "{observation}"
    );
    assert!(
        observation.contains("Requirement it relates to (optional)"),
        "{observation}"
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    day.press('f');
    day.press('2');
    let minor = day.screen();
    assert!(minor.contains("Statement of nonconformity"), "{minor}");
}

/// The interview list's rows, as their kind and who they are about.
fn interview_rows(day: &Day) -> Vec<String> {
    use crate::tui::screens::interviews::InterviewRow;
    day.app
        .interview_rows()
        .into_iter()
        .map(|r| match r {
            InterviewRow::Held(id) => format!("held {}", day.app.interview_name(id).unwrap()),
            InterviewRow::NotYet(name) => format!("not yet {name}"),
        })
        .collect()
}

#[test]
fn a_person_interviewed_twice_has_two_interviews_and_neither_hides_the_other() {
    let mut day = Day::new();
    day.start_the_first_interview();
    day.press('n');
    day.type_text("Leavers are removed within a day");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    day.press('e');
    day.app.now = at(14, 0, 0);
    let events = day.press('s');
    assert!(
        matches!(events.as_slice(), [Event::InterviewStarted(e)] if e.interviewee == "Marcus Dale" && e.role == "Head of Engineering"),
        "{events:?}"
    );
    assert_eq!(day.app.audit().interviews().count(), 2);
    assert!(
        day.screen().contains("interview 2 of 2"),
        "{}",
        day.screen()
    );
    assert!(!day.screen().contains("Leavers are removed"));

    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        interview_rows(&day)[..3],
        [
            "held Marcus Dale",
            "held Marcus Dale",
            "not yet Aisha Okafor"
        ]
    );
    let (_, detail) = (crate::tui::screens::of(Screen::Interviews).rail)(&day.app);
    assert_eq!(
        detail, "1/4 seen · 1 now",
        "a second interview is not a second person"
    );
    day.key(KeyCode::Up, KeyModifiers::NONE);
    day.key(KeyCode::Up, KeyModifiers::NONE);
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    let screen = day.screen();
    assert!(screen.contains("interview 1 of 2"), "{screen}");
    assert!(
        screen.contains("Leavers are removed within a day"),
        "{screen}"
    );
}

#[test]
fn an_answer_saved_brings_the_next_question_on_the_same_subject() {
    let mut day = Day::new();
    day.start_the_first_interview();
    day.press('a');
    assert_eq!(day.form().form.title, "Question — Marcus Dale");
    day.type_text("How are leavers removed?");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("HR raises a ticket, IT disables the account the same day");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(
        day.form().form.value("topics"),
        "A.5.15",
        "the first note is on the interview's first topic"
    );
    day.type_text(", A.5.18");
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(events.as_slice(), [Event::InterviewNoteWritten(n)] if n.question == "How are leavers removed?" && n.topics == ["A.5.15", "A.5.18"]),
        "{events:?}"
    );
    // The next question is ready at once, empty, on the same subject.
    assert_eq!(day.form().form.title, "Question — Marcus Dale");
    assert_eq!(day.form().form.value("question"), "");
    assert_eq!(day.form().form.value("text"), "");
    assert_eq!(day.form().form.value("topics"), "A.5.15, A.5.18");
    day.type_text("Who checks?");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("Nobody");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    let events = day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        matches!(events.as_slice(), [Event::InterviewNoteWritten(n)] if n.text == "Nobody"),
        "question, Enter, answer, Enter, Enter saves: {events:?}"
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert!(day.app.overlay.is_none());
    let screen = day.screen();
    for shown in [
        "Q: How are leavers removed?",
        "A: HR raises a ticket",
        "Q: Who checks?",
        "A: Nobody",
    ] {
        assert!(screen.contains(shown), "{shown} in\n{screen}");
    }

    // The sample of the control shows what was said about it.
    day.app.show_sample("A.5.18");
    let screen = day.screen();
    assert!(
        screen.contains("Marcus Dale Tue 10:00: How are leavers removed? → HR"),
        "{screen}"
    );
}

#[test]
fn someone_the_plan_does_not_name_can_be_interviewed() {
    let mut day = Day::new();
    day.press('4');
    day.press('o');
    day.type_text("Lee Grant");
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.type_text("Service desk analyst");
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.type_text("IT Operations");
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.type_text("A.5.18, A.8.2");
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        matches!(events.as_slice(), [Event::InterviewStarted(e)] if e.interviewee == "Lee Grant" && e.department == "IT Operations" && e.topics == ["A.5.18", "A.8.2"]),
        "{events:?}"
    );
    assert_eq!(
        day.app.open_interview.as_ref().map(|o| o.name.as_str()),
        Some("Lee Grant"),
        "the interview is open"
    );
    assert!(
        day.screen()
            .contains("Service desk analyst — IT Operations")
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(interview_rows(&day).last().unwrap(), "held Lee Grant");
    assert!(
        day.screen()
            .contains("Lee Grant      Tue 10:00–now 0 min    not in plan · A."),
        "{}",
        day.screen()
    );
}

#[test]
fn a_contradiction_offers_a_finding_citing_the_interview_and_the_evidence() {
    let mut day = Day::new();
    day.app.show_sample("A.5.15");
    day.press('e');
    day.type_text("Access control policy v2, approved");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let evidence = day.app.audit().evidence().next().unwrap().id;
    day.start_the_first_interview();
    let interview = day.app.audit().interviews().next().unwrap().item.id;
    day.press('a');
    day.type_text("Who approves access?");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    day.type_text("Anyone in engineering can grant it");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    day.key(KeyCode::Esc, KeyModifiers::NONE);

    day.press('v');
    assert_eq!(day.form().form.value("control"), "A.5.15");
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.key(KeyCode::Right, KeyModifiers::NONE);
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.press(' ');
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.type_text("policy says the asset owner approves");
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        matches!(events.as_slice(), [Event::CorroborationRecorded(c)] if c.verdict == crate::audit::Verdict::Contradicts && c.evidence == [evidence]),
        "{events:?}"
    );
    assert!(
        matches!(&day.app.overlay, Some(Overlay::Grade { seed, .. }) if seed.interviews == [interview]),
        "a contradiction offers a finding"
    );
    day.press('2');
    let form = &day.form().form;
    assert_eq!(form.value("references"), "A.5.15");
    assert!(
        form.value("objective_evidence").contains(
            "asked \"Who approves access?\", answered \"Anyone in engineering can grant it\""
        ),
        "{}",
        form.value("objective_evidence")
    );
    assert_eq!(form.chosen("interviews"), [interview]);
    assert_eq!(form.chosen("evidence"), [evidence]);
    day.type_text("Access is granted without the owner's approval");
    let events = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        matches!(events.as_slice(), [Event::FindingRaised(f)] if f.interviews == [interview] && f.evidence == [evidence] && f.references == ["A.5.15"] && f.grade == Grade::Minor),
        "{events:?}"
    );
    let screen = day.screen();
    assert!(screen.contains("contradicts the records"), "{screen}");
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert!(
        day.screen().contains("⚠ 1 contradiction"),
        "{}",
        day.screen()
    );
}

#[test]
fn f_in_an_interview_raises_a_finding_citing_it_on_what_it_touched_or_contradicted() {
    let mut day = Day::new();
    day.start_the_first_interview();
    let interview = day.app.audit().interviews().next().unwrap().item.id;
    day.press('f');
    assert!(
        matches!(&day.app.overlay, Some(Overlay::Grade { seed, .. }) if seed.interviews == [interview] && seed.references == ["A.5.15", "A.8.2", "A.8.25", "A.8.32"] && seed.objective_evidence.is_empty()),
        "no contradiction: every control the interview touched"
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);

    day.press('v');
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.key(KeyCode::Right, KeyModifiers::NONE);
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    day.press('f');
    day.press('3');
    let form = &day.form().form;
    assert_eq!(
        form.value("references"),
        "A.5.15",
        "only the contradicted control"
    );
    assert!(
        form.value("objective_evidence")
            .starts_with("Interview with Marcus Dale (Head of Engineering), 24 Nov 2026 10:00:"),
        "{}",
        form.value("objective_evidence")
    );
    assert_eq!(form.chosen("interviews"), [interview]);
}

impl Day {
    /// The status the open sample's list line shows.
    fn status_of(&self, sample: &str) -> &'static str {
        let progress = self.app.samples().iter().find(|s| s.reference == sample);
        progress.unwrap().status.label()
    }

    /// The footer as drawn: the last row of the screen.
    fn footer(&self) -> String {
        self.screen().lines().last().unwrap_or("").to_string()
    }
}

#[test]
fn c_concludes_a_sample_says_so_in_the_footer_and_u_puts_back_what_was_shown() {
    let mut day = Day::new();
    day.app.show_sample("A.5.15");
    assert_eq!(day.status_of("A.5.15"), "not started");
    day.press('c');
    assert_eq!(day.status_of("A.5.15"), "conforming");
    let footer = day.footer();
    assert!(
        footer.starts_with("A.5.15 concluded: conforming · u undo"),
        "{footer}"
    );

    let events = day.press('u');
    assert!(
        matches!(&events[..], [Event::SampleStatusSet(s)] if s.sample == "A.5.15" && s.status == crate::audit::SetStatus::NotStarted)
    );
    assert_eq!(day.status_of("A.5.15"), "not started");
    let footer = day.footer();
    assert!(
        footer.starts_with("undone: A.5.15 concluded: conforming   "),
        "nothing left to undo, so no undo key: {footer}"
    );
    assert!(day.press('u').is_empty());
    assert!(day.footer().starts_with("nothing to undo"));
    day.press('j');
    assert!(
        !day.footer().contains("nothing to undo"),
        "said until the next key"
    );
}

#[test]
fn u_undoes_the_last_changes_in_order_back_to_what_each_replaced() {
    let mut day = Day::new();
    day.app.show_sample("A.8.15");
    day.press('e');
    day.type_text("SIEM retention settings");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(day.status_of("A.8.15"), "in progress");
    day.press('c');
    day.press('x');
    day.type_text("Site visit cancelled");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(day.status_of("A.8.15"), "not assessed");
    assert!(
        day.footer()
            .starts_with("A.8.15 concluded: not assessed · u undo")
    );

    day.press('u');
    assert_eq!(day.status_of("A.8.15"), "conforming");
    assert!(
        day.footer()
            .starts_with("undone: A.8.15 concluded: not assessed · u undo")
    );
    let events = day.press('u');
    assert!(
        matches!(&events[..], [Event::SampleStatusSet(s)] if s.status == crate::audit::SetStatus::InProgress)
    );
    assert_eq!(day.status_of("A.8.15"), "in progress");
    assert!(
        day.press('u').is_empty(),
        "the evidence item came from a form"
    );
    assert_eq!(day.app.audit().evidence().count(), 1);
}

#[test]
fn u_unticks_what_space_ticked_and_never_undoes_another_auditors_change() {
    let mut day = Day::new();
    let first = day.app.plan.opening[0].clone();
    day.press(' ');
    let footer = day.footer();
    assert!(footer.starts_with("ticked: "), "{footer}");
    assert!(
        footer.contains("… · u undo"),
        "a long item is cut, not the key: {footer}"
    );
    let theirs = Event::AgendaItemChecked(crate::audit::AgendaItemChecked {
        meeting: Meeting::Opening,
        item: day.app.plan.opening[1].clone(),
        checked: true,
    });
    day.app.apply(&Envelope {
        version: FORMAT_VERSION,
        id: Ulid::from_parts(100, 0),
        at: day.app.now.to_utc(),
        auditor: "Tom Whitfield".into(),
        kind: theirs.kind().into(),
        data: theirs.data(),
        extra: Vec::new(),
    });

    let events = day.press('u');
    assert!(matches!(&events[..], [Event::AgendaItemChecked(e)] if !e.checked && e.item == first));
    assert!(!day.app.audit().checked(Meeting::Opening, &first));
    assert!(
        (day.app.audit()).checked(Meeting::Opening, &day.app.plan.opening[1]),
        "Tom's tick stays"
    );
    assert!(day.press('u').is_empty());
}

#[test]
fn u_brings_back_a_removed_attendee_with_their_name_role_and_organisation() {
    let mut day = Day::new();
    day.press('a');
    day.key(KeyCode::Down, KeyModifiers::NONE);
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    for _ in 0..day.app.plan.opening.len() {
        day.press('j');
    }
    let events = day.press('d');
    assert!(matches!(&events[..], [Event::AttendeeRemoved(_)]));
    assert_eq!(day.app.audit().attendees(Meeting::Opening).count(), 0);
    assert!(
        day.footer()
            .starts_with("Tom Whitfield removed from the opening meeting · u undo")
    );

    let events = day.press('u');
    assert!(
        matches!(&events[..], [Event::AttendeeAdded(a)] if a.name == "Tom Whitfield" && a.organisation == "Northgate Certification Services Ltd" && a.meeting == Meeting::Opening)
    );
    let back: Vec<String> = (day.app.audit().attendees(Meeting::Opening))
        .map(|a| format!("{}, {}", a.content.name, a.content.role))
        .collect();
    assert_eq!(back.len(), 1);
    assert!(back[0].starts_with("Tom Whitfield, "), "{back:?}");
}

#[test]
fn u_reinstates_a_withdrawn_finding_under_its_number() {
    let mut day = Day::new();
    day.raise_on_findings_screen('4', "Automate the leaver checklist", "A.5.11");
    day.press('w');
    day.type_text("Raised twice");
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert!(!day.app.findings()[0].is_open());
    assert!(day.footer().starts_with("OFI-01? withdrawn · u undo"));

    let events = day.press('u');
    let finding = day.app.findings()[0].id;
    assert!(matches!(&events[..], [Event::FindingReinstated(r)] if r.finding == finding));
    assert!(day.app.findings()[0].is_open());
    assert_eq!(day.app.findings()[0].number.to_string(), "OFI-01?");
    assert_eq!(day.app.counts().withdrawn, 0);
}

#[test]
fn two_findings_that_say_the_same_are_merged_with_m_and_u_undoes_it() {
    let mut day = Day::new();
    day.raise_on_findings_screen('2', "Leaver access not removed", "A.5.18");
    day.raise_on_findings_screen('2', "Leaver's VPN still active", "A.5.18");
    let (first, second) = (day.app.findings()[0].id, day.app.findings()[1].id);
    day.press('5');
    day.key(KeyCode::Down, KeyModifiers::NONE);
    assert!(day.press('M').is_empty(), "the first M only chooses");
    let heading = day.screen();
    assert!(
        heading.contains("Findings (2) · merge NC-02? into: M on it, Esc cancels"),
        "{heading}"
    );
    day.key(KeyCode::Up, KeyModifiers::NONE);
    let events = day.press('M');
    assert!(
        matches!(&events[..], [Event::FindingsMerged(m)] if m.finding == second && m.into == first)
    );
    assert!(
        day.footer()
            .starts_with("NC-02? merged into NC-01? · u undo")
    );
    assert!(!day.app.findings()[1].is_open());
    assert_eq!(day.app.audit().merged_from(first), [second]);
    assert_eq!(day.app.counts().minor, 1);

    let events = day.press('u');
    assert!(matches!(&events[..], [Event::FindingReinstated(r)] if r.finding == second));
    assert!(day.app.findings()[1].is_open());
    assert!(day.app.audit().merged_from(first).is_empty());
    assert_eq!(day.app.counts().minor, 2);
}

#[test]
fn the_lead_merges_two_findings_on_the_closing_meeting_s_own_list() {
    let mut day = Day::new();
    day.raise_on_findings_screen('2', "Leaver access not removed", "A.5.18");
    day.raise_on_findings_screen('2', "Leaver's VPN still active", "A.5.18");
    let (first, second) = (day.app.findings()[0].id, day.app.findings()[1].id);
    day.press('6');
    for _ in 0..day.app.plan.closing.len() + 1 {
        day.key(KeyCode::Down, KeyModifiers::NONE);
    }
    assert!(day.press('M').is_empty(), "the first M only chooses");
    assert!(
        day.screen()
            .contains("Merge NC-02? into: M on it, Esc cancels"),
        "{}",
        day.screen()
    );
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    assert!(
        !day.screen().contains("Merge NC-02?"),
        "Esc lets the choice go"
    );
    assert!(day.press('M').is_empty());
    day.key(KeyCode::Up, KeyModifiers::NONE);
    let events = day.press('M');
    assert!(
        matches!(&events[..], [Event::FindingsMerged(m)] if m.finding == second && m.into == first)
    );
    assert!(
        day.footer()
            .starts_with("NC-02? merged into NC-01? · u undo")
    );
    assert_eq!(day.app.audit().merged_from(first), [second]);
    assert_eq!(day.app.counts().minor, 1);
    assert!(!day.screen().contains("Leaver's VPN"), "{}", day.screen());
}

#[test]
fn u_withdraws_an_acceptance_recorded_by_mistake() {
    let mut day = Day::new();
    day.raise_on_findings_screen('2', "No Q3 access review", "A.5.18");
    day.press('6');
    day.press('p');
    let finding = day.app.presenting.unwrap().finding;
    day.press('a');
    assert_eq!(day.app.audit().responses(finding).len(), 1);
    assert!(
        day.footer()
            .starts_with("NC-01? accepted by the auditee · u undo")
    );

    let events = day.press('u');
    assert!(matches!(&events[..], [Event::FindingAcceptanceWithdrawn(w)] if w.finding == finding));
    assert!(day.app.audit().responses(finding).is_empty());
    assert!(
        day.screen()
            .contains("not recorded yet: a accepted, o diverging opinion")
    );
    assert_eq!(day.press('a').len(), 1, "it can be accepted again");
}

#[test]
fn d_removes_an_evidence_item_or_note_of_a_sample_and_u_restores_it() {
    let mut day = Day::new();
    day.app.show_sample("A.8.15");
    day.press('e');
    day.type_text("SIEM retention settings");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    day.press('n');
    day.type_text("Retention is 30 days");
    day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(day.app.detail_rows().len(), 2);

    day.press('j');
    let events = day.press('d');
    assert!(matches!(&events[..], [Event::NoteRemoved(_)]));
    assert_eq!(day.app.cursors.detail, 0, "on the line left");
    day.press('u');
    day.press('k');
    let events = day.press('d');
    assert!(matches!(&events[..], [Event::EvidenceRemoved(_)]));
    assert!(
        day.footer()
            .starts_with("evidence removed: SIEM retention settings · u undo")
    );
    day.press('d');
    assert!(day.app.detail_rows().is_empty());
    assert!(
        day.footer()
            .starts_with("note removed: Retention is 30 days")
    );
    assert!(day.press('d').is_empty(), "nothing left to remove");
    assert_eq!(day.status_of("A.8.15"), "not started");

    let events = day.press('u');
    assert!(matches!(&events[..], [Event::NoteRestored(_)]));
    let events = day.press('u');
    assert!(matches!(&events[..], [Event::EvidenceRestored(_)]));
    use crate::tui::screens::samples::DetailRow;
    let shown: Vec<String> = (day.app.detail_rows().iter())
        .map(|row| match row {
            DetailRow::Evidence(e) => e.content.seen.clone(),
            DetailRow::Note(n) => n.content.text.clone(),
            DetailRow::Finding(_) => String::new(),
        })
        .collect();
    assert_eq!(shown, ["SIEM retention settings", "Retention is 30 days"]);
    assert_eq!(day.status_of("A.8.15"), "in progress");
}

#[test]
fn w_at_the_closing_meeting_asks_for_the_handover_reports_and_the_answer_names_each_file() {
    use crate::report::Format;
    use crate::session::{Report, ReportRequest, Written};
    use crate::tui::message::Message;

    let mut day = Day::new();
    day.press('6');
    let key = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE);
    let action = day.app.keymap.action(day.app.key_context(), key).unwrap();
    assert_eq!(action, Action::WriteReport);
    let effects = day.app.update(action);
    let [Effect::WriteReports(request)] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(
        request,
        &ReportRequest {
            files: vec![
                (Format::Pdf, "report-2026-11-24-100000.pdf".into()),
                (Format::Html, "report-2026-11-24-100000.html".into()),
                (Format::Docx, "report-2026-11-24-100000.docx".into()),
                (
                    Format::Xlsx,
                    "findings-register-2026-11-24-100000.xlsx".into()
                ),
                (
                    Format::Csv,
                    "findings-register-2026-11-24-100000.csv".into()
                ),
            ],
            now: at(10, 0, 0),
            practice: None,
        }
    );
    assert!(
        day.screen().contains("writing the report"),
        "{}",
        day.screen()
    );

    // Written while one item still waited for the disk: both paths, and that it is not in them.
    day.app.unsaved.insert(Ulid::from_parts(99, 0));
    let reports = std::path::Path::new("/data/audits/brightloop/reports");
    let written = |csv: Result<(), String>| {
        Report::ReportsWritten(vec![
            Written {
                format: Format::Html,
                path: reports.join("report-2026-11-24-100000.html"),
                outcome: Ok(()),
            },
            Written {
                format: Format::Csv,
                path: reports.join("findings-register-2026-11-24-100000.csv"),
                outcome: csv,
            },
        ])
    };
    assert!(day.app.handle(Message::Session(written(Ok(())))).is_empty());
    let Some(Overlay::Notice(told)) = &day.app.overlay else {
        panic!("no notice");
    };
    assert_eq!(
        told,
        &[
            "Report written: /data/audits/brightloop/reports/report-2026-11-24-100000.html",
            "Findings register written: /data/audits/brightloop/reports/findings-register-2026-11-24-100000.csv",
            "1 item not yet saved is not in it.",
        ]
    );
    let screen = day.screen();
    assert!(screen.contains("Report written:"), "{screen}");
    assert!(screen.contains("report-2026-11-24-100000.html"), "{screen}");
    assert!(
        screen.contains("1 item not yet saved is not in it."),
        "{screen}"
    );

    // A file the disk refused says why, in words.
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    day.app.unsaved.clear();
    day.app
        .handle(Message::Session(written(Err("the disk is full".into()))));
    let Some(Overlay::Notice(told)) = &day.app.overlay else {
        panic!("no notice");
    };
    assert_eq!(
        told[1],
        "Findings register NOT written to /data/audits/brightloop/reports/findings-register-2026-11-24-100000.csv: the disk is full."
    );
    assert_eq!(told.len(), 2);
}

#[test]
fn w_while_presenting_or_on_the_opening_screen_writes_nothing() {
    let mut day = Day::new();
    let key = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE);
    assert_eq!(day.app.keymap.action(day.app.key_context(), key), None);
    day.press('6');
    day.app.presenting = Some(crate::tui::app::Presentation {
        finding: Ulid::from_parts(1, 0),
        scroll: 0,
    });
    assert_eq!(day.app.keymap.action(day.app.key_context(), key), None);
}

/// The surveillance sample, whose plan names the Stage 2 audit's report, on its audit day.
fn surveillance_day() -> Day {
    let now = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 10, 13, 10, 30, 0)
        .unwrap();
    Day::on(
        "sample-audits/surveillance-law-firm.toml",
        "Graham Pell",
        now,
    )
}

#[test]
fn a_previous_nonconformity_is_verified_and_an_open_one_raised_again_as_a_major() {
    let mut day = surveillance_day();
    day.press('3');
    let screen = day.screen();
    assert!(
        screen.contains("Verify closure: the previous audit's nonconformities (2)"),
        "{screen}"
    );
    assert!(
        screen.contains("NC-02 minor A.6.3: not verified, overdue (due 7 Jan 202…"),
        "{screen}"
    );
    day.key(KeyCode::Down, KeyModifiers::NONE);
    day.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(day.app.open_closure.as_deref(), Some("NC-02"));
    let screen = day.screen();
    assert!(
        screen.contains("NC-02 · minor nonconformity · A.6.3"),
        "{screen}"
    );
    assert!(
        screen.contains("Statement: Awareness training completion was 82%"),
        "{screen}"
    );
    assert!(
        screen.contains("Corrective action: overdue (due 7 Jan 2026)"),
        "{screen}"
    );
    // Nothing to raise before it is verified.
    day.press('f');
    assert!(matches!(&day.app.overlay, Some(Overlay::Notice(n))
        if n == &["NC-02 is not verified yet: record what was seen first"]));
    day.key(KeyCode::Esc, KeyModifiers::NONE);
    day.press('v');
    day.key(KeyCode::Right, KeyModifiers::NONE);
    day.key(KeyCode::Right, KeyModifiers::NONE);
    day.key(KeyCode::Tab, KeyModifiers::NONE);
    day.type_text("Reminders planned, not sent");
    let saved = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(
        saved,
        [Event::ClosureVerified(crate::audit::ClosureVerified {
            nc: "NC-02".into(),
            corrective_action: "Reminders planned, not sent".into(),
            evidence: String::new(),
            verdict: crate::audit::ClosureVerdict::Open,
        })]
    );
    let screen = day.screen();
    assert!(
        screen.contains("Verdict: open · by Priya Shah 10:30"),
        "{screen}"
    );
    assert!(
        screen.contains("A finding of this audit: f raises it as a major"),
        "{screen}"
    );
    day.press('f');
    let saved = day.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let [Event::FindingRaised(finding)] = saved.as_slice() else {
        panic!("no finding raised: {saved:?}");
    };
    assert_eq!(finding.grade, Grade::Major);
    assert_eq!(finding.sample.as_deref(), Some("A.6.3"));
    assert_eq!(finding.references, ["A.6.3"]);
    assert!(finding.requirement.starts_with("Personnel shall receive"));
    assert!(
        finding.statement.starts_with(
            "NC-02 (minor nonconformity) raised at Ashcombe & Reid — ISO/IEC 27001:2022 Stage 2 \
             certification audit (8–9 Oct 2025) is still open: its corrective action has not \
             been implemented. It stated: Awareness training"
        ),
        "{}",
        finding.statement
    );
    assert_eq!(finding.objective_evidence, "Reminders planned, not sent");
}
