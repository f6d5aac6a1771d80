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
