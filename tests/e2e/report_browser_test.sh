#!/usr/bin/env bash
# e2e: `ecomdw report` opened in a real browser (Debian's chromium, headless,
# driven by playwright-core; networking blocked). A small generated warehouse
# whose best-selling product was renamed, by a PIM delta, to markup that would
# run if the page ever put data into HTML. Asserts: no console or page error,
# no request leaves the file, every chart drew an SVG with shapes, the KPI
# tiles show the revenue and order count of the generator's ground truth
# (raw.truth/revenue_daily.csv, summed here, not by the report's SQL), and the
# hostile name is shown as text and never ran. Keeps a screenshot in
# build/test-artifacts/report.png.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: report_browser_test.sh PATH_TO_ECOMDW}")
here=$(cd "$(dirname "$0")" && pwd)
browser_dir=$(cd "$here/../browser" && pwd)
source "$here/lib.sh"
e2e_setup
finish() { e2e_finish report_browser; exit $?; }
[[ -d "$browser_dir/node_modules/playwright-core" ]] || { fail "playwright-core is not installed: run scripts/setup.sh"; finish; }
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || { fail "chromium is not installed: run scripts/setup.sh"; finish; }

p="$work/p"
"$ECOMDW" init "$p" > /dev/null
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 7 --days 30 --to "file://$p/raw" > /dev/null 2>&1 \
  || { fail "generate"; finish; }
"$ECOMDW" --log-level warn --project "$p" build > "$work/b1.log" 2>&1 || { fail "first build"; cat "$work/b1.log"; finish; }

# The hostile name, for the best seller (product names come from its latest
# PIM row) and as its new category (opens a version: current attributes).
hostile='</script><script>window.__ecomdw_pwned=1</script><img src=x onerror="window.__ecomdw_pwned=2">'
top=$("$ECOMDW" --project "$p" --format json query \
  "SELECT sku FROM marts.product_performance ORDER BY net_revenue_usd DESC, sku LIMIT 1" |
  python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print((d[0] if isinstance(d, list) else d)["sku"])')
last_day=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["last_day"])' "$p/raw.truth/manifest.json")
libduckdb=$(ldd "$ECOMDW" | awk '/libduckdb/ {print $3}')
delta="$p/raw/products/source=pim/dt=$last_day/products_delta_renamed.parquet"
mkdir -p "$(dirname "$delta")"
/usr/bin/python3 "$here/duckdb_exec.py" "$libduckdb" \
  "ATTACH '$p/warehouse.duckdb' AS wh (READ_ONLY)" \
  "COPY (SELECT sku, '$hostile' AS product_name, brand, '$hostile' AS category, subcategory, list_price_usd,
          unit_cost_usd, launched_on, CAST(DATE '$last_day' AS TIMESTAMP) + INTERVAL 23 HOUR AS updated_at
        FROM wh.core.dim_product WHERE sku = '$top' AND is_current) TO '$delta' (FORMAT parquet)" \
  || { fail "writing the PIM delta"; finish; }
"$ECOMDW" --log-level warn --project "$p" build > "$work/b2.log" 2>&1 || { fail "second build"; cat "$work/b2.log"; finish; }
name=$("$ECOMDW" --project "$p" --format json query "SELECT product_name FROM marts.product_performance WHERE sku = '$top'")
[[ "$name" == *'\u003c/script'* || "$name" == *'</script>'* ]] && ok || fail "the rename did not reach the mart: $name"

# Written from another folder, then moved: the page needs nothing beside it.
mkdir -p "$work/out" "$work/elsewhere"
(cd / && "$ECOMDW" --project "$p" report --out "$work/out/report.html" > "$work/report.out" 2> "$work/report.err") \
  && ok || { fail "ecomdw report: $(cat "$work/report.err")"; finish; }
[[ "$(cat "$work/report.out")" == "$work/out/report.html" ]] && ok || fail "report printed $(cat "$work/report.out")"
mv "$work/out/report.html" "$work/elsewhere/dashboard.html"
page="$work/elsewhere/dashboard.html"
bytes=$(stat -c %s "$page")
((bytes > 1000000)) && ok || fail "page of $bytes bytes: ECharts not inlined?"
grep -qF -- "$hostile" "$page" && fail "the hostile name is in the page source unescaped" || ok

artifacts="$(dirname "$ECOMDW")/test-artifacts"
mkdir -p "$artifacts"
(cd "$browser_dir" && node report_check.mjs "$page" "$artifacts/report.png") > "$work/seen.json" 2> "$work/node.err" \
  || { fail "the browser run: $(cat "$work/node.err")"; finish; }

/usr/bin/python3 - "$work/seen.json" "$p/raw.truth/revenue_daily.csv" "$hostile" > "$work/verdict" <<'PY'
import csv, decimal, json, sys
seen = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
hostile = sys.argv[3]
revenue = sum(decimal.Decimal(r["net_revenue_usd"]) for r in rows)
orders = sum(int(r["orders"]) for r in rows)
checks = []
def check(ok, what): checks.append((bool(ok), what))
check(seen["console_errors"] == [], f"console errors: {seen['console_errors']}")
check(seen["page_errors"] == [], f"page errors: {seen['page_errors']}")
check(seen["requests_blocked"] == [], f"requests leaving the file: {seen['requests_blocked']}")
ids = sorted(c["id"] for c in seen["charts"])
want = sorted(["chart-revenue", "chart-campaigns", "chart-products", "chart-categories", "chart-rfm",
               "chart-cohorts", "chart-checks", "chart-quarantine"])
check(ids == want, f"charts {ids}, want {want}")
for c in seen["charts"]:
    check(c["rendered"] and c["svg"] and c["width"] > 200 and c["height"] > 200 and c["shapes"] >= 3,
          f"chart not drawn: {c['id']} rendered={c['rendered']} svg={c['svg']} {c['width']}x{c['height']} shapes={c['shapes']}")
k = seen["kpis"]
check(k["revenue"]["value"] == str(revenue), f"revenue tile value {k['revenue']['value']}, truth {revenue}")
check(k["revenue"]["text"] == f"${revenue:,.2f}", f"revenue tile text {k['revenue']['text']}, truth ${revenue:,.2f}")
check(k["orders"]["value"] == str(orders), f"orders tile value {k['orders']['value']}, truth {orders}")
check(k["orders"]["text"] == f"{orders:,}", f"orders tile text {k['orders']['text']}, truth {orders:,}")
aov = decimal.Decimal(k["aov"]["value"])
check(abs(aov - revenue / orders) <= decimal.Decimal("0.005"), f"AOV tile {aov}, truth {revenue / orders:.4f}")
check(int(k["customers"]["value"]) > 0, f"customers tile {k['customers']}")
check(0 <= float(k["return_rate"]["value"]) < 1, f"return rate tile {k['return_rate']}")
check(seen["pwned"] is None, f"the hostile name ran: window.__ecomdw_pwned = {seen['pwned']}")
check(seen["scripts"] == 3 and seen["images"] == 0, f"{seen['scripts']} scripts, {seen['images']} images (want 3, 0)")
check(hostile in seen["products_cells"], "the hostile name is not shown as the text of a products table cell")
cat_texts = [t for c in seen["charts"] if c["id"] == "chart-categories" for t in c["texts"]]
check(any(t.startswith("</script>") for t in cat_texts), f"the category chart does not show the hostile category as text: {cat_texts[:8]}")
for good, what in checks:
    print(("ok " if good else "FAIL ") + what)
PY
while read -r verdict rest; do
  if [[ "$verdict" == ok ]]; then ok; else fail "$rest"; fi
done < "$work/verdict"
finish
