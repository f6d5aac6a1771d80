"""The events an analysis sees: filters, customer subsets and the canonical order."""

from __future__ import annotations

from datetime import date
from typing import Any

import ibis
import pyarrow as pa
import pytest

from engine_support import events_table
from journeymap.analytics.events import TIME, customer_order, scoped_events
from journeymap.analytics.spec import EventFilter
from journeymap.engine import from_arrow
from journeymap.errors import InputError

ROWS = [
    ("c1", "2024-01-31 23:59:59.999999", "a", "Web"),
    ("c1", "2024-02-01 00:00:00", "b", "app"),
    ("c2", "2024-01-01 00:00:00", "c", None),
    ("c2", "2024-01-01 00:00:00", "d", "web"),
]


def seqs(table: Any) -> list[int]:
    return sorted(table.seq.to_pyarrow().to_pylist())


def test_date_range_is_inclusive_to_the_last_microsecond(con: Any) -> None:
    events = events_table(con, ROWS)
    january = EventFilter(date_from=date(2024, 1, 1), date_to=date(2024, 1, 31))
    assert seqs(scoped_events(events, january)) == [0, 2, 3]
    february = EventFilter(date_from=date(2024, 2, 1))
    assert seqs(scoped_events(events, february)) == [1]


def test_channels_match_without_case_and_skip_missing_channels(con: Any) -> None:
    events = events_table(con, ROWS)
    assert seqs(scoped_events(events, EventFilter(channels=("WEB",)))) == [0, 3]
    assert seqs(scoped_events(events, EventFilter(channels=("app", "web")))) == [0, 1, 3]


def test_customer_subsets(con: Any) -> None:
    events = events_table(con, ROWS)
    assert seqs(scoped_events(events, EventFilter(), ["c2"])) == [2, 3]
    assert seqs(scoped_events(events, EventFilter(), [])) == []
    subset = ibis.memtable({"customer_id": ["c1", "c1"], "persona": ["x", "y"]})
    assert seqs(scoped_events(events, EventFilter(), subset)) == [0, 1]
    with pytest.raises(InputError, match="customer subset has no customer_id column"):
        scoped_events(events, EventFilter(), ibis.memtable({"id": ["c1"]}))


def test_time_column_and_canonical_order(con: Any) -> None:
    scoped = scoped_events(events_table(con, ROWS), EventFilter())
    ranked = scoped.mutate(pos=ibis.row_number().over(customer_order(scoped)))
    rows = ranked.order_by("seq").select("seq", TIME, "pos").to_pyarrow().to_pylist()
    assert [(r["seq"], r["pos"]) for r in rows] == [(0, 0), (1, 1), (2, 0), (3, 1)]
    assert rows[0][TIME] == 1706745599999999


def test_missing_columns_are_named(con: Any) -> None:
    bare = from_arrow(con, "bare", pa.table({"customer_id": ["c1"], "event": ["a"]}))
    with pytest.raises(InputError, match="lacks required column\\(s\\): timestamp, seq"):
        scoped_events(bare, EventFilter())
    no_channel = events_table(con, ROWS).drop("channel")
    with pytest.raises(InputError, match="required column\\(s\\): channel$"):
        scoped_events(no_channel, EventFilter(channels=("web",)))
    assert seqs(scoped_events(no_channel, EventFilter())) == [0, 1, 2, 3]
