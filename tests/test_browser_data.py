"""The Data page in a real browser: upload a file with bad rows, preview, import with
progress, see the bad rows quarantined with their reasons, assign an unmatched event."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import LiveServer, screenshot
from test_workbench_imports import EVENTS

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_upload_with_bad_rows_is_quarantined(page: Page, live_server: LiveServer,
                                             tmp_path: Path) -> None:
    events = tmp_path / "march.csv"
    events.write_text(EVENTS, encoding="utf-8")
    page.goto(live_server.url + "/data")
    page.set_input_files("input[name=file]", str(events))
    page.click(".data-upload button[type=submit]")
    page.wait_for_selector(".data-preview")
    assert page.locator(".data-preview tr.bad").count() == 2
    page.click("#data-panel button[type=submit]")
    page.wait_for_selector(".data-counts")
    counts = {name: page.inner_text(f"dd[data-count={name}]")
              for name in ("read", "accepted", "quarantined", "duplicates")}
    assert counts == {"read": "7", "accepted": "5", "quarantined": "2", "duplicates": "0"}
    page.click("text=See the quarantined rows")
    page.wait_for_selector(".data-quarantine")
    rows = page.locator(".data-quarantine tbody tr")
    assert rows.count() == 2
    assert page.inner_text(".data-quarantine tbody tr:nth-child(2) td.reason") == (
        "missing value; expected a non-empty value")
    assert page.inner_text(".data-history tbody td:nth-child(3)") == "march.csv"
    screenshot(page, "data-page-after-import")
    row = page.locator("tr[data-event=app_open]")
    row.locator("select[name=touchpoint]").select_option(label="Hotline (Service)")
    row.locator("form[action='/data/assign'] button").click()
    page.wait_for_selector("tr[data-event=app_open]", state="detached")
    assert page.locator("tr[data-event=newsletter_open]").count() == 1
