"""Repeats and loops on hand-built journeys, counted by hand."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given

from engine_support import cells, events_table, journeys, ordered, property_settings
from journeymap.analytics import (
    EventFilter,
    LoopsSpec,
    RepeatsSpec,
    loops,
    repeats,
)
from journeymap.analytics.loops import LOOP_COLUMNS, REPEAT_COLUMNS, SEPARATOR
from journeymap.errors import SpecError


def journey(customer: str, names: str, day: str = "2024-01-01", tie: bool = False) -> list[Any]:
    """One customer's events a minute apart (or all at the same time: input order decides)."""
    return [(customer, f"{day} 10:{0 if tie else i:02d}:00", name, "app")
            for i, name in enumerate(names.split())]


JOURNEYS = [
    # c1: three rounds of login > failed > reset, then in
    *journey("c1", "login failed reset login failed reset login home"),
    # c2: four rounds, with a double failed and a double login (collapsed for loops)
    *journey("c2", "login failed failed reset login login failed reset login failed reset "
             "login failed reset login"),
    # c3: help > faq > help > faq > help, all at the same time
    *journey("c3", "help faq help faq help", tie=True),
    *journey("c4", "login"),
    # c5: reset twice in a row: failed > reset > reset > failed collapses to a 2-loop
    *journey("c5", "login failed reset reset failed home", day="2024-01-05"),
]


def table(result: Any) -> list[tuple[Any, ...]]:
    return cells(result, result.columns)


def test_repeats_per_event(con: Any) -> None:
    result = repeats(events_table(con, JOURNEYS))
    assert result.columns == REPEAT_COLUMNS
    assert table(result) == [
        # failed: c1 2, c2 5 (one double), c5 2 -> 1 + 4 + 1 repeats
        ("failed", 3, 3, 1.0, 2.0, 4, 6, 1),
        # reset: c1 2, c2 4, c5 2 (in a row)
        ("reset", 3, 3, 1.0, 1.666667, 3, 5, 1),
        # login: c1 3, c2 6 (one double), c4 1, c5 1
        ("login", 4, 2, 0.5, 1.75, 5, 7, 1),
        ("help", 1, 1, 1.0, 2.0, 2, 2, 0),
        ("faq", 1, 1, 1.0, 1.0, 1, 1, 0),
        ("home", 2, 0, 0.0, 0.0, 0, 0, 0),
    ]


def test_repeats_with_filters_and_subset(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    later = repeats(events, RepeatsSpec(filters=EventFilter(date_from="2024-01-02")))
    assert table(later) == [
        ("failed", 1, 1, 1.0, 1.0, 1, 1, 0),
        ("reset", 1, 1, 1.0, 1.0, 1, 1, 1),
        ("home", 1, 0, 0.0, 0.0, 0, 0, 0),
        ("login", 1, 0, 0.0, 0.0, 0, 0, 0),
    ]
    assert table(repeats(events, customers=["c4"])) == [("login", 1, 0, 0.0, 0.0, 0, 0, 0)]
    assert repeats(events, customers=[]).rows == ()


def test_loops_of_both_lengths_overlaps_counted(con: Any) -> None:
    result = loops(events_table(con, JOURNEYS))
    assert result.columns == LOOP_COLUMNS
    assert table(result) == [
        # c1 at positions 0 and 3, c2 (collapsed) at 0, 3, 6, 9
        ("login > failed > reset > login", 6, 2, 1),
        # the rotations: c1 once each, c2 three times each
        ("failed > reset > login > failed", 4, 2, 1),
        ("reset > login > failed > reset", 4, 2, 1),
        # c3's ties keep input order; the two occurrences share the middle help
        ("help > faq > help", 2, 1, 0),
        ("failed > reset > failed", 1, 1, 0),
        ("faq > help > faq", 1, 1, 0),
    ]


def test_loops_by_length_and_top(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    assert [row["loop"] for row in loops(events, LoopsSpec(length=2)).rows] == [
        "help > faq > help", "failed > reset > failed", "faq > help > faq"]
    top = loops(events, LoopsSpec(length=3, top=1))
    assert table(top) == [("login > failed > reset > login", 6, 2, 1)]
    assert loops(events, customers=["c4", "c5"], spec=LoopsSpec(length=3)).rows == ()


def test_single_events_and_nothing_in_scope(con: Any) -> None:
    events = events_table(con, journey("c1", "login") + journey("c2", "home"))
    assert loops(events).rows == ()
    assert table(repeats(events)) == [("home", 1, 0, 0.0, 0.0, 0, 0, 0),
                                      ("login", 1, 0, 0.0, 0.0, 0, 0, 0)]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"length": 4}, "length", "Input should be 2 or 3"),
        ({"length": 1}, "length", "Input should be 2 or 3"),
        ({"top": 0}, "top", "greater than or equal to 1"),
    ],
)
def test_bad_loop_specs(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(SpecError) as info:
        LoopsSpec(**data)
    assert info.value.field == field and message in str(info.value)
    assert str(info.value).startswith(f"loops {field}: ")


def reference_repeats(rows: list[Any]) -> list[tuple[Any, ...]]:
    counts: dict[str, list[int]] = {}
    in_a_row: Counter[str] = Counter()
    for sequence in ordered(rows).values():
        names = [e for _, e in sequence]
        for name, n in Counter(names).items():
            counts.setdefault(name, []).append(n - 1)
        in_a_row.update(a for a, b in zip(names, names[1:], strict=False) if a == b)
    found = [
        (name, len(extra), sum(1 for x in extra if x), round(sum(1 for x in extra if x)
         / len(extra), 6), round(sum(extra) / len(extra), 6), max(extra), sum(extra),
         in_a_row[name])
        for name, extra in counts.items()
    ]
    return sorted(found, key=lambda row: (-row[2], -row[6], row[0]))


def reference_loops(rows: list[Any]) -> list[tuple[Any, ...]]:
    per_loop: dict[str, Counter[str]] = {}
    for customer, sequence in ordered(rows).items():
        names = [e for i, (_, e) in enumerate(sequence) if i == 0 or sequence[i - 1][1] != e]
        for length in (2, 3):
            for i in range(len(names) - length):
                window = names[i:i + length + 1]
                if window[0] == window[-1] and len(set(window)) == length:
                    loop = SEPARATOR.join(window)
                    per_loop.setdefault(loop, Counter())[customer] += 1
    found = [(loop, sum(c.values()), len(c), sum(1 for n in c.values() if n >= 3))
             for loop, c in per_loop.items()]
    return sorted(found, key=lambda row: (-row[2], -row[1], row[0]))


@property_settings()
@given(journeys())
def test_repeats_match_a_plain_python_reference(con: Any, rows: list[Any]) -> None:
    assert table(repeats(events_table(con, rows, name="random"))) == reference_repeats(rows)


@property_settings()
@given(journeys())
def test_loops_match_a_plain_python_reference(con: Any, rows: list[Any]) -> None:
    found = loops(events_table(con, rows, name="random"), LoopsSpec(top=1000))
    assert table(found) == reference_loops(rows)
