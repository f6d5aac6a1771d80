"""The workshop board: ``/board`` (page, htmx forms) and ``/api/v1/board/notes`` (REST).

Workshop participants may be viewers: adding notes and voting is allowed to everyone who
can read the workspace; promoting a note into a map changes the map, so it needs an editor.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import Field

from journeymap.errors import JourneymapError
from journeymap.model import NoteColour
from journeymap.model.base import Identifier
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.auth import require_role
from journeymap.web.errors import status_for
from journeymap.web.i18n import N_
from journeymap.web.live import author, note_seen, voter
from journeymap.web.pages import templates
from journeymap.web.schemas import Body
from journeymap.web.templating import is_fragment_request, render
from journeymap.workbench import Workbench
from journeymap.workbench.board import (
    PromoteAs,
    add_note,
    board_view,
    promote,
    promoted_link,
    vote,
)

api_router = APIRouter(tags=["workshop board"])
page_router = APIRouter(include_in_schema=False)
ANYONE = [Depends(require_role("viewer"))]

COLOURS = {
    "yellow": N_("yellow"), "green": N_("green"), "blue": N_("blue"), "pink": N_("pink"),
    "orange": N_("orange"), "purple": N_("purple"),
}
PROMOTIONS = {"pain_point": N_("a pain point"), "opportunity": N_("an opportunity"),
              "goal": N_("a stage goal")}


class NoteNew(Body):
    text: Annotated[str, Field(min_length=1, max_length=2_000)]
    colour: NoteColour = NoteColour.YELLOW
    category: Annotated[str, Field(max_length=100)] = ""


class NoteChanges(Body):
    text: Annotated[str, Field(min_length=1, max_length=2_000)] | None = None
    colour: NoteColour | None = None
    category: Annotated[str, Field(max_length=100)] | None = None


class Promotion(Body):
    as_: PromoteAs = Field(alias="as")
    map: Identifier
    stage: Identifier | None = None


def note_ref(note_id: str) -> str:
    return f"board_note/{note_id}"


# -- REST --------------------------------------------------------------------------------
@api_router.get("/board/notes", operation_id="list_board_notes", responses=ERRORS)
def list_notes(request: Request, bench: Bench,
               category: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
    """The notes, most votes first; ``voted`` says whether the caller voted for each."""
    return board_view(bench, voter(request), category).to_dict()


@api_router.post("/board/notes", operation_id="add_board_note", status_code=201,
                 responses=ERRORS, dependencies=ANYONE)
def post_note(request: Request, bench: Bench, body: NoteNew) -> JSONResponse:
    item = add_note(bench, body.text, author(request), colour=body.colour.value,
                    category=body.category)
    return versioned(item, 201)


@api_router.patch("/board/notes/{note_id}", operation_id="update_board_note",
                  responses=EDIT_ERRORS, dependencies=ANYONE)
def update_note(bench: Bench, note_id: str, body: NoteChanges,
                version: ExpectedVersion) -> JSONResponse:
    return versioned(bench.update(note_ref(note_id), body.changes(), expected_version=version))


@api_router.delete("/board/notes/{note_id}", operation_id="delete_board_note",
                   status_code=204, responses=EDIT_ERRORS)
def delete_note(bench: Bench, note_id: str, version: ExpectedVersion) -> Response:
    bench.store.delete(bench.workspace_id, note_ref(note_id), expected_version=version)
    return Response(status_code=204)


@api_router.put("/board/notes/{note_id}/vote", operation_id="vote_board_note",
                responses=ERRORS, dependencies=ANYONE)
def put_vote(request: Request, bench: Bench, note_id: str) -> JSONResponse:
    """Vote for the note; voting again keeps one vote."""
    return versioned(vote(bench, note_id, voter(request), on=True))


@api_router.delete("/board/notes/{note_id}/vote", operation_id="unvote_board_note",
                   responses=ERRORS, dependencies=ANYONE)
def delete_vote(request: Request, bench: Bench, note_id: str) -> JSONResponse:
    """Take your vote back."""
    return versioned(vote(bench, note_id, voter(request), on=False))


@api_router.post("/board/notes/{note_id}/promote", operation_id="promote_board_note",
                 responses=EDIT_ERRORS)
def post_promotion(bench: Bench, note_id: str, body: Promotion,
                   version: ExpectedVersion) -> JSONResponse:
    """Make the note a pain point, opportunity or stage goal of a map (If-Match: the
    note's version); the answer is the note, whose ``promoted_to`` names what it became."""
    return versioned(promote(bench, note_id, body.as_, body.map, body.stage,
                             expected_version=version))


# -- the page ------------------------------------------------------------------------------
def page(request: Request, bench: Workbench, error: JourneymapError | None = None,
         status: int = 200, category: str | None = None) -> HTMLResponse:
    note_seen(request)
    view = board_view(bench, voter(request), category)
    name = "board_notes.html" if is_fragment_request(request) else "board.html"
    return render(request, templates(request), name, status, view=view, error=error,
                  colours=COLOURS, promotions=PROMOTIONS, link=promoted_link,
                  category=category or "")


def attempt(request: Request, bench: Workbench, action: Any) -> HTMLResponse:
    try:
        action()
    except JourneymapError as exc:
        return page(request, bench, exc, status_for(exc))
    return page(request, bench)


Text = Annotated[str, Form(max_length=2_000)]
Short = Annotated[str, Form(max_length=100)]


@page_router.get("/board", response_class=HTMLResponse)
def board(request: Request, bench: Bench,
          category: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
    return page(request, bench, category=category or None)


@page_router.post("/board/ui/notes", response_class=HTMLResponse, dependencies=ANYONE)
def add_from_page(request: Request, bench: Bench, text: Text = "", colour: Short = "yellow",
                  category: Short = "") -> HTMLResponse:
    return attempt(request, bench, lambda: add_note(bench, text, author(request),
                                                    colour=colour, category=category))


@page_router.post("/board/ui/notes/{note_id}/vote", response_class=HTMLResponse,
                  dependencies=ANYONE)
def vote_from_page(request: Request, bench: Bench, note_id: str,
                   on: Annotated[str, Form(max_length=1)] = "1") -> HTMLResponse:
    return attempt(request, bench, lambda: vote(bench, note_id, voter(request), on=on == "1"))


@page_router.post("/board/ui/notes/{note_id}/promote", response_class=HTMLResponse)
def promote_from_page(request: Request, bench: Bench, note_id: str,
                      version: Annotated[int, Form()], as_: Annotated[str, Form(alias="as")],
                      target: Annotated[str, Form(max_length=600)]) -> HTMLResponse:
    """``target`` is ``<map>`` or ``<map>/<stage>`` from the page's one select."""
    map_id, _, stage_id = target.partition("/")
    return attempt(request, bench, lambda: promote(bench, note_id, as_, map_id,
                                                   stage_id or None, expected_version=version))


@page_router.post("/board/ui/notes/{note_id}/delete", response_class=HTMLResponse)
def delete_from_page(request: Request, bench: Bench, note_id: str,
                     version: Annotated[int, Form()]) -> HTMLResponse:
    return attempt(request, bench, lambda: bench.store.delete(
        bench.workspace_id, note_ref(note_id), expected_version=version))
