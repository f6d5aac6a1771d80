"""Cohort retention by the week or month of a customer's first event (UTC).

A customer's cohort is the period (a week starting Monday, or a calendar month) of their
first event in scope. For each cohort and period p = 0, 1, ... ``active`` = customers of
the cohort with any event in the p-th period after the cohort's own, and ``retention`` =
active / customers of the cohort. Every cohort gets a row for every period up to the
period of the latest event in scope (zero active included), or up to ``periods``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, ClassVar, Literal

import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.events import TIME, Customers, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio
from journeymap.engine.functions import MICROS

COLUMNS = ("cohort", "period", "customers", "active", "retention")
DAY_US = 86400 * MICROS
#: 1970-01-01 was a Thursday: day 0 is 3 days into the week that starts Monday 1969-12-29.
_FIRST_MONDAY = date(1969, 12, 29)
_EPOCH_WEEKDAY = 3


class RetentionSpec(AnalysisSpec):
    analysis: ClassVar[str] = "retention"

    by: Literal["week", "month"] = "month"
    #: The last period listed (None: up to the period of the latest event in scope).
    periods: Annotated[int | None, Field(ge=0)] = None


@dataclass(frozen=True)
class RetentionResult(AnalysisResult):
    columns: ClassVar[tuple[str, ...]] = COLUMNS


def period_index(scoped: ir.Table, by: str) -> ir.IntegerValue:
    """A running number of the event's week (from Monday) or month; UTC as stored."""
    if by == "week":
        days = scoped[TIME] // DAY_US
        week: ir.IntegerValue = (days + _EPOCH_WEEKDAY) // 7
        return week
    stamp = scoped.timestamp
    month: ir.IntegerValue = stamp.year().cast("int64") * 12 + stamp.month().cast("int64") - 1
    return month


def period_label(index: int, by: str) -> str:
    """``2024-01-01`` (the Monday) for a week, ``2024-01`` for a month."""
    if by == "week":
        return (_FIRST_MONDAY + timedelta(weeks=index)).isoformat()
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def retention_expr(events: ir.Table, spec: RetentionSpec,
                   customers: Customers = None) -> ir.Table:
    """``cohort, period, active`` (period indices) for every pair with someone active."""
    scoped = scoped_events(events, spec.filters, customers)
    visits = scoped.select("customer_id", at=period_index(scoped, spec.by)).distinct()
    cohorts = visits.group_by("customer_id").aggregate(cohort=visits["at"].min())
    joined = visits.join(cohorts, "customer_id")
    joined = joined.mutate(period=joined["at"] - joined.cohort)
    active = joined.group_by(["cohort", "period"]).aggregate(active=joined.count())
    return active.order_by(["cohort", "period"])


def retention(events: ir.Table, spec: RetentionSpec | None = None,
              customers: Customers = None) -> RetentionResult:
    """Run the retention analysis; rows by cohort, then period."""
    spec = spec or RetentionSpec()
    found = retention_expr(events, spec, customers).to_pyarrow().to_pylist()
    active = {(int(row["cohort"]), int(row["period"])): int(row["active"]) for row in found}
    # the latest period in scope is always someone's active period
    latest = max((cohort + period for cohort, period in active), default=0)
    rows: list[dict[str, Any]] = []
    for cohort in sorted({cohort for cohort, _ in active}):
        size = active[(cohort, 0)]
        last = latest - cohort if spec.periods is None else spec.periods
        for period in range(last + 1):
            count = active.get((cohort, period), 0)
            rows.append({"cohort": period_label(cohort, spec.by), "period": period,
                         "customers": size, "active": count,
                         "retention": ratio(count, size)})
    return RetentionResult(rows=tuple(rows))
