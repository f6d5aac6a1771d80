"""Cohort retention by week and month, across a month and a year edge, counted by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_support import cells, events_table, property_settings
from journeymap.analytics import EventFilter, RetentionSpec, retention
from journeymap.analytics.retention import COLUMNS, period_label
from journeymap.errors import SpecError

JOURNEYS = [
    ("c1", "2023-12-31 23:59:59", "view"),  # a Sunday: the week of Monday 2023-12-25
    ("c1", "2024-01-01 00:00:00", "view"),  # a Monday: the next week, the next month
    ("c1", "2024-02-10 00:00:00", "buy"),
    ("c2", "2024-01-15 10:00:00", "view"),
    ("c3", "2024-01-31 10:00:00", "view"),
    ("c3", "2024-03-01 10:00:00", "buy"),
    ("c4", "2023-12-01 00:00:00", "view"),  # twice in its first month: counted once
    ("c4", "2023-12-15 00:00:00", "view"),
]


def table(result: Any) -> list[tuple[Any, ...]]:
    return cells(result, COLUMNS)


def test_monthly_cohorts_across_the_year_edge(con: Any) -> None:
    result = retention(events_table(con, JOURNEYS), RetentionSpec(by="month"))
    assert result.columns == COLUMNS
    assert table(result) == [
        ("2023-12", 0, 2, 2, 1.0),
        ("2023-12", 1, 2, 1, 0.5),  # c1 on 2024-01-01
        ("2023-12", 2, 2, 1, 0.5),  # c1 in February
        ("2023-12", 3, 2, 0, 0.0),  # up to March, the latest month
        ("2024-01", 0, 2, 2, 1.0),
        ("2024-01", 1, 2, 0, 0.0),
        ("2024-01", 2, 2, 1, 0.5),  # c3 on 2024-03-01
    ]


def test_weekly_cohorts_start_on_monday(con: Any) -> None:
    result = retention(events_table(con, JOURNEYS), RetentionSpec(by="week", periods=2))
    assert table(result) == [
        ("2023-11-27", 0, 1, 1, 1.0),  # c4: Friday 2023-12-01
        ("2023-11-27", 1, 1, 0, 0.0),
        ("2023-11-27", 2, 1, 1, 1.0),  # Friday 2023-12-15
        ("2023-12-25", 0, 1, 1, 1.0),
        ("2023-12-25", 1, 1, 1, 1.0),  # c1's Monday event
        ("2023-12-25", 2, 1, 0, 0.0),
        ("2024-01-15", 0, 1, 1, 1.0),
        ("2024-01-15", 1, 1, 0, 0.0),
        ("2024-01-15", 2, 1, 0, 0.0),
        ("2024-01-29", 0, 1, 1, 1.0),
        ("2024-01-29", 1, 1, 0, 0.0),
        ("2024-01-29", 2, 1, 0, 0.0),
    ]


def test_weekly_periods_run_to_the_latest_week(con: Any) -> None:
    rows = table(retention(events_table(con, JOURNEYS), RetentionSpec(by="week")))
    # the latest week starts 2024-02-26: 13, 9, 6 and 4 weeks after the cohorts
    assert len(rows) == 14 + 10 + 7 + 5
    assert rows[-1] == ("2024-01-29", 4, 1, 1, 1.0)
    assert ("2023-12-25", 6, 1, 1, 1.0) in rows  # c1 on Saturday 2024-02-10


def test_filters_move_the_cohort(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    spec = RetentionSpec(filters=EventFilter(date_from="2024-01-01"))
    # c1's first event in scope is 2024-01-01; c4 is out of scope
    assert table(retention(events, spec)) == [
        ("2024-01", 0, 3, 3, 1.0), ("2024-01", 1, 3, 1, 0.333333), ("2024-01", 2, 3, 1, 0.333333)
    ]
    assert table(retention(events, customers=["c2"])) == [("2024-01", 0, 1, 1, 1.0)]
    assert retention(events, customers=[]).rows == ()


def test_period_labels() -> None:
    assert period_label(0, "week") == "1969-12-29"
    assert period_label(-1, "week") == "1969-12-22"
    assert period_label(2024 * 12, "month") == "2024-01"
    assert period_label(2024 * 12 + 11, "month") == "2024-12"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"by": "day"}, "by", "Input should be 'week' or 'month'"),
        ({"periods": -1}, "periods", "greater than or equal to 0"),
    ],
)
def test_bad_specs(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(SpecError) as info:
        RetentionSpec(**data)
    assert info.value.field == field and message in str(info.value)


def reference(rows: list[Any], by: str) -> list[tuple[Any, ...]]:
    """Retention in plain Python: calendar periods from the standard library."""
    def period(stamp: datetime) -> int:
        if by == "month":
            return stamp.year * 12 + stamp.month - 1
        monday = stamp.date() - timedelta(days=stamp.weekday())
        return (monday - date(1969, 12, 29)).days // 7

    visits: dict[str, set[int]] = {}
    for customer, stamp, *_ in rows:
        visits.setdefault(customer, set()).add(period(datetime.fromisoformat(stamp)))
    if not visits:
        return []
    latest = max(max(v) for v in visits.values())
    cohorts: dict[int, list[set[int]]] = {}
    for periods in visits.values():
        cohorts.setdefault(min(periods), []).append(periods)
    found = []
    for cohort in sorted(cohorts):
        members = cohorts[cohort]
        for p in range(latest - cohort + 1):
            active = sum(1 for periods in members if cohort + p in periods)
            found.append((period_label(cohort, by), p, len(members), active,
                          round(active / len(members), 6)))
    return found


stamps = st.integers(0, 150 * 24).map(
    lambda hours: (datetime(2023, 11, 15) + timedelta(hours=hours)).isoformat(" "))
spread = st.lists(st.tuples(st.sampled_from(["c1", "c2", "c3", "c4", "c5"]), stamps,
                            st.just("view")), max_size=25)


@property_settings()
@given(spread, st.sampled_from(["week", "month"]))
def test_matches_a_plain_python_reference(con: Any, rows: list[Any], by: str) -> None:
    result = retention(events_table(con, rows, name="random"), RetentionSpec(by=by))
    assert table(result) == reference(rows, by)
