"""The analytic store: workspace check, report summary, listing quarantined rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import WorkspaceError
from journeymap.ingest.importer import import_events
from journeymap.ingest.store import (
    ImportReport,
    Problem,
    QuarantinedRow,
    analytics_path,
    file_hash,
    quarantined_rows,
)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "journeymap.json").write_text('{"workspace": "test"}', encoding="utf-8")
    return folder


def test_a_folder_that_is_no_workspace_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        analytics_path(tmp_path)
    assert str(caught.value) == (f"{tmp_path} is not a journeymap workspace (no journeymap.json)"
                                 f" (run `journeymap init {tmp_path}` or pass --workspace DIR)")
    assert not (tmp_path / "analytics.duckdb").exists()


def test_summary_line_is_the_cli_contract() -> None:
    report = ImportReport("i1", "events", "a.csv", 10, 7, 2, 1, (Problem(3, "event", "x"),))
    assert report.summary() == "read 10, accepted 7, quarantined 2, duplicates 1"


def test_file_hash_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert file_hash(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_quarantined_rows_newest_import_first_filtered_and_limited(ws: Path,
                                                                   tmp_path: Path) -> None:
    assert quarantined_rows(ws) == []
    older = tmp_path / "older.csv"
    older.write_text("customer_id,timestamp,event\nc1,bad,a\n", encoding="utf-8")
    newer = tmp_path / "newer.csv"
    newer.write_text("customer_id,timestamp,event\n,2024-01-01,a\nc2,2024-01-01,\n",
                     encoding="utf-8")
    first = import_events(ws, older)
    second = import_events(ws, newer)
    assert quarantined_rows(ws) == [
        QuarantinedRow(second.import_id, str(newer), 1, "customer_id",
                       "missing value; expected a non-empty value",
                       '{"customer_id":null,"timestamp":"2024-01-01","event":"a"}'),
        QuarantinedRow(second.import_id, str(newer), 2, "event",
                       "missing value; expected a non-empty value",
                       '{"customer_id":"c2","timestamp":"2024-01-01","event":null}'),
        QuarantinedRow(first.import_id, str(older), 1, "timestamp",
                       "cannot read 'bad'; expected an ISO 8601 date-time (zone optional) or "
                       "epoch seconds, milliseconds or microseconds",
                       '{"customer_id":"c1","timestamp":"bad","event":"a"}'),
    ]
    assert [r.row for r in quarantined_rows(ws, first.import_id)] == [1]
    assert len(quarantined_rows(ws, limit=2)) == 2
    assert quarantined_rows(ws, "nosuchimport") == []
