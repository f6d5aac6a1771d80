"""The action plan pages (board, list, overdue, one action) and the REST API behind them.

Everything shown comes from :mod:`journeymap.workbench.actions`: the plan with overdue,
progress and each action's measured effect. A card dragged to another column posts its new
status with the version it showed; the board comes back re-rendered (htmx), or, when the
version is stale, with the conflict said above it and nothing written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from starlette.datastructures import FormData

from journeymap.errors import InputError, JourneymapError, NotFoundError
from journeymap.model import ActionStatus, WorkspaceDocument
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.errors import status_for
from journeymap.web.schemas import Body
from journeymap.web.templating import is_fragment_request, render
from journeymap.workbench import actions as work
from journeymap.workbench.action_export import actions_csv, actions_ics

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["action plan"])

MapQuery = Annotated[str, Query(alias="map", max_length=80)]
Window = Annotated[int, Query(ge=1, le=3650, description="Days on each side of the "
                                                         "implementation date.")]
View = Literal["board", "list"]
Show = Literal["all", "overdue"]
_MAX_TEXT = 200


def _context(bench: Bench, map_id: str, window: int) -> dict[str, Any]:
    document = bench.document()
    plan = work.action_plan(bench, map_id or None, window_days=window)
    chosen = map_id or (document.maps[0].id if document.maps else "")
    jmap = next((m for m in document.maps if m.id == chosen), None)
    return {"document": document, "plan": plan, "map_id": map_id, "chosen": chosen,
            "jmap": jmap, "window": window, "statuses": [s.value for s in work.STATUSES]}


@page_router.get("/actions", response_class=HTMLResponse)
def actions_page(request: Request, bench: Bench, map_id: MapQuery = "", view: View = "board",
                 show: Show = "all", owner: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
                 window: Window = work.DEFAULT_WINDOW_DAYS,
                 opportunity: Annotated[str, Query(max_length=80)] = "") -> HTMLResponse:
    context = _context(bench, map_id, window)
    return render(request, request.app.state.templates, "actions.html", view=view, show=show,
                  owner=owner, preset_opportunity=opportunity, notice=None,
                  shown=_shown(context["plan"], show, owner), **context)


def _shown(plan: work.Plan, show: str, owner: str) -> list[work.ActionView]:
    views = list(plan.overdue if show == "overdue" else plan.actions)
    return [v for v in views if not owner or v.action.owner == owner]


@page_router.get("/actions/{map_id}/{ident}", response_class=HTMLResponse)
def action_page(request: Request, bench: Bench, map_id: str, ident: str,
                window: Window = work.DEFAULT_WINDOW_DAYS) -> HTMLResponse:
    context = _context(bench, map_id, window)
    view = next((v for v in context["plan"].actions if v.action.id == ident), None)
    if view is None:
        raise NotFoundError("action", ident, scope=f"map {map_id!r}")
    return render(request, request.app.state.templates, "action_detail.html", view=view,
                  **context)


@page_router.post("/actions/{map_id}/{ident}/status", response_class=HTMLResponse)
def status_from_board(request: Request, bench: Bench, map_id: str, ident: str,
                      version: Annotated[int, Form()], status: Annotated[ActionStatus, Form()],
                      back: Annotated[str, Form(max_length=80)] = "") -> Response:
    """The drop of a card on another column (htmx: the board comes back)."""
    notice: str | None = None
    code = 200
    try:
        work.set_status(bench, map_id, ident, status, version)
    except JourneymapError as exc:
        notice, code = str(exc), status_for(exc)
    if not is_fragment_request(request):
        if notice is not None:
            raise InputError(notice)
        return RedirectResponse(_back(back), status_code=303)
    context = _context(bench, back, work.DEFAULT_WINDOW_DAYS)
    return render(request, request.app.state.templates, "_actions_board.html", code,
                  notice=notice, **context)


def _back(map_id: str) -> str:
    return f"/actions?map={map_id}" if map_id else "/actions"


def _optional(form: FormData, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def action_data(form: FormData) -> dict[str, Any]:
    """An action's fields from the page's form (empty fields are "none")."""
    data: dict[str, Any] = {
        "title": str(form.get("title") or ""), "description": str(form.get("description") or ""),
        "owner": str(form.get("owner") or "").strip(), "due": _optional(form, "due"),
        "status": str(form.get("status") or "planned"),
        "opportunities": [str(v) for v in form.getlist("opportunities") if v],
        "pain_points": [str(v) for v in form.getlist("pain_points") if v],
        "implemented_on": _optional(form, "implemented_on"), "target": None}
    kpi = _optional(form, "kpi")
    if kpi is not None:
        data["target"] = {"kpi": kpi, "touchpoint": _optional(form, "touchpoint"),
                          "stage": _optional(form, "stage"),
                          "baseline": _number(form, "baseline"),
                          "target": _number(form, "target")}
    return data


def _number(form: FormData, name: str) -> float | None:
    text = _optional(form, name)
    if text is None:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise InputError(f"{name} {text!r} is not a number", path=name) from None


@page_router.post("/actions/new")
async def create_from_form(request: Request, bench: Bench) -> RedirectResponse:
    form = await request.form()
    map_id = str(form.get("map_id") or "")
    created = work.add_action(bench, map_id, action_data(form))
    return RedirectResponse(f"/actions/{map_id}/{created.obj.model_dump()['id']}",
                            status_code=303)


@page_router.post("/actions/{map_id}/{ident}/edit")
async def update_from_form(request: Request, bench: Bench, map_id: str,
                           ident: str) -> RedirectResponse:
    form = await request.form()
    version = _number(form, "version")
    if version is None or not version.is_integer():
        raise InputError("the form lacks the action's version", hint="reload the page",
                         path="version")
    work.update_action(bench, map_id, ident, action_data(form), int(version))
    return RedirectResponse(f"/actions/{map_id}/{ident}", status_code=303)


@page_router.post("/actions/{map_id}/{ident}/delete")
def delete_from_form(bench: Bench, map_id: str, ident: str,
                     version: Annotated[int, Form()]) -> RedirectResponse:
    work.delete_action(bench, map_id, ident, version)
    return RedirectResponse("/actions", status_code=303)


# -- REST ----------------------------------------------------------------------------
class TargetBody(Body):
    kpi: str
    touchpoint: str | None = None
    stage: str | None = None
    baseline: float | None = None
    target: float | None = None


class ActionNew(Body):
    id: str | None = None
    title: str
    description: str = ""
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    opportunities: list[str] = []
    pain_points: list[str] = []
    target: TargetBody | None = None
    implemented_on: date | None = None


class ActionChanges(Body):
    title: str | None = None
    description: str | None = None
    owner: str | None = None
    due: date | None = None
    status: ActionStatus | None = None
    opportunities: list[str] | None = None
    pain_points: list[str] | None = None
    target: TargetBody | None = None
    implemented_on: date | None = None


class StatusChange(Body):
    status: ActionStatus


def export_text(bench: Bench, views: list[work.ActionView], fmt: str,
                now: datetime | None = None) -> tuple[str, str]:
    """(text, media type) of the plan as CSV or ICS."""
    if fmt == "csv":
        return actions_csv(views), "text/csv; charset=utf-8"
    return actions_ics(views, bench.workspace_id, now), "text/calendar; charset=utf-8"


@api_router.get("/actions", operation_id="list_actions", responses=ERRORS)
def list_actions(bench: Bench, map_id: MapQuery = "",
                 format: Literal["json", "csv", "ics"] = "json",  # noqa: A002
                 show: Show = "all", window: Window = work.DEFAULT_WINDOW_DAYS) -> Response:
    """The action plan: each action with overdue, links, target and measured effect; as
    JSON (with progress overall and by owner), CSV (docs/action-plan.md) or ICS."""
    plan = work.action_plan(bench, map_id or None, window_days=window)
    views = _shown(plan, show, "")
    if format != "json":
        text, media = export_text(bench, views, format)
        name = f"actions.{format}"
        return PlainTextResponse(text, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="{name}"'})
    return JSONResponse({
        "today": plan.today.isoformat(), "actions": [v.as_row() for v in views],
        "progress": _progress_rows(plan)})


def _progress_rows(plan: work.Plan) -> list[dict[str, Any]]:
    """Everyone first (owner None), then each owner ("" = actions nobody owns yet)."""
    rows = [{"owner": p.owner, "actions": p.actions, "done": p.done, "overdue": p.overdue,
             "share_done": p.share_done} for p in (plan.progress, *plan.owners)]
    rows[0]["owner"] = None
    return rows


@api_router.get("/maps/{map_id}/actions/{ident}/effect", operation_id="get_action_effect",
                responses=ERRORS)
def get_action_effect(bench: Bench, map_id: str, ident: str,
                      window: Window = work.DEFAULT_WINDOW_DAYS) -> dict[str, Any]:
    """The action's target KPI in the window before its implementation date against the
    window after (same instrument): values, n, difference, 95% interval, p-value, verdict."""
    document: WorkspaceDocument = bench.document()
    jmap = bench.journey_map(map_id)
    action = next((a for a in jmap.actions if a.id == ident), None)
    if action is None:
        raise NotFoundError("action", ident, scope=f"map {map_id!r}")
    return work.measure(bench, document, jmap, action, window).as_row()


@api_router.get("/maps/{map_id}/actions/{ident}", operation_id="get_action", responses=ERRORS)
def get_action(bench: Bench, map_id: str, ident: str) -> JSONResponse:
    return versioned(bench.get(work.ref(map_id, ident)))


@api_router.post("/maps/{map_id}/actions", operation_id="add_action", status_code=201,
                 responses=ERRORS)
def add_action(bench: Bench, map_id: str, body: ActionNew) -> JSONResponse:
    return versioned(work.add_action(bench, map_id, body.changes()), 201)


@api_router.patch("/maps/{map_id}/actions/{ident}", operation_id="update_action",
                  responses=EDIT_ERRORS)
def update_action(bench: Bench, map_id: str, ident: str, body: ActionChanges,
                  version: ExpectedVersion) -> JSONResponse:
    return versioned(work.update_action(bench, map_id, ident, body.changes(), version))


@api_router.post("/maps/{map_id}/actions/{ident}/status", operation_id="set_action_status",
                 responses=EDIT_ERRORS)
def set_action_status(bench: Bench, map_id: str, ident: str, body: StatusChange,
                      version: ExpectedVersion) -> JSONResponse:
    """Move the action to another status (a board column)."""
    return versioned(work.set_status(bench, map_id, ident, body.status, version))


@api_router.delete("/maps/{map_id}/actions/{ident}", operation_id="delete_action",
                   status_code=204, responses=EDIT_ERRORS)
def delete_action(bench: Bench, map_id: str, ident: str, version: ExpectedVersion) -> Response:
    work.delete_action(bench, map_id, ident, version)
    return Response(status_code=204)
