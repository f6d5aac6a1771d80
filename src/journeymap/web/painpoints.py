"""The pain points page and its REST twins: ranked pain points (manual and detected) with
their evidence, the "Detect pain points" run, and the validation status people set.

Everything shown comes from :func:`journeymap.workbench.painpoints.painpoints_data`; forms
post here and are sent back to the page. The Detect button starts a background job
(:mod:`journeymap.web.jobs`); the API's detection runs in the request.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict

from journeymap.analytics.painpoints import PainpointsSpec
from journeymap.analytics.phrases import Language, language_of
from journeymap.errors import JourneymapError
from journeymap.model.base import ValidationStatus
from journeymap.web.api_common import ERRORS, Bench
from journeymap.web.i18n import current_locale
from journeymap.web.jobs import (
    DETECT_PAINPOINTS,
    JobsDep,
    refused,
    shown_job,
    start,
    status_context,
)
from journeymap.web.templating import render
from journeymap.workbench import Workbench
from journeymap.workbench import painpoints as work
from journeymap.workbench.jobs import Work

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["pain points"])

Ident = Annotated[str, Query(max_length=80)]


class StatusChange(BaseModel):
    """The new validation status of a pain point."""

    model_config = ConfigDict(extra="forbid")
    status: ValidationStatus


def _none(value: str) -> str | None:
    return value or None


def _back(map_id: str, stage: str = "", kind: str = "") -> RedirectResponse:
    query = urlencode([(k, v) for k, v in (("map", map_id), ("stage", stage),
                                           ("kind", kind)) if v])
    return RedirectResponse("/painpoints" + (f"?{query}" if query else ""), status_code=303)


@page_router.get("/painpoints", response_class=HTMLResponse)
def painpoints_page(request: Request, bench: Bench, jobs: JobsDep, map_id: Annotated[
        str, Query(alias="map", max_length=80)] = "", stage: Ident = "",
        kind: Ident = "", job: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    """The ranked list; on top, the detection asked for (``job``) or the one running now."""
    document = bench.document()
    data = (work.painpoints_data(bench, _none(map_id), stage=_none(stage), kind=_none(kind))
            if document.maps else None)
    shown = shown_job(bench, jobs, DETECT_PAINPOINTS, job)
    return render(request, request.app.state.templates, "painpoints.html",
                  document=document, data=data, **status_context(jobs, shown, job))


def _spec(conversion: list[str], language: Language = "en") -> PainpointsSpec:
    """The detectors' spec: the default conversion events unless some are named; titles
    in ``language``."""
    names = tuple(name.strip() for text in conversion for name in text.split(",")
                  if name.strip())
    if names:
        return PainpointsSpec(conversion_events=names, language=language)
    return PainpointsSpec(language=language)


def _detection(bench: Workbench, map_id: str | None, spec: PainpointsSpec | None) -> Work:
    """The background run: detect and save, summed up in counts."""
    def run() -> dict[str, int]:
        result = work.detect(bench, map_id, spec)
        summary = work.save(bench, result.findings, map_id)
        return {"painpoints": len(result.findings), "added": len(summary.added),
                "refreshed": len(summary.refreshed)}
    return run


@page_router.post("/painpoints/detect")
def detect_from_form(request: Request, bench: Bench, jobs: JobsDep,
                     map_id: Annotated[str, Form(max_length=80)] = "",
                     conversion: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Start the detectors in the background (the page's button); while a detection runs,
    the running one is shown instead of starting another."""
    try:
        # new pain points get titles in the language of the person who clicked Detect
        spec = _spec([conversion], language_of(current_locale()))
    except JourneymapError as exc:
        return refused(request, exc)
    return start(request, bench, jobs, DETECT_PAINPOINTS,
                 _detection(bench, _none(map_id), spec), scope=map_id)


@page_router.post("/painpoints/{map_id}/{ident}/status")
def status_from_form(bench: Bench, map_id: str, ident: str,
                     status: Annotated[ValidationStatus, Form()],
                     stage: Annotated[str, Form(max_length=80)] = "",
                     kind: Annotated[str, Form(max_length=80)] = "") -> RedirectResponse:
    work.set_status(bench, ident, status, map_id)
    return _back(map_id, stage, kind)


@api_router.get("/painpoints", operation_id="list_painpoints", responses=ERRORS)
def list_painpoints(bench: Bench, map_id: Annotated[str | None, Query(
        alias="map", max_length=80, description="The map (default: the first).")] = None,
        stage: Annotated[str | None, Query(max_length=80)] = None,
        kind: Annotated[str | None, Query(max_length=80)] = None) -> dict[str, Any]:
    """The map's pain points, manual and detected, best first, with their evidence."""
    return work.painpoints_data(bench, map_id, stage=stage, kind=kind)


@api_router.post("/painpoints/detect", operation_id="detect_painpoints", responses=ERRORS)
def detect_painpoints(bench: Bench, map_id: Annotated[str | None, Query(
        alias="map", max_length=80)] = None, conversion: Annotated[list[str] | None, Query(
        max_length=200, description="Event names (globs) that count as a conversion; "
        "default: *order_placed*, *purchase and similar.")] = None,
        language: Annotated[Language, Query(description="Language of the titles of new pain "
        "points (en, pl, bg); ones found before keep theirs.")] = "en") -> dict[str, Any]:
    """Run the detectors on the workspace's data and merge the findings into the map's
    pain points (ids stable by kind and touchpoint; manual ones untouched); new ones get
    titles in ``language``."""
    result = work.detect(bench, map_id, _spec(conversion or [], language))
    summary = work.save(bench, result.findings, map_id)
    return {"added": list(summary.added), "refreshed": list(summary.refreshed),
            "cards": list(summary.cards), "columns": list(result.columns),
            "rows": list(result.rows),
            "findings": [asdict(finding) for finding in result.findings]}


@api_router.patch("/painpoints/{map_id}/{ident}", operation_id="set_painpoint_status",
                  responses=ERRORS)
def set_painpoint_status(bench: Bench, map_id: str, ident: str,
                         body: StatusChange) -> dict[str, Any]:
    """Set the validation status (hypothesis, validated qualitatively or quantitatively)."""
    return work.set_status(bench, ident, body.status, map_id).model_dump(mode="json")
