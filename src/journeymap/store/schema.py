"""Connecting to the workspace store and keeping its schema at the head revision."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from journeymap.errors import StoreError
from journeymap.layout import STORE_FILE

MIGRATIONS = Path(__file__).parent / "migrations"
#: Execution option that makes a SQLite transaction take the write lock up front.
WRITE = "journeymap_write"
#: Key of the PostgreSQL advisory lock held while migrating, so two servers starting at
#: once do not both create the tables.
_MIGRATION_LOCK = 0x6A6D_0004
#: How long a SQLite connection waits for another one's lock.
SQLITE_TIMEOUT_SECONDS = 30.0


def default_url(workspace_dir: Path) -> str:
    """The SQLite store inside a workspace folder."""
    return f"sqlite:///{Path(workspace_dir).resolve() / STORE_FILE}"


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparseable URL>"


def _sqlite_events(engine: sa.Engine) -> None:
    # pysqlite's own transaction handling starts transactions late and cannot take the
    # write lock first; we issue BEGIN ourselves so a writer's reads and its guarded
    # UPDATE happen under one lock (the SQLAlchemy documented recipe).
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        _use_wal(cursor)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _use_wal(cursor: Any, wait_seconds: float = SQLITE_TIMEOUT_SECONDS) -> None:
    """Switch a new database to WAL. The switch needs the database to itself and SQLite
    does not wait for that (no busy handler), so a server opening the store while another
    one migrates it retries; once in WAL (it persists) the pragma changes nothing."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")  # (an in-memory database stays "memory")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked: could not switch it to WAL")
        time.sleep(0.05)


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url`` that has answered one query; else a StoreError saying why."""
    try:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_TIMEOUT_SECONDS})
            _sqlite_events(engine)
        else:
            engine = sa.create_engine(parsed, pool_pre_ping=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            f"cannot use the workspace store URL {safe_url(url)}: {exc}",
            hint="use sqlite:///PATH/workspace.db or postgresql+psycopg://USER@HOST/DB",
        ) from exc
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        hint = (
            "check that the folder exists and is writable"
            if engine.dialect.name == "sqlite"
            else "check the URL, that the database server is running and that you may log in"
        )
        raise StoreError(
            f"cannot reach the workspace store at {safe_url(url)}: {reason}", hint=hint
        ) from exc
    return engine


def alembic_config() -> Config:
    """An Alembic configuration built in code, so migrations run from an installed wheel."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the store ships at least one migration"
    return head


def current_revision(conn: sa.Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _check_known(revision: str | None, url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if revision is not None and revision not in known:
        raise StoreError(
            f"the workspace store at {safe_url(url)} is at schema revision {revision!r}, "
            "which this version of journeymap does not know (it was written by a newer one)",
            hint="upgrade journeymap to the version that wrote this store",
        )


def prepare(engine: sa.Engine, url: str, *, migrate: bool) -> None:
    """Bring the schema to head (``migrate``) or check that it is there already."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
            revision = current_revision(conn)
            _check_known(revision, url)
            if revision == head_revision():
                return
            if not migrate:
                raise StoreError(
                    f"the workspace store at {safe_url(url)} is at schema revision "
                    f"{revision!r}, not {head_revision()!r}",
                    hint="open it with migrate=True (journeymap does so by default) to upgrade",
                )
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
