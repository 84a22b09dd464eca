#!/usr/bin/env bash
# One quality gate for every verb that publishes: with an error check failing,
# `build` and `run` both exit 1, publish nothing and say checks_failed; once
# the check passes again, `run` publishes. `run --help` says it checks.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: run_gate_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
p="$work/p"

"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 2 --days 20 --to "file://$p/raw" > /dev/null 2>&1 || exit 1
"$ECOMDW" --log-level warn --project "$p" build > "$work/b1.log" 2>&1 && ok || { fail "first build"; cat "$work/b1.log"; }
published=$(readlink "$p/warehouse.duckdb")
before=$(fingerprint "$ECOMDW" "$p")

"$ECOMDW" run --help > "$work/help.txt" 2>&1
grep -q "run the checks" "$work/help.txt" && ok || fail "run --help does not say it checks: $(cat "$work/help.txt")"

# An error check that fails on the built warehouse: every order line has one unit.
cat >> "$p/checks/core/fact_orders.toml" <<'TOML'

[[check]]
type = "expression"
name = "single_units_only"
expression = "quantity = 1"
TOML

out=$("$ECOMDW" --log-level warn --project "$p" build 2>&1)
rc=$?
[[ $rc -eq 1 ]] && ok || fail "build with a failing error check: exit $rc, want 1: $out"
grep -q "checks_failed" <<<"$out" && ok || fail "build outcome not checks_failed: $out"

# `run` right after: the same gate, not "published".
out=$("$ECOMDW" --log-level warn --project "$p" run 2>&1)
rc=$?
[[ $rc -eq 1 ]] && ok || fail "run with a failing error check: exit $rc, want 1: $out"
grep -q "checks_failed" <<<"$out" && ok || fail "run outcome not checks_failed: $out"
grep -Eq "fail +core.fact_orders.single_units_only" <<<"$out" && ok || fail "run does not name the failing check: $out"
grep -q "^  published " <<<"$out" && fail "run says published: $out" || ok
[[ "$(readlink "$p/warehouse.duckdb")" == "$published" ]] && ok || fail "run moved the link"
[[ "$(fingerprint "$ECOMDW" "$p")" == "$before" ]] && ok || fail "the published warehouse changed"
runs=$("$ECOMDW" --project "$p" --format jsonl query "SELECT count(*) AS n FROM ops.runs WHERE outcome = 'published'")
[[ "$runs" == '{"n":1}' ]] && ok || fail "published runs: $runs"

# The check is made a warning: run publishes (and reports the warning).
sed -i 's/^name = "single_units_only"$/name = "single_units_only"\nseverity = "warn"/' "$p/checks/core/fact_orders.toml"
out=$("$ECOMDW" --log-level warn --project "$p" run 2>&1)
rc=$?
[[ $rc -eq 0 ]] && ok || fail "run after the check became a warning: exit $rc: $out"
grep -Eq "warn +core.fact_orders.single_units_only" <<<"$out" && ok || fail "run does not report the warning: $out"
[[ "$(readlink "$p/warehouse.duckdb")" != "$published" ]] && ok || fail "run did not publish"
n=$("$ECOMDW" --project "$p" --format jsonl query \
  "SELECT count(DISTINCT run_id) AS n FROM ops.check_results WHERE check_name = 'core.fact_orders.single_units_only'")
[[ "$n" == '{"n":3}' ]] && ok || fail "runs that checked single_units_only (build, run, run): $n"

e2e_finish "run gate"
