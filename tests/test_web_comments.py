"""Comments over the REST API and in the canvas' side panel; badges with open counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import rich_document
from journeymap.web import create_app
from journeymap.workbench import init_workspace
from test_web_pages import HX, PROBES, Elements

CARD = "map/checkout/card/feel-2"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    init_workspace(tmp_path / "ws", document=rich_document()).close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as test:
        yield test


def test_threads_of_an_object(client: TestClient) -> None:
    answer = client.get("/api/v1/comments", params={"target": CARD}).json()
    (thread,) = answer["threads"]
    assert (thread["id"], thread["version"], [r["id"] for r in thread["replies"]]) == (
        "c1", 1, ["c2"])
    assert client.get("/api/v1/comments/c2").json()["body"] == "Yes, 2025 wave"


def test_comment_reply_resolve_over_the_api(client: TestClient) -> None:
    made = client.post("/api/v1/comments", json={"target": "persona/bob", "body": "Who?",
                                                "author": "forged"})
    assert made.status_code == 422  # the author is who is signed in, never the body
    made = client.post("/api/v1/comments", json={"target": "persona/bob", "body": "Who?"})
    assert made.status_code == 201
    first = made.json()
    assert first["author"] and first["author"] != "forged"
    reply = client.post("/api/v1/comments", json={"target": "persona/bob", "body": "A buyer",
                                                 "parent": first["id"]})
    assert reply.status_code == 201
    closed = client.patch(f"/api/v1/comments/{first['id']}", json={"resolved": True},
                          headers={"If-Match": str(first["version"])})
    assert (closed.status_code, closed.json()["resolved"], closed.json()["version"]) == (
        200, True, 2)
    stale = client.patch(f"/api/v1/comments/{first['id']}", json={"resolved": False},
                         headers={"If-Match": "1"})
    assert stale.status_code == 409
    assert stale.json()["error"]["details"]["current"]["resolved"] is True
    gone = client.delete(f"/api/v1/comments/{first['id']}", headers={"If-Match": "2"})
    assert gone.status_code == 204
    assert client.get("/api/v1/comments", params={"target": "persona/bob"}).json()[
        "threads"] == []


def test_a_comment_on_nothing_is_refused(client: TestClient) -> None:
    answer = client.post("/api/v1/comments", json={"target": "map/checkout/card/nope",
                                                  "body": "x"})
    assert answer.status_code == 422
    assert "no object" in answer.json()["error"]["message"]


def test_cards_show_their_open_comments(client: TestClient) -> None:
    page = Elements(client.get("/maps/checkout").text)
    badges = {a["data-card"]: text for a, text in page.select("comment-badge")
              if "data-card" in a}
    assert badges["feel-2"] == "2" and badges["feel-1"] == "0"
    assert [a["data-card"] for a, _ in page.select("has-comments")] == ["feel-2"]
    client.post("/api/v1/comments", json={"target": "map/checkout/touchpoint/tp-ad",
                                          "body": "Which campaign?"})
    page = Elements(client.get("/maps/checkout").text)
    touchpoints = {a["data-touchpoint"]: t for a, t in page.select("comment-badge")
                   if "data-touchpoint" in a}
    assert touchpoints == {"tp-ad": "1", "tp-checkout": "0", "tp-store": "0"}


def head_badges(client: TestClient) -> dict[str, tuple[str, bool]]:
    """Stage and lane heads' badges: "stage:<id>"/"lane:<id>" -> (count, highlighted)."""
    page = Elements(client.get("/maps/checkout").text)
    return {(f"stage:{a['data-stage-head']}" if "data-stage-head" in a
             else f"lane:{a['data-lane-head']}"): (text, "has-comments" in a["class"])
            for a, text in page.select("comment-badge")
            if "data-stage-head" in a or "data-lane-head" in a}


def test_stage_and_lane_heads_show_their_open_comments(client: TestClient) -> None:
    badges = head_badges(client)
    assert len(badges) == 3 + 11 and set(badges.values()) == {("0", False)}
    (button,) = [a for a, _ in Elements(client.get("/maps/checkout").text).select(
        "comment-badge", data_stage_head="purchase")]
    assert button["hx-get"] == "/ui/comments?target=map/checkout/stage/purchase"
    made = client.post("/api/v1/comments", json={"target": "map/checkout/stage/purchase",
                                                 "body": "Why so slow?"}).json()
    client.post("/ui/comments", headers=HX, data={"target": "map/checkout/stage/purchase",
                                                  "body": "The form", "parent": made["id"]})
    client.post("/api/v1/comments", json={"target": "map/checkout/lane/lane-thoughts",
                                          "body": "Quotes?"})
    badges = head_badges(client)
    assert badges["stage:purchase"] == ("2", True)
    assert badges["lane:lane-thoughts"] == ("1", True)
    assert badges["stage:service"] == ("0", False)
    client.post(f"/ui/comments/{made['id']}/resolve", headers=HX,
                data={"target": "map/checkout/stage/purchase", "version": "1",
                      "resolved": "1"})
    assert head_badges(client)["stage:purchase"] == ("0", False)


def test_the_panel_posts_replies_and_resolves_with_text_escaped(client: TestClient) -> None:
    panel = client.get("/ui/comments", params={"target": CARD}, headers=HX)
    assert [t for _, t in Elements(panel.text).select("body")] == [
        "Is this from the survey?", "Yes, 2025 wave"]
    for probe in PROBES:
        answer = client.post("/ui/comments", headers=HX,
                             data={"target": CARD, "body": probe, "parent": "c1"})
        assert probe not in answer.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text
    resolved = client.post("/ui/comments/c1/resolve", headers=HX,
                           data={"target": CARD, "version": "1", "resolved": "1"})
    page = Elements(resolved.text)
    assert [a["class"] for a, _ in page.select("thread")] == ["thread resolved"]
    assert len(page.select("reopen")) == 1
    stale = client.post("/ui/comments/c1/resolve", headers=HX,
                        data={"target": CARD, "version": "1", "resolved": "0"})
    assert stale.status_code == 409 and "notice error" in stale.text
    badges = {a["data-card"]: t for a, t in
              Elements(client.get("/maps/checkout").text).select("comment-badge")
              if "data-card" in a}
    assert badges["feel-2"] == "0"


def test_a_viewer_comments_under_their_own_name(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from auth_support import VIEWER, add_people, app_for, make_workspace, sign_in, use_fast_hashing
    from journeymap.workbench import Workbench

    use_fast_hashing(monkeypatch)
    folder = make_workspace(tmp_path)
    with Workbench.open(folder) as bench:
        add_people(bench)
    with TestClient(app_for(folder)) as vera:
        sign_in(vera, VIEWER)
        made = vera.post("/api/v1/comments", json={"target": "map/retail/card/t1",
                                                  "body": "Source?"})
        assert made.status_code == 201
        me = vera.get("/api/v1/me").json()
        assert made.json()["author"] == (me["name"] or me["email"])
        assert vera.patch("/api/v1/maps/retail/cards/t1", json={"text": "x"},
                          headers={"If-Match": "1"}).status_code == 403
