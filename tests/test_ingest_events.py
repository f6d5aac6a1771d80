"""read_events: a file read in place as the canonical event table, checked row by row."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.errors import DataFileError
from journeymap.ingest.events import CANONICAL, read_events, recheck
from journeymap.ingest.mapping import Mapping

CSV = (
    "customer_id,timestamp,event,channel,value,page\n"
    "c1,2024-01-01T10:00:00+02:00,view,WEB,,/home\n"
    "c2,1704103200,buy,App,12.5,\n"
    "c1,2024-01-01 09:00:00,view,,,/x\n"
    "c3,1704103200500,view,email,,\n"
    "c3,1704103200000001,view,email,-3,\n"
)
EXPECTED = [
    ("c1", datetime(2024, 1, 1, 8, 0), "view", "web", None, '{"page":"/home"}', 1),
    ("c2", datetime(2024, 1, 1, 10, 0), "buy", "app", 12.5, None, 2),
    ("c1", datetime(2024, 1, 1, 9, 0), "view", None, None, '{"page":"/x"}', 3),
    ("c3", datetime(2024, 1, 1, 10, 0, 0, 500000), "view", "email", None, None, 4),
    ("c3", datetime(2024, 1, 1, 10, 0, 0, 1), "view", "email", -3.0, None, 5),
]


@pytest.fixture
def con() -> Any:
    return ibis.duckdb.connect()


def rows(table: Any) -> list[tuple[Any, ...]]:
    data = table.order_by("seq").to_pyarrow().to_pylist()
    keys = ("customer_id", "timestamp", "event", "channel", "value", "properties", "seq")
    return [tuple(row[k] for k in keys) for row in data]


def test_csv_gives_the_canonical_columns_and_exact_values(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    table = read_events(con, path)
    assert tuple(table.columns) == CANONICAL
    schema = table.schema()
    assert str(schema["timestamp"]).startswith("timestamp") and schema["timestamp"].timezone is None
    assert schema["value"].is_float64() and schema["seq"].is_int64()
    assert rows(table) == EXPECTED


def test_json_lines_and_parquet_give_the_same_rows(con: Any, tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [
        {"customer_id": "c1", "timestamp": "2024-01-01T10:00:00+02:00", "event": "view",
         "channel": "WEB", "page": "/home"},
        {"customer_id": "c2", "timestamp": 1704103200, "event": "buy", "channel": "App",
         "value": 12.5},
        {"customer_id": "c1", "timestamp": "2024-01-01 09:00:00", "event": "view", "page": "/x"},
        {"customer_id": "c3", "timestamp": 1704103200500, "event": "view", "channel": "email"},
        {"customer_id": "c3", "timestamp": 1704103200000001, "event": "view",
         "channel": "email", "value": "-3"},
    ]
    jsonl = tmp_path / "events.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert rows(read_events(con, jsonl)) == EXPECTED
    columns = ["customer_id", "timestamp", "event", "channel", "value", "page"]
    table = pa.table({c: [None if r.get(c) is None else str(r[c]) for r in records]
                      for c in columns})
    pq.write_table(table, tmp_path / "events.parquet")
    assert rows(read_events(con, tmp_path / "events.parquet")) == EXPECTED


def test_seq_is_file_order_for_a_big_file_read_in_parallel(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    lines = ["customer_id,timestamp,event,n"]
    lines += [f"c{i % 997},2024-01-01 00:00:00,e{i % 7},{i}" for i in range(300_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 8_000_000
    con.raw_sql("SET threads = 4")
    table = read_events(con, path)
    data = table.select("seq", "properties").to_pyarrow()
    numbers = [json.loads(text)["n"] for text in data["properties"].to_pylist()]
    assert data["seq"].to_pylist() == [int(n) + 1 for n in numbers]
    assert sorted(int(n) for n in numbers) == list(range(300_000))


def test_a_bad_row_names_file_row_column_expected_and_the_count(con: Any,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("customer_id,timestamp,event,value\nc1,2024-01-01,a,1\n"
                    "c2,2024-02-30,b,2\nc3,2024-01-01,c,abc\n,2024-01-01,d,\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_events(con, path)
    error = caught.value
    assert error.details["row"] == 2 and error.details["column"] == "timestamp"
    assert "cannot read '2024-02-30'" in str(error) and "3 bad rows in all" in str(error)
    assert "ISO 8601" in str(error) and "journeymap import events" in str(error)
    assert str(path) in str(error)


def test_missing_required_column_is_one_clear_error(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "nocustomer.csv"
    path.write_text("user,timestamp,event\nu1,2024-01-01,a\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_events(con, path)
    assert "missing required column 'customer_id'" in str(caught.value)
    assert "found: user, timestamp, event" in str(caught.value)


def test_a_mapping_renames_converts_zones_and_rewrites(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "shop.tsv"
    path.write_text("user\twhen\taction\nu1\t01.07.2024 12:00\tpv\nu2\t02.07.2024 08:30\tbuy\n",
                    encoding="utf-8")
    mapping = Mapping.model_validate({
        "columns": {"customer_id": "user", "timestamp": "when", "event": "action"},
        "timestamp": {"format": "%d.%m.%Y %H:%M", "zone": "Europe/Warsaw"},
        "constants": {"channel": "store"}, "events": {"pv": "page_view"},
    })
    assert rows(read_events(con, path, mapping=mapping)) == [
        ("u1", datetime(2024, 7, 1, 10, 0), "page_view", "store", None, None, 1),
        ("u2", datetime(2024, 7, 2, 6, 30), "buy", "store", None, None, 2),
    ]


def test_semicolon_csv_is_sniffed(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("customer_id;timestamp;event\nc1;2024-01-01;a\n", encoding="utf-8")
    assert rows(read_events(con, path)) == [("c1", datetime(2024, 1, 1), "a", None, None,
                                             None, 1)]


def test_quoted_line_breaks_and_short_rows(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text('customer_id,timestamp,event,note\nc1,2024-01-01,a,"two\nlines"\n'
                    "c2,2024-01-02,b\n", encoding="utf-8")
    data = read_events(con, path).select("customer_id", "properties", "seq").to_pyarrow()
    assert data.to_pylist() == [
        {"customer_id": "c1", "properties": '{"note":"two\\nlines"}', "seq": 1},
        {"customer_id": "c2", "properties": None, "seq": 2}]


def test_seq_is_line_order_for_big_json_lines(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for i in range(120_000):
            stream.write(json.dumps({"customer_id": f"c{i % 13}", "timestamp": 1704067200 + i,
                                     "event": "e", "n": i, "pad": "x" * 20}) + "\n")
    assert path.stat().st_size > 8_000_000
    con.raw_sql("SET threads = 4")
    data = read_events(con, path).select("seq", "timestamp").to_pyarrow()
    stamps = [(t - datetime(2024, 1, 1)).total_seconds() for t in data["timestamp"].to_pylist()]
    assert [s - 1 for s in data["seq"].to_pylist()] == stamps
    assert len(stamps) == 120_000


def bad_parquet(tmp_path: Path) -> Path:
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({
        "customer_id": ["c1", "c1", "c2", " ", "c3"],
        "timestamp": pa.array([0, None, 2_000_000, 3_000_000, 4_000_000],
                              pa.timestamp("us", tz="UTC")),
        "event": ["view", "buy", "view", "view", "buy"],
    }), path)
    return path


def test_a_deferred_check_fails_in_the_query_with_the_scan_error(con: Any,
                                                                 tmp_path: Path) -> None:
    path = bad_parquet(tmp_path)
    with pytest.raises(DataFileError) as scanned:
        read_events(con, path)
    assert "row 2" in str(scanned.value) and "2 bad rows in all" in str(scanned.value)
    table = read_events(con, path, deferred=True)  # no scan: nothing read yet
    with pytest.raises(duckdb.Error):
        table.event.count().to_pyarrow()
    # a filter on the name reads every row's name: the bad rows 2 and 4 fail it although
    # no row passes the filter (the optimiser cannot skip the check for it)
    with pytest.raises(duckdb.Error):
        table.filter(table.event == "nothing").count().to_pyarrow()
    with pytest.raises(DataFileError) as rechecked:
        recheck(table)
    assert str(rechecked.value) == str(scanned.value)
    assert rechecked.value.details == scanned.value.details


def test_a_deferred_check_passes_a_good_file_and_fails_a_bad_csv_in_the_query(
        con: Any, tmp_path: Path) -> None:
    records = pa.table({"customer_id": ["c1", "c2"], "event": ["view", "buy"],
                        "timestamp": pa.array([0, 1_000_000], pa.timestamp("us"))})
    pq.write_table(records, tmp_path / "good.parquet")
    deferred = read_events(con, tmp_path / "good.parquet", deferred=True)
    assert rows(deferred) == rows(read_events(con, tmp_path / "good.parquet"))
    assert recheck(deferred) is False  # a good file: nothing to say, nothing to redo
    assert recheck(read_events(con, tmp_path / "good.parquet")) is False  # not deferred
    path = tmp_path / "bad.csv"
    path.write_text("customer_id,timestamp,event\nc1,never,view\n", encoding="utf-8")
    table = read_events(con, path, deferred=True)  # no scan: the query checks
    with pytest.raises(duckdb.Error):
        table.event.count().to_pyarrow()
    with pytest.raises(DataFileError, match="row 1"):
        recheck(table)


def test_a_csv_the_parallel_reader_cannot_read_is_read_again_by_one_thread(
        con: Any, tmp_path: Path) -> None:
    # a quoted line break and a short row: DuckDB's parallel CSV reader gives up on these
    path = tmp_path / "quoted.csv"
    path.write_text("customer_id,timestamp,event,note\n"
                    'c1,2024-01-01T10:00:00,view,"two\nlines"\n'
                    "c1,2024-01-01T11:00:00,buy\n", encoding="utf-8")
    scanned = rows(read_events(con, path))
    table = read_events(con, path, deferred=True)
    with pytest.raises(duckdb.Error, match="parallel=false"):
        table.event.count().to_pyarrow()
    assert recheck(table) is True  # good when read by one thread: the view now is
    assert rows(table) == scanned
    assert [(row[2], row[-1]) for row in scanned] == [("view", 1), ("buy", 2)]
