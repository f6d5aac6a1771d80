"""Flows of a workspace: the Sankey of top paths, the directly-follows graph, the funnel.

Each returns the analysis's headless result as plain JSON-ready data, plus what a chart
needs to draw it (nodes, links, display names); the web pages only render these.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import ibis

from journeymap.analytics.funnel import FunnelSpec, funnel
from journeymap.analytics.paths import SEPARATOR, PathsBy, PathsSpec, paths
from journeymap.analytics.spec import AnalysisResult, EventFilter
from journeymap.analytics.transitions import TransitionsSpec, transitions
from journeymap.engine import store_events
from journeymap.engine.functions import fetch_rows

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from journeymap.model import JourneyMap
    from journeymap.workbench.session import Workbench


def has_events(bench: Workbench) -> bool:
    """Whether the workspace has an analytic store to draw flows from."""
    return bench.analytics_path.is_file()


@contextmanager
def _events(bench: Workbench) -> Iterator[ir.Table]:
    """The workspace's events; the read-only connection is closed after use."""
    table = store_events(bench.analytics_path)
    try:
        yield table
    finally:
        ibis.get_backend(table).disconnect()


def _persona_customers(bench: Workbench, events: ir.Table, persona: str | None) -> Any:
    """``customer_id`` of the persona on the events' own connection (None: everyone)."""
    if persona is None:
        return None
    from journeymap.errors import InputError
    from journeymap.workbench.segments import persona_members

    personas = bench.document().personas
    found = next((p for p in personas if p.id == persona), None)
    if found is None:
        raise InputError(f"persona: there is no persona {persona!r} in this workspace",
                         hint="pick one of: " + (", ".join(p.id for p in personas) or "none"),
                         path="persona")
    return persona_members(ibis.get_backend(events), found)


def _map_for(bench: Workbench, by: PathsBy, map_id: str | None) -> JourneyMap | None:
    """The map whose rules label the events: ``map_id``, else the first; none by event."""
    if by is PathsBy.EVENT:
        return None
    return bench.journey_map(map_id or None)


def _labels(jmap: JourneyMap | None, by: PathsBy) -> dict[str, str]:
    """Display names of the steps: touchpoint or stage names by id (event names as they are)."""
    if jmap is None:
        return {}
    if by is PathsBy.STAGE:
        return {stage.id: stage.name for stage in jmap.stages}
    return {touchpoint.id: touchpoint.name for touchpoint in jmap.touchpoints}


def _result(result: AnalysisResult) -> dict[str, Any]:
    return {"columns": list(result.columns), "rows": [dict(row) for row in result.rows]}


def path_links(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and links of a Sankey from path rows: a node is a step at its position in the
    path (``"2. checkout"`` is checkout as second step), so the flow has no cycles."""
    nodes: dict[str, dict[str, Any]] = {}
    links: dict[tuple[str, str], int] = {}
    for row in rows:
        steps = row["path"].split(SEPARATOR)
        names = [f"{position}. {step}" for position, step in enumerate(steps, start=1)]
        for position, (name, step) in enumerate(zip(names, steps, strict=True), start=1):
            node = nodes.setdefault(name, {"id": name, "step": step, "position": position,
                                           "customers": 0})
            node["customers"] += row["customers"]
        for source, target in zip(names, names[1:], strict=False):
            links[(source, target)] = links.get((source, target), 0) + row["customers"]
    ordered = sorted(nodes.values(), key=lambda n: (n["position"], -n["customers"], n["step"]))
    return ordered, [{"source": s, "target": t, "customers": c}
                     for (s, t), c in sorted(links.items(), key=lambda item: (-item[1], item[0]))]


def sankey_data(bench: Workbench, *, by: PathsBy = PathsBy.TOUCHPOINT, top: int = 10,
                filters: EventFilter | None = None, map_id: str | None = None,
                persona: str | None = None) -> dict[str, Any]:
    """The top paths (the paths analysis) with the Sankey's nodes and links; ``persona``
    narrows to its customers."""
    spec = PathsSpec(by=by, top=top, collapse_repeats=True, filters=filters or EventFilter())
    jmap = _map_for(bench, spec.by, map_id)
    with _events(bench) as events:
        result = paths(events, spec, _persona_customers(bench, events, persona),
                       journey_map=jmap)
    data = _result(result)
    nodes, links = path_links(data["rows"])
    return {"by": spec.by.value, "top": spec.top, "map": None if jmap is None else jmap.id,
            "total_customers": result.total_customers, **data, "nodes": nodes,
            "links": links, "labels": _labels(jmap, spec.by)}


def dfg_data(bench: Workbench, *, by: PathsBy = PathsBy.EVENT,
             filters: EventFilter | None = None, map_id: str | None = None,
             persona: str | None = None) -> dict[str, Any]:
    """The transitions analysis (edges, most frequent first) with the graph's nodes."""
    spec = TransitionsSpec(by=by, filters=filters or EventFilter())
    jmap = _map_for(bench, spec.by, map_id)
    with _events(bench) as events:
        result = transitions(events, spec, _persona_customers(bench, events, persona),
                             journey_map=jmap)
    data = _result(result)
    nodes: dict[str, dict[str, Any]] = {}
    for row in data["rows"]:
        for end, side in (("from_event", "transitions_out"), ("to_event", "transitions_in")):
            node = nodes.setdefault(row[end], {"id": row[end], "transitions_out": 0,
                                               "transitions_in": 0})
            node[side] += row["transitions"]
    return {"by": spec.by.value, "map": None if jmap is None else jmap.id, **data,
            "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
            "labels": _labels(jmap, spec.by)}


def funnel_data(bench: Workbench, *, steps: tuple[str, ...],
                window_seconds: float | None = None,
                filters: EventFilter | None = None,
                persona: str | None = None) -> dict[str, Any]:
    """The funnel analysis over ``steps`` (event names) within the window from step 1."""
    spec = FunnelSpec(steps=steps, window_seconds=window_seconds,
                      filters=filters or EventFilter())
    with _events(bench) as events:
        result = funnel(events, spec, _persona_customers(bench, events, persona))
    return {"steps": list(spec.steps), "window_seconds": spec.window_seconds,
            **_result(result)}


def event_choices(bench: Workbench) -> dict[str, list[str]]:
    """The event names and channels present in the workspace's events, sorted."""
    if not has_events(bench):
        return {"events": [], "channels": []}
    with _events(bench) as events:
        names = fetch_rows(events.select("event").distinct().order_by("event"))
        channels: list[str] = []
        if "channel" in events.columns:
            lowered = events.select(channel=events.channel.lower())
            found = fetch_rows(lowered.filter(lowered.channel.notnull()).distinct()
                               .order_by("channel"))
            channels = [str(row["channel"]) for row in found]
    return {"events": [str(row["event"]) for row in names], "channels": channels}
