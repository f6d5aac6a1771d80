"""The Data page and its REST API on a real workspace: upload, preview, import with
progress, history, quarantine, unmatched events assigned to touchpoints, escaping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from builders import document
from journeymap.web import create_app
from journeymap.workbench import init_workspace
from journeymap.workbench.imports import ImportJobs
from test_web_pages import Elements
from test_workbench_imports import EVENTS

API = "/api/v1"
HX = {"HX-Request": "true"}
PROBE = "<script>alert(1)</script>"
#: A file name probe: no slash, which would make the rest of the name a path.
NAME = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def client(tmp_path: Path, store_url: str) -> Iterator[TestClient]:
    init_workspace(tmp_path / "ws", document=document(), database_url=store_url).close()
    app = create_app(tmp_path / "ws", database_url=store_url)
    with TestClient(app, headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def jobs(client: TestClient) -> ImportJobs:
    found: ImportJobs = client.app.state.import_jobs  # type: ignore[attr-defined]
    return found


def preview(client: TestClient, text: str = EVENTS, name: str = "events.csv",
            **form: str) -> Any:
    return client.post(f"{API}/imports/preview", files={"file": (name, text.encode())},
                       data={"kind": "events", **form})


def import_file(client: TestClient, text: str = EVENTS, name: str = "events.csv") -> Any:
    token = preview(client, text, name).json()["upload"]
    started = client.post(f"{API}/imports", json={"upload": token})
    assert started.status_code == 202
    jobs(client).join(started.json()["id"])
    return client.get(f"{API}/imports/jobs/{started.json()['id']}").json()


def test_api_upload_preview_import_history_and_quarantine(client: TestClient) -> None:
    answer = preview(client)
    assert answer.status_code == 200
    shown = answer.json()["preview"]
    assert (shown["file"], shown["problems"], len(shown["rows"])) == ("events.csv", 2, 7)
    assert shown["rows"][2] | {"values": None} == {
        "row": 3, "column": "timestamp", "values": None, "reason": (
            "cannot read 'yesterday'; expected an ISO 8601 date-time (zone optional) or epoch "
            "seconds, milliseconds or microseconds")}
    assert client.get(f"{API}/imports").json() == {"imports": []}
    started = client.post(f"{API}/imports", json={"upload": answer.json()["upload"]})
    assert started.json()["status"] in ("waiting", "running", "done")
    jobs(client).join(started.json()["id"])
    job = client.get(f"{API}/imports/jobs/{started.json()['id']}").json()
    assert job["status"] == "done" and job["fraction"] == 1.0
    counts = {k: job["report"][k] for k in ("read", "accepted", "quarantined", "duplicates")}
    assert counts == {"read": 7, "accepted": 5, "quarantined": 2, "duplicates": 0}
    [row] = client.get(f"{API}/imports").json()["imports"]
    assert (row["file"], row["read"], row["accepted"], row["quarantined"]) == (
        "events.csv", 7, 5, 2)
    page = client.get(f"{API}/quarantine", params={"size": 1, "offset": 1}).json()
    assert [(r["file"], r["row"], r["column"]) for r in page["rows"]] == [
        ("events.csv", 5, "customer_id")]
    assert page["more"] is False
    again = client.post(f"{API}/imports", json={"upload": answer.json()["upload"]})
    assert again.status_code == 404


def test_previewed_uploads_are_deleted_when_the_app_stops(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", document=document()).close()
    with TestClient(create_app(tmp_path / "ws")) as client:
        preview(client)
        [staged] = jobs(client)._staged.values()
        assert staged.upload.path.is_file()
    assert not staged.upload.path.parent.exists()


def test_api_refuses_an_oversize_upload_and_bad_input(client: TestClient) -> None:
    client.app.state.upload_limit = 100  # type: ignore[attr-defined]
    refused = preview(client, "x" * 101, name="big.csv")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "bad_data_file"
    assert error["message"] == ("big.csv: larger than the upload limit of 0.0001 MB; "
                                "expected a file of at most 0.0001 MB")
    client.app.state.upload_limit = 10_000  # type: ignore[attr-defined]
    assert preview(client, mapping="nope").json()["error"]["details"]["path"] == "mapping"
    broken = client.post(f"{API}/imports/preview", files={
        "file": ("e.csv", EVENTS.encode()), "mapping_file": ("m.yaml", b"columns: [1")},
        data={"kind": "events"})
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "invalid_document"
    assert client.get(f"{API}/imports/jobs/nope").status_code == 404


def test_api_unmatched_events_and_assignment(client: TestClient) -> None:
    import_file(client)
    listed = client.get(f"{API}/maps/retail/unmatched-events").json()["events"]
    assert [(e["event"], e["events"], e["customers"]) for e in listed] == [
        ("newsletter_open", 2, 2), ("app_open", 1, 1)]
    top = client.get(f"{API}/maps/retail/unmatched-events", params={"top": 1}).json()
    assert [e["event"] for e in top["events"]] == ["newsletter_open"]
    version = client.get(f"{API}/maps/retail/touchpoints/hotline").json()["version"]
    body = {"event": "app_open", "touchpoint": "hotline", "version": version}
    done = client.post(f"{API}/maps/retail/unmatched-events/assign", json=body)
    assert done.status_code == 200
    assert done.json()["rules"][-1] == {"field": "event", "op": "exact", "pattern": "app_open"}
    stale = client.post(f"{API}/maps/retail/unmatched-events/assign",
                        json=body | {"event": "newsletter_open"})
    assert stale.status_code == 409
    assert stale.json()["error"]["details"]["current"]["version"] == version + 1
    made = client.post(f"{API}/maps/retail/unmatched-events/assign", json={
        "event": "newsletter_open",
        "new_touchpoint": {"name": "Newsletter", "stage": "awareness", "channel": "email"}})
    assert made.status_code == 201 and made.json()["channel"] == "email"
    assert client.get(f"{API}/maps/retail/unmatched-events").json() == {"events": []}
    half = client.post(f"{API}/maps/retail/unmatched-events/assign", json={"event": "x"})
    assert half.status_code == 422


def test_page_upload_preview_and_import_with_progress(client: TestClient) -> None:
    empty = client.get("/data")
    assert empty.status_code == 200
    assert "Nothing has been imported yet." in empty.text
    shown = client.post("/data/preview", files={"file": (f"{NAME}.csv", EVENTS.encode())},
                        data={"kind": "events"}, headers=HX)
    assert shown.status_code == 200
    assert NAME not in shown.text and "&lt;img src=x onerror=alert(1)&gt;.csv" in shown.text
    html = Elements(shown.text)
    assert len(html.select("bad")) == 2
    assert "2 of them have problems" in shown.text
    [(token, _)] = [(a["value"], t) for a, t in html.select("", name="upload")]
    started = client.post("/data/imports", data={"upload": token}, headers=HX)
    assert started.status_code == 202
    polling = Elements(started.text).select("data-panel")
    assert polling[0][0]["hx-trigger"] == "every 1s"
    job_id = jobs(client).get(next(iter(jobs(client)._jobs))).id
    jobs(client).join(job_id)
    finished = client.get(f"/data/jobs/{job_id}", headers=HX)
    counts = {a["data-count"]: t for a, t in Elements(finished.text).select("")
              if "data-count" in a}
    assert counts == {"read": "7", "accepted": "5", "quarantined": "2", "duplicates": "0"}
    assert "hx-trigger" not in finished.text


def test_page_shows_history_and_quarantine_with_reasons(client: TestClient) -> None:
    report = import_file(client, name=f"{NAME}.csv")["report"]
    page = client.get("/data", params={"import": report["import_id"]})
    assert NAME not in page.text and "&lt;img src=x onerror=alert(1)&gt;.csv" in page.text
    html = Elements(page.text)
    [(_, history)] = html.select("", data_import=report["import_id"])
    assert history.split()[-4:] == ["7", "5", "2", "0"]
    reasons = [text for _, text in html.select("reason")]
    assert reasons == ["cannot read 'yesterday'; expected an ISO 8601 date-time (zone optional) "
                       "or epoch seconds, milliseconds or microseconds",
                       "missing value; expected a non-empty value"]


def test_page_assigns_unmatched_events_and_shows_conflicts(client: TestClient) -> None:
    import_file(client)
    page = Elements(client.get("/data").text)
    assert [a["data-event"] for a, _ in page.select("", data_event="newsletter_open")] == [
        "newsletter_open"]
    choice = next(a["value"] for a, _ in page.select("") if a.get("value", "").startswith(
        "hotline@"))
    done = client.post("/data/assign", data={"map": "retail", "event": "app_open",
                                             "touchpoint": choice}, headers=HX)
    assert done.status_code == 200
    assert 'data-event="app_open"' not in done.text
    assert 'data-event="newsletter_open"' in done.text
    stale = client.post("/data/assign", data={"map": "retail", "event": "newsletter_open",
                                              "touchpoint": choice}, headers=HX)
    assert stale.status_code == 409
    assert "changed since you loaded it" in stale.text
    made = client.post("/data/assign-new", data={
        "map": "retail", "event": "newsletter_open", "name": PROBE, "stage": "service",
        "channel": "email"})
    assert made.status_code == 200
    assert "Every imported event matches a touchpoint of this map." in made.text
    assert PROBE not in client.get("/maps/retail").text


def test_an_upload_declared_far_over_the_limit_is_refused_before_reading(
        client: TestClient) -> None:
    client.app.state.upload_limit = 100  # type: ignore[attr-defined]
    big = "x" * 2_000_000
    api = preview(client, big, name="big.csv")
    assert api.status_code == 413
    assert api.json()["error"]["message"].startswith(
        "the upload: larger than the upload limit of 0.0001 MB")
    shown = client.post("/data/preview", files={"file": ("big.csv", big.encode())},
                        data={"kind": "events"}, headers=HX)
    assert shown.status_code == 422
    assert "larger than the upload limit of 0.0001 MB" in shown.text
    assert getattr(client.app.state, "import_jobs", None) is None  # no handler ran


def test_page_in_polish(client: TestClient) -> None:
    import_file(client)
    page = client.get("/data", headers={"Accept-Language": "pl"})
    assert "Historia importów" in page.text and "Niedopasowane zdarzenia" in page.text
    assert "Import history" not in page.text


def test_upload_limit_comes_from_the_app_or_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from journeymap.errors import InputError
    from journeymap.web.api_data import limit_of

    monkeypatch.delenv("JOURNEYMAP_UPLOAD_LIMIT_MB", raising=False)
    assert limit_of(SimpleNamespace()) == 200_000_000
    monkeypatch.setenv("JOURNEYMAP_UPLOAD_LIMIT_MB", "0.5")
    assert limit_of(SimpleNamespace()) == 500_000
    assert limit_of(SimpleNamespace(upload_limit=7)) == 7
    monkeypatch.setenv("JOURNEYMAP_UPLOAD_LIMIT_MB", "lots")
    with pytest.raises(InputError, match=r"\$JOURNEYMAP_UPLOAD_LIMIT_MB is 'lots'"):
        limit_of(SimpleNamespace())


def test_event_names_from_the_data_are_shown_escaped(client: TestClient) -> None:
    import_file(client, f'customer_id,timestamp,event\nc1,2026-01-01,"{PROBE}"\n')
    page = client.get("/data")
    assert PROBE not in page.text
    # the row attribute, the cell, two hidden inputs and the new name
    assert page.text.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5
