#!/usr/bin/env bash
# Vendor the web app's front-end libraries from the npm registry, pinned, with their licences.
# The copies are committed so the app works offline; rerun this only to change a version
# (and update src/journeymap/web/static/vendor/README.md and the template script tags).
set -euo pipefail

HTMX_VERSION=2.0.11
SORTABLE_VERSION=1.15.7
ECHARTS_VERSION=6.1.0

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/src/journeymap/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "htmx.org@$HTMX_VERSION" "sortablejs@$SORTABLE_VERSION" "echarts@$ECHARTS_VERSION" >/dev/null

copy() {  # copy <package> <version> <files...>: dist files plus the licence
  local package="$1" version="$2"
  shift 2
  local target="$vendor/$package-$version"
  rm -rf "$target"
  mkdir -p "$target"
  for file in "$@"; do
    cp "node_modules/$package/$file" "$target/"
  done
  cp node_modules/"$package"/LICENSE* "$target/"
  # Apache-2.0 packages ship a NOTICE that must travel with the copy
  if compgen -G "node_modules/$package/NOTICE*" >/dev/null; then
    cp node_modules/"$package"/NOTICE* "$target/"
  fi
}

copy htmx.org "$HTMX_VERSION" dist/htmx.min.js
copy sortablejs "$SORTABLE_VERSION" Sortable.min.js
copy echarts "$ECHARTS_VERSION" dist/echarts.min.js
echo "vendored into $vendor:"
ls -R "$vendor" | sed 's/^/  /'

# -- places map (H7): Leaflet, marker clustering, and the offline basemap -----------------
# (a second npm install keeps the block self-contained; integrity hashes are in the README)
LEAFLET_VERSION=1.9.4
MARKERCLUSTER_VERSION=1.5.3
WORLD_ATLAS_VERSION=2.0.2
TOPOJSON_CLIENT_VERSION=3.1.0
npm install --no-audit --no-fund --ignore-scripts --save-exact "leaflet@$LEAFLET_VERSION" \
  "leaflet.markercluster@$MARKERCLUSTER_VERSION" "world-atlas@$WORLD_ATLAS_VERSION" \
  "topojson-client@$TOPOJSON_CLIENT_VERSION" >/dev/null
copy leaflet "$LEAFLET_VERSION" dist/leaflet.js dist/leaflet.css
mkdir -p "$vendor/leaflet-$LEAFLET_VERSION/images"
cp node_modules/leaflet/dist/images/* "$vendor/leaflet-$LEAFLET_VERSION/images/"
# markercluster names its licence MIT-LICENCE.txt, which the LICENSE* glob in copy() misses
copy leaflet.markercluster "$MARKERCLUSTER_VERSION" dist/leaflet.markercluster.js \
  dist/MarkerCluster.css dist/MarkerCluster.Default.css MIT-LICENCE.txt
# 1:110m country outlines only (Natural Earth, public domain; packaged under ISC): ~108 KB
copy world-atlas "$WORLD_ATLAS_VERSION" countries-110m.json
copy topojson-client "$TOPOJSON_CLIENT_VERSION" dist/topojson-client.min.js
echo "npm integrity of the places packages (record them in the vendor README):"
node -e 'const l=require("./package-lock.json").packages; for (const [k,v] of Object.entries(l)) if (/leaflet|world-atlas|topojson-client/.test(k)) console.log(k, v.version, v.integrity)'
