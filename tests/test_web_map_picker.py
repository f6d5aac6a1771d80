"""The map picker (templates/_map_picker.html) on every page that uses it: the same GET form,
the chosen map marked, the page's own hidden fields kept, and no picker with one map."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import document
from journeymap.web import create_app
from journeymap.workbench import init_workspace

MAPS = ["retail", "retail-to-be"]


def picker(html: str) -> dict[str, object]:
    """The one map picker of a page: its action, options (value, selected) and hidden fields."""
    forms = re.findall(r'<form class="map-filter" method="get" action="([^"]*)">(.*?)</form>',
                       html, re.S)
    assert len(forms) == 1
    action, body = forms[0]
    assert re.findall(r"<select name=\"(\w+)\">", body) == ["map"]
    assert re.findall(r'<button type="submit">([^<]*)</button>', body) == ["Show"]
    return {"action": action,
            "options": re.findall(r'<option value="([^"]*)"( selected)?>', body),
            "hidden": re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', body)}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("map-picker") / "ws"
    init_workspace(folder, document=document(maps=2)).close()
    with TestClient(create_app(folder), headers={"Accept-Language": "en"}) as opened:
        yield opened


def test_actions_keeps_the_view_and_marks_the_map(client: TestClient) -> None:
    found = picker(client.get("/actions?map=retail-to-be&view=list").text)
    assert found == {"action": "/actions",
                     "options": [("", ""), ("retail", ""), ("retail-to-be", " selected")],
                     "hidden": [("view", "list")]}
    assert picker(client.get("/actions").text)["hidden"] == [("view", "board")]


def test_focus_offers_all_maps_and_marks_the_map(client: TestClient) -> None:
    found = picker(client.get("/focus?map=retail").text)
    assert found == {"action": "/focus",
                     "options": [("", ""), ("retail", " selected"), ("retail-to-be", "")],
                     "hidden": []}
    assert picker(client.get("/focus").text)["options"] == [
        ("", ""), ("retail", ""), ("retail-to-be", "")]


def test_method_has_no_all_maps_choice_and_marks_its_map(client: TestClient) -> None:
    found = picker(client.get("/method?map=retail-to-be").text)
    assert found == {"action": "/method",
                     "options": [("retail", ""), ("retail-to-be", " selected")],
                     "hidden": []}
    # Without ?map= the checklist is of the first map, and the picker says so.
    assert picker(client.get("/method").text)["options"] == [
        ("retail", " selected"), ("retail-to-be", "")]


def test_the_names_are_escaped(tmp_path: Path) -> None:
    data = document(maps=2)
    data = data.model_copy(update={"maps": [data.maps[0].model_copy(
        update={"name": '<b>"Shop"</b>'}), data.maps[1]]})
    init_workspace(tmp_path / "ws", document=data).close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as opened:
        html = opened.get("/focus").text
    assert '<option value="retail">&lt;b&gt;&#34;Shop&#34;&lt;/b&gt;</option>' in html


@pytest.mark.parametrize("page", ["/actions", "/focus", "/method"])
def test_no_picker_with_one_map(tmp_path: Path, page: str) -> None:
    init_workspace(tmp_path / "ws", document=document()).close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as opened:
        html = opened.get(page).text
    assert 'class="map-filter"' not in html and '<select name="map">' not in html
