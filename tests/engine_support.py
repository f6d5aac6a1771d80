"""Hand-built journeys for the analysis tests: a canonical ``events`` table from short rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa

from journeymap.engine import backend_kind, connect, from_arrow

Row = tuple[Any, ...]

SCHEMA = pa.schema(
    [
        ("customer_id", pa.string()),
        ("timestamp", pa.timestamp("us")),
        ("event", pa.string()),
        ("channel", pa.string()),
        ("value", pa.float64()),
        ("seq", pa.int64()),
    ]
)


def events_table(con: Any, rows: Sequence[Row], name: str = "events") -> ir.Table:
    """``rows`` are ``(customer, "YYYY-MM-DD HH:MM[:SS]", event[, channel[, value]])``;
    ``seq`` is the row's position, as the importer assigns it."""
    columns: dict[str, list[Any]] = {field: [] for field in SCHEMA.names}
    for seq, row in enumerate(rows):
        customer, stamp, event, *rest = row
        columns["customer_id"].append(customer)
        columns["timestamp"].append(datetime.fromisoformat(stamp))
        columns["event"].append(event)
        columns["channel"].append(rest[0] if rest else None)
        columns["value"].append(rest[1] if len(rest) > 1 else None)
        columns["seq"].append(seq)
    return from_arrow(con, name, pa.table(columns, schema=SCHEMA))


def journeys() -> Any:
    """A hypothesis strategy: small random journeys with many timestamp ties."""
    from hypothesis import strategies as st

    row = st.tuples(
        st.sampled_from(["c1", "c2", "c3", "c4"]),
        st.integers(0, 6).map(lambda minute: f"2024-01-0{1 + minute % 3} 10:0{minute}:00"),
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(["web", "app"]),
    )
    return st.lists(row, max_size=25)


def ordered(rows: Sequence[Row]) -> dict[str, list[tuple[datetime, str]]]:
    """Each customer's ``(time, event)`` in the canonical order: time, then input order."""
    by_customer: dict[str, list[tuple[datetime, int, str]]] = {}
    for seq, (customer, stamp, event, *_) in enumerate(rows):
        by_customer.setdefault(customer, []).append((datetime.fromisoformat(stamp), seq, event))
    return {c: [(t, e) for t, _, e in sorted(items)] for c, items in by_customer.items()}


def quantile(values: Sequence[float], q: float) -> float | None:
    """Interpolated quantile (DuckDB ``quantile_cont``, Spark ``percentile``), 6 places."""
    if not values:
        return None
    data = sorted(values)
    position = q * (len(data) - 1)
    low = int(position)
    high = min(low + 1, len(data) - 1)
    return round(data[low] + (data[high] - data[low]) * (position - low), 6)


def property_settings() -> Any:
    """Hypothesis settings for analysis properties: one connection fixture for all examples."""
    from hypothesis import HealthCheck, settings

    return settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def cells(result: Any, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """An analysis result's rows as tuples of ``columns``, in order."""
    return [tuple(row[c] for c in columns) for row in result.rows]


def on_both_engines(spark: Any, rows: Sequence[Row], run: Any) -> tuple[Any, Any]:
    """``run`` on the events ``rows`` in DuckDB and in Spark: the two results."""
    on_duckdb = run(events_table(connect(), rows))
    on_spark_events = events_table(spark, rows)
    assert backend_kind(on_spark_events) == "pyspark"
    return on_duckdb, run(on_spark_events)
