"""Paths (variants) on hand-built journeys counted by hand."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_support import cells, events_table, journeys, ordered, property_settings
from journeymap.analytics import EventFilter, PathsSpec, paths
from journeymap.analytics.paths import COLUMNS
from journeymap.errors import SpecError

# rows are deliberately out of time order: the path follows timestamp, then input order
JOURNEYS = [
    ("c1", "2024-01-01 10:05:00", "buy", "web"),
    ("c1", "2024-01-01 10:00:00", "view", "web"),
    ("c1", "2024-01-01 10:00:00", "view", "web"),
    ("c2", "2024-01-02 10:00:00", "view", "app"),
    ("c2", "2024-01-02 10:01:00", "buy", "web"),
    ("c3", "2024-01-03 10:00:00", "view", "web"),
    ("c4", "2024-01-03 10:00:00", "cart", "web"),
    ("c4", "2024-01-03 10:00:00", "view", "web"),
    ("c5", "2024-01-04 10:00:00", "view", "web"),
    ("c5", "2024-01-04 11:00:00", "buy", "email"),
]


def table(result: Any) -> list[tuple[Any, ...]]:
    return cells(result, COLUMNS)


def test_whole_sequences_counted(con: Any) -> None:
    result = paths(events_table(con, JOURNEYS))
    assert table(result) == [
        ("view > buy", 2, 0.4),
        ("cart > view", 1, 0.2),  # tie in time: input order decides
        ("view", 1, 0.2),  # a customer with a single event
        ("view > view > buy", 1, 0.2),
    ]
    assert result.total_customers == 5 and result.columns == COLUMNS


def test_collapse_repeats(con: Any) -> None:
    spec = PathsSpec(collapse_repeats=True)
    assert table(paths(events_table(con, JOURNEYS), spec)) == [
        ("view > buy", 3, 0.6),
        ("cart > view", 1, 0.2),
        ("view", 1, 0.2),
    ]


def test_collapse_keeps_repeats_that_are_not_consecutive(con: Any) -> None:
    rows = [("c1", "2024-01-01 10:00", "a"), ("c1", "2024-01-01 10:01", "b"),
            ("c1", "2024-01-01 10:02", "a"), ("c1", "2024-01-01 10:03", "a")]
    result = paths(events_table(con, rows), PathsSpec(collapse_repeats=True))
    assert table(result) == [("a > b > a", 1, 1.0)]


def test_top_n_keeps_share_of_all_customers(con: Any) -> None:
    result = paths(events_table(con, JOURNEYS), PathsSpec(top=2))
    assert table(result) == [("view > buy", 2, 0.4), ("cart > view", 1, 0.2)]
    assert result.total_customers == 5


def test_filters_shape_the_paths(con: Any) -> None:
    web = PathsSpec(filters=EventFilter(channels=("web",)))
    assert table(paths(events_table(con, JOURNEYS), web)) == [
        ("view", 2, 0.4),
        ("buy", 1, 0.2),
        ("cart > view", 1, 0.2),
        ("view > view > buy", 1, 0.2),
    ]
    days = PathsSpec(filters=EventFilter(date_from="2024-01-02", date_to="2024-01-03"))
    assert table(paths(events_table(con, JOURNEYS), days, customers=["c2", "c3"])) == [
        ("view", 1, 0.5), ("view > buy", 1, 0.5)]


def test_no_events_no_paths(con: Any) -> None:
    result = paths(events_table(con, []))
    assert result.rows == () and result.total_customers == 0


@pytest.mark.parametrize(("top", "message"), [(0, "greater than or equal to 1"),
                                              (-3, "greater than or equal to 1")])
def test_top_must_be_positive(top: int, message: str) -> None:
    with pytest.raises(SpecError, match=f"paths top: .*{message}") as info:
        PathsSpec(top=top)
    assert info.value.code == "invalid_spec"


def reference(rows: list[Any], top: int, collapse: bool) -> list[tuple[str, int, float]]:
    """Paths counted in plain Python from the definition (DESIGN.md 4.2)."""
    counts: Counter[str] = Counter()
    for journey in ordered(rows).values():
        events = [e for _, e in journey]
        if collapse:
            events = [e for i, e in enumerate(events) if i == 0 or events[i - 1] != e]
        counts[" > ".join(events)] += 1
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [(path, n, round(n / total, 6)) for path, n in ranked]


@property_settings()
@given(journeys(), st.integers(1, 5), st.booleans())
def test_matches_a_plain_python_reference(con: Any, rows: list[Any], top: int,
                                          collapse: bool) -> None:
    spec = PathsSpec(top=top, collapse_repeats=collapse)
    result = paths(events_table(con, rows, name="random"), spec)
    assert table(result) == reference(rows, top, collapse)
    assert result.total_customers == len({row[0] for row in rows})


# -- paths by touchpoint and stage (the map of map_support) ------------------------------------
def test_paths_by_touchpoint_drop_unmatched_events(con: Any) -> None:
    from map_support import JOURNEYS as MAPPED
    from map_support import small_map

    spec = PathsSpec(by="touchpoint")
    result = paths(events_table(con, MAPPED), spec, journey_map=small_map())
    # c6 has only an unmatched event: no path, and not in the denominator
    assert result.total_customers == 5
    assert result.rows == tuple({"path": path, "customers": 1, "share": 0.2} for path in (
        "tp-ad > tp-web > tp-cart > tp-buy > tp-help",
        "tp-mail > tp-web",  # c5: a tie in time, input order decides
        "tp-mail > tp-web > tp-cart",  # c2: the unmatched cookie is left out
        "tp-web",
        "tp-web > tp-ad",
    ))


def test_paths_by_stage_collapse_repeats(con: Any) -> None:
    from map_support import JOURNEYS as MAPPED
    from map_support import small_map

    events = events_table(con, MAPPED)
    plain = paths(events, PathsSpec(by="stage"), journey_map=small_map())
    assert "aw > co > pu > pu > se" in [row["path"] for row in plain.rows]
    collapsed = paths(events, PathsSpec(by="stage", collapse_repeats=True, top=3),
                      journey_map=small_map())
    assert [row["path"] for row in collapsed.rows] == ["aw > co", "aw > co > pu",
                                                       "aw > co > pu > se"]
    assert collapsed.total_customers == 5


def test_paths_by_touchpoint_need_a_map(con: Any) -> None:
    with pytest.raises(SpecError, match="paths by touchpoint need a journey map"):
        paths(events_table(con, JOURNEYS), PathsSpec(by="touchpoint"))
    with pytest.raises(SpecError, match="by"):
        PathsSpec(by="channel")
