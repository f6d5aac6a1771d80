"""The REST API on a real workspace (SQLite and PostgreSQL): every operation, errors, versions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from builders import document
from journeymap.model import WorkspaceDocument
from journeymap.web import create_app
from journeymap.workbench import init_workspace

API = "/api/v1"
CARD_DEFAULTS = {"text": "", "detail": "", "score": None, "persona": None, "touchpoint": None,
                 "pain_point": None, "opportunity": None}


@pytest.fixture
def client(tmp_path: Path, store_url: str) -> Iterator[TestClient]:
    init_workspace(tmp_path / "ws", document=document(maps=2), database_url=store_url).close()
    with TestClient(create_app(tmp_path / "ws", database_url=store_url)) as test_client:
        yield test_client


def v(version: int) -> dict[str, str]:
    return {"If-Match": str(version)}


def order(client: TestClient, collection: str) -> list[str]:
    return [item["id"] for item in client.get(f"{API}/maps/retail").json()[collection]]


def test_operation_ids_are_stable(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    ids = sorted(op["operationId"] for path in spec["paths"].values() for op in path.values())
    kinds = ("stage", "lane", "touchpoint", "card")
    expected = sorted(
        [f"{verb}_{kind}" for kind in kinds for verb in ("get", "add", "update", "move", "delete")]
        + ["get_workspace", "export_workspace", "list_maps", "get_map", "snapshot_map",
           "list_snapshots", "restore_snapshot", "compare_maps", "derive_map", "set_language",
           "get_kpis", "get_kpi_trend", "get_themes", "compare_kpi_periods",
           "upload_preview", "start_import", "get_import", "list_imports", "list_quarantine",
           "list_unmatched_events", "assign_event", "flow_sankey", "flow_dfg", "flow_funnel",
           "get_map_numbers",
           "list_places", "geocode_place", "get_place", "add_place", "update_place",
           "delete_place",
           "get_focus", "get_opportunity", "add_opportunity", "update_opportunity",
           "delete_opportunity", "list_actions", "get_action", "add_action", "update_action",
           "set_action_status", "delete_action", "get_action_effect", "get_method_checklist",
           "get_me", "list_members", "invite_member", "set_member_role", "remove_member",
           "create_password_reset",
           "list_personas", "discover_personas", "get_persona", "get_persona_numbers",
           "list_persona_members", "add_persona", "update_persona", "delete_persona",
           "stream_events", "list_activity", "list_comments", "get_comment", "add_comment",
           "update_comment", "delete_comment", "list_board_notes", "add_board_note",
           "update_board_note", "delete_board_note", "vote_board_note", "unvote_board_note",
           "promote_board_note", "list_painpoints", "detect_painpoints",
           "set_painpoint_status", "get_job"]
    )
    assert ids == expected
    assert sorted(path for path in spec["paths"] if not path.startswith(API)) == ["/lang/{code}"]


def test_edits_document_the_if_match_header(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    operation = spec["paths"][f"{API}/maps/{{map_id}}/stages/{{stage_id}}"]["patch"]
    headers = [p for p in operation["parameters"] if p["in"] == "header"]
    assert [(h["name"], h["required"]) for h in headers] == [("If-Match", True)]
    assert set(operation["responses"]) == {"200", "404", "409", "422"}


def test_get_workspace(client: TestClient) -> None:
    answer = client.get(f"{API}/workspace")
    assert answer.json() == {"id": "acme", "name": "Acme Sklep", "description": "",
                             "language": "pl", "version": 1}
    assert answer.headers["ETag"] == '"1"'


def test_export_workspace_json_and_yaml(client: TestClient) -> None:
    expected = document(maps=2).model_dump(mode="json")
    assert client.get(f"{API}/workspace/export").json() == expected
    answer = client.get(f"{API}/workspace/export", params={"format": "yaml"})
    assert answer.headers["content-type"].startswith("application/yaml")
    loaded = WorkspaceDocument.model_validate(yaml.safe_load(answer.text))
    assert loaded.model_dump(mode="json") == expected


def test_list_maps(client: TestClient) -> None:
    row = {"name": "Retail journey", "stages": 3, "touchpoints": 4, "lanes": 5, "cards": 7,
           "pain_points": 1, "actions": 1}
    assert client.get(f"{API}/maps").json() == {"maps": [
        {"id": "retail", "variant": "as_is", "based_on": None, **row},
        {"id": "retail-to-be", "variant": "to_be", "based_on": "retail", **row},
    ]}


def test_get_map(client: TestClient) -> None:
    body = client.get(f"{API}/maps/retail").json()
    assert body["version"] == 1
    assert body == document(maps=2).maps[0].model_dump(mode="json") | {"version": 1}


def test_stage_lifecycle(client: TestClient) -> None:
    added = client.post(f"{API}/maps/retail/stages",
                        json={"id": "loyalty", "name": "Loyalty", "position": 1})
    assert added.status_code == 201
    assert added.json() == {"id": "loyalty", "name": "Loyalty", "description": "", "goals": [],
                            "version": 1}
    assert order(client, "stages") == ["awareness", "loyalty", "purchase", "service"]
    changed = client.patch(f"{API}/maps/retail/stages/loyalty",
                           json={"name": "Loyalty & return", "goals": ["Come back"]}, headers=v(1))
    assert changed.json() == {"id": "loyalty", "name": "Loyalty & return", "description": "",
                              "goals": ["Come back"], "version": 2}
    assert changed.headers["ETag"] == '"2"'
    moved = client.post(f"{API}/maps/retail/stages/loyalty/move", json={"position": 3},
                        headers=v(2))
    assert moved.json()["version"] == 3
    assert order(client, "stages") == ["awareness", "purchase", "service", "loyalty"]
    assert client.delete(f"{API}/maps/retail/stages/loyalty", headers=v(3)).status_code == 204
    assert client.get(f"{API}/maps/retail/stages/loyalty").status_code == 404


def test_stage_gets_a_fresh_id_when_none_is_given(client: TestClient) -> None:
    body = client.post(f"{API}/maps/retail/stages", json={"name": "Loyalty"}).json()
    assert body["id"].startswith("stage-") and len(body["id"]) == len("stage-") + 8
    assert order(client, "stages")[-1] == body["id"]


def test_lane_lifecycle(client: TestClient) -> None:
    added = client.post(f"{API}/maps/retail/lanes",
                        json={"id": "goals", "kind": "goals", "title": "Wants", "position": 0})
    assert added.status_code == 201
    assert added.json() == {"id": "goals", "kind": "goals", "title": "Wants", "cards": [],
                            "version": 1}
    changed = client.patch(f"{API}/maps/retail/lanes/goals", json={"title": "Goals"},
                           headers=v(1))
    assert changed.json()["title"] == "Goals"
    client.post(f"{API}/maps/retail/lanes/goals/move", json={"position": 5}, headers=v(2))
    assert order(client, "lanes") == ["thoughts", "feel", "tps", "pains", "back", "goals"]
    assert client.delete(f"{API}/maps/retail/lanes/goals", headers=v(3)).status_code == 204
    assert order(client, "lanes") == ["thoughts", "feel", "tps", "pains", "back"]


def test_touchpoint_lifecycle(client: TestClient) -> None:
    added = client.post(f"{API}/maps/retail/touchpoints", json={
        "id": "newsletter", "name": "Newsletter", "stage": "service", "channel": "email",
        "rules": [{"pattern": "newsletter_open"}]})
    assert added.status_code == 201
    assert added.json() == {
        "id": "newsletter", "name": "Newsletter", "stage": "service", "channel": "email",
        "owner": "", "department": "", "description": "", "location": None,
        "rules": [{"field": "event", "op": "exact", "pattern": "newsletter_open"}], "version": 1}
    changed = client.patch(f"{API}/maps/retail/touchpoints/newsletter",
                           json={"channel": "mail", "owner": "CRM"}, headers=v(1))
    assert (changed.json()["channel"], changed.json()["owner"]) == ("mail", "CRM")
    client.post(f"{API}/maps/retail/touchpoints/newsletter/move", json={"position": 0},
                headers=v(2))
    assert order(client, "touchpoints") == ["newsletter", "ad", "checkout", "shop", "hotline"]
    assert client.delete(f"{API}/maps/retail/touchpoints/newsletter",
                         headers=v(3)).status_code == 204


def test_card_lifecycle(client: TestClient) -> None:
    added = client.post(f"{API}/maps/retail/lanes/thoughts/cards",
                        json={"id": "t3", "stage": "service", "text": "Will they call back?",
                              "position": 0})
    assert added.status_code == 201
    assert added.json() == {"id": "t3", "stage": "service", **CARD_DEFAULTS,
                            "text": "Will they call back?", "version": 1}
    changed = client.patch(f"{API}/maps/retail/cards/t3", json={"text": "Call me back"},
                           headers=v(1))
    assert changed.json()["text"] == "Call me back"
    moved = client.post(f"{API}/maps/retail/cards/t3/move", json={"position": 0, "lane": "back"},
                        headers=v(2))
    assert moved.json()["version"] == 3
    lanes = {lane["id"]: [c["id"] for c in lane["cards"]]
             for lane in client.get(f"{API}/maps/retail").json()["lanes"]}
    assert lanes["thoughts"] == ["t1", "t2"] and lanes["back"] == ["t3"]
    assert client.delete(f"{API}/maps/retail/cards/t3", headers=v(3)).status_code == 204
    assert client.get(f"{API}/maps/retail/cards/t3").status_code == 404


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", "/maps/nowhere", None),
    ("get", "/maps/retail/stages/nowhere", None),
    ("patch", "/maps/retail/lanes/nowhere", {"title": "x"}),
    ("post", "/maps/retail/touchpoints/nowhere/move", {"position": 0}),
    ("delete", "/maps/retail/cards/nowhere", None),
    ("post", "/maps/nowhere/stages", {"name": "x"}),
    ("get", "/maps/nowhere/snapshots", None),
    ("post", "/snapshots/nowhere/restore", None),
])
def test_unknown_objects_answer_404(client: TestClient, method: str, path: str,
                                    body: dict[str, Any] | None) -> None:
    answer = client.request(method.upper(), API + path, json=body, headers=v(1))
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    assert "nowhere" in answer.json()["error"]["message"]


def test_card_with_unknown_stage_names_the_document_path(client: TestClient) -> None:
    answer = client.post(f"{API}/maps/retail/lanes/thoughts/cards",
                         json={"id": "t9", "stage": "nowhere"})
    assert answer.status_code == 422
    assert answer.json() == {"error": {
        "code": "input_error",
        "message": "adding map/retail/card/t9 refused: map/retail/card/t9 (stage): "
                   "unknown stage 'nowhere'"}}


@pytest.mark.parametrize(("path", "body", "where"), [
    ("/maps/retail/stages", {"name": ""}, "name"),
    ("/maps/retail/stages", {"name": "x", "colour": "red"}, "colour"),
    ("/maps/retail/touchpoints",
     {"name": "x", "stage": "service", "channel": "email", "rules": [{"pattern": ""}]},
     "rules[0].pattern"),
    ("/maps/retail/touchpoints", {"name": "x", "stage": "service", "channel": "fax"}, "channel"),
    ("/maps/retail/lanes/feel/cards", {"stage": "service", "score": 3}, "score"),
])
def test_bad_bodies_answer_422_with_the_path(client: TestClient, path: str,
                                             body: dict[str, Any], where: str) -> None:
    answer = client.post(API + path, json=body)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "input_error"
    assert error["details"]["path"] == where
    assert error["message"].startswith(f"request {where}: ")


def test_edit_needs_a_version(client: TestClient) -> None:
    missing = client.patch(f"{API}/maps/retail/stages/service", json={"name": "x"})
    assert missing.status_code == 422
    assert missing.json()["error"]["details"]["path"] == "header.If-Match"
    bad = client.patch(f"{API}/maps/retail/stages/service", json={"name": "x"},
                       headers={"If-Match": "abc"})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"] == {"path": "If-Match"}
    etag = client.patch(f"{API}/maps/retail/stages/service", json={"name": "After sale"},
                        headers={"If-Match": 'W/"1"'})
    assert etag.json()["version"] == 2


@pytest.mark.parametrize(("method", "path", "body", "current"), [
    ("patch", "/maps/retail/stages/service", {"name": "Old"},
     {"id": "service", "name": "Care", "description": "", "goals": []}),
    ("post", "/maps/retail/stages/service/move", {"position": 0},
     {"id": "service", "name": "Care", "description": "", "goals": []}),
    ("delete", "/maps/retail/stages/service", None,
     {"id": "service", "name": "Care", "description": "", "goals": []}),
])
def test_stale_stage_edit_answers_409_with_current(client: TestClient, method: str, path: str,
                                                   body: dict[str, Any] | None,
                                                   current: dict[str, Any]) -> None:
    client.patch(f"{API}/maps/retail/stages/service", json={"name": "Care"}, headers=v(1))
    answer = client.request(method.upper(), API + path, json=body, headers=v(1))
    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["code"] == "conflict"
    assert error["details"]["current"] == current | {"version": 2}
    assert (error["details"]["expected_version"], error["details"]["current_version"]) == (1, 2)
    assert client.get(f"{API}/maps/retail/stages/service").json()["name"] == "Care"


@pytest.mark.parametrize(("kind", "ident", "changes"), [
    ("lanes", "thoughts", {"title": "Says"}),
    ("touchpoints", "hotline", {"name": "Call centre"}),
    ("cards", "t1", {"text": "Cheaper?"}),
])
def test_stale_edit_of_every_kind_answers_409(client: TestClient, kind: str, ident: str,
                                              changes: dict[str, Any]) -> None:
    url = f"{API}/maps/retail/{kind}/{ident}"
    assert client.patch(url, json=changes, headers=v(1)).status_code == 200
    answer = client.patch(url, json=changes, headers=v(1))
    assert answer.status_code == 409
    assert answer.json()["error"]["details"]["current"] == client.get(url).json()


def test_edit_of_a_deleted_card_answers_409_with_no_current(client: TestClient) -> None:
    client.delete(f"{API}/maps/retail/cards/t1", headers=v(1))
    answer = client.patch(f"{API}/maps/retail/cards/t1", json={"text": "x"}, headers=v(1))
    assert answer.status_code == 409
    assert answer.json()["error"]["details"]["current"] is None


def test_snapshot_list_restore(client: TestClient) -> None:
    kept = client.post(f"{API}/maps/retail/snapshots",
                       json={"label": "Before workshop", "created_by": "anna"})
    assert kept.status_code == 201
    info = kept.json()
    assert {k: info[k] for k in ("map", "label", "created_by")} == {
        "map": "retail", "label": "Before workshop", "created_by": "anna"}
    assert client.get(f"{API}/maps/retail/snapshots").json() == {"snapshots": [info]}
    client.patch(f"{API}/maps/retail/stages/service", json={"name": "Care"}, headers=v(1))
    version = client.get(f"{API}/maps/retail").json()["version"]
    stale = client.post(f"{API}/snapshots/{info['id']}/restore", headers=v(version + 5))
    assert stale.status_code == 409
    restored = client.post(f"{API}/snapshots/{info['id']}/restore", headers=v(version))
    assert restored.status_code == 200
    assert restored.json()["version"] == version + 1
    assert client.get(f"{API}/maps/retail/stages/service").json()["name"] == "Service"


def test_compare_maps(client: TestClient) -> None:
    assert client.get(f"{API}/compare", params={"before": "retail",
                                                "after": "retail-to-be"}).json() == {
        "before": "retail", "after": "retail-to-be", "added": {}, "removed": {},
        "changed": [{"kind": "map", "id": "retail-to-be",
                     "fields": {"variant": ["as_is", "to_be"], "based_on": [None, "retail"]}}],
        "moved": [], "summary": {"map": {"added": 0, "removed": 0, "changed": 1, "moved": 0}},
    }
    missing = client.get(f"{API}/compare", params={"before": "retail"})
    assert missing.status_code == 422
    assert missing.json()["error"]["details"]["path"] == "query.after"


def test_derive_map(client: TestClient) -> None:
    answer = client.post(f"{API}/maps/retail/derive", json={"id": "retail-next"})
    assert answer.status_code == 201
    body = answer.json()
    assert (body["id"], body["variant"], body["based_on"], body["name"]) == (
        "retail-next", "to_be", "retail", "Retail journey (to-be)")
    assert [s["id"] for s in body["stages"]] == ["awareness", "purchase", "service"]
    taken = client.post(f"{API}/maps/retail/derive", json={"id": "retail-next"})
    assert taken.status_code == 422
    assert "retail-next" in taken.json()["error"]["message"]


def test_error_statuses_and_shapes(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.errors import EngineError, StoreError
    from journeymap.web.errors import status_for

    assert [status_for(e) for e in (StoreError("x"), EngineError("x"))] == [500, 500]
    wrong = client.put(f"{API}/maps/retail")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (405, "input_error")
    broken = client.post(f"{API}/maps/retail/stages", content=b"{not json",
                         headers={"content-type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["error"]["message"].startswith("request JSON decode error")

    def fail() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(client.app.state.bench, "document", fail)  # type: ignore[attr-defined]
    with TestClient(client.app, raise_server_exceptions=False) as plain:
        answer = plain.get(f"{API}/maps")
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "journeymap_error"
    assert answer.json()["error"]["message"] == "internal error (RuntimeError)"
