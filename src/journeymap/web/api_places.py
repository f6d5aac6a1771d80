"""REST operations on places: the locations with their KPIs (JSON, GeoJSON, CSV), location
create/update/delete guarded by versions, and geocoding of a place name."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from journeymap.errors import InputError
from journeymap.geo.locations_file import csv_text, geojson
from journeymap.model.base import Identifier, Name
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.numbers import _day, _listed
from journeymap.web.schemas import Body
from journeymap.workbench.places import KPI_COLUMNS, PlacesFilter, places_data
from journeymap.workbench.places_io import geocode, new_location

router = APIRouter(tags=["places"])

PlacesFormat = Literal["json", "geojson", "csv"]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Short = Annotated[str, Field(max_length=500)]
EXPORT_COLUMNS = ("location_id", "name", "type", "address", "city", "country", "phone", "url",
                  "opening_hours", "lat", "lon", *KPI_COLUMNS)


class LocationNew(Body):
    id: Identifier | None = None
    name: Name
    type: Short = ""
    address: Short = ""
    city: Short = ""
    country: Short = ""
    phone: Short = ""
    url: Short = ""
    opening_hours: Short = ""
    lat: Latitude | None = None
    lon: Longitude | None = None


class LocationChanges(Body):
    """Fields to change; ``lat``/``lon`` null together take the marker off the map."""

    name: Name | None = None
    type: Short | None = None
    address: Short | None = None
    city: Short | None = None
    country: Short | None = None
    phone: Short | None = None
    url: Short | None = None
    opening_hours: Short | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


def places_filter(
    persona: Annotated[str, Query(max_length=200, description="a persona id (its segment)")] = "",
    date_from: Annotated[str, Query(alias="from", max_length=40,
                                    description="first day, YYYY-MM-DD")] = "",
    date_to: Annotated[str, Query(alias="to", max_length=40,
                                  description="last day, YYYY-MM-DD")] = "",
    stage: Annotated[str, Query(max_length=200, description="a stage id of the map")] = "",
    map_id: Annotated[str, Query(alias="map", max_length=200,
                                 description="map whose rules give events their stage")] = "",
    conversion: Annotated[list[str] | None, Query(
        max_length=50, description="events that count as buying (default: an event with "
        "a value at the location); repeatable or comma-separated")] = None,
) -> PlacesFilter:
    """The filter of a places request; empty fields mean no filter."""
    return PlacesFilter(persona=persona.strip() or None, date_from=_day(date_from, "from"),
                        date_to=_day(date_to, "to"), stage=stage.strip() or None,
                        map_id=map_id.strip() or None, conversion_events=_listed(conversion or []))


Filter = Annotated[PlacesFilter, Depends(places_filter)]


@router.get("/places", operation_id="list_places", responses=ERRORS)
def list_places(bench: Bench, chosen: Filter,
                format: Annotated[PlacesFormat, Query(description="json (places with KPIs), "
                                                      "geojson or csv (flat KPI columns)")]
                = "json") -> Response:
    """Every location with its position (given, city centre, or none) and its KPIs:
    visits, customers, conversion, CSAT and NPS, each estimate with n and a 95% interval."""
    document, versions = bench.store.document_with_versions(bench.workspace_id)
    rows = places_data(bench, chosen, document)
    if format == "csv":
        return Response(csv_text([row.flat() for row in rows], EXPORT_COLUMNS),
                        media_type="text/csv; charset=utf-8", headers={
                            "Content-Disposition": 'attachment; filename="locations.csv"'})
    if format == "geojson":
        body = json.dumps(geojson([row.flat() for row in rows]), ensure_ascii=False)
        return Response(body, media_type="application/geo+json", headers={
            "Content-Disposition": 'attachment; filename="locations.geojson"'})
    places = [row.as_dict() | {"version": versions.get(("location", "", row.location.id))}
              for row in rows]
    return JSONResponse({"filter": chosen.as_dict(), "places": places})


@router.get("/places/geocode", operation_id="geocode_place", responses=ERRORS)
def geocode_place(bench: Bench,
                  q: Annotated[str, Query(min_length=1, max_length=200,
                                          description="a city name in any common spelling")],
                  country: Annotated[str, Query(max_length=60, description="ISO code or "
                                                "English name; keeps only that country")] = "",
                  ) -> JSONResponse:
    """Where a place is: the offline gazetteer's cities (best first), or, when it knows none
    and online geocoding is switched on, Nominatim's answers."""
    return JSONResponse({"query": q, "candidates": [asdict(c) for c in
                                                    geocode(bench, q, country)]})


def _ref(location_id: str) -> str:
    return f"location/{location_id}"


@router.get("/places/{location_id}", operation_id="get_place", responses=ERRORS)
def get_place(bench: Bench, location_id: str) -> JSONResponse:
    return versioned(bench.get(_ref(location_id)))


@router.post("/places", operation_id="add_place", status_code=201, responses=ERRORS)
def add_place(bench: Bench, body: LocationNew) -> JSONResponse:
    """A new location; without an id, one is made from its name."""
    location = new_location(bench.document().locations, body.changes())
    return versioned(bench.store.add(bench.workspace_id, _ref(location.id), location), 201)


@router.patch("/places/{location_id}", operation_id="update_place", responses=EDIT_ERRORS)
def update_place(bench: Bench, location_id: str, body: LocationChanges,
                 version: ExpectedVersion) -> JSONResponse:
    """Change fields of a location, e.g. ``{"lat": 52.23, "lon": 21.01}`` after a drag."""
    changes = body.changes()
    if ("lat" in changes) != ("lon" in changes):
        raise InputError("send lat and lon together", path="lat",
                         hint="a marker is moved by both of its coordinates")
    return versioned(bench.update(_ref(location_id), changes, expected_version=version))


@router.delete("/places/{location_id}", operation_id="delete_place", status_code=204,
               responses=EDIT_ERRORS)
def delete_place(bench: Bench, location_id: str, version: ExpectedVersion) -> Response:
    bench.store.delete(bench.workspace_id, _ref(location_id), expected_version=version)
    return Response(status_code=204)
