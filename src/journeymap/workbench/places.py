"""Places, headless: each location with its position and KPIs, for the map page, API and CLI.

Per location, over the events and survey answers that carry its ``location_id``:

- ``visits``: events at the location; ``customers``: distinct customers among them;
- ``conversion``: 100 x the share of those customers who bought there (an event with a
  positive ``value`` at the location, or one of ``conversion_events`` when given), with n =
  customers and a Wilson 95% interval; a stage filter narrows who is counted, not what
  counts as buying (of those who came to browse, how many bought there);
- ``csat``/``nps``: the survey KPIs (DESIGN.md 4.2) of answers naming the location, each
  with n and a 95% interval.

Filters: a persona (its segment rules), a date range (both ends inclusive), a stage (events
matched by the map's touchpoint rules to that stage; answers naming that stage). A location
without coordinates gets the city centre from the offline gazetteer (``position: "city"``),
else none (``position: "none"``, flagged): it is never put at 0,0. Results are cached per
analytic store state and filter, like the map numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import ibis
import ibis.expr.types as ir

from journeymap.analytics.events import scoped_events
from journeymap.analytics.intervals import share_estimate
from journeymap.analytics.kpis import KpiSpec, kpis
from journeymap.analytics.spec import EventFilter
from journeymap.analytics.touchpoints import STAGE, label_touchpoints
from journeymap.engine import connect_duckdb, optional_table
from journeymap.errors import InputError
from journeymap.model import JourneyMap, Location, WorkspaceDocument
from journeymap.workbench.memo import Memo, store_state
from journeymap.workbench.segments import segment_customers

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from journeymap.workbench.session import Workbench

Position = Literal["given", "city", "none"]
#: KPIs a marker can be coloured and sized by.
KPI_NAMES = ("visits", "customers", "conversion", "csat", "nps")
#: Columns of ``journeymap export locations --format csv`` after the location's own.
KPI_COLUMNS = ("position", "channels", "visits", "customers", "converted", "conversion",
               "conversion_low", "conversion_high", "csat", "csat_n", "csat_low", "csat_high",
               "nps", "nps_n", "nps_low", "nps_high")
CACHE_SIZE = 32


@dataclass(frozen=True)
class PlacesFilter:
    """Which customers, days and stage the KPIs count; empty means everything."""

    persona: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    stage: str | None = None
    conversion_events: tuple[str, ...] = ()
    map_id: str | None = None

    def event_filter(self) -> EventFilter:
        """The analyses' filter (refuses a range that ends before it starts)."""
        return EventFilter(date_from=self.date_from, date_to=self.date_to)

    def as_dict(self) -> dict[str, Any]:
        return {"persona": self.persona, "stage": self.stage, "map": self.map_id,
                "from": None if self.date_from is None else self.date_from.isoformat(),
                "to": None if self.date_to is None else self.date_to.isoformat(),
                "conversion": list(self.conversion_events)}


@dataclass(frozen=True)
class Kpi:
    """One estimate: value (None when n = 0), n and the 95% interval."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class PlaceRow:
    """A location with where it is drawn and its KPIs for one filter."""

    location: Location
    lat: float | None
    lon: float | None
    position: Position
    channels: tuple[str, ...] = ()
    visits: int = 0
    customers: int = 0
    converted: int = 0
    conversion: Kpi = field(default_factory=lambda: Kpi(None, 0))
    csat: Kpi = field(default_factory=lambda: Kpi(None, 0))
    nps: Kpi = field(default_factory=lambda: Kpi(None, 0))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the location's fields, position and KPIs."""
        return {"location_id": self.location.id,
                **self.location.model_dump(mode="json", exclude={"id", "lat", "lon"}),
                "lat": self.lat, "lon": self.lon, "given_lat": self.location.lat,
                "given_lon": self.location.lon, "position": self.position,
                "channels": list(self.channels), "visits": self.visits,
                "customers": self.customers, "converted": self.converted,
                "conversion": asdict(self.conversion), "csat": asdict(self.csat),
                "nps": asdict(self.nps)}

    def flat(self) -> dict[str, Any]:
        """One CSV row: the file columns (given coordinates) plus ``KPI_COLUMNS``."""
        row = {"location_id": self.location.id, **self.location.model_dump(
            mode="json", exclude={"id"}), "position": self.position,
            "channels": " ".join(self.channels), "visits": self.visits,
            "customers": self.customers, "converted": self.converted}
        for name in ("conversion", "csat", "nps"):
            kpi: Kpi = getattr(self, name)
            row |= {name: kpi.value, f"{name}_low": kpi.low, f"{name}_high": kpi.high}
            if name != "conversion":
                row[f"{name}_n"] = kpi.n
        return row


@dataclass(frozen=True)
class Numbers:
    """The engine's part of the rows (cached): per location id."""

    counts: dict[str, tuple[int, int, int]]
    channels: dict[str, tuple[str, ...]]
    survey: dict[str, dict[str, Kpi]]
    missing: tuple[str, ...] = ()


_cache: Memo[Numbers] = Memo(CACHE_SIZE)


def places_data(bench: Workbench, places_filter: PlacesFilter | None = None,
                document: WorkspaceDocument | None = None) -> list[PlaceRow]:
    """Every location of the workspace in document order, placed and with its KPIs."""
    places_filter = places_filter or PlacesFilter()
    document = document or bench.document()
    numbers = location_numbers(bench.analytics_path, document, places_filter)
    return [_row(location, numbers) for location in document.locations]


def _row(location: Location, numbers: Numbers) -> PlaceRow:
    lat, lon, position = place(location)
    visits, customers, converted = numbers.counts.get(location.id, (0, 0, 0))
    estimate = share_estimate(converted, customers)
    survey = numbers.survey.get(location.id, {})
    return PlaceRow(location, lat, lon, position, numbers.channels.get(location.id, ()),
                    visits, customers, converted,
                    Kpi(estimate.value, estimate.n, estimate.low, estimate.high),
                    survey.get("csat", Kpi(None, 0)), survey.get("nps", Kpi(None, 0)))


def place(location: Location) -> tuple[float | None, float | None, Position]:
    """Where the marker goes: the given coordinates, else the city from the gazetteer."""
    if location.lat is not None and location.lon is not None:
        return location.lat, location.lon, "given"
    from journeymap.geo.gazetteer import gazetteer

    city = gazetteer().locate(location.city, location.country)
    if city is None:
        return None, None, "none"
    return city.lat, city.lon, "city"


def location_numbers(database: Path, document: WorkspaceDocument,
                     places_filter: PlacesFilter) -> Numbers:
    """The KPIs of every location id in the data for the filter (cached)."""
    places_filter.event_filter()  # refuse a bad filter before anything is cached
    jmap = stage_map(document, places_filter)
    key = _cache_key(database, document, jmap, places_filter)
    return _cache.get_or_compute(key, lambda: _compute(database, document, jmap,
                                                       places_filter))


def clear_cache() -> None:
    _cache.clear()


def stage_map(document: WorkspaceDocument, places_filter: PlacesFilter) -> JourneyMap | None:
    """The map whose touchpoint rules say which stage an event is in (stage filter only)."""
    if places_filter.stage is None:
        return None
    maps = [m for m in document.maps if places_filter.map_id in (None, m.id)]
    if not maps:
        raise InputError(f"map: there is no map {places_filter.map_id!r} to take stages from",
                         hint="pick a map of this workspace, or no stage")
    jmap = maps[0]
    if places_filter.stage not in {stage.id for stage in jmap.stages}:
        raise InputError(f"stage: the map {jmap.id!r} has no stage {places_filter.stage!r}",
                         hint="pick one of: " + ", ".join(s.id for s in jmap.stages))
    return jmap


def _cache_key(database: Path, document: WorkspaceDocument, jmap: JourneyMap | None,
               places_filter: PlacesFilter) -> tuple[Any, ...]:
    shape = "" if jmap is None else jmap.model_dump_json(include={"stages", "touchpoints"})
    personas = tuple(p.model_dump_json(include={"id", "segment"}) for p in document.personas)
    return (str(database.resolve()), store_state(database), shape, personas, places_filter)



def _compute(database: Path, document: WorkspaceDocument, jmap: JourneyMap | None,
             places_filter: PlacesFilter) -> Numbers:
    if not database.is_file():
        return Numbers({}, {}, {}, ("events", "surveys"))
    backend = connect_duckdb(database, read_only=True)
    try:
        subset = persona_customers(backend, document, places_filter.persona)
        events = optional_table(backend, "events")
        answers = optional_table(backend, "survey_answers")
        missing = tuple(name for name, table in (("events", events), ("surveys", answers))
                        if table is None)
        counts: dict[str, tuple[int, int, int]] = {}
        channels: dict[str, tuple[str, ...]] = {}
        if events is not None:
            counts = _counts(events, jmap, places_filter, subset)
            channels = _channels(events)
        survey = {} if answers is None else _survey(answers, places_filter, subset)
        return Numbers(counts, channels, survey, missing)
    finally:
        backend.disconnect()


def persona_customers(backend: BaseBackend, document: WorkspaceDocument,
                       persona_id: str | None) -> ir.Table | None:
    if persona_id is None:
        return None
    index = next((i for i, p in enumerate(document.personas) if p.id == persona_id), None)
    if index is None:
        raise InputError(f"persona: there is no persona {persona_id!r} in this workspace",
                         hint="pick one of: " + ", ".join(p.id for p in document.personas))
    customers = optional_table(backend, "customers")
    if customers is None:
        raise InputError("persona: the workspace has no customers imported, so personas "
                         "cannot be applied", hint="journeymap import customers FILE")
    return segment_customers(customers, document.personas[index], f"personas[{index}]")


def _counts(events: ir.Table, jmap: JourneyMap | None, places_filter: PlacesFilter,
            subset: ir.Table | None) -> dict[str, tuple[int, int, int]]:
    """location -> (visits, customers, customers among them who bought there)."""
    scoped = scoped_events(events, places_filter.event_filter(), subset)
    scoped = scoped.filter(scoped.location_id.notnull())
    counted = scoped
    if jmap is not None:
        labelled = label_touchpoints(scoped, jmap)
        counted = labelled.filter(labelled[STAGE] == places_filter.stage)
    bought = (scoped.event.isin(list(places_filter.conversion_events))
              if places_filter.conversion_events else scoped.value > 0)
    buyers = scoped.filter(bought.fill_null(False)).select(
        "location_id", "customer_id").distinct().mutate(_jm_bought=ibis.literal(1))
    visitors = counted.group_by(["location_id", "customer_id"]).aggregate(
        _jm_visits=counted.count())
    joined = visitors.left_join(buyers, ["location_id", "customer_id"]).select(
        visitors.location_id, visitors.customer_id, visitors._jm_visits, buyers._jm_bought)
    found = joined.group_by("location_id").aggregate(
        visits=joined._jm_visits.sum(), customers=joined.count(),
        converted=joined._jm_bought.notnull().sum())
    return {str(row["location_id"]): (int(row["visits"]), int(row["customers"]),
                                      int(row["converted"] or 0))
            for row in found.to_pyarrow().to_pylist()}


def _channels(events: ir.Table) -> dict[str, tuple[str, ...]]:
    """location -> the channels of its events (all data: layers do not move with filters)."""
    at = events.filter(events.location_id.notnull() & events.channel.notnull())
    pairs = at.select("location_id", "channel").distinct().to_pyarrow().to_pylist()
    found: dict[str, set[str]] = {}
    for row in pairs:
        found.setdefault(str(row["location_id"]), set()).add(str(row["channel"]))
    return {key: tuple(sorted(value)) for key, value in found.items()}


def _survey(answers: ir.Table, places_filter: PlacesFilter,
            subset: ir.Table | None) -> dict[str, dict[str, Kpi]]:
    scoped = answers.filter(answers.location_id.notnull())
    if places_filter.stage is not None:
        scoped = scoped.filter(scoped.stage == places_filter.stage)
    spec = KpiSpec(by="location", metrics=("csat", "nps"), date_from=places_filter.date_from,
                   date_to=places_filter.date_to)
    found: dict[str, dict[str, Kpi]] = {}
    for row in kpis(scoped, spec, customers=subset).rows:
        if row["group"] in (None, "all"):
            continue
        found.setdefault(str(row["group"]), {})[str(row["metric"])] = Kpi(
            row["value"], int(row["n"]), row["ci_low"], row["ci_high"])
    return found
