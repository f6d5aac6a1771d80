"""The benchmark's hand-written DuckDB reference queries, on a small hand-built file."""

from __future__ import annotations

import argparse
import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from bench_support import load

contenders = load("contenders")
T0 = datetime(2026, 3, 1, tzinfo=UTC)

# (customer, seconds after T0, event); c1 has a tie at 10 s, decided by input order
EVENTS = [
    ("c1", 0, "view"), ("c1", 10, "cart"), ("c1", 10, "view"), ("c1", 40, "cart"),
    ("c1", 100, "buy"),
    ("c2", 5, "view"), ("c2", 65, "cart"), ("c2", 4000, "buy"),
    ("c3", 7, "view"),
    ("c4", 1, "cart"), ("c4", 2, "view"),
    ("c5", 50, "view"),
]


def _write(rows: list[tuple[str, int, str]], path: Path) -> Path:
    table = pa.table({
        "customer_id": [c for c, _, _ in rows],
        "timestamp": pa.array([T0 + timedelta(seconds=s) for _, s, _ in rows],
                              pa.timestamp("us", tz="UTC")),
        "event": [e for _, _, e in rows],
    })
    if path.suffix == ".parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)
    return path


@pytest.fixture
def events(tmp_path: Path) -> Path:
    return _write(EVENTS, tmp_path / "events.parquet")


def _run(analysis: str, events: Path, **options: object) -> list[list[str]]:
    out = events.with_name(f"{analysis}-{events.suffix[1:]}.csv")
    args = argparse.Namespace(steps="", window_seconds=None, top=20)
    vars(args).update(options)
    contenders.RUNNERS[("duckdb", analysis)](events, out, args)
    with out.open(newline="") as handle:
        return list(csv.reader(handle))


def test_transitions_counts_customers_and_medians(events: Path) -> None:
    assert _run("transitions", events) == [
        ["from_event", "to_event", "transitions", "customers", "median_seconds"],
        ["view", "cart", "3", "2", "30.0"],  # c1 0->10 (10 s), 10->40 (30 s), c2 5->65 (60 s)
        ["cart", "buy", "2", "2", "1997.5"],  # c1 40->100 (60 s), c2 65->4000 (3935 s)
        ["cart", "view", "2", "2", "0.5"],  # c1 10->10 (the tie, input order), c4 1->2
    ]


def test_funnel_without_window(events: Path) -> None:
    assert _run("funnel", events, steps="view,cart,buy") == [
        ["step", "event", "customers", "conversion_from_previous", "conversion_from_first",
         "median_seconds_from_previous"],
        ["1", "view", "5", "1.0", "1.0", ""],
        ["2", "cart", "2", "0.4", "0.4", "35.0"],  # c4's cart comes before its view
        ["3", "buy", "2", "1.0", "0.4", "2012.5"],  # c1 90 s, c2 3935 s
    ]


def test_funnel_window_counts_from_step_one_inclusive(events: Path) -> None:
    rows = _run("funnel", events, steps="view,cart,buy", window_seconds=100.0)
    assert rows[1:] == [
        ["1", "view", "5", "1.0", "1.0", ""],
        ["2", "cart", "2", "0.4", "0.4", "35.0"],
        ["3", "buy", "1", "0.5", "0.2", "90.0"],  # c1's buy is exactly 100 s after its view
    ]


def test_funnel_step_nobody_reaches(events: Path) -> None:
    assert _run("funnel", events, steps="buy,view")[1:] == [
        ["1", "buy", "2", "1.0", "1.0", ""],
        ["2", "view", "0", "0.0", "0.0", ""],
    ]


def test_paths_top_n_with_shares(events: Path) -> None:
    assert _run("paths", events, top=2) == [
        ["path", "customers", "share"],
        ["view", "2", "0.4"],
        ["cart > view", "1", "0.2"],
    ]
    assert _run("paths", events)[3:] == [
        ["view > cart > buy", "1", "0.2"],
        ["view > cart > view > cart > buy", "1", "0.2"],
    ]


def test_csv_gives_the_parquet_answers_when_there_are_no_ties(tmp_path: Path) -> None:
    untied = [(c, s + (1 if (c, s, e) == ("c1", 10, "view") else 0), e) for c, s, e in EVENTS]
    parquet = _write(untied, tmp_path / "untied.parquet")
    text = _write(untied, tmp_path / "untied.csv")
    for analysis, options in (("transitions", {}), ("paths", {}),
                              ("funnel", {"steps": "view,cart,buy"})):
        assert _run(analysis, text, **options) == _run(analysis, parquet, **options)
