"""A behavioural KPI before and after a date: conversion, drop-off or churn from the events.

The survey twin is :mod:`journeymap.analytics.effects`; this one measures what customers
did, with the engine, in two windows of the same length: before is ``[at - window, at)``,
after is ``[at, at + window)`` (whole days; the day ``at`` belongs to after). Each KPI is a
share of customers, so each side is ``count`` of ``n`` (docs/action-plan.md):

- ``conversion``: n = customers with an event at the target (the touchpoint, else any
  touchpoint of the stage, else any event) in the window; count = those with a conversion
  event at or after their first target event in the same window. A conversion is an event
  named in ``conversion_events``, else an event in a stage after the target's stage (moving
  on, as the canvas's stage conversion counts it), or in the map's last stage when there
  is no target.
- ``drop_off`` (needs a touchpoint): n = customers who reached the touchpoint in the window;
  count = those not converted in the window whose last matched event there is at it
  (:mod:`journeymap.analytics.dropoff` run on the window).
- ``churn_rate``: n = customers active at the target (or anywhere) in the window just before
  the side's window; count = those with no event at all in the side's window.

Values are rates 0..1 like the engine's other rates; the difference after - before is in
rate points, with Newcombe's hybrid score interval and the pooled two-proportion z test
(:func:`journeymap.analytics.intervals.share_difference`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, ClassVar, Literal

import ibis
import ibis.expr.types as ir
from pydantic import Field, StringConstraints, model_validator

from journeymap.analytics.dropoff import DropoffSpec, dropoff_expr
from journeymap.analytics.events import TIME, scoped_events
from journeymap.analytics.intervals import Difference, Estimate, share_difference, wilson
from journeymap.analytics.spec import AnalysisDate, AnalysisResult, EventFilter, Spec
from journeymap.analytics.touchpoints import STAGE, TOUCHPOINT, label_touchpoints
from journeymap.engine.functions import fetch_rows
from journeymap.errors import SpecError
from journeymap.model.journey import JourneyMap

BehaviourKpi = Literal["conversion", "drop_off", "churn_rate"]
BehaviourVerdict = Literal["improved", "no detectable change", "worsened", "not enough data"]
KPIS: tuple[str, ...] = ("conversion", "drop_off", "churn_rate")
#: Whether a higher value is better, when the spec does not say.
HIGHER_IS_BETTER = {"conversion": True, "drop_off": False, "churn_rate": False}
COLUMNS = ("kpi", "touchpoint", "stage", "before_from", "after_to", "before_n",
           "before_count", "before_value", "after_n", "after_count", "after_value",
           "difference", "ci_low", "ci_high", "p_value", "verdict")
DEFAULT_WINDOW_DAYS = 30
PLACES = 6

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class BehaviourEffectSpec(Spec):
    """One behavioural KPI at a target, in the window before ``at`` against the one after."""

    analysis: ClassVar[str] = "behaviour effect"

    kpi: BehaviourKpi
    at: AnalysisDate
    window_days: Annotated[int, Field(ge=1, le=3650)] = DEFAULT_WINDOW_DAYS
    touchpoint: Name | None = None
    stage: Name | None = None
    conversion_events: Annotated[tuple[Name, ...], Field(max_length=1000)] = ()
    alpha: Annotated[float, Field(gt=0, lt=0.5)] = 0.05
    #: None: conversion up, drop-off and churn down (HIGHER_IS_BETTER).
    higher_is_better: bool | None = None

    @model_validator(mode="after")
    def _checks(self) -> BehaviourEffectSpec:
        if self.kpi == "drop_off" and self.touchpoint is None:
            raise ValueError("drop-off is measured at a touchpoint: name one")
        span = timedelta(days=2 * self.window_days)
        if self.at - date.min < span or date.max - self.at <= span:
            raise ValueError(f"{self.at} with a {self.window_days}-day window runs off the "
                             "calendar")
        return self

    @property
    def better_up(self) -> bool:
        if self.higher_is_better is None:
            return HIGHER_IS_BETTER[self.kpi]
        return self.higher_is_better

    def windows(self) -> tuple[tuple[date, date], tuple[date, date]]:
        """(first day, last day) of the before and the after window, both inclusive."""
        window = timedelta(days=self.window_days)
        day = timedelta(days=1)
        return (self.at - window, self.at - day), (self.at, self.at + window - day)


@dataclass(frozen=True)
class BehaviourEffectResult(AnalysisResult):
    """One row (see ``columns``); the estimates and the difference as typed values too."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    before: Estimate = Estimate(None, 0)
    after: Estimate = Estimate(None, 0)
    difference: Difference = Difference(None, None, None, None)
    verdict: BehaviourVerdict = "not enough data"


def behaviour_effect(events: ir.Table, jmap: JourneyMap,
                     spec: BehaviourEffectSpec) -> BehaviourEffectResult:
    """The KPI of ``spec`` after minus before, with its 95% interval and p-value."""
    _check_target(jmap, spec)
    before_days, after_days = spec.windows()
    (xb, nb), (xa, na) = (_counts(events, jmap, spec, days) for days in (before_days,
                                                                         after_days))
    before, after = _estimate(xb, nb), _estimate(xa, na)
    difference = _in_rate_points(share_difference((xb, nb), (xa, na)))
    verdict = _verdict(difference, spec)
    row = {"kpi": spec.kpi, "touchpoint": spec.touchpoint, "stage": spec.stage,
           "before_from": before_days[0].isoformat(), "after_to": after_days[1].isoformat(),
           "before_n": nb, "before_count": xb, "before_value": before.value,
           "after_n": na, "after_count": xa, "after_value": after.value,
           "difference": difference.value, "ci_low": difference.low,
           "ci_high": difference.high, "p_value": difference.p_value, "verdict": verdict}
    return BehaviourEffectResult(rows=(row,), before=before, after=after,
                                 difference=difference, verdict=verdict)


def _check_target(jmap: JourneyMap, spec: BehaviourEffectSpec) -> None:
    if spec.touchpoint is not None and spec.touchpoint not in jmap.ids("touchpoint"):
        raise SpecError("behaviour effect", "touchpoint",
                        f"map {jmap.id!r} has no touchpoint {spec.touchpoint!r}")
    if spec.stage is not None and spec.stage not in jmap.ids("stage"):
        raise SpecError("behaviour effect", "stage",
                        f"map {jmap.id!r} has no stage {spec.stage!r}")
    if not spec.conversion_events and spec.kpi != "churn_rate" and not jmap.stages:
        raise SpecError("behaviour effect", "conversion_events",
                        f"map {jmap.id!r} has no stages: name the conversion events")
    if spec.kpi == "conversion" and not spec.conversion_events and not _later_stages(jmap,
                                                                                     spec):
        raise SpecError("behaviour effect", "conversion_events",
                        "the target is in the map's last stage: there is no later stage to "
                        "convert to; name the conversion events")


def _counts(events: ir.Table, jmap: JourneyMap, spec: BehaviourEffectSpec,
            days: tuple[date, date]) -> tuple[int, int]:
    """(count, n) of one window."""
    if spec.kpi == "conversion":
        return _conversion(events, jmap, spec, days)
    if spec.kpi == "drop_off":
        return _drop_off(events, jmap, spec, days)
    return _churn(events, jmap, spec, days)


def _window(events: ir.Table, days: tuple[date, date]) -> ir.Table:
    return scoped_events(events, EventFilter(date_from=days[0], date_to=days[1]))


def _at_target(labelled: ir.Table, spec: BehaviourEffectSpec) -> ir.Table:
    if spec.touchpoint is not None:
        return labelled.filter(labelled[TOUCHPOINT] == spec.touchpoint)
    if spec.stage is not None:
        return labelled.filter(labelled[STAGE] == spec.stage)
    return labelled


def _conversion(events: ir.Table, jmap: JourneyMap, spec: BehaviourEffectSpec,
                days: tuple[date, date]) -> tuple[int, int]:
    labelled = label_touchpoints(_window(events, days), jmap)
    target = _at_target(labelled, spec)
    starts = target.group_by("customer_id").aggregate(_jm_start=target[TIME].min())
    if spec.conversion_events:
        converting = labelled.event.isin(list(spec.conversion_events))
    else:
        converting = labelled[STAGE].isin(_later_stages(jmap, spec))
    hits = labelled.filter(converting.fill_null(False))
    hits = hits.select(_jm_customer=hits.customer_id, _jm_at=hits[TIME])
    converted = starts.join(hits, [starts.customer_id == hits._jm_customer,
                                   hits._jm_at >= starts._jm_start])
    converted = converted.select(_jm_converted=converted.customer_id).distinct()
    # one query for both numbers: every start, flagged when it converted
    flagged = starts.left_join(converted, starts.customer_id == converted._jm_converted)
    row = fetch_rows(flagged.aggregate(
        n=flagged.count(), x=flagged._jm_converted.notnull().ifelse(1, 0).sum()))[0]
    return int(row["x"] or 0), int(row["n"] or 0)


def _target_stage(jmap: JourneyMap, spec: BehaviourEffectSpec) -> str | None:
    if spec.touchpoint is not None:
        return next(tp.stage for tp in jmap.touchpoints if tp.id == spec.touchpoint)
    return spec.stage


def _later_stages(jmap: JourneyMap, spec: BehaviourEffectSpec) -> list[str]:
    """The stages a customer converts by reaching: those after the target's stage (the
    last stage when there is no target)."""
    stage = _target_stage(jmap, spec)
    ids = [s.id for s in jmap.stages]
    return ids[ids.index(stage) + 1:] if stage is not None else ids[-1:]


def _drop_off(events: ir.Table, jmap: JourneyMap, spec: BehaviourEffectSpec,
              days: tuple[date, date]) -> tuple[int, int]:
    conversion: dict[str, Any] = (
        {"conversion_events": spec.conversion_events} if spec.conversion_events
        else {"conversion_stage": jmap.stages[-1].id})
    found = dropoff_expr(events, jmap, DropoffSpec(
        filters=EventFilter(date_from=days[0], date_to=days[1]), **conversion))
    rows = fetch_rows(found.filter(found[TOUCHPOINT] == spec.touchpoint))
    if not rows:
        return 0, 0
    return int(rows[0]["ending"]), int(rows[0]["reached"])


def _churn(events: ir.Table, jmap: JourneyMap, spec: BehaviourEffectSpec,
           days: tuple[date, date]) -> tuple[int, int]:
    window = timedelta(days=spec.window_days)
    previous = _window(events, (days[0] - window, days[0] - timedelta(days=1)))
    if spec.touchpoint is not None or spec.stage is not None:
        previous = _at_target(label_touchpoints(previous, jmap), spec)
    cohort = previous.select("customer_id").distinct()
    active = _window(events, days).select("customer_id").distinct()
    return _count(cohort.anti_join(active, "customer_id")), _count(cohort)


def _count(table: ir.Table) -> int:
    row = fetch_rows(table.aggregate(n=ibis._.count()))[0]
    return int(row["n"] or 0)


def _estimate(count: int, n: int) -> Estimate:
    bounds = wilson(count, n)
    if bounds is None:
        return Estimate(None, 0)
    return Estimate(round(count / n, PLACES), n, round(bounds[0], PLACES),
                    round(bounds[1], PLACES))


def _in_rate_points(found: Difference) -> Difference:
    """``share_difference`` answers in percentage points; rates are 0..1."""
    def scaled(value: float | None) -> float | None:
        return None if value is None else round(value / 100, PLACES)

    return Difference(scaled(found.value), scaled(found.low), scaled(found.high),
                      found.p_value)


def _verdict(difference: Difference, spec: BehaviourEffectSpec) -> BehaviourVerdict:
    if difference.value is None or difference.p_value is None:
        return "not enough data"
    if difference.p_value >= spec.alpha or difference.value == 0:
        return "no detectable change"
    return "improved" if (difference.value > 0) == spec.better_up else "worsened"
