"""One location's journey numbers: where in the journey its events fall.

Per touchpoint of the map (matched by the map's rules) and per event name, over the events at
the location in the filter's scope: ``events`` and distinct ``customers``; events no rule
matches are listed under touchpoint None. With the location's KPIs from :mod:`.places`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeymap.analytics.events import scoped_events
from journeymap.analytics.touchpoints import STAGE, TOUCHPOINT, label_touchpoints
from journeymap.engine import connect_duckdb, optional_table
from journeymap.errors import NotFoundError
from journeymap.workbench.places import (
    PlaceRow,
    PlacesFilter,
    persona_customers,
    places_data,
    stage_map,
)

if TYPE_CHECKING:
    from journeymap.workbench.session import Workbench

STEP_COLUMNS = ("stage", "touchpoint", "event", "events", "customers")


@dataclass(frozen=True)
class PlaceDetail:
    """A location, its KPIs, and its events by stage, touchpoint and event name."""

    row: PlaceRow
    map_id: str | None
    steps: tuple[dict[str, Any], ...]


def place_detail(bench: Workbench, location_id: str,
                 places_filter: PlacesFilter | None = None) -> PlaceDetail:
    places_filter = places_filter or PlacesFilter()
    document = bench.document()
    row = next((r for r in places_data(bench, places_filter, document)
                if r.location.id == location_id), None)
    if row is None:
        raise NotFoundError("location", location_id, scope=f"workspace {bench.workspace_id!r}")
    jmap = stage_map(document, places_filter) if places_filter.stage else next(
        (m for m in document.maps if places_filter.map_id in (None, m.id)), None)
    if not bench.analytics_path.is_file():
        return PlaceDetail(row, None if jmap is None else jmap.id, ())
    backend = connect_duckdb(bench.analytics_path, read_only=True)
    try:
        events = optional_table(backend, "events")
        if events is None:
            return PlaceDetail(row, None if jmap is None else jmap.id, ())
        subset = persona_customers(backend, document, places_filter.persona)
        scoped = scoped_events(events, places_filter.event_filter(), subset)
        at = scoped.filter(scoped.location_id == location_id)
        if jmap is not None:
            at = label_touchpoints(at, jmap)
            if places_filter.stage:
                at = at.filter(at[STAGE] == places_filter.stage)
            keys = [STAGE, TOUCHPOINT, "event"]
        else:
            keys = ["event"]
        found = at.group_by(keys).aggregate(events=at.count(),
                                            customers=at.customer_id.nunique())
        rows = found.order_by([found.events.desc(), "event"]).to_pyarrow().to_pylist()
    finally:
        backend.disconnect()
    steps = tuple({"stage": r.get(STAGE), "touchpoint": r.get(TOUCHPOINT), "event": r["event"],
                   "events": int(r["events"]), "customers": int(r["customers"])} for r in rows)
    return PlaceDetail(row, None if jmap is None else jmap.id, steps)
