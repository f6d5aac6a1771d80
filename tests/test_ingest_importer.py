"""Imports into the analytic store: counts reconcile, atomic, re-import adds nothing."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings

from builders import write
from journeymap.errors import DataFileError
from journeymap.ingest import importer
from journeymap.ingest.importer import import_customers, import_events, import_transactions
from journeymap.ingest.mapping import Mapping
from journeymap.ingest.store import ImportReport
from test_ingest_validation import ROWS, Cell, write_csv

EVENTS = ("customer_id,timestamp,event,channel,event_id,value\n"
          "c1,2024-01-01T10:00:00Z,view,Web,,\n"
          "c1,2024-01-01T10:05:00Z,buy,Web,o1,20\n"
          "c2,2024-01-02T09:00:00+01:00,view,APP,,\n")


def make_workspace(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "journeymap.json").write_text('{"workspace": "test"}', encoding="utf-8")
    return folder


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def query(ws: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(ws / "analytics.duckdb"), read_only=True)
    try:
        return [tuple(row) for row in con.execute(sql).fetchall()]
    finally:
        con.close()


def store_state(ws: Path) -> tuple[Any, ...]:
    if not (ws / "analytics.duckdb").exists():
        return ()
    tables = [row[0] for row in query(ws, "SHOW TABLES")]
    return tuple((t, query(ws, f"SELECT count(*) FROM {t}")[0][0]) for t in sorted(tables))


def counts(report: ImportReport) -> tuple[int, int, int, int]:
    return report.read, report.accepted, report.quarantined, report.duplicates


def test_events_land_with_global_seq_and_reconciled_counts(ws: Path, tmp_path: Path) -> None:
    first = import_events(ws, write(tmp_path, "a.csv", EVENTS))
    assert counts(first) == (3, 3, 0, 0) and first.kind == "events"
    second = import_events(ws, write(tmp_path, "b.csv",
                                     "customer_id,timestamp,event\nc3,2024-01-03,view\n"))
    assert counts(second) == (1, 1, 0, 0)
    assert query(ws, "SELECT customer_id, timestamp, event, channel, event_id, value, seq, "
                     "import_id FROM events ORDER BY seq") == [
        ("c1", datetime(2024, 1, 1, 10), "view", "web", None, None, 1, first.import_id),
        ("c1", datetime(2024, 1, 1, 10, 5), "buy", "web", "o1", 20.0, 2, first.import_id),
        ("c2", datetime(2024, 1, 2, 8), "view", "app", None, None, 3, first.import_id),
        ("c3", datetime(2024, 1, 3), "view", None, None, None, 4, second.import_id),
    ]
    assert query(ws, "SELECT kind, file, read, accepted, quarantined, duplicates FROM imports "
                     "ORDER BY started_at") == [
        ("events", str(tmp_path / "a.csv"), 3, 3, 0, 0),
        ("events", str(tmp_path / "b.csv"), 1, 1, 0, 0)]


def test_reimport_adds_nothing_and_does_not_repeat_quarantine(ws: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", EVENTS + "c9,never,view,,,\n")
    assert counts(import_events(ws, path)) == (4, 3, 1, 0)
    before = query(ws, "SELECT * EXCLUDE (import_id) FROM events ORDER BY seq")
    again = import_events(ws, path)
    assert counts(again) == (4, 0, 1, 3)
    assert query(ws, "SELECT * EXCLUDE (import_id) FROM events ORDER BY seq") == before
    assert query(ws, "SELECT count(*) FROM quarantine") == [(1,)]
    assert query(ws, "SELECT count(*) FROM imports") == [(2,)]


def test_event_id_dedupes_but_identical_rows_without_id_are_kept(ws: Path,
                                                                  tmp_path: Path) -> None:
    text = ("customer_id,timestamp,event,event_id\nc1,2024-01-01,click,\nc1,2024-01-01,click,\n"
            "c1,2024-01-01,buy,o1\nc1,2024-01-02,buy,o1\n")
    assert counts(import_events(ws, write(tmp_path, "a.csv", text))) == (4, 3, 0, 1)
    assert query(ws, "SELECT event, seq FROM events ORDER BY seq") == [
        ("click", 1), ("click", 2), ("buy", 3)]
    more = text + "c1,2024-01-01,click,\n"
    assert counts(import_events(ws, write(tmp_path, "b.csv", more))) == (5, 1, 0, 4)
    assert query(ws, "SELECT count(*) FROM events WHERE event = 'click'") == [(3,)]


def test_ten_percent_bad_rows_are_quarantined_exactly(ws: Path, tmp_path: Path) -> None:
    lines = ["customer_id,timestamp,event,value"]
    bad = {7: "c7,2024-02-30,view,", 17: ",2024-01-01,view,", 27: "c27,2024-01-01,,",
           37: "c37,2024-13-45,view,", 47: "c47,2024-01-01,view,abc",
           57: "c57,2024-01-01,view,NaN", 67: "c67,tomorrow,view,", 77: "c77,,view,",
           87: "c87,2024-01-01T25:00:00,view,", 97: "c97,2024-01-01,view,1e999"}
    for n in range(1, 101):
        lines.append(bad.get(n, f"c{n},2024-01-01 00:00:{n % 60:02d},view,{n}"))
    report = import_events(ws, write(tmp_path, "ten.csv", "\n".join(lines) + "\n"))
    assert counts(report) == (100, 90, 10, 0)
    assert [(p.row, p.column) for p in report.problems] == [
        (7, "timestamp"), (17, "customer_id"), (27, "event"), (37, "timestamp"), (47, "value")]
    found = query(ws, 'SELECT "row", "column", reason FROM quarantine ORDER BY "row"')
    assert [(row, column) for row, column, _ in found] == [
        (7, "timestamp"), (17, "customer_id"), (27, "event"), (37, "timestamp"),
        (47, "value"), (57, "value"), (67, "timestamp"), (77, "timestamp"), (87, "timestamp"),
        (97, "value")]
    assert found[0][2] == ("cannot read '2024-02-30'; expected an ISO 8601 date-time (zone "
                           "optional) or epoch seconds, milliseconds or microseconds")
    raw = query(ws, "SELECT raw FROM quarantine WHERE \"row\" = 47")[0][0]
    assert json.loads(raw) == {"customer_id": "c47", "timestamp": "2024-01-01",
                               "event": "view", "value": "abc"}


@pytest.mark.parametrize(("name", "content", "mapping", "message"), [
    ("semi.csv", "customer_id;timestamp;event\nc1;2024-01-01;a\n", Mapping(delimiter=","),
     "missing required column 'customer_id'"),
    ("cols.csv", "user,when,what\nu1,2024-01-01,a\n", None,
     "missing required column 'customer_id'"),
    ("empty.csv", "", None, "the file is empty"),
    ("junk.csv", "\x00\x01\x02garbage", None, "binary content"),
    ("nocust.jsonl", '{"user": 1, "timestamp": 1, "event": "a"}\n', None,
     "no row has a value for 'customer_id'"),
])
def test_garbage_files_are_clear_errors_and_change_nothing(
        ws: Path, tmp_path: Path, name: str, content: str, mapping: Mapping | None,
        message: str) -> None:
    import_events(ws, write(tmp_path, "good.csv", EVENTS))
    before = store_state(ws)
    with pytest.raises(DataFileError, match=message):
        import_events(ws, write(tmp_path, name, content), mapping=mapping)
    assert store_state(ws) == before


def test_broken_dates_and_mixed_types_are_quarantined(ws: Path, tmp_path: Path) -> None:
    lines = [json.dumps(r) for r in (
        {"customer_id": 1, "timestamp": "2024-01-01", "event": "a", "value": "3.5"},
        {"customer_id": "c2", "timestamp": "01/02/2024", "event": "a"},
        {"customer_id": "c3", "timestamp": 1704067200, "event": "a", "value": True},
        {"customer_id": "c4", "timestamp": 1704067200, "event": ["a"], "value": 2})]
    report = import_events(ws, write(tmp_path, "mixed.jsonl", "\n".join(lines) + "\n"))
    assert counts(report) == (4, 2, 2, 0)
    assert query(ws, "SELECT customer_id, event, value FROM events ORDER BY seq") == [
        ("1", "a", 3.5), ("c4", '["a"]', 2.0)]
    assert [(p.row, p.column) for p in report.problems] == [(2, "timestamp"), (3, "value")]


def test_a_failure_part_way_leaves_the_store_unchanged(ws: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import_events(ws, write(tmp_path, "good.csv", EVENTS))
    before = store_state(ws)

    def fail(con: Any) -> Any:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 5
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_first_problems", fail)
    more = EVENTS.replace("c1", "c5").replace("o1", "o5") + "x,bad,y,,,\n"
    with pytest.raises(RuntimeError, match="disk full"):
        import_events(ws, write(tmp_path, "more.csv", more))
    assert store_state(ws) == before


def test_progress_reports_steps_in_order(ws: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    import_events(ws, write(tmp_path, "a.csv", EVENTS), progress=lambda s, f: seen.append((s, f)))
    assert seen == [("checking rows", 0.05), ("quarantining bad rows", 0.6),
                    ("writing events", 0.75), ("done", 1.0)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS)
def test_generated_files_reimported_add_nothing(rows: list[tuple[Cell, ...]]) -> None:
    good = (Cell("c0"), Cell("2024-01-01"), Cell("e0"), Cell(""), Cell(""))
    with tempfile.TemporaryDirectory() as folder:
        ws = make_workspace(Path(folder) / "ws")
        path = Path(folder) / "gen.csv"
        write_csv(path, [good, *rows])
        first = import_events(ws, path, mapping=Mapping(delimiter=","))
        state = query(ws, "SELECT * EXCLUDE (import_id) FROM events ORDER BY seq")
        second = import_events(ws, path, mapping=Mapping(delimiter=","))
        assert query(ws, "SELECT * EXCLUDE (import_id) FROM events ORDER BY seq") == state
    assert first.read == len(rows) + 1 == first.accepted + first.quarantined + first.duplicates
    assert first.accepted == len(state) and first.duplicates == 0
    assert counts(second) == (first.read, 0, first.quarantined, first.accepted)


GA4 = [
    {"event_date": "20240101", "event_timestamp": "1704103200000000", "event_name": "page_view",
     "event_params": [{"key": "page_location", "value": {"string_value": "https://x.test/"}},
                      {"key": "ga_session_id", "value": {"int_value": "17"}}],
     "user_pseudo_id": "123.456", "platform": "WEB", "traffic_source": {"source": "google"}},
    {"event_date": "20240101", "event_timestamp": "1704103260500000", "event_name": "purchase",
     "event_params": [{"key": "ga_session_id", "value": {"int_value": "17"}}],
     "user_pseudo_id": "123.456", "platform": "IOS",
     "ecommerce": {"purchase_revenue": 49.9, "transaction_id": "T1"}},
]
SEGMENT = [
    {"type": "track", "event": "Order Completed", "userId": "u1", "anonymousId": "a1",
     "timestamp": "2024-01-01T10:00:00.000Z", "messageId": "m1",
     "properties": {"revenue": 25, "currency": "EUR"}, "context": {"channel": "browser"}},
    {"type": "track", "event": "Signed Up", "anonymousId": "a2", "messageId": "m2",
     "timestamp": "2024-01-01T11:00:00+01:00", "properties": {}, "context": {"channel": "mobile"}},
]


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_ready_mapping_ga4(ws: Path, tmp_path: Path) -> None:
    report = import_events(ws, write(tmp_path, "ga4.json", jsonl(GA4)), mapping="ga4")
    assert counts(report) == (2, 2, 0, 0)
    assert query(ws, "SELECT customer_id, timestamp, event, channel, session_id, source, "
                     "event_id, value, properties FROM events ORDER BY seq") == [
        ("123.456", datetime(2024, 1, 1, 10), "page_view", "web", "17", "google", None, None,
         '{"traffic_source":{"source":"google"},"page_location":"https://x.test/",'
         '"ga_session_id":"17"}'),
        ("123.456", datetime(2024, 1, 1, 10, 1, 0, 500000), "purchase", "app", "17", None, "T1",
         49.9, '{"ecommerce":{"purchase_revenue":49.9,"transaction_id":"T1"},'
         '"ga_session_id":"17"}')]


def test_ready_mapping_segment(ws: Path, tmp_path: Path) -> None:
    report = import_events(ws, write(tmp_path, "seg.jsonl", jsonl(SEGMENT)), mapping="segment")
    assert counts(report) == (2, 2, 0, 0)
    assert query(ws, "SELECT customer_id, timestamp, event, channel, source, event_id, value, "
                     "properties FROM events ORDER BY seq") == [
        ("u1", datetime(2024, 1, 1, 10), "Order Completed", "web", "segment", "m1", 25.0,
         '{"anonymousId":"a1","context":{"channel":"browser"},"revenue":25,"currency":"EUR"}'),
        ("a2", datetime(2024, 1, 1, 10), "Signed Up", "app", "segment", "m2", None,
         '{"anonymousId":"a2","context":{"channel":"mobile"}}')]


def test_ready_mapping_orders_gives_purchases_and_transactions(ws: Path,
                                                               tmp_path: Path) -> None:
    text = ("order_id,customer_email,created_at,total_price,currency\n"
            "1001,ann@x.test,2024-03-01T09:00:00Z,120.50,EUR\n"
            "1002,bob@x.test,2024-03-02 10:00:00,,PLN\n")
    path = write(tmp_path, "orders.csv", text)
    assert counts(import_events(ws, path, mapping="orders")) == (2, 2, 0, 0)
    assert query(ws, "SELECT customer_id, event, event_id, value, source FROM events "
                     "ORDER BY seq") == [("ann@x.test", "purchase", "1001", 120.5, "orders"),
                                         ("bob@x.test", "purchase", "1002", None, "orders")]
    assert query(ws, "SELECT transaction_id, customer_id, timestamp, value, properties "
                     "FROM transactions") == [
        ("1001", "ann@x.test", datetime(2024, 3, 1, 9), 120.5, '{"currency":"EUR"}')]
    assert counts(import_events(ws, path, mapping="orders")) == (2, 0, 0, 2)
    assert query(ws, "SELECT count(*) FROM transactions") == [(1,)]


def test_transactions_need_a_value_and_dedupe_by_id(ws: Path, tmp_path: Path) -> None:
    text = ("transaction_id,customer_id,timestamp,value,currency\nt1,c1,2024-01-01,10,EUR\n"
            ",c2,2024-01-02,5.5,\nt3,c3,2024-01-03,,\nt1,c1,2024-01-01,10,EUR\n")
    path = write(tmp_path, "tx.csv", text)
    report = import_transactions(ws, path)
    assert counts(report) == (4, 2, 1, 1)
    assert report.problems[0].row == 3 and report.problems[0].column == "value"
    rows = query(ws, "SELECT transaction_id, customer_id, value, properties FROM transactions "
                     "ORDER BY customer_id")
    assert rows[0] == ("t1", "c1", 10.0, '{"currency":"EUR"}')
    assert rows[1][0].startswith("h:") and rows[1][1:] == ("c2", 5.5, None)
    assert counts(import_transactions(ws, path)) == (4, 0, 1, 3)


def test_customers_insert_update_and_count_unchanged_as_duplicates(ws: Path,
                                                                   tmp_path: Path) -> None:
    first = write(tmp_path, "c1.csv", "customer_id,tier,city\nc1,gold,Wrocław\nc2,,Sofia\n"
                                      "c1,silver,x\n")
    report = import_customers(ws, first)
    assert counts(report) == (3, 2, 1, 0)
    assert report.problems[0].reason == ("customer c1 repeats row 1; expected one row per "
                                         "customer")
    second = write(tmp_path, "c2.csv", "customer_id,tier,segment\nc1,gold,b2b\nc2,,\nc3,new,\n")
    assert counts(import_customers(ws, second)) == (3, 2, 0, 1)
    assert query(ws, "SELECT customer_id, tier, city, segment FROM customers "
                     "ORDER BY customer_id") == [("c1", "gold", "Wrocław", "b2b"),
                                                 ("c2", None, "Sofia", None),
                                                 ("c3", "new", None, None)]
    mapping = Mapping(columns={"customer_id": "id", "tier": "level"})
    third = write(tmp_path, "c3.jsonl", '{"id": "c4", "level": "vip", "age": 40}\n')
    assert counts(import_customers(ws, third, mapping=mapping)) == (1, 1, 0, 0)
    assert query(ws, "SELECT tier, age FROM customers WHERE customer_id = 'c4'") == [
        ("vip", "40")]


def test_quoted_line_breaks_import_in_one_transaction(ws: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", 'customer_id,timestamp,event,note\n'
                                        'c1,2024-01-01,a,"two\nlines"\nc2,2024-01-02\n')
    report = import_events(ws, path)
    assert counts(report) == (2, 1, 1, 0)
    assert (report.problems[0].row, report.problems[0].column) == (2, "event")
