"""The in-memory result table (workbench/memo.py) and the analytic store's state."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from journeymap.workbench.memo import Memo, data_version, store_state
from wal_support import commit_to_wal_only


def test_the_least_recently_used_entry_falls_out() -> None:
    memo: Memo[str] = Memo(2)
    memo.put("a", "A")
    memo.put("b", "B")
    assert memo.get("a") == "A"  # now b is the oldest
    memo.put("c", "C")
    assert (memo.peek("a"), memo.peek("b"), memo.peek("c")) == ("A", None, "C")


def test_peek_leaves_the_order_as_it_is() -> None:
    memo: Memo[str] = Memo(2)
    memo.put("a", "A")
    memo.put("b", "B")
    assert memo.peek("a") == "A"
    memo.put("c", "C")
    assert memo.peek("a") is None and memo.peek("b") == "B"


def test_get_or_compute_computes_once_per_key() -> None:
    memo: Memo[int] = Memo(4)
    calls: list[str] = []

    def compute(key: str) -> int:
        calls.append(key)
        return len(calls)

    assert memo.get_or_compute("x", lambda: compute("x")) == 1
    assert memo.get_or_compute("x", lambda: compute("x")) == 1
    assert memo.get_or_compute("y", lambda: compute("y")) == 2
    memo.clear()
    assert memo.get_or_compute("x", lambda: compute("x")) == 3
    assert calls == ["x", "y", "x"]


def test_store_state_changes_when_the_store_or_its_wal_is_written(tmp_path: Path) -> None:
    database = tmp_path / "analytics.duckdb"
    assert store_state(database) == (0, 0, 0, 0)
    database.write_bytes(b"12345")
    first = store_state(database)
    assert first[1:] == (5, 0, 0)
    wal = tmp_path / "analytics.duckdb.wal"
    wal.write_bytes(b"x")
    wal_stat = wal.stat()
    assert store_state(database) == (first[0], 5, wal_stat.st_mtime_ns, 1)


def test_store_state_tells_wal_commits_apart_within_one_clock_tick(tmp_path: Path) -> None:
    database = tmp_path / "analytics.duckdb"
    database.write_bytes(b"12345")
    wal = tmp_path / "analytics.duckdb.wal"
    wal.write_bytes(b"x")
    first = store_state(database)
    wal.write_bytes(b"xy")
    os.utime(wal, ns=(first[2], first[2]))  # the same time: a coarse file-system clock
    assert store_state(database) != first


def test_data_version_is_none_without_an_analytic_store(tmp_path: Path) -> None:
    assert data_version(tmp_path) is None
    database = tmp_path / "analytics.duckdb"
    duckdb.connect(str(database)).close()
    assert data_version(tmp_path) == store_state(database) != (0, 0, 0, 0)


def test_data_version_changes_on_a_commit_still_in_the_wal(tmp_path: Path) -> None:
    database = tmp_path / "analytics.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("CREATE TABLE answers (score INTEGER)")
    before = data_version(tmp_path)
    commit_to_wal_only(database, "INSERT INTO answers VALUES (5)")
    assert data_version(tmp_path) != before
