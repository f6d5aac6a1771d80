"""Results kept in memory per data version: a small thread-safe least-recently-used table.

The pages ask for the same numbers again and again; their keys name the analytic store's
state (:func:`store_state`) and what the result depends on, so a new import or a changed map
is a new key, and old entries simply fall out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

from journeymap.layout import ANALYTICS_FILE

V = TypeVar("V")


class Memo(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The kept value (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def peek(self, key: Hashable) -> V | None:
        """The kept value, leaving the order as it is."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The kept value, else ``compute()`` kept. It runs outside the lock: two callers may
        both compute a missing value, and neither holds up the others meanwhile."""
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def store_state(database: Path) -> tuple[int, int, int, int]:
    """Changes whenever an import commits to the analytic store.

    DuckDB commits to its WAL (``<file>.wal``) and copies it into the file only at a
    checkpoint, so the WAL's time and size count too: a commit that is still in the WAL
    leaves the file itself as it was. The WAL's size also tells apart two commits within one
    tick of the file system's clock (between checkpoints each commit makes the WAL longer).
    """
    if not database.is_file():
        return (0, 0, 0, 0)
    stat = database.stat()
    wal = database.with_name(database.name + ".wal")
    try:
        wal_stat = wal.stat()
    except FileNotFoundError:  # no WAL: everything is checkpointed into the file
        return (stat.st_mtime_ns, stat.st_size, 0, 0)
    return (stat.st_mtime_ns, stat.st_size, wal_stat.st_mtime_ns, wal_stat.st_size)


def data_version(workspace_dir: Path) -> tuple[int, int, int, int] | None:
    """The :func:`store_state` of the workspace's analytic store; None when there is none.

    The analytic store is a DuckDB file in the workspace folder whatever holds the
    workspace's documents (SQLite or PostgreSQL), so this is the same for both; what the
    caches read from the documents is part of their keys instead.
    """
    database = workspace_dir / ANALYTICS_FILE
    if not database.is_file():
        return None
    return store_state(database)
