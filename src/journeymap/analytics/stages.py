"""Stage conversion: each customer's stages reached in map order, and who moves on.

A customer reaches a stage with any event matched to one of its touchpoints. For stage S,
``customers`` = customers who reached S; a customer converts from S when a matched event in
any LATER stage (map order) comes after their first event in S (canonical order: time, then
input order). ``conversion_to_next`` = converted / customers, ``drop_off`` = customers who
did not convert, ``median_seconds_to_next`` = median time from the first event in S to the
first later-stage event after it. The last stage has no next stage: those three are empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import ibis
import ibis.expr.types as ir

from journeymap.analytics.events import TIME, Customers
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio, seconds
from journeymap.analytics.touchpoints import matched_events
from journeymap.engine.functions import MICROS, summarise
from journeymap.model.journey import JourneyMap

COLUMNS = ("stage", "customers", "conversion_to_next", "drop_off", "median_seconds_to_next")


class StageConversionSpec(AnalysisSpec):
    analysis: ClassVar[str] = "stages"


@dataclass(frozen=True)
class StageConversionResult(AnalysisResult):
    columns: ClassVar[tuple[str, ...]] = COLUMNS


def first_per_group(table: ir.Table, by: list[str]) -> ir.Table:
    """The first row of each ``by`` group in the canonical order."""
    order = ibis.window(group_by=[table[c] for c in by], order_by=[table[TIME], table.seq])
    ranked = table.mutate(_jm_rank=ibis.row_number().over(order))
    return ranked.filter(ranked["_jm_rank"] == 0).drop("_jm_rank")


def stage_conversion_expr(events: ir.Table, jmap: JourneyMap, spec: StageConversionSpec,
                          customers: Customers = None) -> ir.Table:
    """``stage_index, customers, converted, median`` for every stage someone reached."""
    matched = matched_events(events, jmap, spec, customers)
    firsts = first_per_group(matched, ["customer_id", "stage_index"])
    firsts = firsts.select("customer_id", "stage_index", _jm_at=firsts[TIME],
                           _jm_seq=firsts.seq)
    later = matched.select(_jm_customer=matched.customer_id, _jm_index=matched.stage_index,
                           _jm_later_at=matched[TIME], _jm_later_seq=matched.seq)
    after = (later._jm_later_at > firsts._jm_at) | (
        (later._jm_later_at == firsts._jm_at) & (later._jm_later_seq > firsts._jm_seq))
    joined = firsts.left_join(later, [firsts.customer_id == later._jm_customer,
                                      later._jm_index > firsts.stage_index, after])
    per_customer = joined.group_by(["customer_id", "stage_index", "_jm_at"]).aggregate(
        _jm_next=joined._jm_later_at.min())
    per_customer = per_customer.mutate(
        gap=(per_customer._jm_next - per_customer._jm_at) / MICROS)
    return summarise(
        per_customer,
        by=["stage_index"],
        metrics={"customers": per_customer.count(),
                 "converted": per_customer._jm_next.count()},
        quantiles={"median": ("gap", 0.5)},
    )


def stage_conversion(events: ir.Table, jmap: JourneyMap,
                     spec: StageConversionSpec | None = None,
                     customers: Customers = None) -> StageConversionResult:
    """One row per stage of ``jmap`` in map order, zero customers included."""
    found = stage_conversion_expr(events, jmap, spec or StageConversionSpec(), customers)
    by_index = {int(row["stage_index"]): row for row in found.to_pyarrow().to_pylist()}
    rows: list[dict[str, Any]] = []
    last = len(jmap.stages) - 1
    for index, stage in enumerate(jmap.stages):
        row = by_index.get(index, {})
        reached = int(row.get("customers", 0))
        converted = int(row.get("converted", 0))
        rows.append({
            "stage": stage.id,
            "customers": reached,
            "conversion_to_next": None if index == last else ratio(converted, reached),
            "drop_off": None if index == last else reached - converted,
            "median_seconds_to_next": None if index == last else seconds(row.get("median")),
        })
    return StageConversionResult(rows=tuple(rows))
