"""Drop-off by touchpoint: where journeys end without conversion.

A customer is converted when any of their events in scope is a conversion (one of the
named events, or an event matched to the named touchpoint or stage). A customer who is not
converted counts at the touchpoint of their LAST matched event (canonical order).
``share_of_non_converted`` divides by the non-converted customers with a matched event;
``reached`` = customers (converted or not) with any event at the touchpoint;
``drop_off_rate`` = customers ending here / reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field, StringConstraints, model_validator

from journeymap.analytics.events import TIME, Customers, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio
from journeymap.analytics.touchpoints import STAGE, TOUCHPOINT, label_touchpoints
from journeymap.errors import SpecError
from journeymap.model.journey import JourneyMap

COLUMNS = ("touchpoint", "stage", "customers_ending_here", "share_of_non_converted",
           "reached", "drop_off_rate")

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class DropoffSpec(AnalysisSpec):
    """Exactly one of ``conversion_events``, ``conversion_touchpoint``, ``conversion_stage``."""

    analysis: ClassVar[str] = "dropoff"

    conversion_events: Annotated[tuple[Name, ...], Field(max_length=1000)] = ()
    conversion_touchpoint: Name | None = None
    conversion_stage: Name | None = None

    @model_validator(mode="after")
    def _one_conversion(self) -> DropoffSpec:
        given = [bool(self.conversion_events), self.conversion_touchpoint is not None,
                 self.conversion_stage is not None]
        if sum(given) != 1:
            raise ValueError("name the conversion once: conversion events, a touchpoint "
                             "or a stage")
        return self


@dataclass(frozen=True)
class DropoffResult(AnalysisResult):
    """``non_converted`` is the denominator of ``share_of_non_converted``."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    non_converted: int = 0


def _conversion(labelled: ir.Table, jmap: JourneyMap, spec: DropoffSpec) -> ir.BooleanValue:
    if spec.conversion_touchpoint is not None:
        if spec.conversion_touchpoint not in jmap.ids("touchpoint"):
            raise SpecError("dropoff", "conversion_touchpoint",
                            f"map {jmap.id!r} has no touchpoint {spec.conversion_touchpoint!r}")
        return labelled[TOUCHPOINT] == spec.conversion_touchpoint
    if spec.conversion_stage is not None:
        if spec.conversion_stage not in jmap.ids("stage"):
            raise SpecError("dropoff", "conversion_stage",
                            f"map {jmap.id!r} has no stage {spec.conversion_stage!r}")
        return labelled[STAGE] == spec.conversion_stage
    return labelled.event.isin(list(spec.conversion_events))


def dropoff_expr(events: ir.Table, jmap: JourneyMap, spec: DropoffSpec,
                 customers: Customers = None) -> ir.Table:
    """``touchpoint, ending, reached`` for every touchpoint with matched events."""
    labelled = label_touchpoints(scoped_events(events, spec.filters, customers), jmap)
    labelled = labelled.mutate(_jm_conv=_conversion(labelled, jmap, spec).fill_null(False))
    converted = labelled.filter(labelled._jm_conv).select("customer_id").distinct()
    matched = labelled.filter(labelled[TOUCHPOINT].notnull())
    reached = matched.group_by(TOUCHPOINT).aggregate(reached=matched.customer_id.nunique())
    waiting = matched.anti_join(converted, "customer_id")
    order = ibis.window(group_by=waiting.customer_id,
                        order_by=[ibis.desc(waiting[TIME]), ibis.desc(waiting.seq)])
    ranked = waiting.mutate(_jm_rank=ibis.row_number().over(order))
    last = ranked.filter(ranked._jm_rank == 0)
    ending = last.group_by(TOUCHPOINT).aggregate(ending=last.count())
    joined = reached.left_join(ending, reached[TOUCHPOINT] == ending[TOUCHPOINT])
    return joined.select(TOUCHPOINT, "reached", ending=joined.ending.fill_null(0))


def dropoff(events: ir.Table, jmap: JourneyMap, spec: DropoffSpec,
            customers: Customers = None) -> DropoffResult:
    """One row per touchpoint of ``jmap``, sorted by customers ending there desc, then in
    map order; touchpoints nobody reached are listed with zeros."""
    found = {row[TOUCHPOINT]: row
             for row in dropoff_expr(events, jmap, spec, customers).to_pyarrow().to_pylist()}
    non_converted = sum(int(row["ending"]) for row in found.values())
    rows: list[dict[str, Any]] = []
    for touchpoint in jmap.touchpoints:
        row = found.get(touchpoint.id, {})
        ending, reached = int(row.get("ending", 0)), int(row.get("reached", 0))
        rows.append({
            "touchpoint": touchpoint.id,
            "stage": touchpoint.stage,
            "customers_ending_here": ending,
            "share_of_non_converted": ratio(ending, non_converted),
            "reached": reached,
            "drop_off_rate": ratio(ending, reached),
        })
    rows.sort(key=lambda row: -int(row["customers_ending_here"]))  # stable: map order on ties
    return DropoffResult(rows=tuple(rows), non_converted=non_converted)
