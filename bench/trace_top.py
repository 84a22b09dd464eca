#!/usr/bin/env python3
"""Where a build's time goes, from `ecomdw --log-level trace ... build` output.

usage: trace_top.py TRACE_FILE [N]

The trace has one line per DuckDB statement: "[time] [trace] duckdb  <ms> ms  <first 160 chars>".
Statements are grouped by their text with literals and numbers blanked (so the same statement run
per object or per source is one group); prints the N groups (default 15) with the most total time,
with their count, and the total of all statements.
"""
import re
import sys

LINE = re.compile(r"\[trace\] duckdb\s+([0-9.]+) ms\s+(.*)")


def shape(sql):
    sql = re.sub(r"'(?:[^']|'')*'", "'?'", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "N", sql)
    return re.sub(r"\s+", " ", sql).strip()[:110]


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    n = int(argv[2]) if len(argv) > 2 else 15
    groups = {}
    total = 0.0
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = LINE.search(line)
        if not m:
            continue
        ms = float(m.group(1))
        text = m.group(2)
        # The statement text may start on the next line(s).
        j = i + 1
        while len(text) < 110 and j < len(lines) and not lines[j].startswith("[") and j < i + 6:
            text += " " + lines[j]
            j += 1
        key = shape(text)
        c, t = groups.get(key, (0, 0.0))
        groups[key] = (c + 1, t + ms)
        total += ms
    print(f"{'seconds':>9} {'share':>6} {'count':>6}  statement")
    for key, (c, t) in sorted(groups.items(), key=lambda kv: -kv[1][1])[:n]:
        print(f"{t / 1000:9.2f} {100 * t / total if total else 0:5.1f}% {c:6d}  {key}")
    print(f"{total / 1000:9.2f} 100.0% {sum(c for c, _ in groups.values()):6d}  (all statements)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
