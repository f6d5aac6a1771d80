"""Imports from the web app, headless: uploads, preview, background jobs, history,
quarantine, unmatched events and assigning them (real DuckDB, SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import document
from journeymap.errors import DataFileError, InputError, NotFoundError
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench.imports import (
    ImportJobs,
    Upload,
    choose_mapping,
    import_history,
    preview_import,
    quarantine_page,
    save_upload,
    shown_name,
)

# Rows 3 and 5 are bad; ad_click, call and store_visit match touchpoints of the retail map.
EVENTS = (
    "customer_id,timestamp,event,channel\n"
    "c1,2026-01-01T10:00:00Z,ad_click,social\n"
    "c1,2026-01-01T10:05:00Z,newsletter_open,Email\n"
    "c2,yesterday,call,phone\n"
    "c2,2026-01-02T09:00:00,newsletter_open,email\n"
    ",2026-01-02T09:30:00,call,phone\n"
    "c3,1767312000,app_open,app\n"
    "c3,2026-01-03T12:00:00,store_visit,store\n"
)


def upload_of(text: str, name: str = "events.csv", limit: int = 10_000) -> Upload:
    return save_upload(io.BytesIO(text.encode()).read, name, limit)


@pytest.fixture
def bench(tmp_path: Path, store_url: str) -> Iterator[Workbench]:
    with init_workspace(tmp_path / "ws", document=document(), database_url=store_url) as made:
        yield made


def imported(bench: Workbench, text: str = EVENTS, name: str = "events.csv") -> ImportJobs:
    jobs = ImportJobs(bench.path)
    job = jobs.start(jobs.stage(upload_of(text, name), "events", None))
    assert jobs.join(job.id).status == "done"
    return jobs


def test_upload_is_kept_under_a_safe_name_in_its_own_folder() -> None:
    upload = upload_of(EVENTS, name="../../etc/évènements.CSV")
    assert upload.name == "évènements.CSV"
    assert upload.path.name == "upload.csv"
    assert upload.path.parent.name.startswith("journeymap-upload-")
    assert upload.path.read_text() == EVENTS
    assert upload.size == len(EVENTS.encode())
    upload.discard()
    assert not upload.path.parent.exists()
    assert shown_name("C:\\Users\\ann\\data.tsv.gz") == "data.tsv.gz"
    assert shown_name("/") == "upload"


def test_upload_over_the_limit_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("journeymap-upload-*"))
    with pytest.raises(DataFileError, match=r"big\.csv: larger than the upload limit of 0.0001 MB"):
        upload_of("x" * 101, name="big.csv", limit=100)
    assert set(Path(tempfile.gettempdir()).glob("journeymap-upload-*")) == before
    assert upload_of("x" * 100, limit=100).size == 100


def test_preview_shows_canonical_rows_and_their_problems() -> None:
    preview = preview_import(upload_of(EVENTS), "events")
    assert preview.columns[:4] == ("customer_id", "timestamp", "event", "channel")
    assert [row.row for row in preview.rows] == [1, 2, 3, 4, 5, 6, 7]
    assert preview.rows[1].values[:4] == ("c1", "2026-01-01 10:05:00", "newsletter_open", "email")
    assert preview.rows[5].values[1] == "2026-01-02 00:00:00"
    assert [(r.row, r.column) for r in preview.rows if r.reason] == [(3, "timestamp"),
                                                                      (5, "customer_id")]
    assert preview.rows[2].reason is not None and preview.rows[2].reason.startswith(
        "cannot read 'yesterday'; expected an ISO 8601 date-time")
    assert preview.problems == 2


def test_preview_is_limited_to_twenty_rows_and_follows_the_mapping() -> None:
    rows = "".join(f"u{i},{1767225600 + i},buy,web,{i}.5\n" for i in range(30))
    mapping = choose_mapping("events", yaml_text="columns:\n  customer_id: user\n"
                             "  event: action\n  timestamp: at\n")
    upload = upload_of("user,at,action,channel,value\n" + rows)
    preview = preview_import(upload, "events", mapping)
    assert len(preview.rows) == 20
    assert preview.rows[19].values[:5] == ("u19", "2026-01-01 00:00:19", "buy", "web", None)
    assert preview.rows[19].values[8] == "19.5"
    assert preview.problems == 0


def test_preview_of_a_file_without_a_required_column_names_the_upload() -> None:
    upload = upload_of("who,when\na,b\n", name="mine.csv")
    with pytest.raises(DataFileError) as raised:
        preview_import(upload, "events")
    assert raised.value.message.startswith("mine.csv, column 'customer_id': missing required")
    assert str(upload.path) not in raised.value.message
    assert raised.value.details["file"] == "mine.csv"


def test_mapping_choice_is_checked() -> None:
    assert choose_mapping("events") is None
    orders = choose_mapping("events", "orders")
    assert orders is not None and orders.transactions
    with pytest.raises(InputError, match="unknown mapping 'survey-form' for events"):
        choose_mapping("events", "survey-form")
    with pytest.raises(InputError, match="unknown import kind 'logs'"):
        preview_import(upload_of(EVENTS), "logs")


def test_background_import_counts_history_and_quarantine(bench: Workbench) -> None:
    jobs = imported(bench, name="march <b>.csv")
    [job] = [jobs.get(j) for j in jobs._jobs]
    assert job.report is not None
    assert (job.report.read, job.report.accepted, job.report.quarantined,
            job.report.duplicates) == (7, 5, 2, 0)
    assert job.report.file == "march <b>.csv" and job.fraction == 1.0
    [row] = import_history(bench.path)
    assert (row["kind"], row["file"], row["read"], row["accepted"], row["quarantined"]) == (
        "events", "march <b>.csv", 7, 5, 2)
    first = quarantine_page(bench.path, size=1)
    assert [(r.file, r.row, r.column) for r in first.rows] == [("march <b>.csv", 3, "timestamp")]
    assert first.more
    second = quarantine_page(bench.path, job.report.import_id, offset=1, size=1)
    assert [(r.row, r.column, r.reason) for r in second.rows] == [
        (5, "customer_id", "missing value; expected a non-empty value")]
    assert not second.more


def test_reimport_counts_duplicates(bench: Workbench) -> None:
    jobs = imported(bench)
    job = jobs.start(jobs.stage(upload_of(EVENTS), "events", None))
    report = jobs.join(job.id).report
    assert report is not None and (report.accepted, report.duplicates) == (0, 5)
    assert len(import_history(bench.path)) == 2


def test_a_failed_import_says_why_and_cleans_up(bench: Workbench) -> None:
    jobs = ImportJobs(bench.path)
    upload = upload_of("customer_id,when\nc1,x\n", name="odd.csv")
    job = jobs.join(jobs.start(jobs.stage(upload, "events", None)).id)
    assert job.status == "failed" and job.error is not None
    assert job.error["code"] == "bad_data_file"
    assert job.error["message"].startswith("odd.csv, column 'timestamp': missing required")
    assert not upload.path.parent.exists()
    assert import_history(bench.path) == []
    with pytest.raises(NotFoundError):
        jobs.start("no-such-token")
    with pytest.raises(NotFoundError):
        jobs.get("no-such-job")


def test_old_staged_uploads_are_discarded(bench: Workbench) -> None:
    jobs = ImportJobs(bench.path)
    uploads = [upload_of(EVENTS) for _ in range(21)]
    for upload in uploads:
        jobs.stage(upload, "events", None)
    assert not uploads[0].path.exists()
    assert all(upload.path.exists() for upload in uploads[1:])
    jobs.discard_staged()
    assert not any(upload.path.parent.exists() for upload in uploads)



def test_preview_of_survey_answers_and_customers() -> None:
    answers = upload_of("response_id,customer_id,metric,score,comment\n"
                        "r1,c1,nps,9,\nr2,c2,nps,11,\nr3,c3,csat,4,Fast\n", "answers.csv")
    preview = preview_import(answers, "surveys")
    assert preview.columns[:3] == ("response_id", "customer_id", "timestamp")
    metric, score = preview.columns.index("metric"), preview.columns.index("score")
    assert [(r.values[metric], r.values[score]) for r in preview.rows] == [
        ("nps", "9"), ("nps", "11"), ("csat", "4")]
    assert [(r.row, r.column) for r in preview.rows if r.reason] == [(2, "score")]
    people = upload_of("customer_id,city\nc1,Kraków\n,Sofia\n", "crm.csv")
    preview = preview_import(people, "customers")
    assert preview.columns == ("customer_id", "properties")
    assert preview.rows[0].values == ("c1", '{"city":"Kraków"}')
    assert [(r.row, r.column) for r in preview.rows if r.reason] == [(2, "customer_id")]
