#!/usr/bin/env bash
# The ecomdw command line as a user meets it: help, version, exit codes,
# config errors that name file, line and key, init and status.
set -uo pipefail
ECOMDW=${1:?usage: cli_test.sh PATH_TO_ECOMDW}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass=0

expect() {  # expect NAME WANT_RC CMD... ; stdout+stderr in $out
  local name=$1 want=$2
  shift 2
  out=$("$@" 2>&1)
  local rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL $name: exit $rc, want $want"; echo "$out" | head -20; failures=$((failures + 1))
    return 1
  fi
  pass=$((pass + 1))
}
contains() {  # contains NAME NEEDLE (in $out)
  if ! grep -qF -- "$2" <<<"$out"; then
    echo "FAIL $1: output lacks: $2"; echo "$out" | head -20; failures=$((failures + 1))
  else
    pass=$((pass + 1))
  fi
}

expect help 0 "$ECOMDW" --help
for verb in init generate ingest run check test build demo query report docs status snapshot grants deploy plan serve; do
  contains "help lists $verb" "  $verb "
done
contains "help documents exit codes" "Exit codes: 0 ok, 1 checks failed"
expect build-help 0 "$ECOMDW" build --help
expect snapshot-help 0 "$ECOMDW" snapshot --help
for sub in create list verify restore prune; do
  contains "snapshot help lists $sub" "  $sub "
done
expect snapshot-without-subcommand 2 "$ECOMDW" snapshot
expect version 0 "$ECOMDW" --version
contains version "ecomdw 0."
expect unknown-verb 2 "$ECOMDW" frobnicate
expect bad-format 2 "$ECOMDW" --format xml status

expect init 0 "$ECOMDW" init "$work/p"
[[ -f "$work/p/ecomdw.toml" ]] || { echo "FAIL init wrote no ecomdw.toml"; failures=$((failures + 1)); }
expect init-again-refused 2 "$ECOMDW" init "$work/p"
contains init-again "already holds a project"
expect status 0 "$ECOMDW" --project "$work/p" status
contains status "ecommerce-data-warehouse-workgroup · 128 RPU"
expect status-json 0 "$ECOMDW" --project "$work/p" --format json status
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["workgroup"]["base_capacity_rpu"]==128, d' <<<"$out" \
  || { echo "FAIL status-json is not the expected JSON"; failures=$((failures + 1)); }

sed -i 's/^base_capacity_rpu = 128/base_capcity_rpu = 128/' "$work/p/ecomdw.toml"
line=$(grep -n '^base_capcity_rpu' "$work/p/ecomdw.toml" | cut -d: -f1)
expect config-typo 2 "$ECOMDW" --project "$work/p" status
contains config-typo "$work/p/ecomdw.toml:$line: unknown key \"workgroup.base_capcity_rpu\""

expect no-project 2 "$ECOMDW" --project "$work/nowhere" status
contains no-project "no ecomdw.toml"

echo "$pass passed, $failures failed"
[[ $failures -eq 0 ]]
