"""The pages people read: workspace home, the map canvas (live or a kept version), compare."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment

from journeymap.errors import JourneymapError, NotFoundError
from journeymap.model import JourneyMap, MapSnapshot, WorkspaceDocument
from journeymap.web.api_common import Bench
from journeymap.web.numbers import Filter, filter_query
from journeymap.web.templating import is_fragment_request, render
from journeymap.web.views import (
    Board,
    Versions,
    build_board,
    computed_curves,
    load_state,
    with_computed_curves,
)
from journeymap.workbench import Workbench
from journeymap.workbench.action_effects import cached_card_effects
from journeymap.workbench.comments import open_counts
from journeymap.workbench.numbers import (
    MapNumbers,
    NumbersFilter,
    cached_numbers,
    numbers_for,
)
from journeymap.workbench.summary import map_rows

router = APIRouter(include_in_schema=False)


def templates(request: Request) -> Environment:
    env: Environment = request.app.state.templates
    return env


def find_map(document: WorkspaceDocument, map_id: str) -> JourneyMap:
    for jmap in document.maps:
        if jmap.id == map_id:
            return jmap
    raise NotFoundError("map", map_id, scope=f"workspace {document.workspace.id!r}")


def find_snapshot(document: WorkspaceDocument, map_id: str, view: str) -> MapSnapshot:
    ident = view.removeprefix("snapshot/")
    for snapshot in document.snapshots:
        if snapshot.id == ident and snapshot.map == map_id:
            return snapshot
    raise NotFoundError("snapshot", ident, scope=f"map {map_id!r}")


def board_for(document: WorkspaceDocument, versions: Versions, map_id: str,
              view: str = "") -> tuple[Board, MapSnapshot | None]:
    """The live map's board, or a kept version's (read-only)."""
    jmap = find_map(document, map_id)
    if not view:
        return build_board(document, jmap, versions), None
    snapshot = find_snapshot(document, map_id, view)
    return build_board(document, snapshot.content, versions, editable=False), snapshot


def canvas_context(document: WorkspaceDocument, board: Board, map_id: str,
                   snapshot: MapSnapshot | None) -> dict[str, Any]:
    """Without numbers the board asks for itself again with them (see ``_board.html``):
    the first paint is never kept waiting for the engine."""
    return {
        "document": document, "board": board, "map_id": map_id, "snapshot": snapshot,
        "snapshots": [s for s in document.snapshots if s.map == map_id],
        "view": "" if snapshot is None else f"snapshot/{snapshot.id}",
        "numbers": None, "numbers_error": None, "numbers_filter": NumbersFilter(),
        "numbers_query": "", "show_quotes": False,
        "comment_counts": open_counts(document, map_id),
        "touchpoint_comments": open_counts(document, map_id, "touchpoint"),
        "stage_comments": open_counts(document, map_id, "stage"),
        "lane_comments": open_counts(document, map_id, "lane"),
        "card_effects": {},  # card id -> measured action effect (filled by with_numbers)
    }


#: The canvas's ``?quotes=`` (representative quotes in the thoughts lane): 1, on or true.
Quotes = Annotated[str, Query(max_length=5)]


def with_numbers(bench: Workbench, context: dict[str, Any], found: NumbersFilter,
                 quotes_asked: str, wait: bool) -> dict[str, Any]:
    """The canvas context with the map's live numbers for ``found`` (or why there are none),
    and the emotion curve computed where the map has no manual emotions. Unless ``wait``,
    numbers not in the cache are left out: the board then fetches itself again with them."""
    quotes = quotes_asked in ("1", "on", "true")
    board: Board = context["board"]
    numbers: MapNumbers | None = None
    error: JourneymapError | None = None
    args = (bench.analytics_path, context["document"], board.jmap, found)
    try:
        numbers = numbers_for(*args) if wait else cached_numbers(*args)
    except JourneymapError as exc:
        error = exc
    if numbers is not None:
        personas = {p.id: p for p in context["document"].personas}
        drawn = computed_curves(numbers.survey.emotions, board.jmap.stages,
                                board.jmap.variant, personas)
        board = with_computed_curves(board, drawn)
    effects = cached_card_effects(bench, context["document"], board.jmap)
    return context | {"board": board, "numbers": numbers, "numbers_error": error,
                      "card_effects": effects,
                      "numbers_filter": found, "show_quotes": quotes,
                      "numbers_query": filter_query(found, quotes=quotes)}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, bench: Bench) -> HTMLResponse:
    document = bench.document()
    return render(request, templates(request), "home.html", document=document,
                  maps=map_rows(document))


@router.get("/maps/{map_id}", response_class=HTMLResponse)
def canvas(request: Request, bench: Bench, map_id: str, found: Filter,
           view: Annotated[str, Query(max_length=200)] = "",
           quotes: Quotes = "") -> HTMLResponse:
    document, versions = load_state(bench)
    board, snapshot = board_for(document, versions, map_id, view)
    context = canvas_context(document, board, map_id, snapshot)
    return render(request, templates(request), "canvas.html", notice=None,
                  **with_numbers(bench, context, found, quotes,
                                 wait=is_fragment_request(request)))


def _choices(document: WorkspaceDocument) -> list[tuple[str, str, str]]:
    """Everything a compare can take: maps and their kept versions (value, name, variant)."""
    choices = [(m.id, m.name, m.variant.value) for m in document.maps]
    choices += [(f"snapshot/{s.id}", f"{s.label} ({s.content.name})", s.content.variant.value)
                for s in document.snapshots]
    return choices


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, bench: Bench,
            before: Annotated[str, Query(max_length=200)] = "",
            after: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    document = bench.document()
    diff = bench.compare(before, after) if before and after else None
    return render(request, templates(request), "compare.html", document=document, diff=diff,
                  before=before, after=after, choices=_choices(document))


@router.post("/maps/{map_id}/snapshots")
def keep_version(bench: Bench, map_id: str,
                 label: Annotated[str, Form(max_length=200)] = "") -> RedirectResponse:
    snapshot = bench.snapshot(map_id, label.strip() or "Saved version")
    return RedirectResponse(f"/maps/{map_id}?view=snapshot/{snapshot.id}", status_code=303)


@router.post("/maps/{map_id}/derive")
def start_to_be(bench: Bench, map_id: str) -> RedirectResponse:
    new = bench.derive(map_id, f"{map_id[:70]}-to-be")
    return RedirectResponse(f"/maps/{new.ref.removeprefix('map/')}", status_code=303)


@router.post("/snapshots/{snapshot_id}/restore", response_class=HTMLResponse)
def restore(bench: Bench, snapshot_id: str,
            version: Annotated[int, Form()]) -> RedirectResponse:
    restored = bench.restore(snapshot_id, expected_version=version)
    return RedirectResponse(f"/maps/{restored.ref.removeprefix('map/')}", status_code=303)
