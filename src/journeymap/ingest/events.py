"""Events from a file, read in place for an analysis: no copy into a store first."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from journeymap.engine.backend import duckdb_table
from journeymap.errors import DataFileError
from journeymap.ingest.mapping import Mapping
from journeymap.ingest.sources import ROW, Source, ident, lit, open_source, run_reading
from journeymap.ingest.validation import (
    EVENT_COLUMNS,
    EXPECTED,
    PROBLEM,
    PROPERTIES,
    REASON,
    checked_sql,
)

#: The canonical event table's columns, in order (DESIGN.md 4.1), plus ``seq``.
CANONICAL = tuple(column.name for column in EVENT_COLUMNS) + (PROPERTIES, "seq")
_views = itertools.count(1)
#: Deferred event tables by view name: the connection, source and checked SQL to rescan.
_deferred: dict[str, tuple[Any, Source, str]] = {}
_BAD_ROW = "journeymap: a row of the event file failed its check"


def event_sql(con: Any, path: Path, mapping: Mapping | None = None) -> tuple[Source, str]:
    """The checked events query of ``path`` on a raw DuckDB connection."""
    source = open_source(con, path, mapping)
    return source, checked_sql(source, EVENT_COLUMNS, mapping)


def read_events(con: Any, path: Path, *, mapping: Mapping | None = None,
                deferred: bool = False) -> ir.Table:
    """The canonical event table of ``path`` on the Ibis DuckDB backend ``con``.

    ``seq`` is the row's 1-based position among the file's data rows (header and blank
    lines not counted), the same number the quarantine uses. The file is scanned once to
    check every row; a bad row raises :class:`DataFileError` naming the first one.

    ``deferred`` is for a query that reads the ``event`` of every row (no filter, or only
    one on the event name, like a funnel's steps): the check then runs inside that query,
    in the same pass over the file, which fails on a bad row, and :func:`recheck` turns the
    failure into the very error the scan gives. A CSV file that DuckDB's parallel reader
    cannot read (a quoted line break with short rows) fails the query too; :func:`recheck`
    then finds it good when read by one thread, and the view reads it that way from then on.
    """
    raw = con.con
    source, checked = event_sql(raw, path, mapping)
    name = f"_jm_events_{next(_views)}"
    if deferred:
        _deferred[name] = (raw, source, checked)
    else:
        # no bad row: the view leaves the checks out, so a query converts only what it uses
        checked = check_rows(raw, source, checked)
    _create_view(raw, name, checked, guarded=deferred)
    return duckdb_table(con, name)


def _create_view(raw: Any, name: str, checked: str, *, guarded: bool) -> None:
    selected = {column: ident(column) for column in CANONICAL[:-1]}
    if guarded:
        # The check guards the event name itself, not a WHERE clause the optimiser could
        # order after a filter on the name: reading any row's event checks that row.
        selected["event"] = (f"CASE WHEN {REASON} IS NULL THEN {ident('event')} "
                             f"ELSE error({lit(_BAD_ROW)}) END")
    columns = ", ".join(f"{sql} AS {ident(column)}" for column, sql in selected.items())
    # A temporary view: the file stays where it is and is read again by each query.
    raw.execute(f"CREATE OR REPLACE TEMP VIEW {ident(name)} AS SELECT {columns}, {ROW} AS seq "
                f"FROM ({checked})")


def recheck(events: ir.Table) -> bool:
    """After a query on a deferred event table failed: raise the :class:`DataFileError` the
    file's check gives, if it gives one. True when the file is good but must be read by one
    thread: the table now does, and the query can run again; False when the check found
    nothing (the caller re-raises its own error)."""
    found = _deferred.pop(events.get_name(), None)
    if found is None:
        return False
    raw, source, checked = found
    readable = check_rows(raw, source, checked)
    if readable == checked:
        return False
    _create_view(raw, events.get_name(), readable, guarded=False)
    return True


def check_rows(raw: Any, source: Source, checked: str) -> str:
    """The checked SQL that reads the file; raises :class:`DataFileError` on the first bad
    row, with the count of bad rows."""
    summary = (f"SELECT count(*), count(*) FILTER (WHERE {REASON} IS NOT NULL), "
               f"arg_min(struct_pack(r := {ROW}, c := {PROBLEM}, why := {REASON}, "
               f"want := {EXPECTED}), {ROW}) FILTER (WHERE {REASON} IS NOT NULL) "
               f"FROM ({checked})")
    found, used = run_reading(source, summary, lambda sql: raw.execute(sql).fetchone())
    read, bad, first = found
    if bad:
        more = f"{bad} bad rows in all" if bad > 1 else "the only bad row"
        raise DataFileError(
            source.label, f"{first['why']} ({more})", row=first["r"], column=first["c"],
            expected=first["want"],
            hint=f"`journeymap import events {source.label}` quarantines bad rows",
        )
    return checked if used == summary else (source.serial(checked) or checked)
