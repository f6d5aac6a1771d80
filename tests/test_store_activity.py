"""Workspace store: the activity log written with every change, its listeners, and the
atomic card move across lane and stage."""

from __future__ import annotations

import pytest

from builders import rich_document, small_document
from journeymap.errors import ConflictError, InputError
from journeymap.model import Stage
from journeymap.store import Store
from journeymap.store.activity import acting_as, map_of, summary_of
from store_support import card_ids


def actions(store: Store, **kwargs: object) -> list[tuple[str, str, str, str]]:
    """(actor, action, ref, summary) newest first."""
    return [(a.actor, a.action, a.ref, a.summary)
            for a in store.activity("acme", **kwargs)]  # type: ignore[arg-type]


def test_every_kind_of_change_is_logged_with_who_and_the_version(store: Store) -> None:
    start = store.activity("acme", limit=1)[0].id
    with acting_as("eva"):
        store.add("acme", "map/checkout/stage/loyal", Stage(id="loyal", name="Loyalty"))
        store.update("acme", "map/checkout/card/feel-1", {"text": "glad"}, expected_version=1)
        store.move("acme", "map/checkout/stage/loyal", 0, expected_version=1)
        store.snapshot_map("acme", "checkout", "after workshop")
    with acting_as("olek"):
        store.delete("acme", "map/checkout/stage/loyal", expected_version=2)
    found = store.activity("acme", after=start)
    assert [(a.actor, a.action, a.kind, a.ref, a.map_id, a.summary, a.version)
            for a in found] == [
        ("eva", "create", "stage", "map/checkout/stage/loyal", "checkout", "Loyalty", 1),
        ("eva", "update", "card", "map/checkout/card/feel-1", "checkout", "glad", 2),
        ("eva", "move", "stage", "map/checkout/stage/loyal", "checkout", "Loyalty", 2),
        ("eva", "snapshot", "map", "map/checkout", "checkout", "after workshop", None),
        ("olek", "delete", "stage", "map/checkout/stage/loyal", "checkout", "Loyalty", None),
    ]
    assert [a.id for a in found] == list(range(start + 1, start + 6))


def test_saving_a_whole_document_is_one_entry(store: Store) -> None:
    with acting_as("importer"):
        store.save_document(small_document())
    assert actions(store, limit=1) == [("importer", "replace", "workspace", "ACME renamed")]


def test_comments_are_logged_where_their_object_is(store: Store) -> None:
    store.update("acme", "comment/c1", {"resolved": True}, expected_version=1)
    store.update("acme", "comment/c1", {"resolved": False}, expected_version=2)
    newest = store.activity("acme", limit=2)
    assert [(a.action, a.map_id) for a in newest] == [("reopen", "checkout"),
                                                      ("resolve", "checkout")]
    store.delete("acme", "comment/c1", expected_version=3)
    (gone,) = store.activity("acme", limit=1)
    assert (gone.action, gone.kind, gone.map_id, gone.summary) == (
        "delete", "comment", "checkout", "Is this from the survey?")


def test_a_refused_change_logs_nothing_and_wakes_nobody(store: Store) -> None:
    heard: list[tuple[str, int]] = []
    store.listeners.append(lambda ws, ident: heard.append((ws, ident)))
    before = actions(store)
    with pytest.raises(ConflictError):
        store.update("acme", "map/checkout/card/feel-1", {"text": "x"}, expected_version=7)
    with pytest.raises(InputError):
        store.update("acme", "map/checkout/card/feel-1", {"stage": "nowhere"},
                     expected_version=1)
    assert actions(store) == before
    assert heard == []
    store.update("acme", "map/checkout/card/feel-1", {"text": "x"}, expected_version=1)
    assert heard == [("acme", store.activity("acme", limit=1)[0].id)]


def test_pages_newest_first_and_filtered_by_map(store: Store) -> None:
    for version in range(1, 4):
        store.update("acme", "map/checkout/card/feel-1", {"text": f"t{version}"},
                     expected_version=version)
    store.update("acme", "map/checkout-next/card/feel-1", {"text": "next"},
                 expected_version=1)
    first = store.activity("acme", map_id="checkout", limit=2)
    assert [a.summary for a in first] == ["t3", "t2"]
    rest = store.activity("acme", map_id="checkout", before=first[-1].id, limit=5)
    assert [a.summary for a in rest] == ["t1"]
    assert [a.summary for a in store.activity("acme", map_id="checkout-next")] == ["next"]
    assert [a.summary for a in store.activity("acme", ref="map/checkout/card/feel-1",
                                              limit=1)] == ["t3"]
    assert store.latest_activity() == store.activity("acme", limit=1)[0].id


def test_record_logs_a_change_made_elsewhere(store: Store) -> None:
    with acting_as("cli"):
        ident = store.record("acme", "import", "events", "import/abc", "events.csv")
    (item,) = store.activity("acme", limit=1)
    assert (item.id, item.actor, item.action, item.map_id) == (ident, "cli", "import", "")


def test_summaries_and_map_of_references() -> None:
    assert summary_of(Stage(id="s", name="  Buy\n now ")) == "Buy now"
    assert summary_of(Stage(id="s", name="x" * 200)) == "x" * 119 + "…"
    assert summary_of(None) == ""
    assert [map_of(r) for r in ("map/m", "map/m/card/c", "persona/p", "workspace")] == [
        "m", "m", "", ""]


# -- the atomic move --------------------------------------------------------------------------
def test_a_card_moves_to_another_lane_and_stage_in_one_step(store: Store) -> None:
    moved = store.move("acme", "map/checkout/card/feel-1", 0, expected_version=1,
                       parent="lane-thoughts", stage="purchase")
    assert (moved.version, moved.obj.stage) == (2, "purchase")  # type: ignore[attr-defined]
    assert card_ids(store, "lane-thoughts") == ["feel-1", "thoughts-1"]
    assert card_ids(store, "lane-emotions") == ["feel-2"]
    assert actions(store, limit=1) == [("", "move", "map/checkout/card/feel-1", "curious")]


def test_a_move_to_an_unknown_stage_changes_nothing(store: Store) -> None:
    before = store.load_document("acme")
    with pytest.raises(InputError, match="unknown stage 'nowhere'"):
        store.move("acme", "map/checkout/card/feel-1", 0, expected_version=1,
                   parent="lane-thoughts", stage="nowhere")
    assert store.load_document("acme") == before
    assert store.get("acme", "map/checkout/card/feel-1").version == 1


def test_a_stale_move_is_a_conflict_and_only_cards_change_stage(store: Store) -> None:
    with pytest.raises(ConflictError):
        store.move("acme", "map/checkout/card/feel-1", 0, expected_version=5, stage="purchase")
    with pytest.raises(InputError, match="only cards"):
        store.move("acme", "map/checkout/stage/purchase", 0, expected_version=1,
                   stage="awareness")
    assert store.load_document("acme") == rich_document()
