"""The workshop board page and its REST API: notes, votes per person, promotion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import rich_document
from journeymap.web import create_app
from journeymap.web.auth import local_user
from journeymap.workbench import init_workspace
from test_web_pages import HX, PROBES, Elements


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    init_workspace(tmp_path / "ws", document=rich_document()).close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as test:
        yield test


def test_notes_vote_and_sort_over_the_api(client: TestClient) -> None:
    first = client.post("/api/v1/board/notes", json={"text": "Queue", "category": "store"})
    second = client.post("/api/v1/board/notes", json={"text": "Parking", "colour": "blue"})
    assert (first.status_code, second.json()["colour"]) == (201, "blue")
    ident = second.json()["id"]
    me = local_user().id  # local mode: the one person at this computer
    assert client.put(f"/api/v1/board/notes/{ident}/vote").json()["votes"] == [me]
    client.put(f"/api/v1/board/notes/{ident}/vote")  # again: still one vote
    notes = client.get("/api/v1/board/notes").json()["notes"]
    assert [(n["text"], n["vote_count"], n["voted"]) for n in notes] == [
        ("Parking", 1, True), ("Queue", 0, False)]
    unvoted = client.delete(f"/api/v1/board/notes/{ident}/vote")
    assert unvoted.json()["votes"] == []
    assert [n["text"] for n in client.get("/api/v1/board/notes",
                                          params={"category": "store"}).json()["notes"]] == [
        "Queue"]
    bad = client.post("/api/v1/board/notes", json={"text": "x", "colour": "red"})
    assert bad.status_code == 422


def test_promote_over_the_api_links_the_note(client: TestClient) -> None:
    note = client.post("/api/v1/board/notes", json={"text": "Form resets"}).json()
    answer = client.post(f"/api/v1/board/notes/{note['id']}/promote",
                         json={"as": "pain_point", "map": "checkout", "stage": "purchase"},
                         headers={"If-Match": "1"})
    assert answer.status_code == 200
    target = answer.json()["promoted_to"]
    assert target.startswith("map/checkout/pain_point/")
    pain = client.get("/api/v1/maps/checkout").json()["pain_points"][-1]
    assert (pain["title"], pain["stage"], f"map/checkout/pain_point/{pain['id']}") == (
        "Form resets", "purchase", target)
    again = client.post(f"/api/v1/board/notes/{note['id']}/promote",
                        json={"as": "goal", "map": "checkout", "stage": "purchase"},
                        headers={"If-Match": "2"})
    assert again.status_code == 422 and "already promoted" in again.json()["error"]["message"]


def test_the_page_adds_votes_promotes_and_escapes(client: TestClient) -> None:
    for probe in PROBES:
        answer = client.post("/board/ui/notes", headers=HX, data={"text": probe})
        assert probe not in answer.text
    added = client.post("/board/ui/notes", headers=HX,
                        data={"text": "Self checkout", "colour": "green", "category": "ideas"})
    page = Elements(added.text)
    (note,) = [a for a, t in page.select("note") if "Self checkout" in t]
    assert note["class"] == "note colour-green"
    voted = client.post(f"/board/ui/notes/{note['data-id']}/vote", headers=HX, data={"on": "1"})
    page = Elements(voted.text)
    assert [a["data-votes"] for a, _ in page.select("note")] == ["1", "0", "0"]
    assert page.select("note")[0][0]["class"] == "note colour-green voted"
    promoted = client.post(f"/board/ui/notes/{note['data-id']}/promote", headers=HX,
                           data={"version": "2", "as": "goal", "target": "checkout/service"})
    assert "Promoted:" in promoted.text
    assert client.get("/api/v1/maps/checkout/stages/service").json()["goals"] == [
        "Self checkout"]
    whole = client.get("/board")
    assert "Workshop board" in whole.text and 'href="/board"' in whole.text
    refused = client.post(f"/board/ui/notes/{note['data-id']}/promote", headers=HX,
                          data={"version": "3", "as": "goal", "target": "checkout"})
    assert refused.status_code == 422 and "notice error" in refused.text


def test_each_person_votes_once_and_viewers_vote_but_do_not_promote(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auth_support import (
        EDITOR,
        VIEWER,
        add_people,
        app_for,
        make_workspace,
        sign_in,
        use_fast_hashing,
    )
    from journeymap.workbench import Workbench

    use_fast_hashing(monkeypatch)
    folder = make_workspace(tmp_path)
    with Workbench.open(folder) as bench:
        add_people(bench)
    app = app_for(folder)
    with TestClient(app) as ivan, TestClient(app) as vera:
        sign_in(ivan, EDITOR)
        sign_in(vera, VIEWER)
        note = vera.post("/api/v1/board/notes", json={"text": "Card terminal is slow"})
        assert note.status_code == 201
        ident = note.json()["id"]
        for person in (ivan, vera, vera):
            assert person.put(f"/api/v1/board/notes/{ident}/vote").status_code == 200
        (seen,) = ivan.get("/api/v1/board/notes").json()["notes"]
        assert (sorted(seen["votes"]), seen["vote_count"], seen["voted"]) == (
            [EDITOR, VIEWER], 2, True)
        promoted = vera.post(f"/api/v1/board/notes/{ident}/promote", headers={"If-Match": "4"},
                             json={"as": "opportunity", "map": "retail"})
        assert promoted.status_code == 403
        promoted = ivan.post(f"/api/v1/board/notes/{ident}/promote", headers={"If-Match": "4"},
                             json={"as": "opportunity", "map": "retail"})
        assert promoted.status_code == 200
        feed = ivan.get("/api/v1/activity", params={"limit": 6}).json()["items"]
        assert [item["action"] for item in feed][:5] == [
            "promote", "create", "vote", "vote", "vote"]
        assert len({item["actor"] for item in feed[2:5]}) == 2  # two people voted
