"""The Places map in Chromium: markers, popups, layers, filters, offline basemap, dragging."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import LiveServer, screenshot
from builders import places_workspace
from journeymap.workbench.places import clear_cache
from journeymap.workbench.places_io import PlacesSettings, write_settings

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

MARKERS = ".leaflet-marker-icon.place-marker"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    clear_cache()
    folder = places_workspace(tmp_path / "ws")
    write_settings(folder, PlacesSettings(
        tile_url=f"http://127.0.0.1:{closed_port()}/{{z}}/{{x}}/{{y}}.png"))
    return folder


def open_map(page: Page, server: LiveServer, query: str = "") -> None:
    page.goto(f"{server.url}/places{query}")
    page.wait_for_selector("#places-map[data-ready=true]")
    page.wait_for_selector(MARKERS)


def marker(page: Page, location: str) -> str:
    return f'{MARKERS}[data-location="{location}"]'


def test_markers_popups_and_tooltips(page: Page, live_server: LiveServer) -> None:
    open_map(page, live_server)
    assert page.locator(MARKERS).count() == 2
    page.hover(marker(page, "waw"))
    assert page.inner_text(".leaflet-tooltip") == "Sklep Warszawa"
    page.click(marker(page, "waw"))
    popup = page.locator('.place-popup[data-location="waw"]')
    assert popup.locator("h3").inner_text() == "Sklep Warszawa"
    assert popup.locator('a[href="tel:+4822100200"]').inner_text() == "+48 22 100 200"
    assert popup.locator('a[href="https://acme.example/waw"]').count() == 1
    assert popup.locator('li[data-kpi="visits"]').inner_text().endswith("4")
    assert popup.locator('li[data-kpi="customers"]').inner_text().endswith("2")
    assert popup.locator('li[data-kpi="conversion"]').inner_text().endswith("50 (n = 2)")
    assert popup.locator('li[data-kpi="csat"]').inner_text().endswith("50 (n = 2)")
    assert popup.locator('li[data-kpi="nps"]').inner_text().endswith("— (n = 0)")
    screenshot(page, "places-popup")
    popup.locator("a.button").click()
    page.wait_for_url("**/places/waw")
    assert page.locator(".place-kpis tr[data-kpi=visits] td").first.inner_text() == "4"


def test_a_layer_toggle_hides_markers_and_zooming_out_clusters(
        page: Page, live_server: LiveServer) -> None:
    open_map(page, live_server)
    toggle = page.locator('.leaflet-control-layers-overlays label',
                          has=page.locator('span[data-layer="type:kiosk"]')).locator("input")
    toggle.uncheck()
    page.wait_for_function(f"document.querySelectorAll('{MARKERS}').length === 1")
    assert page.locator(marker(page, "waw")).count() == 1
    toggle.check()
    page.wait_for_function(f"document.querySelectorAll('{MARKERS}').length === 2")
    zoom_out = page.locator(".leaflet-control-zoom-out:not(.leaflet-disabled)")
    while zoom_out.count():  # out to the smallest zoom: Warszawa and Sofia are 30 px apart
        zoom_out.click()
        page.wait_for_timeout(400)  # let the zoom animation end before the next click
    page.wait_for_selector(".marker-cluster")
    page.wait_for_function(f"document.querySelectorAll('{MARKERS}').length === 0")
    assert page.locator(".marker-cluster").inner_text() == "2"


def test_a_filter_changes_a_markers_numbers(page: Page, live_server: LiveServer) -> None:
    open_map(page, live_server)
    assert page.inner_text('#places-table tr[data-location="sof"] .visits') == "3"
    page.select_option("#places-filter select[name=persona]", "ola")
    page.click("#places-filter button[type=submit]")
    page.wait_for_function("document.querySelector('#places-table tr[data-location=\"sof\"] "
                           ".visits').textContent === '0'")
    assert "persona=ola" in page.url
    page.click(marker(page, "sof"))
    popup = page.locator('.place-popup[data-location="sof"]')
    assert popup.locator('li[data-kpi="visits"]').inner_text().endswith("0")
    assert popup.locator('li[data-kpi="nps"]').inner_text().endswith("— (n = 0)")
    assert "persona=ola" in (page.get_attribute("#places-export", "href") or "")


def test_offline_basemap_when_tiles_are_unreachable(page: Page, live_server: LiveServer) -> None:
    open_map(page, live_server)
    page.wait_for_selector("#places-map[data-basemap=offline-ready]")
    assert page.locator("path.basemap-country").count() > 100
    assert page.is_visible("#places-status")
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    screenshot(page, "places-offline-basemap")


def test_tiles_are_used_when_reachable(page: Page, live_server: LiveServer,
                                       workspace_dir: Path) -> None:
    png = "/static/vendor/leaflet-1.9.4/images/layers.png"
    write_settings(workspace_dir, PlacesSettings(
        tile_url=f"{live_server.url}{png}?z={{z}}&x={{x}}&y={{y}}", tile_attribution="Test"))
    open_map(page, live_server)
    page.wait_for_selector("img.leaflet-tile-loaded")
    assert page.get_attribute("#places-map", "data-basemap") == "tiles"
    assert "Test" in page.inner_text(".leaflet-control-attribution")


def test_drag_a_marker_saves_lat_lon(page: Page, live_server: LiveServer) -> None:
    open_map(page, live_server)
    box = page.locator(marker(page, "sof")).bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y - 30, steps=8)
    page.mouse.up()
    page.wait_for_selector("#places-map[data-saved^='sof@']")
    saved = page.request.get(f"{live_server.url}/api/v1/places/sof").json()
    assert saved["version"] == 2 and saved["lat"] is not None
    assert saved["lat"] > 42.7 and saved["lon"] > 23.33  # north-east of Sofia's centre
    page.reload()
    page.wait_for_selector("#places-map[data-ready=true]")
    assert page.get_attribute('#places-table tr[data-location="sof"]', "data-position") == \
        "given"


def test_add_a_place_and_find_it_by_search(page: Page, live_server: LiveServer) -> None:
    open_map(page, live_server)
    page.click(".places-add summary")
    page.fill("#places-add input[name=name]", "Kiosk Пловдив")
    page.fill("#places-add input[name=city]", "Plovdiv")
    page.fill("#places-add input[name=type]", "kiosk")
    page.click("#places-add button[type=submit]")
    page.wait_for_selector('#places-table tr[data-location="kiosk"][data-position="city"]')
    page.wait_for_selector("#places-map[data-ready=true]")
    page.fill("#places-search", "пловдив")
    page.click("#places-matches button")
    popup = page.locator('.place-popup[data-location="kiosk"]')
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "Kiosk Пловдив"
    assert popup.locator(".hint").count() == 1  # placed at the city centre, and says so
