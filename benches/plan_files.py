#!/usr/bin/env python3
"""Figures for BENCHMARKS.md: what reading the files a plan names costs `auditday check` (the
same reading happens when the plan is opened, before the first key press).

Usage: python3 benches/plan_files.py [BINARY]   (default: target/release/auditday)

Each figure is a pair of whole `auditday check` runs, alternating A B A B, twenty each:
1. the Stage 1 sample naming its SoA (CSV, 93 rows) against the same plan without [soa];
2. the same plan naming the real-world-shaped workbook of tests/fixtures/soa against it
   without [soa];
3. the surveillance sample naming its previous audit by its record (a team's audit folder of
   six auditors' two days, 12,000 events, written as benches/team_figures.py writes them)
   against the same plan naming that audit's JSON report (written from the same record).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benches"))
import team_figures  # noqa: E402  (its record writer)

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/auditday")
RUNS = 20


def timed(args):
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def pair(what, a, b, reference):
    timed(a), timed(b)
    runs, refs = [], []
    for _ in range(RUNS):
        runs.append(timed(a))
        refs.append(timed(b))
    runs, refs = sorted(runs), sorted(refs)
    mid = len(runs) // 2
    print(f"{what}: median {runs[mid] * 1000:.1f} ms (best {runs[0] * 1000:.1f}, worst "
          f"{runs[-1] * 1000:.1f}); {reference}: median {refs[mid] * 1000:.1f} ms (best "
          f"{refs[0] * 1000:.1f}, worst {refs[-1] * 1000:.1f}); ratio {runs[mid] / refs[mid]:.2f}")


def main():
    work = tempfile.mkdtemp(prefix="auditday-plan-files-")
    try:
        samples = os.path.join(ROOT, "sample-audits")
        with open(os.path.join(samples, "stage1-health-analytics.toml")) as f:
            stage1 = f.read()
        table = '[soa]\nfile = "stage1-health-analytics.soa.csv"\n'
        assert table in stage1
        shutil.copy(os.path.join(samples, "stage1-health-analytics.soa.csv"), work)
        shutil.copy(os.path.join(ROOT, "tests/fixtures/soa/real-world.xlsx"), work)
        plans = {
            "csv": stage1,
            "xlsx": stage1.replace(table, '[soa]\nfile = "real-world.xlsx"\n'),
            "none": stage1.replace(table, ""),
        }
        for name, text in plans.items():
            with open(os.path.join(work, f"stage1-{name}.toml"), "w") as f:
                f.write(text)
        check = lambda name: [BIN, "check", os.path.join(work, name)]  # noqa: E731
        pair("check, SoA CSV named", check("stage1-csv.toml"), check("stage1-none.toml"),
             "without [soa]")
        pair("check, SoA workbook named", check("stage1-xlsx.toml"), check("stage1-none.toml"),
             "without [soa]")

        previous = os.path.join(work, "previous")
        subprocess.run([BIN, "team", "init",
                        os.path.join(ROOT, "tests/fixtures/previous/ashcombe-reid-stage2-2025.toml"),
                        previous], check=True, capture_output=True)
        team_figures.write_records(os.path.join(previous, "records"), 1_000)
        report = os.path.join(work, "previous.json")
        subprocess.run([BIN, "report", previous, "--format", "json", "-o", report], check=True,
                       capture_output=True)
        with open(os.path.join(samples, "surveillance-law-firm.toml")) as f:
            surveillance = f.read()
        named = 'report = "surveillance-law-firm.previous.json"'
        assert named in surveillance
        for name, value in [("record", 'record = "previous"'), ("report", 'report = "previous.json"')]:
            with open(os.path.join(work, f"surveillance-{name}.toml"), "w") as f:
                f.write(surveillance.replace(named, value))
        pair("check, previous audit by its record (12,000 events)",
             check("surveillance-record.toml"), check("surveillance-report.toml"),
             "by its JSON report")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
