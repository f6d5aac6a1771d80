"""Repeats and loops: where customers do the same thing again, or go round in circles.

Repeats, per event e, over the customers who had e at least once: a customer with n
occurrences of e has n - 1 repeats; a consecutive repeat is e directly followed by e.

Loops are found in each customer's sequence in the canonical order with consecutive
repeats collapsed (``a a b`` reads ``a b``), so a double click does not hide a loop. A
loop of length 2 is three events in a row ``a > b > a``; of length 3, four events in a
row ``a > b > c > a`` with a, b, c all different. Every position a loop starts at counts,
overlapping ones too: ``a > b > a > b > a`` holds ``a > b > a`` twice and ``b > a > b``
once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

import ibis
import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.events import Customers, customer_order, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio

REPEAT_COLUMNS = ("event", "customers", "customers_repeating", "repeat_rate", "mean_repeats",
                  "max_repeats", "repeats", "consecutive_repeats")
LOOP_COLUMNS = ("loop", "occurrences", "customers", "customers_3_or_more")
#: Joins the events of a loop, as in paths.
SEPARATOR = " > "


class RepeatsSpec(AnalysisSpec):
    analysis: ClassVar[str] = "repeats"


class LoopsSpec(AnalysisSpec):
    analysis: ClassVar[str] = "loops"

    #: None: loops of length 2 and 3.
    length: Literal[2, 3] | None = None
    top: Annotated[int, Field(ge=1)] = 20


@dataclass(frozen=True)
class RepeatsResult(AnalysisResult):
    columns: ClassVar[tuple[str, ...]] = REPEAT_COLUMNS


@dataclass(frozen=True)
class LoopsResult(AnalysisResult):
    columns: ClassVar[tuple[str, ...]] = LOOP_COLUMNS


def repeats_expr(events: ir.Table, spec: RepeatsSpec, customers: Customers = None) -> ir.Table:
    """Per event: customer counts and repeat totals, sorted by customers_repeating desc."""
    scoped = scoped_events(events, spec.filters, customers)
    before = scoped.event.lag().over(customer_order(scoped))
    marked = scoped.mutate(_jm_again=(before == scoped.event).fill_null(False).ifelse(1, 0))
    per_customer = marked.group_by(["event", "customer_id"]).aggregate(
        occurrences=marked.count(), consecutive=marked["_jm_again"].sum()
    )
    extra = per_customer.occurrences - 1
    table = per_customer.group_by("event").aggregate(
        customers=per_customer.count(),
        customers_repeating=(extra > 0).ifelse(1, 0).sum(),
        repeats=extra.sum(),
        consecutive_repeats=per_customer.consecutive.sum(),
        max_repeats=extra.max(),
    )
    return table.order_by([ibis.desc("customers_repeating"), ibis.desc("repeats"), "event"])


def repeats(events: ir.Table, spec: RepeatsSpec | None = None,
            customers: Customers = None) -> RepeatsResult:
    """Run the repeats analysis; ``mean_repeats`` = repeats per customer with the event."""
    found = repeats_expr(events, spec or RepeatsSpec(), customers).to_pyarrow().to_pylist()
    rows: list[dict[str, Any]] = []
    for row in found:
        count, repeating, total = (int(row["customers"]), int(row["customers_repeating"]),
                                   int(row["repeats"]))
        rows.append({
            "event": row["event"],
            "customers": count,
            "customers_repeating": repeating,
            "repeat_rate": ratio(repeating, count),
            "mean_repeats": ratio(total, count),
            "max_repeats": int(row["max_repeats"]),
            "repeats": total,
            "consecutive_repeats": int(row["consecutive_repeats"]),
        })
    return RepeatsResult(rows=tuple(rows))


def _collapsed(scoped: ir.Table) -> ir.Table:
    before = scoped.event.lag().over(customer_order(scoped))
    marked = scoped.mutate(_jm_before=before)
    keep = marked["_jm_before"].isnull() | (marked["_jm_before"] != marked.event)
    return marked.filter(keep).drop("_jm_before")


def _occurrences(collapsed: ir.Table, length: int) -> ir.Table:
    """``customer_id, loop`` for every position a loop of ``length`` starts at."""
    order = customer_order(collapsed)
    ahead = {f"e{k}": collapsed.event.lead(k).over(order) for k in range(1, length + 1)}
    steps = collapsed.select("customer_id", e0=collapsed.event, **ahead)
    # collapsed, neighbours differ: a > b > c > a has c != a, so a, b, c are all different
    found = steps.filter((steps[f"e{length}"] == steps.e0).fill_null(False))
    names = [found[f"e{k}"] for k in range(length + 1)]
    loop = names[0].concat(*[ibis.literal(SEPARATOR).concat(name) for name in names[1:]])
    return found.select("customer_id", loop=loop)


def loops_expr(events: ir.Table, spec: LoopsSpec, customers: Customers = None) -> ir.Table:
    """The top loops, sorted by customers desc, then occurrences desc, then loop."""
    collapsed = _collapsed(scoped_events(events, spec.filters, customers))
    lengths = (2, 3) if spec.length is None else (spec.length,)
    parts = [_occurrences(collapsed, length) for length in lengths]
    found = parts[0] if len(parts) == 1 else parts[0].union(parts[1], distinct=False)
    per_customer = found.group_by(["loop", "customer_id"]).aggregate(n=found.count())
    table = per_customer.group_by("loop").aggregate(
        occurrences=per_customer.n.sum(),
        customers=per_customer.count(),
        customers_3_or_more=(per_customer.n >= 3).ifelse(1, 0).sum(),
    )
    order = [ibis.desc("customers"), ibis.desc("occurrences"), "loop"]
    return table.order_by(order).limit(spec.top)


def loops(events: ir.Table, spec: LoopsSpec | None = None,
          customers: Customers = None) -> LoopsResult:
    """Run the loops analysis."""
    found = loops_expr(events, spec or LoopsSpec(), customers).to_pyarrow().to_pylist()
    rows = tuple(
        {"loop": row["loop"], "occurrences": int(row["occurrences"]),
         "customers": int(row["customers"]),
         "customers_3_or_more": int(row["customers_3_or_more"])}
        for row in found
    )
    return LoopsResult(rows=rows)
