"""The workshop board: notes sorted by votes, votes per person, promotion into a map."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import rich_document
from journeymap.errors import InputError, NotFoundError
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench.board import add_note, board_view, promote, promoted_link, vote


@pytest.fixture
def bench(tmp_path: Path) -> Workbench:
    return init_workspace(tmp_path / "ws", document=rich_document())


def ids(bench: Workbench, user: str = "eva", category: str | None = None) -> list[str]:
    return [n.note.text for n in board_view(bench, user, category).notes]


def test_most_votes_first_then_oldest(bench: Workbench) -> None:
    first = add_note(bench, "Queue", "eva", category="store").obj.id  # type: ignore[attr-defined]
    second = add_note(bench, "Parking", "olek").obj.id  # type: ignore[attr-defined]
    add_note(bench, "Wi-Fi", "olek", colour="blue", category="store")
    assert ids(bench) == ["Queue", "Parking", "Wi-Fi"]
    vote(bench, second, "eva")
    vote(bench, second, "olek")
    vote(bench, first, "olek")
    view = board_view(bench, "eva")
    assert [(n.note.text, n.votes, n.mine) for n in view.notes] == [
        ("Parking", 2, True), ("Queue", 1, False), ("Wi-Fi", 0, False)]
    assert view.categories == ["store"]
    assert ids(bench, category="store") == ["Queue", "Wi-Fi"]
    vote(bench, second, "eva", on=False)
    vote(bench, second, "olek", on=False)
    assert ids(bench) == ["Queue", "Parking", "Wi-Fi"]


def test_bad_notes_are_refused(bench: Workbench) -> None:
    with pytest.raises(InputError, match="needs some text"):
        add_note(bench, "  ", "eva")
    with pytest.raises(InputError, match="colour 'red'"):
        add_note(bench, "x", "eva", colour="red")


def test_promote_to_each_kind(bench: Workbench) -> None:
    notes = [add_note(bench, text, "eva") for text in ("Form resets", "Save drafts", "Be fast")]
    pain = promote(bench, notes[0].obj.id, "pain_point", "checkout",  # type: ignore[attr-defined]
                   "purchase", expected_version=1)
    opp = promote(bench, notes[1].obj.id, "opportunity", "checkout",  # type: ignore[attr-defined]
                  None, expected_version=1)
    promote(bench, notes[2].obj.id, "goal", "checkout", "awareness",  # type: ignore[attr-defined]
            expected_version=1)
    jmap = bench.journey_map("checkout")
    made = jmap.pain_points[-1]
    assert (made.title, made.stage) == ("Form resets", "purchase")
    assert pain.obj.promoted_to == f"map/checkout/pain_point/{made.id}"  # type: ignore[attr-defined]
    assert opp.obj.promoted_to == (  # type: ignore[attr-defined]
        f"map/checkout/opportunity/{jmap.opportunities[-1].id}")
    assert jmap.stages[0].goals == ["find a shop", "Be fast"]
    assert promoted_link(pain.obj) == "/maps/checkout"  # type: ignore[arg-type]


def test_promotions_that_cannot_be(bench: Workbench) -> None:
    note = add_note(bench, "x", "eva").obj.id  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="cannot become"):
        promote(bench, note, "persona", "checkout", None, expected_version=1)
    with pytest.raises(InputError, match="choose one"):
        promote(bench, note, "goal", "checkout", None, expected_version=1)
    with pytest.raises(NotFoundError):
        promote(bench, note, "pain_point", "checkout", "nowhere", expected_version=1)
    with pytest.raises(NotFoundError):
        promote(bench, note, "pain_point", "no-map", None, expected_version=1)
    assert bench.get(f"board_note/{note}").version == 1
