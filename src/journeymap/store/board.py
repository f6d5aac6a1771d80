"""The workshop board's own operations: votes, and promoting a note into the map.

Notes themselves are added, edited and deleted like any object (``board_note/<id>``).
Each function runs inside the caller's write transaction, which holds the workspace lock.
"""

from __future__ import annotations

import sqlalchemy as sa

from journeymap.errors import InputError
from journeymap.model import BoardNote, Model, Stage
from journeymap.store import edits, lists
from journeymap.store.documents import load_data
from journeymap.store.edits import Row, Versioned
from journeymap.store.refs import locate, parse_ref

#: What a note may become, by the reference word of its target.
PROMOTABLE = ("pain_point", "opportunity", "stage")
GOAL_LENGTH = 500


def note_ref(note_id: str) -> str:
    return f"board_note/{note_id}"


def vote(conn: sa.Connection, workspace: Row, note_id: str, user: str, on: bool) -> Versioned:
    """Add or remove ``user`` in the note's voters (a second vote of the same person is
    still one vote)."""
    if not user.strip():
        raise InputError("a vote needs the name of the person voting")
    ref = parse_ref(note_ref(note_id))
    row = edits.require_row(conn, workspace, ref)
    votes: list[str] = list(locate(load_data(conn, workspace), ref)["votes"])
    if on and user not in votes:
        votes.append(user)
    elif not on and user in votes:
        votes.remove(user)
    return edits.update(conn, workspace, ref, {"votes": votes}, row["version"])


def promote(conn: sa.Connection, workspace: Row, note_id: str, target: str,
            obj: Model | None, expected: int) -> tuple[Versioned, Versioned]:
    """Create ``obj`` at ``target`` (or add the note as a goal of stage ``target``) and link
    the note to it; returns (what was made or changed, the note)."""
    ref = parse_ref(note_ref(note_id))
    note = edits.get(conn, workspace, ref)
    assert isinstance(note.obj, BoardNote)
    if note.obj.promoted_to:
        raise InputError(f"note {note_id!r} was already promoted to {note.obj.promoted_to}",
                         hint="add a new note to promote it again")
    goal = parse_ref(target)
    if goal.word not in PROMOTABLE or goal.map_id is None:
        raise InputError(f"a note cannot become {target!r}",
                         hint="promote it to a pain point, an opportunity or a stage goal")
    if obj is None:
        made = _add_goal(conn, workspace, target, note.obj.text)
    else:
        made = lists.add(conn, workspace, goal, obj, None, None)
    linked = edits.update(conn, workspace, ref, {"promoted_to": made.ref}, expected)
    return made, linked


def _add_goal(conn: sa.Connection, workspace: Row, stage_ref: str, text: str) -> Versioned:
    ref = parse_ref(stage_ref)
    if ref.word != "stage":
        raise InputError(f"goals belong to stages, not to {stage_ref!r}")
    stage = edits.get(conn, workspace, ref)
    assert isinstance(stage.obj, Stage)
    goal = " ".join(text.split())[:GOAL_LENGTH]
    return edits.update(conn, workspace, ref, {"goals": [*stage.obj.goals, goal]},
                        stage.version)
