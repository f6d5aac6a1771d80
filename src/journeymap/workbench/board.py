"""The workshop board: brainstorming notes, one vote per person per note, most votes first,
and a note promoted into a map as a pain point, an opportunity or a stage goal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from journeymap.errors import InputError, NotFoundError
from journeymap.model import BoardNote, NoteColour, Opportunity, PainPoint, new_id
from journeymap.store import Versioned
from journeymap.workbench.session import Workbench

PromoteAs = Literal["pain_point", "opportunity", "goal"]
PROMOTE_AS: tuple[PromoteAs, ...] = ("pain_point", "opportunity", "goal")
TITLE_LENGTH = 200


@dataclass(frozen=True)
class NoteView:
    note: BoardNote
    version: int
    mine: bool  # the person looking has voted for it

    @property
    def votes(self) -> int:
        return len(self.note.votes)

    def to_dict(self) -> dict[str, Any]:
        return self.note.model_dump(mode="json") | {
            "version": self.version, "vote_count": self.votes, "voted": self.mine}


@dataclass(frozen=True)
class MapChoice:
    """A map a note can be promoted into, with its stages (id, name)."""

    id: str
    name: str
    stages: list[tuple[str, str]]


@dataclass(frozen=True)
class BoardView:
    notes: list[NoteView]
    categories: list[str]
    maps: list[MapChoice]

    def to_dict(self) -> dict[str, Any]:
        return {"notes": [n.to_dict() for n in self.notes], "categories": self.categories}


def board_view(bench: Workbench, user: str, category: str | None = None) -> BoardView:
    """The notes, most votes first (then oldest first); ``category`` keeps one category."""
    document, versions = bench.store.document_with_versions(bench.workspace_id)
    notes = [
        NoteView(note, versions.get(("board_note", "", note.id), 0), user in note.votes)
        for note in document.board_notes
        if category is None or note.category == category
    ]
    notes.sort(key=lambda view: (-view.votes, view.note.created_at, view.note.id))
    categories = sorted({n.category for n in document.board_notes if n.category})
    maps = [MapChoice(m.id, m.name, [(s.id, s.name) for s in m.stages]) for m in document.maps]
    return BoardView(notes, categories, maps)


def add_note(bench: Workbench, text: str, author: str, *, colour: str = "yellow",
             category: str = "") -> Versioned:
    text = text.strip()
    if not text:
        raise InputError("a note needs some text", path="text")
    try:
        shade = NoteColour(colour or "yellow")
    except ValueError:
        raise InputError(f"colour {colour!r} is not one of "
                         + ", ".join(c.value for c in NoteColour), path="colour") from None
    note = BoardNote(id=new_id("note"), text=text, author=author, colour=shade,
                     category=category.strip(), created_at=datetime.now(UTC))
    return bench.store.add(bench.workspace_id, f"board_note/{note.id}", note)


def vote(bench: Workbench, note_id: str, user: str, *, on: bool = True) -> Versioned:
    """Vote for a note (again is still one vote), or take the vote back (``on=False``)."""
    return bench.store.vote(bench.workspace_id, note_id, user, on=on)


def _note(bench: Workbench, note_id: str) -> BoardNote:
    found = bench.get(f"board_note/{note_id}").obj
    if not isinstance(found, BoardNote):
        raise NotFoundError("board note", note_id)
    return found


def promote(bench: Workbench, note_id: str, as_: str, map_id: str, stage_id: str | None,
            *, expected_version: int) -> Versioned:
    """Make the note a pain point or an opportunity of ``map_id`` (placed at ``stage_id``
    for a pain point), or a goal of stage ``stage_id``; the note links to what it became."""
    if as_ not in PROMOTE_AS:
        raise InputError(f"a note cannot become a {as_!r}",
                         hint="promote it to pain_point, opportunity or goal", path="as")
    note = _note(bench, note_id)
    jmap = bench.journey_map(map_id)
    stages = {stage.id for stage in jmap.stages}
    if stage_id and stage_id not in stages:
        raise NotFoundError("stage", stage_id, scope=f"map {map_id!r}")
    title = " ".join(note.text.split())[:TITLE_LENGTH]
    if as_ == "goal":
        if not stage_id:
            raise InputError("a goal belongs to a stage: choose one", path="stage")
        return bench.store.promote(bench.workspace_id, note_id, f"map/{map_id}/stage/{stage_id}",
                                   None, expected_version=expected_version)
    obj: PainPoint | Opportunity
    if as_ == "pain_point":
        obj = PainPoint(id=new_id("pain"), title=title, description=note.text,
                        stage=stage_id or None)
    else:
        obj = Opportunity(id=new_id("opp"), title=title, description=note.text)
    return bench.store.promote(bench.workspace_id, note_id, f"map/{map_id}/{as_}/{obj.id}",
                               obj, expected_version=expected_version)


def promoted_link(note: BoardNote) -> str | None:
    """The page showing what the note became (its map)."""
    if not note.promoted_to or not note.promoted_to.startswith("map/"):
        return None
    return "/maps/" + note.promoted_to.split("/")[1]
