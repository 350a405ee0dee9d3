//! Interface benchmarks (targets from the interface issue; figures in BENCHMARKS.md), all with
//! the largest sample plan (`stage2-software-sme.toml`: 31 samples, 21 timetable slots) and a
//! record of 10 000 events by two auditors:
//! - a full frame of each screen drawn into a `TestBackend`, at 200×60 and 80×24
//!   (target ≤ 0.5 ms median), and a few of them with nothing recorded, to tell the cost of
//!   drawing from the cost of what each frame derives from the record;
//! - a key → `keymap` → `update` → frame, for `j` on the sample list and for a character typed
//!   into the finding form (target ≤ 1 ms);
//! - start-up to the first frame: plan parsed from its file, record opened and its 10k events
//!   loaded and folded (`runner::open`), first frame drawn (target ≤ 50 ms).
//!
//! - recording one item (a note, a draft autosave, a finding) at 20 and at 2,000 findings,
//!   interleaved, as a ratio (target: the same cost).
//!
//! Run with `cargo bench --bench tui`.

use std::fs::File;
use std::hint::black_box;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use auditday::audit::*;
use auditday::plan::{self, Plan};
use auditday::record::{Disk, Envelope, Store};
use auditday::tui::action::{Action, Screen};
use auditday::tui::app::App;
use auditday::tui::{runner, view};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ulid::Ulid;

/// The largest sample plan.
const PLAN: &str = "sample-audits/stage2-software-sme.toml";
const EVENTS: u64 = 10_000;
const AUDITORS: [&str; 2] = ["Priya Shah", "Tom Whitfield"];
const SIZES: [(u16, u16); 2] = [(200, 60), (80, 24)];

const PROSE: &str = "Reviewed the joiners-movers-leavers tickets for the period; access was \
    removed within the policy's two working days for all but one leaver, whose VPN account \
    stayed active for nine days (ticket HR-2291). Spoke to the IT manager — 審査 ✅ — about it.";

fn text(len: usize, offset: usize) -> String {
    PROSE.chars().cycle().skip(offset % 97).take(len).collect()
}

fn plan() -> Plan {
    plan::load(Path::new(PLAN), None).unwrap()
}

/// 14:00 on day 1, local time (UTC here).
fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 14, 0, 0)
        .unwrap()
}

/// Event `i` of a long, busy day spread over the plan's samples: half of all events are
/// autosaved drafts, the rest evidence items (some corrected), notes, statuses, findings of
/// every grade (some withdrawn), interview notes and ticks.
fn event(i: u64, plan: &Plan, made: &Made) -> Event {
    let samples = &plan.samples;
    let sample = samples[(i / 20) as usize % samples.len()]
        .reference
        .value
        .clone();
    let pick = |ids: &[Ulid], k: u64| ids[(i * 7 + k) as usize % ids.len()];
    let n = i as usize;
    match i % 20 {
        0..=5 => Event::DraftSaved(DraftSaved {
            of: DraftTarget::NewNote {
                sample: Some(sample),
                meeting: None,
            },
            field: "text".into(),
            text: text(20 + 20 * (i % 10) as usize, n),
        }),
        6 | 7 => Event::DraftSaved(DraftSaved {
            of: DraftTarget::NewFinding {
                sample: Some(sample),
            },
            field: "statement".into(),
            text: text(60 + (i % 7) as usize * 15, n),
        }),
        8 | 9 => Event::DraftSaved(DraftSaved {
            of: DraftTarget::NewEvidence {
                sample: Some(sample),
            },
            field: "seen".into(),
            text: text(40, n),
        }),
        10..=12 => Event::EvidenceAdded(EvidenceItem {
            sample: Some(sample),
            seen: text(90, n),
            identifier: format!("JML-{}", 2000 + i),
            version: "v3".into(),
            date: "2026-09-30".into(),
            sample_size: "5 of 23".into(),
            file: None,
        }),
        13 | 14 => Event::NoteWritten(Note {
            sample: Some(sample),
            meeting: None,
            text: format!("{}\n{}", text(120, n), text(100, n + 13)),
        }),
        15 => Event::SampleStatusSet(SampleStatusSet {
            sample,
            status: [SetStatus::InProgress, SetStatus::Conforming][(i / 20 % 2) as usize],
            reason: String::new(),
        }),
        16 if !made.evidence.is_empty() => Event::EvidenceEdited(EvidenceEdited {
            evidence: pick(&made.evidence, 1),
            content: EvidenceItem {
                sample: Some(sample),
                seen: text(110, n),
                ..EvidenceItem::default()
            },
        }),
        17 => Event::FindingRaised(Finding {
            grade: Grade::ALL[(i / 20) as usize % 5],
            sample: Some(sample.clone()),
            references: vec![sample],
            requirement: text(80, n),
            statement: text(120, n),
            objective_evidence: text(160, n),
            evidence: made.evidence.iter().rev().take(2).copied().collect(),
            interviews: vec![],
        }),
        18 if !made.interviews.is_empty() => Event::InterviewNoteWritten(InterviewNoteWritten {
            interview: pick(&made.interviews, 2),
            question: text(60, n),
            text: text(150, n),
            topics: vec!["A.5.15".into()],
        }),
        19 if i % 200 == 19 && !made.findings.is_empty() => {
            Event::FindingWithdrawn(FindingWithdrawn {
                finding: pick(&made.findings, 3),
                reason: "Shown to conform after all".into(),
            })
        }
        _ => Event::AgendaItemChecked(AgendaItemChecked {
            meeting: [Meeting::Opening, Meeting::Closing][(i % 2) as usize],
            item: plan.opening[(i / 20) as usize % plan.opening.len()].clone(),
            checked: !i.is_multiple_of(3),
        }),
    }
}

/// Ids of items created so far, for events that refer to earlier ones.
#[derive(Default)]
struct Made {
    evidence: Vec<Ulid>,
    findings: Vec<Ulid>,
    interviews: Vec<Ulid>,
}

/// The day's 10k envelopes, three seconds apart from 08:00, by two auditors taking turns
/// every 50 events; the opening meeting and the four interviews come first.
fn day(plan: &Plan) -> Vec<Envelope> {
    day_of(plan, EVENTS)
}

/// The first `events` events of such a day: one in twenty is a finding.
fn day_of(plan: &Plan, events: u64) -> Vec<Envelope> {
    let start = Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap();
    let mut made = Made::default();
    let mut out = Vec::with_capacity(events as usize);
    let opening = [
        Event::MeetingStarted(MeetingMark {
            meeting: Meeting::Opening,
        }),
        Event::MeetingEnded(MeetingMark {
            meeting: Meeting::Opening,
        }),
    ];
    let interviews = plan.interviewees.iter().map(|p| {
        Event::InterviewStarted(InterviewStarted {
            interviewee: p.name.value.clone(),
            role: p.role.clone(),
            department: String::new(),
            topics: p.topics.iter().map(|t| t.value.clone()).collect(),
        })
    });
    let first: Vec<Event> = opening.into_iter().chain(interviews).collect();
    for i in 0..events {
        let event = match first.get(i as usize) {
            Some(e) => e.clone(),
            None => event(i, plan, &made),
        };
        let at = start + chrono::Duration::seconds(3 * i as i64);
        let envelope = Envelope {
            version: 1,
            id: Ulid::from_parts(at.timestamp_millis() as u64, u128::from(i) << 16 | 0xbeef),
            at,
            auditor: AUDITORS[(i / 50 % 2) as usize].into(),
            kind: event.kind().into(),
            data: event.data(),
            extra: vec![],
        };
        match event {
            Event::EvidenceAdded(_) => made.evidence.push(envelope.id),
            Event::FindingRaised(_) => made.findings.push(envelope.id),
            Event::InterviewStarted(_) => made.interviews.push(envelope.id),
            _ => {}
        }
        out.push(envelope);
    }
    out
}

fn new_app(plan: &Plan, events: &[Envelope]) -> App {
    let catalogue = plan::catalogue_of(plan, None).clone();
    App::new(
        plan.clone(),
        catalogue,
        AUDITORS[0].into(),
        AuditState::fold(events),
        now(),
    )
}

fn drive(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        let effects = app.update(action.clone());
        assert!(effects.is_empty(), "{action:?} asked to record");
    }
}

fn typed(c: char) -> Action {
    Action::Type(ratatui_textarea::Input {
        key: ratatui_textarea::Key::Char(c),
        ..Default::default()
    })
}

/// The screens and overlays drawn, each with the actions that reach it from the start.
fn screens() -> Vec<(&'static str, Vec<Action>)> {
    let detail = vec![
        Action::GoTo(Screen::Samples),
        Action::Down,
        Action::Down,
        Action::Open,
    ];
    let mut finding_form = detail.clone();
    finding_form.extend([Action::NewFinding, Action::Grade(Grade::Minor)]);
    vec![
        ("opening", vec![Action::Down, Action::Down]),
        ("samples", vec![Action::GoTo(Screen::Samples), Action::Down]),
        ("sample detail", detail),
        ("interviews", vec![Action::GoTo(Screen::Interviews)]),
        (
            "interview",
            vec![Action::GoTo(Screen::Interviews), Action::Open],
        ),
        (
            "findings",
            vec![Action::GoTo(Screen::Findings), Action::Down],
        ),
        ("closing", vec![Action::GoTo(Screen::Closing)]),
        ("help", vec![Action::GoTo(Screen::Samples), Action::Help]),
        ("finding form", finding_form),
        (
            "unplanned picker",
            vec![
                Action::GoTo(Screen::Samples),
                Action::UnplannedSample,
                typed('a'),
                typed('c'),
                typed('c'),
            ],
        ),
    ]
}

fn terminal((width, height): (u16, u16)) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).unwrap()
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| {
            black_box(view::draw(f, app));
        })
        .unwrap();
}

fn render(c: &mut Criterion) {
    let plan = plan();
    let events = day(&plan);
    for size in SIZES {
        let mut group = c.benchmark_group(format!("render {}x{}", size.0, size.1));
        for (name, actions) in screens() {
            let mut app = new_app(&plan, &events);
            drive(&mut app, actions);
            let mut terminal = terminal(size);
            group.bench_function(name, |b| b.iter(|| frame(&mut terminal, &app)));
        }
        group.finish();
    }
    // The same frames with nothing recorded: the cost of drawing alone, for comparison.
    let mut group = c.benchmark_group("render 200x60, empty record");
    for (name, actions) in screens() {
        if !matches!(
            name,
            "interviews" | "samples" | "sample detail" | "findings"
        ) {
            continue;
        }
        let mut app = new_app(&plan, &[]);
        drive(&mut app, actions);
        let mut terminal = terminal(SIZES[0]);
        group.bench_function(name, |b| b.iter(|| frame(&mut terminal, &app)));
    }
    group.finish();
}

/// One key press as the runner handles it, timed from the key to the drawn frame; `reset`
/// runs untimed every `every` presses so the state stays typical.
fn key_loop(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    key: KeyEvent,
    every: u64,
    reset: impl Fn(&mut App),
    iters: u64,
) -> Duration {
    let mut total = Duration::ZERO;
    for i in 0..iters {
        if i.is_multiple_of(every) {
            reset(app);
        }
        let start = Instant::now();
        let action = app.keymap.action(app.key_context(), key).unwrap();
        let effects = app.update(action);
        frame(terminal, app);
        total += start.elapsed();
        assert!(effects.is_empty());
    }
    total
}

fn keys(c: &mut Criterion) {
    let plan = plan();
    let events = day(&plan);
    let mut group = c.benchmark_group("key → update → render");
    for size in SIZES {
        let mut app = new_app(&plan, &events);
        drive(&mut app, [Action::GoTo(Screen::Samples)]);
        let mut term = terminal(size);
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        let top = |app: &mut App| app.cursors.samples = 0;
        group.bench_function(format!("j on the sample list {}x{}", size.0, size.1), |b| {
            b.iter_custom(|iters| key_loop(&mut app, &mut term, j, 25, top, iters))
        });

        let mut app = new_app(&plan, &events);
        let mut term = terminal(size);
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        // A fresh finding form every 80 characters: a typical one-paragraph statement.
        let fresh_form = |app: &mut App| {
            app.overlay = None;
            app.open_sample = None;
            drive(
                app,
                [
                    Action::GoTo(Screen::Samples),
                    Action::Open,
                    Action::NewFinding,
                    Action::Grade(Grade::Minor),
                ],
            );
        };
        group.bench_function(
            format!(
                "a character typed into the finding form {}x{}",
                size.0, size.1
            ),
            |b| b.iter_custom(|iters| key_loop(&mut app, &mut term, x, 80, fresh_form, iters)),
        );
    }
    group.finish();
}

/// The store's file calls without the sync: only for writing the fixture fast, in the store's
/// own format; the benchmark reads it back with the real store.
struct NoSync;

impl Disk for NoSync {
    fn sync_data(&mut self, _: &File) -> io::Result<()> {
        Ok(())
    }
}

fn startup(c: &mut Criterion) {
    let plan = plan();
    let events = day(&plan);
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    for auditor in AUDITORS {
        let (mut store, _) =
            Store::open_with(NoSync, dir.path(), &plan.audit.id.value, auditor, |_| {}).unwrap();
        for envelope in events.iter().filter(|e| e.auditor == auditor) {
            store.append(envelope).unwrap();
        }
    }
    let mut group = c.benchmark_group("start-up");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("plan + open 10k events + fold + first frame 200x60", |b| {
        b.iter(|| {
            let plan = plan::load(Path::new(PLAN), None).unwrap();
            let catalogue = plan::catalogue_of(&plan, None).clone();
            let (app, session, _) = runner::open(
                plan,
                catalogue,
                AUDITORS[0],
                dir.path(),
                std::sync::Arc::new(|_| {}),
            )
            .unwrap();
            assert!(app.overlay.is_none(), "the fixture loads without a notice");
            let mut terminal = terminal((200, 60));
            frame(&mut terminal, &app);
            black_box((app, session, terminal))
        })
    });
    group.finish();
}

/// The item recorded by the `n`th step of the recording benchmark.
fn one_item(kind: &str, n: u64) -> Envelope {
    let sample = Some("A.8.15".to_string());
    let event = match kind {
        "note" => Event::NoteWritten(Note {
            sample,
            meeting: None,
            text: text(120, n as usize),
        }),
        "draft autosave" => Event::DraftSaved(DraftSaved {
            of: DraftTarget::NewNote {
                sample,
                meeting: None,
            },
            field: "text".into(),
            text: text(40 + (n % 80) as usize, n as usize),
        }),
        _ => Event::FindingRaised(Finding {
            grade: Grade::Minor,
            sample: sample.clone(),
            references: sample.into_iter().collect(),
            requirement: text(80, n as usize),
            statement: text(120, n as usize),
            objective_evidence: text(160, n as usize),
            evidence: vec![],
            interviews: vec![],
        }),
    };
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
    Envelope {
        version: 1,
        id: Ulid::from_parts(at.timestamp_millis() as u64 + n, 0xfeed),
        at,
        auditor: AUDITORS[0].into(),
        kind: event.kind().into(),
        data: event.data(),
        extra: vec![],
    }
}

/// Recording one item (a note, a draft autosave, a finding) into the interface's state on a
/// typical day (20 findings) and on a day of 2,000 findings. The two take turns item by item,
/// so that both see the same machine; criterion reports the 2,000 case, and the median time
/// of each and their ratio over the samples are printed. Raised findings are taken away again
/// (a fresh state) every 20 items at 20 and every 2,000 at 2,000, so the sizes hold.
fn record_one_item(c: &mut Criterion) {
    let plan = plan();
    let states = [20u64, 2_000].map(|findings| AuditState::fold(&day_of(&plan, findings * 20)));
    let fresh = |k: usize| {
        let catalogue = plan::catalogue_of(&plan, None).clone();
        App::new(
            plan.clone(),
            catalogue,
            AUDITORS[0].into(),
            states[k].clone(),
            now(),
        )
    };
    let mut group = c.benchmark_group("record one item");
    let mut n = 0u64;
    for kind in ["note", "draft autosave", "finding"] {
        let mut apps = [fresh(0), fresh(1)];
        let mut samples: Vec<[f64; 2]> = Vec::new();
        group.bench_function(format!("{kind}, 2000 findings (paired with 20)"), |b| {
            b.iter_custom(|iters| {
                let mut took = [Duration::ZERO; 2];
                for i in 0..iters {
                    for k in [(i % 2) as usize, 1 - (i % 2) as usize] {
                        if kind == "finding" && n > 0 && n.is_multiple_of([20, 2_000][k]) {
                            apps[k] = fresh(k);
                        }
                        let item = one_item(kind, n);
                        let start = Instant::now();
                        apps[k].apply(black_box(&item));
                        took[k] += start.elapsed();
                    }
                    n += 1;
                }
                let per = |d: Duration| d.as_secs_f64() / iters as f64;
                samples.push([per(took[0]), per(took[1])]);
                took[1]
            })
        });
        let median = |k: usize| {
            let mut v: Vec<f64> = samples.iter().map(|s| s[k]).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let mut ratios: Vec<f64> = samples.iter().map(|s| s[1] / s[0]).collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "record one item/{kind}: 20 findings {:.2} µs, 2000 findings {:.2} µs, median ratio {:.2}",
            median(0) * 1e6,
            median(1) * 1e6,
            ratios[ratios.len() / 2]
        );
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = render, keys, startup, record_one_item
}
criterion_main!(benches);
