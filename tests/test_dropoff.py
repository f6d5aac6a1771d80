"""Drop-off by touchpoint on the hand-built journeys of ``map_support`` (worked by hand)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_support import events_table, property_settings
from journeymap.analytics import EventFilter
from journeymap.analytics.dropoff import DropoffSpec, dropoff
from journeymap.engine import connect
from journeymap.errors import SpecError
from map_support import JOURNEYS, small_map


@pytest.fixture
def events() -> Any:
    return events_table(connect(), JOURNEYS)


def row(tp: str, stage: str, ending: int, share: float | None, reached: int,
        rate: float | None) -> dict[str, Any]:
    return {"touchpoint": tp, "stage": stage, "customers_ending_here": ending,
            "share_of_non_converted": share, "reached": reached, "drop_off_rate": rate}


def test_dropoff_converted_by_an_event(events: Any) -> None:
    result = dropoff(events, small_map(), DropoffSpec(conversion_events=("buy",)))
    # converted: c1. Last matched event of the others: c2 tp-cart, c3 tp-ad, c4 tp-web (its
    # one event), c5 tp-web (a tie in time with tp-mail: input order); c6 has none.
    assert result.non_converted == 4
    assert result.rows == (
        row("tp-web", "co", 2, 0.5, 5, 0.4),
        row("tp-ad", "aw", 1, 0.25, 2, 0.5),  # ties: map order
        row("tp-cart", "pu", 1, 0.25, 2, 0.5),
        row("tp-mail", "aw", 0, 0.0, 2, 0.0),
        row("tp-none", "co", 0, 0.0, 0, None),
        row("tp-buy", "pu", 0, 0.0, 1, 0.0),
        row("tp-help", "se", 0, 0.0, 1, 0.0),
    )


def test_dropoff_converted_by_a_stage_or_touchpoint(events: Any) -> None:
    by_stage = dropoff(events, small_map(), DropoffSpec(conversion_stage="pu"))
    assert by_stage.non_converted == 3  # c1 and c2 reached purchase
    assert by_stage.rows[:3] == (
        row("tp-web", "co", 2, 0.666667, 5, 0.4),
        row("tp-ad", "aw", 1, 0.333333, 2, 0.5),
        row("tp-mail", "aw", 0, 0.0, 2, 0.0),
    )
    by_help = dropoff(events, small_map(), DropoffSpec(conversion_touchpoint="tp-help"))
    by_buy = dropoff(events, small_map(), DropoffSpec(conversion_events=("buy",)))
    assert by_help == by_buy


def test_nobody_left_gives_no_shares(events: Any) -> None:
    spec = DropoffSpec(conversion_events=("buy",), filters=EventFilter(channels=("phone",)))
    result = dropoff(events, small_map(), spec, customers=["c1"])
    assert result.non_converted == 1  # in the phone channel c1 never buys
    assert result.rows[0] == row("tp-help", "se", 1, 1.0, 1, 1.0)
    none = dropoff(events, small_map(), DropoffSpec(conversion_events=("x",)), customers=["c9"])
    assert none.non_converted == 0 and none.rows[0]["share_of_non_converted"] is None


@pytest.mark.parametrize(("data", "field"), [
    ({}, "analysis"), ({"conversion_events": ("a",), "conversion_stage": "pu"}, "analysis"),
    ({"conversion_events": (" ",)}, "conversion_events.0"),
])
def test_the_conversion_is_named_once(data: dict[str, Any], field: str) -> None:
    with pytest.raises(SpecError) as caught:
        DropoffSpec(**data)
    assert caught.value.field == ("" if field == "analysis" else field)


def test_unknown_touchpoint_or_stage(events: Any) -> None:
    with pytest.raises(SpecError, match="no touchpoint 'tp-x'"):
        dropoff(events, small_map(), DropoffSpec(conversion_touchpoint="tp-x"))
    with pytest.raises(SpecError, match="no stage 'zz'"):
        dropoff(events, small_map(), DropoffSpec(conversion_stage="zz"))


ROWS = st.lists(st.tuples(
    st.sampled_from(["c1", "c2", "c3", "c4"]),
    st.integers(0, 5).map(lambda minute: f"2024-03-01 10:0{minute}:00"),
    st.sampled_from(["ad_click", "view_home", "search", "cart_add", "buy", "cookie", "call"]),
    st.sampled_from(["ad", "web", "phone", None]),
), max_size=20)


@property_settings()
@given(rows=ROWS)
def test_matches_a_plain_python_reference(rows: list[tuple[Any, ...]]) -> None:
    jmap = small_map()
    journeys: dict[str, list[tuple[datetime, int, str, str | None]]] = {}
    for seq, (customer, stamp, event, channel) in enumerate(rows):
        found = jmap.touchpoint_for(event, channel)
        journeys.setdefault(customer, []).append(
            (datetime.fromisoformat(stamp), seq, event, found.id if found else None))
    ending: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    for items in journeys.values():
        matched = [tp for _, _, _, tp in sorted(items) if tp is not None]
        reached.update(set(matched))
        if matched and not any(event == "buy" for _, _, event, _ in items):
            ending[matched[-1]] += 1
    result = dropoff(events_table(connect(), rows), jmap, DropoffSpec(conversion_events=("buy",)))
    assert result.non_converted == sum(ending.values())
    assert {r["touchpoint"]: (r["customers_ending_here"], r["reached"]) for r in result.rows} == {
        tp.id: (ending[tp.id], reached[tp.id]) for tp in jmap.touchpoints}
