"""The Places page and /api/v1/places: KPIs, GeoJSON/CSV, versioned edits, geocoding."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import places_workspace
from journeymap.web import create_app
from journeymap.workbench.places import clear_cache

API = "/api/v1/places"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    clear_cache()
    with TestClient(create_app(places_workspace(tmp_path / "ws"))) as test_client:
        yield test_client


def test_list_carries_kpis_with_n_positions_and_versions(client: TestClient) -> None:
    body = client.get(API).json()
    waw, sof = body["places"]
    assert (waw["location_id"], waw["visits"], waw["customers"], waw["version"]) == (
        "waw", 4, 2, 1)
    assert waw["conversion"]["value"] == 50.0 and waw["csat"] == {
        "value": 50.0, "n": 2, "low": waw["csat"]["low"], "high": waw["csat"]["high"]}
    assert (sof["position"], sof["given_lat"], sof["nps"]["n"]) == ("city", None, 2)
    filtered = client.get(API, params={"persona": "ola", "to": "2026-03-31"}).json()
    assert filtered["filter"]["persona"] == "ola" and filtered["places"][1]["visits"] == 0


def test_geojson_and_csv_exports(client: TestClient) -> None:
    answer = client.get(API, params={"format": "geojson"})
    assert answer.headers["content-type"].startswith("application/geo+json")
    feature = answer.json()["features"][0]
    assert feature["properties"]["visits"] == 4 and feature["properties"]["csat_n"] == 2
    text = client.get(API, params={"format": "csv"}).text
    assert text.splitlines()[0].startswith("location_id,name,type,")


def test_bad_filters_are_422_with_the_error_shape(client: TestClient) -> None:
    answer = client.get(API, params={"stage": "nope"})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "input_error"
    assert client.get(API, params={"from": "soon"}).status_code == 422


def test_move_a_marker_with_if_match_and_conflicts(client: TestClient) -> None:
    moved = client.patch(f"{API}/sof", json={"lat": 42.7, "lon": 23.33},
                         headers={"If-Match": "1"})
    assert moved.status_code == 200 and moved.json()["version"] == 2
    assert moved.headers["ETag"] == '"2"'
    stale = client.patch(f"{API}/sof", json={"lat": 1.0, "lon": 1.0}, headers={"If-Match": "1"})
    assert stale.status_code == 409
    assert stale.json()["error"]["details"]["current"]["lat"] == 42.7
    half = client.patch(f"{API}/sof", json={"lat": 1.0}, headers={"If-Match": "2"})
    assert half.status_code == 422
    sof = client.get(API).json()["places"][1]
    assert (sof["lat"], sof["lon"], sof["position"]) == (42.7, 23.33, "given")


def test_add_and_delete_a_place(client: TestClient) -> None:
    added = client.post(API, json={"name": "Kiosk Kraków", "city": "Cracow", "type": "kiosk"})
    assert added.status_code == 201 and added.json()["id"] == "kiosk-krakow"
    again = client.post(API, json={"id": "kiosk-krakow", "name": "x", "city": "y"})
    assert again.status_code == 422
    nowhere = client.post(API, json={"name": "Nowhere"})
    assert nowhere.status_code == 422 and "city or lat/lon" in nowhere.json()["error"]["message"]
    assert client.get(API).json()["places"][2]["position"] == "city"
    assert client.delete(f"{API}/kiosk-krakow", headers={"If-Match": "1"}).status_code == 204
    assert client.get(f"{API}/kiosk-krakow").status_code == 404


def test_geocode_endpoint(client: TestClient) -> None:
    found = client.get(f"{API}/geocode", params={"q": "София"}).json()["candidates"]
    assert (found[0]["name"], found[0]["country"], found[0]["source"]) == (
        "Sofia", "BG", "gazetteer")
    assert client.get(f"{API}/geocode", params={"q": "Sofia", "country": "PL"}).json()[
        "candidates"] == []


def test_pages_render_the_table_and_the_detail(client: TestClient) -> None:
    page = client.get("/places", params={"persona": "ola"})
    assert page.status_code == 200
    assert 'data-location="sof" data-position="city"' in page.text
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in page.text
    detail = client.get("/places/waw")
    assert detail.status_code == 200 and "Shop visit" in detail.text
    assert client.get("/places/ghost").status_code == 404
    assert client.get("/places", params={"stage": "nope"}).status_code == 422


def test_user_text_is_escaped(client: TestClient) -> None:
    client.post(API, json={"name": "<script>alert(1)</script>", "city": "Sofia"})
    page = client.get("/places").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_demo_places_all_have_positions_and_numbers(tmp_path: Path) -> None:
    from journeymap.workbench.demo import build_demo

    build_demo(tmp_path / "demo", customers=300, seed=7)
    with TestClient(create_app(tmp_path / "demo")) as demo:
        places = demo.get(API).json()["places"]
    assert len(places) == 12
    assert {p["position"] for p in places} == {"given"}
    assert all(p["visits"] > 0 and p["customers"] > 0 for p in places)
    shops = [p for p in places if p["type"] == "shop"]
    assert len(shops) == 10 and all(p["converted"] > 0 for p in shops)
    assert all(p["converted"] == 0 for p in places if p["type"] == "service point")


def test_a_workspace_without_data_says_so(tmp_path: Path) -> None:
    from builders import places_document
    from journeymap.workbench import init_workspace

    init_workspace(tmp_path / "empty", document=places_document()).close()
    with TestClient(create_app(tmp_path / "empty")) as empty:
        page = empty.get("/places", headers={"Accept-Language": "en"})
        assert page.status_code == 200 and "journeymap import events FILE" in page.text
        places = empty.get(API).json()["places"]
    assert [(p["visits"], p["conversion"]["n"]) for p in places] == [(0, 0), (0, 0)]
