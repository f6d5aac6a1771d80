"""The activity log: who changed what when, one row per change, in the change's transaction.

The row's ``pk`` only grows, so it doubles as the id of the live-update event a change
causes: a browser that reconnects with ``Last-Event-ID: 41`` is sent every row after 41.
On PostgreSQL the same transaction also sends ``NOTIFY journeymap_activity`` (delivered at
commit, never for a rolled-back change), which wakes the app processes listening for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from journeymap.model import Model
from journeymap.store.documents import now
from journeymap.store.tables import ACTIVITY

#: The PostgreSQL channel every change is announced on; the payload is "<workspace>:<pk>".
CHANNEL = "journeymap_activity"
#: The person changing things in this context (a web request, a CLI run); "" is unknown.
_ACTOR: ContextVar[str] = ContextVar("journeymap_actor", default="")
SUMMARY_LENGTH = 120


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Record changes made inside the block as made by ``actor``."""
    token = _ACTOR.set(actor)
    try:
        yield
    finally:
        _ACTOR.reset(token)


def set_actor(actor: str) -> None:
    """Record the rest of this context's changes (one web request) as made by ``actor``."""
    _ACTOR.set(actor)


def current_actor() -> str:
    return _ACTOR.get()


@dataclass(frozen=True)
class Activity:
    """One change: ``action`` is create, update, move, delete, restore, snapshot, replace,
    comment, reply, resolve, reopen, vote, unvote, promote or import."""

    id: int
    at: datetime
    actor: str
    action: str
    kind: str
    ref: str
    map_id: str
    summary: str
    version: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"at": self.at.isoformat()}


def summary_of(obj: Model | None) -> str:
    """A short text naming the object: its name, title, text or body."""
    for field in ("name", "title", "text", "body", "label", "user"):
        value = getattr(obj, field, None)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"
    return ""


def map_of(ref: str) -> str:
    """The map a reference lies in ("" outside maps); a map is in itself."""
    parts = ref.split("/")
    return parts[1] if parts[0] == "map" and len(parts) >= 2 else ""


def record(conn: sa.Connection, workspace: sa.RowMapping, action: str, kind: str, ref: str,
           summary: str = "", version: int | None = None, where: str | None = None) -> int:
    """Write one activity row (and announce it on PostgreSQL); returns its id.

    ``where`` is the reference that places the change in a map when ``ref`` does not
    (a comment's target)."""
    values = {
        "workspace_pk": workspace["pk"], "at": now(), "actor": current_actor()[:254],
        "action": action, "kind": kind, "ref": ref, "map_id": map_of(where or ref),
        "summary": summary, "version": version,
    }
    table = ACTIVITY
    pk: int = conn.execute(sa.insert(table).returning(table.c.pk), values).scalar_one()
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_notify(CHANNEL, f"{workspace['id']}:{pk}")))
    return pk


def _activity(row: sa.Row[Any]) -> Activity:
    return Activity(row.pk, row.at, row.actor, row.action, row.kind, row.ref, row.map_id,
                    row.summary, row.version)


def listing(conn: sa.Connection, workspace_pk: int, *, map_id: str | None = None,
            ref: str | None = None, after: int | None = None, before: int | None = None,
            limit: int = 50) -> list[Activity]:
    """Rows newest first below ``before``, or oldest first above ``after``.

    ``map_id`` keeps the changes inside that map (and to the map itself); ``ref`` those of
    one object.
    """
    table = ACTIVITY.c
    query = sa.select(ACTIVITY).where(table.workspace_pk == workspace_pk)
    if map_id is not None:
        query = query.where(table.map_id == map_id)
    if ref is not None:
        query = query.where(table.ref == ref)
    if after is not None:
        query = query.where(table.pk > after).order_by(table.pk)
    else:
        query = query.order_by(table.pk.desc())
    if before is not None:
        query = query.where(table.pk < before)
    return [_activity(row) for row in conn.execute(query.limit(limit))]


def latest_id(conn: sa.Connection) -> int:
    """The id of the newest activity of any workspace (0 when there is none)."""
    found = conn.execute(sa.select(sa.func.max(ACTIVITY.c.pk))).scalar_one()
    return int(found or 0)
