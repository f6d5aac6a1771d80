"""Browser fixtures (loaded from conftest.py through ``pytest_plugins``).

``live_server``: the real app of a workspace built from ``builders.document()``, served by
uvicorn on a free loopback port. ``browser``: one Chromium per session (Debian's, driven by
Playwright). ``context``/``page``: a fresh, isolated browser context per test, English by
default. ``two_pages``: two independent people (two contexts) for the collaboration tests.
A failing test leaves a screenshot of each of its pages in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    LiveServer,
    build_workspace,
    screenshot,
    serve,
)
from conftest import missing_service

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

FAILED_KEY = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED_KEY] = True
    return report


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    return build_workspace(tmp_path / "workspace")


@pytest.fixture
def live_server(workspace_dir: Path) -> Iterator[LiveServer]:
    from journeymap.web.app import create_app

    with serve(create_app(workspace_dir)) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing_service("Playwright (the playwright package is not installed)")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing_service(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Error as exc:
        playwright.stop()
        missing_service(f"Chromium at {CHROMIUM} ({exc.message.splitlines()[0]})")
    yield chromium
    chromium.close()
    playwright.stop()


def _new_context(browser: Browser) -> BrowserContext:
    return browser.new_context(locale="en-US", viewport=VIEWPORT,  # type: ignore[arg-type]
                               timezone_id="UTC")


def _keep_if_failed(request: pytest.FixtureRequest, pages: list[Page]) -> None:
    if request.node.stash.get(FAILED_KEY, False):
        for index, page in enumerate(pages):
            if not page.is_closed():
                screenshot(page, f"FAILED-{request.node.name}-{index}")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = _new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, context: BrowserContext) -> Iterator[Page]:
    tab = context.new_page()
    yield tab
    _keep_if_failed(request, [tab])


@pytest.fixture
def two_pages(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, Page]]:
    """Two people at once: separate contexts share no cookies or storage."""
    contexts = [_new_context(browser), _new_context(browser)]
    pages = [ctx.new_page() for ctx in contexts]
    yield pages[0], pages[1]
    _keep_if_failed(request, pages)
    for ctx in contexts:
        ctx.close()
