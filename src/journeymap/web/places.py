"""The Places page (an interactive map of the locations with their KPIs) and a location's
journey numbers page.

Both render on the server from :mod:`journeymap.workbench.places` (the table works without
JavaScript); ``places.js`` draws the Leaflet map from the same data the page embeds and
fetches ``/api/v1/places`` again when the filters change.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from journeymap.errors import InputError
from journeymap.model import WorkspaceDocument
from journeymap.web import i18n
from journeymap.web.api_common import Bench
from journeymap.web.api_places import Filter
from journeymap.web.errors import API_PREFIX
from journeymap.web.pages import templates
from journeymap.web.templating import render
from journeymap.workbench.place_detail import place_detail
from journeymap.workbench.places import KPI_NAMES, PlacesFilter, places_data
from journeymap.workbench.places_io import read_settings

router = APIRouter(include_in_schema=False)

BASEMAP = "/static/vendor/world-atlas-2.0.2/countries-110m.json"
BASEMAP_ATTRIBUTION = "Natural Earth"
#: Labels of what markers can be coloured and sized by (msgids, translated when shown).
KPI_LABELS = {"visits": i18n.N_("Visits"), "customers": i18n.N_("Customers"),
              "conversion": i18n.N_("Conversion"), "csat": "CSAT", "nps": "NPS"}


def _query(places_filter: PlacesFilter) -> str:
    pairs = [(key, value) for key, value in places_filter.as_dict().items()
             if isinstance(value, str) and value]
    pairs += [("conversion", event) for event in places_filter.conversion_events]
    return urlencode(pairs)


def _stages(document: WorkspaceDocument, map_id: str | None) -> list[tuple[str, str]]:
    jmap = next((m for m in document.maps if map_id in (None, m.id)), None)
    return [] if jmap is None else [(stage.id, stage.name) for stage in jmap.stages]


def _texts() -> dict[str, str]:
    """The words places.js writes into popups, legends and notices, in the page language."""
    _ = i18n.gettext
    return {
        "visits": _("Visits"), "customers": _("Customers"), "conversion": _("Conversion"),
        "csat": "CSAT", "nps": "NPS", "n": "n", "open": _("Journey numbers"),
        "phone": _("Phone"), "website": _("Website"), "hours": _("Opening hours"),
        "noType": _("(no type)"), "noChannel": _("(no channel)"), "type": _("Type"),
        "channel": _("Channel"), "offline": _("Map tiles cannot be reached: showing the "
                                              "offline basemap (country outlines)."),
        "saved": _("Position saved."), "conflict": _("Someone else changed this place: "
                                                       "reloaded, try again."),
        "failed": _("Could not save: %(reason)s"), "cityCentre": _("Placed at the city "
                                                                    "centre"),
        "placeHint": _("Click the map where %(name)s is."), "noData": _("no data"),
        "added": _("Place added."), "noMatch": _("No place with this name."),
    }


@router.get("/places", response_class=HTMLResponse)
def places_page(request: Request, bench: Bench, chosen: Filter) -> HTMLResponse:
    document, versions = bench.store.document_with_versions(bench.workspace_id)
    problem: str | None = None
    status = 200
    try:
        rows = places_data(bench, chosen, document)
    except InputError as exc:
        problem, status = str(exc), 422
        rows = places_data(bench, PlacesFilter(), document)
    places = [row.as_dict() | {"version": versions.get(("location", "", row.location.id))}
              for row in rows]
    settings = read_settings(bench.path)
    kpi = request.query_params.get("kpi", "visits")
    data: dict[str, Any] = {
        "places": places, "filter": chosen.as_dict(), "texts": _texts(),
        "tiles": {"url": settings.tile_url, "attribution": settings.tile_attribution},
        "basemap": {"url": BASEMAP, "attribution": BASEMAP_ATTRIBUTION},
        "kpi": kpi if kpi in KPI_NAMES else "visits", "api": f"{API_PREFIX}/places",
    }
    return render(request, templates(request), "places.html", status, document=document,
                  rows=rows, data=data, problem=problem, filters=chosen,
                  has_data=bench.analytics_path.is_file(),
                  stages=_stages(document, chosen.map_id), kpi_labels=KPI_LABELS,
                  kpi=data["kpi"], query=_query(chosen),
                  export=f"{API_PREFIX}/places?" + urlencode(
                      [*[(k, v) for k, v in request.query_params.multi_items() if k not in
                         ("format", "kpi")], ("format", "geojson")]))


@router.get("/places/{location_id}", response_class=HTMLResponse)
def place_page(request: Request, bench: Bench, location_id: str,
               chosen: Filter) -> HTMLResponse:
    detail = place_detail(bench, location_id, chosen)
    document = bench.document()
    names: dict[str | None, str] = {None: i18n.MISSING}
    for jmap in document.maps:
        names.update({stage.id: stage.name for stage in jmap.stages})
        names.update({tp.id: tp.name for tp in jmap.touchpoints})
    return render(request, templates(request), "place_detail.html", document=document,
                  detail=detail, row=detail.row, names=names, filters=chosen,
                  personas={p.id: p.name for p in document.personas},
                  stages=_stages(document, chosen.map_id), query=_query(chosen))
