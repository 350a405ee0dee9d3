//! `auditday check` against the floor it cannot go below, the TOML parse of the same text
//! (figures in BENCHMARKS.md).
//!
//! Plans with 1,000, 4,000 and 40,000 problems are timed three ways in one loop, so that all
//! three see the same machine at the same moment: (p) the bare TOML parse the plan reader itself
//! calls, (a) `plan::check`, which finds every problem (and includes that parse), and (b)
//! `plan::check` followed by `Checked::render`, what the command prints. Each round times the
//! three once, in an order that rotates from round to round, and gives two ratios, a/p and b/p;
//! the figure printed is the median of each ratio over the rounds, so a burst of load from
//! another process spoils a round, not the result.
//!
//! Two kinds of plan: problems the plan reader finds by itself (a duplicate sample, a value of
//! the wrong type, a misspelt key, in turn), and references that are not in the catalogue,
//! each of which is searched for a "did you mean".
//!
//! Run with `cargo bench --bench check`; an argument keeps only the cases whose name contains
//! it (`cargo bench --bench check -- unknown`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use auditday::catalogue::Catalogue;
use auditday::plan;

/// The valid part of the plan the problems are appended to.
const HEAD: &str = r#"[audit]
id = "bench-audit"
title = "Bench audit"
kind = "mock"
standard = "iso27001-2022"
organisation = "Example Ltd"
scope = "Everything"
start = 2026-11-24T09:00:00
end = 2026-11-24T17:00:00

[[team]]
name = "Ann Lead"
role = "lead"

[[sample]]
ref = "A.8.15"
why = "Logs kept for the agreed period"
"#;

/// Rounds of each case: at least this many, more while the case has had less than
/// [`BUDGET`].
const MIN_ROUNDS: usize = 21;
/// Time spent on each case before it stops adding rounds (warm-up not counted).
const BUDGET: Duration = Duration::from_secs(4);
/// Rounds run and thrown away before timing, to warm caches and the built-in catalogue.
const WARM_UP: usize = 3;

/// What the generated samples get wrong.
#[derive(Clone, Copy)]
enum Problems {
    /// A duplicate reference, a `why` that is a number, a misspelt `why`, in turn.
    Reader,
    /// A reference that is not in the catalogue.
    UnknownReference,
}

impl Problems {
    fn name(self) -> &'static str {
        match self {
            Problems::Reader => "duplicate, wrong type, misspelt key",
            Problems::UnknownReference => "unknown reference",
        }
    }

    /// A plan with at least `n` errors.
    fn plan(self, n: usize) -> String {
        let mut text = HEAD.to_string();
        for i in 0..n {
            let sample = match (self, i % 3) {
                (Problems::Reader, 0) => format!("ref = \"A.8.15\"\nwhy = \"Sample {i}\""),
                (Problems::Reader, 1) => format!("ref = \"A.8.16\"\nwhy = {i}"),
                (Problems::Reader, _) => format!("ref = \"A.8.16\"\nwyh = \"Sample {i}\""),
                (Problems::UnknownReference, _) => {
                    format!("ref = \"A.{}.{}\"\nwhy = \"Sample {i}\"", 5 + i % 4, 40 + i)
                }
            };
            text.push_str(&format!("\n[[sample]]\n{sample}\n"));
        }
        text
    }
}

/// What one round times.
#[derive(Clone, Copy)]
enum Step {
    Parse,
    Check,
    CheckAndRender,
}

/// Times one step on `text`, dropping what it built inside the timing, as the command does.
fn time(step: Step, text: &str, catalogues: &[&Catalogue]) -> Duration {
    let start = Instant::now();
    match step {
        Step::Parse => drop(black_box(toml::de::DeTable::parse_recoverable(black_box(
            text,
        )))),
        Step::Check => drop(black_box(plan::check(
            black_box(text.as_bytes()),
            catalogues,
        ))),
        Step::CheckAndRender => {
            let checked = plan::check(black_box(text.as_bytes()), catalogues);
            drop(black_box(checked.render("plan.toml")));
        }
    }
    start.elapsed()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Runs one case and prints its line.
fn case(problems: Problems, n: usize) {
    let catalogues = [Catalogue::iso27001_2022()];
    let text = problems.plan(n);
    let checked = plan::check(text.as_bytes(), &catalogues);
    assert!(checked.errors() >= n, "{} errors", checked.errors());
    let orders = [
        [Step::Parse, Step::Check, Step::CheckAndRender],
        [Step::Check, Step::CheckAndRender, Step::Parse],
        [Step::CheckAndRender, Step::Parse, Step::Check],
    ];
    let mut rounds: Vec<[Duration; 3]> = Vec::new();
    let started = Instant::now();
    for round in 0.. {
        if round == WARM_UP {
            rounds.clear();
        }
        let timed = round >= WARM_UP;
        if timed && rounds.len() >= MIN_ROUNDS && started.elapsed() >= BUDGET {
            break;
        }
        let mut times = [Duration::ZERO; 3];
        for step in orders[round % orders.len()] {
            times[step as usize] = time(step, &text, &catalogues);
        }
        rounds.push(times);
    }
    let ms = |i: usize| median(rounds.iter().map(|r| r[i].as_secs_f64() * 1e3).collect());
    let ratio = |i: usize| {
        median(
            rounds
                .iter()
                .map(|r| r[i].as_secs_f64() / r[Step::Parse as usize].as_secs_f64())
                .collect(),
        )
    };
    println!(
        "check, {}, {n} problems ({} errors, {} KB), {} rounds: toml parse {:.2} ms; \
         (a) check {:.2} ms = {:.2}× the parse; (b) check + render {:.2} ms = {:.2}× the parse",
        problems.name(),
        checked.errors(),
        text.len() / 1024,
        rounds.len(),
        ms(Step::Parse as usize),
        ms(Step::Check as usize),
        ratio(Step::Check as usize),
        ms(Step::CheckAndRender as usize),
        ratio(Step::CheckAndRender as usize),
    );
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    for problems in [Problems::Reader, Problems::UnknownReference] {
        for n in [1_000, 4_000, 40_000] {
            let name = format!("{}, {n}", problems.name());
            if filter.as_deref().is_none_or(|f| name.contains(f)) {
                case(problems, n);
            }
        }
    }
}
