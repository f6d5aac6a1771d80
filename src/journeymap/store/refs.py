"""Object references (``map/<m>/card/<id>``) and finding objects in document data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from journeymap.errors import InputError, NotFoundError
from journeymap.model import WorkspaceDocument
from journeymap.store.tables import (
    BOARD_NOTE,
    CARD,
    COMMENT,
    JOURNEY_MAP,
    KPI,
    LOCATION,
    MAP_KINDS,
    MEMBER,
    PERSONA,
    WORKSPACE,
    Kind,
)

#: Ref words of kinds addressed directly in a workspace, and of kinds inside a map.
TOP_KINDS: dict[str, Kind] = {
    "persona": PERSONA,
    "kpi": KPI,
    "location": LOCATION,
    "member": MEMBER,
    "comment": COMMENT,
    "map": JOURNEY_MAP,
    "board_note": BOARD_NOTE,
}
MAP_CHILD_KINDS: dict[str, Kind] = {kind.name: kind for kind in MAP_KINDS.values()} | {
    "card": CARD
}
#: Document list name -> ref word, for naming the object an error is about.
_WORDS = {kind.collection: word for word, kind in (TOP_KINDS | MAP_CHILD_KINDS).items()} | {
    "snapshots": "snapshot"
}


@dataclass(frozen=True)
class Ref:
    """A parsed object reference: ``word`` is its first or child part (``map``, ``card``)."""

    text: str
    word: str
    kind: Kind
    ident: str
    map_id: str | None = None


def parse_ref(text: str) -> Ref:
    """Parse ``workspace``, ``<kind>/<id>`` or ``map/<m>/<kind>/<id>``."""
    if text == "workspace":
        return Ref(text, "workspace", WORKSPACE, "")
    word, _, rest = text.partition("/")
    if word == "member" and rest:  # a user name may itself contain a slash
        return Ref(text, word, MEMBER, rest)
    parts = rest.split("/")
    if word in TOP_KINDS and len(parts) == 1 and parts[0]:
        return Ref(text, word, TOP_KINDS[word], parts[0])
    if word == "map" and len(parts) == 3 and parts[1] in MAP_CHILD_KINDS and parts[2]:
        return Ref(text, parts[1], MAP_CHILD_KINDS[parts[1]], parts[2], map_id=parts[0])
    kinds = ", ".join(f"{w}/<id>" for w in TOP_KINDS)
    raise InputError(
        f"{text!r} is not an object reference",
        hint=f"use workspace, {kinds} or map/<map>/<kind>/<id> with kind one of "
        + ", ".join(MAP_CHILD_KINDS),
    )


def find_map(data: dict[str, Any], map_id: str, workspace_id: str) -> dict[str, Any]:
    maps: list[dict[str, Any]] = data["maps"]
    for jmap in maps:
        if jmap["id"] == map_id:
            return jmap
    raise NotFoundError("map", map_id, scope=f"workspace {workspace_id!r}")


def container(data: dict[str, Any], ref: Ref) -> list[dict[str, Any]]:
    """The list that holds ``ref`` (for cards: the list of their lane)."""
    workspace_id = data["workspace"]["id"]
    if ref.map_id is None:
        items: list[dict[str, Any]] = data[ref.kind.collection]
        return items
    jmap = find_map(data, ref.map_id, workspace_id)
    if ref.kind is CARD:
        for lane in jmap["lanes"]:
            if any(card["id"] == ref.ident for card in lane["cards"]):
                cards: list[dict[str, Any]] = lane["cards"]
                return cards
        raise not_found(ref, workspace_id)
    children: list[dict[str, Any]] = jmap[ref.kind.collection]
    return children


def index_in(items: list[dict[str, Any]], ref: Ref, workspace_id: str) -> int:
    for index, item in enumerate(items):
        if item[ref.kind.key] == ref.ident:
            return index
    raise not_found(ref, workspace_id)


def locate(data: dict[str, Any], ref: Ref) -> dict[str, Any]:
    """The object's data inside the document data."""
    if ref.kind is WORKSPACE:
        workspace: dict[str, Any] = data["workspace"]
        return workspace
    items = container(data, ref)
    return items[index_in(items, ref, data["workspace"]["id"])]


def lane_of(data: dict[str, Any], map_id: str, parent: str) -> dict[str, Any]:
    """The lane named by ``parent``: a lane id or a ``map/<m>/lane/<id>`` reference."""
    lane_id = parent
    if "/" in parent:
        ref = parse_ref(parent)
        if ref.word != "lane" or ref.map_id != map_id:
            raise InputError(f"the parent of a card must be a lane of map {map_id!r}, "
                             f"not {parent!r}")
        lane_id = ref.ident
    jmap = find_map(data, map_id, data["workspace"]["id"])
    for lane in jmap["lanes"]:
        if lane["id"] == lane_id:
            lane_data: dict[str, Any] = lane
            return lane_data
    raise NotFoundError("lane", lane_id, scope=f"map {map_id!r}")


def not_found(ref: Ref, workspace_id: str) -> NotFoundError:
    scope = f"workspace {workspace_id!r}"
    if ref.map_id is not None:
        scope = f"map {ref.map_id!r} of {scope}"
    return NotFoundError(ref.word, ref.ident, scope=scope)


def validate(data: dict[str, Any], action: str) -> WorkspaceDocument:
    """The changed document, or an InputError naming the object that does not fit."""
    try:
        return WorkspaceDocument.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(
            f"{action} refused: {describe(first, data)}",
            hint=None if len(exc.errors()) == 1 else f"and {len(exc.errors()) - 1} more problem(s)",
        ) from exc


def describe(error: ErrorDetails, data: dict[str, Any]) -> str:
    """``map/m/card/c1 (stage): unknown stage 's1'`` for one validation error."""
    segments: list[str | int] = list(error["loc"])
    message = error["msg"]
    ctx = error.get("ctx") or {}
    if error["type"] == "reference":
        segments += [
            int(index) if index else name
            for name, index in re.findall(r"([A-Za-z_]\w*)|\[(\d+)\]", ctx["path"])
        ]
        message = ctx["message"]
    where, rest = name_path(data, segments)
    field = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in rest).lstrip(".")
    return f"{where} ({field}): {message}" if field else f"{where}: {message}"


def name_path(data: dict[str, Any], segments: list[str | int]) -> tuple[str, list[str | int]]:
    """The reference of the deepest object on the path, and the rest of the path."""
    name, node, prefix, rest = "workspace", data, "", list(segments)
    if rest[:1] == ["workspace"]:
        return name, rest[1:]
    while len(rest) >= 2 and isinstance(rest[1], int) and isinstance(rest[0], str):
        items = node.get(rest[0]) if isinstance(node, dict) else None
        if not isinstance(items, list) or rest[1] >= len(items) or rest[0] not in _WORDS:
            break
        if not isinstance(items[rest[1]], dict):  # a list of ids, such as a map's personas
            break
        node = items[rest[1]]
        word = _WORDS[rest[0]]
        ident = node.get("user" if word == "member" else "id", rest[1])
        name = f"{prefix}{word}/{ident}"
        if word == "map":
            prefix = f"map/{ident}/"
        rest = rest[2:]
    return name, rest
