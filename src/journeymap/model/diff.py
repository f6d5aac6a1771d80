"""Comparing two journey maps (as-is against to-be, or a map against a saved version).

Children are matched by id. A child is *moved* when its order relative to the children
both maps share has changed (the fewest moves that explain the new order), so one inserted
stage does not make every later stage count as moved. A card is also moved when it is in
another lane. Values in ``changed`` are JSON-ready (as in the map-as-code document).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from journeymap.model.journey import JourneyMap

#: Kinds of map children, in the order a diff lists them, with their list on the map.
CHILD_KINDS = (
    ("stage", "stages"),
    ("touchpoint", "touchpoints"),
    ("lane", "lanes"),
    ("card", "cards"),
    ("pain_point", "pain_points"),
    ("opportunity", "opportunities"),
    ("action", "actions"),
)
_CHILD_LISTS = tuple(collection for _, collection in CHILD_KINDS)


@dataclass(frozen=True)
class ObjectChange:
    """Fields of one object that differ: field name -> (before, after)."""

    kind: str
    id: str
    fields: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class ObjectMove:
    """An object at another place; for cards ``lane_before``/``lane_after`` name the lanes."""

    kind: str
    id: str
    before: int
    after: int
    lane_before: str | None = None
    lane_after: str | None = None


@dataclass(frozen=True)
class MapDiff:
    """What changed from map ``before`` to map ``after``; ids in map order."""

    before: str
    after: str
    added: dict[str, list[str]]
    removed: dict[str, list[str]]
    changed: list[ObjectChange]
    moved: list[ObjectMove]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved)

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per kind (only kinds with a difference): added, removed, changed, moved."""
        counts: dict[str, dict[str, int]] = {}
        kinds = ["map", *(kind for kind, _ in CHILD_KINDS)]
        for kind in kinds:
            row = {
                "added": len(self.added.get(kind, [])),
                "removed": len(self.removed.get(kind, [])),
                "changed": sum(1 for c in self.changed if c.kind == kind),
                "moved": sum(1 for m in self.moved if m.kind == kind),
            }
            if any(row.values()):
                counts[kind] = row
        return counts

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the API and ``--format json``."""
        return {
            "before": self.before,
            "after": self.after,
            "added": self.added,
            "removed": self.removed,
            "changed": [
                {"kind": c.kind, "id": c.id, "fields": {k: list(v) for k, v in c.fields.items()}}
                for c in self.changed
            ],
            "moved": [m.__dict__ for m in self.moved],
            "summary": self.summary(),
        }


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []  # values ending the best subsequence of each length
    tail_index: list[int] = []
    parent: list[int | None] = []
    for index, value in enumerate(values):
        length = bisect_left(tails, value)
        parent.append(tail_index[length - 1] if length else None)
        if length == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[length] = value
            tail_index[length] = index
    kept: set[int] = set()
    cursor = tail_index[-1] if tail_index else None
    while cursor is not None:
        kept.add(cursor)
        cursor = parent[cursor]
    return kept


def _reordered(before: list[str], after: list[str]) -> set[str]:
    """Ids present in both lists whose relative order changed."""
    after_pos = {ident: i for i, ident in enumerate(after)}
    common = [ident for ident in before if ident in after_pos]
    kept = _longest_increasing([after_pos[ident] for ident in common])
    return {ident for i, ident in enumerate(common) if i not in kept}


def _fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (before.get(name), after.get(name))
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }


def _items(data: dict[str, Any], collection: str) -> list[tuple[str, dict[str, Any], str | None]]:
    """(id, data without child lists, lane id for cards) in map order."""
    if collection == "cards":
        return [
            (card["id"], card, lane["id"]) for lane in data["lanes"] for card in lane["cards"]
        ]
    return [
        (item["id"], {k: v for k, v in item.items() if k != "cards"}, None)
        for item in data[collection]
    ]


def _positions(items: list[tuple[str, dict[str, Any], str | None]]) -> dict[str, int]:
    """Each id's index in its list (for cards: within its lane)."""
    counters: dict[str | None, int] = {}
    positions: dict[str, int] = {}
    for ident, _, lane in items:
        positions[ident] = counters.get(lane, 0)
        counters[lane] = positions[ident] + 1
    return positions


def _moves(kind: str, before: list[Any], after: list[Any]) -> list[ObjectMove]:
    lane_b = {ident: lane for ident, _, lane in before}
    lane_a = {ident: lane for ident, _, lane in after}
    moved: set[str] = {i for i in lane_b if i in lane_a and lane_b[i] != lane_a[i]}
    for lane in dict.fromkeys(lane_b.values()):
        stay_b = [i for i, _, ln in before if ln == lane and lane_a.get(i) == lane]
        stay_a = [i for i, _, ln in after if ln == lane and lane_b.get(i) == lane]
        moved |= _reordered(stay_b, stay_a)
    pos_b, pos_a = _positions(before), _positions(after)
    return [
        ObjectMove(kind, ident, pos_b[ident], pos_a[ident], lane_b[ident], lane_a[ident])
        if kind == "card"
        else ObjectMove(kind, ident, pos_b[ident], pos_a[ident])
        for ident, _, _ in after
        if ident in moved
    ]


def compare_maps(before: JourneyMap, after: JourneyMap) -> MapDiff:
    """Added, removed, changed and moved objects from ``before`` to ``after``."""
    data_b, data_a = before.model_dump(mode="json"), after.model_dump(mode="json")
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    changed: list[ObjectChange] = []
    own = _fields(
        {k: v for k, v in data_b.items() if k not in (*_CHILD_LISTS, "id")},
        {k: v for k, v in data_a.items() if k not in (*_CHILD_LISTS, "id")},
    )
    if own:
        changed.append(ObjectChange("map", after.id, own))
    moved: list[ObjectMove] = []
    for kind, collection in CHILD_KINDS:
        items_b, items_a = _items(data_b, collection), _items(data_a, collection)
        by_id_b = {ident: item for ident, item, _ in items_b}
        by_id_a = {ident: item for ident, item, _ in items_a}
        if new := [ident for ident, _, _ in items_a if ident not in by_id_b]:
            added[kind] = new
        if gone := [ident for ident, _, _ in items_b if ident not in by_id_a]:
            removed[kind] = gone
        for ident, item, _ in items_a:
            if ident in by_id_b and (fields := _fields(by_id_b[ident], item)):
                changed.append(ObjectChange(kind, ident, fields))
        moved += _moves(kind, items_b, items_a)
    return MapDiff(before.id, after.id, added, removed, changed, moved)
