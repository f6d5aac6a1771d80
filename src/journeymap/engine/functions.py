"""Backend-aware building blocks for analyses: exact times, fast medians, ordered sequences.

Ibis covers almost everything portably; these are the few places where backends differ in
what they support or in how fast the portable form runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from journeymap.engine.backend import backend_kind

MICROS = 1_000_000


@ibis.udf.scalar.builtin(name="epoch_us")  # type: ignore[untyped-decorator]
def _duckdb_epoch_us(ts: dt.timestamp) -> dt.int64:
    """DuckDB: microseconds since 1970-01-01 of a timestamp without zone."""


@ibis.udf.scalar.builtin(name="unix_micros")  # type: ignore[untyped-decorator]
def _spark_unix_micros(ts: dt.timestamp) -> dt.int64:
    """Spark: the same, read in the session time zone (UTC, set by the engine)."""


@ibis.udf.scalar.builtin(name="list_aggregate")  # type: ignore[untyped-decorator]
def _duckdb_list_quantile(
    values: dt.Array[dt.float64], function: dt.string, q: dt.float64
) -> dt.float64:
    """DuckDB: ``list_aggregate(list, 'quantile_cont', q)``."""


@ibis.udf.scalar.builtin(name="list_aggregate")  # type: ignore[untyped-decorator]
def _duckdb_list_quantiles(
    values: dt.Array[dt.float64], function: dt.string, q: dt.Array[dt.float64]
) -> dt.Array[dt.float64]:
    """DuckDB: ``list_aggregate(list, 'quantile_cont', [q1, q2, ...])``."""


def fetch_rows(expr: ir.Expr) -> list[dict[str, Any]]:
    """The rows of ``expr`` (a table, column or scalar) as plain dicts of Python values.

    On DuckDB the rows come straight from DuckDB's own fetch: going through Arrow would
    import pyarrow and pandas (a quarter of a second, more than a small analysis takes) and
    convert every value twice. Elsewhere they come through Arrow.
    """
    table = expr.as_table()
    backend: Any = ibis.get_backend(table)
    relation = getattr(backend, "_to_duckdb_relation", None) if backend.name == "duckdb" \
        else None
    if relation is None:
        rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
        return rows
    # ibis's own path to a DuckDB relation: registers in-memory tables and UDFs first
    found = relation(table)
    names = list(found.columns)
    return [dict(zip(names, row, strict=True)) for row in found.fetchall()]


def epoch_micros(ts: ir.TimestampValue, backend: str) -> ir.IntegerValue:
    """Microseconds since the epoch, so durations keep sub-second precision on every backend."""
    if backend == "duckdb":
        value: ir.IntegerValue = _duckdb_epoch_us(ts)
    elif backend == "pyspark":
        value = _spark_unix_micros(ts)
    else:
        value = ts.epoch_seconds().cast("int64") * MICROS
    return value


def summarise(
    table: ir.Table,
    by: Sequence[str],
    metrics: Mapping[str, ir.Scalar],
    quantiles: Mapping[str, tuple[str, float]],
    *,
    fast: bool | None = None,
) -> ir.Table:
    """Group ``table`` by ``by`` (no grouping when empty): ``metrics`` plus exact,
    interpolated quantiles, each named ``name: (column, q)``.

    On DuckDB a grouped ``quantile_cont`` is pathologically slow on big groups, while
    collecting each group into a list and taking the list's quantile gives the same numbers
    many times faster; ``fast`` picks the list form (default: on DuckDB only).
    """
    if fast is None:
        fast = backend_kind(table) == "duckdb"
    if not fast:
        exact = {name: table[column].cast("float64").quantile(q)
                 for name, (column, q) in quantiles.items()}
        return _aggregate(table, by, {**metrics, **exact})
    lists = {f"_jm_{column}": table[column].cast("float64").collect()
             for column, _ in quantiles.values()}
    grouped = _aggregate(table, by, {**metrics, **lists})
    # all quantiles of one list in one call: the list is partitioned once, not once per q
    wanted = {key: sorted({q for column, q in quantiles.values() if f"_jm_{column}" == key})
              for key in lists}
    picked = grouped.mutate(**{
        f"{key}_q": _duckdb_list_quantiles(grouped[key], "quantile_cont", qs)
        for key, qs in wanted.items()
    })
    return picked.mutate(**{
        name: picked[f"_jm_{column}_q"][wanted[f"_jm_{column}"].index(q)]
        for name, (column, q) in quantiles.items()
    }).drop(*lists, *(f"{key}_q" for key in lists))


def _aggregate(table: ir.Table, by: Sequence[str], metrics: Mapping[str, ir.Scalar]) -> ir.Table:
    if by:
        return table.group_by(list(by)).aggregate(**metrics)
    return table.aggregate(**metrics)


def ordered_join(table: ir.Table, by: str, order: Sequence[str], value: str, sep: str,
                 *, name: str, native: bool | None = None) -> ir.Table:
    """One row per ``by``: the ``value``s in ``order`` joined with ``sep``, as column ``name``.

    DuckDB aggregates in order directly; elsewhere (Spark cannot order an aggregate) the
    values are collected with their sort keys, sorted, and stripped of the keys. ``native``
    picks the first form (default: on DuckDB only).
    """
    keys = [table[column] for column in order]
    if native is None:
        native = backend_kind(table) == "duckdb"
    if native:
        joined = table[value].collect(order_by=keys).join(sep)
        return table.group_by(by).aggregate(**{name: joined})
    fields = {f"k{i}": key for i, key in enumerate(keys)}
    packed = ibis.struct({**fields, "v": table[value]})
    grouped = table.group_by(by).aggregate(_jm_items=packed.collect())
    items = grouped["_jm_items"].sort().map(lambda item: item["v"])
    return grouped.select(by, **{name: items.join(sep)})
