#!/usr/bin/env bash
# e2e: `ecomdw generate` through the binary: exit codes, truth beside the
# bucket, --append-day, determinism of the CLI path. $1 = the ecomdw binary.
set -euo pipefail
ECOMDW=${1:?usage: generate_test.sh path/to/ecomdw}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMDW" generate --scale 0.01 --seed 3 --days 4 --to "file://$WORK/raw" >"$WORK/out1" || fail "generate exited $?"
grep -q "2024-01-01..2024-01-04" "$WORK/out1" || fail "summary names the days: $(cat "$WORK/out1")"
[ -f "$WORK/raw.truth/manifest.json" ] || fail "truth not beside the bucket"
[ ! -e "$WORK/raw/_truth" ] && ! find "$WORK/raw" -name 'manifest.json' | grep -q . || fail "truth inside the bucket"
for src in orders/source=webshop orders/source=marketplace customers/source=crm products/source=pim \
           campaigns/source=ads campaign_spend/source=ads fx_rates/source=ecb; do
  [ -d "$WORK/raw/$src/dt=2024-01-01" ] || fail "missing $src/dt=2024-01-01"
done

"$ECOMDW" generate --to "file://$WORK/raw" --append-day >"$WORK/out2" || fail "append exited $?"
grep -q '"last_day": "2024-01-05"' "$WORK/raw.truth/manifest.json" || fail "manifest not extended"
[ -f "$WORK/raw/fx_rates/source=ecb/dt=2024-01-05/rates.csv" ] || fail "appended day missing"

# Same arguments through the CLI: same bytes.
"$ECOMDW" generate --scale 0.01 --seed 3 --days 5 --to "file://$WORK/again" >/dev/null
(cd "$WORK/raw" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/h1"
(cd "$WORK/again" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/h2"
cmp -s "$WORK/h1" "$WORK/h2" || fail "append-day objects differ from a 5-day run"

# Usage errors exit 2; the truth is never put into an s3 bucket by default.
set +e
"$ECOMDW" generate --to s3://ecommerce-raw-data --days 1 >/dev/null 2>"$WORK/err"; rc=$?
[ $rc -eq 2 ] || fail "s3 without --truth: exit $rc"
grep -q -- "--truth" "$WORK/err" || fail "s3 error does not name --truth"
"$ECOMDW" generate --to "file://$WORK/x" --start 2024-02-30 >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "bad date: exit $rc"
"$ECOMDW" generate --to "file://$WORK/y" --append-day >/dev/null 2>&1; rc=$?
[ $rc -ne 0 ] || fail "append without a manifest succeeded"
set -e
echo "generate e2e: ok"
