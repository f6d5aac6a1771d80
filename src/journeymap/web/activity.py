"""The activity feed: ``/activity`` (page) and ``GET /api/v1/activity`` (the same data)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from journeymap.web.api_common import ERRORS, Bench
from journeymap.web.i18n import N_
from journeymap.web.pages import templates
from journeymap.web.templating import render
from journeymap.workbench.activity import MAX_PAGE_SIZE, PAGE_SIZE, activity_page, object_link

api_router = APIRouter(tags=["activity"])
page_router = APIRouter(include_in_schema=False)

#: How each action reads in the feed (translated when shown).
ACTIONS = {
    "create": N_("created"), "update": N_("changed"), "move": N_("moved"),
    "delete": N_("deleted"), "restore": N_("restored a kept version of"),
    "snapshot": N_("kept a version of"), "replace": N_("imported the whole workspace"),
    "comment": N_("commented"), "reply": N_("replied"), "resolve": N_("resolved"),
    "reopen": N_("reopened"), "vote": N_("voted for"), "unvote": N_("took back a vote on"),
    "promote": N_("promoted"), "import": N_("imported"),
}
#: The kind of object, as the feed names it.
KINDS = {
    "workspace": N_("workspace"), "map": N_("map"), "stage": N_("stage"),
    "lane": N_("lane"), "touchpoint": N_("touchpoint"), "card": N_("card"),
    "pain_point": N_("pain point"), "opportunity": N_("opportunity"), "action": N_("action"),
    "persona": N_("persona"), "kpi": N_("KPI"), "location": N_("location"),
    "member": N_("member"), "comment": N_("comment"), "board_note": N_("board note"),
    "events": N_("events"), "surveys": N_("survey answers"), "customers": N_("customers"),
    "locations": N_("locations"),
}

Before = Annotated[int | None, Query(ge=1, description="Only changes older than this id.")]
MapFilter = Annotated[str | None, Query(alias="map", max_length=254,
                                        description="Only changes inside this map.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


@api_router.get("/activity", operation_id="list_activity", responses=ERRORS)
def list_activity(bench: Bench, map_id: MapFilter = None, before: Before = None,
                  limit: Limit = PAGE_SIZE) -> dict[str, Any]:
    """Who changed what when, newest first; ``older`` is the ``before`` of the next page."""
    return activity_page(bench, map_id=map_id or None, before=before, limit=limit).to_dict()


@page_router.get("/activity", response_class=HTMLResponse)
def activity(request: Request, bench: Bench, map_id: MapFilter = None,
             before: Before = None) -> HTMLResponse:
    page = activity_page(bench, map_id=map_id or None, before=before)
    return render(request, templates(request), "activity.html", page=page,
                  actions=ACTIONS, kinds=KINDS, link=object_link)
