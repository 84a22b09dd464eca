#!/usr/bin/env bash
# Fetches Apache ECharts 6.1.0 from the npm registry, pinned by version and
# integrity hash, without running any package script, and keeps only the
# minified browser bundle and its licence. The build embeds the bundle into
# the binary (src/report/echarts_asset.cc), so `ecomdw report` writes pages
# that work offline from any folder. Result: third_party/echarts/. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

DEST=third_party/echarts
VERSION=6.1.0
INTEGRITY="sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="
STAMP="$DEST/.pinned-$VERSION"
[[ -f "$STAMP" ]] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$work" && npm pack --ignore-scripts --silent "echarts@$VERSION")
actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
if [[ "$actual" != "$INTEGRITY" ]]; then
  echo "fetch_echarts: integrity mismatch for echarts@$VERSION: got $actual" >&2
  exit 1
fi
tar xzf "$work/$tarball" -C "$work"
mkdir -p "$DEST"
cp "$work/package/dist/echarts.min.js" "$work/package/LICENSE" "$DEST/"
touch "$STAMP"
echo "setup: ECharts $VERSION installed in $DEST"
