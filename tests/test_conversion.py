"""Time to convert on hand-built journeys, timed by hand."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_support import events_table, journeys, ordered, property_settings, quantile
from journeymap.analytics import ConversionSpec, EventFilter, time_to_convert
from journeymap.analytics.conversion import BUCKET_COLUMNS, BUCKETS, COLUMNS
from journeymap.errors import InputError, SpecError

# c1: view, cart, buy 1 h after the view, and buys again 4 days later (the first counts)
# c2: buy, view, buy all at 09:00: input order decides, the second buy is 0 s after
# c3: a single view; c4: buys 45 days after the view
# c5: cart, then view a day later, buy another day later
JOURNEYS = [
    ("c1", "2024-03-01 10:00:00", "view", "web"),
    ("c1", "2024-03-01 10:30:00", "cart", "web"),
    ("c1", "2024-03-01 11:00:00", "buy", "web"),
    ("c1", "2024-03-05 11:00:00", "buy", "web"),
    ("c2", "2024-03-01 09:00:00", "buy", "app"),
    ("c2", "2024-03-01 09:00:00", "view", "app"),
    ("c2", "2024-03-01 09:00:00", "buy", "app"),
    ("c3", "2024-03-02 08:00:00", "view", "web"),
    ("c4", "2024-03-01 00:00:00", "view", "web"),
    ("c4", "2024-04-15 00:00:00", "buy", "store"),
    ("c5", "2024-03-10 00:00:00", "cart", "web"),
    ("c5", "2024-03-11 00:00:00", "view", "web"),
    ("c5", "2024-03-12 00:00:00", "buy", "web"),
]
DAY = 86400.0


def summary(result: Any) -> tuple[Any, ...]:
    assert len(result.rows) == 1
    return tuple(result.rows[0][c] for c in COLUMNS)


def buckets(result: Any) -> list[tuple[Any, ...]]:
    return [tuple(row[c] for c in BUCKET_COLUMNS) for row in result.buckets]


def test_from_the_first_event(con: Any) -> None:
    result = time_to_convert(events_table(con, JOURNEYS), ConversionSpec(converted_by=("buy",)))
    # gaps: c2 0 s (its first event is a buy: the next buy counts), c1 3600 s (not its second
    # buy), c5 2 days from the cart, c4 45 days; c3 never converts
    assert summary(result) == (5, 4, 0.8, 88200.0, 2773440.0, 1016100.0)
    assert result.columns == COLUMNS
    # each bucket holds its lower bound: c1's exactly 1 h is in 1h-1d
    assert buckets(result) == [("<1h", 1, 0.25), ("1h-1d", 1, 0.25), ("1d-7d", 1, 0.25),
                               ("7d-30d", 0, 0.0), (">=30d", 1, 0.25)]


def test_from_named_start_events(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    result = time_to_convert(events, ConversionSpec(start=("view",), converted_by=("buy",)))
    # c2's view ties with both buys: only the later-input buy follows it (0 s); c5 1 day
    assert summary(result) == (5, 4, 0.8, 45000.0, 2747520.0, 994500.0)
    assert [row["customers"] for row in result.buckets] == [1, 1, 1, 0, 1]
    carts = time_to_convert(events, ConversionSpec(start=("cart",), converted_by=("buy",)))
    assert summary(carts) == (2, 2, 1.0, 87300.0, 155700.0, 87300.0)  # 1800 s and 2 days


def test_several_conversion_events_first_one_wins(con: Any) -> None:
    spec = ConversionSpec(start=("view",), converted_by=("cart", "buy"))
    result = time_to_convert(events_table(con, JOURNEYS), spec)
    # c1 converts at the cart (1800 s) before the buy
    assert summary(result)[:3] == (5, 4, 0.8)
    assert result.rows[0]["median_seconds"] == (1800.0 + DAY) / 2


def test_tie_before_in_input_does_not_convert(con: Any) -> None:
    rows = [("c1", "2024-01-01 10:00:00", "buy"), ("c1", "2024-01-01 10:00:00", "view")]
    spec = ConversionSpec(start=("view",), converted_by=("buy",))
    assert summary(time_to_convert(events_table(con, rows), spec)) == (
        1, 0, 0.0, None, None, None)


def test_nothing_in_scope(con: Any) -> None:
    spec = ConversionSpec(start=("signup",), converted_by=("buy",))
    result = time_to_convert(events_table(con, JOURNEYS), spec)
    assert summary(result) == (0, 0, None, None, None, None)
    assert buckets(result) == [(label, 0, None) for label, _ in BUCKETS]


def test_filters_and_customer_subset(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    # the date range cuts c4's buy after 45 days
    spec = ConversionSpec(converted_by=("buy",),
                          filters=EventFilter(date_to="2024-03-31"))
    assert summary(time_to_convert(events, spec))[:3] == (5, 3, 0.6)
    app_only = ConversionSpec(converted_by=("buy",), filters=EventFilter(channels=("APP",)))
    assert summary(time_to_convert(events, app_only)) == (1, 1, 1.0, 0.0, 0.0, 0.0)
    subset = time_to_convert(events, ConversionSpec(converted_by=("buy",)),
                             customers=["c3", "c4"])
    assert summary(subset) == (2, 1, 0.5, 45 * DAY, 45 * DAY, 45 * DAY)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "converted_by", "Field required"),
        ({"converted_by": ()}, "converted_by", "at least 1 item"),
        ({"converted_by": ("a", " ")}, "converted_by.1", "at least 1 character"),
        ({"converted_by": ("a",), "start": ("",)}, "start.0", "at least 1 character"),
    ],
)
def test_bad_specs_are_input_errors(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(SpecError) as info:
        ConversionSpec(**data)
    assert isinstance(info.value, InputError) and info.value.field == field
    assert str(info.value).startswith(f"convert-time {field}: ") and message in str(info.value)


def reference(rows: list[Any], start: tuple[str, ...], converted_by: tuple[str, ...]) -> Any:
    """Time to convert in plain Python from the definition."""
    gaps: list[float] = []
    customers = 0
    for journey in ordered(rows).values():
        starts = [i for i, (_, e) in enumerate(journey) if not start or e in start]
        if not starts:
            continue
        customers += 1
        first = starts[0]
        later = [t for i, (t, e) in enumerate(journey) if i > first and e in converted_by]
        if later:
            gaps.append((later[0] - journey[first][0]).total_seconds())
    mean = round(sum(gaps) / len(gaps), 6) if gaps else None
    lows = [low for _, low in BUCKETS]
    counts = [sum(1 for g in gaps if g >= low and (k + 1 == len(lows) or g < lows[k + 1]))
              for k, low in enumerate(lows)]
    return (customers, len(gaps), quantile(gaps, 0.5), quantile(gaps, 0.9), mean, counts)


names = st.sampled_from(["a", "b", "c"])


@property_settings()
@given(journeys(), st.lists(names, max_size=2, unique=True),
       st.lists(names, min_size=1, max_size=2, unique=True))
def test_matches_a_plain_python_reference(con: Any, rows: list[Any], start: list[str],
                                          converted_by: list[str]) -> None:
    spec = ConversionSpec(start=tuple(start), converted_by=tuple(converted_by))
    result = time_to_convert(events_table(con, rows, name="random"), spec)
    row = result.rows[0]
    found = (row["customers"], row["converted"], row["median_seconds"], row["p90_seconds"],
             row["mean_seconds"], [b["customers"] for b in result.buckets])
    assert found == reference(rows, tuple(start), tuple(converted_by))
