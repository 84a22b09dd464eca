#!/usr/bin/env bash
# `ecomdw check` is a run of its own: each run is saved beside the project
# (.ecomdw/runs/<run_id>.json) without writing the published warehouse, and
# the next build or run records it in ops.check_results, where history
# accumulates (every run id once, a failing check's status kept). The saved
# files are removed once the build that recorded them is published.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: check_history_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
p="$work/p"
q() { "$ECOMDW" --project "$p" --format jsonl query "$1"; }

"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 3 --days 15 --to "file://$p/raw" > /dev/null 2>&1 || exit 1
"$ECOMDW" --log-level warn --project "$p" build > "$work/b1.log" 2>&1 && ok || { fail "first build"; cat "$work/b1.log"; }
published=$(readlink "$p/warehouse.duckdb")
checks=$(q "SELECT count(*) AS n FROM ops.check_results")

out=$("$ECOMDW" --project "$p" check 2>&1)
rc=$?
[[ $rc -eq 0 ]] && ok || fail "check: exit $rc: $out"
run1=$(grep -o 'check-[0-9TZ]*-[0-9a-f]*' <<<"$out" | head -1)
[[ -n "$run1" && -f "$p/.ecomdw/runs/$run1.json" ]] && ok || fail "check run not saved: $out"
total=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$p/.ecomdw/runs/$run1.json")
[[ "$total" -gt 20 ]] && ok || fail "saved run holds $total results"
[[ "$(readlink "$p/warehouse.duckdb")" == "$published" ]] && ok || fail "check moved the published link"
[[ "$(q "SELECT count(*) AS n FROM ops.check_results")" == "$checks" ]] && ok || fail "check wrote the published file"

# status shows the saved run, the last runs with their arguments, freshness
# per source and the last recorded checks, the same in text and JSON.
st=$("$ECOMDW" --project "$p" --format json status)
python3 - "$st" "$run1" <<'PY' && ok || fail "status --format json: $st"
import json, sys
o = json.loads(sys.argv[1])["operations"]
ok = (o["saved_check_runs"][0]["run_id"] == sys.argv[2] and o["saved_check_runs"][0]["arguments"] == "check"
      and o["runs"][0]["arguments"] == "build" and o["runs"][0]["outcome"] == "published"
      and len(o["freshness"]) >= 5 and o["last_checks"][0]["failed"] == 0 and o["pending_batches"] == [])
sys.exit(0 if ok else 1)
PY
txt=$("$ECOMDW" --project "$p" status)
for want in "$run1" "published" "build" "freshness" "webshop_orders" "pending    0 batches" "checks     last run"; do
  grep -qF -- "$want" <<<"$txt" && ok || fail "status text lacks \"$want\": $txt"
done
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["outcome"] == "published" and d["run_id"].startswith("run-") else 1)' \
  "$p/run_results.json" && ok || fail "run_results.json after the build"

# A second run with its own id and a failing error check of the team's.
cat >> "$p/checks/core/fact_orders.toml" <<'TOML'

[[check]]
type = "expression"
name = "single_units_only"
severity = "warn"
expression = "quantity = 1"
TOML
out=$("$ECOMDW" --project "$p" check --select fact_orders --run-id nightly-1 2>&1)
rc=$?
[[ $rc -eq 0 ]] && ok || fail "check of fact_orders with a warn: exit $rc: $out"
[[ -f "$p/.ecomdw/runs/nightly-1.json" ]] && ok || fail "nightly-1 not saved"
"$ECOMDW" --project "$p" check --run-id nightly-1 > "$work/dup.log" 2>&1
[[ $? -eq 2 ]] && ok || fail "a run id used twice was accepted: $(cat "$work/dup.log")"
"$ECOMDW" --project "$p" check --run-id '../x' > /dev/null 2>&1
[[ $? -eq 2 ]] && ok || fail "a run id with a path was accepted"
[[ ! -e "$p/.ecomdw/x.json" ]] && ok || fail "a run id wrote outside .ecomdw/runs"

# The next build records both runs; its own checks are a third run.
"$ECOMDW" --log-level warn --project "$p" build > "$work/b2.log" 2>&1 && ok || { fail "second build"; cat "$work/b2.log"; }
h=$(q "SELECT count(*) FILTER (WHERE run_id = '$run1') AS first,
              count(*) FILTER (WHERE run_id = 'nightly-1') AS nightly,
              count(*) FILTER (WHERE run_id = 'nightly-1' AND check_name = 'core.fact_orders.single_units_only'
                               AND status = 'warn' AND failing_rows > 0) AS warned,
              count(DISTINCT run_id) AS runs FROM ops.check_results")
python3 - "$h" "$total" <<'PY' && ok || fail "history after the build: $h (first run had $total checks)"
import json, sys
d = json.loads(sys.argv[1]); total = int(sys.argv[2])
sys.exit(0 if d["first"] == total and 10 <= d["nightly"] < total and d["warned"] == 1 and d["runs"] == 4 else 1)
PY
ls "$p/.ecomdw/runs/"*.json > /dev/null 2>&1 && fail "saved runs left after the publish: $(ls "$p/.ecomdw/runs")" || ok

# History accumulates: another check and a run add to it, nothing twice.
"$ECOMDW" --project "$p" check --run-id nightly-2 > /dev/null 2>&1 && ok || fail "third check"
"$ECOMDW" --log-level warn --project "$p" run > "$work/r.log" 2>&1 && ok || { fail "run"; cat "$work/r.log"; }
h=$(q "SELECT count(DISTINCT run_id) AS runs, count(*) FILTER (WHERE run_id = '$run1') AS first FROM ops.check_results")
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["runs"] == 6 and d["first"] == int(sys.argv[2]) else 1)' \
  "$h" "$total" && ok || fail "history after check + run: $h"

e2e_finish "check history"
