#!/usr/bin/env python3
"""Figures of a team audit for BENCHMARKS.md, against the release binary.

Usage: python3 benches/team_figures.py [BINARY]   (default: target/release/auditday)

1. Writes a team audit folder (auditday team init) whose records are six auditors' two days:
   6 files of 10,000 events each (a day of 5,000 events per auditor: 7 in 10 autosaved
   drafts, 2 in 10 notes, 1 in 10 evidence items), every line checksummed and linked as
   docs/record-format.md says, and times `auditday record FOLDER --json` (open, read every
   file, fold) against `jq -c . FILES` (read and parse the same lines, nothing more), the two
   alternating, ten runs each.
2. Opens the folder in the interface in tmux, and `tail -f` on another auditor's file in a
   second window of the same tmux; then appends one finding line to that file, as a sync
   engine lands it, and times how long until each window shows it (both panes polled in the
   same loop, every few milliseconds), ten lines.
"""

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/auditday")
SAMPLE = os.path.join(ROOT, "sample-audits/stage2-software-sme.toml")
TEAM = ["Priya Shah", "Tom Whitfield", "Sam Okafor", "Lee Grant", "Ana Ruiz", "Ken Mori"]
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
WORDS = ("access review leaver ticket policy backup restore supplier risk owner evidence "
         "sample quarterly approved missing retained logged incident change").split()


def ulid(ms, rng):
    value = (ms << 80) | rng.getrandbits(80)
    return "".join(CROCKFORD[(value >> (5 * i)) & 31] for i in range(25, -1, -1))


def stem(name):
    slug = ""
    for c in name.lower():
        if c.isalnum():
            slug += c
        elif slug and not slug.endswith("-"):
            slug += "-"
        if len(slug) >= 40:
            break
    slug = slug.rstrip("-") or "auditor"
    return f"{slug}-{zlib.crc32(name.encode()):08x}"


def line(event, prev):
    head = {k: event[k] for k in ("v", "id", "at", "by", "type")}
    if prev:
        head["prev"] = prev
    head["data"] = event["data"]
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode()
    crc = f"{zlib.crc32(body):08x}"
    return body[:-1] + b',"crc32":"' + crc.encode() + b'"}'


def text(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))


def payload(i, rng):
    roll = i % 10
    if roll < 7:
        return "draft_saved", {"of": {"kind": "new_finding", "sample": "A.5.15"},
                               "field": "statement", "text": text(rng)}
    if roll < 9:
        return "note_written", {"sample": "A.8.15", "text": text(rng)}
    return "evidence_added", {"sample": "A.5.15", "seen": text(rng), "identifier": "T-1",
                              "version": "", "date": "2026-11", "sample_size": "5 of 20"}


def write_records(records, per_day):
    rng = random.Random(7)
    for auditor in TEAM:
        prev, out = None, []
        for day in range(2):
            start = 1795510800000 + day * 86_400_000  # 2026-11-24 09:00 UTC, then the 25th
            for i in range(per_day):
                ms = start + i * 5_000
                kind, data = payload(i, rng)
                at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"
                event = {"v": 1, "id": ulid(ms, rng), "at": at, "by": auditor, "type": kind,
                         "data": data}
                raw = line(event, prev)
                prev = hashlib.sha256(raw).hexdigest()
                out.append(raw)
        with open(os.path.join(records, stem(auditor) + ".jsonl"), "wb") as f:
            f.write(b"\n".join(out) + b"\n")


def tmux(socket, *args):
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout


def report(what, reference, runs, refs):
    """Prints a figure and its reference, each as median, best and worst, and their ratio."""
    runs, refs = sorted(runs), sorted(refs)
    mid = len(runs) // 2
    print(f"{what}: median {runs[mid] * 1000:.1f} ms (best {runs[0] * 1000:.1f}, "
          f"worst {runs[-1] * 1000:.1f}); {reference}: median {refs[mid] * 1000:.1f} ms "
          f"(best {refs[0] * 1000:.1f}, worst {refs[-1] * 1000:.1f}); "
          f"ratio {runs[mid] / refs[mid]:.2f}")


def main():
    work = tempfile.mkdtemp(prefix="auditday-team-figures-")
    plan = os.path.join(work, "plan.toml")
    extra = "".join(f'[[team]]\nname = "{n}"\nrole = "auditor"\n\n' for n in TEAM[2:])
    with open(SAMPLE) as f:
        source = f.read()
    with open(plan, "w") as f:
        f.write(source.replace("# Day 1", extra + "# Day 1", 1))
    folder = os.path.join(work, "audit")
    subprocess.run([BIN, "team", "init", plan, folder], check=True, capture_output=True)
    records = os.path.join(folder, "records")
    write_records(records, 5_000)
    size = sum(os.path.getsize(os.path.join(records, n)) for n in os.listdir(records))
    files = sorted(os.path.join(records, n) for n in os.listdir(records) if n.endswith(".jsonl"))
    runs, refs = [], []
    for _ in range(10):
        start = time.perf_counter()
        out = subprocess.run([BIN, "record", folder, "--json"], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
        assert b'"notices":[]' in out.stdout.replace(b" ", b""), out.stdout[:400]
        start = time.perf_counter()
        subprocess.run(["jq", "-c", ".", *files], check=True, stdout=subprocess.DEVNULL)
        refs.append(time.perf_counter() - start)
    report(f"open + fold, 6 auditors x 2 days, 60,000 events ({size / 1e6:.1f} MB)",
           "jq -c . on the same files", runs, refs)

    socket = f"auditday-figures-{os.getpid()}"
    tom = os.path.join(records, stem("Tom Whitfield") + ".jsonl")
    tmux(socket, "-f", "/dev/null", "new-session", "-d", "-s", "day", "-x", "160", "-y", "48",
         "--", BIN, folder, "--auditor", "Priya Shah", "--data-dir", os.path.join(work, "data"))
    tmux(socket, "new-window", "-d", "-t", "day:9", "--", "tail", "-n", "0", "-f", tom)
    try:
        deadline = time.time() + 30
        while "Findings" not in tmux(socket, "capture-pane", "-p", "-t", "day:0"):
            assert time.time() < deadline, "the interface did not start"
            time.sleep(0.05)
        tmux(socket, "send-keys", "-t", "day:0", "5")
        rng = random.Random(11)
        runs, refs = [], []
        for n in range(10):
            with open(tom, "rb") as f:
                prev = hashlib.sha256(f.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]).hexdigest()
            statement = f"Synced finding number {n} lands"
            ms = int(time.time() * 1000) - 1000
            at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"
            event = {"v": 1, "id": ulid(ms, rng), "at": at, "by": "Tom Whitfield",
                     "type": "finding_raised",
                     "data": {"grade": "observation", "sample": "A.5.15", "references": ["A.5.15"],
                              "requirement": "", "statement": statement,
                              "objective_evidence": "", "evidence": [], "interviews": []}}
            raw = line(event, prev) + b"\n"
            seen = {}
            start = time.perf_counter()
            with open(tom, "ab") as f:
                f.write(raw)
            while len(seen) < 2:
                assert time.perf_counter() - start < 10, f"the finding never showed: {seen}"
                for pane in ("day:0", "day:9"):
                    if pane not in seen and statement in tmux(
                            socket, "capture-pane", "-p", "-J", "-t", pane):
                        seen[pane] = time.perf_counter() - start
                time.sleep(0.002)
            runs.append(seen["day:0"])
            refs.append(seen["day:9"])
            time.sleep(0.3)
        report("synced line landing -> on screen", "tail -f of the file in the same tmux",
               runs, refs)
    finally:
        tmux(socket, "kill-server")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
