"""Live numbers in Chromium: a cold canvas fetches its numbers, the filter bar recomputes them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import LiveServer, screenshot
from journeymap.workbench.numbers import clear_cache
from test_workbench_numbers import make_workspace, shop_document

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FIRST_STAGE = ".stage-head >> nth=0 >> .stage-numbers .reach b"


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """The hand-built shop of ``test_workbench_numbers``: events, customers and answers."""
    clear_cache()
    return make_workspace(tmp_path / "ws", shop_document())


def test_filter_bar_recomputes_and_keeps_the_filter_in_the_url(
        page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/maps/shop")
    # the first paint does not wait for the engine: the board fetches its numbers itself
    page.wait_for_selector(".stage-numbers")
    assert page.inner_text(FIRST_STAGE) == "4"
    page.select_option("#numbers-filter select[name=persona]", "web")
    page.wait_for_url("**/maps/shop?persona=web*")
    page.wait_for_function("document.querySelector('.stage-numbers .reach b')"
                           ".textContent === '2'")
    page.check("#numbers-filter input[name=quotes]")
    page.wait_for_selector(".quote-card")
    assert "quotes=1" in page.url
    assert page.inner_text(".kind-thoughts .quote-card >> nth=0") != ""
    screenshot(page, "numbers-filtered")
    page.reload()
    page.wait_for_selector(".quote-card")
    assert page.input_value("#numbers-filter select[name=persona]") == "web"
