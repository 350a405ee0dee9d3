#!/usr/bin/env python3
"""Check an auditday record file without auditday.

Usage: python3 verify-record.py RECORD.jsonl [RECORD.jsonl ...]

For each file, every line is checked as docs/record-format.md describes:
  - its CRC-32 (damage),
  - its link to the line before it (`prev`: the SHA-256 of that line), so that a line
    deleted, moved or edited is found,
  - its author (`by`), which must be the auditor the file is named after.
It then prints the file's seal: the SHA-256 of its last event line, which auditday shows
on the closing screen and in `auditday record`. A seal noted in a report still matching
the line it names proves that no line up to it changed since.

Exit status: 0 when every file is intact, 1 when a problem was found.
Needs only Python 3's standard library.
"""

import hashlib
import json
import os
import sys
import zlib


def stem(auditor):
    """The file name an auditor's record has, without `.jsonl` (docs/record-format.md)."""
    slug = ""
    for c in auditor.lower():
        if c.isalnum():
            slug += c
        elif slug and not slug.endswith("-"):
            slug += "-"
        if len(slug) >= 40:
            break
    slug = slug.rstrip("-") or "auditor"
    return f"{slug}-{zlib.crc32(auditor.encode()):08x}"


def checksum_ok(line):
    if len(line) < 20 or line[-20:-10] != b',"crc32":"' or line[-2:] != b'"}':
        return False
    return f"{zlib.crc32(line[:-20] + b'}'):08x}".encode() == line[-10:-2]


def verify(path):
    name = os.path.basename(path)
    file_stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    problems = 0
    before = None  # (sha256 hex, good, linked) of the previous non-blank line
    earlier = set()  # the sha256 of every non-blank line before this one
    seal = None
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip(b"\r\n \t")
            if not line:
                continue
            digest = hashlib.sha256(line).hexdigest()
            event = None
            if checksum_ok(line):
                try:
                    event = json.loads(line)
                except ValueError:
                    event = None
            if not isinstance(event, dict) or "id" not in event or "type" not in event:
                print(f"{name} line {number}: damaged")
                problems += 1
                before = (digest, False, False)
                earlier.add(digest)
                continue
            link = event.get("prev")
            if before is None:
                follows = link is None
            elif not before[1]:
                follows = True
            elif link is None:
                follows = not before[2]
            else:
                follows = link == before[0]
            # A line naming an earlier line, or none, mid-file: the same auditor's lines from
            # two laptops put together by git's union merge; nothing was deleted there.
            if not follows and before is not None and (link is None or link in earlier):
                follows = True
            if not follows:
                print(f"{name} line {number}: does not follow the line before it "
                      "(a line was deleted, moved or changed there)")
                problems += 1
            by = event.get("by", "")
            if not (file_stem == stem(by) or file_stem.startswith(stem(by) + ".")):
                print(f"{name} line {number}: recorded by {by!r}, not this file's auditor")
                problems += 1
            before = (digest, True, link is not None)
            earlier.add(digest)
            seal = (number, digest)
    if seal:
        print(f"{name}: seal {seal[1]} (line {seal[0]})")
    print(f"{name}: {'intact' if problems == 0 else f'{problems} problem(s)'}")
    return problems


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    return 1 if sum(verify(p) for p in paths) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
