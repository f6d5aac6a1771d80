"""Reach and volume per touchpoint and per channel.

``events`` = events in scope at the touchpoint (or in the channel), ``customers`` = distinct
customers with such an event, ``share_of_customers`` = customers / all customers with any
event in scope (matched or not).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import ibis
import ibis.expr.types as ir

from journeymap.analytics.events import Customers, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio
from journeymap.analytics.touchpoints import TOUCHPOINT, label_touchpoints
from journeymap.model.journey import JourneyMap

TOUCHPOINT_COLUMNS = ("touchpoint", "stage", "channel", "events", "customers",
                      "share_of_customers")
CHANNEL_COLUMNS = ("channel", "events", "customers", "share_of_customers")


class ReachSpec(AnalysisSpec):
    analysis: ClassVar[str] = "reach"


@dataclass(frozen=True)
class TouchpointReachResult(AnalysisResult):
    """``total_customers`` is the denominator of ``share_of_customers``."""

    columns: ClassVar[tuple[str, ...]] = TOUCHPOINT_COLUMNS
    total_customers: int = 0


@dataclass(frozen=True)
class ChannelReachResult(AnalysisResult):
    """``total_customers`` is the denominator of ``share_of_customers``."""

    columns: ClassVar[tuple[str, ...]] = CHANNEL_COLUMNS
    total_customers: int = 0


def _volume(table: ir.Table, by: str) -> ir.Table:
    """``by, events, customers, total`` (total: distinct customers in all of ``table``)."""
    total = table.aggregate(total=table.customer_id.nunique())
    counted = table.group_by(by).aggregate(events=table.count(),
                                           customers=table.customer_id.nunique())
    return counted.cross_join(total)


def _total(found: list[dict[str, Any]], scoped: ir.Table) -> int:
    if found:
        return int(found[0]["total"])
    return int(scoped.customer_id.nunique().to_pyarrow().as_py())


def touchpoint_reach(events: ir.Table, jmap: JourneyMap, spec: ReachSpec | None = None,
                     customers: Customers = None) -> TouchpointReachResult:
    """One row per touchpoint of ``jmap`` in map order; ``channel`` is the touchpoint's."""
    scoped = scoped_events(events, (spec or ReachSpec()).filters, customers)
    labelled = label_touchpoints(scoped, jmap)
    found = _volume(labelled, TOUCHPOINT).to_pyarrow().to_pylist()
    total = _total(found, scoped)
    by_id = {row[TOUCHPOINT]: row for row in found if row[TOUCHPOINT] is not None}
    rows: list[dict[str, Any]] = []
    for touchpoint in jmap.touchpoints:
        row = by_id.get(touchpoint.id, {})
        reached = int(row.get("customers", 0))
        rows.append({
            "touchpoint": touchpoint.id, "stage": touchpoint.stage,
            "channel": touchpoint.channel.value, "events": int(row.get("events", 0)),
            "customers": reached, "share_of_customers": ratio(reached, total),
        })
    return TouchpointReachResult(rows=tuple(rows), total_customers=total)


def channel_reach(events: ir.Table, spec: ReachSpec | None = None,
                  customers: Customers = None) -> ChannelReachResult:
    """One row per (lower-cased) event channel, sorted by events desc, then channel; events
    without a channel form the row with an empty channel, listed last among equals."""
    scoped = scoped_events(events, (spec or ReachSpec()).filters, customers)
    if "channel" not in scoped.columns:
        scoped = scoped.mutate(channel=ibis.null().cast("string"))
    scoped = scoped.mutate(channel=scoped.channel.lower())
    found = _volume(scoped, "channel").to_pyarrow().to_pylist()
    total = _total(found, scoped)
    found.sort(key=lambda row: (-int(row["events"]), row["channel"] is None,
                                row["channel"] or ""))
    rows = tuple(
        {"channel": row["channel"], "events": int(row["events"]),
         "customers": int(row["customers"]),
         "share_of_customers": ratio(int(row["customers"]), total)}
        for row in found
    )
    return ChannelReachResult(rows=rows, total_customers=total)
