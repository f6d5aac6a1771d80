"""Workspace store: versioned single objects (get, add, update, move, delete, conflicts)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from builders import rich_document
from journeymap.errors import ConflictError, InputError, NotFoundError
from journeymap.model import Card, JourneyMap, Lane
from journeymap.store import Store
from journeymap.store.documents import workspace_row
from journeymap.store.edits import guarded_update, require_row
from journeymap.store.refs import parse_ref
from store_support import stage_ids

CARD = "map/checkout/card/feel-2"


def test_get_returns_the_object_and_its_version(store: Store) -> None:
    card = store.get("acme", CARD)
    assert (card.ref, card.kind, card.version) == (CARD, "card", 1)
    assert card.obj == Card(id="feel-2", stage="purchase", text="annoyed", score=-1.5,
                            persona="anna")
    member = store.get("acme", "member/viewer/1")
    assert member.obj.model_dump() == {"user": "viewer/1", "name": "", "role": "viewer"}
    jmap = store.get("acme", "map/checkout").obj
    assert isinstance(jmap, JourneyMap) and jmap == rich_document().map("checkout")
    lane = store.get("acme", "map/checkout/lane/lane-emotions").obj
    assert isinstance(lane, Lane) and [c.id for c in lane.cards] == ["feel-1", "feel-2"]
    assert store.get("acme", "workspace").obj == rich_document().workspace


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("map/checkout/card/nope", "card 'nope' not found in map 'checkout' of workspace 'acme'"),
        ("map/nope/stage/awareness", "stage 'awareness' not found in map 'nope'"),
        ("persona/zed", "persona 'zed' not found in workspace 'acme'"),
    ],
)
def test_unknown_refs_are_not_found(store: Store, ref: str, message: str) -> None:
    with pytest.raises(NotFoundError, match=message):
        store.get("acme", ref)
    with pytest.raises(NotFoundError, match=message):
        store.update("acme", ref, {"name": "x"}, expected_version=1)
    with pytest.raises(NotFoundError, match=message):
        store.delete("acme", ref, expected_version=1)


def test_a_malformed_ref_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="'map/checkout/frame/x' is not an object reference"):
        store.get("acme", "map/checkout/frame/x")


def test_update_bumps_the_version_and_keeps_other_fields(store: Store) -> None:
    done = store.update("acme", CARD, {"text": "furious", "score": -2}, expected_version=1)
    assert done.version == 2
    stored = store.get("acme", CARD)
    assert (stored.version, stored.obj) == (2, Card(id="feel-2", stage="purchase",
                                                     text="furious", score=-2.0, persona="anna"))
    assert store.get("acme", "map/checkout/card/feel-1").version == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "map/checkout/card/feel-2 has no field 'colour'"),
        ({"id": "feel-9"}, "the id of map/checkout/card/feel-2 cannot be changed"),
        ({"score": None}, r"changing map/checkout/card/feel-2 refused: map/checkout/card/feel-2 "
                          r"\(score\): a card in an emotions lane needs a score from -2 to 2"),
        ({"stage": "nowhere"}, r"map/checkout/card/feel-2 \(stage\): unknown stage 'nowhere'"),
        ({"persona": "zed"}, r"map/checkout/card/feel-2 \(persona\): unknown persona 'zed'"),
        ({"score": 7}, r"map/checkout/card/feel-2 \(score\): Input should be less than"),
    ],
)
def test_invalid_changes_are_refused(store: Store, changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        store.update("acme", CARD, changes, expected_version=1)
    assert store.get("acme", CARD).version == 1


def test_update_the_workspace_itself(store: Store) -> None:
    done = store.update("acme", "workspace", {"name": "ACME online"}, expected_version=1)
    assert (done.kind, done.version) == ("workspace", 2)
    assert [w.name for w in store.list_workspaces()] == ["ACME online"]
    with pytest.raises(ConflictError, match="changed since you loaded it"):
        store.update("acme", "workspace", {"language": "pl"}, expected_version=1)
    with pytest.raises(InputError, match="the id of workspace cannot be changed"):
        store.update("acme", "workspace", {"id": "other"}, expected_version=2)


def test_children_of_a_map_are_not_changed_through_the_map(store: Store) -> None:
    with pytest.raises(InputError, match="stages are edited one by one"):
        store.update("acme", "map/checkout", {"stages": []}, expected_version=1)
    done = store.update("acme", "map/checkout", {"name": "Checkout v2"}, expected_version=1)
    assert done.version == 2 and stage_ids(store) == ["awareness", "purchase", "service"]


def test_two_editors_of_one_card_lose_nothing(store_url: str, store: Store) -> None:
    with Store.open(store_url) as alice, Store.open(store_url) as bob:
        seen_by_alice = alice.get("acme", CARD)
        seen_by_bob = bob.get("acme", CARD)
        assert seen_by_alice.version == seen_by_bob.version == 1
        alice.update("acme", CARD, {"text": "alice's words"}, expected_version=1)
        with pytest.raises(ConflictError) as info:
            bob.update("acme", CARD, {"detail": "bob's note"}, expected_version=1)
        current = info.value.current
        assert current is not None
        assert (current["text"], current["version"], current["detail"]) == (
            "alice's words", 2, "")
        assert info.value.to_dict()["error"]["code"] == "conflict"
        retried = bob.update("acme", CARD, {"detail": "bob's note"},
                             expected_version=current["version"])
        assert retried.version == 3
    final = store.get("acme", CARD)
    assert (final.obj.model_dump()["text"], final.obj.model_dump()["detail"], final.version) == (
        "alice's words", "bob's note", 3)


def test_editing_what_someone_deleted_is_a_conflict(store_url: str, store: Store) -> None:
    with Store.open(store_url) as alice, Store.open(store_url) as bob:
        assert bob.get("acme", CARD).version == 1
        alice.delete("acme", CARD, expected_version=1)
        with pytest.raises(ConflictError, match="was deleted by someone else") as info:
            bob.update("acme", CARD, {"text": "mine"}, expected_version=1)
        assert info.value.current is None
        with pytest.raises(ConflictError):
            bob.move("acme", CARD, 0, expected_version=1)
        with pytest.raises(NotFoundError):
            bob.get("acme", CARD)


def test_a_re_added_object_continues_after_its_deleted_version(store: Store) -> None:
    store.update("acme", CARD, {"text": "v2"}, expected_version=1)
    store.delete("acme", CARD, expected_version=2)
    card = Card(id="feel-2", stage="purchase", text="back", score=0)
    again = store.add("acme", CARD, card, parent="lane-emotions")
    assert (again.version, store.get("acme", CARD).version) == (3, 3)
    with pytest.raises(ConflictError) as info:
        store.update("acme", CARD, {"text": "stale"}, expected_version=2)
    assert info.value.current is not None and info.value.current["text"] == "back"


def test_objects_dropped_by_a_replacing_save_are_conflicts(store: Store) -> None:
    document = rich_document()
    store.save_document(document.model_copy(update={"comments": document.comments[2:]}))
    with pytest.raises(ConflictError) as info:
        store.update("acme", "comment/c1", {"body": "edited"}, expected_version=1)
    assert info.value.current is None
    store.save_document(document)
    assert store.get("acme", "comment/c1").version == 2


def _race(stores: list[Store], barrier: threading.Barrier, outcome: dict[int, str],
          index: int, version: int) -> None:
    """One writer: wait for all, then update the card with the version it read."""
    barrier.wait()
    try:
        stores[index].update("acme", CARD, {"text": f"writer {index}"}, expected_version=version)
        outcome[index] = "won"
    except ConflictError as exc:
        assert exc.current is not None and exc.current["version"] == version + 1
        outcome[index] = "conflict"


def test_racing_threads_exactly_one_wins_each_round(store_url: str, store: Store) -> None:
    writers = 8
    stores = [Store.open(store_url) for _ in range(writers)]
    try:
        for round_number in range(3):
            barrier = threading.Barrier(writers)
            outcome: dict[int, str] = {}
            read = [s.get("acme", CARD).version for s in stores]
            threads = [
                threading.Thread(target=_race, args=(stores, barrier, outcome, i, read[i]))
                for i in range(writers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            winners = [i for i, result in outcome.items() if result == "won"]
            assert len(outcome) == writers and len(winners) == 1
            stored = store.get("acme", CARD)
            assert stored.version == round_number + 2
            assert stored.obj.model_dump()["text"] == f"writer {winners[0]}"
    finally:
        for opened in stores:
            opened.close()


def test_the_write_guard_refuses_a_stale_version(store: Store) -> None:
    # The version pre-check is skipped here: the guarded UPDATE alone must refuse.
    ref = parse_ref(CARD)
    store.update("acme", CARD, {"text": "newer"}, expected_version=1)
    with store.engine.connect() as conn, conn.begin():
        workspace = workspace_row(conn, "acme", lock=False)
        assert workspace is not None
        row = require_row(conn, workspace, ref)
        with pytest.raises(ConflictError) as info:
            guarded_update(conn, workspace, ref, row, 1, {"text": "stale"})
    assert info.value.current is not None and info.value.current["text"] == "newer"
    assert store.get("acme", CARD).obj.model_dump()["text"] == "newer"


def test_upsert_adds_and_overwrites_in_one_change_and_touches_nothing_else(
        store: Store) -> None:
    from journeymap.model import Location

    stage = store.get("acme", "map/checkout/stage/purchase")
    store.update("acme", stage.ref, {"name": "Buying"}, expected_version=stage.version)
    sofia = Location(id="sofia-1", name="Sofia Mall", city="Sofia", country="BG",
                     lat=42.6977, lon=23.3219, opening_hours="10-22")  # as stored
    moved = Location(id="krk", name="Kraków Rynek", city="Kraków", lat=50.06, lon=19.94)
    new = Location(id="waw", name="Warszawa", city="Warszawa")
    changed = store.upsert("acme", [("location/sofia-1", sofia), ("location/krk", moved),
                                    ("location/waw", new)])
    assert [(item.ref, item.version) for item in changed] == [
        ("location/krk", 2), ("location/waw", 1)]
    document = store.load_document("acme")
    assert [loc.id for loc in document.locations] == ["sofia-1", "krk", "waw"]
    assert document.locations[1] == moved
    assert store.get("acme", "map/checkout/stage/purchase").obj.name == "Buying"


def test_upsert_writes_nothing_when_one_object_is_refused(store: Store) -> None:
    from journeymap.model import Location

    before = store.load_document("acme")
    with pytest.raises(InputError):
        store.upsert("acme", [("location/waw", Location(id="waw", name="W", city="Warszawa")),
                              ("nonsense/x", Location(id="x", name="X", city="X"))])
    assert store.load_document("acme") == before
