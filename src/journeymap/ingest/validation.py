"""The row validator: one vectorised DuckDB query that types every row or says why it cannot.

The query adds to each row ``_jm_column``, ``_jm_reason`` and ``_jm_expected``; all three are
NULL on a good row. Nothing runs row by row in Python, so a million rows check in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from journeymap.errors import DataFileError
from journeymap.ingest.mapping import Mapping, TimestampSpec
from journeymap.ingest.sources import ROW, Source, ident, lit

Kind = Literal["text", "lower", "timestamp", "number"]
PROBLEM = "_jm_column"
REASON = "_jm_reason"
EXPECTED = "_jm_expected"
RAW = "_jm_raw"
PROPERTIES = "properties"
#: Microseconds of 0001-01-01 and 9999-12-31 23:59:59.999999: the timestamp range accepted.
MIN_MICROS = -62_135_596_800_000_000
MAX_MICROS = 253_402_300_799_999_999
#: Epoch numbers: below 1e11 are seconds, below 1e14 milliseconds, below 1e17 microseconds.
SECONDS_BELOW = 10**11
MILLIS_BELOW = 10**14
MICROS_BELOW = 10**17
_ZONED = r"[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]*)?)?\s*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"
    required: bool = False


EVENT_COLUMNS = (
    Column("customer_id", required=True), Column("timestamp", "timestamp", required=True),
    Column("event", required=True), Column("channel", "lower"), Column("session_id"),
    Column("location_id"), Column("source"), Column("event_id"), Column("value", "number"),
)
TRANSACTION_COLUMNS = (
    Column("transaction_id"), Column("customer_id", required=True),
    Column("timestamp", "timestamp", required=True), Column("value", "number", required=True),
)


def checked_sql(source: Source, columns: Sequence[Column], mapping: Mapping | None,
                *, properties: bool = True) -> str:
    """SQL of ``_jm_row``, the typed ``columns``, ``properties``, the raw row and problems."""
    spec = mapping or Mapping()
    texts = [f"{_text(source, column, spec)} AS {_t(column)}" for column in columns]
    natives = {column.name: native for column in columns
               if (native := _native(source, column, spec)) is not None}
    fast = {name: sql for name, (_, kind) in natives.items()
            if (sql := _typed_native(_by_name(columns, name), spec, (_n(name), kind)))}
    texts += [f"{natives[name][0]} AS {_n(name)}" for name in fast]
    unreadable = source.problem() or "FALSE"
    props = source.properties(spec.drop) if properties else "CAST(NULL AS VARCHAR)"
    layer_text = (f"SELECT {ROW}, {', '.join(texts)}, {props} AS {PROPERTIES}, "
                  f"{source.raw()} AS {RAW}, {unreadable} AS _jm_unreadable "
                  f"FROM ({source.relation})")
    typed = [f"{fast.get(column.name) or _typed(_t(column), column, spec)} "
             f"AS {ident(column.name)}" for column in columns]
    carried = ", ".join([_t(column) for column in columns] + [_n(name) for name in fast])
    layer_typed = (f"SELECT {ROW}, {', '.join(typed)}, {carried}, {PROPERTIES}, {RAW}, "
                   f"_jm_unreadable FROM ({layer_text})")
    checks = _checks(columns, spec.timestamp, set(fast))
    problem = _case([(cond, lit(name) if name else "NULL") for cond, name, _, _ in checks])
    reason = _case([(cond, why) for cond, _, why, _ in checks])
    expected = _case([(cond, lit(what)) for cond, _, _, what in checks])
    names = ", ".join(ident(column.name) for column in columns)
    return (f"SELECT {ROW}, {names}, {PROPERTIES}, {RAW}, {problem} AS {PROBLEM}, "
            f"{reason} AS {REASON}, {expected} AS {EXPECTED} FROM ({layer_typed})")


def blank_as_null(text: str) -> str:
    """``NULLIF(trim(text), '')``, fast on plain ASCII values.

    DuckDB's ``trim`` removes spaces and the Unicode space separators (U+00A0, U+2000 to
    U+200A, U+3000, ...; not tabs or line breaks) and copies every value it returns: on typed
    Parquet columns that was most of the time a check takes (0.45 s a column at 5M rows,
    docs/benchmarks.md). A non-empty ASCII value without a space is its own trimmed value,
    so only the other values are trimmed; the result is the same for every value.
    """
    return (f"(CASE WHEN NOT contains({text}, ' ') AND strlen({text}) = length({text}) "
            f"AND {text} <> '' THEN {text} ELSE NULLIF(trim({text}), '') END)")


def _t(column: Column) -> str:
    return ident(f"_jm_t_{column.name}")


def _n(name: str) -> str:
    return ident(f"_jm_n_{name}")


def _by_name(columns: Sequence[Column], name: str) -> Column:
    return next(column for column in columns if column.name == name)


def _text(source: Source, column: Column, spec: Mapping) -> str:
    fields: list[str] = []
    for path in spec.sources(column.name):
        text = source.text(path)
        if text is not None:
            if not fields:  # later fallbacks stay in properties (Segment's anonymousId)
                source.take(path)
            fields.append(text)
    values = [blank_as_null(text) for text in fields]
    constant = spec.constants.get(column.name)
    if constant is not None:
        values.append(lit(_constant_text(constant)))
    if not values:
        if column.required:
            raise _missing_column(source, column, spec)
        return "CAST(NULL AS VARCHAR)"
    value = values[0] if len(values) == 1 else f"coalesce({', '.join(values)})"
    if column.name == "event" and spec.events:
        return _rewrite(value, spec.events)
    return value


def _constant_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rewrite(value: str, rewrites: dict[str, str]) -> str:
    whens = " ".join(f"WHEN {lit(old)} THEN {lit(new)}" for old, new in rewrites.items())
    return f"(CASE {value} {whens} ELSE {value} END)"


def _missing_column(source: Source, column: Column, spec: Mapping) -> DataFileError:
    wanted = spec.sources(column.name)
    found = ", ".join(source.columns or ()) or "none"
    hint = "map your columns with --mapping FILE (see docs/importing.md)"
    if source.columns is not None and len(source.columns) == 1:
        hint = "the file has a single column: is the delimiter right? " + hint
    return DataFileError(source.label, f"missing required column {column.name!r}",
                         column=" or ".join(wanted), expected=f"a header with "
                         f"{' or '.join(wanted)} (found: {found})", hint=hint)


def _native(source: Source, column: Column, spec: Mapping) -> tuple[str, str] | None:
    """The typed column the value is read from as is, when its text is that column's alone."""
    if column.kind not in ("number", "timestamp") or column.name in spec.constants:
        return None
    found = [path for path in spec.sources(column.name) if source.text(path) is not None]
    native = source.native(found[0]) if len(found) == 1 else None
    if native is not None and native[1] == "TIMESTAMP WITH TIME ZONE" and not source.utc_session:
        # elsewhere an old local-mean-time offset prints with seconds the text form drops
        return None
    return native


def _typed(text: str, column: Column, spec: Mapping) -> str:
    if column.kind == "number":
        number = f"TRY_CAST({text} AS DOUBLE)"
        return f"(CASE WHEN isfinite({number}) THEN {number} END)"
    if column.kind == "timestamp":
        return timestamp_sql(text, spec.timestamp)
    if column.kind == "lower":
        lowered = f"lower({text})"
        return _rewrite(lowered, {k.lower(): v for k, v in spec.channels.items()}) \
            if spec.channels else lowered
    return text


#: Types whose value reads back unchanged from its text (DuckDB prints the shortest exact
#: form), so the text round trip can be skipped.
_EXACT_NUMBERS = ("DOUBLE", "BIGINT", "INTEGER", "SMALLINT", "TINYINT")


def _typed_native(column: Column, spec: Mapping, native: tuple[str, str]) -> str | None:
    """The typed value straight from a typed column (Parquet), the same value the text
    would give; None when only the text form is sure to agree."""
    value, kind = native
    if column.kind == "number" and kind in _EXACT_NUMBERS:
        number = f"CAST({value} AS DOUBLE)"
        return f"(CASE WHEN isfinite({number}) THEN {number} END)"
    if column.kind != "timestamp" or spec.timestamp.format is not None \
            or spec.timestamp.unit != "auto":
        return None
    if kind == "TIMESTAMP WITH TIME ZONE":  # printed with its offset: the zone is not used
        return f"(CASE WHEN isfinite({value}) THEN {_utc_wall(value)} END)"
    if kind == "TIMESTAMP":
        return f"(CASE WHEN isfinite({value}) THEN {_from_zone(value, spec.timestamp.zone)} END)"
    return None


def timestamp_sql(text: str, spec: TimestampSpec) -> str:
    """SQL TIMESTAMP (UTC, no zone) of the text, NULL when it cannot be read."""
    stamp = _timestamp(text, spec)
    # DuckDB reads 'infinity' as a timestamp; no event happens there.
    return f"(CASE WHEN isfinite({stamp}) THEN {stamp} END)"


def _timestamp(text: str, spec: TimestampSpec) -> str:
    if spec.format is not None:
        parsed = f"try_strptime({text}, {lit(spec.format)})"
        if "%z" in spec.format or "%Z" in spec.format:
            return _utc_wall(parsed)
        return _from_zone(parsed, spec.zone)
    epoch = _epoch(text, spec.unit)
    if spec.unit != "auto":
        return epoch
    zoned = _utc_wall(f"TRY_CAST({text} AS TIMESTAMPTZ)")
    naive = _from_zone(f"TRY_CAST({text} AS TIMESTAMP)", spec.zone)
    return (f"(CASE WHEN regexp_full_match({text}, '[0-9]+([.][0-9]+)?') THEN {epoch} "
            f"WHEN regexp_matches({text}, {lit(_ZONED)}) THEN {zoned} ELSE {naive} END)")


def _from_zone(naive: str, zone: str) -> str:
    if zone == "UTC":
        return naive
    return _utc_wall(f"timezone({lit(zone)}, {naive})")


def _utc_wall(instant: str) -> str:
    """The UTC wall time of a TIMESTAMPTZ: what ``timezone('UTC', ...)`` gives, without its
    time zone lookup per row (twenty times faster); NULL for an infinite instant, which
    :func:`timestamp_sql` refuses either way."""
    return f"make_timestamp(epoch_us({instant}))"


def _epoch(text: str, unit: str) -> str:
    number = f"TRY_CAST({text} AS DECIMAL(38, 9))"
    if unit == "auto":
        scaled = (f"(CASE WHEN {number} < {SECONDS_BELOW} THEN {number} * 1000000 "
                  f"WHEN {number} < {MILLIS_BELOW} THEN {number} * 1000 "
                  f"WHEN {number} < {MICROS_BELOW} THEN {number} END)")
    else:
        scaled = f"({number} * { {'s': 1_000_000, 'ms': 1_000, 'us': 1}[unit]})"
    micros = f"TRY_CAST(round({scaled}) AS BIGINT)"
    return (f"(CASE WHEN {micros} BETWEEN {MIN_MICROS} AND {MAX_MICROS} "
            f"THEN make_timestamp({micros}) END)")


Check = tuple[str, str | None, str, str]


def _checks(columns: Sequence[Column], spec: TimestampSpec, native: set[str]) -> list[Check]:
    """The checks in order; a column in ``native`` is tested on its typed value, which is
    NULL exactly when its text is, so its text is only made for a bad row's message."""
    checks: list[Check] = [("_jm_unreadable", None, "'not a JSON object'",
                            "one JSON object a line")]
    for column in columns:
        text, value = _t(column), ident(column.name)
        tested = _n(column.name) if column.name in native else text
        if column.name in native:
            text = f"NULLIF(trim(CAST({tested} AS VARCHAR)), '')"
        if column.required:
            checks.append((f"{tested} IS NULL", column.name, "'missing value'",
                           "a non-empty value"))
        if column.kind in ("number", "timestamp"):
            shown = f"'cannot read ''' || left({text}, 60) || ''''"
            checks.append((f"{tested} IS NOT NULL AND {value} IS NULL", column.name, shown,
                           _expected(column.kind, spec)))
    return checks


def _expected(kind: str, spec: TimestampSpec) -> str:
    if kind == "number":
        return "a finite number such as 12.5"
    if spec.format is not None:
        return f"a date-time in the format {spec.format}"
    if spec.unit != "auto":
        return f"an epoch number in {spec.unit}"
    return "an ISO 8601 date-time (zone optional) or epoch seconds, milliseconds or microseconds"


def _case(branches: Sequence[tuple[str, str]]) -> str:
    whens = " ".join(f"WHEN {cond} THEN {then}" for cond, then in branches)
    return f"(CASE {whens} END)"
