"""The in-memory result table (workbench/memo.py) and the analytic store's state."""

from __future__ import annotations

from pathlib import Path

from journeymap.workbench.memo import Memo, store_state


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
    assert store_state(database) == (0, 0, 0)
    database.write_bytes(b"12345")
    first = store_state(database)
    assert first[1] == 5 and first[2] == 0
    wal = tmp_path / "analytics.duckdb.wal"
    wal.write_bytes(b"x")
    assert store_state(database)[2] == wal.stat().st_mtime_ns != 0
