"""Survey KPIs (DESIGN.md 4.2) with n and a 95% interval, overall and by a grouping.

CSAT = 100 x share of scores >= 4 (1-5), NPS = 100 x (share 9-10 - share 0-6) (0-10),
CES and custom scales = the mean. Intervals are those of :mod:`intervals`. Open answers
(no score) do not count. Groups are as named in the data; answers without a value for the
grouping form the group None (an empty cell in CSV). Overall rows have the group ``all``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, ClassVar, Literal

import ibis
import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.events import Customers
from journeymap.analytics.intervals import (
    Estimate,
    mean_estimate,
    nps_estimate,
    share_estimate,
)
from journeymap.analytics.spec import AnalysisDate, AnalysisResult, Spec
from journeymap.errors import InputError, SpecError
from journeymap.ingest.mapping import METRIC_PATTERN

COLUMNS = ("group", "metric", "value", "n", "ci_low", "ci_high")
STANDARD = ("csat", "nps", "ces")
OVERALL = "all"
KpiBy = Literal["touchpoint", "stage", "location", "channel", "persona", "month", "week"]
#: The answer column each categorical grouping reads.
GROUP_COLUMNS = {"touchpoint": "touchpoint", "stage": "stage", "location": "location_id",
                 "channel": "channel", "persona": "persona"}
REQUIRED = ("metric", "score", "timestamp", "touchpoint", "customer_id")


class KpiSpec(Spec):
    """Which KPIs, over which answers, grouped how."""

    analysis: ClassVar[str] = "kpis"

    by: KpiBy | None = None
    #: Metrics to list; empty: csat, nps, ces and every custom metric with answers.
    metrics: tuple[Annotated[str, Field(pattern=METRIC_PATTERN)], ...] = ()
    date_from: AnalysisDate | None = None
    date_to: AnalysisDate | None = None
    #: touchpoint -> channel, used where an answer names no channel (the map's touchpoints).
    touchpoint_channels: dict[str, str] = {}


@dataclass(frozen=True)
class KpiResult(AnalysisResult):
    """``group, metric, value, n, ci_low, ci_high``; value and interval None when n = 0."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS


def kpis(answers: ir.Table, spec: KpiSpec | None = None, *, personas: ir.Table | None = None,
         customers: Customers = None) -> KpiResult:
    """The KPIs of ``answers`` (the canonical survey answer table).

    ``personas`` (customer_id, persona) is needed for ``by="persona"``; ``customers``
    narrows the answers to a customer subset (a table with customer_id, or ids).
    """
    spec = spec or KpiSpec()
    scored = _scoped(answers, spec, customers)
    grouped = _with_group(scored, spec, personas)
    overall = _aggregate(scored, None)
    metrics = spec.metrics or _default_metrics(overall)
    rows: list[dict[str, Any]] = []
    if spec.by is not None:
        found = _aggregate(grouped, "group")
        # periods and asked-for metrics are listed even where nobody answered (n = 0)
        fill = bool(spec.metrics) or spec.by in ("month", "week")
        for key, label in _groups(found, spec.by):
            for metric in metrics:
                stats = found.get((key, metric))
                if stats is not None or fill:
                    rows.append(_row(label, metric, stats))
    rows += [_row(OVERALL, metric, overall.get((None, metric))) for metric in metrics]
    return KpiResult(rows=tuple(rows))


def _scoped(answers: ir.Table, spec: KpiSpec, customers: Customers) -> ir.Table:
    missing = [column for column in REQUIRED if column not in answers.columns]
    if missing:
        raise InputError(f"the survey answer table lacks column(s): {', '.join(missing)}")
    scored = answers.filter(answers.score.notnull())
    if spec.date_from is not None:
        scored = scored.filter(scored.timestamp >= datetime.combine(spec.date_from, time()))
    if spec.date_to is not None:
        end = datetime.combine(spec.date_to + timedelta(days=1), time())
        scored = scored.filter(scored.timestamp < end)
    if isinstance(customers, ir.Table):
        return scored.semi_join(customers.select("customer_id"), "customer_id")
    if customers is not None:
        return scored.filter(scored.customer_id.isin([str(c) for c in customers]))
    return scored


def _with_group(scored: ir.Table, spec: KpiSpec, personas: ir.Table | None) -> ir.Table:
    if spec.by is None:
        return scored
    if spec.by in ("month", "week"):
        unit = "M" if spec.by == "month" else "W"
        return scored.mutate(group=scored.timestamp.truncate(unit).date())
    if spec.by == "persona":
        if personas is None or not {"customer_id", "persona"} <= set(personas.columns):
            raise SpecError("kpis", "by", "persona needs a customer_id -> persona table")
        table = personas.select("customer_id", persona=personas.persona.cast("string"))
        scored = scored.left_join(table, "customer_id").select(*scored.columns, "persona")
    if spec.by == "channel":
        return scored.mutate(group=_channel(scored, spec.touchpoint_channels))
    return scored.mutate(group=scored[GROUP_COLUMNS[spec.by]].cast("string"))


def _channel(scored: ir.Table, channels: Mapping[str, str]) -> ir.StringValue:
    own: ir.StringValue = scored.channel.cast("string").lower()
    if not channels:
        return own
    mapped = scored.touchpoint.substitute(
        {key: value.lower() for key, value in channels.items()}, else_=ibis.null("string"))
    filled: ir.StringValue = own.coalesce(mapped)
    return filled


def _aggregate(table: ir.Table, group: str | None) -> dict[tuple[Any, str], dict[str, Any]]:
    keys = ["metric"] if group is None else [group, "metric"]
    score = table.score
    found = table.group_by(keys).aggregate(
        n=table.count(), good=(score >= 4).ifelse(1, 0).sum(),
        promoters=(score >= 9).ifelse(1, 0).sum(), detractors=(score <= 6).ifelse(1, 0).sum(),
        mean=score.mean(), variance=score.var(how="sample"),
    ).to_pyarrow().to_pylist()
    return {(row.get(group) if group else None, row["metric"]): row for row in found}


def _default_metrics(overall: dict[tuple[Any, str], dict[str, Any]]) -> tuple[str, ...]:
    custom = sorted({metric for _, metric in overall} - set(STANDARD))
    return STANDARD + tuple(custom)


def _groups(found: dict[tuple[Any, str], dict[str, Any]], by: str) -> list[tuple[Any, Any]]:
    """(key in ``found``, group label) in output order; the no-value group last."""
    present = {group for group, _ in found}
    tail = [(None, None)] if None in present else []
    if by in ("month", "week"):
        dated = sorted(group for group in present if group is not None)
        if not dated:
            return tail
        days = every_period(dated[0], dated[-1], by)
        return [(day, period_label(day, by)) for day in days] + tail
    return [(group, group) for group in sorted(present - {None}, key=str)] + tail


def every_period(first: date, last: date, by: str) -> list[date]:
    """The first day of each week (``by="week"``) or month from ``first`` to ``last``."""
    days, current = [], first
    while current <= last:
        days.append(current)
        if by == "week":
            current += timedelta(days=7)
        else:
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return days


def period_label(day: date, by: str) -> str:
    return day.strftime("%Y-%m") if by == "month" else day.isoformat()


def _row(group: Any, metric: str, stats: dict[str, Any] | None) -> dict[str, Any]:
    estimate = _estimate(metric, stats)
    return {"group": group, "metric": metric, "value": estimate.value, "n": estimate.n,
            "ci_low": estimate.low, "ci_high": estimate.high}


def _estimate(metric: str, stats: dict[str, Any] | None) -> Estimate:
    if stats is None:
        return Estimate(None, 0)
    n = int(stats["n"])
    if metric == "csat":
        return share_estimate(int(stats["good"]), n)
    if metric == "nps":
        return nps_estimate(int(stats["promoters"]), int(stats["detractors"]), n)
    variance = stats["variance"]
    return mean_estimate(float(stats["mean"]), None if variance is None else float(variance), n)


def combine(*results: KpiResult) -> KpiResult:
    """One KPI table of several (the survey KPIs, then churn and conversion from the
    events): each group's rows together in the order given, groups sorted by name (periods
    by date), the group without a value next to last and ``all`` last."""
    by_group: dict[Any, list[dict[str, Any]]] = {}
    for result in results:
        for row in result.rows:
            by_group.setdefault(row["group"], []).append(row)
    named = sorted((g for g in by_group if g not in (None, OVERALL)), key=str)
    order = named + [g for g in (None, OVERALL) if g in by_group]
    return KpiResult(rows=tuple(row for group in order for row in by_group[group]))
