"""``journeymap serve`` in a real subprocess: it prints the address, serves, and stops cleanly."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from builders import document
from journeymap.workbench import init_workspace

#: The real root command, with ``serve`` mounted unless the root already mounts it.
LAUNCHER = """
from journeymap.cli.app import app, main
from journeymap.cli.serve import register
if not any(command.name == "serve" for command in app.registered_commands):
    register(app)
main()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[str]) -> str:
    """The page body once the server answers (it needs a moment to start)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                body: str = answer.read().decode()
                return body
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_and_stops_cleanly(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", document=document()).close()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, "serve", "--workspace", str(tmp_path / "ws"),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        page = wait_for(f"http://127.0.0.1:{port}/maps/retail", process)
        assert "Retail journey" in page and 'id="board"' in page
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.splitlines()[0] == f"journeymap serving {tmp_path / 'ws'} at http://127.0.0.1:{port}/"
    assert "Traceback" not in err


def test_serve_refuses_a_folder_that_is_no_workspace(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, "serve", "--workspace", str(tmp_path), "--port", "1"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"error[workspace_error]: {tmp_path} is not a journeymap")
    assert done.stdout == ""
