"""Time to convert: from a customer's first start event to the first conversion after it.

Per customer, the start is the first event (in the canonical order) whose name is in
``start``, or the customer's first event when ``start`` is empty; the conversion is the
first event named in ``converted_by`` strictly after the start (a tie in timestamps is
decided by input order). ``customers`` = customers with a start, ``converted`` = those
with a conversion after it; the times are over converted customers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field, StringConstraints

from journeymap.analytics.events import TIME, Customers, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, ratio, seconds
from journeymap.engine.functions import MICROS, summarise

COLUMNS = ("customers", "converted", "conversion_rate", "median_seconds", "p90_seconds",
           "mean_seconds")
BUCKET_COLUMNS = ("bucket", "customers", "share")
#: Buckets of the time to convert: label and lower bound in seconds (inclusive); each
#: bucket ends where the next one starts.
BUCKETS: tuple[tuple[str, int], ...] = (
    ("<1h", 0),
    ("1h-1d", 3600),
    ("1d-7d", 86400),
    ("7d-30d", 7 * 86400),
    (">=30d", 30 * 86400),
)

EventName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ConversionSpec(AnalysisSpec):
    analysis: ClassVar[str] = "convert-time"

    converted_by: Annotated[tuple[EventName, ...], Field(min_length=1)]
    #: Empty: the customer's first event starts the clock.
    start: tuple[EventName, ...] = ()


@dataclass(frozen=True)
class ConversionResult(AnalysisResult):
    """One summary row; ``buckets`` is the distribution (``BUCKET_COLUMNS``) of converted
    customers over the time buckets, every bucket listed, share of ``converted``."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    bucket_columns: ClassVar[tuple[str, ...]] = BUCKET_COLUMNS
    buckets: tuple[dict[str, Any], ...] = ()


def _first_per_customer(table: ir.Table) -> ir.Table:
    order = ibis.window(group_by=table.customer_id, order_by=[table[TIME], table.seq])
    ranked = table.mutate(_jm_rank=ibis.row_number().over(order))
    return ranked.filter(ranked["_jm_rank"] == 0).drop("_jm_rank")


def conversion_times(scoped: ir.Table, spec: ConversionSpec) -> ir.Table:
    """One row per customer with a start: ``gap_us`` to the conversion (null if none)."""
    starts = scoped if not spec.start else scoped.filter(scoped.event.isin(list(spec.start)))
    first = _first_per_customer(starts)
    first = first.select("customer_id", start_us=first[TIME], start_seq=first.seq)
    hits = scoped.filter(scoped.event.isin(list(spec.converted_by)))
    hits = hits.select(_jm_customer=hits.customer_id, _jm_at=hits[TIME], _jm_seq=hits.seq)
    after = (hits._jm_at > first.start_us) | (
        (hits._jm_at == first.start_us) & (hits._jm_seq > first.start_seq)
    )
    joined = first.left_join(hits, [first.customer_id == hits._jm_customer, after])
    # the earliest later conversion: a tie in time gives the same gap, so min() suffices
    per_customer = joined.group_by(["customer_id", "start_us"]).aggregate(
        converted_us=joined._jm_at.min()
    )
    return per_customer.select(
        "customer_id", gap_us=per_customer.converted_us - per_customer.start_us
    )


def conversion_expr(events: ir.Table, spec: ConversionSpec,
                    customers: Customers = None) -> ir.Table:
    """One row: ``customers, converted, total_us``, quantiles and ``bucket_<i>`` counts."""
    times = conversion_times(scoped_events(events, spec.filters, customers), spec)
    times = times.mutate(gap=times.gap_us / MICROS)
    gap_us = times.gap_us
    lows = [bound * MICROS for _, bound in BUCKETS]
    highs: list[int | None] = [*lows[1:], None]
    buckets = {
        f"bucket_{i}": (
            (gap_us >= low) if high is None else ((gap_us >= low) & (gap_us < high))
        ).ifelse(1, 0).sum().fill_null(0)
        for i, (low, high) in enumerate(zip(lows, highs, strict=True))
    }
    return summarise(
        times,
        by=[],
        metrics={"customers": times.count(), "converted": gap_us.count(),
                 # integer microseconds: the sum is exact, so every backend agrees on the mean
                 "total_us": gap_us.sum(), **buckets},
        quantiles={"median_seconds": ("gap", 0.5), "p90_seconds": ("gap", 0.9)},
    )


def time_to_convert(events: ir.Table, spec: ConversionSpec,
                    customers: Customers = None) -> ConversionResult:
    """Run the time-to-convert analysis; with no conversions the times are empty."""
    found = conversion_expr(events, spec, customers).to_pyarrow().to_pylist()[0]
    count, converted = int(found["customers"]), int(found["converted"])
    total = found["total_us"]
    mean = None if not converted or total is None else int(total) / converted / MICROS
    row = {
        "customers": count,
        "converted": converted,
        "conversion_rate": ratio(converted, count),
        "median_seconds": seconds(found["median_seconds"]),
        "p90_seconds": seconds(found["p90_seconds"]),
        "mean_seconds": seconds(mean),
    }
    buckets = tuple(
        {"bucket": label, "customers": int(found[f"bucket_{i}"]),
         "share": ratio(int(found[f"bucket_{i}"]), converted)}
        for i, (label, _) in enumerate(BUCKETS)
    )
    return ConversionResult(rows=(row,), buckets=buckets)
