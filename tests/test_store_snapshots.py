"""Workspace store: map versions (snapshot, list, compare, restore) and deriving a map."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from builders import T0, rich_document
from journeymap.errors import ConflictError, InputError, NotFoundError
from journeymap.model import Comment, MapVariant, Stage
from journeymap.model.diff import ObjectChange, ObjectMove
from journeymap.store import Store

FEEL_2 = "map/checkout/card/feel-2"


def edit_checkout(store: Store) -> None:
    """Change a card, add and move a stage, delete a card, comment on the new stage."""
    store.update("acme", FEEL_2, {"text": "furious"}, expected_version=1)
    store.add("acme", "map/checkout/stage/loyalty", Stage(id="loyalty", name="Loyalty"))
    store.move("acme", "map/checkout/stage/service", 0, expected_version=1)
    store.delete("acme", "map/checkout/card/feel-1", expected_version=1)
    store.add("acme", "comment/c9", Comment(id="c9", target="map/checkout/stage/loyalty",
                                            body="new", created_at=datetime.now(UTC)))


def test_snapshots_are_listed_newest_first(store: Store) -> None:
    first = store.snapshot_map("acme", "checkout", "after interviews", created_by="eva")
    second = store.snapshot_map("acme", "checkout", "after workshop")
    listed = store.list_snapshots("acme", "checkout")
    assert [s.id for s in listed] == [second.id, first.id, "snap-1"]
    assert listed[1] == first and first.created_by == "eva" and first.map == "checkout"
    assert first.content == rich_document().map("checkout")
    assert first.created_at > T0 and first.id.startswith("snap-")
    assert store.list_snapshots("acme", "checkout-next") == []
    assert store.load_document("acme").snapshots[1:] == [first, second]


def test_bad_snapshot_requests_are_refused(store: Store) -> None:
    with pytest.raises(InputError, match="cannot keep a version of map 'checkout'"):
        store.snapshot_map("acme", "checkout", "  ")
    with pytest.raises(NotFoundError, match="map 'nope' not found"):
        store.snapshot_map("acme", "nope", "x")
    with pytest.raises(NotFoundError, match="map 'nope' not found"):
        store.list_snapshots("acme", "nope")
    with pytest.raises(NotFoundError, match="snapshot 'nope' not found"):
        store.restore_snapshot("acme", "nope", expected_version=1)


def test_compare_a_snapshot_with_the_live_map(store: Store) -> None:
    snapshot = store.snapshot_map("acme", "checkout", "before")
    assert store.compare("acme", f"snapshot/{snapshot.id}", "checkout").is_empty
    edit_checkout(store)
    diff = store.compare("acme", f"snapshot/{snapshot.id}", "map/checkout")
    assert (diff.before, diff.after) == ("checkout", "checkout")
    assert diff.added == {"stage": ["loyalty"]}
    assert diff.removed == {"card": ["feel-1"]}
    assert diff.changed == [ObjectChange("card", "feel-2", {"text": ("annoyed", "furious")})]
    assert diff.moved == [ObjectMove("stage", "service", 2, 0)]
    assert diff.summary() == {
        "stage": {"added": 1, "removed": 0, "changed": 0, "moved": 1},
        "card": {"added": 0, "removed": 1, "changed": 1, "moved": 0},
    }
    with pytest.raises(NotFoundError, match="snapshot 'gone' not found"):
        store.compare("acme", "snapshot/gone", "checkout")


def test_restore_brings_back_the_snapshot(store: Store) -> None:
    snapshot = store.snapshot_map("acme", "checkout", "before")
    edit_checkout(store)
    restored = store.restore_snapshot("acme", snapshot.id, expected_version=1)
    assert (restored.ref, restored.version) == ("map/checkout", 2)
    doc = store.load_document("acme")
    assert doc.map("checkout") == snapshot.content == restored.obj
    # Versions continue, so editors of the pre-restore card conflict.
    assert store.get("acme", FEEL_2).version == 3
    assert store.get("acme", "map/checkout/card/feel-1").version == 2  # deleted at 1
    # The comment on the stage that the snapshot does not have went with it.
    assert [c.id for c in doc.comments] == ["c1", "c2", "c3", "c4"]
    with pytest.raises(ConflictError) as info:
        store.restore_snapshot("acme", snapshot.id, expected_version=1)
    assert info.value.current is not None and info.value.current["version"] == 2
    assert store.compare("acme", f"snapshot/{snapshot.id}", "checkout").is_empty


def test_derive_a_to_be_map(store: Store) -> None:
    derived = store.derive_map("acme", "checkout", "checkout-v3")
    assert (derived.ref, derived.kind, derived.version) == ("map/checkout-v3", "map", 1)
    jmap = store.load_document("acme").map("checkout-v3")
    assert jmap == derived.obj
    assert (jmap.name, jmap.variant, jmap.based_on) == (
        "Online checkout (to-be)", MapVariant.TO_BE, "checkout")
    diff = store.compare("acme", "checkout", "checkout-v3")
    assert diff.changed == [ObjectChange("map", "checkout-v3", {
        "name": ("Online checkout", "Online checkout (to-be)"),
        "variant": ("as_is", "to_be"),
        "based_on": (None, "checkout"),
    })]
    assert (diff.added, diff.removed, diff.moved) == ({}, {}, [])
    # Same child ids, separate rows: editing one map leaves the other alone.
    store.update("acme", "map/checkout-v3/card/feel-2", {"text": "calm"}, expected_version=1)
    assert store.get("acme", FEEL_2).obj.model_dump()["text"] == "annoyed"
    named = store.derive_map("acme", "checkout", "again", variant=MapVariant.AS_IS, name="Copy")
    assert (named.obj.model_dump()["name"], named.obj.model_dump()["variant"]) == (
        "Copy", MapVariant.AS_IS)
    with pytest.raises(InputError, match="duplicate id 'checkout-v3'"):
        store.derive_map("acme", "checkout", "checkout-v3")
