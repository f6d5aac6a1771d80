"""The action board in Chromium: drag a card to "done" and see the change saved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from action_support import plan_workspace
from browser_support import LiveServer, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CARD = "#action-act-csat"
DONE = '.action-cards[data-status="done"]'


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    return plan_workspace(tmp_path / "ws")


def test_drag_an_action_to_done(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/actions")
    page.wait_for_function("typeof Sortable !== 'undefined' && document.querySelector("
                           "'.action-cards').dataset.sortableReady === '1'")
    assert page.locator(f'.action-cards[data-status="planned"] {CARD}').count() == 1
    # grab the card by its text (not the link) and drop it on the lower half of the one
    # card in "done", so SortableJS puts it after that card
    below = page.locator("#action-act-conv").bounding_box()
    assert below is not None
    page.locator(f"{CARD} .target").drag_to(
        page.locator("#action-act-conv"), target_position={"x": 20, "y": below["height"] - 8})
    # the server answers with the board re-rendered: the card is in "done", version 2
    page.wait_for_selector(f'{DONE} {CARD}[data-version="2"]')
    screenshot(page, "actions-board")
    page.reload()
    assert page.locator(f"{DONE} {CARD}").count() == 1
    assert "2 of 4 actions done" in page.inner_text(".progress .overall")
    # the focus and method pages render in the same browser
    page.goto(f"{live_server.url}/focus")
    assert page.locator(".matrix .dot").count() == 4
    screenshot(page, "focus-matrix")
    page.goto(f"{live_server.url}/method")
    assert page.locator(".steps .step").count() == 13
    screenshot(page, "method-checklist")
