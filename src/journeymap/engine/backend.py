"""Connections to the analytic engine: DuckDB by default, Spark through Ibis's PySpark backend.

Every analysis is one Ibis expression; which backend runs it is decided here only, so the
same analysis code runs on a laptop (DuckDB) and on a cluster (Spark).
"""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend
from ibis.common.exceptions import TableNotFound

from journeymap.engine import compilers
from journeymap.errors import EngineError, InputError

compilers.install()

#: The canonical event table in the analytic store (DESIGN.md 4.1).
EVENTS_TABLE = "events"
#: Where a Spark engine runs when nothing else is said: all local cores.
DEFAULT_SPARK_MASTER = "local[*]"


class EngineName(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


def connect(engine: EngineName | str = EngineName.DUCKDB, *, database: Path | None = None,
            read_only: bool = False) -> BaseBackend:
    """A backend: DuckDB on ``database`` (in memory when None) or a Spark session."""
    name = _engine_name(engine)
    if name is EngineName.SPARK:
        return connect_spark()
    return connect_duckdb(database, read_only=read_only)


def connect_duckdb(database: Path | None = None, *, read_only: bool = False) -> BaseBackend:
    try:
        if database is None:
            return ibis.duckdb.connect()
        return ibis.duckdb.connect(str(database), read_only=read_only)
    except Exception as exc:  # duckdb raises its own IOException family for locks and junk
        raise EngineError(f"cannot open the analytic store {database}: {exc}") from exc


def connect_spark(session: Any | None = None) -> BaseBackend:
    """Ibis on a Spark session: the given one, or the active/new one from the environment.

    ``JOURNEYMAP_SPARK_MASTER`` names the cluster (``spark://host:7077``, ``yarn``, ...);
    the session time zone is UTC because canonical timestamps are UTC without a zone.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError(
            "the Spark engine is not installed",
            hint="pip install 'journeymap[spark]' (needs Java 17)",
        ) from exc
    if session is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        warehouse = Path(tempfile.gettempdir()) / "journeymap-spark-warehouse"
        master = os.environ.get("JOURNEYMAP_SPARK_MASTER", DEFAULT_SPARK_MASTER)
        builder: Any = SparkSession.builder
        if master.startswith("local"):
            # Spark's default of 200 shuffle partitions only adds overhead on one machine
            builder = builder.config("spark.sql.shuffle.partitions", str(os.cpu_count() or 2))
        session = (
            builder.master(master)
            .appName("journeymap")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.warehouse.dir", str(warehouse))
            .getOrCreate()
        )
    session.conf.set("spark.sql.session.timeZone", "UTC")
    return ibis.pyspark.connect(session)


def duckdb_table(backend: BaseBackend, name: str) -> ir.Table:
    """``backend.table(name)`` on DuckDB, the same table read without Arrow.

    Ibis fetches a table's schema as an Arrow table; importing pyarrow (and numpy) for that
    costs more start-up than a small analysis takes, so the schema is fetched as rows and
    typed by ibis's own DuckDB type mapper.
    """
    import ibis.expr.operations as ops
    import ibis.expr.schema as sch
    import sqlglot as sg

    raw: Any = getattr(backend, "con")  # noqa: B009  (the DuckDB connection ibis wraps)
    quoted = sg.to_identifier(name, quoted=True).sql(dialect="duckdb")
    described = raw.execute(f"DESCRIBE {quoted}").fetchall()
    mapper: Any = getattr(backend, "compiler").type_mapper  # noqa: B009
    schema = sch.Schema({str(column): mapper.from_string(kind, nullable=null == "YES")
                         for column, kind, null, *_ in described})
    table: ir.Table = ops.DatabaseTable(
        name, schema=schema, source=backend, namespace=ops.Namespace(catalog=None, database=None)
    ).to_expr()
    return table


def backend_kind(expr: ir.Expr) -> str:
    """``duckdb``, ``pyspark``, ... for the backend that will run ``expr``."""
    name: str = ibis.get_backend(expr).name
    return name


def store_events(database: Path, engine: EngineName | str = EngineName.DUCKDB) -> ir.Table:
    """The ``events`` table of a workspace's analytic store (a DuckDB file).

    With the Spark engine the table is handed to Spark through Arrow, which suits a store
    that fits one machine; at cluster scale point Spark at the data itself.
    """
    if not database.is_file():
        raise InputError(
            f"{database}: the workspace has no analytic store yet",
            hint="import events first (journeymap import events FILE) or pass --events FILE",
        )
    duck = connect_duckdb(database, read_only=True)
    try:
        events = duck.table(EVENTS_TABLE)
    except TableNotFound:
        raise InputError(
            f"{database}: the analytic store has no {EVENTS_TABLE!r} table",
            hint="import events first (journeymap import events FILE) or pass --events FILE",
        ) from None
    if _engine_name(engine) is EngineName.DUCKDB:
        return events
    return from_arrow(connect_spark(), EVENTS_TABLE, events.to_pyarrow())


def from_arrow(backend: BaseBackend, name: str, data: Any) -> ir.Table:
    """Register an Arrow table under ``name`` (a temporary view, nothing written) on ``backend``."""
    if backend.name == "pyspark":
        session: Any = backend._session  # ibis keeps the SparkSession there
        session.createDataFrame(data).createOrReplaceTempView(name)
        return backend.table(name)
    table: ir.Table = backend.create_table(name, data, temp=True, overwrite=True)
    return table


def _engine_name(engine: EngineName | str) -> EngineName:
    try:
        return EngineName(str(engine).lower())
    except ValueError:
        choices = ", ".join(e.value for e in EngineName)
        raise InputError(f"unknown engine {engine!r}; expected one of {choices}") from None


def optional_table(backend: BaseBackend, name: str) -> ir.Table | None:
    """The backend's table ``name``, or None when it has none (not imported yet)."""
    try:
        table: ir.Table = backend.table(name)
    except TableNotFound:
        return None
    return table
