"""Transitions (directly-follows): each pair of consecutive events of a customer.

``transitions`` = number of pairs, ``customers`` = distinct customers with the pair,
``median_seconds``/``p90_seconds`` = exact (interpolated) quantiles of the time from a to b.

By touchpoint or stage, each event is replaced by its touchpoint (or stage) id from the map's
rules and unmatched events are dropped first, so a pair is two consecutive matched events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import ibis
import ibis.expr.types as ir

from journeymap.analytics.events import TIME, Customers, customer_order, scoped_events
from journeymap.analytics.paths import PathsBy
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, seconds
from journeymap.engine.functions import MICROS, fetch_rows, summarise
from journeymap.errors import SpecError

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap

COLUMNS = ("from_event", "to_event", "transitions", "customers", "median_seconds")


class TransitionsSpec(AnalysisSpec):
    analysis: ClassVar[str] = "transitions"

    by: PathsBy = PathsBy.EVENT


@dataclass(frozen=True)
class TransitionsResult(AnalysisResult):
    """Rows also hold ``p90_seconds``, which is not part of the CSV contract."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS


def _steps(events: ir.Table, spec: TransitionsSpec, customers: Customers,
           journey_map: JourneyMap | None) -> ir.Table:
    """The scoped events, ``event`` replaced by the touchpoint or stage when asked."""
    scoped = scoped_events(events, spec.filters, customers)
    if spec.by is PathsBy.EVENT:
        return scoped
    if journey_map is None:
        raise SpecError("transitions", "by", f"transitions by {spec.by.value} need a journey map")
    # the map's rules (and the workspace model) are loaded only for transitions that use them
    from journeymap.analytics.touchpoints import label_touchpoints

    labelled = label_touchpoints(scoped, journey_map)
    labelled = labelled.mutate(event=labelled[spec.by.value])
    return labelled.filter(labelled.event.notnull())


def transitions_expr(events: ir.Table, spec: TransitionsSpec, customers: Customers = None,
                     journey_map: JourneyMap | None = None) -> ir.Table:
    """The transitions table, sorted by transitions desc, then from_event, to_event."""
    scoped = _steps(events, spec, customers, journey_map)
    order = customer_order(scoped)
    steps = scoped.select(
        "customer_id",
        from_event=scoped.event,
        to_event=scoped.event.lead().over(order),
        from_us=scoped[TIME],
        to_us=scoped[TIME].lead().over(order),
    )
    pairs = steps.filter(steps.to_event.notnull())
    pairs = pairs.mutate(gap=(pairs.to_us - pairs.from_us) / MICROS)
    table = summarise(
        pairs,
        by=["from_event", "to_event"],
        metrics={"transitions": pairs.count(), "customers": pairs.customer_id.nunique()},
        quantiles={"median_seconds": ("gap", 0.5), "p90_seconds": ("gap", 0.9)},
    )
    return table.order_by([ibis.desc("transitions"), "from_event", "to_event"])


def transitions(events: ir.Table, spec: TransitionsSpec | None = None,
                customers: Customers = None,
                journey_map: JourneyMap | None = None) -> TransitionsResult:
    """Run the transitions analysis on the canonical ``events`` table; ``journey_map`` is
    needed for transitions by touchpoint or stage."""
    spec = spec or TransitionsSpec()
    found = fetch_rows(transitions_expr(events, spec, customers, journey_map))
    rows: list[dict[str, Any]] = [
        {
            "from_event": row["from_event"],
            "to_event": row["to_event"],
            "transitions": int(row["transitions"]),
            "customers": int(row["customers"]),
            "median_seconds": seconds(row["median_seconds"]),
            "p90_seconds": seconds(row["p90_seconds"]),
        }
        for row in found
    ]
    return TransitionsResult(rows=tuple(rows))
