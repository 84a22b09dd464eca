#!/usr/bin/env python3
"""Summarises a bench/run.sh output directory (every figure from /usr/bin/time -v files and the
programs' own output there; nothing is re-measured).

usage: report.py OUT_DIR

Prints per part (physical, B1, floor, pandas, B2) the median wall and CPU seconds and peak RSS over
its runs with min-max; the ratios B1/floor, pandas/B1, B1/physical and floor/physical as the median
of the per-round ratios (each pair measured in the same round) and B2/B1 as median over median;
file sizes against the raw zone's bytes; B1's and B2's seconds and rows/s per stage (from
`ecomdw --format json build`, the run with the median wall time); where the floor's and pandas'
time went; and the truth checks.
"""
import glob
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_report import parse_time, report  # noqa: E402

PARTS = [("physical", "physical limit (zcat/cat to /dev/null, 2 cores)"), ("b1", "B1 ecomdw build"),
         ("floor", "engine floor (DuckDB script)"), ("pandas", "pandas build"), ("b2", "B2 ecomdw (+1 day)")]


def runs(out, part):
    """{round: time dict} of the part's finished runs."""
    res = {}
    for f in glob.glob(os.path.join(out, f"{part}.*.time")):
        r = int(f.rsplit(".", 2)[1])
        t = parse_time(f)
        if t.get("exit", 1) == 0:
            t["cpu"] = t.get("user", 0) + t.get("sys", 0)
            t["load"] = load(f[:-len(".time")] + ".load")
            res[r] = t
    return dict(sorted(res.items()))


def load(path):
    """The 1-minute load averages before and after a run, "before->after" ("?" when not recorded)."""
    try:
        lines = open(path).read().split("\n")
        return "->".join(ln.split()[0] for ln in lines if ln.strip())
    except OSError:
        return "?"


def mmm(vals, fmt="{:.1f}"):
    if not vals:
        return "-"
    med = statistics.median(vals)
    if len(vals) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} ({fmt.format(min(vals))}-{fmt.format(max(vals))})"


def median_round(rs):
    walls = sorted(rs.items(), key=lambda kv: kv[1]["wall"])
    return walls[(len(walls) - 1) // 2][0] if walls else None


def mib(b):
    return f"{b / 2**20:,.1f} MiB"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    raw = {}
    try:
        parts = open(os.path.join(out, "raw_bytes.txt")).read().split()
        raw = {parts[i]: int(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}
    except (OSError, ValueError, IndexError):
        pass
    if raw:
        print(f"raw zone: {raw['objects']:,} non-empty objects, {mib(raw['stored_bytes'])} stored, "
              f"{mib(raw['decompressed_bytes'])} decompressed")
    data = {p: runs(out, p) for p, _ in PARTS}
    print(f"\n{'part':<46} {'runs':>4}  {'wall s median (min-max)':<24} {'CPU s':<20} peak RSS MiB")
    for p, label in PARTS:
        rs = data[p]
        if not rs:
            continue
        v = list(rs.values())
        print(f"{label:<46} {len(v):>4}  {mmm([t['wall'] for t in v]):<24} {mmm([t['cpu'] for t in v]):<20} "
              f"{mmm([t['rss_mb'] for t in v], '{:,.0f}')}")
    print("\nload average (1 min, before->after each run; the machine is shared):")
    for p, label in PARTS:
        if data[p]:
            print(f"  {label:<46} " + ", ".join(f"r{r} {t['load']}" for r, t in data[p].items()))

    def ratio(a, b, what="wall"):
        common = sorted(set(data[a]) & set(data[b]))
        return [data[a][r][what] / data[b][r][what] for r in common if data[b][r][what] > 0]

    print("\nratios (median of the per-round ratios, min-max), wall time and CPU time (user + sys):")
    for a, b, label, target in (("b1", "floor", "B1 / floor", "target <= 1.25"),
                                ("pandas", "b1", "pandas / B1", "target >= 10"),
                                ("b1", "physical", "B1 / physical", "target <= 4"),
                                ("floor", "physical", "floor / physical", ""),
                                ("pandas", "physical", "pandas / physical", "")):
        rs = ratio(a, b)
        if rs:
            print(f"  {label:<20} wall {mmm(rs, '{:.2f}'):<22} CPU {mmm(ratio(a, b, 'cpu'), '{:.2f}'):<22} {target}")
    if data["b1"] and data["b2"]:
        b1 = statistics.median(t["wall"] for t in data["b1"].values())
        b2 = statistics.median(t["wall"] for t in data["b2"].values())
        c1 = statistics.median(t["cpu"] for t in data["b1"].values())
        c2 = statistics.median(t["cpu"] for t in data["b2"].values())
        print(f"  {'B2 / B1':<20} wall {100 * b2 / b1:.1f} %{'':<16} CPU {100 * c2 / c1:.1f} %{'':<16} "
              "target <= 2 % at SF 10")

    print("\nsizes:")
    stored = raw.get("stored_bytes", 0)
    for p in ("b1", "floor"):
        r = median_round(data[p])
        if r is None:
            continue
        try:
            files = [ln.split(" ", 1) for ln in open(os.path.join(out, f"{p}.{r}.files")).read().splitlines()]
        except OSError:
            continue
        for size, name in files:
            x = f" = {int(size) / stored:.2f}x raw" if stored else ""
            print(f"  {p} {name}: {mib(int(size))}{x}")
        if p == "b1":
            try:
                d = int(open(os.path.join(out, f"b1.{r}.ecomdw_dir")).read().strip())
                print(f"  b1 .ecomdw/ (landing copy of the raw zone and state): {mib(d)}")
            except (OSError, ValueError):
                pass
    r = median_round(data["pandas"])
    if r is not None:
        try:
            print(f"  pandas pickles: {mib(int(open(os.path.join(out, f'pandas.{r}.bytes')).read()))}")
        except (OSError, ValueError):
            pass

    for p, label in (("b1", "B1"), ("b2", "B2")):
        r = median_round(data[p])
        if r is not None:
            print(f"\n{label}, the run with the median wall time (round {r}):")
            report(f"{label} round {r}", os.path.join(out, f"{p}.{r}.out"), os.path.join(out, f"{p}.{r}.time"))

    r = median_round(data["floor"])
    if r is not None:
        steps = []
        check = ""
        for ln in open(os.path.join(out, f"floor.{r}.out")):
            m = re.match(r"\s*([0-9.]+) s  (.*?)(?:  \(cpu ([0-9.]+) s\))?$", ln.rstrip("\n"))
            if m and not m.group(2).startswith("total"):
                steps.append((float(m.group(1)), m.group(2), float(m.group(3) or 0)))
            elif "truth check:" in ln:
                check = ln.strip()

        def total(prefix, i):
            return sum(st[i] for st in steps if st[1].startswith(prefix))
        top = sorted(steps, reverse=True)[:5]
        print(f"floor (round {r}): load {total('load', 0):.1f} s (cpu {total('load', 2):.1f} s), "
              f"models {total('model', 0):.1f} s (cpu {total('model', 2):.1f} s); slowest: "
              + ", ".join(f"{n} {s:.1f} s (cpu {c:.1f} s)" for s, n, c in top))
        print(f"  floor {check}")
    r = median_round(data["pandas"])
    if r is not None:
        print(f"pandas phases (round {r}):")
        for ln in open(os.path.join(out, f"pandas.{r}.out")):
            print("  " + ln.rstrip())
    try:
        print("pandas check:\n" + "".join("  " + ln for ln in open(os.path.join(out, "pandas_check.txt"))))
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
