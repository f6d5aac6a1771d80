"""Canvas edits: the conflict panel (who changed it, keep theirs / apply mine again) and the
card drop across lane and stage as one change (canvas and API)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import rich_document
from journeymap.store.activity import acting_as
from journeymap.web import create_app
from journeymap.workbench import init_workspace
from test_web_pages import HX, Elements


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    init_workspace(tmp_path / "ws", document=rich_document()).close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as test:
        yield test


def test_a_stale_rename_says_who_changed_it_and_can_be_applied_again(
        client: TestClient) -> None:
    bench = client.app.state.bench  # type: ignore[attr-defined]
    with acting_as("Olek"):
        bench.update("map/checkout/card/feel-1", {"text": "Olek's words"}, expected_version=1)
    answer = client.post("/maps/checkout/ui/card/feel-1/rename", headers=HX,
                         data={"version": "1", "value": "My words"})
    assert answer.status_code == 409
    page = Elements(answer.text)
    assert [t for _, t in page.select("changed-by")] == ["Changed by Olek meanwhile."]
    assert [t for _, t in page.select("current")] == ["Olek's words"]
    (form,) = [a for a, _ in page.select("apply-mine")]
    assert form["hx-post"] == "/maps/checkout/ui/card/feel-1/rename"
    inside = answer.text.split('class="inline apply-mine"')[1].split("</form>")[0]
    hidden = {a["name"]: a["value"] for tag, a, _ in Elements(inside).found
              if tag == "input" and a.get("name") in ("version", "value")}
    assert hidden == {"version": "2", "value": "My words"}
    assert len(page.select("keep-theirs")) == 1
    again = client.post("/maps/checkout/ui/card/feel-1/rename", headers=HX,
                        data={"version": "2", "value": "My words"})
    assert again.status_code == 200 and not Elements(again.text).select("notice")
    assert client.get("/api/v1/maps/checkout/cards/feel-1").json()["text"] == "My words"


def test_a_deleted_card_offers_no_apply_again(client: TestClient) -> None:
    client.delete("/api/v1/maps/checkout/cards/feel-1", headers={"If-Match": "1"})
    answer = client.post("/maps/checkout/ui/card/feel-1/rename", headers=HX,
                         data={"version": "1", "value": "x"})
    assert answer.status_code == 409
    assert Elements(answer.text).select("apply-mine") == []


def test_a_drop_into_another_lane_and_stage_is_one_version_step(client: TestClient) -> None:
    dropped = client.post("/maps/checkout/ui/card/feel-1/move", headers=HX,
                          data={"version": "1", "lane": "lane-thoughts", "stage": "service",
                                "position": "0"})
    assert dropped.status_code == 200
    card = client.get("/api/v1/maps/checkout/cards/feel-1").json()
    assert (card["stage"], card["version"]) == ("service", 2)
    moves = client.get("/api/v1/activity", params={"limit": 1}).json()["items"]
    assert [(m["action"], m["ref"]) for m in moves] == [("move", "map/checkout/card/feel-1")]


def test_the_api_moves_a_card_across_lane_and_stage_at_once(client: TestClient) -> None:
    answer = client.post("/api/v1/maps/checkout/cards/feel-2/move",
                         json={"position": 1, "lane": "lane-thoughts", "stage": "service"},
                         headers={"If-Match": "1"})
    assert (answer.status_code, answer.json()["stage"], answer.json()["version"]) == (
        200, "service", 2)
    lane = client.get("/api/v1/maps/checkout/lanes/lane-thoughts").json()
    assert [(c["id"], c["stage"]) for c in lane["cards"]] == [("thoughts-1", "awareness"),
                                                             ("feel-2", "service")]
    bad = client.post("/api/v1/maps/checkout/cards/feel-1/move",
                      json={"position": 0, "stage": "nowhere"}, headers={"If-Match": "1"})
    assert bad.status_code == 422
    assert client.get("/api/v1/maps/checkout/cards/feel-1").json()["stage"] == "awareness"
