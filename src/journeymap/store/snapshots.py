"""Map versions: snapshots of a map, restoring one, deriving a to-be map, comparing."""

from __future__ import annotations

import copy

import sqlalchemy as sa
from pydantic import ValidationError

from journeymap.errors import InputError, NotFoundError
from journeymap.model import JourneyMap, MapSnapshot, MapVariant, WorkspaceDocument, new_id
from journeymap.model.diff import CHILD_KINDS, MapDiff, compare_maps
from journeymap.store.documents import (
    Previous,
    Writer,
    bury,
    load,
    load_data,
    now,
    previous_versions,
)
from journeymap.store.edits import (
    Row,
    Versioned,
    checked_row,
    delete_comments,
    drop_comments,
    guarded_update,
    require_row,
)
from journeymap.store.refs import find_map, parse_ref, validate
from journeymap.store.tables import CARD, JOURNEY_MAP, MAP_KINDS, MAP_SNAPSHOT, decode, encode


def _snapshot(row: sa.RowMapping, map_id: str) -> MapSnapshot:
    return MapSnapshot.model_validate(decode(MAP_SNAPSHOT, row) | {"map": map_id})


def snapshot_map(
    conn: sa.Connection, workspace: Row, map_id: str, label: str, created_by: str
) -> MapSnapshot:
    document = load(conn, workspace)
    map_row = require_row(conn, workspace, parse_ref(f"map/{map_id}"))
    try:
        snapshot = MapSnapshot(
            id=new_id("snap"),
            map=map_id,
            label=label,
            created_at=now(),
            created_by=created_by,
            content=document.map(map_id),
        )
    except ValidationError as exc:
        raise InputError(f"cannot keep a version of map {map_id!r}: "
                         f"{exc.errors()[0]['msg']}") from exc
    writer = Writer(conn, workspace["pk"], {})
    writer.insert(MAP_SNAPSHOT, [snapshot], start=len(document.snapshots), map_pk=map_row["pk"])
    return snapshot


def list_snapshots(conn: sa.Connection, workspace: Row, map_id: str) -> list[MapSnapshot]:
    """The map's snapshots, newest first."""
    map_row = require_row(conn, workspace, parse_ref(f"map/{map_id}"))
    table = MAP_SNAPSHOT.table
    rows = conn.execute(
        sa.select(table)
        .where(table.c.map_pk == map_row["pk"])
        .order_by(table.c.created_at.desc(), table.c.position.desc())
    ).mappings()
    return [_snapshot(row, map_id) for row in rows]


def _snapshot_by_id(conn: sa.Connection, workspace: Row, snapshot_id: str) -> MapSnapshot:
    table, maps = MAP_SNAPSHOT.table, JOURNEY_MAP.table
    row = conn.execute(
        sa.select(table, maps.c.id.label("map_id"))
        .join(maps, maps.c.pk == table.c.map_pk)
        .where(table.c.workspace_pk == workspace["pk"], table.c.id == snapshot_id)
    ).mappings().first()
    if row is None:
        raise NotFoundError("snapshot", snapshot_id, scope=f"workspace {workspace['id']!r}")
    return _snapshot(row, row["map_id"])


def _replace_children(
    conn: sa.Connection, workspace: Row, jmap: JourneyMap, map_pk: int, previous: Previous
) -> None:
    """Put ``jmap``'s children in place of the map's rows, continuing their versions."""
    for kind in (CARD, *reversed(MAP_KINDS.values())):
        conn.execute(sa.delete(kind.table).where(kind.table.c.map_pk == map_pk))
    Writer(conn, workspace["pk"], previous).insert_children(jmap, map_pk)


def restore_snapshot(
    conn: sa.Connection, workspace: Row, snapshot_id: str, expected: int
) -> Versioned:
    """Make the live map what the snapshot holds; comments on objects it lacks go too."""
    snapshot = _snapshot_by_id(conn, workspace, snapshot_id)
    ref = parse_ref(f"map/{snapshot.map}")
    row = checked_row(conn, workspace, ref, expected)
    data = load_data(conn, workspace)
    live = find_map(data, snapshot.map, workspace["id"])
    restored = snapshot.content.model_dump() | {"id": snapshot.map}
    data["maps"][data["maps"].index(live)] = restored
    before = JourneyMap.model_validate(live)
    gone = {
        f"{ref.text}/{kind}/{ident}"
        for kind, _ in CHILD_KINDS
        for ident in before.ids(kind) - snapshot.content.ids(kind)
    }
    dropped = drop_comments(data, gone)
    jmap = validate(data, f"restoring {snapshot_id}").map(snapshot.map)
    values = encode(JOURNEY_MAP, jmap)
    del values["id"]
    version, stamp = guarded_update(conn, workspace, ref, row, expected, values)
    previous = previous_versions(conn, workspace["pk"])
    _replace_children(conn, workspace, jmap, row["pk"], previous)
    delete_comments(conn, workspace, dropped, data)
    bury(conn, workspace["pk"], previous)
    return Versioned(ref.text, "map", version, jmap, stamp)


def derive_map(
    conn: sa.Connection,
    workspace: Row,
    map_id: str,
    new_map_id: str,
    variant: MapVariant,
    name: str | None,
) -> Versioned:
    """A copy of the map with the same child ids, ``based_on`` the original."""
    data = load_data(conn, workspace)
    source = find_map(data, map_id, workspace["id"])
    label = variant.value.replace("_", "-")
    derived = copy.deepcopy(source) | {
        "id": new_map_id,
        "variant": variant,
        "based_on": map_id,
        "name": name if name is not None else f"{source['name']} ({label})",
    }
    data["maps"].append(derived)
    jmap = validate(data, f"deriving map {new_map_id!r} from {map_id!r}").map(new_map_id)
    writer = Writer(conn, workspace["pk"], {})
    writer.insert_map(jmap, len(data["maps"]) - 1)
    ref = parse_ref(f"map/{new_map_id}")
    version = require_row(conn, workspace, ref)["version"]  # > 1 if the id was used before
    return Versioned(ref.text, "map", version, jmap, writer.stamp)


def map_or_snapshot(document: WorkspaceDocument, spec: str) -> JourneyMap:
    """A live map (``<id>`` or ``map/<id>``) or a kept version (``snapshot/<id>``)."""
    scope = f"workspace {document.workspace.id!r}"
    if spec.startswith("snapshot/"):
        ident = spec.removeprefix("snapshot/")
        for snapshot in document.snapshots:
            if snapshot.id == ident:
                return snapshot.content
        raise NotFoundError("snapshot", ident, scope=scope)
    ident = spec.removeprefix("map/")
    for jmap in document.maps:
        if jmap.id == ident:
            return jmap
    raise NotFoundError("map", ident, scope=scope)


def compare(conn: sa.Connection, workspace: Row, before: str, after: str) -> MapDiff:
    document = load(conn, workspace)
    return compare_maps(map_or_snapshot(document, before), map_or_snapshot(document, after))
