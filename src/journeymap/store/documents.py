"""Whole documents: read a workspace's rows into a document, write a document as rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError

from journeymap.errors import StoreError
from journeymap.model import JourneyMap, Lane, Model, WorkspaceDocument
from journeymap.store.tables import (
    BOARD_NOTE,
    CARD,
    COMMENT,
    JOURNEY_MAP,
    KINDS,
    KPI,
    LANE,
    LOCATION,
    MAP_KINDS,
    MAP_SNAPSHOT,
    MEMBER,
    PERSONA,
    TOMBSTONE,
    WORKSPACE,
    Kind,
    decode,
    encode,
)

#: Kinds listed directly in the document, in document order.
WORKSPACE_LISTS = (MEMBER, PERSONA, KPI, LOCATION)

#: (kind name, map id or "", id) -> (version, created_at) of rows being replaced.
Previous = dict[tuple[str, str, str], tuple[int, datetime]]


def now() -> datetime:
    return datetime.now(UTC)


def workspace_row(conn: sa.Connection, workspace_id: str, *, lock: bool) -> sa.RowMapping | None:
    """The workspace's row; ``lock`` serialises writers of one workspace on PostgreSQL."""
    table = WORKSPACE.table
    query = sa.select(table).where(table.c.id == workspace_id)
    if lock:
        query = query.with_for_update()
    return conn.execute(query).mappings().first()


def _rows(conn: sa.Connection, kind: Kind, workspace_pk: int) -> list[sa.RowMapping]:
    table = kind.table
    query = (
        sa.select(table)
        .where(table.c.workspace_pk == workspace_pk)
        .order_by(table.c.position, table.c.pk)
    )
    return list(conn.execute(query).mappings())


def _grouped(rows: list[sa.RowMapping], column: str) -> dict[int, list[sa.RowMapping]]:
    groups: dict[int, list[sa.RowMapping]] = defaultdict(list)
    for row in rows:
        groups[row[column]].append(row)
    return groups


def _maps(conn: sa.Connection, workspace_pk: int) -> tuple[list[dict[str, Any]], dict[int, str]]:
    map_rows = _rows(conn, JOURNEY_MAP, workspace_pk)
    children = {
        collection: _grouped(_rows(conn, kind, workspace_pk), "map_pk")
        for collection, kind in MAP_KINDS.items()
    }
    cards = _grouped(_rows(conn, CARD, workspace_pk), "lane_pk")
    maps: list[dict[str, Any]] = []
    for row in map_rows:
        jmap = decode(JOURNEY_MAP, row)
        for collection, kind in MAP_KINDS.items():
            jmap[collection] = [decode(kind, child) for child in children[collection][row["pk"]]]
        for lane, lane_row in zip(jmap["lanes"], children["lanes"][row["pk"]], strict=True):
            lane["cards"] = [decode(CARD, card) for card in cards[lane_row["pk"]]]
        maps.append(jmap)
    return maps, {row["pk"]: row["id"] for row in map_rows}


def load_data(conn: sa.Connection, workspace: sa.RowMapping) -> dict[str, Any]:
    """The workspace as document data (validate with ``WorkspaceDocument``)."""
    workspace_pk: int = workspace["pk"]
    data: dict[str, Any] = {"workspace": decode(WORKSPACE, workspace)}
    for kind in WORKSPACE_LISTS:
        data[kind.collection] = [decode(kind, row) for row in _rows(conn, kind, workspace_pk)]
    data["maps"], map_ids = _maps(conn, workspace_pk)
    data["snapshots"] = [
        {**decode(MAP_SNAPSHOT, row), "map": map_ids[row["map_pk"]]}
        for row in _rows(conn, MAP_SNAPSHOT, workspace_pk)
    ]
    data["comments"] = [decode(COMMENT, row) for row in _rows(conn, COMMENT, workspace_pk)]
    data["board_notes"] = [
        decode(BOARD_NOTE, row) for row in _rows(conn, BOARD_NOTE, workspace_pk)
    ]
    return data


def load(conn: sa.Connection, workspace: sa.RowMapping) -> WorkspaceDocument:
    try:
        return WorkspaceDocument.model_validate(load_data(conn, workspace))
    except ValidationError as exc:  # only if someone edited the tables by hand
        raise StoreError(
            f"workspace {workspace['id']!r} in the store is not a valid document: "
            f"{exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}",
            hint="restore the database from a backup or import a saved document",
        ) from exc


def previous_versions(conn: sa.Connection, workspace_pk: int) -> Previous:
    """Versions and creation times of every row of a workspace, by natural key."""
    map_ids = {
        row.pk: row.id
        for row in conn.execute(
            sa.select(JOURNEY_MAP.table.c.pk, JOURNEY_MAP.table.c.id).where(
                JOURNEY_MAP.table.c.workspace_pk == workspace_pk
            )
        )
    }
    found: Previous = {}
    for kind in KINDS[1:]:
        columns = kind.table.c
        in_map = kind.scope in ("map", "lane")
        query = sa.select(
            columns.id, columns.version, columns.created_at, *([columns.map_pk] if in_map else [])
        ).where(columns.workspace_pk == workspace_pk)
        for row in conn.execute(query):
            scope = map_ids[row.map_pk] if in_map else ""
            found[(kind.name, scope, row.id)] = (row.version, row.created_at)
    return found


def tombstones(conn: sa.Connection, workspace_pk: int) -> dict[tuple[str, str, str], int]:
    """Deleted objects of a workspace and the version each had."""
    table = TOMBSTONE.c
    rows = conn.execute(
        sa.select(table.kind, table.map_id, table.id, table.version).where(
            table.workspace_pk == workspace_pk
        )
    )
    return {(row.kind, row.map_id, row.id): row.version for row in rows}


def bury(conn: sa.Connection, workspace_pk: int, before: Previous) -> None:
    """Record tombstones for the objects of ``before`` that no longer exist."""
    live = previous_versions(conn, workspace_pk)
    stamp = now()
    gone = [
        {"workspace_pk": workspace_pk, "kind": kind, "map_id": scope, "id": ident,
         "version": version, "deleted_at": stamp}
        for (kind, scope, ident), (version, _) in before.items()
        if (kind, scope, ident) not in live
    ]
    if gone:
        conn.execute(sa.insert(TOMBSTONE), gone)


class Writer:
    """Inserts objects of one workspace, continuing the versions of rows it replaces.

    A replaced or re-added object gets its old version + 1, so an editor holding the old
    version gets a conflict instead of silently overwriting the new content.
    """

    def __init__(self, conn: sa.Connection, workspace_pk: int, previous: Previous) -> None:
        self.conn = conn
        self.workspace_pk = workspace_pk
        self.previous = previous
        self.buried = tombstones(conn, workspace_pk)
        self.stamp = now()

    def insert(
        self, kind: Kind, objs: list[Model], *, start: int = 0, scope: str = "", **extra: Any
    ) -> list[int]:
        """Insert ``objs`` at positions ``start``, ``start + 1``, ...; returns their pks."""
        if not objs:
            return []
        rows = [self._row(kind, obj, start + i, scope, extra) for i, obj in enumerate(objs)]
        table = kind.table
        result = self.conn.execute(
            sa.insert(table).returning(table.c.pk, sort_by_parameter_order=True), rows
        )
        self._revive(kind, scope, [row["id"] for row in rows])
        return [row.pk for row in result]

    def _revive(self, kind: Kind, scope: str, ids: list[str]) -> None:
        """Drop the tombstones of objects that exist again."""
        revived = [i for i in ids if (kind.name, scope, i) in self.buried]
        if revived:
            table = TOMBSTONE.c
            self.conn.execute(sa.delete(TOMBSTONE).where(
                table.workspace_pk == self.workspace_pk, table.kind == kind.name,
                table.map_id == scope, table.id.in_(revived),
            ))

    def _row(
        self, kind: Kind, obj: Model, position: int, scope: str, extra: dict[str, Any]
    ) -> dict[str, Any]:
        values = encode(kind, obj) | extra
        key = (kind.name, scope, values["id"])
        old = self.previous.get(key)
        version = old[0] if old is not None else self.buried.get(key, 0)
        values |= {
            "workspace_pk": self.workspace_pk,
            "position": position,
            "version": version + 1,
            "updated_at": self.stamp,
        }
        if "created_at" not in kind.model.model_fields:
            values["created_at"] = self.stamp if old is None else old[1]
        return values

    def insert_map(self, jmap: JourneyMap, position: int) -> int:
        """A map with all its children; returns the map's pk."""
        (map_pk,) = self.insert(JOURNEY_MAP, [jmap], start=position)
        self.insert_children(jmap, map_pk)
        return map_pk

    def insert_children(self, jmap: JourneyMap, map_pk: int) -> None:
        for collection, kind in MAP_KINDS.items():
            if kind is not LANE:
                self.insert(kind, getattr(jmap, collection), scope=jmap.id, map_pk=map_pk)
        lane_pks = self.insert(LANE, list(jmap.lanes), scope=jmap.id, map_pk=map_pk)
        for lane, lane_pk in zip(jmap.lanes, lane_pks, strict=True):
            self.insert_cards(lane, jmap.id, map_pk, lane_pk)

    def insert_cards(self, lane: Lane, map_id: str, map_pk: int, lane_pk: int) -> None:
        self.insert(CARD, list(lane.cards), scope=map_id, map_pk=map_pk, lane_pk=lane_pk)


def _create_workspace(conn: sa.Connection, document: WorkspaceDocument) -> int:
    stamp = now()
    values = encode(WORKSPACE, document.workspace)
    values |= {"version": 1, "created_at": stamp, "updated_at": stamp}
    table = WORKSPACE.table
    pk: int = conn.execute(sa.insert(table).returning(table.c.pk), values).scalar_one()
    return pk


def _clear_workspace(conn: sa.Connection, existing: sa.RowMapping, doc: WorkspaceDocument) -> None:
    for kind in reversed(KINDS[1:]):  # tombstones stay: they outlive replacements
        conn.execute(sa.delete(kind.table).where(kind.table.c.workspace_pk == existing["pk"]))
    values = encode(WORKSPACE, doc.workspace)
    values |= {"version": existing["version"] + 1, "updated_at": now()}
    table = WORKSPACE.table
    conn.execute(sa.update(table).where(table.c.pk == existing["pk"]).values(values))


def save(conn: sa.Connection, document: WorkspaceDocument) -> None:
    """Create the workspace or replace all its content (the caller holds the transaction)."""
    existing = workspace_row(conn, document.workspace.id, lock=True)
    previous: Previous = {}
    if existing is None:
        workspace_pk = _create_workspace(conn, document)
    else:
        workspace_pk = existing["pk"]
        previous = previous_versions(conn, workspace_pk)
        _clear_workspace(conn, existing, document)
    writer = Writer(conn, workspace_pk, previous)
    for kind in WORKSPACE_LISTS:
        writer.insert(kind, getattr(document, kind.collection))
    map_pks = {jmap.id: writer.insert_map(jmap, i) for i, jmap in enumerate(document.maps)}
    for i, snapshot in enumerate(document.snapshots):
        writer.insert(MAP_SNAPSHOT, [snapshot], start=i, map_pk=map_pks[snapshot.map])
    writer.insert(COMMENT, list(document.comments))
    writer.insert(BOARD_NOTE, list(document.board_notes))
    bury(conn, workspace_pk, previous)
