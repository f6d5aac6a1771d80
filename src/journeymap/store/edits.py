"""Edits of single versioned objects: reading one, changing its fields, the write guard.

Each edit runs inside the caller's write transaction: it reads the workspace, applies the
change to the document data, validates the whole document, then writes only the rows that
changed. The edited row is written with ``... WHERE pk = :pk AND version = :expected``
and the row count checked, so a stale edit can never overwrite a newer one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from journeymap.errors import ConflictError, InputError
from journeymap.model import Model, WorkspaceDocument
from journeymap.store.documents import load_data, now, tombstones
from journeymap.store.refs import (
    Ref,
    locate,
    not_found,
    validate,
)
from journeymap.store.tables import (
    CARD,
    COMMENT,
    JOURNEY_MAP,
    LANE,
    WORKSPACE,
    Kind,
    decode,
    encode,
)

Row = sa.RowMapping
Data = dict[str, Any]


@dataclass(frozen=True)
class Versioned:
    """One stored object and its version. ``obj`` of a map holds all its children (stages,
    lanes with their cards, ...); ``obj`` of a lane holds its cards."""

    ref: str
    kind: str
    version: int
    obj: Model
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """The object as JSON-ready data plus its ``version`` (what a conflict carries)."""
        return self.obj.model_dump(mode="json") | {"version": self.version}


def row_of(conn: sa.Connection, workspace: Row, ref: Ref) -> Row | None:
    if ref.kind is WORKSPACE:
        return workspace
    table = ref.kind.table
    query = sa.select(table).where(
        table.c.workspace_pk == workspace["pk"], table.c.id == ref.ident
    )
    if ref.map_id is not None:
        maps = JOURNEY_MAP.table
        query = query.join(maps, maps.c.pk == table.c.map_pk).where(maps.c.id == ref.map_id)
    return conn.execute(query).mappings().first()


def require_row(conn: sa.Connection, workspace: Row, ref: Ref) -> Row:
    row = row_of(conn, workspace, ref)
    if row is None:
        raise not_found(ref, workspace["id"])
    return row


def get(conn: sa.Connection, workspace: Row, ref: Ref) -> Versioned:
    row = require_row(conn, workspace, ref)
    if ref.kind in (JOURNEY_MAP, LANE):
        obj = ref.kind.model.model_validate(locate(load_data(conn, workspace), ref))
    else:
        obj = ref.kind.model.model_validate(decode(ref.kind, row))
    return Versioned(ref.text, ref.word, row["version"], obj, row["updated_at"])


def conflict(conn: sa.Connection, workspace: Row, ref: Ref, expected: int) -> ConflictError:
    """The refusal of a stale edit, carrying what is stored now (None when deleted)."""
    current = None
    if row_of(conn, workspace, ref) is not None:
        current = get(conn, workspace, ref).to_dict()
    return ConflictError(ref.word, ref.ident or ref.text, expected_version=expected,
                         current=current)


def _buried(conn: sa.Connection, workspace: Row, ref: Ref) -> bool:
    key = (ref.kind.name, ref.map_id or "", ref.ident)
    return key in tombstones(conn, workspace["pk"])


def checked_row(conn: sa.Connection, workspace: Row, ref: Ref, expected: int) -> Row:
    """The row to edit, if it is still at ``expected``; a conflict if it was deleted."""
    row = row_of(conn, workspace, ref)
    if row is None and _buried(conn, workspace, ref):
        raise ConflictError(ref.word, ref.ident, expected_version=expected, current=None)
    if row is None:
        raise not_found(ref, workspace["id"])
    if row["version"] != expected:
        raise conflict(conn, workspace, ref, expected)
    return row


def guarded_update(
    conn: sa.Connection, workspace: Row, ref: Ref, row: Row, expected: int, values: Data
) -> tuple[int, datetime]:
    """Write ``values`` only if the row is still at ``expected``; the new version and time."""
    table = ref.kind.table
    stamp = now()
    result = conn.execute(
        sa.update(table)
        .where(table.c.pk == row["pk"], table.c.version == expected)
        .values(values | {"version": table.c.version + 1, "updated_at": stamp})
    )
    if result.rowcount != 1:
        raise conflict(conn, workspace, ref, expected)
    return expected + 1, stamp


def model_at(document: WorkspaceDocument, ref: Ref) -> Model:
    """The validated object ``ref`` names in ``document``."""
    if ref.kind is WORKSPACE:
        return document.workspace
    if ref.map_id is None:
        items: list[Model] = getattr(document, ref.kind.collection)
    else:
        jmap = document.map(ref.map_id)
        if ref.kind is CARD:
            items = [card for lane in jmap.lanes for card in lane.cards]
        else:
            items = getattr(jmap, ref.kind.collection)
    return next(item for item in items if getattr(item, ref.kind.key) == ref.ident)


def scope_of(kind: Kind, row: Row) -> list[sa.ColumnElement[bool]]:
    """Rows sharing ``row``'s list: positions count within it."""
    table = kind.table
    if kind.scope == "lane":
        return [table.c.lane_pk == row["lane_pk"]]
    if kind.scope == "map":
        return [table.c.map_pk == row["map_pk"]]
    return [table.c.workspace_pk == row["workspace_pk"]]


def renumber(conn: sa.Connection, kind: Kind, scope: list[sa.ColumnElement[bool]],
             items: list[Data]) -> None:
    """Give the rows of one list the positions of ``items``' order."""
    table = kind.table
    pks = {r.id: r.pk for r in conn.execute(sa.select(table.c.id, table.c.pk).where(*scope))}
    params = [
        {"row_pk": pks[item[kind.key]], "new_position": index}
        for index, item in enumerate(items)
        if item[kind.key] in pks
    ]
    if params:
        conn.execute(
            sa.update(table)
            .where(table.c.pk == sa.bindparam("row_pk"))
            .values(position=sa.bindparam("new_position")),
            params,
        )


def _check_changes(ref: Ref, changes: dict[str, Any]) -> None:
    fields = ref.kind.model.model_fields
    for name in changes:
        if name not in fields:
            raise InputError(
                f"{ref.text} has no field {name!r}",
                hint="fields: " + ", ".join(f for f in fields if f not in ref.kind.children),
            )
        if name == ref.kind.key:
            raise InputError(f"the {name} of {ref.text} cannot be changed",
                             hint="add a new object and delete this one")
        if name in ref.kind.children:
            raise InputError(f"{ref.text}: {name} are edited one by one, not through the "
                             f"{ref.word}", hint="use add, update, move and delete on them")


def update(
    conn: sa.Connection, workspace: Row, ref: Ref, changes: dict[str, Any], expected: int
) -> Versioned:
    row = checked_row(conn, workspace, ref, expected)
    _check_changes(ref, changes)
    data = load_data(conn, workspace)
    locate(data, ref).update(changes)
    obj = model_at(validate(data, f"changing {ref.text}"), ref)
    values = encode(ref.kind, obj)
    del values["id"]
    version, stamp = guarded_update(conn, workspace, ref, row, expected, values)
    return Versioned(ref.text, ref.word, version, obj, stamp)


def drop_comments(
    data: Data, gone: set[str], prefix: str | None = None, dropped: set[str] | None = None
) -> list[str]:
    """Remove from ``data`` the comments on ``gone`` objects (or under ``prefix``), the
    ``dropped`` ones, and all replies to those; returns the ids removed."""
    dropped = set(dropped or ())
    for comment in data["comments"]:
        target: str = comment["target"]
        if target in gone or (prefix is not None and target.startswith(prefix)):
            dropped.add(comment["id"])
    grew = True
    while grew:  # replies go with the comment they answer
        replies = {c["id"] for c in data["comments"] if c["parent"] in dropped} - dropped
        dropped |= replies
        grew = bool(replies)
    data["comments"] = [c for c in data["comments"] if c["id"] not in dropped]
    return sorted(dropped)


def delete_comments(conn: sa.Connection, workspace: Row, ids: list[str], data: Data) -> None:
    """Delete comment rows ``ids`` and renumber the remaining ``data["comments"]``."""
    comments = COMMENT.table
    in_workspace = comments.c.workspace_pk == workspace["pk"]
    if ids:
        conn.execute(sa.delete(comments).where(in_workspace, comments.c.id.in_(ids)))
    renumber(conn, COMMENT, [in_workspace], data["comments"])
