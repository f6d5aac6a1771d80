"""Adding, moving and deleting objects: the lists they are in keep exact positions."""

from __future__ import annotations

import sqlalchemy as sa

from journeymap.errors import InputError
from journeymap.model import JourneyMap, Lane, Model
from journeymap.store.documents import Writer, bury, load_data, previous_versions
from journeymap.store.edits import (
    Data,
    Row,
    Versioned,
    checked_row,
    conflict,
    delete_comments,
    drop_comments,
    guarded_update,
    model_at,
    renumber,
    require_row,
    scope_of,
)
from journeymap.store.refs import (
    Ref,
    container,
    index_in,
    lane_of,
    locate,
    not_found,
    parse_ref,
    validate,
)
from journeymap.store.tables import CARD, COMMENT, JOURNEY_MAP, LANE, WORKSPACE


def _map_row(conn: sa.Connection, workspace: Row, map_id: str) -> Row:
    return require_row(conn, workspace, parse_ref(f"map/{map_id}"))


def _lane_row(conn: sa.Connection, workspace: Row, map_id: str, lane_id: str) -> Row:
    return require_row(conn, workspace, parse_ref(f"map/{map_id}/lane/{lane_id}"))


def _target_list(data: Data, ref: Ref, parent: str | None) -> list[Data]:
    """The list a new object goes into."""
    if ref.kind is CARD:
        if parent is None:
            raise InputError(f"adding {ref.text}: a card needs its lane as parent")
        assert ref.map_id is not None
        cards: list[Data] = lane_of(data, ref.map_id, parent)["cards"]
        return cards
    if parent is not None:
        raise InputError(f"adding {ref.text}: only cards take a parent (their lane)")
    if ref.map_id is not None:
        children: list[Data] = locate(data, parse_ref(f"map/{ref.map_id}"))[ref.kind.collection]
        return children
    items: list[Data] = data[ref.kind.collection]
    return items


def _check_position(ref: Ref, position: int, items: list[Data]) -> None:
    if not 0 <= position <= len(items):
        raise InputError(f"{ref.text}: position {position} is outside 0..{len(items)}")


def _insert_new(conn: sa.Connection, workspace: Row, ref: Ref, obj: Model, position: int,
                parent_row: Row | None) -> Writer:
    writer = Writer(conn, workspace["pk"], {})
    scope = ref.map_id or ""  # ids of map children are unique per map
    if ref.kind is JOURNEY_MAP:
        assert isinstance(obj, JourneyMap)
        writer.insert_map(obj, position)
    elif ref.kind is LANE:
        assert isinstance(obj, Lane) and parent_row is not None
        (lane_pk,) = writer.insert(LANE, [obj], start=position, scope=scope,
                                   map_pk=parent_row["pk"])
        writer.insert_cards(obj, scope, parent_row["pk"], lane_pk)
    elif ref.kind is CARD:
        assert parent_row is not None
        writer.insert(CARD, [obj], start=position, scope=scope, map_pk=parent_row["map_pk"],
                      lane_pk=parent_row["pk"])
    elif parent_row is not None:
        writer.insert(ref.kind, [obj], start=position, scope=scope, map_pk=parent_row["pk"])
    else:
        writer.insert(ref.kind, [obj], start=position)
    return writer


def add(conn: sa.Connection, workspace: Row, ref: Ref, obj: Model, parent: str | None,
        position: int | None) -> Versioned:
    """Insert a new object (a map or lane with its children) at ``position`` or at the end."""
    if ref.kind is WORKSPACE:
        raise InputError("a workspace is created by saving its document")
    if not isinstance(obj, ref.kind.model):
        raise InputError(f"{ref.text} must be a {ref.kind.model.__name__}, "
                         f"not a {type(obj).__name__}")
    if getattr(obj, ref.kind.key) != ref.ident:
        raise InputError(f"the {ref.kind.key} {getattr(obj, ref.kind.key)!r} of the new object "
                         f"does not match the reference {ref.text!r}")
    data = load_data(conn, workspace)
    items = _target_list(data, ref, parent)
    position = len(items) if position is None else position
    _check_position(ref, position, items)
    items.insert(position, obj.model_dump())
    new = model_at(validate(data, f"adding {ref.text}"), ref)
    parent_row = None
    if ref.kind is CARD:
        assert ref.map_id is not None
        parent_row = _lane_row(conn, workspace, ref.map_id, _lane_holding(data, ref))
    elif ref.map_id is not None:
        parent_row = _map_row(conn, workspace, ref.map_id)
    writer = _insert_new(conn, workspace, ref, new, position, parent_row)
    row = require_row(conn, workspace, ref)
    renumber(conn, ref.kind, scope_of(ref.kind, row), items)
    return Versioned(ref.text, ref.word, row["version"], new, writer.stamp)


def _lane_holding(data: Data, ref: Ref) -> str:
    """The id of the lane holding card ``ref``."""
    assert ref.map_id is not None
    for lane in locate(data, parse_ref(f"map/{ref.map_id}"))["lanes"]:
        if any(card["id"] == ref.ident for card in lane["cards"]):
            lane_id: str = lane["id"]
            return lane_id
    raise not_found(ref, data["workspace"]["id"])


def move(conn: sa.Connection, workspace: Row, ref: Ref, position: int, expected: int,
         parent: str | None, stage: str | None = None) -> Versioned:
    """Put an object at ``position`` of its list, or a card into lane ``parent`` and
    ``stage`` at once (one version step: a drop on the canvas is one change)."""
    if ref.kind is WORKSPACE:
        raise InputError("the workspace has no position")
    if (parent is not None or stage is not None) and ref.kind is not CARD:
        raise InputError(f"moving {ref.text}: only cards move to another lane or stage")
    row = checked_row(conn, workspace, ref, expected)
    data = load_data(conn, workspace)
    source = container(data, ref)
    item = source.pop(index_in(source, ref, workspace["id"]))
    target = source
    values: Data = {"position": position}
    if stage is not None:
        item["stage"] = values["stage"] = stage
    if parent is not None:
        assert ref.map_id is not None
        target = lane_of(data, ref.map_id, parent)["cards"]
        values["lane_pk"] = _lane_row(conn, workspace, ref.map_id, _lane_id(parent))["pk"]
    _check_position(ref, position, target)
    target.insert(position, item)
    obj = model_at(validate(data, f"moving {ref.text}"), ref)
    version, stamp = guarded_update(conn, workspace, ref, row, expected, values)
    renumber(conn, ref.kind, scope_of(ref.kind, row), source)
    if target is not source:
        renumber(conn, ref.kind, scope_of(ref.kind, require_row(conn, workspace, ref)), target)
    return Versioned(ref.text, ref.word, version, obj, stamp)


def _lane_id(parent: str) -> str:
    """A lane id from a lane id or a lane reference."""
    return parse_ref(parent).ident if "/" in parent else parent


def _gone_refs(ref: Ref, item: Data) -> tuple[set[str], str | None]:
    """References that disappear with ``item``, and a prefix covering all of them (maps)."""
    if ref.kind is JOURNEY_MAP:
        return {ref.text}, f"{ref.text}/"
    if ref.kind is LANE:
        return {ref.text} | {f"map/{ref.map_id}/card/{c['id']}" for c in item["cards"]}, None
    return {ref.text}, None


def delete(conn: sa.Connection, workspace: Row, ref: Ref, expected: int) -> None:
    """Delete an object, its children and the comments on them, leaving tombstones."""
    if ref.kind is WORKSPACE:
        raise InputError("a workspace cannot be deleted through its objects")
    row = checked_row(conn, workspace, ref, expected)
    data = load_data(conn, workspace)
    source = container(data, ref)
    item = source.pop(index_in(source, ref, workspace["id"]))
    gone, prefix = _gone_refs(ref, item)
    dropped = drop_comments(data, gone, prefix, {item["id"]} if ref.kind is COMMENT else None)
    if ref.kind is JOURNEY_MAP:
        data["snapshots"] = [s for s in data["snapshots"] if s["map"] != ref.ident]
    validate(data, f"deleting {ref.text}")
    before = previous_versions(conn, workspace["pk"])
    table = ref.kind.table
    result = conn.execute(
        sa.delete(table).where(table.c.pk == row["pk"], table.c.version == expected)
    )
    if result.rowcount != 1:
        raise conflict(conn, workspace, ref, expected)
    renumber(conn, ref.kind, scope_of(ref.kind, row), source)
    delete_comments(conn, workspace, dropped, data)
    bury(conn, workspace["pk"], before)
