"""Data files as relations: format by suffix or content, garbage refused, fields as text."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.errors import DataFileError
from journeymap.ingest.mapping import Mapping
from journeymap.ingest.sources import ROW, duckdb_failure, ident, lit, open_source


def fetch(path: Path, fields: list[str], mapping: Mapping | None = None,
          properties: bool = True) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    source = open_source(con, path, mapping)
    texts = [source.text(f) or "NULL" for f in fields]
    for name in fields:
        source.take(name)
    extra = [source.properties(mapping.drop if mapping else [])] if properties else []
    sql = f"SELECT {ROW}, {', '.join(texts + extra)} FROM ({source.relation}) ORDER BY {ROW}"
    return [tuple(row) for row in con.execute(sql).fetchall()]


def test_quoting_helpers_escape_user_text() -> None:
    assert lit("it's") == "'it''s'"
    assert ident('a"b') == '"a""b"'
    con = duckdb.connect()
    assert con.execute(f"SELECT {lit(chr(39) + '; DROP TABLE x; --')}").fetchone() == \
        ("'; DROP TABLE x; --",)


def test_csv_fields_rows_and_properties_without_empty_values(tmp_path: Path) -> None:
    path = tmp_path / "o'brien.csv"
    path.write_text("customer_id,event,page,note\nc1,view,/a,\n\nc2,buy,,x\n", encoding="utf-8")
    assert fetch(path, ["customer_id", "EVENT", "missing"]) == [
        (1, "c1", "view", None, '{"page":"/a"}'),
        (2, "c2", "buy", None, '{"note":"x"}'),
    ]


def test_csv_json_column_and_dropped_fields(tmp_path: Path) -> None:
    path = tmp_path / "segment.csv"
    path.write_text('id,context,secret\n1,"{""channel"":""web""}",s\n2,not json,s\n',
                    encoding="utf-8")
    rows = fetch(path, ["id", "context.channel"], Mapping(drop=["secret"]))
    assert rows == [(1, "1", "web", '{"context":"{\\"channel\\":\\"web\\"}"}'),
                    (2, "2", None, '{"context":"not json"}')]


def test_json_lines_numbers_lines_and_flags_non_objects(tmp_path: Path) -> None:
    path = tmp_path / "calls.ndjson"
    path.write_text('{"a": 1, "ctx": {"ch": "web", "ip": "x"}}\n\n[1]\n{"a": "two"}\n',
                    encoding="utf-8")
    con = duckdb.connect()
    source = open_source(con, path)
    assert source.columns is None and source.format == "jsonl"
    source.take("a")
    source.take("ctx.ch")
    found = con.execute(f"SELECT {ROW}, {source.text('a')}, {source.text('ctx.ch')}, "
                        f"{source.properties([])}, {source.problem()} "
                        f"FROM ({source.relation}) ORDER BY {ROW}").fetchall()
    assert found == [(1, "1", "web", '{"ctx":{"ch":"web","ip":"x"}}', False),
                     (3, None, None, None, True),
                     (4, "two", None, None, False)]


def test_expand_turns_ga4_params_and_objects_into_properties(tmp_path: Path) -> None:
    path = tmp_path / "ga4.jsonl"
    params = [{"key": "page", "value": {"string_value": "/a"}},
              {"key": "n", "value": {"int_value": 3}}, {"key": "x", "value": 1.5}]
    path.write_text(json.dumps({"id": "u", "event_params": params, "p": {"k": True}}) + "\n",
                    encoding="utf-8")
    mapping = Mapping(expand=["event_params", "p"])
    assert fetch(path, ["id", "event_params.n", "p.k"], mapping) == [
        (1, "u", "3", "true", '{"page":"/a","n":"3","x":"1.5","k":true}')]


def test_parquet_rows_are_file_order_and_nested_fields_reachable(tmp_path: Path) -> None:
    path = tmp_path / "events.pq"
    table = pa.table({"customer_id": ["c1", "c2"], "n": [1, 2],
                      "ctx": [{"channel": "web"}, {"channel": None}]})
    pq.write_table(table, path)
    assert fetch(path, ["customer_id", "n", "ctx.channel"], properties=False) == [
        (1, "c1", "1", "web"), (2, "c2", "2", None)]


def test_gzip_and_tsv_and_sniffed_formats(tmp_path: Path) -> None:
    gz = tmp_path / "events.csv.gz"
    gz.write_bytes(gzip.compress(b"customer_id,event\nc1,a\n"))
    assert fetch(gz, ["customer_id", "event"], properties=False) == [(1, "c1", "a")]
    tsv = tmp_path / "events.tsv"
    tsv.write_text("customer_id\tevent\nc1\ta,b\n", encoding="utf-8")
    assert fetch(tsv, ["customer_id", "event"], properties=False) == [(1, "c1", "a,b")]
    unnamed = tmp_path / "export"
    unnamed.write_text('{"customer_id": "c9"}\n', encoding="utf-8")
    assert fetch(unnamed, ["customer_id"], properties=False) == [(1, "c9")]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "empty.csv: the file is empty; expected a UTF-8 CSV file with a header"),
    ("blank.jsonl", b"\n \n", "blank.jsonl: the file is empty; expected UTF-8 JSON Lines"),
    ("junk.csv", b"PK\x03\x04\x00\x00binary", "junk.csv: binary content (a NUL byte at byte 5)"),
    ("latin.csv", "customer_id\nCafé\n".encode("latin-1") * 20,
     "latin.csv: not UTF-8 text (byte 16)"),
    ("fake.parquet", b"customer_id\nc1\n", "fake.parquet: not a Parquet file"),
    ("array.json", b'[{"customer_id": "c1"}]', "array.json: a JSON array, not JSON Lines"),
])
def test_garbage_files_are_refused_with_a_clear_error(tmp_path: Path, name: str,
                                                      content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataFileError) as caught:
        open_source(duckdb.connect(), path)
    assert str(caught.value).startswith(str(tmp_path / message))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        open_source(duckdb.connect(), tmp_path / "nope.csv")
    with pytest.raises(DataFileError, match="not a file"):
        open_source(duckdb.connect(), tmp_path)


def test_duckdb_failures_become_one_line_with_the_file_line() -> None:
    error = duckdb_failure("x.csv", duckdb.InvalidInputException(
        "Invalid Input Error: CSV Error on Line: 7\nInvalid unicode detected.\n\nmore"))
    assert str(error) == ("x.csv: cannot be read: line 7 of the file: Invalid unicode "
                          "detected.; expected a UTF-8 CSV file with a header row")


def test_expand_reads_ga4_params_from_parquet_structs(tmp_path: Path) -> None:
    path = tmp_path / "ga4.parquet"
    params = [{"key": "page", "value": {"string_value": "/a", "int_value": None}},
              {"key": "n", "value": {"string_value": None, "int_value": 3}}]
    pq.write_table(pa.table({"id": ["u"], "event_params": [params]}), path)
    assert fetch(path, ["id", "event_params.page"], Mapping(expand=["event_params"])) == [
        (1, "u", "/a", '{"page":"/a","n":"3"}')]


def test_parquet_source_knows_its_column_types_and_the_session_zone(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    pq.write_table(pa.table({
        "Customer": pa.array(["c1"]), "at": pa.array([0], pa.timestamp("us", tz="UTC")),
        "ctx": pa.array(['{"a": 1}']), "n": pa.array([1.5]),
    }), path)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    source = open_source(con, path)
    assert source.types == {"Customer": "VARCHAR", "at": "TIMESTAMP WITH TIME ZONE",
                            "ctx": "VARCHAR", "n": "DOUBLE"}
    assert source.utc_session
    assert source.native("customer") == ('"Customer"', "VARCHAR")
    assert source.native("n") == ('"n"', "DOUBLE")
    assert source.native("ctx.a") is None  # nested: read from the column's JSON text
    assert source.native("missing") is None
    con.execute("SET TimeZone = 'Europe/Warsaw'")
    assert not open_source(con, path).utc_session


def test_csv_and_json_lines_sources_have_text_only(tmp_path: Path) -> None:
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert open_source(duckdb.connect(), csv_path).types == {"a": "VARCHAR", "b": "VARCHAR"}
    lines = tmp_path / "e.jsonl"
    lines.write_text('{"a": 1}\n', encoding="utf-8")
    source = open_source(duckdb.connect(), lines)
    assert source.types == {} and source.native("a") is None
