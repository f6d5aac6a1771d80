"""First browser tests: the harness itself, the workspace home and a map, in three languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import DictLoader, Environment

from browser_support import SCREENSHOTS, LiveServer, screenshot, serve
from journeymap.web import i18n

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

NBSP = "\xa0"
TINY_PAGE = """<!doctype html><html lang="{{ current_locale() }}"><body>
<h1>{{ _("Language") }}</h1><p id="number">{{ 1234.5|number }}</p>
{% for code in LANGUAGES %}
<a id="to-{{ code }}" href="/lang/{{ code }}">{{ LANGUAGE_NAMES[code] }}</a>
{% endfor %}</body></html>"""


def tiny_app() -> FastAPI:
    """An app of a few lines using journeymap.web.i18n the way the real app does."""
    env = Environment(autoescape=True, loader=DictLoader({"page.html": TINY_PAGE}))
    i18n.install(env)
    app = FastAPI()
    app.add_middleware(i18n.LocaleMiddleware, workspace_language="en")
    app.include_router(i18n.router)

    @app.get("/")
    def home(request: Request) -> HTMLResponse:
        return HTMLResponse(env.get_template("page.html").render())

    return app


def test_harness_serves_an_app_and_the_language_switch_sticks(page: Page) -> None:
    with serve(tiny_app()) as server:
        page.goto(server.url + "/")
        assert (page.inner_text("h1"), page.get_attribute("html", "lang")) == ("Language", "en")
        page.click("#to-pl")
        assert page.url == server.url + "/"  # back where the switch was clicked
        assert page.inner_text("h1") == "Język"
        assert page.inner_text("#number") == f"1{NBSP}234,5"
        page.click("#to-bg")
        page.goto(server.url + "/")  # the choice is kept in the cookie
        assert (page.inner_text("h1"), page.get_attribute("html", "lang")) == ("Език", "bg")
        cookies = {c["name"]: c for c in page.context.cookies()}
        assert cookies["jm_lang"]["value"] == "bg"
        assert cookies["jm_lang"]["httpOnly"] is True


def test_two_pages_are_two_people_who_share_no_cookies(two_pages: tuple[Page, Page]) -> None:
    first, second = two_pages
    with serve(tiny_app()) as server:
        first.goto(server.url + "/lang/pl")
        second.goto(server.url + "/")
        assert (first.inner_text("h1"), second.inner_text("h1")) == ("Język", "Language")
        assert second.context.cookies() == []


def test_served_app_listens_on_loopback_and_stops(page: Page) -> None:
    from playwright.sync_api import Error

    server = LiveServer(tiny_app()).start()
    assert server.host == "127.0.0.1" and server.port > 0
    page.goto(server.url + "/")
    assert page.inner_text("h1") == "Language"
    server.stop()
    assert not server.thread.is_alive()
    with pytest.raises(Error, match="ERR_CONNECTION_REFUSED"):
        page.goto(server.url + "/")


# -- the real app ------------------------------------------------------------------------------
# What each language shows for a few strings of the home and map pages (the catalogs' words).
SHOWN = {
    "en": {"nav": "Maps", "maps": "Journey maps", "stages": "Stages", "add": "Add stage"},
    "pl": {"nav": "Mapy", "maps": "Mapy podróży klienta", "stages": "Etapy",
           "add": "Dodaj etap"},
    "bg": {"nav": "Карти", "maps": "Карти на пътуването на клиента", "stages": "Етапи",
           "add": "Добави етап"},
}


def text_of(page: Page, selector: str) -> str:
    return (page.text_content(selector) or "").strip()


def test_workspace_home_lists_the_maps_and_opens_one(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    assert page.inner_text("main h1") == "Acme Sklep"
    page.get_by_role("link", name="Retail journey").click()
    page.wait_for_url(live_server.url + "/maps/retail")
    assert page.inner_text("main h1") == "Retail journey"
    names = page.locator(".stage-head input[name=value]")
    assert [names.nth(i).input_value() for i in range(names.count())] == [
        "Awareness", "Purchase", "Service"]


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_home_and_map_in_each_language(page: Page, live_server: LiveServer, code: str) -> None:
    shown = SHOWN[code]
    page.goto(f"{live_server.url}/lang/{code}?next=/")
    assert page.url == live_server.url + "/"
    assert page.get_attribute("html", "lang") == code
    assert page.inner_text(".topnav a >> nth=0") == shown["nav"]
    assert page.inner_text("main h2") == shown["maps"]
    screenshot(page, f"home-{code}")
    page.get_by_role("link", name="Retail journey").click()
    page.wait_for_url(live_server.url + "/maps/retail")
    assert page.get_attribute("html", "lang") == code
    # The text itself: inner_text would show it as styled (this header is in capitals).
    assert text_of(page, ".stage-row .corner") == shown["stages"]
    assert text_of(page, ".add-stage button") == shown["add"]
    path = screenshot(page, f"map-{code}")
    assert path.parent == SCREENSHOTS and path.stat().st_size > 10_000


def test_language_links_switch_the_page_in_place(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/maps/retail")
    assert text_of(page, ".add-stage button") == "Add stage"
    page.click("nav.languages a[lang=pl]")
    page.wait_for_url(live_server.url + "/maps/retail")
    assert text_of(page, ".add-stage button") == "Dodaj etap"
    assert text_of(page, "nav.languages a.current") == "Polski"
    page.click("nav.languages a[lang=bg]")
    page.wait_for_url(live_server.url + "/maps/retail")
    assert text_of(page, ".add-stage button") == "Добави етап"
    other_tab = page.context.new_page()  # the choice holds for the whole browser
    other_tab.goto(live_server.url + "/")
    assert text_of(other_tab, "main h2") == "Карти на пътуването на клиента"


def test_a_browser_in_another_language_sees_the_workspace_language(
    browser: Browser, live_server: LiveServer
) -> None:
    german = browser.new_context(locale="de-DE")
    try:
        page = german.new_page()
        page.goto(live_server.url + "/")  # the builders' workspace is Polish
        assert page.get_attribute("html", "lang") == "pl"
        assert text_of(page, "main h2") == "Mapy podróży klienta"
    finally:
        german.close()
