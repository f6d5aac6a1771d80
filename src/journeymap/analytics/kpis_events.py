"""Churn and conversion as KPIs from the events, next to CSAT/NPS/CES (DESIGN.md 4.2).

Rows have the KPI table's shape (``group, metric, value, n, ci_low, ci_high``): the value is
100 x a share of customers with its Wilson 95% interval, n the customers it is a share of.

- ``churn``: a customer is churned at the analysis date D (default: the latest event's
  date) when their last activity up to the end of D is older than the window (default 90
  days), exactly as :mod:`.churn`; n = customers with any activity up to D.
- ``conversion``: customers with a conversion event (an event matched to a touchpoint of
  the conversion stage, by default the map's last stage, or one of the named events) up
  to the end of D, over the customers with any activity up to D.

By a grouping, a customer counts in every group they have an event in (touchpoint, stage,
channel, location) or belong to (persona), so the rows answer "of the customers who used
the hotline, how many churned?". By month or week, churn is taken as of each period's last
day (the latest event's date for the current period), n = customers active by then, and
conversion is that of the customers whose first activity falls in the period (a cohort).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field, StringConstraints

from journeymap.analytics.churn import DEFAULT_WINDOW_SECONDS
from journeymap.analytics.events import TIME, Customers, scoped_events
from journeymap.analytics.intervals import share_estimate
from journeymap.analytics.kpis import OVERALL, KpiBy, KpiResult, every_period, period_label
from journeymap.analytics.spec import MAX_WINDOW_SECONDS, AnalysisDate, AnalysisSpec
from journeymap.analytics.touchpoints import STAGE, TOUCHPOINT, label_touchpoints
from journeymap.engine.functions import fetch_rows
from journeymap.errors import SpecError
from journeymap.model.journey import JourneyMap

METRICS = ("churn", "conversion")
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_EVENT_GROUPS = {"channel": "channel", "location": "location_id"}


class EventKpiSpec(AnalysisSpec):
    """Churn and conversion, overall and by ``by``."""

    analysis: ClassVar[str] = "kpis"

    by: KpiBy | None = None
    #: None: the date of the latest event in scope.
    as_of: AnalysisDate | None = None
    window_seconds: Annotated[float, Field(gt=0, le=MAX_WINDOW_SECONDS)] = (
        DEFAULT_WINDOW_SECONDS)
    #: Named conversion events; empty: reaching the map's last stage.
    conversion_events: Annotated[tuple[Name, ...], Field(max_length=1000)] = ()


@dataclass(frozen=True)
class _Scope:
    """The customers' facts up to the end of the analysis date."""

    facts: ir.Table  # customer_id, first (timestamp), first_us, last_us, converted (0/1)
    labelled: ir.Table  # the events up to the end of D, touchpoints labelled when a map is
    end: datetime
    cutoff_us: int
    converts: bool


def event_kpis(events: ir.Table, spec: EventKpiSpec | None = None, *,
               journey_map: JourneyMap | None = None, personas: ir.Table | None = None,
               customers: Customers = None) -> KpiResult:
    """``churn`` and ``conversion`` rows by ``spec.by`` and overall (group ``all``).

    ``journey_map`` labels touchpoints (for the groups touchpoint and stage, and for the
    default conversion: its last stage); without a map and conversion events, only churn is
    given. ``personas`` (customer_id, persona) is needed for ``by="persona"``.
    """
    spec = spec or EventKpiSpec()
    scope = _scope(events, spec, journey_map, customers)
    if scope is None:
        return KpiResult(rows=())
    metrics = METRICS if scope.converts else METRICS[:1]
    rows: list[dict[str, Any]] = []
    if spec.by in ("month", "week"):
        rows += _period_rows(scope, spec, metrics)
    elif spec.by is not None:
        members = _members(scope.labelled, spec.by, journey_map, personas)
        if members is not None:
            rows += _group_rows(scope, members, metrics)
    overall = fetch_rows(_counts(scope.facts, scope.cutoff_us))
    rows += _rows(OVERALL, overall[0] if overall else None, metrics)
    return KpiResult(rows=tuple(rows))


def _scope(events: ir.Table, spec: EventKpiSpec, jmap: JourneyMap | None,
           customers: Customers) -> _Scope | None:
    scoped = scoped_events(events, spec.filters, customers)
    as_of = spec.as_of
    if as_of is None:
        latest: Any = next(iter(fetch_rows(scoped.timestamp.max())[0].values()))
        if latest is None:
            return None
        as_of = latest.date()
    end = datetime.combine(as_of + timedelta(days=1), time())
    known = scoped.filter(scoped.timestamp < end)
    labelled = known if jmap is None or not jmap.stages else label_touchpoints(known, jmap)
    converting = _conversion(labelled, spec, jmap)
    flag = ibis.literal(False) if converting is None else converting.fill_null(False)
    labelled = labelled.mutate(_jm_converts=flag.ifelse(1, 0))
    facts = labelled.group_by("customer_id").aggregate(
        first=labelled.timestamp.min(), first_us=labelled[TIME].min(),
        last_us=labelled[TIME].max(), converted=labelled._jm_converts.max())
    cutoff = end - timedelta(seconds=spec.window_seconds)
    return _Scope(facts, labelled, end, _micros(cutoff), converting is not None)


def _micros(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1)) // timedelta(microseconds=1)


def _conversion(labelled: ir.Table, spec: EventKpiSpec,
                jmap: JourneyMap | None) -> ir.BooleanValue | None:
    if spec.conversion_events:
        return labelled.event.isin(list(spec.conversion_events))
    if jmap is None or not jmap.stages:
        return None
    return labelled[STAGE] == jmap.stages[-1].id


def _members(labelled: ir.Table, by: str, jmap: JourneyMap | None,
             personas: ir.Table | None) -> ir.Table | None:
    """``customer_id, group`` (distinct): who counts in which group; None: no such groups."""
    if by == "persona":
        if personas is None or not {"customer_id", "persona"} <= set(personas.columns):
            raise SpecError("kpis", "by", "persona needs a customer_id -> persona table")
        return personas.select("customer_id", group=personas.persona.cast("string")).distinct()
    if by in ("touchpoint", "stage"):
        if jmap is None or not jmap.stages:
            return None
        column = TOUCHPOINT if by == "touchpoint" else STAGE
        found = labelled.filter(labelled[column].notnull())
        return found.select("customer_id", group=found[column]).distinct()
    column = _EVENT_GROUPS[by]
    if column not in labelled.columns:
        return None
    value = labelled[column].cast("string")
    value = value.lower() if by == "channel" else value
    return labelled.select("customer_id", group=value).distinct()


def _counts(facts: ir.Table, cutoff_us: int) -> ir.Table:
    return facts.aggregate(
        n=facts.count(), churned=(facts.last_us < cutoff_us).ifelse(1, 0).sum().fill_null(0),
        converted=facts.converted.sum().fill_null(0))


def _group_rows(scope: _Scope, members: ir.Table, metrics: tuple[str, ...]) -> (
        list[dict[str, Any]]):
    facts = scope.facts
    joined = members.inner_join(facts, "customer_id")
    found = joined.group_by("group").aggregate(
        n=joined.count(), churned=(joined.last_us < scope.cutoff_us).ifelse(1, 0).sum(),
        converted=joined.converted.sum())
    counted = {row["group"]: row for row in fetch_rows(found)}
    named = sorted((g for g in counted if g is not None), key=str)
    order = named + ([None] if None in counted else [])
    return [row for group in order for row in _rows(group, counted[group], metrics)]


def _period_rows(scope: _Scope, spec: EventKpiSpec, metrics: tuple[str, ...]) -> (
        list[dict[str, Any]]):
    by = "month" if spec.by == "month" else "week"
    unit = "M" if by == "month" else "W"
    facts = scope.facts
    cohorts = facts.mutate(period=facts["first"].truncate(unit).date())
    by_cohort = {row["period"]: row for row in fetch_rows(cohorts.group_by("period").aggregate(
        n=cohorts.count(), converted=cohorts.converted.sum()))}
    if not by_cohort:
        return []
    starts = every_period(min(by_cohort), (scope.end - timedelta(days=1)).date(), by)
    ends = [scope.end if i + 1 == len(starts) else
            min(scope.end, datetime.combine(starts[i + 1], time())) for i in range(len(starts))]
    labels = [period_label(start, by) for start in starts]
    churn = _churn_at(scope, labels, ends, spec.window_seconds)
    rows: list[dict[str, Any]] = []
    for start, label in zip(starts, labels, strict=True):
        rows.append(_row(label, "churn", churn.get(label)))
        if "conversion" in metrics:
            cohort = by_cohort.get(start)
            rows.append(_row(label, "conversion", None if cohort is None else
                             (int(cohort["converted"]), int(cohort["n"]))))
    return rows


def _churn_at(scope: _Scope, labels: list[str], ends: list[datetime],
              window_seconds: float) -> dict[str, tuple[int, int]]:
    """label -> (churned, customers) as of each period's end (exclusive), in one query:
    customers active by then, less those with an event within the window before it."""
    window = timedelta(seconds=window_seconds)
    periods = ibis.memtable({"label": labels, "end_us": [_micros(e) for e in ends],
                             "cutoff_us": [_micros(e - window) for e in ends]})
    facts = scope.facts
    known = facts.inner_join(periods, facts.first_us < periods.end_us)
    counted = known.group_by("label").aggregate(n=known.count())
    events = scope.labelled.select("customer_id", at=scope.labelled[TIME])
    recent = events.inner_join(periods, [events.at >= periods.cutoff_us,
                                         events.at < periods.end_us])
    active = recent.group_by("label").aggregate(active=recent.customer_id.nunique())
    joined = counted.left_join(active, "label").select(
        counted.label, counted.n, active=active.active.fill_null(0))
    return {row["label"]: (int(row["n"]) - int(row["active"]), int(row["n"]))
            for row in fetch_rows(joined)}


def _rows(group: Any, counts: dict[str, Any] | None, metrics: tuple[str, ...]) -> (
        list[dict[str, Any]]):
    n = 0 if counts is None else int(counts["n"])
    found = {"churn": 0 if counts is None else int(counts["churned"] or 0),
             "conversion": 0 if counts is None else int(counts["converted"] or 0)}
    return [_row(group, metric, (found[metric], n)) for metric in metrics]


def _row(group: Any, metric: str, counts: tuple[int, int] | None) -> dict[str, Any]:
    estimate = share_estimate(*(counts or (0, 0)))
    return {"group": group, "metric": metric, "value": estimate.value, "n": estimate.n,
            "ci_low": estimate.low, "ci_high": estimate.high}

