#!/usr/bin/env python3
"""B1 engine floor: the build as one hand-written DuckDB SQL script (issue 11, DESIGN "Benchmarks").

usage: baseline_b1.py RAW_DIR PROJECT_DIR OUT.sql [TRUTH_DIR]
       FLOOR_LOAD_ONLY=1 baseline_b1.py ...     step 1-2 only (the staging floor; no models, no check)

Writes a script, run by bench/sqlrun.c (see bench/floor.sh), that does the same build as ecomdw
in the fastest honest way DuckDB offers, with nothing of ecomdw in between:
  1. every source of PROJECT_DIR/ecomdw.toml (the contract: columns, types, required, rules) is
     read with ONE DuckDB reader call over the list of its non-empty objects, with explicit
     columns and types and no sniffing (read_csv: columns={...}, auto_detect=false, header=true;
     read_json: columns={...}, format='newline_delimited'|'array'; read_parquet by name);
  2. exact duplicates (identical content) are dropped, then records with a required field missing
     or empty, or for which a contract rule (`fails_when`) holds; webshop orders as whole records
     (every line must be complete) before their lines are unnested;
  3. every model of PROJECT_DIR/models is created, in dependency order, as CREATE TABLE AS its
     own SELECT (the project's SQL, unchanged: a full refresh of one batch).
With TRUTH_DIR, the last statement compares marts.daily_sales_by_channel with the generator's
revenue_daily.csv and prints the days x channels that differ (0 = the floor matches the truth).

It is a floor, not a replacement: no landing copy, SHA-256 or ledger, no quarantine tables (bad
records are dropped, not kept with reason and line), no drift records, no checks, no blue/green
publish. ecomdw / floor is therefore an upper bound on what ecomdw's machinery costs.

Per-object cost: the only per-object work is os.scandir here and DuckDB opening each object. Zero-
byte objects are left out (DuckDB's gzip reader refuses them; ecomdw ingests them as 0 rows). A
CSV source's column order is taken from the header of its first non-empty object (the contract
gives names and types; positions are what read_csv binds without a header sniff; a positional
rename such as item_price -> unit_price thus needs nothing).
"""
import gzip
import json
import os
import pathlib
import re
import sys
import tomllib

BATCH = "floor"


def q(s):
    return "'" + s.replace("'", "''") + "'"


def ident(s):
    return '"' + s.replace('"', '""') + '"'


def objects(raw, prefix):
    """Every non-empty object under RAW/prefix, sorted (the order the partitions arrive in)."""
    out = []
    stack = [os.path.join(raw, prefix)]
    while stack:
        d = stack.pop()
        try:
            it = os.scandir(d)
        except FileNotFoundError:
            continue
        with it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.is_file(follow_symlinks=False) and e.stat().st_size > 0:
                    out.append(e.path)
    out.sort()
    return out


def csv_header(files):
    for f in files:
        opener = gzip.open if f.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8-sig", newline="") as fh:
            line = fh.readline().rstrip("\r\n")
        if line:
            return [h.strip().strip('"') for h in line.split(",")]
    return []


def file_list(files):
    return "[" + ", ".join(q(f) for f in files) + "]"


def struct_type(cols):
    return "STRUCT(" + ", ".join(f"{ident(c)} {t}" for c, t in cols.items()) + ")[]"


def load_source(name, src, raw):
    cols = dict(src.get("columns", {}))
    explode = src.get("explode")
    ecols = dict(src.get("explode_columns", {}))
    raw_names = {v: k for k, v in src.get("raw_names", {}).items()}  # column -> raw name
    required = src.get("required", [])
    files = objects(raw, src["prefix"])
    fmt = src["format"]
    target = f"staging.{name}"
    if not files:
        allc = {**cols, **ecols}
        return (f"-- @ load {name} (no objects)\nCREATE TABLE {target} (_batch_id VARCHAR, _object_key VARCHAR, _line BIGINT, _dt DATE, "
                + ", ".join(f"{ident(c)} {t}" for c, t in allc.items()) + ");\n")

    def rn(c):
        return raw_names.get(c, c)

    if fmt == "csv":
        header = csv_header(files)
        by_raw = {rn(c): c for c in cols}
        spec = []
        for h in header:
            c = by_raw.get(h)
            spec.append(f"{q(h)}: {q(cols[c] if c else 'VARCHAR')}")
        reader = (f"read_csv({file_list(files)}, header = true, auto_detect = false, delim = ',', "
                  f"quote = '\"', escape = '\"', ignore_errors = true, columns = {{{', '.join(spec)}}})")
        select = ", ".join(f"{ident(rn(c))} AS {ident(c)}" if rn(c) in header else f"CAST(NULL AS {cols[c]}) AS {ident(c)}"
                           for c in cols)
    elif fmt == "jsonl":
        # One VARCHAR per line (no quoting, no sniffing), exact duplicates dropped as identical
        # lines, then each valid line parsed once with from_json into the contract's types.
        # (read_json's own NDJSON reader with ignore_errors reads a truncated record on into the
        # next line and drops that complete record too: wrong, see docs/BENCHMARKS.md.)
        spec = {rn(c): t for c, t in cols.items()}
        if explode:
            spec[explode] = [{rn(c): t for c, t in ecols.items()}]
        lines = (f"read_csv({file_list(files)}, header = false, auto_detect = false, delim = '\\t', quote = '', "
                 f"escape = '', columns = {{'line': 'VARCHAR'}})")
        reader = (f"(SELECT CASE WHEN json_valid(line) THEN from_json(line, {q(json.dumps(spec))}) END AS j "
                  f"FROM (SELECT DISTINCT line FROM {lines}))")
        select = ", ".join(f"j.{ident(rn(c))} AS {ident(c)}" for c in cols)
        if explode:
            select += f", j.{ident(explode)} AS {ident(explode)}"
    elif fmt == "json":
        spec = [f"{q(rn(c))}: {q(t)}" for c, t in cols.items()]
        reader = (f"read_json({file_list(files)}, format = 'array', ignore_errors = true, "
                  f"columns = {{{', '.join(spec)}}})")
        select = ", ".join(f"{ident(rn(c))} AS {ident(c)}" for c in cols)
    elif fmt == "parquet":
        reader = f"read_parquet({file_list(files)}, hive_partitioning = false)"
        select = ", ".join(f"CAST({ident(rn(c))} AS {t}) AS {ident(c)}" for c, t in cols.items())
    else:
        raise SystemExit(f"baseline_b1: source {name}: format {fmt} not handled")

    def present(c, t, prefix=""):
        x = prefix + ident(c)
        return f"{x} IS NOT NULL" + (f" AND {x} <> ''" if t.upper().startswith("VARCHAR") else "")

    top_req = [present(c, cols[c], "row_.") for c in required if c in cols]
    line_req = [present(rn(c), ecols[c], "x.") for c in required if c in ecols]
    if explode:
        top_req.append(f"len(row_.{ident(explode)}) > 0")
        if line_req:
            top_req.append(f"len(list_filter(row_.{ident(explode)}, x -> NOT ({' AND '.join(line_req)}))) = 0")
    rules = [f"NOT coalesce(({r['fails_when']}), false)" for r in src.get("rules", [])]
    where = " AND ".join(top_req + rules) or "true"
    meta = f"'{BATCH}' AS _batch_id, CAST(NULL AS VARCHAR) AS _object_key, CAST(0 AS BIGINT) AS _line, CAST(NULL AS DATE) AS _dt"
    sql = [f"-- @ load {name} ({len(files)} objects)\nCREATE TABLE {target} AS\n"
           f"WITH r AS (SELECT {'' if fmt == 'jsonl' else 'DISTINCT '}{select} FROM {reader}),\n"
           f"v AS (SELECT * FROM r AS row_ WHERE {where})\n"]
    if explode:
        lines = ", ".join(f"l.{ident(rn(c))} AS {ident(c)}" for c in ecols)
        keep = ", ".join(ident(c) for c in cols)
        sql.append(f"SELECT {meta}, {keep}, {lines} FROM (SELECT *, unnest({ident(explode)}) AS l FROM v);\n")
    else:
        sql.append(f"SELECT {meta}, * FROM v;\n")
    return "".join(sql)


REF = re.compile(r"\b(staging|core|marts)\.([a-z_][a-z0-9_]*)\b")


def model_order(models):
    """Model files in dependency order (a model after every model its SQL names)."""
    sql = {}
    for schema in ("staging", "core", "marts"):
        for p in sorted((models / schema).glob("*.sql")):
            sql[f"{schema}.{p.stem}"] = re.sub(r";\s*$", "", p.read_text(encoding="utf-8").strip())
    deps = {m: {f"{a}.{b}" for a, b in REF.findall(s)} & (set(sql) - {m}) for m, s in sql.items()}
    done, out = set(), []
    while len(out) < len(sql):
        ready = [m for m in sorted(sql) if m not in done and deps[m] <= done]
        if not ready:
            raise SystemExit(f"baseline_b1: dependency cycle among {sorted(set(sql) - done)}")
        for m in ready:
            done.add(m)
            out.append((m, sql[m]))
    return out


TRUTH_CHECK = """
-- The floor's revenue per day and channel against the generator's truth (0 rows differ = match).
SELECT 'truth check: ' || count(*) || ' of ' || (SELECT count(*) FROM t) || ' day x channel rows differ' FROM (
  SELECT * FROM (SELECT date, channel, orders, lines, net_revenue_usd FROM t) EXCEPT ALL
  SELECT order_date, channel, orders, lines, net_revenue_usd FROM marts.daily_sales_by_channel
  UNION ALL
  SELECT * FROM (SELECT order_date, channel, orders, lines, net_revenue_usd FROM marts.daily_sales_by_channel EXCEPT ALL
  SELECT date, channel, orders, lines, net_revenue_usd FROM t));
"""


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    raw = str(pathlib.Path(argv[1]).resolve())
    project = pathlib.Path(argv[2])
    with open(project / "ecomdw.toml", "rb") as f:
        cfg = tomllib.load(f)
    out = ["-- @ setup\nSET TimeZone = 'UTC';\nSET preserve_insertion_order = false;\n"
           "CREATE SCHEMA staging; CREATE SCHEMA core; CREATE SCHEMA marts; CREATE SCHEMA ops;\n"
           f"CREATE TABLE ops.pending_batches AS SELECT '{BATCH}' AS batch_id;\n"]
    for name, src in cfg.get("sources", {}).items():
        out.append(load_source(name, src, raw))
    load_only = os.environ.get("FLOOR_LOAD_ONLY") == "1"
    for m, sql in ([] if load_only else model_order(project / "models")):
        out.append(f"-- @ model {m}\nCREATE TABLE {m} AS\n{sql}\n;\n")
    out.append("-- @ checkpoint\nCHECKPOINT;\n")
    if len(argv) == 5 and not load_only:
        truth = pathlib.Path(argv[4]).resolve() / "revenue_daily.csv"
        out.append(f"-- @ truth check\nCREATE TEMP TABLE t AS SELECT * FROM read_csv({q(str(truth))}, header = true, auto_detect = false, "
                   "columns = {'date': 'DATE', 'channel': 'VARCHAR', 'orders': 'BIGINT', 'lines': 'BIGINT', "
                   "'gross_usd': 'DECIMAL(18,2)', 'discount_usd': 'DECIMAL(18,2)', 'shipping_usd': 'DECIMAL(18,2)', "
                   "'tax_usd': 'DECIMAL(18,2)', 'net_revenue_usd': 'DECIMAL(18,2)'});\n" + TRUTH_CHECK)
    pathlib.Path(argv[3]).write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
