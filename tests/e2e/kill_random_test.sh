#!/usr/bin/env bash
# Crash safety at random moments: `ecomdw build` is killed with SIGKILL at
# KILL_POINTS (default 20) moments drawn at random over a build's whole run,
# alternately a full build of a fresh project and an incremental build (one
# appended day onto a published warehouse). After each kill:
#   - the published warehouse is either what it was before the build or, when
#     the kill came after the publish, the finished result — never anything else;
#   - the rerun publishes a warehouse equal, by fingerprint of every core and
#     marts table, to a clean build of the same raw zone.
# The seed is printed; KILL_SEED=N reproduces a run, KILL_POINTS=N sets the
# count (scripts/kill_soak.sh runs many more). $1 is the ecomdw binary.
set -uo pipefail
ECOMDW=$(realpath "${1:?usage: kill_random_test.sh PATH_TO_ECOMDW}")
source "$(dirname "$0")/lib.sh"
e2e_setup
E() { "$ECOMDW" --log-level warn "$@"; }
points=${KILL_POINTS:-20}
seed=${KILL_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "kill_random: $points points, seed $seed (KILL_SEED=$seed reproduces)"
RANDOM=$seed

# published_fp PROJECT: the published warehouse's fingerprint, or "none".
published_fp() { fingerprint "$ECOMDW" "$1" 2>/dev/null || echo none; }
ms_now() { date +%s%3N; }

# The raw zone in two states: `base` (30 days) and `grown` (base + one day).
E generate --scale 0.01 --seed 21 --days 30 --to "file://$work/base" > /dev/null 2>&1 || { echo "FAIL generate"; exit 1; }
cp -r "$work/base" "$work/grown"
cp -r "$work/base.truth" "$work/grown.truth"  # the generator continues from its truth beside the zone
E generate --to "file://$work/grown" --append-day > /dev/null 2>&1 || { echo "FAIL append-day"; exit 1; }

# Starting states, copied for every attempt: `fresh` (a project over the grown
# zone, nothing built) and `built` (the base zone built and published, then
# the appended day dropped into its bucket).
E init "$work/fresh" > /dev/null && cp -r "$work/grown" "$work/fresh/raw"
E init "$work/built" > /dev/null && cp -r "$work/base" "$work/built/raw"
E --project "$work/built" build > "$work/built.log" 2>&1 || { cat "$work/built.log"; exit 1; }
built_fp=$(published_fp "$work/built")
rm -rf "$work/built/raw" && cp -r "$work/grown" "$work/built/raw"

# References: a clean full build and a clean incremental build, each timed
# (the kill moments are drawn over that duration).
declare -A reference duration
for mode in fresh built; do
  rm -rf "$work/ref" && cp -a "$work/$mode" "$work/ref"
  t0=$(ms_now)
  E --project "$work/ref" build > "$work/ref.log" 2>&1 || { cat "$work/ref.log"; exit 1; }
  duration[$mode]=$(($(ms_now) - t0))
  reference[$mode]=$(published_fp "$work/ref")
done
[[ $(grep -c '"n"' <<<"${reference[fresh]}") -eq 13 ]] && ok || fail "reference fingerprint: ${reference[fresh]}"
[[ "${reference[fresh]}" == "${reference[built]}" ]] && ok || fail "incremental build differs from a full build"
echo "kill_random: full build ${duration[fresh]} ms, incremental build ${duration[built]} ms"

for ((i = 1; i <= points; i++)); do
  mode=$([[ $((i % 2)) -eq 1 ]] && echo fresh || echo built)
  before=$([[ $mode == fresh ]] && echo none || echo "$built_fp")
  p="$work/attempt"
  rm -rf "$p" && cp -a "$work/$mode" "$p"
  delay_ms=$((RANDOM % (duration[$mode] + 1)))
  "$ECOMDW" --log-level warn --project "$p" build > "$work/killed.log" 2>&1 &
  pid=$!
  # The random moment itself (not a wait for anything): then SIGKILL.
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null && killed=killed || killed="had finished"
  wait "$pid" 2>/dev/null
  after=$(published_fp "$p")
  if [[ "$after" == "$before" || "$after" == "${reference[$mode]}" ]]; then
    ok
  else
    fail "point $i ($mode build, ${delay_ms} ms, $killed): the published warehouse is neither the old nor the finished one"
  fi
  if ! E --project "$p" build > "$work/rerun.log" 2>&1; then
    fail "point $i ($mode build, ${delay_ms} ms, $killed): the rerun failed"
    cat "$work/rerun.log"
    continue
  fi
  [[ "$(published_fp "$p")" == "${reference[$mode]}" ]] && ok \
    || fail "point $i ($mode build, ${delay_ms} ms, $killed): after the rerun the warehouse differs from a clean build"
done

e2e_finish "kill at random moments (seed $seed)"
