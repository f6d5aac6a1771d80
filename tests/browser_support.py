"""Browser tests: a real app under uvicorn on a loopback port, Debian's Chromium, screenshots.

The fixtures live in ``conftest_browser.py``; this module holds what they and the tests share.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn

from builders import document
from journeymap.model import WorkspaceDocument
from journeymap.workbench import init_workspace

if TYPE_CHECKING:
    from playwright.sync_api import Page

#: Debian's build; Playwright's own browsers are never downloaded (no network in CI).
CHROMIUM = Path(os.environ.get("JOURNEYMAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
VIEWPORT = {"width": 1366, "height": 900}
#: Upper bound on waiting for uvicorn to listen: a readiness wait, never a timing assertion.
STARTUP_SECONDS = 20.0


class LiveServer:
    """An ASGI app served by uvicorn from a background thread on a free loopback port."""

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        # Bound here, handed to uvicorn: no window in which another process takes the port.
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, 0))
        self.host, self.port = self.socket.getsockname()[:2]
        # the pages hold event streams open: cut them when the test stops the server
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True,
            name=f"uvicorn:{self.port}",
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the app did not start listening on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(STARTUP_SECONDS)
        self.socket.close()


@contextmanager
def serve(app: Any) -> Iterator[LiveServer]:
    server = LiveServer(app).start()
    try:
        yield server
    finally:
        server.stop()


def build_workspace(path: Path, workspace: WorkspaceDocument | None = None) -> Path:
    """A workspace folder at ``path`` holding ``workspace`` (default: the builders' one)."""
    init_workspace(path, document=workspace or document()).close()
    return path


def artifact_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as ``test-artifacts/screenshots/<name>.png`` (kept by CI)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{artifact_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
