"""Every table of the report, for ``journeymap export tables`` (CSV or XLSX).

The column names are a contract (docs/reports.md, "Tables"). Numbers are those of the
report (:mod:`journeymap.workbench.report`); ``stage`` and ``touchpoint`` columns carry
the names people gave them, ``id`` columns the stable ids. A workspace without events or
survey answers gets the tables with no rows for what is missing.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from journeymap.errors import InputError
from journeymap.reports.data import Kpi
from journeymap.reports.tables import Table
from journeymap.workbench.report import (
    action_rows,
    behaviour_numbers,
    opportunity_rows,
    pain_point_rows,
    persona_infos,
    places,
    survey_kpis,
    workspace_voice,
)

if TYPE_CHECKING:
    from journeymap.workbench.session import Workbench

TABLES = ("kpis", "pain_points", "opportunities", "actions", "personas", "locations",
          "transitions")
COLUMNS: dict[str, tuple[str, ...]] = {
    "kpis": ("group", "metric", "value", "n", "ci_low", "ci_high"),
    "pain_points": ("rank", "id", "title", "stage", "touchpoint", "severity", "status", "kind",
                    "affected_customers", "score", "evidence", "quotes"),
    "opportunities": ("id", "title", "pain_points", "reach", "value", "confidence", "effort",
                      "rice"),
    "actions": ("id", "title", "owner", "due", "status", "kpi", "baseline", "target",
                "implemented_on", "before", "after", "difference", "ci_low", "ci_high",
                "p_value", "verdict"),
    "personas": ("id", "name", "description", "quote", "goals", "needs", "frustrations",
                 "traits"),
    "locations": ("id", "name", "type", "address", "city", "country", "phone", "url", "lat",
                  "lon"),
    "transitions": ("from_touchpoint", "to_touchpoint", "transitions", "customers",
                    "median_seconds"),
}
DEFAULT_TOP = 50


def _kpi_row(kpi: Kpi) -> dict[str, Any]:
    return {"group": kpi.group, "metric": kpi.metric, "value": kpi.value, "n": kpi.n,
            "ci_low": kpi.ci_low, "ci_high": kpi.ci_high}


def _kpis(bench: Workbench, map_id: str | None) -> list[dict[str, Any]]:
    """Overall KPIs (group ``all``: survey, churn, conversion), then by touchpoint id."""
    jmap = bench.journey_map(map_id)
    voice = workspace_voice(bench, bench.document())
    overall, by_touchpoint = survey_kpis(voice, jmap, names=False) if voice else ((), ())
    try:
        behaviour = behaviour_numbers(bench, jmap)[0]
    except InputError:
        behaviour = ()
    return [_kpi_row(k) for k in (*overall, *behaviour, *by_touchpoint)]


def _transitions(bench: Workbench, map_id: str | None, top: int) -> list[dict[str, Any]]:
    """The ``top`` most frequent touchpoint-to-touchpoint transitions."""
    from journeymap.analytics.paths import PathsBy
    from journeymap.workbench.flows import dfg_data

    try:
        data = dfg_data(bench, by=PathsBy.TOUCHPOINT, map_id=map_id)
    except InputError:
        return []
    return [{"from_touchpoint": r["from_event"], "to_touchpoint": r["to_event"],
             "transitions": r["transitions"], "customers": r["customers"],
             "median_seconds": r["median_seconds"]} for r in data["rows"][:top]]


def _rows(bench: Workbench, name: str, map_id: str | None, top: int) -> list[dict[str, Any]]:
    document = bench.document()
    jmap = bench.journey_map(map_id)
    if name == "kpis":
        return _kpis(bench, map_id)
    if name == "pain_points":
        return [{**asdict(p), "affected_customers": p.affected} for p in pain_point_rows(jmap)]
    if name == "opportunities":
        return [asdict(o) for o in opportunity_rows(jmap)]
    if name == "actions":
        return [{**asdict(a), **(asdict(a.effect) if a.effect else {})}
                for a in action_rows(bench, document, jmap)]
    if name == "personas":
        return [{**asdict(p), "traits": [f"{k}: {v}" for k, v in p.traits]}
                for p in persona_infos(document, jmap)]
    if name == "locations":
        return [asdict(p) for p in places(document)]
    return _transitions(bench, map_id, top)


def report_tables(bench: Workbench, map_id: str | None = None, *,
                  names: tuple[str, ...] = TABLES, top: int = DEFAULT_TOP) -> tuple[Table, ...]:
    """The tables ``names`` (default: all, in TABLES order) of map ``map_id``."""
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise InputError(f"unknown table(s): {', '.join(unknown)}",
                         hint=f"choose from {', '.join(TABLES)}")
    if top < 1:
        raise InputError(f"--top must be 1 or more; got {top}")
    return tuple(Table(name, COLUMNS[name], tuple(_rows(bench, name, map_id, top)))
                 for name in names)
