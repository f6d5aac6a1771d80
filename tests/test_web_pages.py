"""The pages on a real workspace: content, escaping, htmx fragments, conflicts, no CDN."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from builders import document_data
from journeymap.model import LaneKind, WorkspaceDocument
from journeymap.web import create_app
from journeymap.web.templating import VENDOR
from journeymap.workbench import init_workspace

WEB = Path(__file__).parent.parent / "src" / "journeymap" / "web"
HX = {"HX-Request": "true"}
PROBES = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


class Elements(HTMLParser):
    """Every element with its attributes and its text (including the text of children)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[list[str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.found.append((tag, {k: v or "" for k, v in attrs}, text))
        if tag not in ("input", "meta", "link", "br", "img", "circle", "line", "path", "rect"):
            self.open.append(text)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("input", "meta", "link", "br", "img", "circle", "line", "path", "rect"):
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for text in self.open:
            text.append(data)

    def select(self, cls: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        return [
            (found, " ".join(" ".join(text).split()))
            for _, found, text in self.found
            if (not cls or cls in found.get("class", "").split())
            and all(found.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def make_client(tmp_path: Path, data: dict[str, Any]) -> TestClient:
    init_workspace(tmp_path / "ws", document=WorkspaceDocument.model_validate(data)).close()
    return TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"})


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path, document_data(maps=2)) as test_client:
        yield test_client


def stage_ids(html: str) -> list[str]:
    return [attrs["data-id"] for attrs, _ in Elements(html).select("stage-head")]


def test_home_lists_maps_with_counts(client: TestClient) -> None:
    page = Elements(client.get("/").text)
    rows = [(attrs["data-map"], text) for attrs, text in page.select("", data_map="retail")]
    assert rows == [("retail", "Retail journey as-is 3 4 5 7 1 1")]
    links = [a.get("href") for tag, a, _ in page.found if tag == "a"]
    assert "/maps/retail" in links and "/maps/retail-to-be" in links


def test_canvas_draws_stages_lanes_and_cards(client: TestClient) -> None:
    html = client.get("/maps/retail").text
    page = Elements(html)
    assert stage_ids(html) == ["awareness", "purchase", "service"]
    lanes = [attrs["data-id"] for attrs, _ in page.select("lane")]
    assert lanes == ["thoughts", "feel", "tps", "pains", "back"]
    cells = [(a["data-lane"], a["data-stage"]) for a, _ in page.select("cell") if "data-lane" in a]
    assert len(cells) == 5 * 3
    t1 = page.select("card", data_id="t1")
    assert len(t1) == 1 and "Is it cheaper than elsewhere?" in html
    assert [a["data-version"] for a, _ in t1] == ["1"]
    pains = page.select("linked")
    assert [text for _, text in pains] == ["Payment takes too long"]


def test_every_lane_kind_is_a_row(client: TestClient) -> None:
    for kind in LaneKind:
        client.post("/api/v1/maps/retail/lanes", json={"id": f"k-{kind}", "kind": kind})
    page = Elements(client.get("/maps/retail").text)
    kinds = [attrs["class"].split()[1] for attrs, _ in page.select("lane")][5:]
    assert kinds == [f"kind-{kind}" for kind in LaneKind]


def test_touchpoints_have_channel_icons(client: TestClient) -> None:
    page = Elements(client.get("/maps/retail").text)
    touchpoints = page.select("touchpoint")
    classes = sorted(a["class"] for a, _ in touchpoints)
    assert classes == ["card touchpoint channel-phone", "card touchpoint channel-social",
                       "card touchpoint channel-store", "card touchpoint channel-web",
                       "card touchpoint channel-web"]
    assert len(page.select("channel-icon")) == 5
    assert [a["title"] for a, _ in page.select("channel")][:1] == ["Social media"]


def test_emotion_curve_as_is_and_to_be(client: TestClient) -> None:
    client.patch("/api/v1/maps/retail-to-be/cards/e2", json={"score": 1},
                 headers={"If-Match": "1"})
    page = Elements(client.get("/maps/retail").text)
    tags = [(tag, attrs) for tag, attrs, _ in page.found]
    paths = [(attrs["class"], tags[i + 1][1]["d"]) for i, (tag, attrs) in enumerate(tags)
             if tag == "g" and tags[i + 1][0] == "path"]
    assert paths == [("series series-0 as_is", "M130,38 L390,93 L650,104"),
                     ("series series-0 to_be", "M130,38 L390,38 L650,104")]
    legend = [text for _, text in page.select("legend-item")]
    assert legend == ["Oszczędna Ola · as-is", "Oszczędna Ola · to-be"]


def test_escaping_probes_in_every_text_field(tmp_path: Path) -> None:
    data = document_data(maps=2)
    first, second = PROBES
    data["workspace"]["name"] = first
    data["personas"][0]["name"] = second
    for index, jmap in enumerate(data["maps"]):
        jmap["name"], jmap["scope"] = PROBES[index], PROBES[1 - index]
        for stage in jmap["stages"]:
            stage["name"] = PROBES[index]
        jmap["touchpoints"][0]["name"] = second
        jmap["lanes"][0]["title"] = first
        jmap["lanes"][0]["cards"][0]["text"] = second
        jmap["pain_points"][0]["title"] = first
    with make_client(tmp_path, data) as client:
        client.post("/api/v1/maps/retail/snapshots", json={"label": second})
        snapshot = client.get("/api/v1/maps/retail/snapshots").json()["snapshots"][0]["id"]
        conflict = client.post("/maps/retail/ui/card/t1/rename", headers=HX,
                               data={"version": "9", "value": first})
        pages = [client.get("/").text, client.get("/maps/retail").text,
                 client.get(f"/maps/retail?view=snapshot/{snapshot}").text,
                 client.get("/compare?before=retail&after=retail-to-be").text, conflict.text,
                 client.get("/maps/%3Cscript%3E").text]
    for html in pages:
        assert "<script>alert" not in html and "<img" not in html
    canvas = pages[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in canvas
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in canvas
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in pages[2]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[3]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in conflict.text


def test_add_stage_answers_the_board_fragment(client: TestClient) -> None:
    answer = client.post("/maps/retail/ui/stages", data={"name": "Loyalty"}, headers=HX)
    assert answer.status_code == 200
    assert answer.text.startswith('<div id="board"')
    names = [a["value"] for tag, a, _ in Elements(answer.text).found
             if tag == "input" and a.get("aria-label") == "Stage name"]
    assert names == ["Awareness", "Purchase", "Service", "Loyalty"]


def test_plain_form_post_answers_the_whole_page(client: TestClient) -> None:
    answer = client.post("/maps/retail/ui/stages", data={"name": "Loyalty"})
    assert answer.text.startswith("<!doctype html>")
    assert stage_ids(answer.text)[:3] == ["awareness", "purchase", "service"]


def test_rename_move_delete_stage(client: TestClient) -> None:
    renamed = client.post("/maps/retail/ui/stage/service/rename", headers=HX,
                          data={"version": "1", "value": "After sale"})
    assert 'value="After sale"' in renamed.text
    moved = client.post("/maps/retail/ui/stage/service/move", headers=HX,
                        data={"version": "2", "position": "0"})
    assert stage_ids(moved.text) == ["service", "awareness", "purchase"]
    client.post("/maps/retail/ui/card/e3/delete", headers=HX, data={"version": "1"})
    deleted = client.post("/maps/retail/ui/stage/service/delete", headers=HX,
                          data={"version": "3"})
    page = Elements(deleted.text)
    assert [text for _, text in page.select("notice")][:1] == [
        "That did not work. " + [t for _, t in page.select("detail")][0]]
    client.post("/maps/retail/ui/touchpoint/hotline/delete", headers=HX, data={"version": "1"})
    deleted = client.post("/maps/retail/ui/stage/service/delete", headers=HX,
                          data={"version": "3"})
    assert deleted.status_code == 200 and stage_ids(deleted.text) == ["awareness", "purchase"]


def test_lane_add_rename_move_delete(client: TestClient) -> None:
    added = client.post("/maps/retail/ui/lanes", headers=HX,
                        data={"kind": "opportunities", "title": "Ideas"})
    lanes = Elements(added.text).select("lane")
    new = lanes[-1][0]["data-id"]
    assert lanes[-1][0]["class"] == "lane kind-opportunities"
    client.post(f"/maps/retail/ui/lane/{new}/rename", headers=HX,
                data={"version": "1", "value": "Quick wins"})
    moved = client.post(f"/maps/retail/ui/lane/{new}/move", headers=HX,
                        data={"version": "2", "position": "0"})
    assert [a["data-id"] for a, _ in Elements(moved.text).select("lane")][:2] == [new, "thoughts"]
    assert client.get(f"/api/v1/maps/retail/lanes/{new}").json()["title"] == "Quick wins"
    deleted = client.post(f"/maps/retail/ui/lane/{new}/delete", headers=HX,
                          data={"version": "3"})
    assert new not in [a["data-id"] for a, _ in Elements(deleted.text).select("lane")]


def test_card_add_edit_and_drop_into_another_cell(client: TestClient) -> None:
    added = client.post("/maps/retail/ui/cards", headers=HX,
                        data={"lane": "feel", "stage": "service", "text": "Relieved",
                              "score": "1"})
    assert added.status_code == 200 and "Relieved" in added.text
    feel = client.get("/api/v1/maps/retail/lanes/feel").json()["cards"]
    assert [c["id"] for c in feel][:3] == ["e1", "e2", "e3"] and len(feel) == 4
    ident = feel[3]["id"]
    card = client.get(f"/api/v1/maps/retail/cards/{ident}").json()
    assert (card["stage"], card["score"], card["text"]) == ("service", 1.0, "Relieved")
    client.post(f"/maps/retail/ui/card/{ident}/rename", headers=HX,
                data={"version": "1", "value": "Calm", "score": "2"})
    assert client.get(f"/api/v1/maps/retail/cards/{ident}").json()["score"] == 2.0
    dropped = client.post("/maps/retail/ui/card/t1/move", headers=HX,
                          data={"version": "1", "lane": "thoughts", "stage": "purchase",
                                "position": "1"})
    assert dropped.status_code == 200
    lane = client.get("/api/v1/maps/retail/lanes/thoughts").json()
    assert [(c["id"], c["stage"]) for c in lane["cards"]] == [("t2", "purchase"),
                                                             ("t1", "purchase")]
    # The drop above changed lane and stage in one step: one version further.
    client.post("/maps/retail/ui/card/t1/move", headers=HX,
                data={"version": "2", "lane": "back", "stage": "service", "position": "0"})
    back = client.get("/api/v1/maps/retail/lanes/back").json()
    assert [(c["id"], c["stage"]) for c in back["cards"]] == [("t1", "service")]


def test_touchpoint_add_from_the_canvas(client: TestClient) -> None:
    answer = client.post("/maps/retail/ui/touchpoints", headers=HX,
                         data={"stage": "service", "name": "Newsletter", "channel": "email"})
    assert "card touchpoint channel-email" in answer.text
    assert 'value="Newsletter"' in answer.text


def test_stale_edit_shows_the_conflict_and_keeps_the_stored_text(client: TestClient) -> None:
    client.patch("/api/v1/maps/retail/cards/t1", json={"text": "Cheaper at the market?"},
                 headers={"If-Match": "1"})
    answer = client.post("/maps/retail/ui/card/t1/rename", headers=HX,
                         data={"version": "1", "value": "My text"})
    assert answer.status_code == 409
    page = Elements(answer.text)
    assert [text for _, text in page.select("current")] == ["Cheaper at the market?"]
    assert [text for _, text in page.select("attempted")] == ["My text"]
    assert page.select("notice")[0][0]["class"] == "notice conflict"
    assert client.get("/api/v1/maps/retail/cards/t1").json()["text"] == "Cheaper at the market?"


def test_edit_of_a_deleted_card_says_it_is_gone(client: TestClient) -> None:
    client.delete("/api/v1/maps/retail/cards/t1", headers={"If-Match": "1"})
    answer = client.post("/maps/retail/ui/card/t1/rename", headers=HX,
                         data={"version": "1", "value": "x"})
    assert answer.status_code == 409
    assert "It has been deleted." in answer.text


def test_bad_score_shows_an_error_notice(client: TestClient) -> None:
    answer = client.post("/maps/retail/ui/cards", headers=HX,
                         data={"lane": "feel", "stage": "service", "score": "lots"})
    assert answer.status_code == 422
    assert "score &#39;lots&#39; is not a number" in answer.text


def test_versions_switch_snapshot_view_and_restore(client: TestClient) -> None:
    kept = client.post("/maps/retail/snapshots", data={"label": "Before workshop"},
                       follow_redirects=False)
    assert kept.status_code == 303
    url = kept.headers["location"]
    client.patch("/api/v1/maps/retail/stages/service", json={"name": "Care"},
                 headers={"If-Match": "1"})
    page = Elements(client.get(url).text)
    assert [text for _, text in page.select("pill")] == [
        "Retail journey · as-is", "Retail journey · to-be", "Before workshop"]
    assert [a["class"] for a, _ in page.select("pill")] == ["pill", "pill", "pill kept current"]
    assert [t for _, t in page.select("stage-name")] == ["Awareness", "Purchase", "Service"]
    assert not [a for tag, a, _ in page.found if "hx-post" in a]
    version = [a["value"] for tag, a, _ in page.found if a.get("name") == "version"]
    snapshot = url.split("snapshot/")[1]
    restored = client.post(f"/snapshots/{snapshot}/restore", data={"version": version[0]},
                           follow_redirects=False)
    assert (restored.status_code, restored.headers["location"]) == (303, "/maps/retail")
    assert client.get("/api/v1/maps/retail/stages/service").json()["name"] == "Service"


def test_start_to_be_map(tmp_path: Path) -> None:
    with make_client(tmp_path, document_data()) as client:
        answer = client.post("/maps/retail/derive", follow_redirects=False)
        assert answer.headers["location"] == "/maps/retail-to-be"
        assert client.get("/api/v1/maps/retail-to-be").json()["variant"] == "to_be"


def test_compare_page_renders_the_diff(client: TestClient) -> None:
    client.patch("/api/v1/maps/retail-to-be/stages/service", json={"name": "Care"},
                 headers={"If-Match": "1"})
    page = Elements(client.get("/compare?before=retail&after=retail-to-be").text)
    summary = [(a["data-kind"], text) for a, text in page.select("", data_kind="map")]
    summary += [(a["data-kind"], text) for a, text in page.select("", data_kind="stage")]
    assert summary == [("map", "Map 0 0 1 0"), ("stage", "Stages 0 0 1 0")]
    assert [text for _, text in page.select("before")] == ["as_is", "—", "Service"]
    assert [text for _, text in page.select("after")] == ["to_be", "retail", "Care"]
    options = ["".join(text).strip() for tag, a, text in page.found
               if tag == "option" and "selected" in a]
    assert options == ["Retail journey · as-is", "Retail journey · to-be"]


def test_unknown_map_page_is_404(client: TestClient) -> None:
    answer = client.get("/maps/nowhere")
    assert answer.status_code == 404
    assert "map &#39;nowhere&#39; not found" in answer.text


def test_large_map_renders_every_card(tmp_path: Path) -> None:
    data = document_data()
    stages = [{"id": f"s{i}", "name": f"Stage {i}"} for i in range(10)]
    cards = [{"id": f"c{i}", "stage": f"s{i % 10}", "text": f"Card {i}"} for i in range(100)]
    data["maps"][0] |= {"stages": stages, "touchpoints": [], "pain_points": [], "actions": [],
                        "opportunities": [],
                        "lanes": [{"id": "big", "kind": "thoughts", "cards": cards}]}
    data["comments"] = []
    with make_client(tmp_path, data) as client:
        page = Elements(client.get("/maps/retail").text)
    assert len(page.select("stage-head")) == 10
    assert len(page.select("card")) == 100


def test_no_external_urls_in_pages_templates_and_assets(client: TestClient) -> None:
    external = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
    pages = [client.get(url).text for url in ("/", "/maps/retail", "/compare")]
    files = [p.read_text() for p in (WEB / "templates").glob("*.html")]
    files += [(WEB / "static" / name).read_text() for name in ("app.css", "canvas.js")]
    for text in pages + files:
        assert external.search(text) is None
        assert "cdn" not in text.lower()
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", (WEB / "static" / "app.css").read_text())


def test_vendored_assets_are_served_with_their_licences(client: TestClient) -> None:
    readme = (WEB / "static" / "vendor" / "README.md").read_text()
    for path in VENDOR.values():
        answer = client.get(f"/static/{path}")
        assert answer.status_code == 200 and len(answer.content) > 10_000
        folder = path.split("/")[1]
        assert (WEB / "static" / "vendor" / folder / "LICENSE").is_file()
        name, version = folder.rsplit("-", 1)
        assert f"| {name} | {version} |" in readme
    page = client.get("/maps/retail").text
    assert all(f'src="/static/{path}"' in page for path in VENDOR.values())


def test_app_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.errors import WorkspaceError
    from journeymap.web.app import app_from_environment

    monkeypatch.delenv("JOURNEYMAP_WORKSPACE", raising=False)
    with pytest.raises(WorkspaceError, match=r"\$JOURNEYMAP_WORKSPACE is not set"):
        app_from_environment()
    init_workspace(tmp_path / "ws", document=WorkspaceDocument.model_validate(
        document_data())).close()
    monkeypatch.setenv("JOURNEYMAP_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("JOURNEYMAP_DATABASE_URL", raising=False)
    monkeypatch.setenv("JOURNEYMAP_HOST", "127.0.0.1")  # as `journeymap serve` sets it
    with TestClient(app_from_environment()) as client:
        assert client.get("/api/v1/workspace").json()["id"] == "acme"


def test_pages_follow_the_workspace_language_then_the_browser(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", document=WorkspaceDocument.model_validate(
        document_data())).close()
    with TestClient(create_app(tmp_path / "ws")) as client:
        polish = Elements(client.get("/maps/retail").text)
        bulgarian = Elements(client.get("/maps/retail", headers={"Accept-Language": "bg"}).text)
    assert [t for _, t in polish.select("badge")] == ["stan obecny"]
    assert [a["lang"] for tag, a, _ in polish.found if tag == "html"] == ["pl"]
    assert [a["lang"] for tag, a, _ in bulgarian.found if tag == "html"] == ["bg"]
    assert [a["href"] for a, _ in polish.select("current") if "lang" in a] == [
        "/lang/pl?next=/maps/retail"]


def test_changed_values_are_shown_readably() -> None:
    from journeymap.web.templating import shown

    assert [shown(v) for v in (None, "", [], ["Pay", "Ship"], {"b": 1, "a": "ż"}, 0.5)] == [
        "—", "—", "—", "Pay, Ship", '{"a": "ż", "b": 1}', "0.5"]
