#!/usr/bin/env bash
# `ecomdw deploy render`: the CloudFormation templates of ecomdw.toml.
#
# Proven here, offline: cfn-lint (AWS's own resource schemas, Redshift
# Serverless included) finds no error in any template; the committed
# deploy/cloudformation/ equals a fresh render of the built-in project (no
# drift); and, in tests/e2e/deploy/check_templates.py, what cfn-lint does not
# judge: capacity and names from the config, enhanced VPC routing, the public
# access block, the role reading exactly the raw bucket. What AWS alone can
# prove (the stacks create, the workgroup serves) is in docs/deploy.md.
set -uo pipefail
ECOMDW=${1:?usage: deploy_render_test.sh PATH_TO_ECOMDW}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
e2e_setup

expect() {  # expect NAME WANT_RC CMD... ; stdout+stderr in $out
  local name=$1 want=$2
  shift 2
  out=$("$@" 2>&1)
  local rc=$?
  if [[ $rc -ne $want ]]; then
    fail "$name: exit $rc, want $want"; echo "$out" | head -20
    return 1
  fi
  ok
}
contains() {  # contains NAME NEEDLE (in $out)
  if grep -qF -- "$2" <<<"$out"; then ok; else fail "$1: output lacks: $2"; echo "$out" | head -20; fi
}

command -v cfn-lint >/dev/null || { fail "cfn-lint is not installed (the machine image has it)"; e2e_finish deploy_render; exit 1; }

# The built-in project, rendered fresh, equals what is committed.
expect render-builtin 0 "$ECOMDW" --project "$repo/project" deploy render --out "$work/builtin"
contains render-prints-storage "$work/builtin/storage.json"
for f in storage.json warehouse.json; do
  if diff -u "$repo/deploy/cloudformation/$f" "$work/builtin/$f" >"$work/drift.diff"; then
    ok
  else
    fail "deploy/cloudformation/$f differs from a fresh render (run: ecomdw --project project deploy render)"
    head -40 "$work/drift.diff"
  fi
done
[[ $(ls "$work/builtin" | wc -l) -eq 2 ]] && ok || fail "render wrote other files than the two templates"

# cfn-lint: no errors (exit 2) and no warnings (exit 4) in any template.
for f in "$work"/builtin/*.json; do
  expect "cfn-lint $(basename "$f")" 0 cfn-lint --regions us-east-1 -- "$f"
done

# A project whose config changed: 64 RPU, another workgroup and region. The
# template follows, and cfn-lint passes it too (in its region).
expect init 0 "$ECOMDW" init "$work/p"
sed -i -e 's/^base_capacity_rpu = 128/base_capacity_rpu = 64/' \
       -e 's/^name = "ecommerce-data-warehouse-workgroup"/name = "team-wg"/' \
       -e 's/^region = "us-east-1"/region = "eu-west-1"/' \
       -e 's/ecommerce-data-warehouse-workgroup\.123456789012\.us-east-1/team-wg.123456789012.eu-west-1/' \
       -e 's/^deploy_bucket = "ecommerce-raw-data"/deploy_bucket = "team-raw-zone"/' "$work/p/ecomdw.toml"
expect render-changed 0 "$ECOMDW" --project "$work/p" --format json deploy render --out "$work/changed"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["base_capacity_rpu"] == 64 and len(d["files"]) == 2, d' \
  <<<"$out" && ok || fail "render --format json does not report 64 RPU and two files: $out"
for f in "$work"/changed/*.json; do
  expect "cfn-lint changed $(basename "$f")" 0 cfn-lint --regions eu-west-1 -- "$f"
done

# What cfn-lint does not judge, over the parsed templates.
if python3 "$here/deploy/check_templates.py" "$work/builtin" "$work/changed"; then ok; else fail "check_templates.py"; fi

# Refused as AWS would refuse them, naming the key; nothing written.
cp "$work/p/ecomdw.toml" "$work/ecomdw.toml.good"
sed -i 's/^base_capacity_rpu = 64/base_capacity_rpu = 100/' "$work/p/ecomdw.toml"
expect capacity-100 2 "$ECOMDW" --project "$work/p" deploy render --out "$work/refused"
contains capacity-100 "workgroup.base_capacity_rpu 100: must be a multiple of 8"
contains capacity-100-names-file "$work/p/ecomdw.toml:"
[[ ! -e "$work/refused" ]] && ok || fail "a refused render wrote $work/refused"

sed -i 's/^base_capacity_rpu = 100/base_capacity_rpu = 2048/' "$work/p/ecomdw.toml"
expect capacity-2048 2 "$ECOMDW" --project "$work/p" deploy render --out "$work/refused"
contains capacity-2048 "workgroup.base_capacity_rpu 2048"

cp "$work/ecomdw.toml.good" "$work/p/ecomdw.toml"
sed -i 's/^name = "team-wg"/name = "Team_WG"/' "$work/p/ecomdw.toml"
expect bad-workgroup-name 2 "$ECOMDW" --project "$work/p" deploy render --out "$work/refused"
contains bad-workgroup-name 'workgroup.name'

cp "$work/ecomdw.toml.good" "$work/p/ecomdw.toml"
sed -i 's/^deploy_bucket = "team-raw-zone"/deploy_bucket = "Team_Raw"/' "$work/p/ecomdw.toml"
expect bad-bucket-name 2 "$ECOMDW" --project "$work/p" deploy render --out "$work/refused"
contains bad-bucket-name 'bucket.deploy_bucket'

cp "$work/ecomdw.toml.good" "$work/p/ecomdw.toml"
sed -i 's/^port = 5439/port = 6000/' "$work/p/ecomdw.toml"
expect bad-port 2 "$ECOMDW" --project "$work/p" deploy render --out "$work/refused"
contains bad-port 'targets.redshift.port 6000: Redshift Serverless accepts 5431-5455 or 8191-8215'

cp "$work/ecomdw.toml.good" "$work/p/ecomdw.toml"
sed -i 's/team-wg\.123456789012\.eu-west-1/other-wg.123456789012.eu-west-1/' "$work/p/ecomdw.toml"
expect host-names-other-workgroup 2 "$ECOMDW" --project "$work/p" deploy render --out "$work/refused"
contains host-names-other-workgroup 'targets.redshift.host'
[[ ! -e "$work/refused" ]] && ok || fail "a refused render wrote $work/refused"

expect deploy-needs-a-subcommand 2 "$ECOMDW" --project "$work/p" deploy

e2e_finish deploy_render
