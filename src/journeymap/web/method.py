"""The Method page: the six steps and seven workshop steps, checked on the workspace.

The checklist is :func:`journeymap.workbench.method.checklist`; this module adds which of its
links lead to a page this app serves (pages arrive with their features).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.routing import Match

from journeymap.web.api_common import ERRORS, Bench
from journeymap.web.templating import render
from journeymap.workbench.method import checklist

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["method"])

MapQuery = Annotated[str, Query(alias="map", max_length=80)]


def is_served(request: Request, link: str) -> bool:
    """Whether a page of this app answers GET ``link``. Asked of the routes themselves:
    FastAPI may keep included routers as one route each, without their paths."""
    scope = {"type": "http", "method": "GET", "path": link, "root_path": ""}
    return any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes)


@page_router.get("/method", response_class=HTMLResponse)
def method_page(request: Request, bench: Bench, map_id: MapQuery = "") -> HTMLResponse:
    return render(request, request.app.state.templates, "method.html",
                  document=bench.document(), checklist=checklist(bench, map_id or None),
                  served=lambda link: is_served(request, link))


@api_router.get("/method", operation_id="get_method_checklist", responses=ERRORS)
def get_method_checklist(bench: Bench, map_id: MapQuery = "") -> dict[str, Any]:
    """The six method steps and the seven workshop steps for a map (default: the first):
    done or not, the evidence, what is missing, where to do it, and the counts behind it."""
    found = checklist(bench, map_id or None)
    return {"map": found.map_id, "done": found.done, "total": found.total,
            "method": [s.as_row() for s in found.method],
            "workshop": [s.as_row() for s in found.workshop]}
