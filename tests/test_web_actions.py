"""The Focus, Action plan and Method pages and their REST API, on the plan workspace of
tests/action_support.py (effects known: conversion improved, drop-off worsened, CSAT flat)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from action_support import plan_workspace
from journeymap.web import create_app

API = "/api/v1"
HTMX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plan_workspace(tmp_path_factory.mktemp("web-plan") / "ws")


@pytest.fixture
def client(workspace: Path) -> Iterator[TestClient]:
    with TestClient(create_app(workspace), headers={"Accept-Language": "en"}) as opened:
        yield opened


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[TestClient]:
    """A client on a workspace of its own, for tests that change it."""
    with TestClient(create_app(plan_workspace(tmp_path / "ws")),
                    headers={"Accept-Language": "en"}) as opened:
        yield opened


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def block(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


# -- focus ---------------------------------------------------------------------------
def test_focus_page_ranks_by_rice_and_draws_the_matrix(client: TestClient) -> None:
    html = client.get("/focus").text
    assert re.findall(r'<tr data-id="([\w-]+)" class="quadrant-(\w+)">', html) == [
        ("opp-big", "big_bet"), ("opp-fast", "quick_win"), ("opp-pit", "money_pit"),
        ("opp-small", "fill_in")]
    fast = text_of(block(html, '<tr data-id="opp-fast"', "</tr>"))
    assert fast.startswith("2 Fast cart")
    assert "300 from pain points 4 50% 2 300.0 Quick wins" in fast
    assert 'Quick wins (1)' in html and '<g class="dot big_bet" data-id="opp-big">' in html


def test_focus_api(client: TestClient) -> None:
    found = client.get(f"{API}/focus").json()
    assert [(o["id"], o["rice"], o["reach_source"]) for o in found["opportunities"]] == [
        ("opp-big", 800.0, "given"), ("opp-fast", 300.0, "pain points"),
        ("opp-pit", 12.5, "given"), ("opp-small", 0.0, "unknown")]
    assert found["counts"]["quick_win"] == 1


def test_opportunity_forms_and_api(fresh: TestClient) -> None:
    answer = fresh.post("/focus/opportunities", data={
        "map_id": "shop", "title": "Live chat", "value": "5", "effort": "1",
        "confidence": "1", "reach": "0", "pain_points": ["pp-slow"]}, follow_redirects=False)
    assert answer.status_code == 303
    made = next(o for o in fresh.get(f"{API}/focus").json()["opportunities"]
                if o["title"] == "Live chat")
    assert (made["rank"], made["reach"], made["rice"]) == (2, 120, 600.0)
    current = fresh.get(f"{API}/maps/shop/opportunities/{made['id']}")
    assert current.headers["ETag"] == '"1"'
    changed = fresh.patch(f"{API}/maps/shop/opportunities/{made['id']}", json={"reach": 10},
                          headers={"If-Match": "1"})
    assert changed.json()["reach"] == 10 and changed.json()["version"] == 2
    stale = fresh.patch(f"{API}/maps/shop/opportunities/{made['id']}", json={"reach": 11},
                        headers={"If-Match": "1"})
    assert stale.status_code == 409
    assert fresh.post(f"/focus/opportunities/shop/{made['id']}/delete",
                      data={"version": "2"}, follow_redirects=False).status_code == 303
    assert fresh.get(f"{API}/maps/shop/opportunities/{made['id']}").status_code == 404
    bad = fresh.post(f"{API}/maps/shop/opportunities", json={"title": "x", "value": 7})
    assert bad.status_code == 422


# -- actions -------------------------------------------------------------------------
def test_board_has_a_column_per_status_with_effects(client: TestClient) -> None:
    html = client.get("/actions").text
    assert re.findall(r'<div class="action-cards" data-status="(\w+)">', html) == [
        "planned", "in_progress", "blocked", "done", "cancelled"]
    done = block(html, 'data-status="done"', "</section>")
    assert 'id="action-act-conv"' in done
    badge = text_of(block(done, '<span class="effect-badge', "</span>"))
    assert badge == "Cart conversion +50.0 pp · improved"
    pay = block(html, 'id="action-act-pay"', "</article>")
    assert "action-card overdue" in html and "overdue" in text_of(pay)
    assert "Payment drop-off +50.0 pp · worsened" in text_of(pay)
    assert '<script src="/static/actions.js" defer></script>' in html
    assert "1 of 4 actions done (25%)" in text_of(html)


def test_list_overdue_and_owner_views(client: TestClient) -> None:
    listed = client.get("/actions?view=list").text
    assert re.findall(r'<tr data-id="([\w-]+)"', listed) == [
        "act-old", "act-conv", "act-pay", "act-csat", "act-rev"]
    assert "CSAT 0.0 · no detectable change" in text_of(listed)
    overdue = client.get("/actions?view=list&show=overdue").text
    # judged on the real today: both were due in 2024
    assert re.findall(r'<tr data-id="([\w-]+)"', overdue) == ["act-pay", "act-csat"]
    eva = client.get("/actions?view=list&owner=eva").text
    assert re.findall(r'<tr data-id="([\w-]+)"', eva) == ["act-conv", "act-csat"]


def test_detail_page_shows_the_measurement(client: TestClient) -> None:
    html = client.get("/actions/shop/act-conv").text
    table = text_of(block(html, '<table class="effect-table">', "</table>"))
    assert "Before 30.0% 20 14.5% – 51.9%" in table
    assert "After 80.0% 20 58.4% – 91.9%" in table
    assert "Difference +50.0 pp p = 0.0015 +19.2 pp – +69.5 pp" in table
    assert "improved · 30 days before and after" in text_of(html)
    revenue = text_of(client.get("/actions/shop/act-rev").text)
    assert "Not measured: no before/after method for revenue yet" in revenue
    assert client.get("/actions/shop/nope").status_code == 404


def test_drag_to_done_saves_and_answers_the_board(fresh: TestClient) -> None:
    answer = fresh.post("/actions/shop/act-pay/status", data={"version": "1", "status": "done"},
                        headers=HTMX)
    assert answer.status_code == 200 and answer.text.startswith('<div id="action-board"')
    assert 'id="action-act-pay"' in block(answer.text, 'data-status="done"', "</section>")
    stale = fresh.post("/actions/shop/act-pay/status",
                       data={"version": "1", "status": "blocked"}, headers=HTMX)
    assert stale.status_code == 409 and 'class="notice error"' in stale.text
    assert fresh.get(f"{API}/maps/shop/actions/act-pay").json()["status"] == "done"


def test_action_forms(fresh: TestClient) -> None:
    made = fresh.post("/actions/new", data={
        "map_id": "shop", "title": "Call back, fast; today", "owner": "ana",
        "due": "2024-05-01", "status": "planned", "opportunities": ["opp-fast"],
        "kpi": "conversion", "touchpoint": "tp-cart", "baseline": "0,3", "target": "0.5"},
        follow_redirects=False)
    assert made.status_code == 303
    url = made.headers["location"]
    ident = url.rsplit("/", 1)[1]
    stored = fresh.get(f"{API}/maps/shop/actions/{ident}").json()
    assert stored["target"] == {"kpi": "conversion", "touchpoint": "tp-cart", "stage": None,
                                "baseline": 0.3, "target": 0.5}
    assert stored["opportunities"] == ["opp-fast"]
    edited = fresh.post(f"{url}/edit", data={"version": "1", "title": "Call back",
                                              "status": "done", "owner": "ana"},
                        follow_redirects=False)
    assert edited.status_code == 303
    assert fresh.get(f"{API}/maps/shop/actions/{ident}").json()["target"] is None
    bad = fresh.post("/actions/new", data={"map_id": "shop", "title": "x", "kpi": "csat",
                                           "baseline": "lots"})
    assert bad.status_code == 422 and "baseline &#39;lots&#39; is not a number" in bad.text
    assert fresh.post(f"{url}/delete", data={"version": "2"},
                      follow_redirects=False).status_code == 303


def test_actions_api(fresh: TestClient) -> None:
    listed = fresh.get(f"{API}/actions").json()
    assert [a["id"] for a in listed["actions"]][:2] == ["act-old", "act-conv"]
    assert listed["progress"][:2] == [
        {"owner": None, "actions": 4, "done": 1, "overdue": 2, "share_done": 0.25},
        {"owner": "", "actions": 1, "done": 0, "overdue": 0, "share_done": 0.0}]
    effect = fresh.get(f"{API}/maps/shop/actions/act-conv/effect").json()
    assert (effect["difference"], effect["p_value"], effect["verdict"]) == (
        0.5, 0.001482, "improved")
    narrow = fresh.get(f"{API}/maps/shop/actions/act-conv/effect?window=5").json()
    assert narrow["verdict"] == "not enough data"
    added = fresh.post(f"{API}/maps/shop/actions", json={
        "id": "act-new", "title": "New", "target": {"kpi": "csat", "touchpoint": "tp-cart"}})
    assert added.status_code == 201 and added.headers["ETag"] == '"1"'
    moved = fresh.post(f"{API}/maps/shop/actions/act-new/status", json={"status": "blocked"},
                       headers={"If-Match": "1"})
    assert moved.json()["status"] == "blocked"
    assert fresh.delete(f"{API}/maps/shop/actions/act-new",
                        headers={"If-Match": "2"}).status_code == 204
    unknown = fresh.post(f"{API}/maps/shop/actions", json={"title": "x",
                                                             "target": {"kpi": "nope"}})
    assert unknown.status_code == 422 and "unknown KPI 'nope'" in unknown.text


def test_exports(client: TestClient) -> None:
    csv_answer = client.get(f"{API}/actions?format=csv&show=overdue")
    assert csv_answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_answer.text.splitlines()[1].startswith("shop,act-pay,Act Pay,olek,2024-03-20,")
    ics = client.get(f"{API}/actions?format=ics")
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    assert ics.headers["content-disposition"] == 'attachment; filename="actions.ics"'
    assert ics.text.count("BEGIN:VEVENT") == 4 and "\r\nUID:act-pay.shop@acme.journeymap\r\n" in (
        ics.text)


# -- method --------------------------------------------------------------------------
def test_method_page_and_api(client: TestClient) -> None:
    html = client.get("/method").text
    steps = dict(re.findall(r'data-step="(\w+)" data-done="(\w+)"', html))
    assert steps == {
        "persona": "false", "stages": "true", "goals": "false", "pain_points": "true",
        "focus": "true", "remove_blockers": "true", "discovery": "false",
        "employee_workshop": "false", "qualitative_validation": "true",
        "quantitative_validation": "true", "report_and_map": "false",
        "action_planning": "true", "design_workshop": "false"}
    goals = text_of(block(html, 'data-step="goals"', "</li>"))
    assert "Stages with goals: 1 of 3" in goals and "Stages without goals: 2" in goals
    assert '<a href="/maps/shop">Open the map</a>' in block(html, 'data-step="goals"', "</li>")
    assert "7 of 13 steps done" in text_of(html)
    found = client.get(f"{API}/method").json()
    assert (found["map"], found["done"], found["total"]) == ("shop", 7, 13)
    assert found["method"][4]["evidence"] == "4 opportunit(ies) for 2 pain point(s)"


def test_pages_in_polish(client: TestClient) -> None:
    html = client.get("/actions", headers={"Accept-Language": "pl"}).text
    assert "Plan działań" in html
    assert client.get("/method", headers={"Accept-Language": "bg"}).status_code == 200


def test_the_map_shows_measured_effects_on_the_cards_they_concern(client: TestClient) -> None:
    client.get("/actions")  # the action plan measures the effects; the canvas only reads them
    html = client.get("/maps/shop").text
    cards = {ident: block(html, f'data-id="{ident}"', '<form class="rename')
             for ident in ("card-fast", "card-cart", "card-home")}
    assert 'class="effect-badge' in cards["card-fast"]
    assert re.search(r"· (improved|worsened|no detectable change)", text_of(cards["card-cart"]))
    assert 'class="card-effect"' not in cards["card-home"]
