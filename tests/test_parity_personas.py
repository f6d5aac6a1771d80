"""Persona features and typical paths give identical results on DuckDB and on Spark."""

from __future__ import annotations

from typing import Any

import ibis
import pyarrow as pa
import pytest

from engine_support import on_both_engines
from journeymap.analytics.personas_describe import typical_paths
from journeymap.analytics.personas_features import FeatureSpec, customer_features
from journeymap.engine import backend_kind, from_arrow
from map_support import JOURNEYS, small_map

pytestmark = pytest.mark.spark

# JOURNEYS plus values (orders from events) and a customer active long before the rest
ROWS = [*JOURNEYS, ("c2", "2024-03-01 09:50:00", "buy", "web", 120.5),
        ("c7", "2023-10-01 08:00:00", "buy", "store", 40.0)]


def _with_tables(events: Any) -> tuple[Any, Any]:
    con = ibis.get_backend(events)
    customers = from_arrow(con, "customers", pa.table({
        "customer_id": ["c1", "c2", "c3", "c7"], "age": ["31", "45", "27", "60"],
        "tier": ["gold", None, "none", "gold"]}))
    transactions = from_arrow(con, "transactions", pa.table({
        "customer_id": ["c1", "c2", "c2"], "value": [10.0, 20.0, 35.5]}))
    return customers, transactions


def _features(events: Any, transactions: bool) -> Any:
    customers, paid = _with_tables(events)
    return customer_features(events, FeatureSpec(churn_window_seconds=86400.0),
                             customers=customers, transactions=paid if transactions else None,
                             journey_map=small_map())


@pytest.mark.parametrize("transactions", [True, False], ids=["transactions", "event-values"])
def test_features_on_duckdb_and_spark(spark: Any, transactions: bool) -> None:
    on_duckdb, on_spark = on_both_engines(spark, ROWS, lambda ev: _features(ev, transactions))
    assert on_spark == on_duckdb
    assert len(on_duckdb.rows) == 7
    assert {row["customer_id"]: row["churned"] for row in on_duckdb.rows}["c7"] == 1


def test_typical_paths_on_duckdb_and_spark(spark: Any) -> None:
    def run(events: Any) -> Any:
        con = ibis.get_backend(events)
        members = from_arrow(con, "members", pa.table({
            "customer_id": ["c1", "c2", "c3", "c4", "c5"],
            "persona": ["a", "a", "b", "b", "b"]}))
        assert backend_kind(members) == backend_kind(events)
        return typical_paths(events, members, journey_map=small_map())

    on_duckdb, on_spark = on_both_engines(spark, ROWS, run)
    assert on_spark == on_duckdb
    # a: c1 aw>co>pu>se, c2 aw>co>pu; b: c3 co>aw, c4 co, c5 aw>co; ties: first in text order
    assert on_duckdb == {"a": ("aw > co > pu", 0.5), "b": ("aw > co", 0.333333)}
