"""The persona pages and the /api/v1/personas operations on a small planted workspace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.web import create_app
from persona_support import persona_workspace

API = "/api/v1"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return persona_workspace(tmp_path_factory.mktemp("personas") / "ws")


@pytest.fixture
def client(tmp_path: Path, folder: Path) -> Iterator[TestClient]:
    import shutil

    copy = tmp_path / "ws"
    shutil.copytree(folder, copy)
    with TestClient(create_app(copy), headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def card_html(html: str, persona: str) -> str:
    start = html.index(f'id="persona-{persona}"')
    end = html.find("<article", start)
    return html[start:end if end > 0 else len(html)]


def test_operation_ids(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    ours = sorted(op["operationId"] for path, ops in spec["paths"].items()
                  if path.startswith(f"{API}/personas") for op in ops.values())
    assert ours == sorted(["list_personas", "add_persona", "discover_personas", "get_persona",
                           "update_persona", "delete_persona", "get_persona_numbers",
                           "list_persona_members"])


def test_page_shows_rule_based_card_and_discovers(client: TestClient) -> None:
    html = client.get("/personas").text
    ola = text_of(card_html(html, "ola"))
    assert "OO" in ola and "rule-based" in ola
    assert "8 customers · 33.3% of all active customers" in ola
    assert "city = Warszawa 100% vs 33% · lift 3.00" in ola
    assert 'action="/personas/discover"' in html
    answer = client.post("/personas/discover", data={"k": "", "seed": "0"},
                         follow_redirects=False)
    assert answer.status_code == 303  # the discovery runs in the background (test_web_jobs)
    job = answer.headers["location"].removeprefix("/personas?job=")
    assert client.app.state.jobs.join(job, 60).state == "done"  # type: ignore[attr-defined]
    html = client.get(answer.headers["location"]).text
    assert "Personas found: 3. Personas discovered: 3 new, 0 kept, 0 removed." in text_of(html)
    web = text_of(card_html(html, "cluster-2"))
    assert "Plovdiv city, web-first, very active" in web and "found by clustering" in web
    assert "Typical path awareness > purchase (100%)" in web
    assert 'href="/maps/retail?persona=cluster-2"' in card_html(html, "cluster-2")


def test_a_polish_ui_discovers_polish_names(client: TestClient) -> None:
    answer = client.post("/personas/discover", data={"k": "", "seed": "0"},
                         headers={"Accept-Language": "pl"}, follow_redirects=False)
    job = answer.headers["location"].removeprefix("/personas?job=")
    assert client.app.state.jobs.join(job, 60).state == "done"  # type: ignore[attr-defined]
    personas = client.get(f"{API}/personas").json()["personas"]
    names = {p["persona"]["id"]: p["persona"]["name"] for p in personas}
    assert names == {"ola": names["ola"],
                     "cluster-1": "Miasto: Sofia, rzadko aktywni, nowi",
                     "cluster-2": "Miasto: Plovdiv, kanał: strona www, bardzo aktywni",
                     "cluster-3": "Miasto: Warszawa, kanał: aplikacja, młodsi"}


def test_api_discovers_names_in_the_language_asked_for(client: TestClient) -> None:
    found = client.post(f"{API}/personas/discover", json={"seed": 0, "language": "pl"})
    assert found.status_code == 200
    names = {row["persona"]: row["name"] for row in found.json()["personas"]}
    assert names == {"cluster-1": "Miasto: Sofia, rzadko aktywni, nowi",
                     "cluster-2": "Miasto: Plovdiv, kanał: strona www, bardzo aktywni",
                     "cluster-3": "Miasto: Warszawa, kanał: aplikacja, młodsi"}
    saved = client.get(f"{API}/personas/cluster-1").json()
    assert saved["name"] == "Miasto: Sofia, rzadko aktywni, nowi"
    assert saved["description"].startswith("Znaleziona przez grupowanie danych do ")


def test_api_refuses_an_unknown_language(client: TestClient) -> None:
    bad = client.post(f"{API}/personas/discover", json={"language": "de"})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert (error["code"], error["details"]["path"]) == ("input_error", "language")
    assert error["message"] == "request language: Input should be 'en', 'pl' or 'bg'"
    assert client.get(f"{API}/personas").json()["personas"][1:] == []  # nothing discovered


def test_edit_form_saves_and_refuses_stale(client: TestClient) -> None:
    version = client.get(f"{API}/personas/ola").json()["version"]
    form = {"version": str(version), "name": "Ola from Warsaw", "quote": "Cheaper, please",
            "goals": "Save money\n\n  Pay by BLIK ", "back": "/personas/ola"}
    answer = client.post("/personas/ola/edit", data=form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/personas/ola#persona-ola"
    saved = client.get(f"{API}/personas/ola").json()
    assert (saved["name"], saved["quote"], saved["goals"]) == (
        "Ola from Warsaw", "Cheaper, please", ["Save money", "Pay by BLIK"])
    stale = client.post("/personas/ola/edit", data=form, follow_redirects=False)
    assert stale.status_code == 409
    detail = client.get("/personas/ola").text
    assert "Ola from Warsaw" in detail and "city in" in text_of(detail)


def test_api_list_discover_and_numbers(client: TestClient) -> None:
    found = client.post(f"{API}/personas/discover", json={"k": 3, "seed": 1}).json()
    assert (found["k"], found["saved"], found["customers"]) == (3, True, 24)
    assert found["added"] == ["cluster-1", "cluster-2", "cluster-3"]
    listed = client.get(f"{API}/personas").json()
    assert [p["persona"]["id"] for p in listed["personas"]] == [
        "ola", "cluster-1", "cluster-2", "cluster-3"]
    assert listed["customers"] == 24 and listed["last_run"]["k"] == 3
    numbers = client.get(f"{API}/personas/cluster-3/numbers").json()
    assert numbers["numbers"]["customers"] == 8 and numbers["initials"] == "WC"
    members = client.get(f"{API}/personas/ola/members", params={"limit": 3}).json()
    assert members == {"persona": "ola", "total": 8, "customers": ["c001", "c002", "c003"]}
    again = client.post(f"{API}/personas/discover", json={"save": False}).json()
    assert again["saved"] is False and again["added"] == [] and again["k"] == 3


def test_api_add_update_delete_with_versions(client: TestClient) -> None:
    made = client.post(f"{API}/personas", json={
        "id": "young", "name": "Young buyers",
        "segment": [{"attribute": "age", "op": "lt", "value": 30}]})
    assert made.status_code == 201 and made.json()["source"] == "rules"
    assert made.headers["ETag"] == '"1"'
    manual = client.post(f"{API}/personas", json={"name": "Hand made"}).json()
    assert manual["source"] == "manual" and manual["id"].startswith("persona-")
    changed = client.patch(f"{API}/personas/young", json={"quote": "Now!"},
                           headers={"If-Match": "1"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    conflict = client.patch(f"{API}/personas/young", json={"quote": "Later"},
                            headers={"If-Match": "1"})
    assert conflict.status_code == 409
    assert conflict.json()["error"]["details"]["current"]["quote"] == "Now!"
    young = client.get(f"{API}/personas/young/numbers").json()
    assert young["numbers"]["customers"] == 8  # ages 24-27: the app customers
    assert client.delete(f"{API}/personas/young", headers={"If-Match": "2"}).status_code == 204
    assert client.get(f"{API}/personas/young").status_code == 404


def test_api_errors_keep_the_shape(client: TestClient) -> None:
    bad = client.post(f"{API}/personas/discover", json={"k": 1})
    assert bad.status_code == 422 and bad.json()["error"]["details"]["path"] == "k"
    unknown = client.get(f"{API}/personas/nobody/numbers")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    assert client.get("/personas/nobody").status_code == 404
    refused = client.patch(f"{API}/personas/ola", json={"source": "manual"},
                           headers={"If-Match": "1"})
    assert refused.status_code == 422


def test_clustered_personas_filter_the_canvas_and_flows(client: TestClient) -> None:
    client.post(f"{API}/personas/discover", json={"k": 3})
    canvas = client.get("/maps/retail").text
    assert re.search(r'<option value="cluster-1">Sofia city[^<]*</option>', canvas)
    flows = client.get(f"{API}/flows/sankey", params={"persona": "cluster-1"}).json()
    assert flows["total_customers"] == 8
    page = client.get("/flows/sankey", params={"persona": "cluster-1"}).text
    assert '<option value="cluster-1" selected>' in page
    numbers = client.get(f"{API}/maps/retail/numbers", params={"persona": "cluster-1"}).json()
    shop = next(t for t in numbers["touchpoints"] if t["touchpoint"] == "shop")
    assert shop["customers"] == 8
