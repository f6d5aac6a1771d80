"""`journeymap import events|customers|transactions|quarantine` through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import write
from cli_support import run


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    assert run("init", tmp_path / "ws")[0] == 0
    return tmp_path / "ws"


def test_import_events_prints_the_summary_and_reimport_adds_nothing(ws: Path,
                                                                     tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", "customer_id,timestamp,event\nc1,2024-01-01,a\n"
                                    "c2,2024-01-02,b\n")
    assert run("import", "events", path, "--workspace", ws) == (
        0, "read 2, accepted 2, quarantined 0, duplicates 0\n", "")
    assert run("import", "events", path, "-w", ws)[:2] == (
        0, "read 2, accepted 0, quarantined 0, duplicates 2\n")


def test_bad_rows_are_listed_and_the_quarantine_command_shows_them(ws: Path,
                                                                   tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", "customer_id,timestamp,event\nc1,2024-01-01,a\n"
                                    "c2,someday,b\n")
    code, out, err = run("import", "events", path, "-w", ws)
    assert (code, out) == (0, "read 2, accepted 1, quarantined 1, duplicates 0\n")
    lines = err.splitlines()
    assert lines[0] == ("  row 2, column 'timestamp': cannot read 'someday'; expected an ISO "
                        "8601 date-time (zone optional) or epoch seconds, milliseconds or "
                        "microseconds")
    assert lines[1].startswith("see them all: journeymap import quarantine --import ")
    import_id = lines[1].rsplit(" ", 1)[1]
    code, out, _ = run("import", "quarantine", "-w", ws, "--import", import_id, "-f", "csv")
    assert code == 0
    assert out.splitlines() == [
        "import_id,file,row,column,reason,raw",
        f"{import_id},{path},2,timestamp,\"cannot read 'someday'; expected an ISO 8601 "
        f"date-time (zone optional) or epoch seconds, milliseconds or microseconds\","
        '"{""customer_id"":""c2"",""timestamp"":""someday"",""event"":""b""}"']


def test_quarantine_with_nothing_quarantined(ws: Path) -> None:
    assert run("import", "quarantine", "-w", ws) == (0, "no quarantined rows\n", "")
    assert run("import", "quarantine", "-w", ws, "-f", "json") == (0, "[]\n", "")


@pytest.mark.parametrize(("name", "content", "error"), [
    ("junk.csv", "\x00\x00junk", "junk.csv: binary content (a NUL byte at byte 1); expected a "
     "UTF-8 CSV file with a header row"),
    ("cols.csv", "user,when\nu1,2024-01-01\n", "cols.csv, column 'customer_id': missing "
     "required column 'customer_id'; expected a header with customer_id (found: user, when) "
     "(map your columns with --mapping FILE (see docs/importing.md))"),
])
def test_garbage_is_one_line_and_exit_code_2(ws: Path, tmp_path: Path, name: str,
                                             content: str, error: str) -> None:
    code, out, err = run("import", "events", write(tmp_path, name, content), "-w", ws)
    assert (code, out) == (2, "")
    assert err == f"error[bad_data_file]: {tmp_path}/{error}\n"


def test_unknown_mapping_and_missing_workspace(ws: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", "customer_id,timestamp,event\nc1,2024-01-01,a\n")
    code, _, err = run("import", "events", path, "-w", ws, "--mapping", "ga5")
    assert code == 2 and err == ("error[invalid_document]: ga5: no such mapping file; expected "
                                 "a file path or one of the ready mappings: ga4, segment, "
                                 "orders\n")
    code, _, err = run("import", "events", path, "-w", tmp_path / "nowhere")
    assert code == 2 and err.startswith("error[workspace_error]: ")


def test_customers_and_transactions_with_the_orders_mapping(ws: Path, tmp_path: Path) -> None:
    customers = write(tmp_path, "c.csv", "customer_id,tier\nc1,gold\nc2,silver\n")
    assert run("import", "customers", customers, "-w", ws)[:2] == (
        0, "read 2, accepted 2, quarantined 0, duplicates 0\n")
    orders = write(tmp_path, "o.csv", "order_id,customer_id,created_at,total\n"
                                      "1,c1,2024-01-01,10\n2,c2,2024-01-02,oops\n")
    code, out, err = run("import", "transactions", orders, "-w", ws, "-m", "orders")
    assert (code, out) == (0, "read 2, accepted 1, quarantined 1, duplicates 0\n")
    assert "row 2, column 'value': cannot read 'oops'" in err


def test_help_names_the_commands() -> None:
    code, out, _ = run("import", "--help")
    assert code == 0
    for command in ("events", "customers", "transactions", "quarantine"):
        assert command in out


def test_import_surveys_quarantines_out_of_scale_scores(ws: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "response_id,metric,score\nR1,csat,5\nR2,nps,11\n")
    code, out, err = run("import", "surveys", path, "-w", ws)
    assert (code, out) == (0, "read 2, accepted 1, quarantined 1, duplicates 0\n")
    assert err.splitlines()[0] == ("  row 2, column 'score': score 11 is outside the nps "
                                   "scale; expected a whole number from 0 to 10")
    assert run("import", "surveys", path, "-w", ws)[:2] == (
        0, "read 2, accepted 0, quarantined 1, duplicates 1\n")


def test_import_surveys_wide_with_a_mapping(ws: Path, tmp_path: Path) -> None:
    mapping = write(tmp_path, "m.yaml", "columns:\n  response_id: id\nsurvey:\n  questions:\n"
                                        "    - {column: q1, metric: csat}\n"
                                        "    - {column: q2, metric: ces}\n")
    path = write(tmp_path, "w.csv", "id,q1,q2\nA,4,7\nB,5,\n")
    assert run("import", "surveys", path, "-w", ws, "--mapping", mapping)[:2] == (
        0, "read 3, accepted 3, quarantined 0, duplicates 0\n")
