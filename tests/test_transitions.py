"""Transitions on hand-built journeys: every number below is counted by hand."""

from __future__ import annotations

import itertools
from typing import Any

import ibis
import pytest
from hypothesis import given

from engine_support import cells, events_table, journeys, ordered, property_settings, quantile
from journeymap.analytics import EventFilter, TransitionsSpec, transitions
from journeymap.analytics.transitions import COLUMNS, transitions_expr
from journeymap.errors import SpecError

# c1: a, b (same second as a but later in input), a 30 s later, then c after 90 s
# c2: a, b a minute later; c3: a single event (no transition)
JOURNEYS = [
    ("c1", "2024-01-01 10:00:00", "a", "web"),
    ("c2", "2024-01-01 09:00:00", "a", "app"),
    ("c1", "2024-01-01 10:00:00", "b", "web"),
    ("c1", "2024-01-01 10:00:30", "a", "web"),
    ("c2", "2024-01-01 09:01:00", "b", "web"),
    ("c3", "2024-01-05 12:00:00", "z", "web"),
    ("c1", "2024-01-02 10:02:00", "c", "email"),
]


def table(result: Any) -> list[tuple[Any, ...]]:
    return cells(result, (*COLUMNS, "p90_seconds"))


def test_pairs_counted_with_ties_decided_by_input_order(con: Any) -> None:
    result = transitions(events_table(con, JOURNEYS))
    # a->b: c1 (0 s, tie broken by input order) and c2 (60 s); b->a: c1 30 s;
    # a->c: c1 from 10:00:30 to next day 10:02:00 = 86490 s
    assert table(result) == [
        ("a", "b", 2, 2, 30.0, 54.0),
        ("a", "c", 1, 1, 86490.0, 86490.0),
        ("b", "a", 1, 1, 30.0, 30.0),
    ]
    assert result.columns == COLUMNS


def test_input_order_breaks_timestamp_ties_both_ways(con: Any) -> None:
    rows = [("c1", "2024-01-01 10:00:00", "b"), ("c1", "2024-01-01 10:00:00", "a")]
    assert table(transitions(events_table(con, rows))) == [("b", "a", 1, 1, 0.0, 0.0)]


def test_repeated_pairs_of_one_customer(con: Any) -> None:
    rows = [
        ("c1", "2024-01-01 10:00:00", "a"),
        ("c1", "2024-01-01 10:00:10", "a"),
        ("c1", "2024-01-01 10:00:30", "a"),
        ("c1", "2024-01-01 10:01:30", "a"),
        ("c2", "2024-01-01 10:00:00", "a"),
        ("c2", "2024-01-01 10:00:00.250", "a"),
    ]
    # gaps a->a: 10, 20, 60 (c1) and 0.25 (c2); median 15, p90 = 20 + 0.7 * 40 = 48
    assert table(transitions(events_table(con, rows))) == [("a", "a", 4, 2, 15.0, 48.0)]


def test_single_events_and_empty_input_give_no_rows(con: Any) -> None:
    rows = [("c1", "2024-01-01 10:00:00", "a"), ("c2", "2024-01-01 10:00:00", "a")]
    assert transitions(events_table(con, rows)).rows == ()
    assert transitions(events_table(con, [], name="none")).rows == ()


def test_channel_filter_applies_before_pairing(con: Any) -> None:
    spec = TransitionsSpec(filters=EventFilter(channels=("WEB",)))
    # without c2's app event and c1's email event: c1 a,b,a and c3 z
    assert table(transitions(events_table(con, JOURNEYS), spec)) == [
        ("a", "b", 1, 1, 0.0, 0.0),
        ("b", "a", 1, 1, 30.0, 30.0),
    ]


def test_date_range_includes_both_days(con: Any) -> None:
    only_first = TransitionsSpec(filters=EventFilter(date_to="2024-01-01"))
    assert [r[:3] for r in table(transitions(events_table(con, JOURNEYS), only_first))] == [
        ("a", "b", 2), ("b", "a", 1)]
    from_second = TransitionsSpec(filters=EventFilter(date_from="2024-01-02"))
    assert transitions(events_table(con, JOURNEYS), from_second).rows == ()


def test_customer_subset_as_list_or_table(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    assert table(transitions(events, customers=["c2"])) == [("a", "b", 1, 1, 60.0, 60.0)]
    subset = ibis.memtable({"customer_id": ["c2", "nobody"]})
    assert table(transitions(events, customers=subset)) == [("a", "b", 1, 1, 60.0, 60.0)]


def test_expression_is_lazy_and_sorted(con: Any) -> None:
    expr = transitions_expr(events_table(con, JOURNEYS), TransitionsSpec())
    assert list(expr.columns) == [*COLUMNS, "p90_seconds"]
    assert expr.to_pyarrow().column("transitions").to_pylist() == [2, 1, 1]


def test_filter_spec_errors_have_stable_codes() -> None:
    with pytest.raises(SpecError) as info:
        TransitionsSpec(filters={"date_from": "2024-02-01", "date_to": "2024-01-01"})
    assert info.value.code == "invalid_spec"
    assert "date_from 2024-02-01 is after date_to 2024-01-01" in str(info.value)
    with pytest.raises(SpecError, match="channel name cannot be empty"):
        EventFilter(channels=(" ",))


def reference(rows: list[Any]) -> list[tuple[Any, ...]]:
    """Transitions counted in plain Python from the definition (DESIGN.md 4.2)."""
    pairs: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for customer, steps in ordered(rows).items():
        for (t1, a), (t2, b) in itertools.pairwise(steps):
            pairs.setdefault((a, b), []).append((customer, (t2 - t1).total_seconds()))
    found = [
        (a, b, len(items), len({c for c, _ in items}), quantile([g for _, g in items], 0.5),
         quantile([g for _, g in items], 0.9))
        for (a, b), items in pairs.items()
    ]
    return sorted(found, key=lambda r: (-r[2], r[0], r[1]))


@property_settings()
@given(journeys())
def test_matches_a_plain_python_reference(con: Any, rows: list[Any]) -> None:
    assert table(transitions(events_table(con, rows, name="random"))) == reference(rows)


# -- transitions by touchpoint and stage (the map of map_support) -----------------------------
def test_transitions_by_touchpoint_skip_unmatched_events(con: Any) -> None:
    from map_support import JOURNEYS as MAPPED
    from map_support import small_map

    spec = TransitionsSpec(by="touchpoint")
    result = transitions(events_table(con, MAPPED), spec, journey_map=small_map())
    # c2's unmatched cookie sits between tp-web and tp-cart: the pair is web -> cart (900 s);
    # c5's two events share a timestamp, so mail -> web takes 0 s
    assert table(result) == [
        ("tp-mail", "tp-web", 2, 2, 900.0, 1620.0),
        ("tp-web", "tp-cart", 2, 2, 450.0, 810.0),
        ("tp-ad", "tp-web", 1, 1, 300.0, 300.0),
        ("tp-buy", "tp-help", 1, 1, 3000.0, 3000.0),
        ("tp-cart", "tp-buy", 1, 1, 300.0, 300.0),
        ("tp-web", "tp-ad", 1, 1, 60.0, 60.0),
    ]


def test_transitions_by_stage_keep_pairs_within_a_stage(con: Any) -> None:
    from map_support import JOURNEYS as MAPPED
    from map_support import small_map

    spec = TransitionsSpec(by="stage", filters=EventFilter(channels=("web", "ad", "email")))
    result = transitions(events_table(con, MAPPED), spec, journey_map=small_map())
    # the channel filter drops c1's call, so pu -> se is gone; aw -> co gaps 300, 1800, 0
    assert table(result) == [
        ("aw", "co", 3, 3, 300.0, 1500.0),
        ("co", "pu", 2, 2, 450.0, 810.0),
        ("co", "aw", 1, 1, 60.0, 60.0),
        ("pu", "pu", 1, 1, 300.0, 300.0),
    ]


def test_transitions_by_touchpoint_need_a_map(con: Any) -> None:
    with pytest.raises(SpecError, match="transitions by stage need a journey map"):
        transitions(events_table(con, JOURNEYS), TransitionsSpec(by="stage"))
    with pytest.raises(SpecError, match="by"):
        TransitionsSpec(by="channel")
