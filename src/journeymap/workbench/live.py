"""Live updates: wake the open pages when the workspace changes (see docs/adr/0011).

The activity log in the store is the one source of events (its ids are the event ids);
this module only says *when* to look at it again:

- in one process, the store calls :meth:`LiveUpdates.wake` after every committed change;
- with PostgreSQL, a listener thread waits on ``LISTEN journeymap_activity`` and wakes
  this process for changes committed by any other process on the same database;
- with SQLite (one machine), streams also look every ``SQLITE_POLL_SECONDS``, so a change
  made by another process (e.g. ``journeymap import`` in a terminal) shows up too.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import sqlalchemy as sa

from journeymap.store.activity import CHANNEL

if TYPE_CHECKING:
    from journeymap.workbench.session import Workbench

LOG = logging.getLogger(__name__)
#: How long a stream waits for a wake-up before it looks at the log anyway.
POSTGRES_POLL_SECONDS = 15.0
SQLITE_POLL_SECONDS = 1.0
#: Overrides both (e.g. to prove in a test that only NOTIFY delivers an event in time).
POLL_VARIABLE = "JOURNEYMAP_LIVE_POLL_SECONDS"
#: Pause before the PostgreSQL listener reconnects after losing its connection.
RECONNECT_SECONDS = 2.0


class LiveUpdates:
    """Wake-ups for the event streams of one app process."""

    def __init__(self, workspace_id: str, postgres_url: str | None = None) -> None:
        self.workspace_id = workspace_id
        self.postgres_url = postgres_url
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set while LISTEN is active (tests wait on it)

    @property
    def poll_seconds(self) -> float:
        given = os.environ.get(POLL_VARIABLE)
        if given:
            return float(given)
        return POSTGRES_POLL_SECONDS if self.postgres_url else SQLITE_POLL_SECONDS

    def wake(self, workspace_id: str | None = None, _ident: int | None = None) -> None:
        """Wake every stream (of this workspace); safe to call from any thread."""
        if workspace_id is not None and workspace_id != self.workspace_id:
            return
        with self._lock:
            waiters = list(self._waiters)
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    @contextmanager
    def subscription(self) -> Iterator[asyncio.Event]:
        """An event set on every wake-up, for a stream running in the current event loop."""
        entry = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            self._waiters.add(entry)
        try:
            yield entry[1]
        finally:
            with self._lock:
                self._waiters.discard(entry)

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._waiters)

    # -- PostgreSQL ----------------------------------------------------------------
    def start(self) -> None:
        """Listen for other processes' changes (PostgreSQL only; a no-op otherwise)."""
        if self.postgres_url is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._listen_forever, daemon=True,
                                        name="journeymap-listen")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)
            self._thread = None

    def _listen_forever(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as exc:  # a lost connection must not end live updates
                LOG.warning("live updates: PostgreSQL listener failed (%s); retrying", exc)
            self.listening.clear()
            self._stop.wait(RECONNECT_SECONDS)

    def _listen(self) -> None:
        import psycopg

        assert self.postgres_url is not None
        with psycopg.connect(self.postgres_url, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            self.wake()  # changes made while (re)connecting are picked up now
            while not self._stop.is_set():
                for note in conn.notifies(timeout=0.5):
                    self.wake(note.payload.rpartition(":")[0])


def libpq_url(url: str) -> str | None:
    """The store URL as psycopg takes it, or None for stores other than PostgreSQL."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def live_updates(bench: Workbench) -> LiveUpdates:
    """Live updates of ``bench``'s workspace, hooked into its store and started."""
    live = LiveUpdates(bench.workspace_id, libpq_url(bench.store.url))
    bench.store.listeners.append(live.wake)
    live.start()
    return live

