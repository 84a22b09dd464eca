#!/usr/bin/env bash
# `make demo`: the main job on the embedded DuckDB target, end to end:
# a sample raw zone (SF 0.01) -> ecomdw build -> checks and key figures,
# with the generator's ground truth printed beside the warehouse's numbers,
# and the dashboard written to $DEMO/report.html (its path printed).
set -euo pipefail
ECOMDW=$(realpath "${1:-build/ecomdw}")
DEMO=$(realpath -m "${DEMO_DIR:-demo}")

rm -rf "$DEMO"
"$ECOMDW" init "$DEMO" > /dev/null
echo "== generate: a dirty raw zone, SF 0.01, 90 days"
"$ECOMDW" --log-level warn generate --scale 0.01 --seed 42 --days 90 --to "file://$DEMO/raw" | tail -2
echo
echo "== build: ingest -> staging -> models -> checks -> publish"
"$ECOMDW" --log-level warn --project "$DEMO" build
echo
echo "== net revenue by channel (USD)"
"$ECOMDW" --project "$DEMO" query "
  SELECT channel, sum(orders) AS orders, sum(net_revenue_usd) AS net_revenue_usd
  FROM marts.daily_sales_by_channel GROUP BY channel ORDER BY net_revenue_usd DESC"
echo
echo "== top campaigns by ROAS"
"$ECOMDW" --project "$DEMO" query "
  SELECT campaign_id, campaign_name, marketing_channel, orders, revenue_usd, spend_usd, roas
  FROM marts.campaign_performance WHERE spend_usd > 0 ORDER BY roas DESC NULLS LAST LIMIT 5"
echo
echo "== warehouse vs. the generator's ground truth"
wh=$("$ECOMDW" --project "$DEMO" --format jsonl query "
  SELECT sum(orders) AS orders, CAST(sum(net_revenue_usd) AS VARCHAR) AS net FROM marts.daily_sales_by_channel")
truth=$(python3 - "$DEMO/raw.truth/revenue_daily.csv" <<'PY'
import csv, decimal, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(json.dumps({"orders": sum(int(r["orders"]) for r in rows),
                  "net": str(sum(decimal.Decimal(r["net_revenue_usd"]) for r in rows))}))
PY
)
python3 - "$wh" "$truth" <<'PY'
import json, sys
wh, truth = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for k, label in (("orders", "orders counted in revenue"), ("net", "net revenue USD")):
    ok = str(wh[k]) == str(truth[k])
    print(f"  {label:<28} warehouse {wh[k]:>14}   truth {truth[k]:>14}   {'match' if ok else 'MISMATCH'}")
sys.exit(0 if all(str(wh[k]) == str(truth[k]) for k in ("orders", "net")) else 1)
PY
echo
echo "== report: the dashboard as one HTML file (works offline, from any folder)"
report=$("$ECOMDW" --project "$DEMO" report --out "$DEMO/report.html" 2> /dev/null)
echo "  $report"
echo
echo "The project is in $DEMO/ (try: $ECOMDW --project $DEMO query \"SELECT * FROM marts.customer_value LIMIT 5\")"
