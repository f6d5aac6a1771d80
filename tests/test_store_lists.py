"""Workspace store: adding, moving and deleting objects at exact positions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import rich_document
from journeymap.errors import ConflictError, InputError, NotFoundError
from journeymap.model import Card, Comment, JourneyMap, Lane, LaneKind, Persona, Stage
from journeymap.store import Store
from store_support import card_ids, stage_ids

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def stored_positions(store: Store, table: str) -> list[int]:
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        return list(conn.execute(sa.text(f"select position from {table} order by position")
                                 ).scalars())


def test_add_at_a_position_and_at_the_end(store: Store) -> None:
    added = store.add("acme", "map/checkout/stage/consider", Stage(id="consider",
                      name="Consideration"), position=1)
    assert (added.version, added.kind) == (1, "stage")
    store.add("acme", "map/checkout/stage/loyalty", Stage(id="loyalty", name="Loyalty"))
    store.add("acme", "map/checkout/stage/first", Stage(id="first", name="First"), position=0)
    assert stage_ids(store) == ["first", "awareness", "consider", "purchase", "service",
                                "loyalty"]
    # The as-is and the to-be map have their own stage lists.
    assert stage_ids(store, "checkout-next") == ["awareness", "purchase", "service"]
    store.add("acme", "persona/cleo", Persona(id="cleo", name="Cleo"), position=1)
    assert [p.id for p in store.load_document("acme").personas] == ["anna", "cleo", "bob"]


def test_add_a_card_to_a_lane(store: Store) -> None:
    card = Card(id="feel-0", stage="awareness", text="hopeful", score=2)
    store.add("acme", "map/checkout/card/feel-0", card, parent="lane-emotions", position=0)
    store.add("acme", "map/checkout/card/feel-3", card.model_copy(update={"id": "feel-3"}),
              parent="map/checkout/lane/lane-emotions")
    assert card_ids(store, "lane-emotions") == ["feel-0", "feel-1", "feel-2", "feel-3"]
    assert store.get("acme", "map/checkout/card/feel-3").version == 1


def test_add_a_lane_with_cards_and_a_whole_map(store: Store) -> None:
    lane = Lane(id="lane-x", kind=LaneKind.TEXT, cards=[Card(id="x1", stage="service")])
    store.add("acme", "map/checkout/lane/lane-x", lane, position=0)
    assert store.get("acme", "map/checkout/lane/lane-x").obj == lane
    assert card_ids(store, "lane-x") == ["x1"]
    new_map = JourneyMap(id="returns", name="Returns", stages=[Stage(id="a", name="A")],
                         lanes=[lane.model_copy(update={"cards": [Card(id="x1", stage="a")]})])
    store.add("acme", "map/returns", new_map)
    assert store.load_document("acme").map("returns") == new_map


@pytest.mark.parametrize(
    ("ref", "obj", "kwargs", "message"),
    [
        ("map/checkout/card/c9", Card(id="c9", stage="purchase"), {},
         "a card needs its lane as parent"),
        ("map/checkout/stage/s9", Stage(id="s9", name="S"), {"parent": "lane-text"},
         "only cards take a parent"),
        ("map/checkout/stage/s9", Stage(id="s8", name="S"), {},
         "the id 's8' of the new object does not match"),
        ("map/checkout/stage/s9", Card(id="s9", stage="purchase"), {},
         "must be a Stage, not a Card"),
        ("map/checkout/stage/purchase", Stage(id="purchase", name="P"), {},
         r"refused: map/checkout/stage/purchase \(id\): duplicate id 'purchase'"),
        ("map/checkout/stage/s9", Stage(id="s9", name="S"), {"position": 4},
         r"position 4 is outside 0..3"),
        ("map/checkout/card/c9", Card(id="c9", stage="purchase"), {"parent": "lane-emotions"},
         "a card in an emotions lane needs a score"),
        ("map/checkout/card/feel-1", Card(id="feel-1", stage="purchase"), {"parent": "lane-text"},
         "duplicate id 'feel-1'"),
    ],
)
def test_bad_additions_are_refused(
    store: Store, ref: str, obj: object, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        store.add("acme", ref, obj, **kwargs)  # type: ignore[arg-type]
    assert store.load_document("acme") == rich_document()


def test_add_to_an_unknown_lane_or_map_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="lane 'lane-nope' not found in map 'checkout'"):
        store.add("acme", "map/checkout/card/c9", Card(id="c9", stage="purchase"),
                  parent="lane-nope")
    with pytest.raises(NotFoundError, match="map 'nope' not found in workspace 'acme'"):
        store.add("acme", "map/nope/stage/s9", Stage(id="s9", name="S"))


def test_move_reorders_a_list(store: Store) -> None:
    moved = store.move("acme", "map/checkout/stage/service", 0, expected_version=1)
    assert moved.version == 2
    assert stage_ids(store) == ["service", "awareness", "purchase"]
    store.move("acme", "map/checkout/stage/awareness", 2, expected_version=1)
    assert stage_ids(store) == ["service", "purchase", "awareness"]
    with pytest.raises(ConflictError):
        store.move("acme", "map/checkout/stage/service", 1, expected_version=1)
    with pytest.raises(InputError, match="position 3 is outside 0..2"):
        store.move("acme", "map/checkout/stage/service", 3, expected_version=2)


def test_move_a_card_to_another_lane(store: Store) -> None:
    store.add("acme", "map/checkout/card/t2", Card(id="t2", stage="service"), parent="lane-text")
    moved = store.move("acme", "map/checkout/card/text-1", 1, expected_version=1,
                       parent="lane-goals")
    assert moved.version == 2
    assert card_ids(store, "lane-text") == ["t2"]
    assert card_ids(store, "lane-goals") == ["goals-1", "text-1"]
    with pytest.raises(InputError, match="a card in an emotions lane needs a score"):
        store.move("acme", "map/checkout/card/t2", 0, expected_version=1,
                   parent="lane-emotions")
    assert card_ids(store, "lane-text") == ["t2"]


def test_delete_renumbers_the_rest(store: Store) -> None:
    store.add("acme", "map/checkout/card/e3", Card(id="e3", stage="service", score=0),
              parent="lane-emotions")
    store.delete("acme", "map/checkout/card/feel-1", expected_version=1)
    assert card_ids(store, "lane-emotions") == ["feel-2", "e3"]
    store.move("acme", "map/checkout/card/e3", 0, expected_version=1)
    assert card_ids(store, "lane-emotions") == ["e3", "feel-2"]
    with pytest.raises(NotFoundError):
        store.get("acme", "map/checkout/card/feel-1")


def test_delete_of_a_used_stage_names_the_user(store: Store) -> None:
    with pytest.raises(InputError, match=r"deleting map/checkout/stage/service refused: "
                       r"map/checkout/touchpoint/tp-store \(stage\): unknown stage 'service'"):
        store.delete("acme", "map/checkout/stage/service", expected_version=1)
    store.delete("acme", "map/checkout/touchpoint/tp-store", expected_version=1)
    store.add("acme", "map/checkout/card/late", Card(id="late", stage="service"),
              parent="lane-text")
    with pytest.raises(InputError, match=r"map/checkout/card/late \(stage\): unknown stage"):
        store.delete("acme", "map/checkout/stage/service", expected_version=1)
    assert stage_ids(store) == ["awareness", "purchase", "service"]


def test_stale_delete_is_a_conflict(store: Store) -> None:
    store.update("acme", "kpi/effort", {"unit": "points"}, expected_version=1)
    with pytest.raises(ConflictError) as info:
        store.delete("acme", "kpi/effort", expected_version=1)
    assert info.value.current is not None
    assert (info.value.current["unit"], info.value.current["version"]) == ("points", 2)
    store.delete("acme", "kpi/effort", expected_version=2)
    assert [k.id for k in store.load_document("acme").kpis] == ["csat"]


def test_delete_of_a_used_persona_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match=r"map/checkout \(personas\[1\]\): unknown persona"):
        store.delete("acme", "persona/bob", expected_version=1)


def test_delete_takes_comments_and_replies_along(store: Store) -> None:
    store.add("acme", "comment/c5", Comment(id="c5", target="map/checkout/card/feel-1",
                                            body="keep?", created_at=NOW), position=0)
    store.delete("acme", "map/checkout/card/feel-2", expected_version=1)
    comments = store.load_document("acme").comments
    assert [c.id for c in comments] == ["c5", "c3", "c4"]
    assert stored_positions(store, "comment") == [0, 1, 2]
    store.delete("acme", "map/checkout/lane/lane-emotions", expected_version=1)
    assert [c.id for c in store.load_document("acme").comments] == ["c3", "c4"]


def test_deleting_a_comment_deletes_its_replies(store: Store) -> None:
    store.delete("acme", "comment/c1", expected_version=1)
    assert [c.id for c in store.load_document("acme").comments] == ["c3", "c4"]


def test_deleting_a_map_takes_its_children_snapshots_and_comments(store: Store) -> None:
    with pytest.raises(InputError, match=r"map/checkout-next \(based_on\): unknown map"):
        store.delete("acme", "map/checkout", expected_version=1)
    store.update("acme", "map/checkout-next", {"based_on": None}, expected_version=1)
    store.delete("acme", "map/checkout", expected_version=1)
    doc = store.load_document("acme")
    assert [m.id for m in doc.maps] == ["checkout-next"]
    assert (doc.snapshots, [c.id for c in doc.comments]) == ([], ["c3", "c4"])
    assert stored_positions(store, "journey_map") == [0]
    assert stored_positions(store, "stage") == [0, 1, 2]


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(moves=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=5))
def test_any_sequence_of_moves_matches_a_list_model(
    store: Store, moves: list[tuple[int, int]]
) -> None:
    expected = stage_ids(store)
    for source, position in moves:
        ident = expected.pop(source)
        expected.insert(position, ident)
        version = store.get("acme", f"map/checkout/stage/{ident}").version
        store.move("acme", f"map/checkout/stage/{ident}", position, expected_version=version)
    assert stage_ids(store) == expected
    positions = stored_positions(store, "stage")
    assert positions == sorted([0, 1, 2] * 2)  # both maps' stages, each list contiguous
