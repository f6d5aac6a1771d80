"""Paths (variants): each customer's whole sequence of events, counted per distinct sequence.

The sequences are built and counted in the database, so memory grows with the number of
distinct paths, not with events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.events import TIME, Customers, customer_order, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio
from journeymap.engine.functions import ordered_join

COLUMNS = ("path", "customers", "share")
#: Joins the events of a path; part of the CSV contract.
SEPARATOR = " > "


class PathsSpec(AnalysisSpec):
    analysis: ClassVar[str] = "paths"

    top: Annotated[int, Field(ge=1)] = 20
    collapse_repeats: bool = False


@dataclass(frozen=True)
class PathsResult(AnalysisResult):
    """The top paths; ``total_customers`` is the denominator of ``share``."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    total_customers: int = 0


def paths_expr(events: ir.Table, spec: PathsSpec, customers: Customers = None) -> ir.Table:
    """``path, customers, total`` for the top paths, sorted by customers desc, then path."""
    scoped = scoped_events(events, spec.filters, customers)
    if spec.collapse_repeats:
        marked = scoped.mutate(_jm_before=scoped.event.lag().over(customer_order(scoped)))
        before = marked["_jm_before"]
        scoped = marked.filter(before.isnull() | (before != marked.event)).drop("_jm_before")
    per_customer = ordered_join(scoped, "customer_id", [TIME, "seq"], "event", SEPARATOR,
                                name="path")
    counted = per_customer.group_by("path").aggregate(customers=per_customer.count())
    counted = counted.mutate(total=counted.customers.sum().over(ibis.window()))
    return counted.order_by([ibis.desc("customers"), "path"]).limit(spec.top)


def paths(events: ir.Table, spec: PathsSpec | None = None,
          customers: Customers = None) -> PathsResult:
    """Run the paths analysis; ``share`` = customers / all customers in scope (6 places)."""
    spec = spec or PathsSpec()
    found = paths_expr(events, spec, customers).to_pyarrow().to_pylist()
    total = int(found[0]["total"]) if found else 0
    rows: list[dict[str, Any]] = [
        {"path": row["path"], "customers": int(row["customers"]),
         "share": ratio(int(row["customers"]), total)}
        for row in found
    ]
    return PathsResult(rows=tuple(rows), total_customers=total)
