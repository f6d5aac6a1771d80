#!/usr/bin/env bash
# Builds bench/.venv: the benchmark contenders (pm4py, retentioneering) live apart from the
# project's own virtualenv so their pins never touch it. Safe to run again: it only
# reinstalls when this script or pyproject.toml changed since the last successful run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3.11}"
venv="$here/.venv"
stamp="$venv/.installed"

if [[ -f "$stamp" && "$stamp" -nt "$here/setup.sh" && "$stamp" -nt "$root/pyproject.toml" ]]; then
    exit 0
fi
command -v "$python" >/dev/null || { echo "bench/setup.sh needs $python" >&2; exit 1; }
# GNU time reports the peak resident set size of each contender's process.
if [[ ! -x /usr/bin/time ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
fi
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet \
    'pm4py>=2.7,<2.8' \
    'retentioneering>=5.2,<6' \
    'duckdb>=1.1,<3' \
    'pyarrow>=15,<27' \
    'pandas>=2.1,<4' \
    'numpy>=1.26,<3'
"$venv/bin/python" -m pip install --quiet -e "$root"
touch "$stamp"
