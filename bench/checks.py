"""Correctness where contenders are comparable: the same numbers from the same data.

Outputs are CSV files keyed by the analysis's key columns; two outputs are compared on the
columns both have. ``paths`` outputs of our CLI and of the DuckDB reference hold the top N
only, while pm4py lists every variant, so a top-N output is checked key by key against a
complete one, and two top-N outputs by their counts (ties at the cut may pick other paths).
"""

from __future__ import annotations

import csv
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

KEYS = {"transitions": ("from_event", "to_event"), "funnel": ("step",), "paths": ("path",)}
#: Contenders whose output lists only the top N rows of an analysis.
TOP_N = {("ours", "paths"), ("duckdb", "paths")}
#: Contender analyses that mean the same as ours only when the funnel has no window.
WINDOWLESS_ONLY = {("retentioneering", "funnel")}
SHOWN = 3  # differing rows named in a report


@dataclass(frozen=True)
class Check:
    dataset: str
    analysis: str
    left: str
    right: str
    ok: bool
    compared: str  # the columns compared
    rows: int  # the rows compared (at least)
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_rows(path: Path, keys: tuple[str, ...]) -> dict[tuple[str, ...], dict[str, str]]:
    with path.open(newline="") as handle:
        return {tuple(row[k] for k in keys): row for row in csv.DictReader(handle)}


def columns_of(path: Path) -> list[str]:
    with path.open(newline="") as handle:
        return next(csv.reader(handle), [])


def same_value(a: str, b: str) -> bool:
    """Equal as numbers within 1e-6 (CSV writers round differently), else as text."""
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return a.strip() == b.strip()
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6)


def compare(dataset: str, analysis: str, left: tuple[str, Path], right: tuple[str, Path],
            windowed: bool) -> Check | None:
    """Compare two contenders' outputs; None when they have nothing comparable."""
    (lname, lpath), (rname, rpath) = left, right
    if windowed and ({(lname, analysis), (rname, analysis)} & WINDOWLESS_ONLY):
        return None
    keys = KEYS[analysis]
    shared = [c for c in columns_of(lpath) if c in columns_of(rpath) and c not in keys]
    if not shared:
        return None
    lrows, rrows = read_rows(lpath, keys), read_rows(rpath, keys)
    problems = _differences(lrows, rrows, shared,
                            (lname, analysis) in TOP_N, (rname, analysis) in TOP_N)
    detail = "; ".join(problems[:SHOWN]) + (" ..." if len(problems) > SHOWN else "")
    return Check(dataset, analysis, lname, rname, not problems, ", ".join(shared),
                 min(len(lrows), len(rrows)), detail)


def _differences(lrows: dict[tuple[str, ...], dict[str, str]],
                 rrows: dict[tuple[str, ...], dict[str, str]], columns: list[str],
                 ltop: bool, rtop: bool) -> list[str]:
    problems: list[str] = []
    if ltop and rtop:
        counts = sorted(int(r[columns[0]]) for r in lrows.values())
        other = sorted(int(r[columns[0]]) for r in rrows.values())
        if counts != other:
            problems.append(f"top-N {columns[0]} differ: {counts[-SHOWN:]} vs {other[-SHOWN:]}")
        keys = set(lrows) & set(rrows)
    elif ltop or rtop:
        keys = set(lrows if ltop else rrows)
    else:
        keys = set(lrows) | set(rrows)
    for key in sorted(keys):
        a, b = lrows.get(key), rrows.get(key)
        if a is None or b is None:
            problems.append(f"{' > '.join(key)[:80]} only in {'right' if a is None else 'left'}")
            continue
        for column in columns:
            if not same_value(a[column], b[column]):
                problems.append(f"{'|'.join(key)[:80]} {column}: {a[column]} vs {b[column]}")
    return problems


def check_all(dataset: str, analysis: str, outputs: dict[str, Path],
              windowed: bool) -> list[Check]:
    """Ours against every other contender, and the DuckDB reference against the rest."""
    pairs = [("ours", other) for other in outputs if other != "ours"]
    pairs += [("duckdb", other) for other in outputs if other not in ("ours", "duckdb")]
    checks = []
    for left, right in pairs:
        if left in outputs:
            check = compare(dataset, analysis, (left, outputs[left]), (right, outputs[right]),
                            windowed)
            if check is not None:
                checks.append(check)
    return checks
