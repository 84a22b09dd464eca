#!/usr/bin/env bash
# `ecomdw test`, as a user who edits a model meets it: a fresh project from
# `ecomdw init` passes every built-in model test; a revenue expression broken
# on purpose fails exactly the test of that mart, with a diff naming the file
# and showing the expected row against the row the broken model returns; a
# malformed test file is a usage error naming file:line.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: model_unit_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
p="$work/p"
E() { "$ECOMDW" --log-level warn "$@"; }

E init "$p" > /dev/null || { fail "init"; exit 1; }
want=$(cd "$p" && find tests -name '*.test' | sort)
[[ $(wc -l <<<"$want") -ge 20 ]] && ok || fail "init wrote only $(wc -l <<<"$want") test files"
repo_tests="$(dirname "$0")/../../project/tests"
diff -r "$repo_tests" "$p/tests" > /dev/null && ok || fail "init's tests/ differs from the repository's project/tests"

# A fresh project passes, and lists every test file once, as ok.
out=$(E --project "$p" test 2>&1); rc=$?
[[ $rc -eq 0 ]] && ok || { fail "test on a fresh project: exit $rc"; echo "$out" | tail -30; }
listed=$(awk '$1 == "ok" {print $4}' <<<"$out" | sort)
[[ "$listed" == "$want" ]] && ok || fail "listed tests differ from the project's: $(diff <(echo "$want") <(echo "$listed"))"
grep -qE "^$(wc -l <<<"$want") passed, 0 failed in " <<<"$out" && ok || fail "summary line: $(tail -1 <<<"$out")"
# Scratch warehouses only: nothing was written into the project.
[[ ! -e "$p/warehouse.duckdb" && ! -e "$p/.ecomdw" ]] && ok || fail "test wrote into the project: $(ls -a "$p")"

# The same content as JSON.
E --project "$p" --format json test > "$work/ok.json" 2> /dev/null && ok || fail "test --format json"
python3 - "$work/ok.json" "$want" <<'PY' && ok || fail "JSON of a passing run"
import json, sys
d = json.load(open(sys.argv[1]))
files = sorted(t["file"] for t in d["tests"])
assert files == sys.argv[2].split("\n"), files
assert d["failed"] == 0 and d["passed"] == len(files), d
assert all(t["status"] == "ok" and t["failure"] is None for t in d["tests"])
PY

# --select narrows the run to the files it names.
out=$(E --project "$p" test --select marts/daily_sales_by_channel.test,stg_fx_rates 2>&1)
[[ $(grep -c '^ok ' <<<"$out") -eq 2 ]] && grep -q "tests/staging/stg_fx_rates.test" <<<"$out" && ok \
  || fail "--select ran: $out"
out=$(E --project "$p" test --select no_such_test 2>&1); rc=$?
[[ $rc -eq 2 ]] && grep -q -- "--select no_such_test: no test file matches" <<<"$out" && ok \
  || fail "--select matching nothing: exit $rc: $out"

# Break the mart's revenue on purpose: net revenue becomes gross revenue.
mart="$p/models/marts/daily_sales_by_channel.sql"
sed -i 's/CAST(sum(f.net_revenue_usd) AS DECIMAL(18, 2)) AS net_revenue_usd/CAST(sum(f.gross_usd) AS DECIMAL(18, 2)) AS net_revenue_usd/' "$mart"
grep -q "sum(f.gross_usd) AS DECIMAL(18, 2)) AS net_revenue_usd" "$mart" || { fail "the edit did not apply"; exit 1; }
out=$(E --project "$p" test 2>&1); rc=$?
[[ $rc -eq 1 ]] && ok || fail "test with a broken model: exit $rc, want 1"
failed=$(awk '$1 == "FAILED" && $3 == "s" {print $4}' <<<"$out")
[[ "$failed" == "tests/marts/daily_sales_by_channel.test" ]] && ok || fail "failing tests: '$failed'"
test_file="$p/tests/marts/daily_sales_by_channel.test"
qline=$(grep -n '^query ' "$test_file" | head -1 | cut -d: -f1)
grep -qF "tests/marts/daily_sales_by_channel.test:$qline: query: query result differs" <<<"$out" && ok \
  || fail "the diff does not name the file and line of the query: $out"
# Expected vs actual, computed here from the test's own rows: every row whose
# net revenue differs from its gross shows as missing, and as returned with
# net := gross (columns 5 and 9 of the query).
expected_rows=$(sed -n '/^----$/,/^$/p' "$test_file" | grep -v -e '^----$' -e '^$')
changed=$(awk -F'|' '$5 != $9' <<<"$expected_rows")
[[ -n "$changed" ]] || { fail "the test has no row where net and gross differ"; exit 1; }
while IFS= read -r row; do
  broken=$(awk -F'|' -v OFS='|' '{$9 = $5; print}' <<<"$row")
  grep -qxF -- "    - $row" <<<"$out" && ok || fail "diff lacks the expected row - $row"
  grep -qxF -- "    + $broken" <<<"$out" && ok || fail "diff lacks the actual row + $broken"
done <<<"$changed"
n_changed=$(wc -l <<<"$changed")
[[ $(grep -c '^    - ' <<<"$out") -eq $n_changed && $(grep -c '^    + ' <<<"$out") -eq $n_changed ]] && ok \
  || fail "diff shows other rows than the $n_changed changed ones"
E --project "$p" --format json test --select daily_sales_by_channel > "$work/fail.json" 2> /dev/null
[[ $? -eq 1 ]] && ok || fail "json run of the broken model: want exit 1"
python3 - "$work/fail.json" "$changed" <<'PY' && ok || fail "JSON of the failing run"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["tests"][0]
f = t["failure"]
assert t["status"] == "failed" and d["failed"] == 1, d
assert f["file"] == "tests/marts/daily_sales_by_channel.test" and f["step"] == "query", f
assert f["missing"] == sys.argv[2].split("\n"), f["missing"]
assert len(f["unexpected"]) == len(f["missing"]) and f["columns"][8] == "net_revenue_usd", f
PY

# Put it right: all pass again.
sed -i 's/CAST(sum(f.gross_usd) AS DECIMAL(18, 2)) AS net_revenue_usd/CAST(sum(f.net_revenue_usd) AS DECIMAL(18, 2)) AS net_revenue_usd/' "$mart"
E --project "$p" test --select marts > /dev/null 2>&1 && ok || fail "the repaired mart does not pass"

# A malformed test file: exit 2 naming file:line, and no test runs.
printf '# a test without its expected rows\n\nquery I\nSELECT 1\n' > "$p/tests/marts/broken.test"
out=$(E --project "$p" test 2>&1); rc=$?
[[ $rc -eq 2 ]] && ok || fail "malformed test file: exit $rc, want 2"
grep -qF "tests/marts/broken.test:3: query without ---- and the expected rows" <<<"$out" && ok \
  || fail "the error does not name file:line: $out"
! grep -q '^ok ' <<<"$out" && ok || fail "tests ran despite a malformed file"

e2e_finish model_unit_test
