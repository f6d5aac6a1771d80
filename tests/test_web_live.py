"""Live updates over server-sent events: in one process, resumed with Last-Event-ID, and
across two app processes sharing one PostgreSQL database (LISTEN/NOTIFY)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser_support import serve
from builders import rich_document
from conftest import send_csrf_token
from journeymap.web import create_app
from journeymap.workbench import init_workspace

#: Upper bound on waiting for an event: a readiness wait, never a timing assertion.
WAIT_SECONDS = 20.0


def read_events(response: httpx.Response, count: int) -> list[dict[str, Any]]:
    """The next ``count`` events of an open stream, each as {id, event, data}."""
    found: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for line in response.iter_lines():
        if line.startswith("id: "):
            current["id"] = int(line[4:])
        elif line.startswith("event: "):
            current["event"] = line[7:]
        elif line.startswith("data: "):
            current["data"] = json.loads(line[6:])
        elif line == "" and "data" in current:
            found.append(current)
            current = {}
            if len(found) == count:
                return found
        elif line == "":
            current = {}
    return found


def client(url: str) -> httpx.Client:
    timeout = httpx.Timeout(WAIT_SECONDS, read=WAIT_SECONDS)
    return send_csrf_token(httpx.Client(base_url=url, timeout=timeout))


def rename_card(http: httpx.Client, card: str, text: str) -> int:
    current = http.get(f"/api/v1/maps/checkout/cards/{card}").json()
    answer = http.patch(f"/api/v1/maps/checkout/cards/{card}", json={"text": text},
                        headers={"If-Match": str(current["version"])})
    assert answer.status_code == 200, answer.text
    version: int = answer.json()["version"]
    return version


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[str]:
    init_workspace(tmp_path / "ws", document=rich_document()).close()
    with serve(create_app(tmp_path / "ws")) as server:
        yield server.url


def test_an_edit_reaches_an_open_stream_with_who_and_what(sqlite_server: str) -> None:
    with client(sqlite_server) as http, http.stream("GET", "/api/v1/events/stream") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        rename_card(http, "feel-1", "Delighted")
        (event,) = read_events(stream, 1)
    assert event["event"] == "change"
    data = event["data"]
    assert data["id"] == event["id"]
    assert (data["action"], data["kind"], data["ref"], data["map_id"], data["summary"],
            data["version"]) == ("update", "card", "map/checkout/card/feel-1", "checkout",
                                 "Delighted", 2)
    assert data["actor"]  # the local user in local mode


def test_a_reconnecting_stream_gets_what_it_missed_first(sqlite_server: str) -> None:
    with client(sqlite_server) as http:
        with http.stream("GET", "/api/v1/events/stream") as stream:
            rename_card(http, "feel-1", "one")
            (first,) = read_events(stream, 1)
        rename_card(http, "feel-1", "two")  # while nobody listens
        rename_card(http, "feel-2", "three")
        headers = {"Last-Event-ID": str(first["id"])}
        with http.stream("GET", "/api/v1/events/stream", headers=headers) as stream:
            missed = read_events(stream, 2)
    assert [e["data"]["summary"] for e in missed] == ["two", "three"]
    assert [e["id"] for e in missed] == [first["id"] + 1, first["id"] + 2]


def test_a_stream_of_one_map_skips_the_others(sqlite_server: str) -> None:
    with client(sqlite_server) as http:
        start = http.get("/api/v1/activity", params={"limit": 1}).json()["items"][0]["id"]
        version = http.get("/api/v1/maps/checkout-next/cards/feel-1").json()["version"]
        http.patch("/api/v1/maps/checkout-next/cards/feel-1", json={"text": "elsewhere"},
                   headers={"If-Match": str(version)})
        rename_card(http, "feel-1", "here")
        params = {"map": "checkout", "since": start}
        with http.stream("GET", "/api/v1/events/stream", params=params) as stream:
            (event,) = read_events(stream, 1)
    assert (event["data"]["map_id"], event["data"]["summary"]) == ("checkout", "here")


def test_a_bad_last_event_id_is_refused(sqlite_server: str) -> None:
    with client(sqlite_server) as http:
        answer = http.get("/api/v1/events/stream", headers={"Last-Event-ID": "x1"})
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["path"] == "Last-Event-ID"


# -- two app processes, one PostgreSQL database -------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_process(folder: Path, database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = os.environ | {"JOURNEYMAP_WORKSPACE": str(folder),
                        "JOURNEYMAP_DATABASE_URL": database_url,
                        "JOURNEYMAP_HOST": "127.0.0.1",
                        # no polling within the test's wait: only NOTIFY can deliver in time
                        "JOURNEYMAP_LIVE_POLL_SECONDS": "600"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory",
         "journeymap.web.app:app_from_environment", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/api/v1/workspace", timeout=1.0).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"app process did not start: {process.communicate()[1].decode()[-800:]}")


@pytest.mark.postgres
def test_an_edit_in_one_process_reaches_the_stream_of_another(
    tmp_path: Path, postgres_url: str
) -> None:
    init_workspace(tmp_path / "ws", document=rich_document(), database_url=postgres_url).close()
    processes = [start_process(tmp_path / "ws", postgres_url) for _ in range(2)]
    try:
        (_, url_a), (_, url_b) = processes
        with client(url_a) as a, client(url_b) as b:
            with b.stream("GET", "/api/v1/events/stream") as stream:
                rename_card(a, "feel-1", "from process A")
                (event,) = read_events(stream, 1)
            assert (event["data"]["ref"], event["data"]["summary"]) == (
                "map/checkout/card/feel-1", "from process A")
            assert b.get("/api/v1/maps/checkout/cards/feel-1").json()["text"] == "from process A"
    finally:
        for process, _ in processes:
            process.terminate()
            process.wait(10)
