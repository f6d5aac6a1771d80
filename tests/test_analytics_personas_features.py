"""Features per customer for personas, on hand-built events, transactions and customers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from engine_support import events_table
from journeymap.analytics.personas_features import (
    FeatureSpec,
    attribute_kinds,
    customer_features,
)
from journeymap.analytics.spec import EventFilter
from journeymap.engine import from_arrow
from journeymap.errors import InputError, SpecError
from map_support import JOURNEYS, small_map

# latest event 2024-03-03 10:00, so D = 2024-03-03 and the day ends 2024-03-04 00:00
EVENTS = [
    ("c1", "2024-03-01 10:00", "view", "web"),
    ("c1", "2024-03-01 11:00", "cart", "web"),
    ("c1", "2024-03-03 10:00", "buy", "app", 30.0),
    ("c2", "2024-03-02 09:00", "view", "app"),
    ("c3", "2024-01-01 10:00", "view", "store"),
    ("c3", "2024-01-02 10:00", "view", "web"),
]


def table(con: Any, name: str, columns: dict[str, list[Any]]) -> Any:
    return from_arrow(con, name, pa.table(columns))


def customers(con: Any) -> Any:
    return table(con, "customers", {
        "customer_id": ["c1", "c2", "c3", "c4"], "import_id": ["i"] * 4,
        "age": ["30", "40", "50", "20"], "tier": ["gold", "none", None, "gold"],
        "note": ["a", "b", "c", "d"]})


def transactions(con: Any) -> Any:
    return table(con, "transactions", {"customer_id": ["c1", "c1", "c3"],
                                       "value": [30.0, 50.0, 10.0]})


def by_customer(found: Any) -> dict[str, dict[str, Any]]:
    return {row["customer_id"]: row for row in found.rows}


def test_behaviour_transactions_and_attributes(con: Any) -> None:
    found = customer_features(events_table(con, EVENTS), FeatureSpec(max_levels=3),
                              customers=customers(con), transactions=transactions(con))
    assert found.as_of == date(2024, 3, 3)
    assert found.numeric == ("events", "active_days", "journey_days", "recency_days",
                             "channels_used", "share_web", "share_app", "share_store",
                             "orders", "spend", "basket", "age")
    # "note" has 4 levels > max_levels 3: an id-like column, left out
    assert found.categorical == ("main_channel", "tier")
    rows = by_customer(found)
    assert list(rows) == ["c1", "c2", "c3"]  # c4 has no event: not a customer with activity
    assert rows["c1"] == {
        "customer_id": "c1", "events": 3, "active_days": 2, "journey_days": 2.0,
        "recency_days": 0.583333, "churned": 0, "channels_used": 2, "main_channel": "web",
        "share_web": 0.666667, "share_app": 0.333333, "share_store": 0.0,
        "orders": 2, "spend": 80.0, "basket": 40.0, "age": 30.0, "tier": "gold"}
    assert rows["c2"]["basket"] is None and rows["c2"]["orders"] == 0
    assert rows["c2"]["recency_days"] == 1.625 and rows["c2"]["journey_days"] == 0.0
    # a tie (one store, one web event) goes to the first channel name
    assert rows["c3"]["main_channel"] == "store"
    assert rows["c3"]["recency_days"] == 61.583333 and rows["c3"]["churned"] == 0
    assert rows["c3"]["tier"] == "(none)"


def test_churn_window_and_date(con: Any) -> None:
    spec = FeatureSpec(churn_window_seconds=30 * 86400.0)
    rows = by_customer(customer_features(events_table(con, EVENTS), spec))
    assert {c: r["churned"] for c, r in rows.items()} == {"c1": 0, "c2": 0, "c3": 1}
    early = FeatureSpec(as_of=date(2024, 3, 1))
    rows = by_customer(customer_features(events_table(con, EVENTS), early))
    # only events up to the end of 2024-03-01 count
    assert rows["c1"]["events"] == 2 and "c2" not in rows
    assert rows["c1"]["recency_days"] == round(13 / 24, 6)


def test_orders_from_event_values_without_transactions(con: Any) -> None:
    rows = by_customer(customer_features(events_table(con, EVENTS)))
    assert (rows["c1"]["orders"], rows["c1"]["spend"], rows["c1"]["basket"]) == (1, 30.0, 30.0)
    assert rows["c3"]["orders"] == 0


def test_stage_reached_from_the_map(con: Any) -> None:
    found = customer_features(events_table(con, JOURNEYS), journey_map=small_map())
    assert "stage_reached" in found.numeric
    # map_support.LABELS: c1 reaches se (4th), c2 pu, c3-c5 co, c6 nothing
    assert {r["customer_id"]: r["stage_reached"] for r in found.rows} == {
        "c1": 4, "c2": 3, "c3": 2, "c4": 2, "c5": 2, "c6": 0}


def test_filters_and_empty_scope(con: Any) -> None:
    events = events_table(con, EVENTS)
    spec = FeatureSpec(filters=EventFilter(channels=("app",)))
    rows = by_customer(customer_features(events, spec))
    assert list(rows) == ["c1", "c2"] and rows["c1"]["events"] == 1
    nothing = FeatureSpec(filters=EventFilter(date_from=date(2030, 1, 1)))
    assert customer_features(events, nothing).rows == ()


def test_attribute_choice_and_errors(con: Any) -> None:
    table_ = customers(con)
    assert attribute_kinds(table_, FeatureSpec(attributes=("note",))) == ([], ["note"])
    with pytest.raises(InputError, match="no attribute 'height'"):
        attribute_kinds(table_, FeatureSpec(attributes=("height",)))
    with pytest.raises(SpecError):
        FeatureSpec(max_levels=1)
    bad = table(con, "bad", {"customer_id": ["c1"]})
    with pytest.raises(InputError, match="lack the column 'value'"):
        customer_features(events_table(con, EVENTS), transactions=bad)
