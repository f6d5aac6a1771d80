"""Data files as DuckDB relations read in place: CSV/TSV, Parquet, JSON Lines.

Every source relation has ``_jm_row``, the row's 1-based position among the file's data
rows (a CSV header and blank lines are not counted; in JSON Lines it is the line number),
and gives each field as text, so one vectorised validator serves every format.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlglot.expressions as sx

from journeymap.errors import DataFileError
from journeymap.ingest.mapping import Mapping

ROW = "_jm_row"
DOC = "_jm_doc"
LINE = "_jm_line"
HEAD_BYTES = 65536
#: JSON Lines are read as one-column text; this control byte never occurs in valid JSON.
LINE_DELIMITER = "\x01"
MAX_LINE_BYTES = 64 * 1024 * 1024
_PARALLEL = "null_padding = true"
_SERIAL = "null_padding = true, parallel = false"
T = TypeVar("T")

SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv", ".parquet": "parquet",
            ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
EXPECTED = {"csv": "a UTF-8 CSV file with a header row", "tsv": "a UTF-8 TSV file with a header "
            "row", "parquet": "a Parquet file", "jsonl": "UTF-8 JSON Lines (one object a line)"}


def lit(text: str) -> str:
    """A SQL string literal, escaped by sqlglot (user values never enter SQL unescaped)."""
    return str(sx.Literal.string(text).sql(dialect="duckdb"))


def ident(name: str) -> str:
    return str(sx.to_identifier(name, quoted=True).sql(dialect="duckdb"))


def json_path(parts: Sequence[str]) -> str:
    return lit("$" + "".join("." + json.dumps(part) for part in parts))


@dataclass(frozen=True)
class Source:
    """One file as a relation; ``columns`` is None for JSON Lines (fields vary by row)."""

    label: str
    format: str
    relation: str
    columns: tuple[str, ...] | None
    expand: tuple[str, ...] = ()
    used: set[str] = field(default_factory=set)
    #: DuckDB type of each column as read (empty for JSON Lines, all VARCHAR for CSV).
    types: dict[str, str] = field(default_factory=dict)
    #: Whether the connection prints instants in UTC (then always with a whole-hour offset).
    utc_session: bool = False

    def text(self, path: str) -> str | None:
        """SQL text of the field ``path`` (``a`` or ``a.b``), or None when the file lacks it."""
        parts = path.split(".")
        if parts[0] in self.expand and len(parts) > 1:
            return f"json_extract_string({_expanded(self.expand.index(parts[0]))}, " \
                   f"{json_path(parts[1:])})"
        if self.columns is None:
            return f"json_extract_string({DOC}, {json_path(parts)})"
        column = self._column(path)
        if column is not None:
            return f"CAST({ident(column)} AS VARCHAR)"
        column = self._column(parts[0]) if len(parts) > 1 else None
        if column is None:
            return None
        return f"json_extract_string({_as_json(ident(column))}, {json_path(parts[1:])})"

    def native(self, path: str) -> tuple[str, str] | None:
        """SQL and DuckDB type of the column that holds ``path`` itself, or None when the
        field is nested, comes from JSON, or is missing."""
        if self.columns is None or (path.split(".")[0] in self.expand and "." in path):
            return None
        column = self._column(path)
        if column is None:
            return None
        return ident(column), self.types.get(column, "")

    def _column(self, name: str) -> str | None:
        assert self.columns is not None
        if name in self.columns:
            return name
        folded = [c for c in self.columns if c.lower() == name.lower()]
        return folded[0] if len(folded) == 1 else None

    def serial(self, sql: str) -> str | None:
        """``sql`` with this CSV read by one thread, or None when that cannot help."""
        return sql.replace(_PARALLEL, _SERIAL) if _PARALLEL in self.relation else None

    def take(self, path: str) -> None:
        """Leave the field ``path`` out of :meth:`properties`: a column holds it."""
        column = path if self.columns is None else self._column(path)
        if column is not None:
            self.used.add(column)

    def raw(self) -> str:
        """SQL JSON text of the whole row as read, for the quarantine."""
        if self.columns is None:
            return LINE
        return _object(self.columns)

    def problem(self) -> str | None:
        """SQL condition of a row that cannot be read at all (a JSON line that is no object)."""
        return f"{DOC} IS NULL" if self.columns is None else None

    def properties(self, drop: Iterable[str]) -> str:
        """SQL JSON text of the fields no column took (call after every :meth:`text`)."""
        left_out = set(self.used) | set(drop) | set(self.expand)
        merged: str | None
        if self.columns is None:
            patch = json.dumps(_removal_patch(left_out))
            merged = f"CASE WHEN {DOC} IS NOT NULL THEN json_merge_patch({DOC}, {lit(patch)}) END"
        else:
            rest = [c for c in self.columns if c not in left_out]
            merged = f"json_merge_patch('{{}}', {_object(rest)})" if rest \
                else None
        for index in range(len(self.expand)):
            expanded = f"coalesce({_expanded(index)}, '{{}}')"
            merged = expanded if merged is None else f"json_merge_patch({merged}, {expanded})"
        if merged is None:
            return "CAST(NULL AS VARCHAR)"
        return f"NULLIF(CAST({merged} AS VARCHAR), '{{}}')"


def _removal_patch(paths: Iterable[str]) -> dict[str, None]:
    # Only whole top-level fields: a merge patch naming a nested field would create its
    # parent object on rows that lack it.
    return {path: None for path in sorted(paths) if "." not in path}


def _object(columns: Sequence[str]) -> str:
    if not columns:
        return "'{}'"
    pairs = ", ".join(f"{lit(c)}, {ident(c)}" for c in columns)
    return f"json_object({pairs})"


def _as_json(column_sql: str) -> str:
    text = f"CAST({column_sql} AS VARCHAR)"
    return f"(CASE WHEN json_valid({text}) THEN CAST({text} AS JSON) " \
           f"ELSE to_json({column_sql}) END)"


def _expanded(index: int) -> str:
    return f"_jm_x{index}"


def _expansion(value_json: str) -> str:
    """An object as is; a GA4-style ``[{key, value: {string_value|int_value|...}}]`` list
    as an object of key -> text value."""
    slot = "coalesce(p->'value'->>'string_value', p->'value'->>'int_value', " \
           "p->'value'->>'double_value', p->'value'->>'float_value', " \
           "CASE WHEN json_type(p->'value') <> 'OBJECT' THEN p->>'value' END)"
    entries = f"list_transform(from_json({value_json}, '[\"JSON\"]'), " \
              f"lambda p: struct_pack(k := p->>'key', v := {slot}))"
    return (f"(CASE json_type({value_json}) WHEN 'OBJECT' THEN {value_json} "
            f"WHEN 'ARRAY' THEN try(CAST(map_from_entries({entries}) AS JSON)) END)")


def open_source(con: Any, path: Path, mapping: Mapping | None = None) -> Source:
    """Check the file and describe it as a relation on the DuckDB connection ``con``."""
    label = str(path)
    if not path.is_file():
        raise DataFileError(label, "no such file" if not path.exists() else "not a file")
    head = _head(path, label)
    fmt = _format(path, head, mapping)
    _check_content(label, fmt, head)
    expand = tuple(mapping.expand) if mapping else ()
    if fmt == "jsonl":
        return _with_expansion(Source(label, fmt, _jsonl_relation(path), None, expand))
    relation = _parquet_relation(path) if fmt == "parquet" else _csv_relation(path, fmt, mapping)
    types = _describe(con, label, relation)
    return _with_expansion(Source(label, fmt, relation, tuple(types), expand, types=types,
                                  utc_session=_utc_session(con)))


def _with_expansion(source: Source) -> Source:
    if not source.expand:
        return source
    added = []
    for index, name in enumerate(source.expand):
        if source.columns is None:
            value = f"json_extract_string({DOC}, {json_path(name.split('.'))})"
            json_value = f"(CASE WHEN json_valid({value}) THEN CAST({value} AS JSON) END)"
        else:
            column = source._column(name)
            json_value = "CAST(NULL AS JSON)" if column is None else _as_json(ident(column))
        added.append(f"{_expansion(json_value)} AS {_expanded(index)}")
    relation = f"SELECT *, {', '.join(added)} FROM ({source.relation})"
    return Source(source.label, source.format, relation, source.columns, source.expand,
                  types=source.types, utc_session=source.utc_session)


def _head(path: Path, label: str) -> bytes:
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as stream:
                return stream.read(HEAD_BYTES)
        with path.open("rb") as stream:
            return stream.read(HEAD_BYTES)
    except (OSError, EOFError) as exc:
        raise DataFileError(label, f"cannot read the file: {exc}") from exc


def _format(path: Path, head: bytes, mapping: Mapping | None) -> str:
    if mapping is not None and mapping.format is not None:
        return mapping.format
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in SUFFIXES:
        return SUFFIXES[suffixes[-1]]
    if head.startswith(b"PAR1"):
        return "parquet"
    return "jsonl" if head.lstrip().startswith(b"{") else "csv"


def _check_content(label: str, fmt: str, head: bytes) -> None:
    if not head.strip():
        raise DataFileError(label, "the file is empty", expected=EXPECTED[fmt])
    if fmt == "parquet":
        if not head.startswith(b"PAR1"):
            raise DataFileError(label, "not a Parquet file", expected=EXPECTED[fmt])
        return
    if fmt == "jsonl" and head.lstrip().startswith(b"["):
        raise DataFileError(label, "a JSON array, not JSON Lines", expected=EXPECTED[fmt])
    if b"\x00" in head:
        raise DataFileError(label, f"binary content (a NUL byte at byte {head.index(0) + 1})",
                            expected=EXPECTED[fmt])
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut by the head's end is fine
            raise DataFileError(label, f"not UTF-8 text (byte {exc.start + 1})",
                                expected=EXPECTED[fmt]) from None


def _csv_relation(path: Path, fmt: str, mapping: Mapping | None) -> str:
    options = ["header = true", "all_varchar = true", _PARALLEL]
    delimiter = mapping.delimiter if mapping is not None else None
    if delimiter is None and fmt == "tsv":
        delimiter = "\t"
    if delimiter is not None:
        options.append(f"delim = {lit(delimiter)}")
    scan = f"read_csv({lit(str(path))}, {', '.join(options)})"
    # A streaming row_number directly over the scan keeps file order (tested on big files).
    return f"SELECT row_number() OVER () AS {ROW}, * FROM {scan}"


def _parquet_relation(path: Path) -> str:
    scan = f"read_parquet({lit(str(path))}, file_row_number = true)"
    return f"SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS {ROW} FROM {scan}"


def _jsonl_relation(path: Path) -> str:
    scan = (f"read_csv({lit(str(path))}, columns = {{'line': 'VARCHAR'}}, header = false, "
            f"auto_detect = false, delim = {lit(LINE_DELIMITER)}, quote = '', escape = '', "
            f"max_line_size = {MAX_LINE_BYTES})")
    lines = f"SELECT row_number() OVER () AS {ROW}, line AS {LINE} FROM {scan}"
    doc = (f"CASE WHEN json_valid({LINE}) AND json_type({LINE}) = 'OBJECT' "
           f"THEN CAST({LINE} AS JSON) END")
    return (f"SELECT {ROW}, {LINE}, {doc} AS {DOC} FROM ({lines}) "
            f"WHERE trim(coalesce({LINE}, '')) <> ''")


_UTC_NAMES = {"utc", "etc/utc", "gmt", "etc/gmt", "uct", "etc/uct", "universal",
              "etc/universal", "zulu", "etc/zulu"}


def _utc_session(con: Any) -> bool:
    import duckdb

    try:
        zone = con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
    except duckdb.Error:  # a build without time zones prints instants in UTC
        return True
    return str(zone).lower() in _UTC_NAMES


def _describe(con: Any, label: str, relation: str) -> dict[str, str]:
    import duckdb

    try:
        described = con.execute(f"DESCRIBE {relation}").fetchall()
    except duckdb.Error as exc:  # sniffing, encoding, a broken Parquet footer
        raise duckdb_failure(label, exc) from None
    return {str(row[0]): str(row[1]) for row in described if row[0] != ROW}


def run_reading(source: Source, sql: str, run: Callable[[str], T]) -> tuple[T, str]:
    """``run(sql)``, DuckDB errors as :class:`DataFileError`; returns the SQL that worked.

    DuckDB's parallel CSV reader cannot pad short rows when a quoted field holds a line
    break; such a file is read again by one thread.
    """
    import duckdb

    try:
        return run(sql), sql
    except duckdb.Error as exc:
        serial = source.serial(sql)
        if serial is None or "parallel=false" not in str(exc):
            raise duckdb_failure(source.label, exc) from None
    try:
        return run(serial), serial
    except duckdb.Error as exc:
        raise duckdb_failure(source.label, exc) from None


def duckdb_failure(label: str, exc: BaseException) -> DataFileError:
    """A DuckDB reading error as a one-line :class:`DataFileError` (with the line if known)."""
    text = str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    message = re.sub(r"^[A-Za-z ]+Error: ", "", lines[0]) if lines else type(exc).__name__
    match = re.search(r"Line: (\d+)", text)
    if match and len(lines) > 1:
        # DuckDB counts lines of the file (header included), not data rows.
        message = f"line {match.group(1)} of the file: {lines[1]}"
    fmt = next((f for f in EXPECTED if label.lower().endswith(f)), "csv")
    return DataFileError(label, f"cannot be read: {message}", expected=EXPECTED[fmt])
