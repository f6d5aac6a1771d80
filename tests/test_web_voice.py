"""The Voice of the Customer page and its REST twins, on hand-made answers and on the demo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders import document
from journeymap.demo.files import DEMO_SEED
from journeymap.web import create_app
from journeymap.workbench import init_workspace
from journeymap.workbench.demo import build_demo
from voice_answers import SCRIPT, voice_workspace

API = "/api/v1"
HTMX = {"HX-Request": "true"}
HOTLINE_COMPARE = "metric=csat&at=2024-02-01&window=31&touchpoint=hotline"


def open_client(tmp_path: Path, store_url: str | None = None) -> TestClient:
    workspace = voice_workspace(tmp_path, store_url)
    return TestClient(create_app(workspace, database_url=store_url),
                      headers={"Accept-Language": "en"})


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with open_client(tmp_path) as test_client:
        yield test_client


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[TestClient]:
    init_workspace(tmp_path / "empty", document=document()).close()
    with TestClient(create_app(tmp_path / "empty"),
                    headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def row_text(html: str, attributes: str) -> str:
    """The text of the first table row with these attributes."""
    match = re.search(rf'<tr {attributes}[^>]*>(.*?)</tr>', html, re.S)
    assert match is not None, attributes
    return text_of(match.group(1)).strip()


def test_page_shows_kpis_by_touchpoint_with_names(tmp_path: Path, store_url: str) -> None:
    # names come from the workspace store: SQLite and PostgreSQL
    with open_client(tmp_path, store_url) as client:
        html = client.get("/voice").text
    assert row_text(html, 'data-group="checkout" data-metric="csat"') == (
        "Web checkout CSAT 66.7 3 20.8 – 93.9")
    assert row_text(html, 'data-group="hotline" data-metric="csat"') == (
        "Hotline CSAT 33.3 3 6.1 – 79.2")
    assert row_text(html, 'data-group="all" data-metric="ces"') == "All answers CES — 0 —"
    assert '<a href="/voice" class=current>Voice of the customer</a>' in html


def test_page_groups_by_channel(client: TestClient) -> None:
    html = client.get("/voice?by=channel").text
    assert row_text(html, 'data-group="phone" data-metric="csat"') == (
        "phone CSAT 33.3 3 6.1 – 79.2")


def test_page_draws_a_trend_per_answered_kpi(client: TestClient) -> None:
    html = client.get("/voice").text
    assert re.findall(r'<figure class="trend" data-metric="(\w+)"', html) == ["csat", "nps"]
    csat = html[html.index('<figure class="trend" data-metric="csat">'):
                html.index('<figure class="trend" data-metric="nps">')]
    # 0..100 drawn from y = 136 up to y = 24: 66.67 -> 61.3, 50 -> 80.0
    assert '<polyline points="24.0,61.3 456.0,80.0">' in csat


def test_open_answers_load_after_the_numbers(client: TestClient) -> None:
    cold = client.get("/voice").text
    assert 'hx-get="/voice/open-answers?tp="' in cold
    assert "<h3>" not in cold
    part = client.get("/voice/open-answers", headers=HTMX).text
    assert part.startswith('<div id="open-answers" class="open-answers">')
    assert "<html" not in part
    assert "hx-get" not in client.get("/voice").text  # computed now: shown at once


def test_themes_sentiment_and_escaped_quotes(client: TestClient) -> None:
    html = client.get("/voice/open-answers", headers=HTMX).text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; great shop and friendly staff" in html
    assert "friend, price, recommend" in text_of(html)
    assert row_text(html, 'data-touchpoint="hotline"') == "Hotline 3 33% 67% 0%"
    hotline = client.get("/voice/open-answers?tp=hotline", headers=HTMX).text
    names = re.findall(r"<h3>([^<]+?) <span", hotline)
    assert names == ["czekało, długo, fatalny", "konsultant, miły, pomocny"]
    assert '<option value="hotline" selected>Hotline</option>' in hotline


def test_open_answers_without_javascript(client: TestClient) -> None:
    answer = client.get("/voice/open-answers?tp=hotline", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (
        303, "/voice?by=touchpoint&tp=hotline#themes")
    page = client.get("/voice?tp=hotline").text
    assert "konsultant, miły, pomocny" in page and SCRIPT not in page


def test_page_compares_one_touchpoint_before_and_after(client: TestClient) -> None:
    html = client.get(f"/voice?{HOTLINE_COMPARE}").text
    effect = text_of(html[html.index('<div class="effect'):])
    assert "no detectable change" in effect
    assert "Before 0.0 1 After 50.0 2" in effect
    assert "Difference: 50.0 (95% interval -39.1 – 90.5), p-value 0.3865" in effect


def test_page_explains_a_refused_comparison(client: TestClient) -> None:
    html = client.get("/voice?metric=csat&at=2024-02-01&window=31").text
    assert '<div class="effect' not in html
    refusal = text_of(html[html.index('class="notice error refusal"'):])
    assert "These periods cannot be compared: cannot compare different instruments" in refusal


def test_page_in_polish(client: TestClient) -> None:
    html = client.get("/voice", headers={"Accept-Language": "pl"}).text
    assert "Głos klienta" in html
    assert "Tematy odpowiedzi otwartych" in html


def test_page_without_answers(empty: TestClient) -> None:
    html = empty.get("/voice").text
    assert "This workspace has no survey answers yet" in html
    answer = empty.get(f"{API}/kpis")
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == "the workspace has no survey answers yet"


def test_api_kpis(client: TestClient) -> None:
    body = client.get(f"{API}/kpis", params={"by": "touchpoint"}).json()
    assert body["columns"] == ["group", "metric", "value", "n", "ci_low", "ci_high"]
    assert body["rows"][1] == {"group": "hotline", "metric": "csat", "value": 33.333333,
                               "n": 3, "ci_low": 6.149194, "ci_high": 79.23404}
    assert client.get(f"{API}/kpis", params={"by": "planet"}).status_code == 422


def test_api_trend_and_themes(client: TestClient) -> None:
    trends = client.get(f"{API}/kpis/trend").json()["trends"]
    assert trends["nps"] == [
        {"month": "2024-01", "value": None, "n": 0, "ci_low": None, "ci_high": None},
        {"month": "2024-02", "value": 100.0, "n": 1, "ci_low": 18.744186, "ci_high": 100.0}]
    themes = client.get(f"{API}/themes", params={"touchpoint": "hotline"}).json()["themes"]
    assert [(t["language"], t["name"], t["size"], t["mean_sentiment"]) for t in themes] == [
        ("pl", "czekało, długo, fatalny", 1, -0.8176),
        ("pl", "konsultant, miły, pomocny", 1, 0.7906)]
    assert themes[0]["groups"] == [{"group": "hotline", "size": 1, "share": 1.0}]


def test_api_compare_kpi_periods(client: TestClient) -> None:
    params = {"metric": "CSAT", "at": "2024-02-01", "window_days": 31, "touchpoint": "hotline"}
    assert client.get(f"{API}/kpis/compare", params=params).json() == {
        "metric": "csat", "touchpoint": "hotline", "before_n": 1, "before_value": 0.0,
        "after_n": 2, "after_value": 50.0, "difference": 50.0, "ci_low": -39.104934,
        "ci_high": 90.546879, "p_value": 0.386476, "verdict": "no detectable change"}
    del params["touchpoint"]
    refused = client.get(f"{API}/kpis/compare", params=params)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "instrument_mismatch"
    bad = client.get(f"{API}/kpis/compare", params={"metric": "csat", "at": "soon"})
    assert bad.status_code == 422


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("demo") / "ws"
    build_demo(folder, customers=3000, seed=DEMO_SEED)
    with TestClient(create_app(folder), headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def test_demo_page_shows_the_hotlines_low_csat(demo: TestClient) -> None:
    html = demo.get("/voice").text
    rows = re.findall(r'<tr data-group="([\w-]+)" data-metric="csat">.*?'
                      r'<td class="num value">([\d.]+)</td>', html, re.S)
    values = {group: float(value) for group, value in rows if group != "all"}
    assert min(values, key=values.__getitem__) == "tp-hotline"
    assert values["tp-hotline"] < 50 < min(v for g, v in values.items() if g != "tp-hotline")
    assert "Customer hotline" in row_text(html, 'data-group="tp-hotline" data-metric="csat"')


def test_kpi_table_adds_churn_and_conversion_from_the_events(tmp_path: Path) -> None:
    from test_workbench_numbers import make_workspace, shop_document

    shop = make_workspace(tmp_path / "shop", shop_document())
    with TestClient(create_app(shop), headers={"Accept-Language": "en"}) as client:
        html = client.get("/voice?by=persona").text
        rows = client.get(f"{API}/kpis?by=persona").json()["rows"]
    assert row_text(html, 'data-group="web" data-metric="churn"') == (
        "Web shoppers Churn rate 0.0 2 0.0 – 65.8")
    assert row_text(html, 'data-group="all" data-metric="churn"').startswith("All customers")
    assert row_text(html, 'data-group="young" data-metric="conversion"') == (
        "Young app users Conversion 100.0 1 20.7 – 100.0")
    assert rows[-1] == {"group": "all", "metric": "conversion", "value": 25.0, "n": 4,
                        "ci_low": 4.558726, "ci_high": 69.935816}
