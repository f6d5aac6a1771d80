"""A workspace's KPI table: survey KPIs (CSAT, NPS, CES, custom) next to churn and
conversion from the events, overall and by touchpoint, stage, location, channel, persona,
month or week. The Voice of the Customer page and ``journeymap analyze kpis`` on a
workspace show it.

Answers, events, customers and persona memberships are read from one read-only connection
to the analytic store, so they join in place. Conversion is reaching the map's last stage
(the workspace's first map unless one is named) or, when given, one of the named events;
churn uses a 90-day window as of the latest event's date (docs/voice-of-the-customer.md).
Results are kept in memory per store state and request, as the canvas numbers are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.analytics.churn import DEFAULT_WINDOW_SECONDS
from journeymap.analytics.kpis import KpiBy, KpiResult, KpiSpec, combine, kpis
from journeymap.analytics.kpis_events import EventKpiSpec, event_kpis
from journeymap.analytics.spec import EventFilter
from journeymap.errors import InputError, NotFoundError
from journeymap.model import JourneyMap, WorkspaceDocument
from journeymap.workbench.folder import ANALYTICS_FILE
from journeymap.workbench.memo import Memo
from journeymap.workbench.segments import persona_members

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

    from journeymap.workbench.session import Workbench

_KEPT = 32


@dataclass(frozen=True)
class KpiRequest:
    """What the table shows: a grouping, a date range (both ends inclusive), one persona's
    customers only, the map and conversion events that define conversion, churn's window."""

    by: KpiBy | None = None
    date_from: date | None = None
    date_to: date | None = None
    persona: str | None = None
    map_id: str | None = None
    conversion_events: tuple[str, ...] = ()
    window_seconds: float = DEFAULT_WINDOW_SECONDS
    as_of: date | None = None


def workspace_kpis(source: Workbench | Path, request: KpiRequest | None = None) -> KpiResult:
    """The KPI table of the workspace (kept while the store and the document stay the same).

    Raises :class:`InputError` when the workspace has neither survey answers nor events.
    """
    from journeymap.workbench.session import Workbench

    request = request or KpiRequest()
    if isinstance(source, Workbench):
        return _cached(source.path, source.document(), request)
    with Workbench.open(source) as bench:
        return _cached(bench.path, bench.document(), request)


def _cached(folder: Path, document: WorkspaceDocument, request: KpiRequest) -> KpiResult:
    jmap = _journey_map(document, request.map_id)
    database = folder / ANALYTICS_FILE
    if not database.is_file():
        raise InputError(f"{folder}: the workspace has no analytic store yet",
                         hint="import events or survey answers first")
    stat = database.stat()
    shape = "" if jmap is None else jmap.model_dump_json(include={"stages", "touchpoints"})
    personas = tuple(p.model_dump_json(include={"id", "segment", "source"})
                     for p in document.personas)
    key = (str(database.resolve()), stat.st_size, stat.st_mtime_ns, shape, personas, request)
    return _cache.get_or_compute(key, lambda: _compute(database, document, jmap, request))


_cache: Memo[KpiResult] = Memo(_KEPT)


def _journey_map(document: WorkspaceDocument, map_id: str | None) -> JourneyMap | None:
    if map_id is None:
        return document.maps[0] if document.maps else None
    found = next((m for m in document.maps if m.id == map_id), None)
    if found is None:
        raise NotFoundError("map", map_id, scope=f"workspace {document.workspace.id!r}")
    return found


def _compute(database: Path, document: WorkspaceDocument, jmap: JourneyMap | None,
             request: KpiRequest) -> KpiResult:
    from journeymap.engine import connect_duckdb, optional_table

    backend = connect_duckdb(database, read_only=True)
    try:
        answers = optional_table(backend, "survey_answers")
        events = optional_table(backend, "events")
        if answers is None and events is None:
            raise InputError(f"{database}: the analytic store has no survey answers and no "
                             "events", hint="journeymap import surveys FILE, or import events")
        subset = None if request.persona is None else persona_members(
            backend, _persona(document, request.persona))
        personas = persona_table(backend, document) if request.by == "persona" else None
        if request.by == "persona" and personas is None:
            raise InputError("by persona: no persona of this workspace has known customers",
                             hint="give personas segment rules and import customers")
        # an answer without a channel takes its touchpoint's channel on the maps
        channels = {tp.id: tp.channel.value for m in document.maps for tp in m.touchpoints}
        results = []
        if answers is not None:
            spec = KpiSpec(by=request.by, date_from=request.date_from, date_to=request.date_to,
                           touchpoint_channels=channels if request.by == "channel" else {})
            results.append(kpis(answers, spec, personas=personas, customers=subset))
        if events is not None:
            spec_events = EventKpiSpec(
                by=request.by, as_of=request.as_of, window_seconds=request.window_seconds,
                conversion_events=request.conversion_events,
                filters=EventFilter(date_from=request.date_from, date_to=request.date_to))
            results.append(event_kpis(events, spec_events, journey_map=jmap,
                                      personas=personas, customers=subset))
        return combine(*results)
    finally:
        backend.disconnect()



def _persona(document: WorkspaceDocument, ident: str) -> Any:
    found = next((p for p in document.personas if p.id == ident), None)
    if found is None:
        raise InputError(f"persona: there is no persona {ident!r} in this workspace",
                         hint="pick one of: " + (", ".join(p.id for p in document.personas)
                                                 or "none defined"))
    return found


def persona_table(backend: BaseBackend, document: WorkspaceDocument) -> ir.Table | None:
    """``customer_id, persona`` of every persona whose customers are known (a customer may
    be in several); personas without rules or members are left out. None: no persona has
    known customers (or no customers are imported)."""
    import ibis

    parts = []
    for persona in document.personas:
        try:
            members = persona_members(backend, persona)
        except InputError:
            continue  # customers unknown: no row for this persona
        parts.append(members.select("customer_id", persona=ibis.literal(persona.id)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ibis.union(*parts)
