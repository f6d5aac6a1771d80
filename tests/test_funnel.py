"""Ordered funnels with a window from step 1, on hand-built journeys counted by hand."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_support import cells, events_table, journeys, ordered, property_settings, quantile
from journeymap.analytics import EventFilter, FunnelSpec, funnel
from journeymap.analytics.funnel import COLUMNS
from journeymap.errors import InputError, SpecError

DAY = 86400.0

# c1: view, cart, buy, all on day 1 (cart 10 min, buy 1 h after view)
# c2: view, then buy BEFORE cart (buy does not count: it must follow cart)
# c3: cart first, then view, cart, buy exactly one day after the view
# c4: only a view; c5: never viewed
JOURNEYS = [
    ("c1", "2024-03-01 10:00:00", "view", "web"),
    ("c1", "2024-03-01 10:10:00", "cart", "web"),
    ("c1", "2024-03-01 11:00:00", "buy", "web"),
    ("c2", "2024-03-01 09:00:00", "view", "app"),
    ("c2", "2024-03-01 09:05:00", "buy", "app"),
    ("c2", "2024-03-01 09:06:00", "cart", "app"),
    ("c3", "2024-03-02 08:00:00", "cart", "web"),
    ("c3", "2024-03-02 09:00:00", "view", "web"),
    ("c3", "2024-03-02 12:00:00", "cart", "web"),
    ("c3", "2024-03-03 09:00:00", "buy", "web"),
    ("c4", "2024-03-04 09:00:00", "view", "web"),
    ("c5", "2024-03-04 09:00:00", "buy", "web"),
]


def table(result: Any) -> list[tuple[Any, ...]]:
    return cells(result, COLUMNS)


def test_ordered_funnel_without_window(con: Any) -> None:
    result = funnel(events_table(con, JOURNEYS), FunnelSpec(steps=("view", "cart", "buy")))
    assert table(result) == [
        (1, "view", 4, 1.0, 1.0, None),
        # view->cart: c1 600 s, c2 360 s, c3 10800 s -> median 600
        (2, "cart", 3, 0.75, 0.75, 600.0),
        # cart->buy: c1 3000 s, c3 75600 s (c2 bought before the cart)
        (3, "buy", 2, 0.666667, 0.5, 39300.0),
    ]
    assert result.columns == COLUMNS


def test_window_edge_exactly_w_is_inside(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    inside = funnel(events, FunnelSpec(steps=("view", "cart", "buy"), window_seconds=DAY))
    assert [row["customers"] for row in inside.rows] == [4, 3, 2]
    outside = funnel(events, FunnelSpec(steps=("view", "cart", "buy"), window_seconds=DAY - 1))
    assert [row["customers"] for row in outside.rows] == [4, 3, 1]


def test_window_is_measured_from_step_one(con: Any) -> None:
    # c3's cart is 3 h after the view: a 2 h window drops it, c1 (10 min) and c2 (6 min) stay
    spec = FunnelSpec(steps=("view", "cart"), window_seconds=2 * 3600)
    assert table(funnel(events_table(con, JOURNEYS), spec)) == [
        (1, "view", 4, 1.0, 1.0, None),
        (2, "cart", 2, 0.5, 0.5, 480.0),  # 600 s and 360 s
    ]


def test_repeated_step_needs_a_later_event(con: Any) -> None:
    rows = [
        ("c1", "2024-01-01 10:00:00", "a"),
        ("c1", "2024-01-01 10:00:00", "a"),  # same time, later input: a second a
        ("c2", "2024-01-01 10:00:00", "a"),
        ("c3", "2024-01-01 10:00:00", "a"),
        ("c3", "2024-01-01 10:05:00", "b"),
        ("c3", "2024-01-01 10:07:00", "a"),
    ]
    spec = FunnelSpec(steps=("a", "a", "b"))
    assert table(funnel(events_table(con, rows), spec)) == [
        (1, "a", 3, 1.0, 1.0, None),
        # c1 (tie, later input, 0 s) and c3 (the 10:07 a, 420 s): median 210
        (2, "a", 2, 0.666667, 0.666667, 210.0),
        (3, "b", 0, 0.0, 0.0, None),  # c3's b came before its second a
    ]


def test_tie_in_time_before_in_input_does_not_count(con: Any) -> None:
    rows = [("c1", "2024-01-01 10:00:00", "b"), ("c1", "2024-01-01 10:00:00", "a")]
    assert [r["customers"] for r in funnel(events_table(con, rows),
                                           FunnelSpec(steps=("a", "b"))).rows] == [1, 0]


def test_no_one_reaches_step_one(con: Any) -> None:
    result = funnel(events_table(con, JOURNEYS), FunnelSpec(steps=("signup", "view")))
    assert table(result) == [
        (1, "signup", 0, None, None, None),
        (2, "view", 0, None, None, None),
    ]


def test_single_step_funnel_and_filters(con: Any) -> None:
    spec = FunnelSpec(steps=("view",), filters=EventFilter(channels=("app",)))
    assert table(funnel(events_table(con, JOURNEYS), spec)) == [(1, "view", 1, 1.0, 1.0, None)]
    spec = FunnelSpec(steps=("view", "buy"), filters=EventFilter(date_from="2024-03-02"))
    assert [r["customers"] for r in funnel(events_table(con, JOURNEYS), spec).rows] == [2, 1]
    assert [r["customers"] for r in funnel(events_table(con, JOURNEYS), spec,
                                           customers=["c4"]).rows] == [1, 0]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"steps": ()}, "steps", "at least 1 item"),
        ({"steps": ("a", " ")}, "steps.1", "at least 1 character"),
        ({"steps": ("a",), "window_seconds": 0}, "window_seconds", "greater than 0"),
        ({"steps": ("a",), "window_seconds": -5}, "window_seconds", "greater than 0"),
        ({"steps": ("a",), "window_seconds": 1e30}, "window_seconds", "less than or equal"),
        ({"steps": ("a",), "top": 3}, "top", "Extra inputs"),
    ],
)
def test_bad_specs_are_input_errors(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(SpecError) as info:
        FunnelSpec(**data)
    assert isinstance(info.value, InputError)
    assert info.value.code == "invalid_spec" and info.value.field == field
    assert str(info.value).startswith(f"funnel {field}: ") and message in str(info.value)


def test_step_names_are_trimmed_and_unknown_names_are_fine(con: Any) -> None:
    spec = FunnelSpec(steps=(" view ", "nope"))
    assert spec.steps == ("view", "nope")
    assert [r["customers"] for r in funnel(events_table(con, JOURNEYS), spec).rows] == [4, 0]


def test_spec_from_parsed_data() -> None:
    spec = FunnelSpec.from_data({"steps": ["a", "b"], "window_seconds": 60,
                                 "filters": {"channels": ["Web"]}})
    assert spec.steps == ("a", "b") and spec.filters.channels == ("web",)
    empty = r"^funnel filters.channels: a channel name cannot be empty$"
    with pytest.raises(SpecError, match=empty) as info:
        FunnelSpec.from_data({"steps": ["a"], "filters": {"channels": [""]}})
    assert info.value.field == "filters.channels"
    with pytest.raises(SpecError, match=r"^funnel filters.channels: a channel name cannot"):
        FunnelSpec(steps=("a",), filters={"channels": [" "]})


def reference(rows: list[Any], steps: tuple[str, ...], window: float | None) -> list[Any]:
    """The funnel computed in plain Python from the definition (DESIGN.md 4.2)."""
    reached = [0] * len(steps)
    gaps: list[list[float]] = [[] for _ in steps]
    for journey in ordered(rows).values():
        start = previous = None
        position = -1
        for k, name in enumerate(steps):
            later = [(i, t) for i, (t, e) in enumerate(journey) if i > position and e == name]
            if k and window is not None and start is not None:
                later = [(i, t) for i, t in later if (t - start).total_seconds() <= window]
            if not later:
                break
            position, at = later[0]
            if k == 0:
                start = at
            else:
                assert previous is not None
                gaps[k].append((at - previous).total_seconds())
            previous = at
            reached[k] += 1
    return [(k + 1, reached[k], quantile(gaps[k], 0.5)) for k in range(len(steps))]


@property_settings()
@given(journeys(), st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=4),
       st.sampled_from([None, 60.0, 120.0, 86400.0]))
def test_matches_a_plain_python_reference(con: Any, rows: list[Any], steps: list[str],
                                          window: float | None) -> None:
    spec = FunnelSpec(steps=tuple(steps), window_seconds=window)
    result = funnel(events_table(con, rows, name="random"), spec)
    found = [(r["step"], r["customers"], r["median_seconds_from_previous"]) for r in result.rows]
    assert found == reference(rows, tuple(steps), window)
