"""Live numbers on the canvas and in the API: badges with n, KPI levels, filters, emotions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.model import Card
from journeymap.web import create_app
from journeymap.workbench.numbers import clear_cache
from test_web_pages import HX, PROBES, Elements
from test_workbench_numbers import SURVEYS, make_workspace, shop_document

API = "/api/v1"
PROBE = PROBES[0]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    clear_cache()
    folder = make_workspace(tmp_path_factory.mktemp("web-numbers") / "ws", shop_document())
    return TestClient(create_app(folder), headers={"Accept-Language": "en"})


def texts(html: str, cls: str) -> list[str]:
    return [text for _, text in Elements(html).select(cls)]


def page(client: TestClient, url: str) -> str:
    """The canvas as htmx asks for it: it waits for the numbers (a browser's first request
    does not, see test_a_cold_page_paints_at_once_and_fetches_its_numbers)."""
    response = client.get(url, headers=HX)
    assert response.status_code == 200
    return response.text


def test_a_cold_page_paints_at_once_and_fetches_its_numbers(tmp_path: Path) -> None:
    client = TestClient(create_app(make_workspace(tmp_path / "ws", shop_document())),
                        headers={"Accept-Language": "en"})
    clear_cache()
    cold = client.get("/maps/shop?channel=web").text
    assert texts(cold, "stage-numbers") == []
    loader = Elements(cold).select("numbers-loader")[0][0]
    assert (loader["hx-get"], loader["hx-include"], loader["hx-trigger"]) == (
        "/maps/shop", "#numbers-filter", "load")
    assert texts(page(client, "/maps/shop?channel=web"), "stage-numbers") != []
    warm = client.get("/maps/shop?channel=web").text
    assert texts(warm, "stage-numbers") != [] and "numbers-loader" not in warm
    assert "Numbers from the cache" in texts(warm, "numbers-status")


def test_stage_and_touchpoint_badges_show_numbers_with_n(client: TestClient) -> None:
    html = page(client, "/maps/shop")
    stages = texts(html, "stage-numbers")
    assert stages[0].startswith("reached 4 → 75% drop-off 1 median 30m n=4")
    assert "CSAT 50 n=4" in stages[1] and "n=3" in stages[1]
    assert "NPS 0 n=2" in stages[2]
    touchpoints = texts(html, "touchpoint-numbers")
    assert touchpoints[0] == "reached 4 events 5 drop-off 1 median 20m"
    kpis = Elements(html).select("kpi", data_metric="csat")
    levels = [(attrs["class"], text) for attrs, text in kpis]
    assert ("kpi level-low", "CSAT 0 n=1") in levels  # the phone touchpoint
    assert ("kpi level-mid", "CSAT 67 n=3") in levels  # checkout
    assert texts(html, "numbers-status")[0].startswith(("Numbers computed in", "Numbers from"))


def test_filter_recomputes_and_the_form_keeps_it(client: TestClient) -> None:
    html = page(client, "/maps/shop?persona=web&channel=web&from=2026-01-01&to=")
    # c2 called on the phone: outside the channel filter, so c2 did not move on
    assert texts(html, "stage-numbers")[0] == "reached 2 → 50% drop-off 1 median 1h n=2"
    chosen = Elements(html)
    # the filter bar comes first: its persona and channel are still chosen
    assert [a.get("value") for a, _ in chosen.select("", selected="")][:2] == ["web", "web"]
    assert any(a.get("value") == "2026-01-01" for a, _ in chosen.select("", name="from"))
    form = chosen.select("numbers-filter")[0][0]
    assert (form["hx-get"], form["hx-select"], form["hx-push-url"]) == (
        "/maps/shop", "#board", "true")


def test_htmx_filter_request_gets_the_board_with_numbers(client: TestClient) -> None:
    html = page(client, "/maps/shop?channel=phone")
    assert texts(html, "stage-numbers")[1].startswith("reached 1")


def test_a_bad_persona_is_shown_on_the_board_not_as_a_crash(client: TestClient) -> None:
    response = client.get("/maps/shop", params={"persona": PROBE}, headers=HX)
    assert response.status_code == 200
    assert PROBE not in response.text
    assert "no persona" in " ".join(texts(response.text, "error"))
    assert texts(response.text, "stage-numbers") == []
    assert "numbers-loader" not in response.text  # no endless reloading


def test_the_computed_emotion_curve_is_drawn_without_manual_values(client: TestClient) -> None:
    html = page(client, "/maps/shop")
    legend = texts(html, "legend-item")
    assert "All customers · as-is · computed from surveys" in legend
    assert "Web shoppers · as-is · computed from surveys" in legend
    stage = texts(html, "emotion-badge")
    assert stage[1] == "Emotion +0.0 n=4" and stage[2] == "Emotion +0.6 n=2"


def test_manual_emotions_override_and_are_marked(tmp_path: Path) -> None:
    doc = shop_document(manual=[Card(id="m1", stage="buy", score=1.5, persona="web")])
    client = TestClient(create_app(make_workspace(tmp_path / "ws", doc)),
                        headers={"Accept-Language": "en"})
    html = page(client, "/maps/shop?persona=web")
    badge = Elements(html).select("emotion-badge", data_source="manual")
    assert [text for _, text in badge] == ["Emotion +1.5 manual"]
    assert "computed from surveys" not in " ".join(texts(html, "legend-item"))
    data = client.get(f"{API}/maps/shop/numbers?persona=web").json()
    entry = next(e for e in data["emotions"] if e["stage"] == "buy")
    assert (entry["value"], entry["source"], entry["computed"]) == (1.5, "manual", -0.5)


def test_quotes_toggle_fills_the_thoughts_lane(client: TestClient) -> None:
    assert texts(page(client, "/maps/shop"), "quote-card") == []
    quotes = texts(page(client, "/maps/shop?quotes=1"), "quote-card")
    assert "Terrible, awful and slow pages" in quotes
    assert len(quotes) == 3


def test_user_text_in_quotes_and_persona_names_is_escaped(tmp_path: Path) -> None:
    surveys = SURVEYS.replace("Great and fast checkout", PROBE.replace('"', "'"))
    folder = make_workspace(tmp_path / "ws", shop_document(web_name=PROBE), surveys)
    html = page(TestClient(create_app(folder)), "/maps/shop?quotes=1&persona=young")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_edit_brings_back_a_board_that_reloads_its_numbers(client: TestClient) -> None:
    version = client.get(f"{API}/maps/shop/stages/browse").json()["version"]
    html = client.post("/maps/shop/ui/stage/browse/rename", headers=HX,
                       data={"version": version, "value": "Browse"}).text
    loader = Elements(html).select("numbers-loader")[0][0]
    assert (loader["hx-get"], loader["hx-include"], loader["hx-trigger"]) == (
        "/maps/shop", "#numbers-filter", "load")


def test_api_returns_the_same_numbers_as_json(client: TestClient) -> None:
    data = client.get(f"{API}/maps/shop/numbers",
                      params=[("persona", "web"), ("channel", "web,phone")]).json()
    assert data["filter"] == {"persona": "web", "from": None, "to": None,
                              "channels": ["web", "phone"], "conversion": []}
    assert data["stages"][0] == {"stage": "browse", "customers": 2, "conversion_to_next": 1.0,
                                 "drop_off": 0, "median_seconds_to_next": 2700.0}
    phone = next(t for t in data["touchpoint_kpis"] if t["touchpoint"] == "tp-phone")
    assert phone["kpis"][0] | {"ci_low": None, "ci_high": None} == {
        "metric": "csat", "value": 0.0, "n": 1, "ci_low": None, "ci_high": None,
        "level": "low"}
    assert data["missing"] == []


@pytest.mark.parametrize(("query", "status", "code"), [
    ("?from=yesterday", 422, "input_error"),
    ("?from=2026-02-01&to=2026-01-01", 422, "invalid_spec"),
    ("?persona=nobody", 422, "input_error"),
])
def test_api_errors_have_the_pinned_shape(client: TestClient, query: str, status: int,
                                          code: str) -> None:
    response = client.get(f"{API}/maps/shop/numbers{query}")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_api_unknown_map_is_not_found(client: TestClient) -> None:
    response = client.get(f"{API}/maps/ghost/numbers")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_touchpoint_themes_on_the_canvas_link_to_the_voice_page(tmp_path: Path) -> None:
    from builders import document
    from journeymap.ingest.surveys import import_surveys
    from journeymap.workbench import init_workspace
    from voice_answers import answers_file

    clear_cache()
    base = document()  # its map's persona has rules on customers this workspace lacks
    retail = base.maps[0].model_copy(update={"personas": []})
    init_workspace(tmp_path / "ws", document=base.model_copy(update={"maps": [retail]})).close()
    import_surveys(tmp_path / "ws", answers_file(tmp_path))
    client = TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"})
    assert Elements(page(client, "/maps/retail")).select("tp-themes") == []  # computing
    for thread in threading.enumerate():
        if thread.name == "journeymap-themes":
            thread.join()
    html = page(client, "/maps/retail")
    found = Elements(html).select("tp-themes")
    assert len(found) == 1  # the hotline: two Polish answers, two themes
    assert texts(html, "tp-themes")[0] == (
        "Themes czekało, długo, fatalny n=1 +0% −100% konsultant, miły, pomocny n=1 +100% −0%")
    link = Elements(html).select("tp-themes-link")[0][0]
    assert link["href"] == "/voice?tp=hotline#themes"
