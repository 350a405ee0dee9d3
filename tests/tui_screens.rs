//! Screen snapshots of the audit-day interface: every screen and overlay at 80×24 and 160×48,
//! drawn into ratatui's `TestBackend` from a fixed, realistic morning of a Stage 2 audit.
//!
//! Everything is deterministic: the plan is a sample plan, the clock is fixed, and the record is
//! built here from envelopes with fixed ids and times (no store, no `Utc::now()`), so the
//! snapshots never change between runs or machines. The state is reached through
//! `App::update` wherever that is how a user gets there, so the snapshots exercise `update` too.
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test
//! tui_screens` and read the `.snap` files) before committing them.

use std::path::Path;

use auditday::audit::*;
use auditday::catalogue::Catalogue;
use auditday::plan;
use auditday::record::Envelope;
use auditday::tui::action::{Action, Screen};
use auditday::tui::app::{App, SaveState};
use auditday::tui::update::Effect;
use auditday::tui::view;
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui_textarea::{Input, Key};
use ulid::Ulid;

const PRIYA: &str = "Priya Shah";
const TOM: &str = "Tom Whitfield";

/// Both sizes every screen is drawn at: the smallest supported and a large laptop terminal.
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// The sizes the lists are drawn at: in between too, where the columns must share the room.
const LIST_SIZES: [(u16, u16); 3] = [(80, 24), (120, 30), (160, 48)];

/// Emoji, CJK and right-to-left text (Arabic and Hebrew) in one note.
const WIDE_NOTE: &str = "Scope statement 📄 names the SaaS platform; the Kraków contractors \
    (承包商, 外部委託) are outside it — المدير confirmed, המנהל agreed 👍✅";

/// An evidence item whose text holds an ANSI escape sequence (pasted terminal output).
const ESCAPE_SEEN: &str = "CI access check output: \u{1b}[31mFAILED\u{1b}[0m for 2 of 14 admins";

/// The local time of the snapshots: day 1, during the interview of the Head of Engineering.
fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 11, 40, 0)
        .unwrap()
}

/// A morning's record, built envelope by envelope with fixed ids and times.
#[derive(Default)]
struct Day {
    envelopes: Vec<Envelope>,
}

impl Day {
    /// Records `event` by `auditor` at `hh:mm:ss` on day 1 (UTC, which is local time here);
    /// returns the event's id.
    fn record(&mut self, (h, m, s): (u32, u32, u32), auditor: &str, event: Event) -> Ulid {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, h, m, s).unwrap();
        let n = self.envelopes.len() as u128;
        let id = Ulid::from_parts(at.timestamp_millis() as u64, 0x5eed_0000 + n);
        self.envelopes.push(Envelope {
            version: 1,
            id,
            at,
            auditor: auditor.into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: vec![],
        });
        id
    }
}

fn evidence(
    sample: &str,
    seen: &str,
    identifier: &str,
    version: &str,
    date: &str,
    size: &str,
) -> Event {
    Event::EvidenceAdded(EvidenceItem {
        sample: Some(sample.into()),
        seen: seen.into(),
        identifier: identifier.into(),
        version: version.into(),
        date: date.into(),
        sample_size: size.into(),
        file: None,
    })
}

fn note(sample: Option<&str>, meeting: Option<Meeting>, text: &str) -> Event {
    Event::NoteWritten(Note {
        sample: sample.map(Into::into),
        meeting,
        text: text.into(),
    })
}

fn status(sample: &str, status: SetStatus, reason: &str) -> Event {
    Event::SampleStatusSet(SampleStatusSet {
        sample: sample.into(),
        status,
        reason: reason.into(),
    })
}

fn finding(
    grade: Grade,
    sample: &str,
    statement: &str,
    requirement: &str,
    evidence: Vec<Ulid>,
) -> Event {
    Event::FindingRaised(Finding {
        grade,
        sample: Some(sample.into()),
        references: vec![sample.into()],
        requirement: requirement.into(),
        statement: statement.into(),
        objective_evidence: "Seen on site with the owner of the control.".into(),
        evidence,
        interviews: vec![],
    })
}

fn attendee(name: &str, role: &str, organisation: &str) -> Event {
    Event::AttendeeAdded(AttendeeAdded {
        meeting: Meeting::Opening,
        name: name.into(),
        role: role.into(),
        organisation: organisation.into(),
    })
}

/// The record of the morning: the opening meeting held, samples worked on by both auditors,
/// findings of every grade (one withdrawn), an interview under way and a note still a draft.
fn morning() -> Vec<Envelope> {
    let mut day = Day::default();
    let opening = auditday::plan::load(Path::new(PLAN), None).unwrap().opening;
    day.record(
        (9, 1, 5),
        PRIYA,
        Event::MeetingStarted(MeetingMark {
            meeting: Meeting::Opening,
        }),
    );
    for (name, role, org) in [
        (
            PRIYA,
            "lead auditor",
            "Northgate Certification Services Ltd",
        ),
        (TOM, "auditor", "Northgate Certification Services Ltd"),
        (
            "Daniel Reeve",
            "Managing Director",
            "Brightloop Software Ltd",
        ),
        (
            "Hannah Cole",
            "Information Security Manager",
            "Brightloop Software Ltd",
        ),
        (
            "Marcus Dale",
            "Head of Engineering",
            "Brightloop Software Ltd",
        ),
    ] {
        day.record((9, 2, 0), PRIYA, attendee(name, role, org));
    }
    for (i, item) in opening.iter().take(7).enumerate() {
        let event = Event::AgendaItemChecked(AgendaItemChecked {
            meeting: Meeting::Opening,
            item: item.clone(),
            checked: true,
        });
        day.record((9, 4 + 3 * i as u32, 0), PRIYA, event);
    }
    day.record(
        (9, 20, 0),
        PRIYA,
        note(
            None,
            Some(Meeting::Opening),
            "Closing meeting moved to 15:30 on day 2 at the MD's request; agreed.\nGuide: Hannah Cole.",
        ),
    );
    day.record(
        (9, 28, 30),
        PRIYA,
        Event::MeetingEnded(MeetingMark {
            meeting: Meeting::Opening,
        }),
    );

    // Priya: clauses 4–6.
    day.record(
        (9, 35, 0),
        PRIYA,
        evidence(
            "4.1",
            "Context and interested parties register",
            "ISMS-REG-01",
            "v3.0",
            "2026-06-30",
            "",
        ),
    );
    day.record(
        (9, 41, 0),
        PRIYA,
        note(
            Some("4.1"),
            None,
            "Register reviewed in June; the AWS migration is listed as an external issue.",
        ),
    );
    day.record((9, 44, 0), PRIYA, status("4.1", SetStatus::Conforming, ""));
    day.record(
        (9, 47, 0),
        PRIYA,
        evidence(
            "4.3",
            "ISMS scope statement",
            "ISMS-DOC-02",
            "v1.4",
            "2026-09-12",
            "",
        ),
    );
    day.record((9, 52, 0), PRIYA, note(Some("4.3"), None, WIDE_NOTE));
    day.record(
        (9, 55, 0),
        PRIYA,
        status(
            "5.1",
            SetStatus::NotAssessed,
            "Managing Director away on day 1; to be seen on day 2",
        ),
    );
    let risk = day.record(
        (10, 5, 0),
        PRIYA,
        evidence(
            "6.1.2",
            "Risk register export",
            "RR-2026-10",
            "",
            "2026-10-01",
            "12 of 48 risks",
        ),
    );
    day.record(
        (10, 21, 0),
        PRIYA,
        finding(
            Grade::Minor,
            "6.1.2",
            "Risk owners have not reviewed 7 of the 12 risks sampled since March 2025.",
            "6.1.2 d) — risk owners identified and risks assessed at planned intervals",
            vec![risk],
        ),
    );
    day.record(
        (10, 40, 0),
        PRIYA,
        evidence(
            "6.2",
            "Information security objectives dashboard",
            "OBJ-2026",
            "",
            "2026-11-01",
            "",
        ),
    );
    day.record(
        (10, 48, 0),
        PRIYA,
        finding(
            Grade::Strength,
            "6.2",
            "Objectives dashboard is reviewed monthly by the board, with owners and trends.",
            "",
            vec![],
        ),
    );

    // Tom: access control, privileged access, authentication.
    day.record(
        (9, 40, 0),
        TOM,
        evidence(
            "A.5.15",
            "Access control policy",
            "POL-AC-01",
            "v2.3",
            "2026-02-14",
            "",
        ),
    );
    day.record(
        (10, 2, 0),
        TOM,
        finding(
            Grade::Opportunity,
            "A.5.15",
            "Access requests could be raised from the HR system so that joiners get access on day one.",
            "",
            vec![],
        ),
    );
    let admins = day.record(
        (10, 10, 0),
        TOM,
        evidence(
            "A.8.2",
            "List of AWS administrators (IAM export)",
            "IAM-ADMINS",
            "",
            "2026-11-23",
            "14 of 14",
        ),
    );
    let q1 = day.record(
        (10, 14, 0),
        TOM,
        evidence(
            "A.8.2",
            "Quarterly access review Q1 2026",
            "AR-2026-Q1",
            "v1",
            "2026-04-03",
            "1 of 3 quarters",
        ),
    );
    day.record(
        (10, 20, 0),
        TOM,
        evidence(
            "A.8.2",
            ESCAPE_SEEN,
            "CI-RUN-88121",
            "",
            "2026-11-24",
            "14 of 14",
        ),
    );
    day.record(
        (10, 26, 0),
        TOM,
        note(
            Some("A.8.2"),
            None,
            "No review records for Q2 and Q3; Marcus says they were done \"in a spreadsheet\".",
        ),
    );
    day.record(
        (10, 33, 0),
        TOM,
        finding(
            Grade::Major,
            "A.8.2",
            "Privileged access rights to AWS were not reviewed in Q2 and Q3 2026, against the quarterly reviews the policy requires.",
            "A.8.2 — allocation and use of privileged access rights restricted and managed",
            vec![admins, q1],
        ),
    );
    let obs = day.record(
        (10, 36, 0),
        TOM,
        finding(
            Grade::Observation,
            "A.8.2",
            "Break-glass account has no MFA.",
            "",
            vec![],
        ),
    );
    day.record(
        (10, 52, 0),
        TOM,
        Event::FindingWithdrawn(FindingWithdrawn {
            finding: obs,
            reason: "MFA on a hardware key, kept in the safe; shown by the ISM".into(),
        }),
    );
    day.record(
        (10, 58, 0),
        TOM,
        Event::UnplannedSampleAdded(UnplannedSampleAdded {
            sample: "A.5.18".into(),
            why: "Leaver's VPN account still active, found in the A.8.2 IAM export".into(),
        }),
    );
    day.record(
        (11, 3, 0),
        TOM,
        evidence(
            "A.5.18",
            "Leaver ticket HR-2291 and VPN account list",
            "HR-2291",
            "",
            "2026-09-02",
            "1 of 12 leavers",
        ),
    );
    day.record(
        (11, 8, 0),
        TOM,
        evidence(
            "A.8.5",
            "SSO/MFA exceptions list",
            "IDP-EXC",
            "",
            "2026-11-20",
            "3 exceptions",
        ),
    );
    day.record(
        (11, 12, 0),
        TOM,
        finding(
            Grade::Observation,
            "A.8.5",
            "Three MFA exceptions have no expiry date; none is older than a month.",
            "",
            vec![],
        ),
    );
    day.record(
        (11, 14, 0),
        TOM,
        Event::DraftSaved(DraftSaved {
            of: DraftTarget::NewNote {
                sample: Some("A.8.2".into()),
                meeting: None,
            },
            field: "text".into(),
            text: "Asked for the Q2 spreadsheet; Marcus to send it by".into(),
        }),
    );

    // Priya: the interview of the Head of Engineering, under way.
    let interview = day.record(
        (11, 17, 0),
        PRIYA,
        Event::InterviewStarted(InterviewStarted {
            interviewee: "Marcus Dale".into(),
            role: "Head of Engineering".into(),
            department: String::new(),
            topics: vec![
                "A.5.15".into(),
                "A.8.2".into(),
                "A.8.25".into(),
                "A.8.32".into(),
            ],
        }),
    );
    day.record(
        (11, 31, 0),
        PRIYA,
        Event::InterviewNoteWritten(InterviewNoteWritten {
            interview,
            question: "Who approves access to the dev servers?".into(),
            text: "Access to the dev servers is approved by the team lead in Jira.\nPrivileged \
                   reviews \"slipped\" after the AWS migration; no one owned them in Q2."
                .into(),
            topics: vec!["A.5.15".into(), "A.8.2".into()],
        }),
    );
    day.envelopes
}

const PLAN: &str = "sample-audits/stage2-software-sme.toml";

/// The interface as it stands at 11:40 on day 1, everything saved a moment ago.
fn app() -> App {
    let plan = plan::load(Path::new(PLAN), None).unwrap();
    let audit = AuditState::fold(&morning());
    let mut app = App::new(
        plan,
        Catalogue::iso27001_2022().clone(),
        PRIYA.into(),
        audit,
        now(),
    );
    app.save = SaveState::Saved(now() - chrono::Duration::seconds(9 * 60 + 12));
    app.record_path =
        "/home/priya/.local/share/auditday/brightloop-stage2-2026/priya-shah.jsonl".into();
    app
}

/// Applies the actions a user's keys would give, in order, as the runner would: what they ask
/// to record (a draft saved when focus leaves a field) is applied to the state with an id made
/// from its content and the fixed clock, so the result stays the same from run to run.
fn drive(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        for effect in app.update(action) {
            let Effect::Record(event) = effect else {
                panic!("unexpected effect {effect:?}");
            };
            let data = event.data();
            let hash = data.get().bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            let at = now().with_timezone(&Utc);
            app.apply(&Envelope {
                version: 1,
                id: Ulid::from_parts(at.timestamp_millis() as u64, u128::from(hash)),
                at,
                auditor: PRIYA.into(),
                kind: event.kind().into(),
                data,
                extra: vec![],
            });
        }
    }
}

/// The actions of typing `text` into a field or a search line.
fn typed(text: &str) -> Vec<Action> {
    text.chars()
        .map(|c| {
            Action::Type(Input {
                key: Key::Char(c),
                ..Input::default()
            })
        })
        .collect()
}

fn render(app: &App, (width, height): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            view::draw(frame, app);
        })
        .unwrap();
    terminal
}

/// Snapshots the screen of `app` at both sizes, as `{name}_{w}x{h}`.
fn snap(name: &str, app: &App) {
    snap_at(name, app, &SIZES);
}

/// Snapshots the screen of `app` at `sizes`, as `{name}_{w}x{h}`.
fn snap_at(name: &str, app: &App, sizes: &[(u16, u16)]) {
    for &size in sizes {
        let terminal = render(app, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), terminal.backend());
    }
}

/// The app on the Samples screen with A.8.2 open, reached by searching for it.
fn a82_open() -> App {
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Samples), Action::Search]);
    drive(&mut app, typed("a.8.2"));
    drive(&mut app, [Action::Open, Action::Open]);
    assert_eq!(app.open_sample.as_deref(), Some("A.8.2"));
    app
}

#[test]
fn opening() {
    let mut app = app();
    drive(&mut app, [Action::Down, Action::Down, Action::Down]);
    snap("opening", &app);
}

#[test]
fn a_stage_1_opening_names_the_documents_to_review_and_what_to_confirm() {
    let plan = plan::load(
        Path::new("sample-audits/stage1-health-analytics.toml"),
        None,
    )
    .unwrap();
    let documents = plan.documents.len();
    let app = App::new(
        plan,
        Catalogue::iso27001_2022().clone(),
        "Siobhán Keane".into(),
        AuditState::default(),
        now(),
    );
    let screen = render(&app, (160, 48)).backend().to_string();
    for told in [
        "Objectives: ",
        "Scope: The information security management system protecting the collection",
        "Criteria: ISO/IEC 27001:2022 clauses 4 to 10 and Annex A",
        "Sites: Galway office, Unit 4, Parkmore Business Park West · Microsoft Azure",
        "Corrective action: major nonconformities within",
        &format!("Documents to review: {documents}: "),
    ] {
        assert!(
            screen.contains(told),
            "{told:?} is not on the screen:\n{screen}"
        );
    }
}

#[test]
fn samples_list() {
    let mut app = app();
    drive(
        &mut app,
        [
            Action::Next,
            Action::Next,
            Action::Down,
            Action::Down,
            Action::Down,
        ],
    );
    assert_eq!(app.screen, Screen::Samples);
    snap_at("samples_list", &app, &LIST_SIZES);
}

#[test]
fn samples_list_filtered_and_searched() {
    let mut app = app();
    drive(
        &mut app,
        [
            Action::GoTo(Screen::Samples),
            Action::FilterStatus,
            Action::FilterStatus,
            Action::Search,
        ],
    );
    drive(&mut app, typed("access"));
    assert_eq!(app.sample_filter.status, Some("in progress"));
    snap("samples_filtered", &app);
}

#[test]
fn sample_detail() {
    let mut app = a82_open();
    drive(&mut app, [Action::Down, Action::Down]);
    snap("sample_detail", &app);
}

#[test]
fn sample_detail_with_wide_characters() {
    let mut app = app();
    drive(
        &mut app,
        [Action::GoTo(Screen::Samples), Action::Down, Action::Open],
    );
    assert_eq!(app.open_sample.as_deref(), Some("4.3"));
    drive(&mut app, [Action::Down]);
    snap("sample_detail_wide_text", &app);
}

#[test]
fn interviews_list() {
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Interviews), Action::Down]);
    snap("interviews_list", &app);
}

#[test]
fn interview() {
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Interviews), Action::Open]);
    assert_eq!(
        app.open_interview.as_ref().map(|o| o.name.as_str()),
        Some("Marcus Dale")
    );
    snap("interview", &app);
}

#[test]
fn timetable() {
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Timetable)]);
    snap("timetable", &app);
}

#[test]
fn the_team_panel_says_whether_this_laptop_s_last_sync_brought_each_auditor_s_file() {
    use auditday::session::Report;
    use auditday::team::LastSync;
    use auditday::tui::message::Message;
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Timetable)]);
    let sync = |received: Vec<String>, offline| LastSync {
        at: Utc.with_ymd_and_hms(2026, 11, 24, 11, 35, 0).unwrap(),
        received,
        offline,
    };
    let toms = format!("{}.jsonl", auditday::record::auditor_stem(TOM));
    let panel = |app: &App| {
        let terminal = render(app, (160, 48));
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .filter(|line| line.contains("last seen"))
            .map(|line| line.split('│').next_back().unwrap_or("").trim().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        panel(&app),
        [
            "Priya Shah (you): last seen 11:31 · 2 findings",
            "Tom Whitfield: last seen 11:14 · 3 findings"
        ],
        "before any sync, nothing is said of one"
    );
    app.handle(Message::Session(Report::Synced(sync(vec![toms], false))));
    assert_eq!(
        panel(&app),
        [
            "Priya Shah (you): last seen 11:31 · 2 findings",
            "Tom Whitfield: last seen 11:14 · 3 findings · new at the 11:35 sync"
        ]
    );
    app.handle(Message::Session(Report::Synced(sync(Vec::new(), false))));
    assert_eq!(
        panel(&app)[1],
        "Tom Whitfield: last seen 11:14 · 3 findings · nothing new at the 11:35 sync"
    );
    app.handle(Message::Session(Report::Synced(sync(Vec::new(), true))));
    assert_eq!(
        panel(&app)[1],
        "Tom Whitfield: last seen 11:14 · 3 findings · the 11:35 sync was offline"
    );
}

#[test]
fn the_timetable_scrolls_the_current_slot_into_view_and_marks_it() {
    let mut app = app();
    app.now = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 25, 14, 30, 0)
        .unwrap();
    drive(&mut app, [Action::GoTo(Screen::Timetable)]);
    let screen = render(&app, (80, 24)).backend().to_string();
    assert!(
        screen.contains("» 14:15–15:45 ▶ now 75m    Audit team review"),
        "{screen}"
    );
    assert!(screen.contains("16:00–16:45 → next       Closing meeting"));
    assert!(
        !screen.contains("Tuesday 24 November"),
        "day 1 scrolled away"
    );
    assert!(screen.contains("✗ missed"), "{screen}");
    assert!(screen.contains("… and 8 more"), "{screen}");
    assert!(
        !screen.contains("over"),
        "a day-1 interview left open is not over:\n{screen}"
    );
}

#[test]
fn findings() {
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Findings), Action::Down]);
    snap_at("findings", &app, &LIST_SIZES);
}

#[test]
fn the_findings_list_names_who_raised_each_and_m_keeps_only_mine() {
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Findings)]);
    let screen = render(&app, (120, 30)).backend().to_string();
    assert!(
        screen.contains("NC-01?  minor NC    Priya 6.1.2  Risk owners"),
        "{screen}"
    );
    assert!(
        screen.contains("NC-02?  major NC    Tom   A.8.2"),
        "{screen}"
    );
    drive(&mut app, [Action::FilterMine]);
    let screen = render(&app, (120, 30)).backend().to_string();
    let heading = screen.lines().find(|l| l.contains("Findings (")).unwrap();
    assert!(
        heading.contains("Findings (2)") && heading.contains("mine"),
        "{screen}"
    );
    assert!(screen.contains("Priya 6.1.2"), "{screen}");
    assert!(!screen.contains("Tom "), "only Priya's: {screen}");
    drive(&mut app, [Action::FilterMine]);
    let screen = render(&app, (120, 30)).backend().to_string();
    assert!(screen.contains("Tom   A.8.2"), "everyone's again: {screen}");
}

#[test]
fn another_auditors_interview_and_evidence_say_whose_they_are() {
    let mut app = app();
    let interview = Event::InterviewStarted(InterviewStarted {
        interviewee: "Jonas Berg".into(),
        role: "Support Team Lead".into(),
        department: String::new(),
        topics: vec!["A.5.15".into()],
    });
    apply_by_tom(&mut app, 7, interview);
    drive(&mut app, [Action::GoTo(Screen::Interviews)]);
    let screen = render(&app, (120, 30)).backend().to_string();
    let row = screen.lines().find(|l| l.contains("Jonas Berg")).unwrap();
    assert!(row.contains("by Tom · "), "{screen}");
    let mine = screen.lines().filter(|l| l.contains("by Priya")).count();
    assert_eq!(
        mine, 0,
        "the auditor's own interviews are not marked: {screen}"
    );
}

/// Applies `event`, recorded by Tom at the snapshots' time with id `n`.
fn apply_by_tom(app: &mut App, n: u128, event: Event) {
    let at = now().with_timezone(&Utc);
    app.apply(&Envelope {
        version: 1,
        id: Ulid::from_parts(at.timestamp_millis() as u64, n),
        at,
        auditor: TOM.into(),
        kind: event.kind().into(),
        data: event.data(),
        extra: vec![],
    });
}

#[test]
fn findings_whose_statements_begin_alike_are_told_apart_at_every_width() {
    let mut app = app();
    let alike = [
        "Privileged access rights to the AWS production account were reviewed by the same admin",
        "Privileged access rights to the AWS production account are held by 3 leavers",
    ];
    assert_eq!(alike[0][..30], alike[1][..30]);
    for (n, statement) in alike.into_iter().enumerate() {
        let event = finding(Grade::Minor, "A.8.2", statement, "A.8.2 — reviewed", vec![]);
        apply_by_tom(&mut app, n as u128 + 1, event);
    }
    drive(&mut app, [Action::GoTo(Screen::Findings)]);
    for size in LIST_SIZES {
        let screen = render(&app, size).backend().to_string();
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| l.contains("NC-03?") || l.contains("NC-04?"))
            .collect();
        assert_eq!(rows.len(), 2, "{screen}");
        let statement = |row: &str| row.split("A.8.2").nth(1).unwrap_or("").trim().to_string();
        assert_ne!(statement(rows[0]), statement(rows[1]), "{screen}");
    }
    snap_at("findings_alike", &app, &LIST_SIZES);
}

#[test]
fn an_internal_auditor_opening_a_process_they_own_is_warned() {
    let plan = plan::load(Path::new("sample-audits/internal-logistics.toml"), None).unwrap();
    let mut app = App::new(
        plan,
        Catalogue::iso27001_2022().clone(),
        "Kieran Walsh".into(),
        AuditState::default(),
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 9, 15, 10, 50, 0)
            .unwrap(),
    );
    drive(&mut app, [Action::GoTo(Screen::Samples), Action::Search]);
    drive(&mut app, typed("a.5.15"));
    drive(&mut app, [Action::Open, Action::Open]);
    assert_eq!(app.open_sample.as_deref(), Some("A.5.15"));
    let told = render(&app, (80, 24)).backend().to_string();
    assert!(
        told.contains("You own this process (A.5.15 owner:"),
        "{told}"
    );
    drive(&mut app, [Action::Back]);
    snap("own_process_sample_detail", &app);
}

#[test]
fn closing() {
    let mut app = app();
    // A nonconformity raised in a hurry: no requirement, no objective evidence.
    let hurried = Event::FindingRaised(Finding {
        grade: Grade::Minor,
        sample: Some("A.5.18".into()),
        references: vec!["A.5.18".into()],
        requirement: String::new(),
        statement: "Leaver's VPN account still active three weeks after leaving.".into(),
        objective_evidence: String::new(),
        evidence: vec![],
        interviews: vec![],
    });
    let at = now().with_timezone(&Utc);
    app.apply(&Envelope {
        version: 1,
        id: Ulid::from_parts(at.timestamp_millis() as u64, 1),
        at,
        auditor: TOM.into(),
        kind: hurried.kind().into(),
        data: hurried.data(),
        extra: vec![],
    });
    drive(&mut app, [Action::GoTo(Screen::Closing)]);
    snap("closing", &app);
}

#[test]
fn closing_report_written() {
    use auditday::report::Format;
    use auditday::session::{Report, Written};
    use auditday::tui::message::Message;

    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Closing)]);
    let effects = app.update(Action::WriteReport);
    assert!(
        matches!(&effects[..], [Effect::WriteReports(_)]),
        "{effects:?}"
    );
    let reports =
        Path::new("/home/priya/.local/share/auditday/audits/brightloop-stage2-2026/reports");
    app.unsaved.insert(Ulid::from_parts(1, 1));
    app.unsaved.insert(Ulid::from_parts(1, 2));
    app.handle(Message::Session(Report::ReportsWritten(vec![
        Written {
            format: Format::Html,
            path: reports.join("report-2026-11-25-164005.html"),
            outcome: Ok(()),
        },
        Written {
            format: Format::Csv,
            path: reports.join("findings-register-2026-11-25-164005.csv"),
            outcome: Err("the disk is full".into()),
        },
    ])));
    snap("closing_report_written", &app);
}

#[test]
fn closing_attendance_picker_with_long_names() {
    let mut app = app();
    let long = Event::AttendeeAdded(AttendeeAdded {
        meeting: Meeting::Opening,
        name: "Dr Alexandra Montgomery-Fairweather-Castellanos de la Vega".into(),
        role: "Group Chief Information Security and Data Protection Officer".into(),
        organisation: "Brightloop Software Holdings International Ltd".into(),
    });
    let at = now().with_timezone(&Utc);
    app.apply(&Envelope {
        version: 1,
        id: Ulid::from_parts(at.timestamp_millis() as u64, 7),
        at,
        auditor: TOM.into(),
        kind: long.kind().into(),
        data: long.data(),
        extra: vec![],
    });
    // The one typed in at the opening comes last, just before "someone else…".
    drive(
        &mut app,
        [Action::GoTo(Screen::Closing), Action::AddAttendee],
    );
    drive(&mut app, (0..40).map(|_| Action::Down));
    drive(&mut app, [Action::Up]);
    snap("closing_attendance_picker", &app);
    drive(&mut app, [Action::Down]);
    let screen = render(&app, (80, 24)).backend().to_string();
    assert!(
        screen.contains("someone else…"),
        "the last entry is inside the box:\n{screen}"
    );
}

#[test]
fn closing_presentation() {
    let mut app = app();
    drive(
        &mut app,
        [
            Action::GoTo(Screen::Closing),
            Action::Present,
            Action::Down,
            Action::DivergingOpinion,
        ],
    );
    drive(&mut app, typed("Marcus Dale, Head of Engineering"));
    drive(&mut app, [Action::Next]);
    drive(
        &mut app,
        typed("Q2 and Q3 were reviewed in a spreadsheet that was since lost."),
    );
    drive(&mut app, [Action::Submit]);
    assert!(app.presenting.is_some() && app.overlay.is_none());
    snap("closing_presentation", &app);
}

#[test]
fn closing_end_question() {
    let mut app = app();
    drive(
        &mut app,
        [
            Action::GoTo(Screen::Closing),
            Action::Toggle,
            Action::EndMeeting,
        ],
    );
    snap("closing_end_question", &app);
}

#[test]
fn help_overlay() {
    let mut app = app();
    drive(&mut app, [Action::GoTo(Screen::Samples), Action::Help]);
    snap("help", &app);
}

#[test]
fn grade_chooser() {
    let mut app = a82_open();
    drive(&mut app, [Action::NewFinding]);
    snap("grade_chooser", &app);
}

#[test]
fn new_finding_form() {
    let mut app = a82_open();
    drive(&mut app, [Action::NewFinding, Action::Grade(Grade::Minor)]);
    drive(
        &mut app,
        typed("Leaver's VPN account (HR-2291) active 9 days after leaving."),
    );
    snap("finding_form", &app);
}

#[test]
fn finding_library_picker() {
    let mut app = a82_open();
    drive(
        &mut app,
        [
            Action::NewFinding,
            Action::Grade(Grade::Minor),
            Action::Library,
        ],
    );
    drive(&mut app, typed("access"));
    drive(&mut app, [Action::Down]);
    let terminal = render(&app, (80, 24));
    insta::assert_snapshot!("finding_library_picker_80x24", terminal.backend());
}

#[test]
fn evidence_form() {
    let mut app = a82_open();
    drive(&mut app, [Action::AddEvidence]);
    drive(&mut app, typed("Q3 access review sign-off sheet — 審査 ✅"));
    drive(&mut app, [Action::Next]);
    drive(&mut app, typed("AR-2026-Q3"));
    snap("evidence_form", &app);
}

#[test]
fn unplanned_sample_picker() {
    let mut app = app();
    drive(
        &mut app,
        [Action::GoTo(Screen::Samples), Action::UnplannedSample],
    );
    drive(&mut app, typed("backup"));
    drive(
        &mut app,
        [Action::Type(Input {
            key: Key::Down,
            ..Input::default()
        })],
    );
    snap("unplanned_picker", &app);
}

#[test]
fn not_saved_header() {
    let mut app = a82_open();
    let unsaved = Event::NoteWritten(Note {
        sample: Some("A.8.2".into()),
        meeting: None,
        text: "Q2 spreadsheet received".into(),
    });
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 11, 39, 50).unwrap();
    // As the runner does: shown at once, held in memory until the disk takes it.
    let envelope = Envelope {
        version: 1,
        id: Ulid::from_parts(at.timestamp_millis() as u64, 1),
        at,
        auditor: PRIYA.into(),
        kind: unsaved.kind().into(),
        data: unsaved.data(),
        extra: vec![],
    };
    app.apply(&envelope);
    app.unsaved.insert(envelope.id);
    app.save = SaveState::NotSaved {
        reason: "the disk is full".into(),
        detail: "could not save to /home/priya/.local/share/auditday/brightloop-stage2-2026/\
                 priya-shah.jsonl: the disk is full (No space left on device, os error 28)"
            .into(),
    };
    snap("not_saved", &app);
}

#[test]
fn terminal_too_small() {
    let app = app();
    let terminal = render(&app, (70, 20));
    insta::assert_snapshot!("too_small_70x20", terminal.backend());
}

/// The cells drawn reversed (the selection) or struck out (withdrawn findings), as runs per
/// line, to show both are visible without colour.
fn modifier_runs(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for (name, modifier) in [
            ("REVERSED", Modifier::REVERSED),
            ("CROSSED_OUT", Modifier::CROSSED_OUT),
        ] {
            let mut x = 0;
            while x < buffer.area.width {
                if !buffer[(x, y)].modifier.contains(modifier) {
                    x += 1;
                    continue;
                }
                let start = x;
                let mut text = String::new();
                while x < buffer.area.width && buffer[(x, y)].modifier.contains(modifier) {
                    text.push_str(buffer[(x, y)].symbol());
                    x += 1;
                }
                out.push_str(&format!(
                    "line {y:>2} {name:<11} x {start:>2}..{x:<3} {:?}\n",
                    text.trim_end()
                ));
            }
        }
    }
    out
}

/// Every cell's colours are the terminal's own.
fn assert_no_colour(terminal: &Terminal<TestBackend>) {
    for cell in terminal.backend().buffer().content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "a cell is coloured under NO_COLOR: {cell:?}"
        );
    }
}

#[test]
fn no_color_findings() {
    let mut app = app();
    app.no_color = true;
    drive(&mut app, [Action::GoTo(Screen::Findings), Action::Down]);
    let terminal = render(&app, (80, 24));
    assert_no_colour(&terminal);
    let styled = format!("{}\n{}", terminal.backend(), modifier_runs(&terminal));
    insta::assert_snapshot!("no_color_findings_80x24", styled);
}

#[test]
fn no_color_sample_detail() {
    let mut app = a82_open();
    app.no_color = true;
    drive(&mut app, [Action::Down]);
    let terminal = render(&app, (160, 48));
    assert_no_colour(&terminal);
    let styled = format!("{}\n{}", terminal.backend(), modifier_runs(&terminal));
    insta::assert_snapshot!("no_color_sample_detail_160x48", styled);
}

/// The header's first two lines of `app` at `width` columns, as text.
fn header(app: &App, width: u16) -> [String; 2] {
    let terminal = render(app, (width, 24));
    let buffer = terminal.backend().buffer();
    [0, 1].map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
}

#[test]
fn the_header_says_who_records_and_when_the_audit_is_outside_its_days() {
    let mut app = app();
    app.now = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
        .unwrap();
    // The closing meeting left open for days would otherwise count thousands of minutes over.
    let [first, second] = header(&app, 80);
    assert!(first.ends_with("recording: Priya Shah"), "{first}");
    assert!(
        second.starts_with("10:00  audit planned for 24–25 Nov 2026"),
        "{second}"
    );
    assert!(!second.contains("min over"), "{second}");
}

#[test]
fn at_80_columns_the_slot_title_is_cut_never_the_minutes_left() {
    let mut app = app();
    app.save = SaveState::NotSaved {
        reason: "the disk is full".into(),
        detail: String::new(),
    };
    let [_, second] = header(&app, 80);
    assert!(second.starts_with("11:40  Now: "), "{second}");
    assert!(second.contains("… 20 min left NOT SAVED"), "{second}");
}

#[test]
fn no_color_timetable_tells_each_state_in_words_and_marks_the_cursor_in_reverse() {
    let mut app = app();
    app.no_color = true;
    drive(&mut app, [Action::GoTo(Screen::Timetable)]);
    let terminal = render(&app, (80, 24));
    assert_no_colour(&terminal);
    let screen = terminal.backend().to_string();
    for word in ["✓ done", "◐ 3/6 done", "▶ now 20m", "→ next", "· later"] {
        assert!(screen.contains(word), "{word:?} missing:\n{screen}");
    }
    assert!(
        modifier_runs(&terminal)
            .contains("\"» 11:15–12:00 ▶ now 20m    Interview: Head of … Priya\""),
        "{}",
        modifier_runs(&terminal)
    );
}

#[test]
fn interview_compared_with_the_records() {
    let mut app = app();
    drive(
        &mut app,
        [
            Action::GoTo(Screen::Interviews),
            Action::Open,
            Action::Corroborate,
        ],
    );
    snap("corroboration_form", &app);
    let right = Action::Type(Input {
        key: Key::Right,
        ..Input::default()
    });
    drive(&mut app, [Action::Next, right, Action::Submit]);
    snap("finding_offered_from_a_contradiction", &app);
    drive(&mut app, [Action::Back]);
    snap("interview_with_a_contradiction", &app);
    drive(&mut app, [Action::Back]);
    snap("interviews_list_with_a_contradiction", &app);
}

#[test]
fn interviewee_form() {
    let mut app = app();
    drive(
        &mut app,
        [
            Action::GoTo(Screen::Interviews),
            Action::InterviewSomeoneElse,
        ],
    );
    snap("interviewee_form", &app);
}

const STAGE1: &str = "sample-audits/stage1-health-analytics.toml";
const SIOBHAN: &str = "Siobhán Keane";
const POLICY: &str = "Information security policy v1.1, signed by the CEO";
const SCOPE: &str =
    "ISMS scope statement v1.0 (incl. interfaces with the Azure tenancy and the hospital VPNs)";

/// A document review as the form records it.
fn reviewed(document: &str, seen: bool, version: &str, approved_by: &str) -> Event {
    Event::DocumentReviewed(DocumentReviewed {
        document: document.into(),
        seen,
        identifier: String::new(),
        version: version.into(),
        approved_by: approved_by.into(),
        approved_on: String::new(),
        current: Some(true),
        accessible: seen.then_some(true),
        notes: String::new(),
    })
}

/// The Stage 1 sample's morning: the scope seen and approved, the policy seen unsigned.
fn stage1_app() -> App {
    let plan = plan::load(Path::new(STAGE1), None).unwrap();
    let mut day = Day::default();
    day.record(
        (9, 40, 0),
        SIOBHAN,
        reviewed(SCOPE, true, "1.0", "Niamh Walsh, CEO"),
    );
    day.record((9, 52, 0), SIOBHAN, reviewed(POLICY, true, "1.1", ""));
    let mut app = App::new(
        plan,
        Catalogue::iso27001_2022().clone(),
        SIOBHAN.into(),
        AuditState::fold(&day.envelopes),
        now(),
    );
    app.save = SaveState::Saved(now() - chrono::Duration::seconds(30));
    app
}

#[test]
fn document_review() {
    let mut app = stage1_app();
    drive(&mut app, [Action::GoTo(Screen::Documents), Action::Down]);
    let screen = render(&app, (120, 30)).backend().to_string();
    for told in [
        "Document review (2/15 reviewed)",
        "✓ seen",
        "no approval",
        "Stage 1: NOT READY to proceed to Stage 2 (provisional: 13 to review)",
        "✗ no approved information security policy",
    ] {
        assert!(screen.contains(told), "{told:?} is not shown:\n{screen}");
    }
    snap_at("document_review", &app, &LIST_SIZES[..2]);
}

#[test]
fn document_review_form() {
    let mut app = stage1_app();
    drive(
        &mut app,
        [Action::GoTo(Screen::Documents), Action::Down, Action::Open],
    );
    snap_at("document_review_form", &app, &LIST_SIZES[..2]);
}

#[test]
fn a_document_not_seen_and_an_area_of_concern_raised_on_it_change_the_conclusion() {
    let mut app = stage1_app();
    // The fourteenth document: the management review minutes, reviewed and not seen.
    let mut to_minutes = vec![Action::GoTo(Screen::Documents)];
    to_minutes.extend(std::iter::repeat_n(Action::Down, 13));
    drive(&mut app, to_minutes);
    let right = Action::Type(Input {
        key: Key::Right,
        ..Input::default()
    });
    drive(&mut app, [Action::Open, right]);
    drive(&mut app, [Action::Submit]);
    let (_, minutes) = app
        .audit()
        .document_review("Management review minutes of 2026-09-10, with attendance and decisions")
        .expect("the review is recorded");
    assert!(!minutes.seen);
    drive(&mut app, [Action::NewFinding, Action::Open]);
    drive(&mut app, typed("The minutes are not yet approved."));
    drive(&mut app, [Action::Submit]);
    let screen = render(&app, (120, 30)).backend().to_string();
    for told in [
        "✗ not seen",
        "✗ no management review yet",
        "AOC-01? 9.3: The minutes are not yet approved.",
    ] {
        assert!(screen.contains(told), "{told:?} is not shown:\n{screen}");
    }
    let raised = &app.findings()[0];
    assert_eq!(raised.grade(), Grade::AreaOfConcern);
    assert_eq!(raised.content.references, ["9.3"]);
}
