"""Backend-aware building blocks: exact times, the fast median, ordered sequences."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import ibis
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.engine import connect, from_arrow
from journeymap.engine.functions import epoch_micros, fetch_rows, ordered_join, summarise


@pytest.fixture(scope="module")
def con() -> Iterator[Any]:
    backend = connect()
    yield backend
    backend.disconnect()


def test_epoch_micros_keeps_sub_second_precision(con: Any) -> None:
    stamps = [datetime(1970, 1, 1), datetime(2024, 2, 29, 23, 59, 59, 999999),
              datetime(1969, 12, 31, 23, 59, 59, 500000)]
    table = from_arrow(con, "stamps", pa.table({"ts": pa.array(stamps, pa.timestamp("us"))}))
    micros = table.select(us=epoch_micros(table.ts, "duckdb")).us.to_pyarrow().to_pylist()
    assert micros == [0, 1709251199999999, -500000]


def grouped(con: Any, groups: list[int], values: list[float | None], fast: bool) -> list[Any]:
    data = pa.table({"g": pa.array(groups, pa.int64()), "x": pa.array(values, pa.float64())})
    table = from_arrow(con, "numbers", data)
    result = summarise(table, ["g"], {"n": table.count()},
                       {"median": ("x", 0.5), "p90": ("x", 0.9), "p10": ("x", 0.1)}, fast=fast)
    rows = result.order_by("g").to_pyarrow().to_pylist()
    return [(r["g"], r["n"], r["median"], r["p90"], r["p10"]) for r in rows]


def rounded(rows: list[Any]) -> list[Any]:
    return [tuple(None if v is None else round(v, 9) for v in row) for row in rows]


def test_summarise_interpolates_exactly(con: Any) -> None:
    groups = [1, 1, 1, 1, 2, 3, 3]
    values: list[float | None] = [10.0, 20.0, 40.0, 0.0, 5.0, None, 7.0]
    expected = [(1, 4, 15.0, 34.0, 3.0), (2, 1, 5.0, 5.0, 5.0), (3, 2, 7.0, 7.0, 7.0)]
    assert rounded(grouped(con, groups, values, fast=True)) == expected
    assert rounded(grouped(con, groups, values, fast=False)) == expected


def test_summarise_picks_the_list_form_on_duckdb(con: Any) -> None:
    table = from_arrow(con, "numbers", pa.table({"g": [1], "x": [1.0]}))
    sql = ibis.to_sql(summarise(table, ["g"], {}, {"median": ("x", 0.5)}))
    assert "LIST_AGGREGATE" in sql and "QUANTILE_CONT" not in sql
    sql = ibis.to_sql(summarise(table, ["g"], {}, {"median": ("x", 0.5)}, fast=False))
    assert "QUANTILE_CONT" in sql


def test_list_form_equals_grouped_quantile_on_many_rows(con: Any) -> None:
    rng = random.Random(7)
    # one huge group and many small ones: the shape where the grouped form is slow
    groups = [0 if rng.random() < 0.6 else rng.randrange(1, 400) for _ in range(60_000)]
    values: list[float | None] = [round(rng.expovariate(1 / 300), 3) for _ in groups]
    assert grouped(con, groups, values, fast=True) == grouped(con, groups, values, fast=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.one_of(st.none(), st.floats(-1e6, 1e6))),
                min_size=1, max_size=30))
def test_list_form_equals_grouped_quantile(con: Any, pairs: list[tuple[int, float | None]]) -> None:
    groups = [g for g, _ in pairs]
    values = [v for _, v in pairs]
    assert grouped(con, groups, values, fast=True) == grouped(con, groups, values, fast=False)


@pytest.mark.parametrize("native", [True, False])
def test_ordered_join_follows_the_keys_not_the_input(native: bool) -> None:
    con = connect()
    # the portable form (meant for Spark) writes lambdas the way DuckDB 1.x spelled them
    con.raw_sql("SET lambda_syntax='ENABLE_SINGLE_ARROW'")
    table = from_arrow(con, "seqs", pa.table({
        "who": ["a", "a", "a", "b", "a"],
        "t": [3, 1, 1, 5, 2],
        "seq": [0, 2, 1, 3, 4],
        "event": ["z", "y", "x", "w", "v"],
    }))
    result = ordered_join(table, "who", ["t", "seq"], "event", " > ", name="path", native=native)
    assert sorted(result.to_pyarrow().to_pylist(), key=lambda r: r["who"]) == [
        {"who": "a", "path": "x > y > v > z"},
        {"who": "b", "path": "w"},
    ]


@pytest.mark.parametrize("fast", [True, False])
def test_summarise_without_groups_over_several_columns(con: Any, fast: bool) -> None:
    data = pa.table({"x": pa.array([1.0, 2.0, 4.0, None], pa.float64()),
                     "y": pa.array([None, None, None, None], pa.float64())})
    table = from_arrow(con, "wide", data)
    result = summarise(table, [], {"rows": table.count(), "xs": table.x.count()},
                       {"mx": ("x", 0.5), "px": ("x", 0.75), "my": ("y", 0.5)}, fast=fast)
    assert result.to_pyarrow().to_pylist() == [
        {"rows": 4, "xs": 3, "mx": 2.0, "px": 3.0, "my": None}]


def test_fetch_rows_on_duckdb_gives_the_rows_arrow_gives(con: Any) -> None:
    raw = con.con
    raw.execute("CREATE OR REPLACE TABLE mixed AS SELECT * FROM (VALUES "
                "(1, 2.5, 'a', TIMESTAMP '2024-01-01 10:00:00.5', [1.0, 2.0]), "
                "(2, NULL, NULL, NULL, NULL), "
                "(3, -0.0, 'c > d', TIMESTAMP '1969-12-31 23:59:59', [])) v(n, x, s, ts, xs)")
    table = con.table("mixed")
    ordered = table.order_by("n")
    assert fetch_rows(ordered) == ordered.to_pyarrow().to_pylist()
    assert fetch_rows(ordered) == [
        {"n": 1, "x": 2.5, "s": "a", "ts": datetime(2024, 1, 1, 10, 0, 0, 500000),
         "xs": [1.0, 2.0]},
        {"n": 2, "x": None, "s": None, "ts": None, "xs": None},
        {"n": 3, "x": -0.0, "s": "c > d", "ts": datetime(1969, 12, 31, 23, 59, 59), "xs": []},
    ]
    assert fetch_rows(table.n.sum()) == [{"Sum(n)": 6}]
    assert fetch_rows(table.s) == table.s.as_table().to_pyarrow().to_pylist()


def test_fetch_rows_registers_in_memory_tables(con: Any) -> None:
    base = from_arrow(con, "numbered", pa.table({"n": pa.array([1, 2, 3], pa.int64())}))
    names = ibis.memtable({"n": [1, 3], "name": ["one", "three"]})
    joined = base.inner_join(names, "n").order_by("n")
    assert fetch_rows(joined) == [{"n": 1, "name": "one"}, {"n": 3, "name": "three"}]
