"""The Data page: upload a file, preview it, import it with progress, read the history and
the quarantine, and assign unmatched events to touchpoints. The same workbench calls as the
REST API (``api_data``); htmx asks for fragments, a plain form post gets the whole page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse

from journeymap.errors import InputError, JourneymapError, NotFoundError
from journeymap.model import WorkspaceDocument
from journeymap.web.api_common import Bench
from journeymap.web.api_data import Jobs, preview_and_stage
from journeymap.web.errors import status_for
from journeymap.web.pages import templates
from journeymap.web.templating import is_fragment_request, render
from journeymap.web.views import load_state
from journeymap.workbench import Workbench
from journeymap.workbench.imports import KINDS, import_history, mapping_names, quarantine_page
from journeymap.workbench.unmatched import assign_to_new_touchpoint as assign_new
from journeymap.workbench.unmatched import assign_to_touchpoint as assign_existing
from journeymap.workbench.unmatched import unmatched

router = APIRouter(include_in_schema=False)
QUARANTINE_PAGE = 50
#: Unmatched events listed on the page, most frequent first (the API lists all).
UNMATCHED_SHOWN = 100
Short = Annotated[str, Form(max_length=500)]


def chosen_map(document: WorkspaceDocument, map_id: str) -> str | None:
    """The asked-for map, else the workspace's first."""
    if map_id:
        return map_id
    return document.maps[0].id if document.maps else None


def unmatched_context(bench: Workbench, map_id: str) -> dict[str, Any]:
    document, versions = load_state(bench)
    chosen = chosen_map(document, map_id)
    jmap = next((m for m in document.maps if m.id == chosen), None)
    if chosen is not None and jmap is None:
        raise NotFoundError("map", chosen, scope=f"workspace {document.workspace.id!r}")
    stages = {} if jmap is None else {stage.id: stage.name for stage in jmap.stages}
    touchpoints = [] if jmap is None else [
        (t, versions.get(("touchpoint", jmap.id, t.id), 0), stages.get(t.stage, t.stage))
        for t in jmap.touchpoints]
    return {"document": document, "jmap": jmap, "touchpoints": touchpoints,
            "unmatched": [] if jmap is None else unmatched(bench, jmap.id, UNMATCHED_SHOWN)}


def page(request: Request, bench: Workbench, *, map_id: str = "", import_id: str = "",
         offset: int = 0, status: int = 200, **extra: Any) -> HTMLResponse:
    context: dict[str, Any] = {"preview": None, "upload": None, "job": None, "notice": None,
                               "assign_notice": None}
    context |= extra
    context |= unmatched_context(bench, map_id)
    context |= {"history": import_history(bench.path), "import_id": import_id,
                "quarantine": quarantine_page(bench.path, import_id or None, offset,
                                              QUARANTINE_PAGE)}
    return render(request, templates(request), "data.html", status, kinds=KINDS,
                  mappings={k: mapping_names(k) for k in KINDS}, **context)


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, bench: Bench,
              map: Annotated[str, Query(max_length=200)] = "",
              import_id: Annotated[str, Query(alias="import", max_length=100)] = "",
              offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    return page(request, bench, map_id=map, import_id=import_id, offset=offset)


@router.post("/data/preview", response_class=HTMLResponse)
def preview(request: Request, bench: Bench, jobs: Jobs,
            file: Annotated[UploadFile, File()], kind: Short = "events", mapping: Short = "",
            mapping_file: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
    try:
        staged = preview_and_stage(request, jobs, kind, file, mapping, mapping_file)
    except JourneymapError as exc:
        return answer(request, bench, status_for(exc), notice=str(exc))
    return answer(request, bench, preview=staged["preview"], upload=staged["upload"])


def answer(request: Request, bench: Workbench, status: int = 200,
           **context: Any) -> HTMLResponse:
    """The preview/import panel for htmx, else the whole page with it."""
    if is_fragment_request(request):
        full: dict[str, Any] = {"preview": None, "upload": None, "job": None, "notice": None}
        return render(request, templates(request), "_data_panel.html", status,
                      **(full | context))
    return page(request, bench, status=status, **context)


@router.post("/data/imports", response_class=HTMLResponse)
def start(request: Request, bench: Bench, jobs: Jobs, upload: Short = "") -> HTMLResponse:
    try:
        job = jobs.start(upload)
    except JourneymapError as exc:
        return answer(request, bench, status_for(exc), notice=str(exc))
    return answer(request, bench, 202, job=job)


@router.get("/data/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, bench: Bench, jobs: Jobs, job_id: str) -> HTMLResponse:
    return answer(request, bench, job=jobs.get(job_id))


def version_of(choice: str) -> tuple[str, int]:
    """``touchpoint@version`` from the form's select."""
    ident, _, version = choice.rpartition("@")
    if not ident or not version.isdigit():
        raise InputError("choose a touchpoint", path="touchpoint")
    return ident, int(version)


def assigned(request: Request, bench: Workbench, map_id: str, action: Any) -> HTMLResponse:
    notice: str | None = None
    status = 200
    try:
        action()
    except JourneymapError as exc:
        notice, status = str(exc), status_for(exc)
    if is_fragment_request(request):
        context = unmatched_context(bench, map_id) | {"assign_notice": notice}
        return render(request, templates(request), "_data_unmatched.html", status, **context)
    return page(request, bench, map_id=map_id, status=status, assign_notice=notice)


@router.post("/data/assign", response_class=HTMLResponse)
def assign(request: Request, bench: Bench, map: Short, event: Short,
           touchpoint: Short = "") -> HTMLResponse:
    def action() -> None:
        ident, version = version_of(touchpoint)
        assign_existing(bench, map, ident, event, expected_version=version)

    return assigned(request, bench, map, action)


@router.post("/data/assign-new", response_class=HTMLResponse)
def assign_to_new(request: Request, bench: Bench, map: Short, event: Short, stage: Short = "",
                  channel: Short = "", name: Short = "") -> HTMLResponse:
    return assigned(request, bench, map, lambda: assign_new(
        bench, map, event, name=name, stage=stage, channel=channel))
