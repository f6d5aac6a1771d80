"""Connections to the analytic engine and the workspace's analytic store (real DuckDB)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from journeymap.engine import (
    EVENTS_TABLE,
    EngineName,
    backend_kind,
    connect,
    duckdb_table,
    from_arrow,
    store_events,
)
from journeymap.errors import EngineError, InputError


def make_store(path: Path, *, with_events: bool = True) -> None:
    con = duckdb.connect(str(path))
    if with_events:
        con.execute(
            "create table events (customer_id varchar not null, timestamp timestamp not null, "
            "event varchar not null, seq bigint not null)"
        )
        con.execute("insert into events values ('c1', '2024-01-01 10:00:00', 'view', 0), "
                    "('c1', '2024-01-01 10:05:00', 'buy', 1)")
    else:
        con.execute("create table other (x integer)")
    con.close()


def test_in_memory_duckdb_by_default() -> None:
    con = connect()
    assert con.name == "duckdb"
    table = from_arrow(con, "t", pa.table({"x": [1, 2, 3]}))
    assert backend_kind(table) == "duckdb"
    assert table.x.sum().to_pyarrow().as_py() == 6
    # a temporary table: the same name can be registered again
    assert from_arrow(con, "t", pa.table({"x": [5]})).count().to_pyarrow().as_py() == 1


def test_engine_names_are_checked() -> None:
    assert connect("DuckDB").name == "duckdb"
    assert connect(EngineName.DUCKDB).name == "duckdb"
    with pytest.raises(InputError, match="unknown engine 'oracle'; expected one of duckdb, spark"):
        connect("oracle")


def test_store_events_reads_the_analytic_store_read_only(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    make_store(store)
    events = store_events(store)
    assert events.count().to_pyarrow().as_py() == 2
    assert events.order_by("seq").event.to_pyarrow().to_pylist() == ["view", "buy"]
    with pytest.raises(Exception, match="read-only"):
        ibis_backend = events._find_backend()
        ibis_backend.raw_sql("delete from events")


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the workspace has no analytic store yet") as info:
        store_events(tmp_path / "analytics.duckdb")
    assert "journeymap import events FILE" in str(info.value)


def test_store_without_events_is_a_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    make_store(store, with_events=False)
    with pytest.raises(InputError, match=f"no {EVENTS_TABLE!r} table"):
        store_events(store)


def test_junk_store_file_is_an_engine_error(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    store.write_bytes(b"\x00not a duckdb file at all" * 100)
    with pytest.raises(EngineError, match="cannot open the analytic store"):
        store_events(store)


def test_duckdb_table_is_the_backend_table_read_without_arrow() -> None:
    backend = connect()
    backend.con.execute(
        "CREATE TEMP VIEW typed AS SELECT 'c1' AS customer_id, TIMESTAMP '2024-01-01' AS ts, "
        "1.5::DOUBLE AS value, 7::BIGINT AS seq, [1, 2] AS xs, "
        "{'a': 1}::STRUCT(a INTEGER) AS s, NULL::VARCHAR AS properties")
    table = duckdb_table(backend, "typed")
    assert table.schema() == backend.table("typed").schema()
    assert table.get_name() == "typed"
    assert table.select("customer_id", "seq").to_pyarrow().to_pylist() == [
        {"customer_id": "c1", "seq": 7}]


def test_optional_table_is_none_for_a_table_not_imported_yet(con: Any) -> None:
    from journeymap.engine import optional_table

    con.create_table("events", pa.table({"customer_id": ["a"]}))
    found = optional_table(con, "events")
    assert found is not None and found.count().execute() == 1
    assert optional_table(con, "survey_answers") is None
