"""The vectorised row validator: exact canonical values, or a reason, for every row."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.ingest.mapping import Mapping, TimestampSpec
from journeymap.ingest.sources import ROW, open_source
from journeymap.ingest.validation import (
    EVENT_COLUMNS,
    EXPECTED,
    PROBLEM,
    REASON,
    blank_as_null,
    checked_sql,
    timestamp_sql,
)

HEADER = ("customer_id", "timestamp", "event", "channel", "value")


@dataclass(frozen=True)
class Cell:
    """A raw text and what the validator must make of it: a value, or a problem."""

    text: str
    value: Any = None
    bad: bool = False


def parse_one(text: str, spec: TimestampSpec | None = None) -> Any:
    con = duckdb.connect()
    sql = timestamp_sql("x", spec or TimestampSpec())
    found = con.execute(f"SELECT {sql} FROM (SELECT NULLIF(trim(?), '') AS x)", [text])
    return found.fetchone()[0]


# every code point DuckDB's trim() removes, and some it keeps (tab, line breaks, zero width)
SPACES = " \u00a0\u1680\u2000\u2005\u200a\u202f\u205f\u3000\t\n\r\u200b"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=SPACES + "ab é-Ж", max_size=6) | st.none(), min_size=1,
                max_size=20))
def test_blank_as_null_is_nullif_trim_on_every_value(values: list[str | None]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [(value,) for value in values])
    fast, slow = con.execute(f"SELECT list({blank_as_null('x')} ORDER BY rowid), "
                             "list(NULLIF(trim(x), '') ORDER BY rowid) FROM t").fetchone()
    assert fast == slow


def test_blank_as_null_keeps_plain_values_and_trims_the_rest() -> None:
    con = duckdb.connect()
    found = con.execute(f"SELECT {blank_as_null('x')} FROM (VALUES ('c1'), (' c1 '), (''), "
                        "('\u00a0c\u00a0'), ('  '), ('a b'), ('\tc')) v(x)").fetchall()
    assert [row[0] for row in found] == ["c1", "c1", None, "c", None, "a b", "\tc"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-01T10:00:00", datetime(2024, 3, 1, 10)),
    ("2024-03-01 10:00:00.250", datetime(2024, 3, 1, 10, 0, 0, 250000)),
    ("2024-03-01", datetime(2024, 3, 1)),
    ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10)),
    ("2024-03-01T10:00:00+02:00", datetime(2024, 3, 1, 8)),
    ("2024-03-01T10:00:00-0530", datetime(2024, 3, 1, 15, 30)),
    ("1709287200", datetime(2024, 3, 1, 10)),
    ("1709287200.5", datetime(2024, 3, 1, 10, 0, 0, 500000)),
    ("1709287200123", datetime(2024, 3, 1, 10, 0, 0, 123000)),
    ("1709287200123456", datetime(2024, 3, 1, 10, 0, 0, 123456)),
    ("99999999999", datetime(5138, 11, 16, 9, 46, 39)),
    ("100000000000", datetime(1973, 3, 3, 9, 46, 40)),
    ("100000000000000000", None),
    ("2024-02-30", None),
    ("infinity", None),
    ("yesterday", None),
    ("-5", None),
])
def test_timestamps_iso_with_or_without_zone_and_epoch_by_magnitude(
        text: str, expected: datetime | None) -> None:
    assert parse_one(text) == expected


def test_timestamp_format_zone_and_unit_from_a_mapping() -> None:
    warsaw = TimestampSpec(format="%d.%m.%Y %H:%M", zone="Europe/Warsaw")
    assert parse_one("01.01.2024 12:00", warsaw) == datetime(2024, 1, 1, 11)
    assert parse_one("01.07.2024 12:00", warsaw) == datetime(2024, 7, 1, 10)
    assert parse_one("2024-07-01", warsaw) is None
    offset = TimestampSpec(format="%d/%m/%Y %H:%M %z")
    assert parse_one("01/07/2024 12:00 +0200", offset) == datetime(2024, 7, 1, 10)
    millis = TimestampSpec(unit="ms")
    assert parse_one("1000", millis) == datetime(1970, 1, 1, 0, 0, 1)
    assert parse_one("2024-01-01", millis) is None
    naive_in_zone = TimestampSpec(zone="America/New_York")
    assert parse_one("2024-01-01 07:00", naive_in_zone) == datetime(2024, 1, 1, 12)
    assert parse_one("2024-01-01T07:00:00Z", naive_in_zone) == datetime(2024, 1, 1, 7)


# --- the property: every row is accepted with exact values, or quarantined with a reason ---

NAME = st.text(alphabet="abcXYZ019 _-é,\"'", min_size=0, max_size=8)
MOMENT = st.datetimes(min_value=datetime(1974, 1, 1), max_value=datetime(2099, 12, 31))


def _text_cell(required: bool) -> st.SearchStrategy[Cell]:
    def make(text: str) -> Cell:
        value = text.strip(" ") or None
        return Cell(text, value, bad=required and value is None)
    return NAME.map(make)


@st.composite
def timestamp_cell(draw: st.DrawFn) -> Cell:
    moment = draw(MOMENT)
    micros = (moment - datetime(1970, 1, 1)) // timedelta(microseconds=1)
    kind = draw(st.sampled_from(["iso", "zoned", "s", "ms", "us", "junk", "empty"]))
    if kind == "iso":
        return Cell(moment.isoformat(sep=draw(st.sampled_from(["T", " "]))), moment)
    if kind == "zoned":
        minutes = draw(st.integers(-12 * 60, 14 * 60))
        zone = UTC if minutes == 0 else None
        local = moment.replace(microsecond=0)
        offset = timedelta(minutes=minutes)
        text = (local.replace(tzinfo=zone).isoformat() if zone else
                local.isoformat() + f"{'+' if minutes > 0 else '-'}"
                f"{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")
        return Cell(text, local - offset)
    if kind == "s":
        return Cell(str(micros // 1_000_000), moment.replace(microsecond=0))
    if kind == "ms":
        return Cell(str(micros // 1000), moment.replace(microsecond=moment.microsecond // 1000
                                                        * 1000))
    if kind == "us":
        return Cell(str(micros), moment)
    if kind == "junk":
        return Cell(draw(st.sampled_from(["2024-13-01", "31/12/2024", "soon", "12:00"])),
                    bad=True)
    return Cell("", bad=True)


@st.composite
def value_cell(draw: st.DrawFn) -> Cell:
    kind = draw(st.sampled_from(["float", "int", "empty", "junk"]))
    if kind == "float":
        number = draw(st.floats(allow_nan=False, allow_infinity=False, width=64))
        return Cell(repr(number), number)
    if kind == "int":
        whole = draw(st.integers(-10**6, 10**6))
        return Cell(str(whole), float(whole))
    if kind == "empty":
        return Cell("")
    return Cell(draw(st.sampled_from(["abc", "nan", "inf", "-Infinity", "1,5", "true"])),
                bad=True)


def channel_cell() -> st.SearchStrategy[Cell]:
    return st.text(alphabet="WebAPPmail ", max_size=6).map(
        lambda text: Cell(text, text.strip(" ").lower() or None))


ROWS = st.lists(st.tuples(_text_cell(True), timestamp_cell(), _text_cell(True), channel_cell(),
                          value_cell()), min_size=1, max_size=15)


def write_csv(path: Path, rows: Sequence[Sequence[Cell]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADER)
        writer.writerows([cell.text for cell in row] for row in rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS)
def test_every_row_is_accepted_exactly_or_quarantined_with_a_reason(
        rows: list[tuple[Cell, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        write_csv(path, rows)
        con = duckdb.connect()
        source = open_source(con, path, Mapping(delimiter=","))
        sql = checked_sql(source, EVENT_COLUMNS, Mapping(delimiter=","))
        found = con.execute(
            f"SELECT {ROW}, customer_id, timestamp, event, channel, value, {PROBLEM}, "
            f"{REASON}, {EXPECTED} FROM ({sql}) ORDER BY {ROW}").fetchall()
    assert [r[0] for r in found] == list(range(1, len(rows) + 1))
    accepted = quarantined = 0
    for row, got in zip(rows, found, strict=True):
        first_bad = next((name for name, cell in zip(HEADER, row, strict=True) if cell.bad),
                         None)
        if first_bad is None:
            accepted += 1
            assert got[1:6] == tuple(cell.value for cell in row)
            assert got[6:] == (None, None, None)
        else:
            quarantined += 1
            assert got[6] == first_bad and got[7] and got[8]
    assert accepted + quarantined == len(found)


# --- typed Parquet columns: read as they are, with exactly the results of their text ------

TYPED_PARQUET = """
SELECT * FROM (VALUES
  ('c1', TIMESTAMP '2024-03-01 10:00:00.123456', TIMESTAMPTZ '2024-03-01 10:00:00.5+02',
   'view', 12.5::DOUBLE, 7::BIGINT, 0.1::FLOAT, 1.25::DECIMAL(9, 3)),
  (' c2 ', TIMESTAMP '0001-01-01 00:00:00', TIMESTAMPTZ '1850-06-01 12:00:00+00', ' buy',
   -0.0::DOUBLE, -9007199254740993::BIGINT, NULL, NULL),
  ('c3', TIMESTAMP '9999-12-31 23:59:59.999999', TIMESTAMPTZ '1969-12-31 23:59:59.5+00',
   'view', 'nan'::DOUBLE, NULL, 'inf'::FLOAT, NULL),
  ('c4', 'infinity'::TIMESTAMP, '-infinity'::TIMESTAMPTZ, 'view', 'inf'::DOUBLE, 1, 2, 3),
  ('   ', NULL, NULL, '', NULL, NULL, NULL, NULL),
  ('c6', TIMESTAMP '1970-01-01', TIMESTAMPTZ '2024-10-27 01:30:00+00', 'x', 1e300::DOUBLE,
   9223372036854775807::BIGINT, 1.5::FLOAT, 0.001::DECIMAL(9, 3))
) v(customer_id, ts, tz, event, d, n, f, dec)
"""
#: value from each typed column; timestamps from both, with and without a zone mapping
TYPED_MAPPINGS = [
    Mapping(columns={"timestamp": "ts", "value": value}) for value in ("d", "n", "f", "dec")
] + [
    Mapping(columns={"timestamp": "tz", "value": "d"}),
    Mapping(columns={"timestamp": "ts", "value": "d"},
            timestamp=TimestampSpec(zone="Europe/Berlin")),
    Mapping(columns={"timestamp": "tz", "value": "n"},
            timestamp=TimestampSpec(zone="America/New_York")),
]


def typed_parquet(folder: Path) -> Path:
    path = folder / "typed.parquet"
    duckdb.connect().execute(f"COPY ({TYPED_PARQUET}) TO '{path}' (FORMAT parquet)")
    return path


def checked(con: Any, path: Path, mapping: Mapping, *, as_text: bool) -> list[Any]:
    source = open_source(con, path, mapping)
    if as_text:  # without the column types every field goes through its text
        source = replace(source, types={}, used=set())
    sql = checked_sql(source, EVENT_COLUMNS, mapping)
    return con.execute(f"SELECT * FROM ({sql}) ORDER BY {ROW}").fetchall()


@pytest.mark.parametrize("mapping", TYPED_MAPPINGS)
def test_typed_columns_give_the_same_rows_and_problems_as_their_text(
        tmp_path: Path, mapping: Mapping) -> None:
    path = typed_parquet(tmp_path)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    assert checked(con, path, mapping, as_text=False) == \
        checked(con, path, mapping, as_text=True)


def test_typed_columns_are_read_without_their_text(tmp_path: Path) -> None:
    path = typed_parquet(tmp_path)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    mapping = Mapping(columns={"timestamp": "tz", "value": "d"})
    sql = checked_sql(open_source(con, path, mapping), EVENT_COLUMNS, mapping)
    assert '"_jm_n_timestamp"' in sql and '"_jm_n_value"' in sql
    rows = con.execute(f"SELECT {ROW}, timestamp, value, {PROBLEM}, {REASON} FROM ({sql}) "
                       f"ORDER BY {ROW}").fetchall()
    assert rows == [
        (1, datetime(2024, 3, 1, 8, 0, 0, 500000), 12.5, None, None),
        (2, datetime(1850, 6, 1, 12), -0.0, None, None),
        (3, datetime(1969, 12, 31, 23, 59, 59, 500000), None, "value", "cannot read 'nan'"),
        (4, None, None, "timestamp", "cannot read '-infinity'"),
        (5, None, None, "customer_id", "missing value"),
        (6, datetime(2024, 10, 27, 1, 30), 1e300, None, None),
    ]


def test_zoned_columns_go_through_their_text_outside_utc(tmp_path: Path) -> None:
    # a local-mean-time offset prints with seconds, which the text form drops
    path = typed_parquet(tmp_path)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Kolkata'")
    zoned = Mapping(columns={"timestamp": "tz", "value": "d"})
    assert '"_jm_n_timestamp"' not in checked_sql(open_source(con, path, zoned),
                                                  EVENT_COLUMNS, zoned)
    naive = Mapping(columns={"timestamp": "ts", "value": "d"})
    assert '"_jm_n_timestamp"' in checked_sql(open_source(con, path, naive),
                                              EVENT_COLUMNS, naive)


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       st.integers(min_value=-14 * 60, max_value=14 * 60),
       st.sampled_from(["UTC", "Europe/Warsaw", "Asia/Kolkata"]))
def test_zoned_text_is_its_instant_in_utc_in_any_session_zone(
        local: datetime, offset_minutes: int, session_zone: str) -> None:
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    text = f"{local.isoformat(sep=' ', timespec='microseconds')}{sign}{hours:02d}:{minutes:02d}"
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{session_zone}'")
    sql = timestamp_sql("x", TimestampSpec())
    found = con.execute(f"SELECT {sql} FROM (SELECT ? AS x)", [text]).fetchone()
    assert found == (local - timedelta(minutes=offset_minutes),)
