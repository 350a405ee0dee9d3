#!/usr/bin/env python3
"""Figures of a team audit for BENCHMARKS.md, against the release binary.

Usage: python3 benches/team_figures.py [BINARY]   (default: target/release/auditday)

1. Writes a team audit folder (auditday team init) whose records are six auditors' two days:
   6 files of 10,000 events each (a day of 5,000 events per auditor: 7 in 10 autosaved
   drafts, 2 in 10 notes, 1 in 10 evidence items), every line checksummed and linked as
   docs/record-format.md says, and times `auditday record FOLDER --json` (open, read every
   file, fold), ten runs.
2. Opens the folder in the interface in tmux, then appends one finding line to another
   auditor's file, as a sync engine lands it, and times how long until the finding is on the
   screen (capture-pane polled every 5 ms), ten times.
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
    runs = []
    for _ in range(10):
        start = time.perf_counter()
        out = subprocess.run([BIN, "record", folder, "--json"], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
        assert b'"notices":[]' in out.stdout.replace(b" ", b""), out.stdout[:400]
    runs.sort()
    print(f"open + fold, 6 auditors x 2 days, 60,000 events ({size / 1e6:.1f} MB): "
          f"median {runs[5] * 1000:.1f} ms, best {runs[0] * 1000:.1f} ms, worst {runs[-1] * 1000:.1f} ms")

    socket = f"auditday-figures-{os.getpid()}"
    tmux(socket, "-f", "/dev/null", "new-session", "-d", "-s", "day", "-x", "160", "-y", "48",
         "--", BIN, folder, "--auditor", "Priya Shah", "--data-dir", os.path.join(work, "data"))
    try:
        deadline = time.time() + 30
        while "Findings" not in tmux(socket, "capture-pane", "-p", "-t", "day"):
            assert time.time() < deadline, "the interface did not start"
            time.sleep(0.05)
        tmux(socket, "send-keys", "-t", "day", "5")
        tom = os.path.join(records, stem("Tom Whitfield") + ".jsonl")
        rng = random.Random(11)
        latencies = []
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
            start = time.perf_counter()
            with open(tom, "ab") as f:
                f.write(raw)
            while statement not in tmux(socket, "capture-pane", "-p", "-t", "day"):
                assert time.perf_counter() - start < 10, "the finding never showed"
                time.sleep(0.005)
            latencies.append(time.perf_counter() - start)
            time.sleep(0.3)
        latencies.sort()
        print(f"synced line landing -> on screen: median {latencies[5] * 1000:.0f} ms, "
              f"best {latencies[0] * 1000:.0f} ms, worst {latencies[-1] * 1000:.0f} ms")
    finally:
        tmux(socket, "kill-server")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
