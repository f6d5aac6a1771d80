"""XSS probes: markup typed into any text field of any object is shown escaped on every page.

Every free-text field of the workspace document (workspace, persona, KPI, location, map,
stage, touchpoint, lane, card, pain point, opportunity, action, comment, member) holds a
payload, and more objects are added through the API the way the pages do; then each page is
fetched and must not contain the payload's markup unescaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from builders import document_data
from journeymap.model import WorkspaceDocument
from journeymap.web.app import create_app
from journeymap.workbench import init_workspace

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
#: What must never reach a page: the payload's tags, unescaped.
RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")
#: Keys of the document that hold text people type (not ids, references or enums).
TEXT_KEYS = {"name", "scope", "description", "quote", "goals", "needs", "frustrations",
             "title", "text", "detail", "owner", "department", "body", "label", "address",
             "city", "phone", "opening_hours", "question", "unit", "author"}
API = "/api/v1"
#: The pages of the product (those of features not built yet answer 404, and are still probed).
PAGES = ["/", "/maps/retail", "/members", "/data", "/flows/sankey", "/flows/dfg",
         "/flows/funnel", "/voice", "/login", "/personas", "/painpoints", "/focus", "/actions",
         "/places", "/method", "/board", "/activity", "/report"]


def poisoned(value: Any, key: str = "") -> Any:
    """``value`` with the payload put in front of every free text."""
    if isinstance(value, dict):
        return {k: poisoned(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(item, key) for item in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return f"{PAYLOAD} {value}"
    return value


def add_through_the_api(client: TestClient) -> None:
    """Objects people add from the pages, carrying the payload."""
    answers = [
        client.post(f"{API}/maps/retail/stages", json={"id": "xss", "name": PAYLOAD,
                                                       "goals": [PAYLOAD]}),
        client.post(f"{API}/maps/retail/lanes", json={"id": "xss-lane", "kind": "thoughts",
                                                      "title": PAYLOAD}),
        client.post(f"{API}/maps/retail/touchpoints", json={"id": "xss-tp", "name": PAYLOAD,
                                                            "stage": "xss", "channel": "web"}),
        client.post(f"{API}/maps/retail/lanes/xss-lane/cards",
                    json={"id": "xss-card", "stage": "xss", "text": PAYLOAD}),
        client.post(f"{API}/maps/retail/snapshots", json={"label": PAYLOAD}),
    ]
    assert [a.status_code for a in answers] == [201] * 5, [a.text for a in answers]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder = Path(tmp_path_factory.mktemp("xss")) / "ws"
    data = poisoned(document_data())
    data["members"].append({"user": "eve@example.com", "name": PAYLOAD, "role": "viewer"})
    init_workspace(folder, document=WorkspaceDocument.model_validate(data)).close()
    application = create_app(folder)
    with TestClient(application) as client:
        add_through_the_api(client)
    yield application


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def assert_escaped(path: str, html: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{path} shows {raw!r} unescaped"


def test_the_payload_is_in_the_workspace(client: TestClient) -> None:
    """The probes below only mean something if the payload is really stored and shown."""
    workspace = client.get(f"{API}/workspace").json()
    assert workspace["name"].startswith(PAYLOAD)
    canvas = client.get("/maps/retail").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in canvas
    assert canvas.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 8


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_the_payload_escaped(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code in (200, 404), f"{path}: {answer.status_code}"
    assert_escaped(path, answer.text)


def test_a_kept_version_and_fragments_are_escaped(client: TestClient) -> None:
    snapshots = client.get(f"{API}/maps/retail/snapshots").json()["snapshots"]
    view = f"/maps/retail?view=snapshot/{snapshots[0]['id']}"
    assert_escaped(view, client.get(view).text)
    board = client.get("/maps/retail", headers={"HX-Request": "true"})
    assert_escaped("board fragment", board.text)


def test_the_api_answers_json_not_markup(client: TestClient) -> None:
    answer = client.get(f"{API}/maps/retail")
    assert answer.headers["content-type"].startswith("application/json")
    assert PAYLOAD in json.dumps(answer.json(), ensure_ascii=False)  # data is kept as typed
