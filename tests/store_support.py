"""Store test helpers: read a stored map's order of stages and cards back."""

from __future__ import annotations

from journeymap.store import Store


def stage_ids(store: Store, map_id: str = "checkout") -> list[str]:
    return [s.id for s in store.load_document("acme").map(map_id).stages]


def card_ids(store: Store, lane: str) -> list[str]:
    jmap = store.load_document("acme").map("checkout")
    return [c.id for c in next(ln for ln in jmap.lanes if ln.id == lane).cards]
