"""One KPI, the same instrument, before and after (DESIGN.md 4.2: effect of an action).

The two periods are either a window before and after a date (``at``: before is
``[at - window, at)``, after is ``[at, at + window)``) or two explicit date ranges (both ends
inclusive). Only answers with a score for the metric count. Every answer on both sides
must come from one instrument: the same metric, question text, scale and touchpoint;
otherwise :class:`InstrumentMismatchError` names what each side used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Annotated, Any, ClassVar, Literal

import ibis.expr.types as ir
from pydantic import Field, model_validator

from journeymap.analytics.intervals import (
    Difference,
    Estimate,
    mean_difference,
    mean_estimate,
    nps_difference,
    nps_estimate,
    share_difference,
    share_estimate,
)
from journeymap.analytics.spec import MAX_WINDOW_SECONDS, AnalysisDate, AnalysisResult, Spec
from journeymap.errors import InputError, InstrumentMismatchError
from journeymap.ingest.mapping import METRIC_PATTERN

COLUMNS = ("metric", "touchpoint", "before_n", "before_value", "after_n", "after_value",
           "difference", "ci_low", "ci_high", "p_value", "verdict")
INSTRUMENT = ("metric", "question", "scale_min", "scale_max", "touchpoint")
Verdict = Literal["improved", "no detectable change", "worsened", "not enough answers"]
DEFAULT_WINDOW_SECONDS = 30 * 86400.0


class DateRange(Spec):
    """A date range, both ends inclusive."""

    analysis: ClassVar[str] = "date range"

    date_from: AnalysisDate
    date_to: AnalysisDate

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        return self

    def bounds(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.date_from, time()),
                datetime.combine(self.date_to + timedelta(days=1), time()))


class EffectSpec(Spec):
    """One KPI compared between two periods: ``at`` with a window, or ``before``/``after``."""

    analysis: ClassVar[str] = "effect"

    metric: Annotated[str, Field(pattern=METRIC_PATTERN)]
    touchpoint: str | None = None
    question: str | None = None
    at: AnalysisDate | None = None
    window_seconds: Annotated[float, Field(gt=0, le=MAX_WINDOW_SECONDS)] = (
        DEFAULT_WINDOW_SECONDS)
    before: DateRange | None = None
    after: DateRange | None = None
    alpha: Annotated[float, Field(gt=0, lt=0.5)] = 0.05
    higher_is_better: bool = True

    @model_validator(mode="after")
    def _periods(self) -> EffectSpec:
        explicit = self.before is not None or self.after is not None
        if self.at is None and not (self.before and self.after):
            raise ValueError("give a date (at) or both periods (before and after)")
        if self.at is not None and explicit:
            raise ValueError("give either a date (at) or two periods, not both")
        if self.before and self.after and self.before.date_to >= self.after.date_from:
            raise ValueError("the before period must end before the after period starts")
        return self

    def bounds(self) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
        """[start, end) of the before and the after period."""
        if self.before is not None and self.after is not None:
            return self.before.bounds(), self.after.bounds()
        assert self.at is not None
        at, window = datetime.combine(self.at, time()), timedelta(seconds=self.window_seconds)
        return (at - window, at), (at, at + window)


@dataclass(frozen=True)
class EffectResult(AnalysisResult):
    """One row (see ``columns``); the estimates and the difference as typed values too."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    before: Estimate = Estimate(None, 0)
    after: Estimate = Estimate(None, 0)
    difference: Difference = Difference(None, None, None, None)
    verdict: Verdict = "not enough answers"


def compare_kpi(answers: ir.Table, spec: EffectSpec) -> EffectResult:
    """The KPI of ``spec.metric`` after minus before, with its 95% interval and p-value."""
    missing = [c for c in (*INSTRUMENT, "score", "timestamp") if c not in answers.columns]
    if missing:
        raise InputError(f"the survey answer table lacks column(s): {', '.join(missing)}")
    chosen = answers.filter(answers.metric == spec.metric, answers.score.notnull())
    if spec.touchpoint is not None:
        chosen = chosen.filter(chosen.touchpoint == spec.touchpoint)
    if spec.question is not None:
        chosen = chosen.filter(chosen.question == spec.question)
    (b0, b1), (a0, a1) = spec.bounds()
    stamp = chosen.timestamp
    side = (stamp >= b0) & (stamp < b1)
    inside = chosen.filter(side | ((stamp >= a0) & (stamp < a1)))
    labelled = inside.mutate(side=side.ifelse("before", "after"))
    _check_instrument(labelled)
    stats = _side_stats(labelled)
    before, after, difference = _compare(spec.metric, stats["before"], stats["after"])
    verdict = _verdict(difference, spec)
    row = {"metric": spec.metric, "touchpoint": spec.touchpoint, "before_n": before.n,
           "before_value": before.value, "after_n": after.n, "after_value": after.value,
           "difference": difference.value, "ci_low": difference.low,
           "ci_high": difference.high, "p_value": difference.p_value, "verdict": verdict}
    return EffectResult(rows=(row,), before=before, after=after, difference=difference,
                        verdict=verdict)


def _describe(instrument: dict[str, Any]) -> str:
    scale = "no scale"
    if instrument["scale_min"] is not None and instrument["scale_max"] is not None:
        scale = f"scale {instrument['scale_min']:g}-{instrument['scale_max']:g}"
    question = instrument["question"]
    asked = "no question text" if question is None else f"question {question!r}"
    where = instrument["touchpoint"] or "no touchpoint"
    return f"{instrument['metric']} ({asked}, {scale}, touchpoint {where})"


def _check_instrument(labelled: ir.Table) -> None:
    found = labelled.select(*INSTRUMENT, "side").distinct().to_pyarrow().to_pylist()
    instruments = {tuple(row[c] for c in INSTRUMENT) for row in found}
    if len(instruments) <= 1:
        return
    sides: dict[str, list[str]] = {"before": [], "after": []}
    for row in sorted(found, key=lambda r: tuple(str(r[c]) for c in INSTRUMENT)):
        sides[row["side"]].append(_describe(row))
    before, after = (" and ".join(sides[s]) or "no answers" for s in ("before", "after"))
    raise InstrumentMismatchError(before, after)


def _side_stats(labelled: ir.Table) -> dict[str, dict[str, Any]]:
    score = labelled.score
    found = labelled.group_by("side").aggregate(
        n=labelled.count(), good=(score >= 4).ifelse(1, 0).sum(),
        promoters=(score >= 9).ifelse(1, 0).sum(), detractors=(score <= 6).ifelse(1, 0).sum(),
        mean=score.mean(), variance=score.var(how="sample"),
    ).to_pyarrow().to_pylist()
    empty = {"n": 0, "good": 0, "promoters": 0, "detractors": 0, "mean": None, "variance": None}
    stats = {"before": empty, "after": empty}
    stats.update({row["side"]: row for row in found})
    return stats


def _compare(metric: str, b: dict[str, Any],
             a: dict[str, Any]) -> tuple[Estimate, Estimate, Difference]:
    nb, na = int(b["n"]), int(a["n"])
    if metric == "csat":
        return (share_estimate(int(b["good"]), nb), share_estimate(int(a["good"]), na),
                share_difference((int(b["good"]), nb), (int(a["good"]), na)))
    if metric == "nps":
        sides = [(int(s["promoters"]), int(s["detractors"]), int(s["n"])) for s in (b, a)]
        return (nps_estimate(*sides[0]), nps_estimate(*sides[1]),
                nps_difference(sides[0], sides[1]))
    means = [(s["mean"], s["variance"], int(s["n"])) for s in (b, a)]
    before, after = (mean_estimate(m, v, n) for m, v, n in means)
    if nb < 2 or na < 2:
        return before, after, Difference(None, None, None, None)
    return before, after, mean_difference(
        (float(b["mean"]), float(b["variance"]), nb), (float(a["mean"]), float(a["variance"]), na))


def _verdict(difference: Difference, spec: EffectSpec) -> Verdict:
    if difference.value is None or difference.p_value is None:
        return "not enough answers"
    if difference.p_value >= spec.alpha or difference.value == 0:
        return "no detectable change"
    better = (difference.value > 0) == spec.higher_is_better
    return "improved" if better else "worsened"
