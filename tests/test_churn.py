"""Churn as of a date on hand-built activity, counted by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_support import events_table, journeys, property_settings
from journeymap.analytics import ChurnSpec, EventFilter, churn
from journeymap.analytics.churn import COLUMNS
from journeymap.errors import SpecError

DAY = 86400.0

# 2024 is a leap year: the 90 days ending 2024-04-30 start on 2024-02-01
ACTIVITY = [
    ("c1", "2024-01-31 23:59:59", "visit", "web"),   # last moment before the window
    ("c2", "2024-02-01 00:00:00", "visit", "web"),   # first moment of the window
    ("c3", "2024-04-30 18:00:00", "visit", "app"),   # active on the analysis date
    ("c3", "2023-12-01 10:00:00", "visit", "web"),
    ("c4", "2024-01-10 10:00:00", "buy", "store"),   # single old event
    ("c5", "2024-05-02 10:00:00", "visit", "web"),   # only after the analysis date
]


def only_row(result: Any) -> tuple[Any, ...]:
    assert len(result.rows) == 1
    return tuple(result.rows[0][c] for c in COLUMNS)


def test_churn_as_of_a_date_with_window_edges(con: Any) -> None:
    result = churn(events_table(con, ACTIVITY), ChurnSpec(as_of=date(2024, 4, 30)))
    # c5 has no activity up to D; c1 and c4 are older than 90 days
    assert only_row(result) == (4, 2, 0.5)
    assert result.as_of == date(2024, 4, 30) and result.columns == COLUMNS


def test_default_date_is_the_latest_event(con: Any) -> None:
    result = churn(events_table(con, ACTIVITY))
    # as of 2024-05-02 the window starts 2024-02-03: c1, c2 and c4 churned
    assert result.as_of == date(2024, 5, 2)
    assert only_row(result) == (5, 3, 0.6)


def test_window_length(con: Any) -> None:
    short = ChurnSpec(as_of=date(2024, 4, 30), window_seconds=DAY)
    assert only_row(churn(events_table(con, ACTIVITY), short)) == (4, 3, 0.75)
    long = ChurnSpec(as_of=date(2024, 4, 30), window_seconds=365 * DAY)
    assert only_row(churn(events_table(con, ACTIVITY), long)) == (4, 0, 0.0)


def test_filters_and_customer_subset(con: Any) -> None:
    web = ChurnSpec(as_of=date(2024, 4, 30), filters=EventFilter(channels=("web",)))
    # on the web only, c3's last visit is 2023-12-01 and c4 never used it
    assert only_row(churn(events_table(con, ACTIVITY), web)) == (3, 2, 0.666667)
    assert only_row(churn(events_table(con, ACTIVITY), ChurnSpec(as_of=date(2024, 4, 30)),
                          customers=["c2", "c3"])) == (2, 0, 0.0)


def test_no_activity_at_all(con: Any) -> None:
    result = churn(events_table(con, []))
    assert only_row(result) == (0, 0, None) and result.as_of is None
    before = churn(events_table(con, ACTIVITY, name="e2"), ChurnSpec(as_of=date(2020, 1, 1)))
    assert only_row(before) == (0, 0, None) and before.as_of == date(2020, 1, 1)


def test_window_must_be_positive() -> None:
    with pytest.raises(SpecError, match="churn window_seconds: .*greater than 0"):
        ChurnSpec(window_seconds=0)
    with pytest.raises(SpecError, match="churn as_of: "):
        ChurnSpec(as_of="yesterday")


def reference(rows: list[Any], as_of: date | None, window: float) -> tuple[Any, ...]:
    """Churn computed in plain Python from the definition (DESIGN.md 4.2)."""
    stamps = [(customer, datetime.fromisoformat(stamp)) for customer, stamp, *_ in rows]
    if not stamps:
        return (0, 0, None)
    day = as_of or max(t for _, t in stamps).date()
    end = datetime.combine(day + timedelta(days=1), time())
    last: dict[str, datetime] = {}
    for customer, t in stamps:
        if t < end:
            last[customer] = max(t, last.get(customer, t))
    churned = sum(1 for t in last.values() if t < end - timedelta(seconds=window))
    return (len(last), churned, round(churned / len(last), 6) if last else None)


@property_settings()
@given(journeys(), st.sampled_from([None, date(2024, 1, 1), date(2024, 1, 2)]),
       st.sampled_from([3600.0, 86400.0, 86400.0 + 50 * 60, 2 * DAY]))
def test_matches_a_plain_python_reference(con: Any, rows: list[Any], as_of: date | None,
                                          window: float) -> None:
    result = churn(events_table(con, rows, name="random"),
                   ChurnSpec(as_of=as_of, window_seconds=window))
    assert only_row(result) == reference(rows, as_of, window)
