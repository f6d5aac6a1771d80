#!/usr/bin/env bash
# Refresh the UI message catalogs (en, pl, bg) from the web app's templates and Python code.
# Then translate every new or changed entry in pl and bg (and remove its "fuzzy" flag):
# tests/test_i18n.py fails until each message has a Polish and a Bulgarian translation.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
WEB=src/journeymap/web
LOCALES="$WEB/locales"
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml)"

# No source locations: they would change every catalog line on any edit of a template.
"$PYBABEL" extract --mapping-file "$LOCALES/babel.cfg" --output-file "$LOCALES/messages.pot" \
    --no-location --sort-output --add-comments "Translators:" \
    --project journeymap --version "$VERSION" --copyright-holder "journeymap authors" --no-wrap "$WEB"

for lang in en pl bg; do
    "$PYBABEL" update --input-file "$LOCALES/messages.pot" --output-dir "$LOCALES" \
        --domain messages --locale "$lang" --init-missing --ignore-obsolete --no-wrap \
        --ignore-pot-creation-date
done
