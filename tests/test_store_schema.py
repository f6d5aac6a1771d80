"""Connecting to the workspace store (store/schema.py): SQLite's switch to WAL."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from journeymap.store.schema import _use_wal


def test_the_switch_to_wal_waits_for_a_database_another_connection_holds(
        tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("create table t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    opener = sqlite3.connect(path, isolation_level=None, timeout=0.01)
    try:
        _use_wal(opener.cursor(), wait_seconds=10)
        assert opener.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        release.join()
        opener.close()
        holder.close()


def test_the_switch_gives_up_after_its_wait(tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("create table t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    opener = sqlite3.connect(path, isolation_level=None, timeout=0.01)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            _use_wal(opener.cursor(), wait_seconds=0.2)
    finally:
        opener.close()
        holder.execute("COMMIT")
        holder.close()
