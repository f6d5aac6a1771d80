"""The /painpoints page and /api/v1/painpoints: ranked list with evidence, detection,
validation status, filters, escaping; pain point cards on the map's pain-point lane."""

from __future__ import annotations

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


def detect(client: TestClient) -> None:
    answer = client.post("/painpoints/detect", data={
        "map_id": "clinic", "conversion": ", ".join(CONVERSION)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/painpoints?map=clinic"


def test_page_lists_manual_ones_escaped_before_detection(client: TestClient) -> None:
    page = client.get("/painpoints")
    assert page.status_code == 200
    assert "Upload is confusing" in page.text and "No parking near the clinic" in page.text
    assert PROBE not in page.text and "&lt;script&gt;" in page.text
    assert 'action="/painpoints/detect"' in page.text and 'name="csrf_token"' in page.text


def test_detect_button_adds_ranked_findings_with_evidence(client: TestClient) -> None:
    detect(client)
    page = client.get("/painpoints?map=clinic").text
    drop = page.index("Journeys end at Web booking without conversion")
    assert drop < page.index("Upload is confusing")  # scored findings before manual ones
    assert "journeys ending here without conversion" in page
    assert "Waited forever on the line and nobody could help me" in page  # a quote
    data = client.get("/api/v1/painpoints").json()
    top = data["painpoints"][0]
    assert (top["rank"], top["source"], top["status"]) == (
        1, "detected", "validated_quantitatively")
    assert top["evidence"][0]["ci_low"] < top["evidence"][0]["value"]


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
