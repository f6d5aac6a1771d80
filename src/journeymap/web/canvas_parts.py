"""Parts of the canvas board for live updates: ``GET /maps/{m}/ui/part/...``.

When someone else changes a card, a touchpoint, a stage or a lane, ``static/live.js``
fetches only the part of the board showing it and swaps it in place, instead of the whole
board. Each part is rendered by the same template ``_board.html`` includes, with the same
context (numbers and the numbers filter too), so it equals that part of a full render;
each carries its ``id`` (to be swapped) and its own URL (``data-part``). Structural changes
(stages or lanes added, removed, reordered) still fetch the whole board.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from journeymap.errors import NotFoundError
from journeymap.model import WorkspaceDocument
from journeymap.web.api_common import Bench
from journeymap.web.numbers import Filter
from journeymap.web.pages import Quotes, board_for, canvas_context, templates, with_numbers
from journeymap.web.templating import is_fragment_request, render
from journeymap.web.views import Board, CardView, LaneView, StageView, load_state

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Part:
    """One swappable part: a stage head ("stage"), a stage's touchpoint cell
    ("touchpoints"), a lane ("lane") or one lane's cell in one stage ("cell")."""

    kind: str
    stage: StageView | None = None
    lane: LaneView | None = None
    cell: list[CardView] | None = None


def stage_part(board: Board, stage_id: str, kind: str = "stage") -> Part:
    for view in board.stages:
        if view.stage.id == stage_id:
            return Part(kind, stage=view)
    raise NotFoundError("stage", stage_id, scope=f"map {board.jmap.id!r}")


def lane_view(board: Board, lane_id: str) -> LaneView:
    for view in board.lanes:
        if view.lane.id == lane_id:
            return view
    raise NotFoundError("lane", lane_id, scope=f"map {board.jmap.id!r}")


def cell_part(board: Board, lane_id: str, stage_id: str) -> Part:
    lane = lane_view(board, lane_id)
    for index, view in enumerate(board.stages):
        if view.stage.id == stage_id:
            return Part("cell", stage=view, lane=lane, cell=lane.cells[index])
    raise NotFoundError("stage", stage_id, scope=f"map {board.jmap.id!r}")


def card_part(board: Board, card_id: str) -> Part:
    """The cell the card is in now."""
    for lane in board.lanes:
        for index, cell in enumerate(lane.cells):
            if any(view.card.id == card_id for view in cell):
                return Part("cell", stage=board.stages[index], lane=lane, cell=cell)
    raise NotFoundError("card", card_id, scope=f"map {board.jmap.id!r}")


def touchpoint_parts(board: Board, touchpoint_id: str) -> list[Part]:
    """The touchpoint's cell in the touchpoint row, then the cells of the cards naming it
    (a card shows its touchpoint's name and channel)."""
    for view in board.stages:
        if any(tp.id == touchpoint_id for tp, _ in view.touchpoints):
            break
    else:
        raise NotFoundError("touchpoint", touchpoint_id, scope=f"map {board.jmap.id!r}")
    parts = [Part("touchpoints", stage=view)]
    for lane in board.lanes:
        for index, cell in enumerate(lane.cells):
            if any(c.touchpoint is not None and c.touchpoint.id == touchpoint_id for c in cell):
                parts.append(Part("cell", stage=board.stages[index], lane=lane, cell=cell))
    return parts


def comment_parts(document: WorkspaceDocument, board: Board, comment_id: str) -> list[Part]:
    """The part showing the comment badge of the object the comment is on."""
    target = next((c.target for c in document.comments if c.id == comment_id), None)
    if target is None:
        raise NotFoundError("comment", comment_id)
    root, map_id, kind, ident = (target.split("/") + ["", "", "", ""])[:4]
    if (root, map_id) == ("map", board.jmap.id) and kind in ("card", "touchpoint", "stage",
                                                              "lane"):
        return parts_of(document, board, kind, ident)
    raise NotFoundError("comment badge", target, scope=f"map {board.jmap.id!r}")


def parts_of(document: WorkspaceDocument, board: Board, kind: str, ident: str) -> list[Part]:
    """The parts of the board showing the object ``kind``/``ident``."""
    if kind == "card":
        return [card_part(board, ident)]
    if kind == "touchpoint":
        return touchpoint_parts(board, ident)
    if kind == "stage":
        return [stage_part(board, ident)]
    if kind == "lane":
        return [Part("lane", lane=lane_view(board, ident))]
    if kind == "comment":
        return comment_parts(document, board, ident)
    raise NotFoundError("canvas part", kind, scope=f"map {board.jmap.id!r}")


def answer(request: Request, bench: Bench, map_id: str, found: Filter, quotes: str,
           pick: str, *ident: str) -> HTMLResponse:
    """Render the picked parts with the context of the full canvas (see pages.canvas)."""
    document, versions = load_state(bench)
    board, _ = board_for(document, versions, map_id)
    context = with_numbers(bench, canvas_context(document, board, map_id, None), found,
                           quotes, wait=is_fragment_request(request))
    board = context["board"]  # with the computed emotion curves
    if pick == "cell":
        parts = [cell_part(board, *ident)]
    elif pick == "touchpoints":
        parts = [stage_part(board, ident[0], "touchpoints")]
    else:
        parts = parts_of(document, board, pick, ident[0])
    return render(request, templates(request), "_part.html", parts=parts, notice=None,
                  **context)


@router.get("/maps/{map_id}/ui/part/cell/{lane_id}/{stage_id}", response_class=HTMLResponse)
def cell(request: Request, bench: Bench, map_id: str, lane_id: str, stage_id: str,
         found: Filter, quotes: Quotes = "") -> HTMLResponse:
    """One lane's cell in one stage."""
    return answer(request, bench, map_id, found, quotes, "cell", lane_id, stage_id)


@router.get("/maps/{map_id}/ui/part/{pick}/{ident}", response_class=HTMLResponse)
def part(request: Request, bench: Bench, map_id: str, pick: str, ident: str, found: Filter,
         quotes: Quotes = "") -> HTMLResponse:
    """``pick``: stage (its head), touchpoints (a stage's touchpoint cell), lane, card (the
    cell it is in), touchpoint (its cell and those of cards naming it), comment (the part
    with the badge of the object it is on)."""
    return answer(request, bench, map_id, found, quotes, pick, ident)
