"""The same analyses on DuckDB and on Spark (local mode) give identical results."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engine_support import events_table, on_both_engines
from journeymap.analytics import (
    ChurnSpec,
    EventFilter,
    FunnelSpec,
    PathsSpec,
    TransitionsSpec,
    churn,
    funnel,
    paths,
    transitions,
)
from journeymap.analytics.kpis_events import EventKpiSpec, event_kpis
from journeymap.engine import backend_kind, connect, store_events

pytestmark = pytest.mark.spark

# ties in time (input order decides), sub-second gaps, repeats, single-event customers,
# a window edge (c3 buys exactly one day after its view), several channels
JOURNEYS = [
    ("c1", "2024-03-01 10:00:00", "view", "web"),
    ("c1", "2024-03-01 10:00:00", "view", "web"),
    ("c1", "2024-03-01 10:00:00.250", "cart", "web"),
    ("c1", "2024-03-01 11:00:00", "buy", "web"),
    ("c2", "2024-03-01 09:00:00", "view", "app"),
    ("c2", "2024-03-01 09:05:00", "buy", "app"),
    ("c2", "2024-03-01 09:06:00", "cart", "app"),
    ("c3", "2024-03-02 09:00:00", "view", "web"),
    ("c3", "2024-03-02 12:00:00", "cart", "email"),
    ("c3", "2024-03-03 09:00:00", "buy", "web"),
    ("c4", "2023-11-04 09:00:00", "view", "web"),
    ("c5", "2024-03-04 09:00:00", "buy", "store"),
    ("c5", "2024-03-04 09:00:00", "view", "store"),
]

SPECS: list[tuple[Any, Any]] = [
    (transitions, TransitionsSpec()),
    (transitions, TransitionsSpec(filters=EventFilter(channels=("web",)))),
    (funnel, FunnelSpec(steps=("view", "cart", "buy"))),
    (funnel, FunnelSpec(steps=("view", "cart", "buy"), window_seconds=86400)),
    (funnel, FunnelSpec(steps=("view", "view", "cart"), window_seconds=1)),
    (paths, PathsSpec()),
    (paths, PathsSpec(collapse_repeats=True, top=2)),
    (churn, ChurnSpec()),
    (churn, ChurnSpec(as_of=date(2024, 3, 2), window_seconds=86400,
                      filters=EventFilter(date_from=date(2024, 1, 1)))),
    (event_kpis, EventKpiSpec(conversion_events=("buy",))),
    (event_kpis, EventKpiSpec(by="channel", conversion_events=("buy",))),
    (event_kpis, EventKpiSpec(by="month", window_seconds=86400, conversion_events=("buy",))),
]


@pytest.mark.parametrize(("analysis", "spec"), SPECS,
                         ids=[f"{a.__name__}-{i}" for i, (a, _) in enumerate(SPECS)])
def test_same_results_on_duckdb_and_spark(spark: Any, analysis: Any, spec: Any) -> None:
    on_duckdb, on_spark = on_both_engines(spark, JOURNEYS, lambda ev: analysis(ev, spec))
    assert on_spark == on_duckdb
    assert on_duckdb.rows  # something was computed, not two empty results


def test_customer_subset_on_spark(spark: Any) -> None:
    events = events_table(spark, JOURNEYS)
    subset = events_table(spark, [("c2", "2024-01-01 00:00:00", "x")], name="subset")
    expected = transitions(events_table(connect(), JOURNEYS), customers=["c2"])
    assert transitions(events, customers=subset) == expected
    assert [row["transitions"] for row in expected.rows] == [1, 1]


def test_workspace_store_runs_on_spark(spark: Any, tmp_path: Path) -> None:
    import duckdb

    store = tmp_path / "analytics.duckdb"
    con = duckdb.connect(str(store))
    con.execute("create table events as select * from (values "
                "('c1', timestamp '2024-01-01 10:00:00', 'view', 0::bigint), "
                "('c1', timestamp '2024-01-01 10:00:30', 'buy', 1::bigint)) "
                "t(customer_id, timestamp, event, seq)")
    con.close()
    events = store_events(store, "spark")
    assert backend_kind(events) == "pyspark"
    assert transitions(events).rows == (
        {"from_event": "view", "to_event": "buy", "transitions": 1, "customers": 1,
         "median_seconds": 30.0, "p90_seconds": 30.0},
    )


def test_cli_on_a_file_with_the_spark_engine(spark: Any, tmp_path: Path) -> None:
    from cli_support import per_engine

    events = tmp_path / "events.csv"
    events.write_text("customer_id,timestamp,event\n"
                      "c1,2024-01-01T10:00:00Z,view\nc1,2024-01-01T10:00:00Z,buy\n"
                      "c2,2024-01-02T10:00:00Z,view\nc2,2024-01-02T10:01:30Z,buy\n",
                      encoding="utf-8")
    outputs = per_engine("analyze", "transitions", "--events", events, "--format", "csv",
                         "-w", tmp_path)
    assert outputs["spark"] == outputs["duckdb"] == (
        "from_event,to_event,transitions,customers,median_seconds\nview,buy,2,2,45.0\n")
