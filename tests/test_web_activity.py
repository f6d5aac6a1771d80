"""The activity feed page and API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import rich_document
from journeymap.web import create_app
from journeymap.workbench import init_workspace
from test_web_pages import PROBES, Elements


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    init_workspace(tmp_path / "ws", document=rich_document()).close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as test:
        yield test


def test_the_feed_shows_who_did_what_newest_first(client: TestClient) -> None:
    client.patch("/api/v1/maps/checkout/cards/feel-1", json={"text": PROBES[0]},
                 headers={"If-Match": "1"})
    client.post("/api/v1/comments", json={"target": "persona/anna", "body": "Nice"})
    html = client.get("/activity").text
    assert PROBES[0] not in html
    rows = [(a["data-action"], t) for a, t in Elements(html).select("", data_action="comment")
            ] + [(a["data-action"], t) for a, t in Elements(html).select("", data_action="update")]
    assert rows[0][1].endswith("commented Nice v1")
    assert rows[1][1].endswith("changed card <script>alert(1)</script> v2")
    actions = [a["data-action"] for a, _ in Elements(html).select("") if "data-action" in a]
    assert actions == ["comment", "update", "create"]
    assert 'href="/maps/checkout"' in html


def test_the_api_pages_and_filters_by_map(client: TestClient) -> None:
    for version in (1, 2):
        client.patch("/api/v1/maps/checkout/cards/feel-1", json={"text": f"t{version}"},
                     headers={"If-Match": str(version)})
    first = client.get("/api/v1/activity", params={"limit": 1, "map": "checkout"}).json()
    assert [i["summary"] for i in first["items"]] == ["t2"]
    rest = client.get("/api/v1/activity",
                      params={"limit": 5, "map": "checkout", "before": first["older"]}).json()
    assert ([i["summary"] for i in rest["items"]], rest["older"]) == (["t1"], None)
    page = client.get("/activity", params={"map": "checkout", "before": first["older"]}).text
    assert "Newest changes" in page
    assert client.get("/api/v1/activity", params={"limit": 0}).status_code == 422
