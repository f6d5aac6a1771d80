"""Commit to a DuckDB store so that the change stays in its WAL (no checkpoint)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def commit_to_wal_only(database: Path, sql: str) -> None:
    """Run ``sql`` and commit it; the file itself stays as it was, only ``<file>.wal`` grows.

    DuckDB checkpoints when the WAL passes its threshold and when the last connection
    closes; both are switched off here, as when another process still holds the store open.
    """
    before = database.stat()
    con = duckdb.connect(str(database))
    try:
        con.execute("PRAGMA disable_checkpoint_on_shutdown")
        con.execute("SET checkpoint_threshold = '1GB'")
        con.execute(sql)
    finally:
        con.close()
    after = database.stat()
    # The premise of every test using this: the file's own size and time did not move.
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert database.with_name(database.name + ".wal").stat().st_size > 0
