//! `auditday check` against the floor it cannot go below, the TOML parse of the same text
//! (figures in BENCHMARKS.md).
//!
//! Plans with 1,000 and 4,000 problems are checked and rendered exactly as the command does,
//! and parsed with the same TOML parser, alternating in one loop so that both see the same
//! machine; the ratio of the two totals is printed after each case.
//!
//! Two kinds of plan: problems the plan reader finds by itself (a duplicate sample, a value of
//! the wrong type, a misspelt key, in turn), and references that are not in the catalogue,
//! each of which is searched for a "did you mean".

use std::cell::Cell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use auditday::catalogue::Catalogue;
use auditday::plan;
use criterion::{Criterion, criterion_group, criterion_main};

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

/// Everything timed in one case, warm-up included, for the ratio.
#[derive(Default)]
struct Totals {
    check: Cell<Duration>,
    parse: Cell<Duration>,
    runs: Cell<u64>,
}

impl Totals {
    /// Times `check` (what the user waits for) and the parse alone, alternating `iters` times;
    /// returns the check's time.
    fn interleaved(&self, text: &str, iters: u64) -> Duration {
        let catalogues = [Catalogue::iso27001_2022()];
        let mut check = Duration::ZERO;
        let mut parse = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            black_box(toml::de::DeTable::parse_recoverable(black_box(text)));
            let parsed = Instant::now();
            let checked = plan::check(black_box(text.as_bytes()), &catalogues);
            black_box(checked.render("plan.toml"));
            check += parsed.elapsed();
            parse += parsed - start;
        }
        self.check.set(self.check.get() + check);
        self.parse.set(self.parse.get() + parse);
        self.runs.set(self.runs.get() + iters);
        check
    }
}

fn check(c: &mut Criterion) {
    for problems in [Problems::Reader, Problems::UnknownReference] {
        let mut group = c.benchmark_group(format!("check, {}", problems.name()));
        group.sample_size(20);
        for n in [1_000, 4_000] {
            let text = problems.plan(n);
            let checked = plan::check(text.as_bytes(), &[Catalogue::iso27001_2022()]);
            assert!(checked.errors() >= n, "{} errors", checked.errors());
            let totals = Totals::default();
            group.bench_function(format!("{n} problems"), |b| {
                b.iter_custom(|iters| totals.interleaved(&text, iters))
            });
            let per_run = |d: Duration| d.as_secs_f64() * 1e3 / totals.runs.get() as f64;
            println!(
                "check, {}, {n} problems ({} errors, {} KB): check + render {:.2} ms, \
                 toml parse {:.2} ms, interleaved over {} runs: {:.2}× the parse",
                problems.name(),
                checked.errors(),
                text.len() / 1024,
                per_run(totals.check.get()),
                per_run(totals.parse.get()),
                totals.runs.get(),
                totals.check.get().as_secs_f64() / totals.parse.get().as_secs_f64(),
            );
        }
        group.finish();
    }
}

criterion_group!(benches, check);
criterion_main!(benches);
