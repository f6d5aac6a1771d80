"""Paths (variants): each customer's whole sequence of events, counted per distinct sequence.

By touchpoint or stage, each event is replaced by its touchpoint (or stage) id from the map's
rules and unmatched events are dropped, so a customer with no matched event has no path.

The sequences are built and counted in the database, so memory grows with the number of
distinct paths, not with events.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.events import TIME, Customers, customer_order, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio
from journeymap.engine.functions import fetch_rows, ordered_join
from journeymap.errors import SpecError

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap

COLUMNS = ("path", "customers", "share")
#: Joins the events of a path; part of the CSV contract.
SEPARATOR = " > "


class PathsBy(StrEnum):
    """What a step of a path is: the event name, or its touchpoint or stage id."""

    EVENT = "event"
    TOUCHPOINT = "touchpoint"
    STAGE = "stage"


class PathsSpec(AnalysisSpec):
    analysis: ClassVar[str] = "paths"

    top: Annotated[int, Field(ge=1)] = 20
    collapse_repeats: bool = False
    by: PathsBy = PathsBy.EVENT


@dataclass(frozen=True)
class PathsResult(AnalysisResult):
    """The top paths; ``total_customers`` is the denominator of ``share``."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    total_customers: int = 0


def _steps(events: ir.Table, spec: PathsSpec, customers: Customers,
           journey_map: JourneyMap | None) -> ir.Table:
    """The scoped events with the step of the path as ``_jm_step``."""
    scoped = scoped_events(events, spec.filters, customers)
    if spec.by is PathsBy.EVENT:
        return scoped.mutate(_jm_step=scoped.event)
    if journey_map is None:
        raise SpecError("paths", "by", f"paths by {spec.by.value} need a journey map")
    # the map's rules (and the workspace model) are loaded only for paths that use them
    from journeymap.analytics.touchpoints import label_touchpoints

    labelled = label_touchpoints(scoped, journey_map)
    labelled = labelled.mutate(_jm_step=labelled[spec.by.value])
    return labelled.filter(labelled._jm_step.notnull())


def paths_expr(events: ir.Table, spec: PathsSpec, customers: Customers = None,
               journey_map: JourneyMap | None = None) -> ir.Table:
    """``path, customers, total`` for the top paths, sorted by customers desc, then path."""
    scoped = _steps(events, spec, customers, journey_map)
    if spec.collapse_repeats:
        marked = scoped.mutate(_jm_before=scoped._jm_step.lag().over(customer_order(scoped)))
        before = marked["_jm_before"]
        scoped = marked.filter(before.isnull() | (before != marked._jm_step)).drop("_jm_before")
    per_customer = ordered_join(scoped, "customer_id", [TIME, "seq"], "_jm_step", SEPARATOR,
                                name="path")
    counted = per_customer.group_by("path").aggregate(customers=per_customer.count())
    counted = counted.mutate(total=counted.customers.sum().over(ibis.window()))
    return counted.order_by([ibis.desc("customers"), "path"]).limit(spec.top)


def paths(events: ir.Table, spec: PathsSpec | None = None, customers: Customers = None,
          journey_map: JourneyMap | None = None) -> PathsResult:
    """Run the paths analysis; ``share`` = customers / all customers with a path in scope
    (6 places). ``journey_map`` is needed for paths by touchpoint or stage."""
    spec = spec or PathsSpec()
    found = fetch_rows(paths_expr(events, spec, customers, journey_map))
    total = int(found[0]["total"]) if found else 0
    rows: list[dict[str, Any]] = [
        {"path": row["path"], "customers": int(row["customers"]),
         "share": ratio(int(row["customers"]), total)}
        for row in found
    ]
    return PathsResult(rows=tuple(rows), total_customers=total)
