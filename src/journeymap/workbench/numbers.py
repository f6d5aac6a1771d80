"""Live numbers of a journey map for a filter: what the canvas shows on stages and touchpoints.

Per stage (``analytics.stage_conversion``): customers reached, conversion to the next stage,
drop-off, median seconds to the next stage; n = customers reached. Per touchpoint: customers
reached and events (``analytics.touchpoint_reach``), drop-off = customers whose journey ends
there without conversion (``analytics.dropoff``), and the median seconds from an event there
to the customer's next event in scope (n = events followed by one). Conversion is, by
default, reaching any touchpoint of the map's last stage; ``conversion_events`` replaces it
with named events. Survey KPIs, emotions and quotes come from :mod:`.emotions`.

The filter narrows everything: a persona (its segment rules on the ``customers`` table),
a date range (both ends inclusive) and channels. Results are cached in memory per
(analytic store state, stages and touchpoints of the map, filter); manual emotions are
applied after the cache, so editing a card never recomputes the engine numbers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics import (
    DropoffSpec,
    EventFilter,
    ReachSpec,
    StageConversionSpec,
    dropoff,
    stage_conversion,
    touchpoint_reach,
)
from journeymap.analytics.events import TIME, Customers, scoped_events
from journeymap.analytics.spec import seconds
from journeymap.analytics.touchpoints import TOUCHPOINT, label_touchpoints
from journeymap.engine import connect_duckdb, optional_table
from journeymap.engine.functions import MICROS, summarise
from journeymap.errors import InputError, NotFoundError
from journeymap.model import JourneyMap, WorkspaceDocument
from journeymap.workbench.emotions import SurveyNumbers, apply_manual, survey_numbers
from journeymap.workbench.memo import Memo, store_state
from journeymap.workbench.segments import segment_customers
from journeymap.workbench.voice import map_themes

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from journeymap.workbench.session import Workbench

#: How many (map, filter) results are kept in memory.
CACHE_SIZE = 64


@dataclass(frozen=True)
class NumbersFilter:
    """Which customers and events the numbers count; empty means everything."""

    persona: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    channels: tuple[str, ...] = ()
    conversion_events: tuple[str, ...] = ()

    def event_filter(self) -> EventFilter:
        """The analyses' filter (validates the dates and channels)."""
        return EventFilter(date_from=self.date_from, date_to=self.date_to,
                           channels=self.channels)

    def as_dict(self) -> dict[str, Any]:
        return {"persona": self.persona,
                "from": None if self.date_from is None else self.date_from.isoformat(),
                "to": None if self.date_to is None else self.date_to.isoformat(),
                "channels": list(self.channels), "conversion": list(self.conversion_events)}


@dataclass(frozen=True)
class MapNumbers:
    """Numbers of one map for one filter. ``missing`` names data not imported yet."""

    map_id: str
    filter: NumbersFilter
    stages: dict[str, dict[str, Any]]
    touchpoints: dict[str, dict[str, Any]]
    survey: SurveyNumbers
    missing: tuple[str, ...] = ()
    seconds: float = 0.0
    cached: bool = False

    def emotion(self, persona: str | None, stage: str) -> dict[str, Any] | None:
        """The emotion entry of a persona (None: all customers) at a stage."""
        return next((entry for entry in self.survey.emotions
                     if entry["persona"] == persona and entry["stage"] == stage), None)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: what ``GET /api/v1/maps/{id}/numbers`` answers."""
        return {"map": self.map_id, "filter": self.filter.as_dict(),
                "stages": [{"stage": key, **value} for key, value in self.stages.items()],
                "touchpoints": [{"touchpoint": key, **value}
                                for key, value in self.touchpoints.items()],
                "stage_kpis": [{"stage": key, "kpis": value}
                               for key, value in self.survey.stage_kpis.items()],
                "touchpoint_kpis": [{"touchpoint": key, "kpis": value}
                                    for key, value in self.survey.touchpoint_kpis.items()],
                "emotions": list(self.survey.emotions), "quotes": self.survey.quotes_data(),
                "missing": list(self.missing), "seconds": round(self.seconds, 3),
                "cached": self.cached}


_cache: Memo[MapNumbers] = Memo(CACHE_SIZE)


def clear_cache() -> None:
    _cache.clear()


def map_numbers(bench: Workbench, map_id: str, numbers_filter: NumbersFilter | None = None,
                document: WorkspaceDocument | None = None) -> MapNumbers:
    """The numbers of the live map ``map_id`` (cached), manual emotions applied."""
    document = document or bench.document()
    jmap = next((m for m in document.maps if m.id == map_id), None)
    if jmap is None:
        raise NotFoundError("map", map_id, scope=f"workspace {document.workspace.id!r}")
    return numbers_for(bench.analytics_path, document, jmap, numbers_filter or NumbersFilter())


def cached_numbers(database: Path, document: WorkspaceDocument, jmap: JourneyMap,
                   numbers_filter: NumbersFilter) -> MapNumbers | None:
    """The numbers if they are in the cache (manual emotions applied), else None."""
    found = _cache.peek(_cache_key(database, document, jmap, numbers_filter))
    if found is None:
        return None
    found = replace(found, cached=True,
                    survey=apply_manual(found.survey, jmap, numbers_filter.persona))
    return _with_themes(found, database, document, jmap)


def numbers_for(database: Path, document: WorkspaceDocument, jmap: JourneyMap,
                numbers_filter: NumbersFilter) -> MapNumbers:
    numbers_filter.event_filter()  # refuse a bad filter before anything is cached
    key = _cache_key(database, document, jmap, numbers_filter)
    found = _cache.get(key)
    if found is None:
        started = time.perf_counter()
        found = _compute(database, document, jmap, numbers_filter)
        found = replace(found, seconds=time.perf_counter() - started)
        _cache.put(key, found)
    else:
        found = replace(found, cached=True)
    found = replace(found, survey=apply_manual(found.survey, jmap, numbers_filter.persona))
    return _with_themes(found, database, document, jmap)


def _cache_key(database: Path, document: WorkspaceDocument, jmap: JourneyMap,
               numbers_filter: NumbersFilter) -> tuple[Any, ...]:
    shape = jmap.model_dump_json(include={"stages", "touchpoints", "personas"})
    personas = [p.model_dump_json(include={"id", "segment"}) for p in document.personas]
    return (str(database.resolve()), store_state(database), jmap.id, shape,
            tuple(personas), numbers_filter)



def _persona_customers(backend: BaseBackend, document: WorkspaceDocument,
                       persona_id: str) -> ir.Table:
    index = next((i for i, p in enumerate(document.personas) if p.id == persona_id), None)
    if index is None:
        raise InputError(f"persona: there is no persona {persona_id!r} in this workspace",
                         hint="pick one of: " + ", ".join(p.id for p in document.personas))
    customers = optional_table(backend, "customers")
    if customers is None:
        raise InputError("persona: the workspace has no customers imported, so personas "
                         "cannot be applied", hint="journeymap import customers FILE")
    return segment_customers(customers, document.personas[index], f"personas[{index}]")


def _compute(database: Path, document: WorkspaceDocument, jmap: JourneyMap,
             numbers_filter: NumbersFilter) -> MapNumbers:
    if not database.is_file():
        return MapNumbers(jmap.id, numbers_filter, {}, {}, SurveyNumbers.empty(),
                          ("events", "surveys"))
    backend = connect_duckdb(database, read_only=True)
    try:
        subset = (None if numbers_filter.persona is None
                  else _persona_customers(backend, document, numbers_filter.persona))
        events = optional_table(backend, "events")
        answers = optional_table(backend, "survey_answers")
        missing = tuple(name for name, table in (("events", events), ("surveys", answers))
                        if table is None)
        stages: dict[str, dict[str, Any]] = {}
        touchpoints: dict[str, dict[str, Any]] = {}
        if events is not None and jmap.stages:
            stages = _stage_numbers(events, jmap, numbers_filter, subset)
            touchpoints = _touchpoint_numbers(events, jmap, numbers_filter, subset)
        survey = SurveyNumbers.empty()
        if answers is not None:
            survey = survey_numbers(answers, optional_table(backend, "customers"), document, jmap,
                                    numbers_filter.persona, numbers_filter.event_filter())
        return MapNumbers(jmap.id, numbers_filter, stages, touchpoints, survey, missing)
    finally:
        backend.disconnect()


def _with_themes(found: MapNumbers, database: Path, document: WorkspaceDocument,
                 jmap: JourneyMap) -> MapNumbers:
    """The numbers with each touchpoint's largest themes of open answers (those of the Voice
    page filtered to the touchpoint: all its answers, whatever the filter), once computed
    (:func:`map_themes`); a touchpoint with themes but no event numbers gets an entry."""
    if "surveys" in found.missing or not jmap.touchpoints:
        return found
    channels = {tp.id: tp.channel.value for m in document.maps for tp in m.touchpoints}
    themes = map_themes(database.parent, channels, [tp.id for tp in jmap.touchpoints])
    if not themes:
        return found
    touchpoints = {ident: dict(value) for ident, value in found.touchpoints.items()}
    for ident, listed in themes.items():
        touchpoints.setdefault(ident, {})["themes"] = listed
    return replace(found, touchpoints=touchpoints)


def _stage_numbers(events: ir.Table, jmap: JourneyMap, numbers_filter: NumbersFilter,
                   subset: Customers) -> dict[str, dict[str, Any]]:
    spec = StageConversionSpec(filters=numbers_filter.event_filter())
    found = stage_conversion(events, jmap, spec, subset)
    return {row["stage"]: {key: value for key, value in row.items() if key != "stage"}
            for row in found.rows}


def _dropoff_spec(jmap: JourneyMap, numbers_filter: NumbersFilter) -> DropoffSpec:
    filters = numbers_filter.event_filter()
    if numbers_filter.conversion_events:
        return DropoffSpec(filters=filters, conversion_events=numbers_filter.conversion_events)
    return DropoffSpec(filters=filters, conversion_stage=jmap.stages[-1].id)


def _touchpoint_numbers(events: ir.Table, jmap: JourneyMap, numbers_filter: NumbersFilter,
                        subset: Customers) -> dict[str, dict[str, Any]]:
    filters = numbers_filter.event_filter()
    reach = touchpoint_reach(events, jmap, ReachSpec(filters=filters), subset)
    ending = {row["touchpoint"]: row
              for row in dropoff(events, jmap, _dropoff_spec(jmap, numbers_filter), subset).rows}
    gaps = _next_event_gaps(events, jmap, filters, subset)
    numbers: dict[str, dict[str, Any]] = {}
    for row in reach.rows:
        ident = row["touchpoint"]
        median, n_next = gaps.get(ident, (None, 0))
        numbers[ident] = {
            "customers": row["customers"], "events": row["events"],
            "share_of_customers": row["share_of_customers"],
            "drop_off": ending[ident]["customers_ending_here"],
            "drop_off_rate": ending[ident]["drop_off_rate"],
            "median_seconds_to_next_event": median, "n_next_event": n_next,
        }
    return numbers


def _next_event_gaps(events: ir.Table, jmap: JourneyMap, filters: EventFilter,
                     subset: Customers) -> dict[str, tuple[float | None, int]]:
    """touchpoint -> (median seconds to the customer's next event in scope, events counted)."""
    scoped = scoped_events(events, filters, subset)
    order = ibis.window(group_by=scoped.customer_id, order_by=[scoped[TIME], scoped.seq])
    with_next = scoped.mutate(_jm_next=scoped[TIME].lead().over(order))
    labelled = label_touchpoints(with_next, jmap)
    followed = labelled.filter(labelled[TOUCHPOINT].notnull() & labelled._jm_next.notnull())
    followed = followed.mutate(gap=(followed._jm_next - followed[TIME]) / MICROS)
    found = summarise(followed, by=[TOUCHPOINT], metrics={"n": followed.count()},
                      quantiles={"median": ("gap", 0.5)})
    return {row[TOUCHPOINT]: (seconds(row["median"]), int(row["n"]))
            for row in found.to_pyarrow().to_pylist()}
