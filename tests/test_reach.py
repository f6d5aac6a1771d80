"""Reach and volume per touchpoint and per channel on the journeys of ``map_support``."""

from __future__ import annotations

from typing import Any

import pytest

from engine_support import events_table
from journeymap.analytics import EventFilter
from journeymap.analytics.reach import ReachSpec, channel_reach, touchpoint_reach
from journeymap.engine import connect
from map_support import JOURNEYS, small_map


@pytest.fixture
def events() -> Any:
    return events_table(connect(), JOURNEYS)


def test_touchpoint_reach_by_hand(events: Any) -> None:
    result = touchpoint_reach(events, small_map())
    assert result.total_customers == 6  # c6 has no matched event but counts
    assert [(r["touchpoint"], r["stage"], r["channel"], r["events"], r["customers"],
             r["share_of_customers"]) for r in result.rows] == [
        ("tp-ad", "aw", "ad", 2, 2, 0.333333),
        ("tp-mail", "aw", "email", 2, 2, 0.333333),
        ("tp-web", "co", "web", 5, 5, 0.833333),
        ("tp-none", "co", "app", 0, 0, 0.0),
        ("tp-cart", "pu", "web", 2, 2, 0.333333),
        ("tp-buy", "pu", "web", 1, 1, 0.166667),
        ("tp-help", "se", "phone", 1, 1, 0.166667),
    ]


def test_channel_reach_by_hand(events: Any) -> None:
    result = channel_reach(events)
    assert result.columns == ("channel", "events", "customers", "share_of_customers")
    assert result.rows == (
        {"channel": "web", "events": 11, "customers": 5, "share_of_customers": 0.833333},
        {"channel": "ad", "events": 2, "customers": 2, "share_of_customers": 0.333333},
        {"channel": "email", "events": 2, "customers": 2, "share_of_customers": 0.333333},
        {"channel": "phone", "events": 1, "customers": 1, "share_of_customers": 0.166667},
        {"channel": None, "events": 1, "customers": 1, "share_of_customers": 0.166667},
    )


def test_reach_in_scope_only(events: Any) -> None:
    spec = ReachSpec(filters=EventFilter(channels=("email",)))
    reach = touchpoint_reach(events, small_map(), spec)
    assert reach.total_customers == 2
    assert [r["customers"] for r in reach.rows] == [0, 2, 0, 0, 0, 0, 0]
    empty = touchpoint_reach(events, small_map(), customers=["nobody"])
    assert empty.total_customers == 0 and empty.rows[0]["share_of_customers"] is None
    assert channel_reach(events, customers=["c4"]).rows == (
        {"channel": "web", "events": 1, "customers": 1, "share_of_customers": 1.0},)
