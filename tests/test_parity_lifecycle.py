"""Time to convert, repeats, loops and retention give identical results on DuckDB and Spark."""

from __future__ import annotations

from typing import Any

import pytest

from engine_support import events_table, on_both_engines
from journeymap.analytics import (
    ConversionSpec,
    EventFilter,
    LoopsSpec,
    RepeatsSpec,
    RetentionSpec,
    loops,
    repeats,
    retention,
    time_to_convert,
)
from journeymap.engine import connect

pytestmark = pytest.mark.spark

# ties in time (input order decides), sub-second gaps, a customer converting twice, a
# single-event customer, overlapping loops with a double event, a year edge, a Sunday
JOURNEYS = [
    ("c1", "2023-12-31 23:00:00", "view", "web"),
    ("c1", "2023-12-31 23:00:00", "buy", "web"),
    ("c1", "2024-01-01 00:00:00.250", "login", "app"),
    ("c1", "2024-01-01 00:01:00", "failed", "app"),
    ("c1", "2024-01-01 00:02:00", "reset", "app"),
    ("c1", "2024-01-01 00:03:00", "login", "app"),
    ("c1", "2024-01-01 00:04:00", "failed", "app"),
    ("c1", "2024-01-01 00:04:00", "failed", "app"),
    ("c1", "2024-01-01 00:05:00", "reset", "app"),
    ("c1", "2024-01-01 00:06:00", "login", "app"),
    ("c1", "2024-02-03 00:06:00", "buy", "web"),
    ("c2", "2024-01-07 09:00:00", "view", "web"),
    ("c2", "2024-01-07 09:00:00", "help", "web"),
    ("c2", "2024-01-07 09:00:00", "view", "web"),
    ("c2", "2024-01-08 09:00:00", "help", "web"),
    ("c2", "2024-03-08 09:00:00", "buy", "store"),
    ("c3", "2024-02-29 12:00:00", "view", "web"),
]

SPECS: list[tuple[Any, Any]] = [
    (time_to_convert, ConversionSpec(converted_by=("buy",))),
    (time_to_convert, ConversionSpec(start=("view", "help"), converted_by=("buy", "reset"))),
    (time_to_convert, ConversionSpec(converted_by=("buy",),
                                     filters=EventFilter(channels=("web",)))),
    (repeats, RepeatsSpec()),
    (loops, LoopsSpec()),
    (loops, LoopsSpec(length=3, top=2)),
    (retention, RetentionSpec(by="week")),
    (retention, RetentionSpec(by="month", filters=EventFilter(date_from="2024-01-01"))),
]


@pytest.mark.parametrize(("analysis", "spec"), SPECS,
                         ids=[f"{a.__name__}-{i}" for i, (a, _) in enumerate(SPECS)])
def test_same_results_on_duckdb_and_spark(spark: Any, analysis: Any, spec: Any) -> None:
    on_duckdb, on_spark = on_both_engines(spark, JOURNEYS, lambda ev: analysis(ev, spec))
    assert on_spark == on_duckdb
    assert on_duckdb.rows  # something was computed, not two empty results


def test_customer_subset_on_spark(spark: Any) -> None:
    events = events_table(spark, JOURNEYS)
    subset = events_table(spark, [("c1", "2024-01-01 00:00:00", "x")], name="subset")
    expected = loops(events_table(connect(), JOURNEYS), customers=["c1"])
    assert loops(events, customers=subset) == expected
    assert [row["occurrences"] for row in expected.rows][:1] == [2]  # login > failed > ...
