#!/usr/bin/env bash
# Progress lines of a build: on a terminal (a pseudo-TTY from script(1)) a
# line per stage and one per model as it finishes, numbered n/total; none of
# it when stderr is not a terminal, nor with --format json (whose stdout
# stays one JSON document). $1 is the ecomdw binary.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: progress_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
E() { "$ECOMDW" --log-level warn "$@"; }
E generate --scale 0.01 --seed 4 --days 6 --to "file://$work/raw" > /dev/null 2>&1 || { echo "FAIL generate"; exit 1; }
for name in tty pipe json; do E init "$work/$name" > /dev/null && cp -r "$work/raw" "$work/$name/raw"; done

# On a terminal.
script -qec "$ECOMDW --log-level warn --project $work/tty build" /dev/null > "$work/tty.out" 2>&1 \
  || { fail "build on a pseudo-TTY"; cat "$work/tty.out"; }
tr -d '\r' < "$work/tty.out" > "$work/tty.txt"
models=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["models"]))' "$work/tty/run_results.json")
[[ $models -ge 10 ]] && ok || fail "run_results.json lists $models models"
lines=$(grep -cE "^ +[0-9]+/$models +ok +[a-z_]+\.[a-z_]+ " "$work/tty.txt")
[[ $lines -eq $models ]] && ok || { fail "$lines model progress lines for $models models"; cat "$work/tty.txt"; }
grep -qE "^ +$models/$models " "$work/tty.txt" && ok || fail "no line for the last model ($models/$models)"
for stage in staging models checks; do
  grep -qE "^$stage +" "$work/tty.txt" && ok || fail "no progress line for the $stage stage"
done
grep -q "core.fact_orders" "$work/tty.txt" && ok || fail "fact_orders has no progress line"

# Not a terminal: no progress at all (stderr to a file).
E --project "$work/pipe" build > "$work/pipe.out" 2> "$work/pipe.err" || { fail "build into a pipe"; cat "$work/pipe.err"; }
! grep -qE "/$models +ok" "$work/pipe.out" "$work/pipe.err" && ok || fail "progress lines written without a terminal"

# JSON with stderr on a terminal: stdout is exactly one JSON document, and
# the terminal gets no progress.
script -qec "$ECOMDW --log-level warn --project $work/json --format json build > $work/json.stdout" /dev/null \
  > "$work/json.tty" 2>&1 || fail "json build on a pseudo-TTY"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["outcome"]=="published", d' "$work/json.stdout" \
  && ok || { fail "--format json output is not one JSON document"; head -5 "$work/json.stdout"; }
! grep -qE "/$models +ok" "$work/json.tty" && ok || fail "progress lines on the terminal with --format json"

e2e_finish "progress"
