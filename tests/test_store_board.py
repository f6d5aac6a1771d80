"""Workspace store: workshop board notes, one vote per person, promotion in one change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from journeymap.errors import ConflictError, InputError, NotFoundError
from journeymap.model import BoardNote, Opportunity, PainPoint
from journeymap.store import Store

NOW = datetime(2026, 5, 1, tzinfo=UTC)


@pytest.fixture
def noted(store: Store) -> Store:
    store.add("acme", "board_note/n1", BoardNote(id="n1", text="Queue too long",
                                                 created_at=NOW, category="store"))
    return store


def votes(store: Store) -> list[str]:
    note = store.get("acme", "board_note/n1").obj
    assert isinstance(note, BoardNote)
    return note.votes


def test_notes_are_part_of_the_document(noted: Store) -> None:
    (note,) = noted.load_document("acme").board_notes
    assert (note.id, note.text, note.category, note.votes) == ("n1", "Queue too long",
                                                               "store", [])


def test_one_vote_per_person_and_unvote(noted: Store) -> None:
    noted.vote("acme", "n1", "eva", on=True)
    noted.vote("acme", "n1", "eva", on=True)  # again: still one vote
    noted.vote("acme", "n1", "olek", on=True)
    assert votes(noted) == ["eva", "olek"]
    item = noted.vote("acme", "n1", "eva", on=False)
    noted.vote("acme", "n1", "nobody", on=False)  # taking back no vote changes nothing
    assert votes(noted) == ["olek"]
    assert item.version == 5
    assert [a.action for a in noted.activity("acme", limit=5)] == [
        "unvote", "unvote", "vote", "vote", "vote"]


def test_voting_needs_a_person_and_a_note(noted: Store) -> None:
    with pytest.raises(InputError, match="name of the person"):
        noted.vote("acme", "n1", " ", on=True)
    with pytest.raises(NotFoundError):
        noted.vote("acme", "nope", "eva", on=True)


def test_a_note_becomes_a_pain_point_linked_both_ways(noted: Store) -> None:
    pain = PainPoint(id="pp-queue", title="Queue too long", stage="purchase")
    note = noted.promote("acme", "n1", "map/checkout/pain_point/pp-queue", pain,
                         expected_version=1)
    assert note.obj.promoted_to == "map/checkout/pain_point/pp-queue"  # type: ignore[attr-defined]
    assert noted.load_document("acme").map("checkout").pain_points[-1] == pain
    newest = noted.activity("acme", limit=2)
    assert [(a.action, a.ref) for a in newest] == [
        ("promote", "board_note/n1"), ("create", "map/checkout/pain_point/pp-queue")]


def test_a_note_becomes_a_stage_goal_or_an_opportunity(noted: Store) -> None:
    noted.promote("acme", "n1", "map/checkout/stage/purchase", None, expected_version=1)
    stage = noted.load_document("acme").map("checkout").stages[1]
    assert stage.goals == ["Queue too long"]
    noted.add("acme", "board_note/n2", BoardNote(id="n2", text="Self checkout", created_at=NOW))
    noted.promote("acme", "n2", "map/checkout/opportunity/op-self",
                  Opportunity(id="op-self", title="Self checkout"), expected_version=1)
    assert noted.load_document("acme").map("checkout").opportunities[-1].id == "op-self"


def test_a_refused_promotion_creates_nothing(noted: Store) -> None:
    before = noted.load_document("acme")
    pain = PainPoint(id="pp-q", title="Q", stage="purchase")
    with pytest.raises(ConflictError):
        noted.promote("acme", "n1", "map/checkout/pain_point/pp-q", pain, expected_version=9)
    with pytest.raises(InputError, match="cannot become"):
        noted.promote("acme", "n1", "persona/anna", None, expected_version=1)
    with pytest.raises(InputError, match="unknown stage"):
        noted.promote("acme", "n1", "map/checkout/pain_point/pp-q",
                      pain.model_copy(update={"stage": "nowhere"}), expected_version=1)
    assert noted.load_document("acme") == before
    noted.promote("acme", "n1", "map/checkout/pain_point/pp-q", pain, expected_version=1)
    with pytest.raises(InputError, match="already promoted"):
        noted.promote("acme", "n1", "map/checkout/stage/purchase", None, expected_version=2)


def test_a_duplicate_voter_list_is_refused_by_the_model() -> None:
    with pytest.raises(ValueError, match="at most once"):
        BoardNote(id="n", text="x", created_at=NOW, votes=["a", "a"])
