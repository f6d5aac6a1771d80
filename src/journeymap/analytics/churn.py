"""Churn as of a date D (DESIGN.md 4.2).

Only events up to the end of day D count (later ones had not happened yet). A customer is
churned when their last activity is older than the window, i.e. before
``D + 1 day - window``: with D = 2024-04-30 and 90 days, active means an event on
2024-02-01 or later. Churn rate = churned / customers with any activity up to D.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, ClassVar

import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.events import Customers, scoped_events
from journeymap.analytics.spec import (
    MAX_WINDOW_SECONDS,
    AnalysisDate,
    AnalysisResult,
    AnalysisSpec,
    ratio,
)
from journeymap.engine.functions import fetch_rows

COLUMNS = ("customers", "churned", "churn_rate")
DEFAULT_WINDOW_SECONDS = 90 * 86400.0


class ChurnSpec(AnalysisSpec):
    analysis: ClassVar[str] = "churn"

    #: None: the date of the latest event in scope.
    as_of: AnalysisDate | None = None
    window_seconds: Annotated[float, Field(gt=0, le=MAX_WINDOW_SECONDS)] = (
        DEFAULT_WINDOW_SECONDS
    )


@dataclass(frozen=True)
class ChurnResult(AnalysisResult):
    """One row; ``as_of`` is the date used (None when there were no events at all)."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    as_of: AnalysisDate | None = None


def _latest_date(scoped: ir.Table) -> date | None:
    latest: Any = next(iter(fetch_rows(scoped.timestamp.max())[0].values()))
    return None if latest is None else latest.date()


def churn_expr(scoped: ir.Table, as_of: date, window_seconds: float) -> ir.Table:
    """One row: ``customers, churned`` among customers active up to the end of ``as_of``."""
    end = datetime.combine(as_of + timedelta(days=1), time())
    cutoff = end - timedelta(seconds=window_seconds)
    known = scoped.filter(scoped.timestamp < end)
    last = known.group_by("customer_id").aggregate(last=known.timestamp.max())
    return last.aggregate(
        customers=last.count(),
        churned=(last["last"] < cutoff).ifelse(1, 0).sum().fill_null(0),
    )


def churn(events: ir.Table, spec: ChurnSpec | None = None,
          customers: Customers = None) -> ChurnResult:
    """Run the churn analysis; with no events at all the counts are 0 and the rate empty."""
    spec = spec or ChurnSpec()
    scoped = scoped_events(events, spec.filters, customers)
    as_of = spec.as_of or _latest_date(scoped)
    if as_of is None:
        return ChurnResult(rows=({"customers": 0, "churned": 0, "churn_rate": None},))
    row = fetch_rows(churn_expr(scoped, as_of, spec.window_seconds))[0]
    count, churned = int(row["customers"]), int(row["churned"])
    result = {"customers": count, "churned": churned, "churn_rate": ratio(churned, count)}
    return ChurnResult(rows=(result,), as_of=as_of)
