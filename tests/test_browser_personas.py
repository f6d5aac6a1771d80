"""In a real browser: the persona cards, and renaming a persona from its card."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from browser_support import screenshot, serve
from persona_support import persona_workspace

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_rename_a_persona_on_its_card(page: Page, tmp_path: Path) -> None:
    from journeymap.web.app import create_app
    from journeymap.workbench import Workbench

    folder = persona_workspace(tmp_path / "ws")
    with serve(create_app(folder)) as server:
        page.goto(f"{server.url}/personas")
        card = page.locator("#persona-ola")
        assert "8 customers" in card.locator(".persona-size").inner_text()
        card.locator("summary").click()
        card.locator("input[name=name]").fill("Ola, the careful saver")
        card.locator("button[type=submit]").click()
        page.wait_for_url("**/personas#persona-ola")
        heading = page.locator("#persona-ola .persona-name")
        assert heading.inner_text() == "Ola, the careful saver"
        screenshot(page, "personas-renamed")
    with Workbench.open(folder) as bench:
        stored: Any = bench.get("persona/ola").obj
    assert stored.name == "Ola, the careful saver"
