"""The team tour in Chromium: create a map, add a stage, a lane and a card, reorder by
dragging, two people editing at once (live update, then the conflict), comment and resolve
a thread, vote on a workshop note. Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from browser_support import LiveServer, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

#: Upper bound on waiting for a live update (a readiness wait; the issue asks for 1-2 s).
LIVE_MS = 10_000
#: Parts of the retail board: three of other stages than card t1's, then t1's own cell.
MARKED = ["part~stage~purchase", "part~cell~thoughts~purchase", "part~touchpoints~purchase",
          "part~cell~thoughts~awareness"]


def api(page: Page, path: str) -> Any:
    """GET an API path from inside the page (its cookies, its origin)."""
    return json.loads(page.evaluate(
        "async (path) => JSON.stringify(await (await fetch(path)).json())", path))


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(
        "typeof Sortable !== 'undefined' && document.documentElement.dataset.liveStream === 'open'"
        " && document.querySelector('#board').dataset.sortableReady !== undefined"
        " || (typeof Sortable !== 'undefined' && document.documentElement.dataset.liveStream"
        " === 'open')")


def stage_names(page: Page) -> list[str]:
    names = page.locator(".stage-head input[name=value]")
    return [names.nth(i).input_value() for i in range(names.count())]


def settled(page: Page) -> None:
    """The board is not about to be swapped: no numbers fetch or live refresh under way."""
    page.wait_for_selector(".numbers-loader", state="detached")
    page.wait_for_function("!document.querySelector('.htmx-request')"
                           " && !document.querySelector('[data-live-pending]')")
    page.wait_for_timeout(300)  # a live refresh of the last change may still be debounced


def drag(page: Page, source: Locator, target: Locator) -> None:
    """A slow drag with the mouse, as a person does it (SortableJS follows pointer moves)."""
    settled(page)
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    assert start is not None and end is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 20, end["y"] + 12, steps=20)
    # Sortable animates each swap (150 ms); a pointer that arrives mid-animation is read
    # against the moving boxes, so rest, then nudge over the target once more
    page.wait_for_timeout(250)
    page.mouse.move(end["x"] + 10, end["y"] + 12, steps=5)
    page.wait_for_timeout(250)
    page.mouse.move(end["x"] + 8, end["y"] + 14, steps=2)
    page.mouse.up()


def test_create_a_map_add_stages_lane_card_and_reorder_by_dragging(
        page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.fill(".new-map input[name=name]", "Returns")
    page.click(".new-map button")
    page.wait_for_url(f"{live_server.url}/maps/returns-*")
    map_id = page.url.rsplit("/", 1)[1]
    assert page.inner_text("main h1") == "Returns"
    for index, name in enumerate(("Ask", "Send", "Refund")):
        settled(page)
        page.fill(".add-stage input[name=name]", name)
        page.click(".add-stage button")
        page.wait_for_function(f"document.querySelectorAll('.stage-head').length === {index + 1}")
    settled(page)
    page.select_option(".add-lane select[name=kind]", "thoughts")
    page.click(".add-lane button")
    page.wait_for_selector(".lane.kind-thoughts")
    settled(page)
    cell = page.locator(".lane.kind-thoughts .cell[data-stage]").first
    cell.locator("details.adder summary").click()
    cell.locator("details.adder textarea[name=text]").fill("Where is my parcel?")
    cell.locator("details.adder button").click()
    page.wait_for_selector(".lane.kind-thoughts .card[data-id]")
    assert stage_names(page) == ["Ask", "Send", "Refund"]

    page.wait_for_function("document.querySelector('[data-sortable=stages]')"
                           ".dataset.sortableReady === '1'")
    drag(page, page.locator(".stage-head .grip").nth(2), page.locator(".stage-head").first)
    # the server's answer: the board again, Refund first at version 2
    page.wait_for_function("document.querySelector('.stage-head input[name=value]').value"
                           " === 'Refund' && document.querySelector('.stage-head')"
                           ".dataset.version === '2'")
    stored = api(page, f"/api/v1/maps/{map_id}")
    assert [s["name"] for s in stored["stages"]] == ["Refund", "Ask", "Send"]

    # a card dropped into another stage's cell moves there in one change (version 2)
    card = page.locator(".lane.kind-thoughts .card[data-id]").first
    card_id = card.get_attribute("data-id")
    target = page.locator(".lane.kind-thoughts .cell[data-stage]").nth(2)
    drag(page, card.locator(".card-grip"), target)
    page.wait_for_selector(f".cell[data-stage]:nth-child(4) .card[data-id='{card_id}']"
                           "[data-version='2']")
    moved = api(page, f"/api/v1/maps/{map_id}/cards/{card_id}")
    assert (moved["stage"], moved["version"]) == (stored["stages"][2]["id"], 2)
    screenshot(page, "collab-new-map")


def test_two_people_see_each_others_edit_and_the_conflict(
        two_pages: tuple[Page, Page], live_server: LiveServer) -> None:
    anna, olek = two_pages
    for person in (anna, olek):
        open_map(person, live_server.url + "/maps/retail")
    # Anna renames a card; Olek's open map shows it without reloading, by fetching only the
    # cell holding it: the nodes of other stages stay the very same (marked beforehand).
    settled(olek)
    olek.evaluate("(ids) => ids.forEach((id) => { document.getElementById(id).kept = true; })",
                  MARKED)
    anna.fill(".card[data-id=t1] textarea[name=value]", "Cheaper at the market?")
    anna.locator(".card[data-id=t1] textarea[name=value]").blur()
    olek.wait_for_function(
        "document.querySelector('.card[data-id=t1] textarea').value === 'Cheaper at the market?'",
        timeout=LIVE_MS)
    assert olek.locator(".card[data-id=t1]").get_attribute("data-version") == "2"
    assert olek.evaluate("(ids) => ids.map((id) => document.getElementById(id).kept === true)",
                         MARKED) == [True, True, True, False]
    assert olek.evaluate("document.getElementById('part~cell~thoughts~awareness')"
                         ".dataset.sortableReady") == "1"  # the new cell can be dragged into
    screenshot(olek, "collab-live-update")

    # Olek starts typing in t2; meanwhile Anna changes t2. His board waits while he types,
    # his save is then refused with Anna's text shown, and he can apply his again.
    olek.click(".card[data-id=t2] textarea[name=value]")
    olek.fill(".card[data-id=t2] textarea[name=value]", "Olek: too many steps")
    anna.fill(".card[data-id=t2] textarea[name=value]", "Anna: three steps too many")
    anna.locator(".card[data-id=t2] textarea[name=value]").blur()
    anna.wait_for_selector(".card[data-id=t2][data-version='2']")
    assert olek.locator(".card[data-id=t2] textarea").input_value() == "Olek: too many steps"
    olek.locator(".card[data-id=t2] textarea[name=value]").blur()
    olek.wait_for_selector(".notice.conflict")
    assert olek.inner_text(".notice.conflict q.current") == "Anna: three steps too many"
    assert olek.inner_text(".notice.conflict q.attempted") == "Olek: too many steps"
    assert "meanwhile" in olek.inner_text(".notice.conflict .changed-by")
    screenshot(olek, "collab-conflict")
    olek.click(".notice.conflict .apply-mine button")
    olek.wait_for_selector(".card[data-id=t2][data-version='3']")
    assert api(olek, "/api/v1/maps/retail/cards/t2")["text"] == "Olek: too many steps"
    anna.wait_for_function(
        "document.querySelector('.card[data-id=t2] textarea').value === 'Olek: too many steps'",
        timeout=LIVE_MS)


def test_comment_reply_and_resolve_a_thread(page: Page, live_server: LiveServer) -> None:
    open_map(page, live_server.url + "/maps/retail")
    page.click(".card[data-id=t1] .comment-badge")
    page.wait_for_selector("#comment-panel .new-comment")
    page.fill("#comment-panel .new-comment textarea", "Is this from the survey?")
    page.click("#comment-panel .new-comment button")
    page.wait_for_selector("#comment-panel .thread")
    page.fill("#comment-panel .reply-form textarea", "Yes, wave 3")
    page.click("#comment-panel .reply-form button")
    page.wait_for_selector("#comment-panel .comment.reply")
    # the badge counts the open thread's comments once the board hears of the change
    page.wait_for_function(
        "document.querySelector('.card[data-id=t1] .comment-badge .count').textContent === '2'",
        timeout=LIVE_MS)
    screenshot(page, "collab-comments")
    page.click("#comment-panel .resolve")
    page.wait_for_selector("#comment-panel .thread.resolved")
    assert "Resolved by" in page.inner_text("#comment-panel .resolved-by")
    page.wait_for_function(
        "document.querySelector('.card[data-id=t1] .comment-badge .count').textContent === '0'",
        timeout=LIVE_MS)
    page.click("#comment-panel .close-panel")
    assert page.locator("#comment-panel").is_hidden()
    page.goto(live_server.url + "/activity")
    actions = page.locator(".activity-table tr[data-action]")
    assert [actions.nth(i).get_attribute("data-action") for i in range(3)] == [
        "resolve", "reply", "comment"]
    screenshot(page, "collab-activity")


def test_vote_on_a_board_note_live(two_pages: tuple[Page, Page],
                                   live_server: LiveServer) -> None:
    anna, olek = two_pages
    for person in (anna, olek):
        person.goto(live_server.url + "/board")
        person.wait_for_function("document.documentElement.dataset.liveStream === 'open'")
    anna.fill(".note-new textarea", "Queue at the till is too long")
    anna.click(".note-new button[type=submit]")
    olek.wait_for_selector(".note", timeout=LIVE_MS)
    olek.click(".note .vote-button")
    olek.wait_for_selector(".note.voted[data-votes='1']")
    anna.wait_for_selector(".note[data-votes='1']", timeout=LIVE_MS)
    olek.click(".note .vote-button")  # voting twice is not possible: the button takes it back
    olek.wait_for_selector(".note[data-votes='0']:not(.voted)")
    anna.wait_for_selector(".note[data-votes='0']", timeout=LIVE_MS)
    olek.click(".note .vote-button")
    anna.wait_for_selector(".note[data-votes='1']", timeout=LIVE_MS)
    anna.click(".note details.promote summary")
    anna.select_option(".note select[name=as]", "pain_point")
    anna.select_option(".note select[name=target]", "retail/purchase")
    anna.click(".note details.promote button")
    anna.wait_for_selector(".note.promoted .promoted-to a[href='/maps/retail']")
    screenshot(anna, "collab-board")
    pains = api(anna, "/api/v1/maps/retail")["pain_points"]
    assert pains[-1]["title"] == "Queue at the till is too long"
