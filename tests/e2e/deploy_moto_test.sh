#!/usr/bin/env bash
# The storage stack (raw bucket + Redshift role) deployed into moto_server's
# CloudFormation with IAM enforced, and the role's policy used through it.
# Which part is proven here and which only by cfn-lint or on AWS: see the
# docstring of tests/e2e/deploy/moto_deploy.py. $1 is the ecomdw binary.
set -euo pipefail
exec python3 "$(dirname "$0")/deploy/moto_deploy.py" "$1"
