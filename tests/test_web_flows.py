"""The Flows pages and their API on a small workspace whose events went through the importer.

Labels by the map of ``builders.document`` (touchpoint/stage), worked out by hand:
  u1: ad_click ad/awareness, checkout_start + checkout_pay checkout/purchase, call hotline/service
  u2: ad_click ad/awareness, checkout_start checkout/purchase, the probe event unmatched
  u3: store_visit shop/purchase, checkout_start in the app (unmatched: checkout needs web),
      call hotline/service
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from builders import document
from journeymap.cli.app import app as cli
from journeymap.ingest.api import import_events
from journeymap.web import create_app
from journeymap.web.templating import PAGE_VENDOR
from journeymap.workbench import init_workspace

API = "/api/v1/flows"
WEB = Path(__file__).parent.parent / "src" / "journeymap" / "web"
PROBE = "<script>x</script>"
EVENTS = f"""customer_id,timestamp,event,channel
u1,2026-03-01T10:00:00Z,ad_click,social
u1,2026-03-01T10:01:00Z,checkout_start,web
u1,2026-03-01T10:03:00Z,checkout_pay,web
u1,2026-03-02T09:00:00Z,call,phone
u2,2026-03-01T11:00:00Z,ad_click,social
u2,2026-03-01T11:02:00Z,checkout_start,web
u2,2026-03-01T11:04:00Z,{PROBE},web
u3,2026-03-05T08:00:00Z,store_visit,store
u3,2026-03-05T08:30:00Z,checkout_start,app
u3,2026-03-05T09:00:00Z,call,phone
"""
LABELS = {"ad": "Social ad", "checkout": "Web checkout", "shop": "Shop visit",
          "hotline": "Hotline"}
TRANSITIONS_CSV = f"""from_event,to_event,transitions,customers,median_seconds
ad_click,checkout_start,2,2,90.0
checkout_pay,call,1,1,82620.0
checkout_start,{PROBE},1,1,120.0
checkout_start,call,1,1,1800.0
checkout_start,checkout_pay,1,1,120.0
store_visit,checkout_start,1,1,1800.0
"""
FUNNEL_CSV = """step,event,customers,conversion_from_previous,conversion_from_first,\
median_seconds_from_previous
1,ad_click,2,1.0,1.0,
2,checkout_start,2,1.0,1.0,90.0
3,call,1,0.5,0.5,82740.0
"""
PATHS_CSV = """path,customers,share
ad > checkout,1,0.333333
ad > checkout > hotline,1,0.333333
shop > hotline,1,0.333333
"""
FUNNEL = {"step": ["ad_click", "checkout_start", "call"]}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flows") / "ws"
    init_workspace(folder, document=document()).close()
    source = folder.parent / "events.csv"
    source.write_text(EVENTS)
    report = import_events(folder, source)
    assert report.accepted == 10
    return folder


@pytest.fixture(scope="module")
def client(workspace: Path) -> Iterator[TestClient]:
    with TestClient(create_app(workspace), headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def embedded(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="flow-data">(.*?)</script>', html,
                      re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def cli_csv(workspace: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["analyze", *args, "--workspace", str(workspace),
                                      "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout


# -- the API: exact headless results ---------------------------------------------------------
def test_sankey_by_touchpoint(client: TestClient) -> None:
    assert client.get(f"{API}/sankey").json() == {
        "by": "touchpoint", "top": 10, "map": "retail", "total_customers": 3,
        "columns": ["path", "customers", "share"],
        "rows": [{"path": "ad > checkout", "customers": 1, "share": 0.333333},
                 {"path": "ad > checkout > hotline", "customers": 1, "share": 0.333333},
                 {"path": "shop > hotline", "customers": 1, "share": 0.333333}],
        "nodes": [
            {"id": "1. ad", "step": "ad", "position": 1, "customers": 2},
            {"id": "1. shop", "step": "shop", "position": 1, "customers": 1},
            {"id": "2. checkout", "step": "checkout", "position": 2, "customers": 2},
            {"id": "2. hotline", "step": "hotline", "position": 2, "customers": 1},
            {"id": "3. hotline", "step": "hotline", "position": 3, "customers": 1},
        ],
        "links": [
            {"source": "1. ad", "target": "2. checkout", "customers": 2},
            {"source": "1. shop", "target": "2. hotline", "customers": 1},
            {"source": "2. checkout", "target": "3. hotline", "customers": 1},
        ],
        "labels": LABELS,
    }


def test_sankey_by_stage_top_one(client: TestClient) -> None:
    data = client.get(f"{API}/sankey", params={"by": "stage", "top": 1}).json()
    # u1 awareness > purchase > service, u2 awareness > purchase, u3 purchase > service
    assert data["rows"] == [{"path": "awareness > purchase", "customers": 1, "share": 0.333333}]
    assert data["links"] == [{"source": "1. awareness", "target": "2. purchase",
                              "customers": 1}]
    assert data["labels"] == {"awareness": "Awareness", "purchase": "Purchase",
                              "service": "Service"}


def test_dfg_by_event_with_nodes(client: TestClient) -> None:
    data = client.get(f"{API}/dfg").json()
    assert data["by"] == "event" and data["map"] is None and data["labels"] == {}
    assert data["columns"] == ["from_event", "to_event", "transitions", "customers",
                               "median_seconds"]
    assert data["rows"][0] == {"from_event": "ad_click", "to_event": "checkout_start",
                               "transitions": 2, "customers": 2, "median_seconds": 90.0,
                               "p90_seconds": 114.0}
    assert [(n["id"], n["transitions_in"], n["transitions_out"]) for n in data["nodes"]] == [
        (PROBE, 1, 0), ("ad_click", 0, 2), ("call", 2, 0), ("checkout_pay", 1, 1),
        ("checkout_start", 3, 3), ("store_visit", 0, 1)]


def test_dfg_by_touchpoint(client: TestClient) -> None:
    data = client.get(f"{API}/dfg", params={"by": "touchpoint", "map": "retail"}).json()
    assert [(r["from_event"], r["to_event"], r["transitions"], r["median_seconds"])
            for r in data["rows"]] == [("ad", "checkout", 2, 90.0),
                                       ("checkout", "checkout", 1, 120.0),
                                       ("checkout", "hotline", 1, 82620.0),
                                       ("shop", "hotline", 1, 3600.0)]
    assert data["labels"] == LABELS


@pytest.mark.parametrize(("params", "pairs"), [
    ({"channel": ["web", ""]}, [("checkout_start", PROBE), ("checkout_start", "checkout_pay")]),
    ({"date_from": "2026-03-05", "date_to": ""}, [("checkout_start", "call"),
                                                  ("store_visit", "checkout_start")]),
    ({"date_to": "2026-03-01"}, [("ad_click", "checkout_start"),
                                 ("checkout_start", PROBE),
                                 ("checkout_start", "checkout_pay")]),
])
def test_dfg_filters(client: TestClient, params: dict[str, Any],
                     pairs: list[tuple[str, str]]) -> None:
    rows = client.get(f"{API}/dfg", params=params).json()["rows"]
    assert [(r["from_event"], r["to_event"]) for r in rows] == pairs


def test_funnel_with_and_without_window(client: TestClient) -> None:
    data = client.get(f"{API}/funnel", params=FUNNEL).json()
    assert data["steps"] == FUNNEL["step"] and data["window_seconds"] is None
    assert [(r["customers"], r["conversion_from_previous"], r["median_seconds_from_previous"])
            for r in data["rows"]] == [(2, 1.0, None), (2, 1.0, 90.0), (1, 0.5, 82740.0)]
    # u1's call comes a day later: outside a one-hour window from step 1
    hour = client.get(f"{API}/funnel", params={**FUNNEL, "window_seconds": 3600}).json()
    assert [(r["customers"], r["conversion_from_first"]) for r in hour["rows"]] == [
        (2, 1.0), (2, 1.0), (0, 0.0)]


@pytest.mark.parametrize(("url", "params", "path"), [
    ("funnel", {"step": ["", " "]}, "steps"),
    ("dfg", {"date_from": "2026-13-01"}, "date_from"),
    ("dfg", {"date_from": "2026-03-05", "date_to": "2026-03-01"}, ""),
    ("sankey", {"top": 0}, "top"),
    ("sankey", {"by": "channel"}, "by"),
    ("sankey", {"map": "nope"}, ""),
])
def test_bad_requests_answer_with_the_error_shape(client: TestClient, url: str,
                                                  params: dict[str, Any], path: str) -> None:
    answer = client.get(f"{API}/{url}", params=params)
    assert answer.status_code in (404, 422)
    error = answer.json()["error"]
    assert error["code"] and error["message"]
    assert path in json.dumps(error)


# -- CSV exports: byte-exact and the same bytes as the CLI -----------------------------------
def test_csv_exports_are_byte_exact(client: TestClient, workspace: Path) -> None:
    transitions = client.get(f"{API}/dfg", params={"format": "csv"})
    assert transitions.headers["content-type"].startswith("text/csv")
    assert 'filename="transitions.csv"' in transitions.headers["content-disposition"]
    assert transitions.text == TRANSITIONS_CSV == cli_csv(workspace, "transitions")
    funnel = client.get(f"{API}/funnel", params={**FUNNEL, "format": "csv"}).text
    assert funnel == FUNNEL_CSV == cli_csv(workspace, "funnel", "--steps",
                                           "ad_click,checkout_start,call")
    paths = client.get(f"{API}/sankey", params={"format": "csv"}).text
    assert paths == PATHS_CSV == cli_csv(workspace, "paths", "--by", "touchpoint",
                                         "--collapse-repeats", "--top", "10")


# -- pages -------------------------------------------------------------------------------------
def test_flows_redirects_to_the_sankey(client: TestClient) -> None:
    answer = client.get("/flows", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/flows/sankey")


def test_sankey_page_renders_the_table_with_names(client: TestClient) -> None:
    html = client.get("/flows/sankey").text
    rows = re.findall(r'<td class="path">(.*?)</td>', html)
    steps = [re.findall(r'<span class="step">(.*?)</span>', row) for row in rows]
    assert steps == [["Social ad", "Web checkout"], ["Social ad", "Web checkout", "Hotline"],
                     ["Shop visit", "Hotline"]]
    assert "33.3%" in html and 'href="/flows"' in html
    assert embedded(html) == client.get(f"{API}/sankey").json()
    assert f'href="{API}/sankey?format=csv"' in html


def test_dfg_page_escapes_event_names_everywhere(client: TestClient) -> None:
    html = client.get("/flows/dfg", params={"channel": "web"}).text
    assert PROBE not in html
    assert "<td>&lt;script&gt;x&lt;/script&gt;</td>" in html
    data = embedded(html)
    assert data.pop("median_texts") == ["2 minutes", "2 minutes"]
    assert data == client.get(f"{API}/dfg", params={"channel": "web"}).json()
    assert f'href="{API}/dfg?channel=web&amp;format=csv"' in html
    assert 'id="dfg-edges" min="1" max="2" value="2"' in html
    assert '<option value="web" selected>' in html


def test_funnel_builder_offers_the_event_names(client: TestClient) -> None:
    html = client.get("/flows/funnel").text
    assert html.count('<select name="step">') == 5
    assert "&lt;script&gt;x&lt;/script&gt;</option>" in html and PROBE not in html
    assert 'id="flow-data"' not in html  # nothing to run before steps are picked


def test_funnel_page_runs_the_picked_steps(client: TestClient) -> None:
    html = client.get("/flows/funnel", params={**FUNNEL, "window_seconds": 86400}).text
    cells = re.findall(r"<tr><td class=\"num\">(\d)</td><td>(\w+)</td><td class=\"num\">(\d)",
                       html)
    # u1's call is 22 h 59 min after the ad click: inside one day
    assert cells == [("1", "ad_click", "2"), ("2", "checkout_start", "2"), ("3", "call", "1")]
    assert '<option value="86400.0" selected>1 day</option>' in html
    assert html.count(' selected>') == 4  # three steps and the window


def test_pages_in_polish_format_numbers(workspace: Path) -> None:
    with TestClient(create_app(workspace), headers={"Accept-Language": "pl"}) as polish:
        html = polish.get("/flows/funnel", params=FUNNEL).text
    assert "Konwersja" in html and "50,0%" in html


def test_a_bad_filter_shows_the_problem_on_the_page(client: TestClient) -> None:
    answer = client.get("/flows/sankey", params={"map": "nope"})
    assert answer.status_code == 404
    answer = client.get("/flows/dfg", params={"date_from": "2026-03-05",
                                              "date_to": "2026-03-01"})
    assert answer.status_code == 422
    assert "after date_to" in answer.text


def test_workspace_without_events(tmp_path: Path) -> None:
    init_workspace(tmp_path / "empty", document=document()).close()
    with TestClient(create_app(tmp_path / "empty"), headers={"Accept-Language": "en"}) as empty:
        html = empty.get("/flows/dfg").text
        assert "no events yet" in html and 'id="flow-chart"' not in html
        assert empty.get(f"{API}/dfg").status_code == 422


def test_no_external_urls(client: TestClient) -> None:
    external = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
    pages = [client.get(url, params=FUNNEL).text
             for url in ("/flows/sankey", "/flows/dfg", "/flows/funnel")]
    files = [p.read_text() for p in (WEB / "templates").glob("flows*.html")]
    for text in [*pages, *files, (WEB / "static" / "flows.js").read_text()]:
        assert external.search(text) is None
        assert "cdn" not in text.lower()
    assert '<script src="/static/vendor/echarts-6.1.0/echarts.min.js" defer>' in pages[0]
    vendored = WEB / "static" / "vendor" / "echarts-6.1.0"
    assert sorted(p.name for p in vendored.iterdir()) == ["LICENSE", "NOTICE", "echarts.min.js"]
    assert client.get(f"/static/{PAGE_VENDOR['echarts']}").status_code == 200
    readme = (WEB / "static" / "vendor" / "README.md").read_text()
    assert "| echarts | 6.1.0 | Apache-2.0 |" in readme
    assert 'ECHARTS_VERSION=6.1.0' in (WEB.parents[2] / "scripts" / "vendor-web.sh").read_text()


def test_graph_page_lists_the_most_frequent_transitions(client: TestClient,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.web import flows

    monkeypatch.setattr(flows, "TABLE_ROWS", 2)
    html = client.get("/flows/dfg").text
    table = html.split('id="flow-table"')[1].split("</table>")[0]
    assert re.findall(r"<tr><td>(\w+)</td><td>(\w+)</td>", table) == [
        ("ad_click", "checkout_start"), ("checkout_pay", "call")]
    assert "The table lists the 2 most frequent of 6 transitions" in html
    assert len(embedded(html)["rows"]) == 6  # the chart still has every edge
