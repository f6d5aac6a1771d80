"""The workspace's analytic store (``analytics.duckdb``): its tables and one import transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeymap.errors import EngineError, WorkspaceError
from journeymap.layout import ANALYTICS_FILE, CONFIG_FILE

Progress = Callable[[str, float], None]

TABLES = {
    "imports": "import_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, file VARCHAR NOT NULL, "
               "content_hash VARCHAR NOT NULL, mapping VARCHAR, read BIGINT NOT NULL, "
               "accepted BIGINT NOT NULL, quarantined BIGINT NOT NULL, "
               "duplicates BIGINT NOT NULL, started_at TIMESTAMP NOT NULL, "
               "finished_at TIMESTAMP NOT NULL",
    "events": "customer_id VARCHAR NOT NULL, timestamp TIMESTAMP NOT NULL, "
              "event VARCHAR NOT NULL, channel VARCHAR, session_id VARCHAR, location_id VARCHAR, "
              "source VARCHAR, event_id VARCHAR, value DOUBLE, properties VARCHAR, "
              "seq BIGINT NOT NULL, import_id VARCHAR NOT NULL, row_key VARCHAR NOT NULL",
    "transactions": "transaction_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, "
                    "timestamp TIMESTAMP NOT NULL, value DOUBLE NOT NULL, properties VARCHAR, "
                    "import_id VARCHAR NOT NULL",
    "customers": "customer_id VARCHAR PRIMARY KEY, import_id VARCHAR NOT NULL",
    "quarantine": 'import_id VARCHAR NOT NULL, file VARCHAR NOT NULL, "row" BIGINT NOT NULL, '
                  '"column" VARCHAR, reason VARCHAR NOT NULL, raw VARCHAR',
}


@dataclass(frozen=True)
class Problem:
    """One quarantined row: where it is and why it was not accepted."""

    row: int
    column: str | None
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What one import did; ``read == accepted + quarantined + duplicates``."""

    import_id: str
    kind: str
    file: str
    read: int
    accepted: int
    quarantined: int
    duplicates: int
    problems: tuple[Problem, ...] = ()

    def summary(self) -> str:
        return (f"read {self.read}, accepted {self.accepted}, quarantined {self.quarantined}, "
                f"duplicates {self.duplicates}")


@dataclass(frozen=True)
class QuarantinedRow:
    import_id: str
    file: str
    row: int
    column: str | None
    reason: str
    raw: str | None


def analytics_path(workspace_dir: Path) -> Path:
    if not (workspace_dir / CONFIG_FILE).is_file():
        raise WorkspaceError(f"{workspace_dir} is not a journeymap workspace (no {CONFIG_FILE})",
                             hint=f"run `journeymap init {workspace_dir}` or pass --workspace DIR")
    return workspace_dir / ANALYTICS_FILE


@contextmanager
def connect(workspace_dir: Path, *, read_only: bool = False) -> Iterator[Any]:
    """A raw DuckDB connection to the workspace's analytic store."""
    import duckdb

    path = analytics_path(workspace_dir)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise EngineError(f"cannot open the analytic store {path}: {exc}") from exc
    try:
        con.execute("SET enable_progress_bar = false")
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: Any) -> Iterator[None]:
    """All or nothing: a failure part-way leaves the store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name, columns in TABLES.items():
            con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def quarantined_rows(workspace_dir: Path, import_id: str | None = None,
                     limit: int = 100) -> list[QuarantinedRow]:
    """Quarantined rows, newest import first, in file order; all imports when ``import_id``
    is None."""
    if not (analytics_path(workspace_dir)).is_file():
        return []
    with connect(workspace_dir, read_only=True) as con:
        tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
        if "quarantine" not in tables:
            return []
        where = "" if import_id is None else "WHERE q.import_id = ?"
        params: list[Any] = [] if import_id is None else [import_id]
        found = con.execute(
            f'SELECT q.import_id, q.file, q."row", q."column", q.reason, q.raw '
            f"FROM quarantine q JOIN imports i USING (import_id) {where} "
            f'ORDER BY i.started_at DESC, q.import_id, q."row" LIMIT ?', [*params, limit],
        ).fetchall()
    return [QuarantinedRow(*row) for row in found]
