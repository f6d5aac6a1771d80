"""Parts of the canvas board for live updates: each equals that part of a full render, and a
changed object's part is the one showing it now."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import rich_document
from journeymap.web import create_app
from journeymap.workbench import init_workspace
from test_web_pages import HX

PART_URL = re.compile(r'id="(part~[^"]+)" data-part="([^"]+)"')


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    init_workspace(tmp_path / "ws", document=rich_document()).close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as test:
        yield test


def full_board(client: TestClient) -> str:
    """The board as the canvas renders it (with numbers, as a live refresh asks for it)."""
    answer = client.get("/maps/checkout", headers=HX)
    assert answer.status_code == 200
    return answer.text


def top_ids(fragment: str) -> list[str]:
    """The ids of the parts a fragment holds, in order (parts do not nest in one answer
    except a lane's own cells)."""
    return [ident for ident in re.findall(r'id="(part~[^"]+)"', fragment)
            if not ident.startswith("part~cell~") or "part~lane~" not in fragment]


def test_every_part_equals_that_part_of_the_full_board(client: TestClient) -> None:
    board = full_board(client)
    parts = PART_URL.findall(board)
    kinds = {ident.split("~")[1] for ident, _ in parts}
    assert kinds == {"stage", "touchpoints", "lane", "cell"}
    assert len(parts) == 3 + 3 + 11 + 11 * 3  # three stages, one lane of each kind
    for ident, url in parts:
        fragment = client.get(url, headers=HX).text.strip()
        assert fragment.startswith("<div class=") and f'id="{ident}"' in fragment.split(">")[0]
        assert fragment in board, url


def test_the_stage_head_fragment_is_exactly_the_stage_head(client: TestClient) -> None:
    board = full_board(client)
    fragment = client.get("/maps/checkout/ui/part/stage/purchase", headers=HX).text.strip()
    start = board.index('<div class="stage-head" id="part~stage~purchase"')
    end = board.index('<div class="stage-head" id="part~stage~service"')
    assert board[start:end].strip() == fragment


def test_a_card_s_part_is_the_cell_it_is_in_now(client: TestClient) -> None:
    answer = client.get("/maps/checkout/ui/part/card/feel-2", headers=HX)
    assert top_ids(answer.text) == ["part~cell~lane-emotions~purchase"]
    client.post("/api/v1/maps/checkout/cards/feel-2/move", headers={"If-Match": "1"},
                json={"position": 0, "lane": "lane-thoughts", "stage": "service"})
    moved = client.get("/maps/checkout/ui/part/card/feel-2", headers=HX).text
    assert top_ids(moved) == ["part~cell~lane-thoughts~service"]
    assert moved.strip() in full_board(client)
    client.delete("/api/v1/maps/checkout/cards/feel-2", headers={"If-Match": "2"})
    assert client.get("/maps/checkout/ui/part/card/feel-2", headers=HX).status_code == 404


def test_a_touchpoint_s_parts_include_the_cards_naming_it(client: TestClient) -> None:
    board = full_board(client)
    answer = client.get("/maps/checkout/ui/part/touchpoint/tp-checkout", headers=HX)
    assert top_ids(answer.text) == ["part~touchpoints~purchase",
                                    "part~cell~lane-pain_points~purchase"]
    marker = '<div class="cell" id="part~cell~'
    first, second = answer.text.strip().split(marker)
    assert first.strip() in board and (marker + second).strip() in board


def test_a_comment_s_part_is_the_one_with_its_badge(client: TestClient) -> None:
    answer = client.get("/maps/checkout/ui/part/comment/c1", headers=HX)  # on card feel-2
    assert top_ids(answer.text) == ["part~cell~lane-emotions~purchase"]
    made = client.post("/api/v1/comments", json={"target": "map/checkout/stage/service",
                                                 "body": "Too long?"}).json()
    answer = client.get(f"/maps/checkout/ui/part/comment/{made['id']}", headers=HX)
    assert top_ids(answer.text) == ["part~stage~service"]
    # not shown on the board (a persona, the workspace) or unknown: the whole board is fetched
    for ident in ("c3", "c4", "nope"):
        assert client.get(f"/maps/checkout/ui/part/comment/{ident}", headers=HX
                          ).status_code == 404


def test_a_renamed_lane_and_unknown_parts(client: TestClient) -> None:
    client.patch("/api/v1/maps/checkout/lanes/lane-thoughts", json={"title": "Heard <b>"},
                 headers={"If-Match": "1"})
    lane = client.get("/maps/checkout/ui/part/lane/lane-thoughts", headers=HX).text
    assert top_ids(lane) == ["part~lane~lane-thoughts"]
    assert 'value="Heard &lt;b&gt;"' in lane and lane.strip() in full_board(client)
    for url in ("/maps/checkout/ui/part/stage/nope", "/maps/checkout/ui/part/bogus/x",
                "/maps/checkout/ui/part/cell/lane-thoughts/nope", "/maps/nope/ui/part/stage/x"):
        assert client.get(url, headers=HX).status_code == 404, url
