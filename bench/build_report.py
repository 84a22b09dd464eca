#!/usr/bin/env python3
"""Print one build's figures from `ecomdw --format json ... build` output and `/usr/bin/time -v`.

usage: build_report.py LABEL BUILD.json TIME.txt [LABEL BUILD.json TIME.txt ...]

Per build: wall time and peak RSS (from time -v), seconds per stage and rows/s per phase (ingest:
objects and MB/s; staging: raw records/s; models: rows written/s), the slowest models, and the
orders/s of the whole build. With two builds or more, the ratio of each to the first.
"""
import json
import re
import sys


def parse_time(path):
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                v = line.rsplit(" ", 1)[1]
                secs = 0.0
                for part in v.split(":"):
                    secs = secs * 60 + float(part)
                out["wall"] = secs
            elif line.startswith("Maximum resident set size"):
                out["rss_mb"] = int(line.rsplit(" ", 1)[1]) / 1024.0
            elif line.startswith("User time"):
                out["user"] = float(line.rsplit(" ", 1)[1])
            elif line.startswith("System time"):
                out["sys"] = float(line.rsplit(" ", 1)[1])
            elif line.startswith("Exit status"):
                out["exit"] = int(line.rsplit(" ", 1)[1])
    return out


def load_json(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # The JSON document is the output; tolerate log lines before it (--log-level trace writes
    # to stdout too): the document is the last line that is a lone "{".
    start = 0 if text.startswith("{") else text.rfind("\n{\n") + 1
    if not text[start:].startswith("{"):
        start = -1
    return json.loads(text[start:]) if start >= 0 else {}


def rate(n, s):
    return f"{n / s:,.0f}" if s and s > 0 else "-"


def report(label, jpath, tpath):
    d = load_json(jpath)
    t = parse_time(tpath)
    stages = d.get("stages", {})
    print(f"== {label}: outcome {d.get('outcome', '?')}, exit {t.get('exit', '?')}")
    print(f"wall {t.get('wall', 0):.1f} s, cpu {t.get('user', 0) + t.get('sys', 0):.1f} s, "
          f"peak RSS {t.get('rss_mb', 0):,.0f} MB")
    ing = d.get("ingest", {})
    stg = d.get("staging", [])
    raw = sum(s.get("raw_records", 0) for s in stg)
    staged = sum(s.get("staged", 0) for s in stg)
    models = d.get("models", {})
    written = sum(m.get("rows_written", 0) for m in models.values())
    orders = sum(s.get("staged", 0) for s in stg if s.get("source", "").endswith("_orders"))
    print(f"{'stage':<10} {'seconds':>9} {'share':>6}  throughput")
    total = sum(stages.values()) or 1.0
    order = ["ingest", "staging", "models", "checks", "publish"]
    names = [n for n in order if n in stages] + sorted(n for n in stages if n not in order)
    for name in names:
        secs = stages[name]
        if name == "ingest":
            thr = (f"{ing.get('landed', 0):,} objects, {rate(ing.get('landed', 0), secs)} objects/s, "
                   f"{ing.get('bytes', 0) / 1e6 / secs if secs else 0:.1f} MB/s")
        elif name == "staging":
            thr = f"{raw:,} raw records -> {staged:,} staged, {rate(raw, secs)} records/s"
        elif name == "models":
            thr = f"{len(models)} models, {written:,} rows written, {rate(written, secs)} rows/s"
        else:
            thr = ""
        print(f"{name:<10} {secs:9.2f} {100 * secs / total:5.1f}%  {thr}")
    print(f"{'(sum)':<10} {total:9.2f}")
    if orders:
        print(f"order lines staged (webshop + marketplace): {orders:,}, "
              f"{rate(orders, t.get('wall'))} per wall second")
    if stg:
        print("staging by source: " + ", ".join(
            f"{s['source']} {s.get('raw_records', 0):,}" for s in stg))
    top = sorted(models.items(), key=lambda kv: -kv[1].get("seconds", 0))[:6]
    if top:
        print("slowest models: " + ", ".join(
            f"{k} {v.get('seconds', 0):.2f} s ({v.get('rows_written', 0):,} rows)" for k, v in top))
    print()
    return t.get("wall", 0.0), total


def main(argv):
    if len(argv) < 4 or (len(argv) - 1) % 3:
        print(__doc__, file=sys.stderr)
        return 2
    results = []
    for i in range(1, len(argv), 3):
        results.append((argv[i],) + report(argv[i], argv[i + 1], argv[i + 2]))
    if len(results) > 1 and results[0][1]:
        base = results[0]
        for label, wall, inside in results[1:]:
            print(f"{label} / {base[0]}: wall {100 * wall / base[1]:.1f} %, "
                  f"inside the build {100 * inside / base[2]:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
