"""Import events, customers and transactions into the workspace's analytic store.

Each import is one DuckDB transaction: the file is checked by the vectorised validator, bad
rows go to ``quarantine``, rows already in the store are skipped as duplicates, the rest are
appended, and a row in ``imports`` records the counts (read = accepted + quarantined +
duplicates). A failure anywhere leaves the store as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journeymap.errors import DataFileError
from journeymap.ingest.mapping import Mapping, load_mapping
from journeymap.ingest.sources import ROW, Source, ident, open_source, run_reading
from journeymap.ingest.store import (
    ImportReport,
    Problem,
    Progress,
    connect,
    file_hash,
    transaction,
)
from journeymap.ingest.validation import (
    EVENT_COLUMNS,
    EXPECTED,
    PROBLEM,
    RAW,
    REASON,
    TRANSACTION_COLUMNS,
    Column,
    checked_sql,
)

CHECKED = "_jm_checked"
KEYED = "_jm_keyed"
#: How many quarantined rows an :class:`ImportReport` lists.
FIRST_PROBLEMS = 5
MappingSpec = str | Path | Mapping | None
Writer = Callable[[Any, str, Mapping], int]


def import_events(workspace_dir: Path, path: Path, *, mapping: MappingSpec = None,
                  progress: Progress | None = None) -> ImportReport:
    """Append the events of ``path`` (through ``mapping``: a ready name, file or Mapping)."""
    spec = load_mapping(mapping) or Mapping()

    def prepare(con: Any, source: Source) -> str:
        return checked_sql(source, EVENT_COLUMNS, spec)

    return run_import(workspace_dir, Path(path), "events", spec, progress, prepare, _write_events)


def import_transactions(workspace_dir: Path, path: Path, *, mapping: MappingSpec = None,
                        progress: Progress | None = None) -> ImportReport:
    """Append transactions: transaction_id (optional), customer_id, timestamp, value, others."""
    spec = load_mapping(mapping) or Mapping()

    def prepare(con: Any, source: Source) -> str:
        return checked_sql(source, TRANSACTION_COLUMNS, spec)

    return run_import(workspace_dir, Path(path), "transactions", spec, progress, prepare,
                   _write_transactions)


def import_customers(workspace_dir: Path, path: Path, *, mapping: MappingSpec = None,
                     progress: Progress | None = None) -> ImportReport:
    """Add customers (customer_id plus attribute columns); a known customer's attributes are
    replaced by the file's, an unchanged one counts as a duplicate."""
    spec = load_mapping(mapping) or Mapping()
    attributes: list[str] = []

    def prepare(con: Any, source: Source) -> str:
        attributes.extend(_attributes(con, source, spec))
        columns = [Column("customer_id", required=True)] + [Column(a) for a in attributes]
        return checked_sql(source, columns, spec, properties=False)

    def write(con: Any, import_id: str, mapping: Mapping) -> int:
        return _write_customers(con, import_id, attributes)

    return run_import(workspace_dir, Path(path), "customers", spec, progress, prepare, write)


def run_import(workspace_dir: Path, path: Path, kind: str, spec: Mapping,
            progress: Progress | None, prepare: Callable[[Any, Source], str],
            write: Writer) -> ImportReport:
    tick = progress or (lambda step, fraction: None)
    import_id = uuid.uuid4().hex[:12]
    started = _now()
    tick("checking rows", 0.05)
    with connect(workspace_dir) as con:
        # Read into a temporary table first: a failed read would abort a transaction.
        source = open_source(con, path, spec)
        _materialise(con, source, prepare(con, source))
        if kind == "customers":
            _flag_repeated_customers(con)
        read, bad = con.execute(f"SELECT count(*), count({REASON}) FROM {CHECKED}").fetchone()
        _refuse_empty_column(con, source, read)
        content_hash = file_hash(path)
        with transaction(con):
            tick("quarantining bad rows", 0.6)
            _quarantine(con, import_id, source.label, kind, content_hash)
            tick(f"writing {kind}", 0.75)
            accepted = write(con, import_id, spec)
            report = ImportReport(import_id, kind, source.label, read, accepted, bad,
                                  read - bad - accepted, _first_problems(con))
            con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [import_id, kind, source.label, content_hash, spec.name, read,
                         accepted, bad, report.duplicates, started, _now()])
    tick("done", 1.0)
    return report


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _materialise(con: Any, source: Source, checked: str) -> None:
    run_reading(source, f"CREATE OR REPLACE TEMP TABLE {CHECKED} AS {checked}", con.execute)


def _refuse_empty_column(con: Any, source: Source, read: int) -> None:
    """A required column empty on every row is a missing column, not a file of bad rows."""
    if read == 0:
        return
    empty = con.execute(
        f"SELECT {PROBLEM} FROM {CHECKED} WHERE {REASON} = 'missing value' "
        f"GROUP BY {PROBLEM} HAVING count(*) = ? LIMIT 1", [read]).fetchone()
    if empty is not None:
        raise DataFileError(source.label, f"no row has a value for {empty[0]!r}",
                            column=empty[0], expected=f"a field {empty[0]} on each row",
                            hint="map your fields with --mapping (see docs/importing.md)")


def _quarantine(con: Any, import_id: str, label: str, kind: str, content_hash: str) -> None:
    """Record bad rows; rows of the same file content quarantined before are not repeated."""
    con.execute(
        f'INSERT INTO quarantine SELECT ?, ?, {ROW}, {PROBLEM}, '
        f"{REASON} || '; expected ' || {EXPECTED}, {RAW} FROM {CHECKED} c "
        f"WHERE {REASON} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quarantine q "
        f"JOIN imports i USING (import_id) WHERE i.content_hash = ? AND i.kind = ? "
        f'AND q."row" = c.{ROW})', [import_id, label, content_hash, kind])


def _first_problems(con: Any) -> tuple[Problem, ...]:
    found = con.execute(
        f"SELECT {ROW}, {PROBLEM}, {REASON} || '; expected ' || {EXPECTED} FROM {CHECKED} "
        f"WHERE {REASON} IS NOT NULL ORDER BY {ROW} LIMIT {FIRST_PROBLEMS}").fetchall()
    return tuple(Problem(int(row), column, reason) for row, column, reason in found)


def key_rows(con: Any, id_column: str, columns: Sequence[str]) -> None:
    """Good rows with a ``row_key``: the id when present, else a hash of the canonical row
    plus its occurrence among identical rows in the file (so true repeats are kept); a
    repeated id within the file is kept once."""
    fields = ", ".join(f"coalesce(CAST({ident(c)} AS VARCHAR), chr(30))" for c in columns)
    key = ident(id_column)
    base = f"coalesce({key}, 'h:' || md5(concat_ws(chr(31), {fields})))"
    # Only rows that repeat need numbering; a window over every row would cost seconds.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {KEYED} AS "
        f"WITH based AS MATERIALIZED (SELECT *, {base} AS _jm_base FROM {CHECKED} "
        f"WHERE {REASON} IS NULL), "
        f"repeats AS (SELECT _jm_base FROM based GROUP BY _jm_base HAVING count(*) > 1), "
        f"numbered AS (SELECT {ROW}, row_number() OVER (PARTITION BY _jm_base ORDER BY {ROW}) "
        f"AS _jm_n FROM based SEMI JOIN repeats USING (_jm_base)) "
        f"SELECT based.* EXCLUDE (_jm_base), CASE WHEN {key} IS NULL THEN _jm_base || '#' || "
        f"coalesce(_jm_n, 1) ELSE _jm_base END AS row_key FROM based "
        f"LEFT JOIN numbered USING ({ROW}) WHERE {key} IS NULL OR coalesce(_jm_n, 1) = 1")


def _write_events(con: Any, import_id: str, spec: Mapping) -> int:
    names = [c.name for c in EVENT_COLUMNS] + ["properties"]
    key_rows(con, "event_id", names)
    offset = con.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
    listed = ", ".join(ident(n) for n in names)
    inserted: int = con.execute(
        f"INSERT INTO events SELECT {listed}, ? + {ROW}, ?, row_key FROM {KEYED} k "
        f"WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.row_key = k.row_key)",
        [offset, import_id]).fetchone()[0]
    if spec.transactions:
        con.execute(
            "INSERT INTO transactions SELECT coalesce(event_id, row_key), customer_id, "
            "timestamp, value, properties, import_id FROM events e WHERE import_id = ? "
            "AND value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM transactions t "
            "WHERE t.transaction_id = coalesce(e.event_id, e.row_key))", [import_id])
    return inserted


def _write_transactions(con: Any, import_id: str, spec: Mapping) -> int:
    names = [c.name for c in TRANSACTION_COLUMNS] + ["properties"]
    key_rows(con, "transaction_id", names)
    inserted: int = con.execute(
        f"INSERT INTO transactions SELECT row_key, customer_id, timestamp, value, properties, "
        f"? FROM {KEYED} k WHERE NOT EXISTS (SELECT 1 FROM transactions t "
        f"WHERE t.transaction_id = k.row_key) ORDER BY {ROW}", [import_id]).fetchone()[0]
    return inserted


def _attributes(con: Any, source: Source, spec: Mapping) -> list[str]:
    """Attribute columns: mapped targets, then the file's fields no mapping took."""
    mapped = {field for target in spec.columns for field in spec.sources(target)}
    taken = mapped | set(spec.sources("customer_id")) | set(spec.drop) | {"customer_id"}
    if source.columns is not None:
        fields = list(source.columns)
    else:
        keys = (f"SELECT k FROM (SELECT unnest(json_keys(_jm_doc)) AS k, {ROW} "
                f"FROM ({source.relation})) GROUP BY k ORDER BY min({ROW}), k")
        found, _ = run_reading(source, keys, lambda sql: con.execute(sql).fetchall())
        fields = [row[0] for row in found]
    names = [t for t in spec.columns if t != "customer_id"]
    names += [f for f in fields if f not in taken and f.lower() not in taken]
    if "import_id" in names:
        raise DataFileError(source.label, "the column name 'import_id' is reserved",
                            column="import_id", expected="another name (rename it in a mapping)")
    return names


def _flag_repeated_customers(con: Any) -> None:
    con.execute(
        f"UPDATE {CHECKED} c SET {PROBLEM} = 'customer_id', "
        f"{REASON} = 'customer ' || c.customer_id || ' repeats row ' || f.first_row, "
        f"{EXPECTED} = 'one row per customer' FROM (SELECT customer_id, min({ROW}) AS first_row "
        f"FROM {CHECKED} WHERE {REASON} IS NULL GROUP BY customer_id) f "
        f"WHERE c.customer_id = f.customer_id AND c.{ROW} > f.first_row AND c.{REASON} IS NULL")


def _write_customers(con: Any, import_id: str, attributes: list[str]) -> int:
    for name in attributes:
        con.execute(f"ALTER TABLE customers ADD COLUMN IF NOT EXISTS {ident(name)} VARCHAR")
    same = " AND ".join(["TRUE"] + [f"s.{ident(a)} IS NOT DISTINCT FROM g.{ident(a)}"
                                    for a in attributes])
    listed = ", ".join(["customer_id", *(ident(a) for a in attributes), "import_id"])
    updates = ", ".join([*(f"{ident(a)} = excluded.{ident(a)}" for a in attributes),
                         "import_id = excluded.import_id"])
    inserted: int = con.execute(
        f"INSERT INTO customers ({listed}) SELECT g.customer_id, "
        f"{''.join(f'g.{ident(a)}, ' for a in attributes)}? FROM {CHECKED} g "
        f"WHERE g.{REASON} IS NULL AND NOT EXISTS (SELECT 1 FROM customers s "
        f"WHERE s.customer_id = g.customer_id AND {same}) "
        f"ON CONFLICT (customer_id) DO UPDATE SET {updates}", [import_id]).fetchone()[0]
    return inserted
