"""Edits made on the canvas (htmx forms and drag and drop): the same workbench calls as the
API, answered with the re-rendered board. A stale edit is refused and the board shows the
conflict with the current content; nothing is overwritten."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from journeymap.errors import ConflictError, InputError, JourneymapError, NotFoundError
from journeymap.model import Card, JourneyMap, Lane, Model, Stage, Touchpoint, new_id
from journeymap.web.api_children import new_object, ref
from journeymap.web.api_common import Bench
from journeymap.web.errors import status_for
from journeymap.web.live import note_seen
from journeymap.web.pages import board_for, canvas_context, templates
from journeymap.web.templating import is_fragment_request, render
from journeymap.web.views import load_state
from journeymap.workbench import Workbench
from journeymap.workbench.folder import slug

router = APIRouter(include_in_schema=False)

Kind = Literal["stage", "lane", "touchpoint", "card"]
#: The field a rename changes, per kind.
RENAME_FIELD = {"stage": "name", "lane": "title", "touchpoint": "name", "card": "text"}
Text = Annotated[str, Form(max_length=20_000)]


@dataclass(frozen=True)
class Notice:
    """What the board says above itself after a refused edit. For a stale rename it can
    offer to apply the attempted text again on top of the current ``version``."""

    conflict: bool
    message: str
    deleted: bool = False
    current: str = ""
    attempted: str = ""
    by: str = ""  # who made the change that won, from the activity log
    kind: str = ""
    ident: str = ""
    version: int = 0


def notice_for(exc: JourneymapError, field: str | None, attempted: str,
               bench: Workbench | None = None, target: tuple[str, str, str] | None = None
               ) -> Notice:
    if isinstance(exc, ConflictError):
        current: dict[str, Any] = exc.current or {}
        shown = str(current.get(field, "")) if field else ""
        by, kind, ident = "", "", ""
        if bench is not None and target is not None:
            map_id, kind, ident = target
            last = bench.store.activity(bench.workspace_id, ref=ref(map_id, kind, ident),
                                        limit=1)
            by = last[0].actor if last else ""
        return Notice(True, exc.message, exc.current is None, shown, attempted, by, kind,
                      ident, int(current.get("version", 0)))
    return Notice(False, str(exc), attempted=attempted)


def answer(request: Request, bench: Workbench, map_id: str, notice: Notice | None = None,
           status: int = 200) -> HTMLResponse:
    note_seen(request)
    document, versions = load_state(bench)
    board, snapshot = board_for(document, versions, map_id)
    context = canvas_context(document, board, map_id, snapshot)
    name = "_board.html" if is_fragment_request(request) else "canvas.html"
    return render(request, templates(request), name, status, notice=notice, **context)


def attempt(request: Request, bench: Workbench, map_id: str, action: Callable[[], object],
            field: str | None = None, attempted: str = "",
            target: tuple[str, str] | None = None) -> HTMLResponse:
    """Run ``action`` and answer with the board; ``target`` (kind, id) names the object an
    edit was about, so a conflict can say who changed it."""
    try:
        action()
    except JourneymapError as exc:
        where = None if target is None else (map_id, *target)
        return answer(request, bench, map_id,
                      notice_for(exc, field, attempted, bench, where), status_for(exc))
    return answer(request, bench, map_id)


def score_of(text: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"score {text!r} is not a number", hint="use -2 to 2") from None


def add_new(bench: Workbench, map_id: str, kind: str, model: type[Model],
            data: dict[str, Any], parent: str | None = None) -> None:
    ident, obj = new_object(model, kind, data)
    bench.store.add(bench.workspace_id, ref(map_id, kind, ident), obj, parent=parent)


@router.post("/ui/maps")
def create_map(bench: Bench, name: Annotated[str, Form(max_length=200)] = "") -> RedirectResponse:
    """A new, empty map (add its stages and lanes on the canvas), opened at once."""
    title = name.strip()
    if not title:
        raise InputError("a new map needs a name", path="name")
    ident = new_id(slug(title)[:60].strip("-") or "map")
    bench.store.add(bench.workspace_id, f"map/{ident}", JourneyMap(id=ident, name=title))
    return RedirectResponse(f"/maps/{ident}", status_code=303)


@router.post("/maps/{map_id}/ui/stages", response_class=HTMLResponse)
def add_stage(request: Request, bench: Bench, map_id: str, name: Text = "") -> HTMLResponse:
    return attempt(request, bench, map_id,
                   lambda: add_new(bench, map_id, "stage", Stage, {"name": name}))


@router.post("/maps/{map_id}/ui/lanes", response_class=HTMLResponse)
def add_lane(request: Request, bench: Bench, map_id: str, kind: Text = "",
             title: Text = "") -> HTMLResponse:
    data = {"kind": kind, "title": title.strip()}
    return attempt(request, bench, map_id, lambda: add_new(bench, map_id, "lane", Lane, data))


@router.post("/maps/{map_id}/ui/touchpoints", response_class=HTMLResponse)
def add_touchpoint(request: Request, bench: Bench, map_id: str, stage: Text = "",
                   name: Text = "", channel: Text = "") -> HTMLResponse:
    data = {"stage": stage, "name": name, "channel": channel}
    return attempt(request, bench, map_id,
                   lambda: add_new(bench, map_id, "touchpoint", Touchpoint, data))


@router.post("/maps/{map_id}/ui/cards", response_class=HTMLResponse)
def add_card(request: Request, bench: Bench, map_id: str, lane: Text = "", stage: Text = "",
             text: Text = "", score: Text = "") -> HTMLResponse:
    def action() -> None:
        data = {"stage": stage, "text": text.strip(), "score": score_of(score)}
        add_new(bench, map_id, "card", Card, data, parent=lane)

    return attempt(request, bench, map_id, action)


@router.post("/maps/{map_id}/ui/{kind}/{ident}/rename", response_class=HTMLResponse)
def rename(request: Request, bench: Bench, map_id: str, kind: Kind, ident: str,
           version: Annotated[int, Form()], value: Text = "", score: Text = "") -> HTMLResponse:
    field = RENAME_FIELD[kind]

    def action() -> None:
        changes: dict[str, Any] = {field: value.strip()}
        if kind == "card" and score.strip():
            changes["score"] = score_of(score)
        bench.update(ref(map_id, kind, ident), changes, expected_version=version)

    return attempt(request, bench, map_id, action, field, value, (kind, ident))


@router.post("/maps/{map_id}/ui/{kind}/{ident}/delete", response_class=HTMLResponse)
def delete(request: Request, bench: Bench, map_id: str, kind: Kind, ident: str,
           version: Annotated[int, Form()]) -> HTMLResponse:
    def action() -> None:
        bench.store.delete(bench.workspace_id, ref(map_id, kind, ident),
                           expected_version=version)

    return attempt(request, bench, map_id, action, RENAME_FIELD[kind], target=(kind, ident))


@router.post("/maps/{map_id}/ui/{kind}/{ident}/move", response_class=HTMLResponse)
def move(request: Request, bench: Bench, map_id: str, kind: Kind, ident: str,
         version: Annotated[int, Form()], position: Annotated[int, Form(ge=0)] = 0,
         lane: Text = "", stage: Text = "") -> HTMLResponse:
    def action() -> None:
        if kind == "card":
            move_card(bench, map_id, ident, version, lane, stage, position)
        else:
            bench.store.move(bench.workspace_id, ref(map_id, kind, ident), position,
                             expected_version=version)

    return attempt(request, bench, map_id, action, RENAME_FIELD[kind], target=(kind, ident))


def lane_position(others: list[Card], jmap: JourneyMap, stage_id: str, index: int) -> int:
    """The place in the lane's list that puts a card at ``index`` of its (lane, stage) cell."""
    cell = [i for i, card in enumerate(others) if card.stage == stage_id]
    if index < len(cell):
        return cell[index]
    if cell:
        return cell[-1] + 1
    order = {stage.id: i for i, stage in enumerate(jmap.stages)}
    return sum(1 for card in others if order[card.stage] <= order[stage_id])


def move_card(bench: Workbench, map_id: str, card_id: str, version: int, lane_id: str,
              stage_id: str, index: int) -> None:
    """Drop a card into cell (lane, stage) at ``index``: one store change (lane, stage and
    position at once), so a drop is never half done."""
    jmap = bench.journey_map(map_id)
    lanes = {lane.id: lane for lane in jmap.lanes}
    if lane_id not in lanes:
        raise NotFoundError("lane", lane_id, scope=f"map {map_id!r}")
    if stage_id not in {stage.id for stage in jmap.stages}:
        raise NotFoundError("stage", stage_id, scope=f"map {map_id!r}")
    home = next((lane for lane in jmap.lanes if any(c.id == card_id for c in lane.cards)), None)
    if home is None:  # gone: the store tells a deleted card (conflict) from an unknown one
        bench.store.move(bench.workspace_id, ref(map_id, "card", card_id), 0,
                         expected_version=version)
        return
    card = next(c for c in home.cards if c.id == card_id)
    others = [c for c in lanes[lane_id].cards if c.id != card_id]
    position = lane_position(others, jmap, stage_id, index)
    bench.store.move(bench.workspace_id, ref(map_id, "card", card_id), position,
                     expected_version=version, parent=None if lane_id == home.id else lane_id,
                     stage=None if card.stage == stage_id else stage_id)
