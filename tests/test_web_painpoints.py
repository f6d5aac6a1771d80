"""The /painpoints page and /api/v1/painpoints: ranked list with evidence, detection,
validation status, filters, escaping; pain point cards on the map's pain-point lane."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.web.app import create_app
from painpoints_support import CONVERSION, clinic_workspace

PROBE = "<script>alert('pp')</script>"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    extra = [{"id": "pp-probe", "title": PROBE, "stage": "book", "quotes": [PROBE]}]
    return clinic_workspace(tmp_path_factory.mktemp("clinic-web"), extra)


@pytest.fixture
def client(workspace: Path, tmp_path: Path) -> Iterator[TestClient]:
    shutil.copytree(workspace, tmp_path / "ws")
    with TestClient(create_app(tmp_path / "ws"),
                    headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def detect(client: TestClient) -> str:
    """Press Detect and wait for the background run; the page it ends on."""
    answer = client.post("/painpoints/detect", data={
        "map_id": "clinic", "conversion": ", ".join(CONVERSION)}, follow_redirects=False)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("/painpoints?map=clinic&job=")
    job = client.app.state.jobs.join(location.rpartition("=")[2], 60)  # type: ignore[attr-defined]
    assert job.state == "done", job.error
    return location


def test_page_lists_manual_ones_escaped_before_detection(client: TestClient) -> None:
    page = client.get("/painpoints")
    assert page.status_code == 200
    assert "Upload is confusing" in page.text and "No parking near the clinic" in page.text
    assert PROBE not in page.text and "&lt;script&gt;" in page.text
    assert 'action="/painpoints/detect"' in page.text and 'name="csrf_token"' in page.text


def test_detect_button_adds_ranked_findings_with_evidence(client: TestClient) -> None:
    page = client.get(detect(client)).text
    found = re.search(r"Pain points found: (\d+) \((\d+) new, 0 refreshed\)\.", page)
    assert found and found.group(1) == found.group(2) != "0"
    drop = page.index("Journeys end at Web booking without conversion")
    assert drop < page.index("Upload is confusing")  # scored findings before manual ones
    assert "journeys ending here without conversion" in page
    assert "Waited forever on the line and nobody could help me" in page  # a quote
    data = client.get("/api/v1/painpoints").json()
    top = data["painpoints"][0]
    assert (top["rank"], top["source"], top["status"]) == (
        1, "detected", "validated_quantitatively")
    assert top["evidence"][0]["ci_low"] < top["evidence"][0]["value"]


def test_a_bulgarian_ui_detects_bulgarian_titles(client: TestClient) -> None:
    answer = client.post("/painpoints/detect", data={
        "map_id": "clinic", "conversion": ", ".join(CONVERSION)},
        headers={"Accept-Language": "bg"}, follow_redirects=False)
    job = client.app.state.jobs.join(  # type: ignore[attr-defined]
        answer.headers["location"].rpartition("=")[2], 60)
    assert job.state == "done", job.error
    listed = client.get("/api/v1/painpoints", params={"map": "clinic"}).json()["painpoints"]
    titles = {pp["kind"]: pp["title"] for pp in listed if pp["source"] == "detected"}
    assert titles["drop_off"] == "Край на пътуването без конверсия: Web booking"
    assert titles["loop"] == "Клиентите се въртят в кръг: App"
    assert titles["low_satisfaction"] == "Нисък CSAT: Hotline"


def test_a_failed_detection_shows_its_error_in_place(client: TestClient) -> None:
    answer = client.post("/painpoints/detect", data={"map_id": "nope"},
                         headers={"HX-Request": "true"})
    assert answer.status_code == 202 and "Detecting pain points... started" in answer.text
    job = re.search(r'data-job="([0-9a-f]+)"', answer.text)
    assert job
    assert client.app.state.jobs.join(job.group(1), 60).state == "failed"  # type: ignore[attr-defined]
    polled = client.get(f"/jobs/{job.group(1)}", headers={"HX-Request": "true"})
    assert "HX-Redirect" not in polled.headers
    assert "Detecting pain points failed." in polled.text
    assert "map &#39;nope&#39; not found" in polled.text


def test_filters_by_stage_and_kind(client: TestClient) -> None:
    detect(client)
    page = client.get("/painpoints?map=clinic&stage=care&kind=loop").text
    assert "Customers go round in circles at App" in page
    assert "Journeys end at Web booking" not in page
    api = client.get("/api/v1/painpoints", params={"stage": "book"}).json()
    assert {pp["stage"] for pp in api["painpoints"]} == {"book"}


def test_status_changes_from_the_page_and_the_api(client: TestClient) -> None:
    answer = client.post("/painpoints/clinic/pp-parking/status",
                         data={"status": "validated_qualitatively", "kind": "", "stage": "care"},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/painpoints?map=clinic&stage=care"
    api = client.patch("/api/v1/painpoints/clinic/pp-parking",
                       json={"status": "validated_quantitatively"})
    assert api.status_code == 200 and api.json()["status"] == "validated_quantitatively"
    assert client.patch("/api/v1/painpoints/clinic/pp-parking",
                        json={"status": "proven"}).status_code == 422
    assert client.patch("/api/v1/painpoints/clinic/nope",
                        json={"status": "hypothesis"}).status_code == 404


def test_api_detect_and_the_map_lane(client: TestClient) -> None:
    answer = client.post("/api/v1/painpoints/detect",
                         params={"map": "clinic", "conversion": list(CONVERSION)})
    assert answer.status_code == 200
    body = answer.json()
    assert body["columns"] == ["rank", "kind", "stage", "touchpoint", "affected_customers",
                               "score", "evidence"]
    assert len(body["added"]) == len(body["rows"]) == len(body["cards"])
    again = client.post("/api/v1/painpoints/detect",
                        params={"map": "clinic", "conversion": list(CONVERSION)}).json()
    assert again["added"] == [] and sorted(again["refreshed"]) == sorted(body["added"])
    canvas = client.get("/maps/clinic").text
    assert "Journeys end at Web booking without conversion" in canvas


def test_api_detects_titles_in_the_language_asked_for(client: TestClient) -> None:
    answer = client.post("/api/v1/painpoints/detect", params={
        "map": "clinic", "conversion": list(CONVERSION), "language": "pl"})
    assert answer.status_code == 200 and answer.json()["added"]
    listed = client.get("/api/v1/painpoints", params={"map": "clinic"}).json()["painpoints"]
    titles = {pp["kind"]: pp["title"] for pp in listed if pp["source"] == "detected"}
    assert titles["drop_off"] == "Koniec podróży bez konwersji: Web booking"
    assert titles["loop"] == "Klienci krążą w kółko: App"
    assert titles["low_satisfaction"] == "Niskie CSAT: Hotline"


def test_api_refuses_an_unknown_language(client: TestClient) -> None:
    bad = client.post("/api/v1/painpoints/detect", params={"map": "clinic", "language": "de"})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert (error["code"], error["details"]["path"]) == ("input_error", "query.language")
    assert error["message"] == "request query.language: Input should be 'en', 'pl' or 'bg'"
    listed = client.get("/api/v1/painpoints", params={"map": "clinic"}).json()["painpoints"]
    assert [pp for pp in listed if pp["source"] == "detected"] == []  # nothing detected
