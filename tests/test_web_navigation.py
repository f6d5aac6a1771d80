"""The top navigation lists, in the method's order, exactly the pages the app serves."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from builders import document_data
from journeymap.model import WorkspaceDocument
from journeymap.web import create_app
from journeymap.web.navigation import NAV, nav_entries
from journeymap.workbench import init_workspace


def nav_links(html: str) -> list[str]:
    nav = html.split('<nav class="topnav">', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', nav)


def test_every_entry_is_served_and_shown_in_order(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", document=WorkspaceDocument.model_validate(
        document_data())).close()
    with TestClient(create_app(tmp_path / "ws")) as client:
        links = nav_links(client.get("/flows").text)
    assert links == [entry.path for entry in NAV]


def test_an_entry_without_its_page_is_left_out() -> None:
    app = FastAPI()
    pages = APIRouter()

    @pages.get("/flows")
    def _flows() -> None: ...

    @app.get("/")
    def _home() -> None: ...

    app.include_router(pages)
    request = Request({"type": "http", "app": app, "path": "/"})
    assert [entry.path for entry in nav_entries(request)] == ["/", "/flows"]


def test_the_current_page_is_marked(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", document=WorkspaceDocument.model_validate(
        document_data())).close()
    with TestClient(create_app(tmp_path / "ws")) as client:
        html = client.get("/flows").text
    nav = html.split('<nav class="topnav">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)" class=current>', nav) == ["/flows"]
