"""The Flows pages in Chromium: ECharts draws each chart, the slider sets the edges shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import LiveServer, build_workspace, screenshot
from journeymap.ingest.api import import_events
from test_web_flows import EVENTS, FUNNEL

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

EDGES = "echarts.getInstanceByDom(document.getElementById('flow-chart'))" \
    ".getOption().series[0].links.length"


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """The builders' workspace with the hand-made events of ``test_web_flows``."""
    folder = build_workspace(tmp_path / "workspace")
    source = tmp_path / "events.csv"
    source.write_text(EVENTS)
    import_events(folder, source)
    return folder


def open_chart(page: Page, url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_selector("#flow-chart canvas")
    assert dialogs == []


def test_dfg_slider_changes_the_edges_shown(page: Page, live_server: LiveServer) -> None:
    open_chart(page, f"{live_server.url}/flows/dfg")
    # six transitions by event in the hand-made journeys: all shown at first (at most 15)
    assert page.inner_text("#dfg-edges-shown") == "6 of 6 edges"
    assert page.evaluate(EDGES) == 6
    page.fill("#dfg-edges", "2")
    assert page.inner_text("#dfg-edges-shown") == "2 of 6 edges"
    assert page.evaluate(EDGES) == 2
    assert page.get_attribute("#flow-chart", "data-edges-shown") == "2"
    screenshot(page, "flows-dfg")


def test_sankey_and_funnel_draw_their_charts(page: Page, live_server: LiveServer) -> None:
    open_chart(page, f"{live_server.url}/flows/sankey")
    assert page.evaluate(EDGES) == 3
    screenshot(page, "flows-sankey")
    steps = "&".join(f"step={name}" for name in FUNNEL["step"])
    open_chart(page, f"{live_server.url}/flows/funnel?{steps}")
    bars = page.evaluate("echarts.getInstanceByDom(document.getElementById('flow-chart'))"
                         ".getOption().series[0].data")
    assert bars == [2, 2, 1]
    screenshot(page, "flows-funnel")
