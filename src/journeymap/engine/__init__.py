"""The analytic engine: the only place that runs analytic queries (Ibis on DuckDB or Spark)."""

from journeymap.engine.backend import (
    EVENTS_TABLE,
    EngineName,
    backend_kind,
    connect,
    connect_duckdb,
    connect_spark,
    duckdb_table,
    from_arrow,
    optional_table,
    store_events,
)

__all__ = [
    "EVENTS_TABLE",
    "EngineName",
    "backend_kind",
    "connect",
    "connect_duckdb",
    "connect_spark",
    "duckdb_table",
    "from_arrow",
    "optional_table",
    "store_events",
]
