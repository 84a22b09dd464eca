#!/usr/bin/env bash
# e2e: `ecomdw serve` on a free loopback port, started before anything is
# published and kept running across two builds. Asserts: /healthz is 503
# until the first publish and 200 after it without a restart, naming the
# published generation (the link's) and the run that published it; /metrics
# parses as Prometheus text (the reference client's parser) and says what the
# textfile the build wrote says; / is the page `ecomdw report` writes; builds
# run to success while requests keep coming (the server never blocks a
# writer), and the next requests see the new generation and run; an unknown
# path is 404; the served page works in chromium with KPI tiles equal to the
# generator's truth (screenshot: build/test-artifacts/served.png); SIGTERM
# stops the server with exit 0.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: serve_test.sh PATH_TO_ECOMDW}")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
e2e_setup
finish() { e2e_finish serve; exit $?; }
/usr/bin/python3 -c 'import prometheus_client' 2> /dev/null \
  || { fail "python3-prometheus-client is not installed: run scripts/setup.sh"; finish; }
p="$work/p"
# get PATH OUT: the body to OUT, prints the HTTP status (bounded by --max-time).
get() { curl -s --max-time 60 -o "$2" -w '%{http_code}' "$url${1#/}"; }
parse() { /usr/bin/python3 "$here/prom_parse.py" "$1" > "$2" 2> "$work/parse.err" || fail "$1 does not parse: $(cat "$work/parse.err")"; }
json_field() {  # json_field FILE KEY...: the value at that path
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2:]: d = d[k]
print(d)' "$@"
}
generation() { basename "$(readlink "$p/warehouse.duckdb")"; }
# build_while_serving NAME CODES: a build with requests to / and /healthz
# going on all along (a bounded loop that ends when the build does); every
# answer must match CODES (a regex) and some must come while the build runs.
build_while_serving() {
  rm -f "$work/build.done" "$work/$1.codes"
  (for _ in $(seq 1 400); do
    [[ -e "$work/build.done" ]] && break
    curl -s --max-time 60 -o /dev/null -o /dev/null -w '%{http_code}\n' "$url" "${url}healthz" >> "$work/$1.codes"
  done) &
  local loop=$!
  "$ECOMDW" --log-level warn --format json --project "$p" build > "$work/$1.json" 2> "$work/$1.log"
  local rc=$?
  touch "$work/build.done"
  wait "$loop"
  [[ $rc -eq 0 ]] && ok || { fail "$1 while serving: exit $rc"; cat "$work/$1.log"; }
  local n bad
  n=$(grep -c '' "$work/$1.codes")
  bad=$(grep -Evc "^($2)\$" "$work/$1.codes")
  ((n >= 2 && bad == 0)) && ok || fail "$1: $n requests during the build, $bad not $2: $(sort "$work/$1.codes" | uniq -c)"
}

"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 5 --days 10 --to "file://$p/raw" > /dev/null 2>&1 \
  || { fail "generate"; finish; }

# The server prints its URL once the port is bound and listening; read it
# through a FIFO with a timeout (no polling).
mkfifo "$work/serve.out"
"$ECOMDW" --project "$p" serve --port 0 > "$work/serve.out" 2> "$work/serve.err" &
serve_pid=$!
exec 3< "$work/serve.out"
read -r -t 60 line <&3 || { fail "serve printed no URL: $(cat "$work/serve.err")"; finish; }
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' <<<"$line" | head -1)
[[ -n "$url" ]] && ok || { fail "no loopback URL in: $line"; finish; }

# Nothing published yet.
[[ $(get /healthz "$work/h0.json") == 503 ]] && ok || fail "/healthz before a publish: $(cat "$work/h0.json")"
[[ $(json_field "$work/h0.json" status) == unpublished ]] && ok || fail "/healthz status: $(cat "$work/h0.json")"
[[ $(get / "$work/d0.html") == 503 ]] && ok || fail "/ before a publish is not 503"
[[ $(get /metrics "$work/m0.prom") == 200 ]] && ok || fail "/metrics before a publish: $(cat "$work/m0.prom")"
parse "$work/m0.prom" "$work/m0.json"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["samples"]; sys.exit(0 if s.get("ecomdw_published{}")==0 and not any(k.startswith("ecomdw_last_build_") for k in s) else 1)' \
  "$work/m0.json" && ok || fail "/metrics before a build: $(cat "$work/m0.prom")"
[[ $(get /nope "$work/nope") == 404 ]] && ok || fail "an unknown path is not 404"

build_while_serving b1 '200|503'  # 503 until the publish
[[ $(get /healthz "$work/h1.json") == 200 ]] && ok || fail "/healthz after the first publish: $(cat "$work/h1.json")"
python3 - "$work/h1.json" "$work/b1.json" "$(generation)" <<'PY' && ok || fail "/healthz: $(cat "$work/h1.json")"
import json, sys
h, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
p = h["published"]
sys.exit(0 if h["status"] == "ok" and p["generation"] == sys.argv[3] and p["run_id"] == b["run_id"]
         and 0 <= p["age_seconds"] < 600 and h["last_run"]["outcome"] == "published"
         and h["last_run"]["run_id"] == b["run_id"] else 1)
PY

# /metrics says what the build's textfile says (apart from the lags, which grow).
[[ $(get /metrics "$work/m1.prom") == 200 ]] && ok || fail "/metrics: $(cat "$work/m1.prom")"
parse "$work/m1.prom" "$work/m1.json"
parse "$p/.ecomdw/metrics/ecomdw.prom" "$work/file1.json"
python3 - "$work/m1.json" "$work/file1.json" "$work/b1.json" <<'PY' && ok || fail "/metrics and the textfile differ"
import json, sys
served, written = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
run_id = json.load(open(sys.argv[3]))["run_id"]
ok = served["families"] == written["families"] and set(served["samples"]) == set(written["samples"])
for k, v in written["samples"].items():
    if "_lag_seconds" not in k and served["samples"].get(k) != v:
        print(f"{k}: textfile {v}, /metrics {served['samples'].get(k)}", file=sys.stderr)
        ok = False
ok = ok and served["samples"].get(f'ecomdw_published_run_info{{run_id="{run_id}"}}') == 1
sys.exit(0 if ok else 1)
PY

# / is the report's page (the time it was made apart).
[[ $(get / "$work/d1.html") == 200 ]] && ok || fail "/ after the publish"
"$ECOMDW" --project "$p" report --out "$work/report.html" > /dev/null 2>&1 || fail "ecomdw report"
strip() { sed -E 's/"generated_at":"[^"]*"//' "$1"; }
if cmp -s <(strip "$work/d1.html") <(strip "$work/report.html"); then ok; else
  fail "/ is not the report page ($(stat -c %s "$work/d1.html") vs $(stat -c %s "$work/report.html") bytes)"; fi
grep -q "$(generation)" "$work/d1.html" && ok || fail "the page does not name the published generation"

# The served dashboard in a real browser (Debian's chromium through
# tests/browser/report_check.mjs): nothing but the server's origin is
# loaded, no console or page error, every chart drawn, and the revenue and
# order tiles equal the generator's truth (raw.truth/revenue_daily.csv).
browser_dir=$(cd "$here/../browser" && pwd)
artifacts="$(dirname "$ECOMDW")/test-artifacts"
mkdir -p "$artifacts"
if (cd "$browser_dir" && node report_check.mjs "$url" "$artifacts/served.png") > "$work/seen.json" 2> "$work/node.err"; then
  /usr/bin/python3 - "$work/seen.json" "$p/raw.truth/revenue_daily.csv" > "$work/seen.verdict" 2>&1 <<'PY'
import csv, decimal, json, sys
seen = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
revenue = sum(decimal.Decimal(r["net_revenue_usd"]) for r in rows)
orders = sum(int(r["orders"]) for r in rows)
def check(good, what): print(("ok " if good else "FAIL ") + what)
check(seen["console_errors"] == [] and seen["page_errors"] == [], f"errors: {seen['console_errors']} {seen['page_errors']}")
check(seen["requests_blocked"] == [], f"requests leaving the server: {seen['requests_blocked']}")
check(len(seen["charts"]) == 8 and all(c["rendered"] and c["svg"] and c["shapes"] >= 3 for c in seen["charts"]),
      f"charts: {[(c['id'], c['rendered'], c['shapes']) for c in seen['charts']]}")
check(seen["kpis"]["revenue"]["value"] == str(revenue), f"revenue tile {seen['kpis']['revenue']}, truth {revenue}")
check(seen["kpis"]["orders"]["value"] == str(orders), f"orders tile {seen['kpis']['orders']}, truth {orders}")
PY
  while read -r v rest; do if [[ "$v" == ok ]]; then ok; else fail "served page: $v $rest"; fi; done < "$work/seen.verdict"
else
  fail "the browser run on $url: $(cat "$work/node.err")"
fi

# A new day, built while serving: the next requests see it.
"$ECOMDW" --log-level warn generate --append-day --to "file://$p/raw" > /dev/null 2>&1 || fail "append-day"
gen1=$(generation)
build_while_serving b2 200
[[ "$(generation)" != "$gen1" ]] && ok || fail "the second build did not publish a new generation"
get /healthz "$work/h2.json" > /dev/null
[[ $(json_field "$work/h2.json" published generation) == "$(generation)" ]] && ok \
  || fail "/healthz after the second build: $(cat "$work/h2.json")"
get /metrics "$work/m2.prom" > /dev/null
parse "$work/m2.prom" "$work/m2.json"
python3 - "$work/m2.json" "$work/b2.json" "$(generation)" <<'PY' && ok || fail "/metrics after the second build: $(grep -E 'run_info|generation' "$work/m2.prom")"
import json, re, sys
s = json.load(open(sys.argv[1]))["samples"]
run_id = json.load(open(sys.argv[2]))["run_id"]
gen = int(re.search(r"gen-(\d+)", sys.argv[3]).group(1))
sys.exit(0 if s.get(f'ecomdw_published_run_info{{run_id="{run_id}"}}') == 1
         and s.get(f'ecomdw_last_build_info{{outcome="published",run_id="{run_id}"}}') == 1
         and s.get("ecomdw_published_generation{}") == gen else 1)
PY

# SIGTERM stops it cleanly (a watchdog bounds the wait).
kill -TERM "$serve_pid"
(sleep 30; kill -KILL "$serve_pid" 2> /dev/null) &
watchdog=$!
wait "$serve_pid"
rc=$?
kill "$watchdog" 2> /dev/null
[[ $rc -eq 0 ]] && ok || fail "serve after SIGTERM: exit $rc (137: it did not stop): $(cat "$work/serve.err")"
exec 3<&-
finish
