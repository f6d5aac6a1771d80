"""Ordered funnel with a conversion window measured from step 1 (DESIGN.md 4.2).

Step 1 is the customer's first step-1 event; step k is the first step-k event strictly
after the matched step k-1 event (in the canonical order, so a tie in timestamps is
decided by input order) and at most ``window_seconds`` after step 1 (exactly W is inside).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field, StringConstraints

from journeymap.analytics.events import TIME, Customers, scoped_events
from journeymap.analytics.spec import (
    MAX_WINDOW_SECONDS,
    AnalysisResult,
    AnalysisSpec,
    ratio,
    seconds,
)
from journeymap.engine.functions import MICROS, fetch_rows, summarise

COLUMNS = (
    "step",
    "event",
    "customers",
    "conversion_from_previous",
    "conversion_from_first",
    "median_seconds_from_previous",
)

StepName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class FunnelSpec(AnalysisSpec):
    analysis: ClassVar[str] = "funnel"

    steps: Annotated[tuple[StepName, ...], Field(min_length=1)]
    #: None: no window, any later step counts.
    window_seconds: Annotated[float | None, Field(gt=0, le=MAX_WINDOW_SECONDS)] = None


@dataclass(frozen=True)
class FunnelResult(AnalysisResult):
    columns: ClassVar[tuple[str, ...]] = COLUMNS


def _first_per_customer(table: ir.Table, at: str, seq: str) -> ir.Table:
    order = ibis.window(group_by=table.customer_id, order_by=[table[at], table[seq]])
    ranked = table.mutate(_jm_rank=ibis.row_number().over(order))
    return ranked.filter(ranked["_jm_rank"] == 0).drop("_jm_rank")


def _journeys(scoped: ir.Table, spec: FunnelSpec) -> ir.Table:
    """One row per customer who matched step 1: ``at_k``/``seq_k`` of each matched step k
    and ``gap_k`` (seconds from step k-1), null from the first step not reached.

    A chain of left joins keeps the plan linear in the number of steps: each step looks
    only at the previous step's match.
    """
    first = scoped.filter(scoped.event == spec.steps[0])
    first = _first_per_customer(first, TIME, "seq")
    state = first.select("customer_id", at_1=first[TIME], seq_1=first.seq)
    window = None if spec.window_seconds is None else round(spec.window_seconds * MICROS)
    for k, name in enumerate(spec.steps[1:], start=2):
        step = scoped.filter(scoped.event == name)
        later = step.select(_jm_customer=step.customer_id, _jm_at=step[TIME], _jm_seq=step.seq)
        at, seq = state[f"at_{k - 1}"], state[f"seq_{k - 1}"]
        after = (later._jm_at > at) | ((later._jm_at == at) & (later._jm_seq > seq))
        condition = [state.customer_id == later._jm_customer, after]
        if window is not None:
            condition.append(later._jm_at - state.at_1 <= window)
        joined = state.left_join(later, condition)
        joined = _first_per_customer(joined, "_jm_at", "_jm_seq")
        state = joined.select(
            *state.columns,
            **{f"at_{k}": joined._jm_at, f"seq_{k}": joined._jm_seq,
               f"gap_{k}": (joined._jm_at - at) / MICROS},
        )
    return state


def funnel_expr(events: ir.Table, spec: FunnelSpec, customers: Customers = None) -> ir.Table:
    """One row: ``customers_k`` for every step and ``median_k`` (seconds) for k >= 2."""
    state = _journeys(scoped_events(events, spec.filters, customers), spec)
    steps = range(1, len(spec.steps) + 1)
    return summarise(
        state,
        by=[],
        metrics={f"customers_{k}": state[f"at_{k}"].count() for k in steps},
        quantiles={f"median_{k}": (f"gap_{k}", 0.5) for k in steps if k > 1},
    )


def funnel(events: ir.Table, spec: FunnelSpec, customers: Customers = None) -> FunnelResult:
    """Run the funnel; every step gets a row, zero customers included."""
    found = fetch_rows(funnel_expr(events, spec, customers))[0]
    rows: list[dict[str, Any]] = []
    first = previous = int(found["customers_1"])
    for index, name in enumerate(spec.steps, start=1):
        count = int(found[f"customers_{index}"])
        rows.append({
            "step": index,
            "event": name,
            "customers": count,
            "conversion_from_previous": ratio(count, previous),
            "conversion_from_first": ratio(count, first),
            "median_seconds_from_previous": seconds(found.get(f"median_{index}")),
        })
        previous = count
    return FunnelResult(rows=tuple(rows))
