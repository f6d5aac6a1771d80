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


def test_discover_shows_the_running_job_then_the_result(
        page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The discovery runs in the background: the status box first, then the new cards."""
    import threading

    from playwright.sync_api import expect

    from journeymap.web import personas
    from journeymap.web.app import create_app

    gate = threading.Event()
    real = personas.discover_personas

    def held(*args: Any, **kwargs: Any) -> Any:  # the real discovery, once the test sees it run
        assert gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(personas, "discover_personas", held)
    folder = persona_workspace(tmp_path / "ws")
    with serve(create_app(folder)) as server:
        try:
            page.goto(f"{server.url}/personas")
            page.locator(".discover-form button[type=submit]").click()
            status = page.locator("#job-status")
            expect(status).to_have_attribute("data-state", "running")
            expect(status).to_contain_text("Finding personas... started")
            screenshot(page, "personas-discovery-running")
        finally:
            gate.set()
        expect(page.locator("#job-status")).to_contain_text(  # a bound, not a timing
            "Personas found: 3. Personas discovered: 3 new, 0 kept, 0 removed.", timeout=60_000)
        assert "/personas?job=" in page.url
        expect(page.locator("#persona-cluster-2")).to_be_visible()
        screenshot(page, "personas-discovered")
