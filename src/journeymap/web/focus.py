"""The Focus page (opportunities by RICE and the value/effort matrix) and its REST twins.

Everything shown comes from :func:`journeymap.workbench.focus.focus_data`; forms post here
and come back to the page (303), the API edits the same objects with versions.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import Field

from journeymap.model.base import Identifier, Name, Text
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.schemas import Body
from journeymap.web.templating import render
from journeymap.workbench import focus as work
from journeymap.workbench.focus import QUADRANTS

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["focus"])

MapQuery = Annotated[str, Query(alias="map", max_length=80)]
Value = Annotated[int, Field(ge=1, le=5)]


class OpportunityNew(Body):
    id: Identifier | None = None
    title: Name
    description: Text = ""
    pain_points: list[Identifier] = []
    value: Value = 3
    effort: Value = 3
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    reach: Annotated[int, Field(ge=0)] = 0


class OpportunityChanges(Body):
    title: Name | None = None
    description: Text | None = None
    pain_points: list[Identifier] | None = None
    value: Value | None = None
    effort: Value | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    reach: Annotated[int, Field(ge=0)] | None = None


# -- page ----------------------------------------------------------------------------
@page_router.get("/focus", response_class=HTMLResponse)
def focus_page(request: Request, bench: Bench, map_id: MapQuery = "") -> HTMLResponse:
    document = bench.document()
    data = work.focus_data(bench, map_id or None)
    chosen = map_id or (document.maps[0].id if document.maps else "")
    pains = next((m.pain_points for m in document.maps if m.id == chosen), [])
    return render(request, request.app.state.templates, "focus.html", document=document,
                  data=data, map_id=map_id, chosen=chosen, pains=pains, quadrants=QUADRANTS,
                  cell=work.CELL, pad=work.PAD)


def _form_data(title: str, description: str, value: int, effort: int, confidence: float,
               reach: int, pain_points: list[str]) -> dict[str, Any]:
    return {"title": title, "description": description, "value": value, "effort": effort,
            "confidence": confidence, "reach": reach,
            "pain_points": [p for p in pain_points if p]}


Title = Annotated[str, Form(max_length=200)]
Description = Annotated[str, Form(max_length=20_000)]
FormValue = Annotated[int, Form(ge=1, le=5)]
Confidence = Annotated[float, Form(ge=0.0, le=1.0)]
Reach = Annotated[int, Form(ge=0)]
Pains = Annotated[list[str] | None, Form()]


def _back(map_id: str) -> RedirectResponse:
    return RedirectResponse(f"/focus?map={map_id}" if map_id else "/focus", status_code=303)


@page_router.post("/focus/opportunities")
def create_from_form(bench: Bench, map_id: Annotated[str, Form(max_length=80)], title: Title,
                     description: Description = "", value: FormValue = 3,
                     effort: FormValue = 3, confidence: Confidence = 0.5, reach: Reach = 0,
                     pain_points: Pains = None, back: Annotated[str, Form()] = ""
                     ) -> RedirectResponse:
    work.add_opportunity(bench, map_id, _form_data(title, description, value, effort,
                                                   confidence, reach, pain_points or []))
    return _back(back)


@page_router.post("/focus/opportunities/{map_id}/{ident}")
def update_from_form(bench: Bench, map_id: str, ident: str,
                     version: Annotated[int, Form()], title: Title,
                     description: Description = "", value: FormValue = 3,
                     effort: FormValue = 3, confidence: Confidence = 0.5, reach: Reach = 0,
                     pain_points: Pains = None, back: Annotated[str, Form()] = ""
                     ) -> RedirectResponse:
    work.update_opportunity(bench, map_id, ident, _form_data(
        title, description, value, effort, confidence, reach, pain_points or []), version)
    return _back(back)


@page_router.post("/focus/opportunities/{map_id}/{ident}/delete")
def delete_from_form(bench: Bench, map_id: str, ident: str, version: Annotated[int, Form()],
                     back: Annotated[str, Form()] = "") -> RedirectResponse:
    work.delete_opportunity(bench, map_id, ident, version)
    return _back(back)


# -- REST ----------------------------------------------------------------------------
@api_router.get("/focus", operation_id="get_focus", responses=ERRORS)
def get_focus(bench: Bench, map_id: MapQuery = "") -> dict[str, Any]:
    """Opportunities, best RICE first: reach used (and where it came from), value, effort,
    confidence, RICE, quadrant, linked pain points and actions; quadrant counts."""
    data = work.focus_data(bench, map_id or None)
    return {"opportunities": [v.as_row() for v in data.opportunities], "counts": data.counts}


def _ref(map_id: str, ident: str) -> str:
    return work.ref(map_id, ident)


@api_router.get("/maps/{map_id}/opportunities/{ident}", operation_id="get_opportunity",
                responses=ERRORS)
def get_opportunity(bench: Bench, map_id: str, ident: str) -> JSONResponse:
    return versioned(bench.get(_ref(map_id, ident)))


@api_router.post("/maps/{map_id}/opportunities", operation_id="add_opportunity",
                 status_code=201, responses=ERRORS)
def add_opportunity(bench: Bench, map_id: str, body: OpportunityNew) -> JSONResponse:
    return versioned(work.add_opportunity(bench, map_id, body.changes()), 201)


@api_router.patch("/maps/{map_id}/opportunities/{ident}", operation_id="update_opportunity",
                  responses=EDIT_ERRORS)
def update_opportunity(bench: Bench, map_id: str, ident: str, body: OpportunityChanges,
                       version: ExpectedVersion) -> JSONResponse:
    return versioned(work.update_opportunity(bench, map_id, ident, body.changes(), version))


@api_router.delete("/maps/{map_id}/opportunities/{ident}", operation_id="delete_opportunity",
                   status_code=204, responses=EDIT_ERRORS)
def delete_opportunity(bench: Bench, map_id: str, ident: str,
                       version: ExpectedVersion) -> Response:
    """Delete it; actions and cards linked to it lose the link first."""
    work.delete_opportunity(bench, map_id, ident, version)
    return Response(status_code=204)
