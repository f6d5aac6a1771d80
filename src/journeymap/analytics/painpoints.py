"""Pain points from evidence: detectors that find where customers drop off, loop, wait,
switch to the phone, complain or are unhappy, each backed by numbers against a baseline.

Every detector compares a group (a touchpoint, or a step between two) with the baseline of
the others and keeps a finding only when the 95% interval of the group's rate lies beyond
the baseline. The score is the excess count at the conservative end of that interval
(docs/painpoints.md, ADR 0008)::

    score = n x max(0, lower bound of the rate - baseline rate)

so a finding's score is "at least this many more journeys (customers, answers, waits) than
the baseline rate would give". Small groups have wide intervals and small n, so they never
top the list on noise. Without a map, every event name is its own touchpoint (no stage).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

import ibis
import ibis.expr.types as ir
from pydantic import Field, StringConstraints

from journeymap.analytics.events import TIME, Customers, customer_order, scoped_events
from journeymap.analytics.intervals import wilson
from journeymap.analytics.phrases import Language
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec
from journeymap.analytics.touchpoints import STAGE, TOUCHPOINT, glob_regex, label_touchpoints
from journeymap.errors import SpecError
from journeymap.model.journey import JourneyMap

COLUMNS = ("rank", "kind", "stage", "touchpoint", "affected_customers", "score", "evidence")
Kind = Literal["drop_off", "loop", "slow_step", "channel_switch", "low_satisfaction",
               "negative_sentiment", "error_event"]
KINDS: tuple[Kind, ...] = ("drop_off", "loop", "slow_step", "channel_switch",
                          "low_satisfaction", "negative_sentiment", "error_event")
#: Event names that count as a conversion unless the spec names others (globs, any case).
DEFAULT_CONVERSIONS = ("*order_placed*", "*purchase", "*purchase_completed*",
                       "*checkout_completed*", "*subscription_started*", "*booking_confirmed*")
#: Event names that are errors or complaints (globs, any case).
DEFAULT_ERRORS = ("*error*", "*fail*", "*complain*", "*reject*", "*declin*", "*not_found*",
                  "*timeout*", "*timed_out*")
JOURNEY = "journey"

Pattern = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=200)]
Channel = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True,
                                           min_length=1)]


class PainpointsSpec(AnalysisSpec):
    """What counts as a conversion, an error, a failure signal, and how small is too small."""

    analysis: ClassVar[str] = "painpoints"

    kinds: Annotated[tuple[Kind, ...], Field(min_length=1)] = KINDS
    conversion_events: Annotated[tuple[Pattern, ...], Field(max_length=100)] = DEFAULT_CONVERSIONS
    error_events: Annotated[tuple[Pattern, ...], Field(max_length=100)] = DEFAULT_ERRORS
    #: A journey ends when a customer is inactive for longer than this (web-analytics usage).
    journey_gap_seconds: Annotated[float, Field(gt=0, le=30 * 86400)] = 1800.0
    #: Drop-off is judged where journeys that go on mostly convert (the funnel's steps).
    min_onward_conversion: Annotated[float, Field(gt=0, le=1)] = 0.5
    #: A step is a regular successor: this share of the first touchpoint's next steps.
    min_step_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    #: ... at a typical time: p90 / median of its waits at most this.
    max_wait_spread: Annotated[float, Field(ge=1)] = 3.0
    #: A step into these channels is the customer's own doing: how long they take is their
    #: pace, not a wait. A wait is for what the company sends (email, mail, other).
    paced_channels: tuple[Channel, ...] = ("web", "app", "store", "phone", "chat", "social")
    self_service_channels: tuple[Channel, ...] = ("web", "app")
    #: Contact here after self-service signals failure; chat is often advice, so not default.
    assisted_channels: tuple[Channel, ...] = ("phone",)
    switch_window_seconds: Annotated[float, Field(gt=0, le=30 * 86400)] = 86400.0
    #: Groups with fewer units (journeys, customers, answers) are not judged at all.
    min_n: Annotated[int, Field(ge=1)] = 20
    #: Listed only when the lower bound is at least this many times the baseline: with many
    #: groups a few are beyond the baseline at 95% by chance, by a hair.
    min_lift: Annotated[float, Field(ge=1)] = 1.2
    #: ... and its score (excess units at the conservative end) at least this: one or two
    #: events where the others have none is not a pattern yet.
    min_score: Annotated[float, Field(ge=0)] = 3.0
    #: The bar for "validated quantitatively": n and lower bound / baseline at least these.
    validated_min_n: Annotated[int, Field(ge=1)] = 100
    validated_min_ratio: Annotated[float, Field(ge=1)] = 1.5
    top: Annotated[int | None, Field(ge=1)] = None
    #: The language of the findings' titles (stored as the pain points' titles).
    language: Language = "en"


@dataclass(frozen=True)
class Evidence:
    """One number behind a finding: ``value`` against ``baseline`` over ``n`` units."""

    metric: str
    value: float | None
    baseline: float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None
    note: str = ""

    def text(self) -> str:
        interval = ("" if self.ci_low is None or self.ci_high is None
                    else f" [{_fmt(self.ci_low)}, {_fmt(self.ci_high)}]")
        note = f" ({self.note})" if self.note else ""
        return (f"{self.metric} {_fmt(self.value)}{interval} vs {_fmt(self.baseline)}, "
                f"n={self.n}{note}")


@dataclass(frozen=True)
class Finding:
    """A detected pain point: where, how many customers, how strong, and why."""

    kind: str
    touchpoint: str
    stage: str | None
    affected_customers: int
    score: float
    evidence: tuple[Evidence, ...]
    title: str
    validated: bool = False
    quotes: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.touchpoint


@dataclass(frozen=True)
class PainpointsResult(AnalysisResult):
    """Rows (best first) as the CSV contract; ``findings`` hold the typed evidence."""

    columns: ClassVar[tuple[str, ...]] = COLUMNS
    findings: tuple[Finding, ...] = field(default=())


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


# -- shared building blocks ---------------------------------------------------------------
@dataclass(frozen=True)
class Judged:
    """A rate judged against its baseline: Wilson interval, excess score, the bar."""

    value: float
    low: float
    high: float
    baseline: float
    n: int
    score: float
    validated: bool


def judge(hits: int, n: int, baseline: float, spec: PainpointsSpec) -> Judged | None:
    """``hits`` of ``n`` against ``baseline`` (a share); None when not beyond it at 95%."""
    bounds = wilson(hits, n)
    if bounds is None or hits == 0 or n < spec.min_n:
        return None
    if bounds[0] <= baseline or bounds[0] < spec.min_lift * baseline:
        return None
    score = n * (bounds[0] - baseline)
    if score < spec.min_score:
        return None
    validated = n >= spec.validated_min_n and (
        baseline == 0 or bounds[0] >= spec.validated_min_ratio * baseline)
    return Judged(round(hits / n, 6), round(bounds[0], 6), round(bounds[1], 6),
                  round(baseline, 6), n, round(score, 3), validated)


def pooled_baseline(groups: Mapping[Any, tuple[int, int]], key: Any) -> float:
    """The pooled rate (hits / n) of every group but ``key``; 0 when there are none."""
    hits = sum(h for k, (h, _) in groups.items() if k != key)
    total = sum(n for k, (_, n) in groups.items() if k != key)
    return hits / total if total else 0.0


def rate_evidence(metric: str, judged: Judged, note: str = "") -> Evidence:
    return Evidence(metric, judged.value, judged.baseline, judged.n, judged.low, judged.high,
                    note)


def matches_any(value: ir.StringValue, patterns: tuple[str, ...]) -> ir.BooleanValue:
    """Whether ``value`` matches any of the globs, ignoring case (engine-side regex)."""
    if not patterns:
        return ibis.literal(False)
    body = "|".join(f"(?:{glob_regex(pattern.lower())})" for pattern in patterns)
    matched: ir.BooleanValue = value.lower().re_search(f"\\A(?:{body})\\z")
    return matched


def steps(events: ir.Table, spec: PainpointsSpec, jmap: JourneyMap | None,
          customers: Customers = None) -> ir.Table:
    """The scoped events with ``touchpoint``, ``stage``, ``journey`` (per customer) and the
    ``conversion``/``error`` flags. With a map, events no touchpoint matches are left out;
    without one, the event name is the touchpoint."""
    scoped = scoped_events(events, spec.filters, customers)
    if "channel" not in scoped.columns:
        scoped = scoped.mutate(channel=ibis.null().cast("string"))
    scoped = scoped.mutate(channel=scoped.channel.lower())
    if jmap is None:
        labelled = scoped.mutate(**{TOUCHPOINT: scoped.event,
                                    STAGE: ibis.null().cast("string")})
    else:
        labelled = label_touchpoints(scoped, jmap)
        labelled = labelled.filter(labelled[TOUCHPOINT].notnull())
    labelled = labelled.mutate(
        conversion=matches_any(labelled.event, spec.conversion_events).fill_null(False),
        error=matches_any(labelled.event, spec.error_events).fill_null(False))
    return with_journeys(labelled, spec.journey_gap_seconds)


def with_journeys(table: ir.Table, gap_seconds: float) -> ir.Table:
    """``journey``: a customer's events split where they were inactive over ``gap_seconds``."""
    order = customer_order(table)
    before = table[TIME].lag().over(order)
    start = (before.isnull() | (table[TIME] - before > int(gap_seconds * 1_000_000)))
    marked = table.mutate(_jm_start=start.ifelse(1, 0))
    running = ibis.cumulative_window(group_by=marked.customer_id,
                                     order_by=[marked[TIME], marked.seq])
    return marked.mutate(**{JOURNEY: marked._jm_start.sum().over(running)}).drop("_jm_start")


def stage_of(jmap: JourneyMap | None, touchpoint: str) -> str | None:
    if jmap is None:
        return None
    found = next((tp for tp in jmap.touchpoints if tp.id == touchpoint), None)
    return None if found is None else found.stage


def check(spec: PainpointsSpec, jmap: JourneyMap | None, answers: ir.Table | None) -> None:
    """Refuse what cannot work before any query runs."""
    if set(spec.assisted_channels) & set(spec.self_service_channels):
        raise SpecError("painpoints", "assisted_channels", "a channel cannot be both "
                        "self-service and assisted; remove it from one of the two lists")
    if jmap is not None and not jmap.touchpoints:
        raise SpecError("painpoints", "map", f"map {jmap.id!r} has no touchpoints; add "
                        "touchpoints with match rules or analyse the events without a map")
    if answers is not None and not {"touchpoint", "metric", "score"} <= set(answers.columns):
        raise SpecError("painpoints", "surveys", "the survey answers need the columns "
                        "touchpoint, metric and score")


# -- the whole analysis -------------------------------------------------------------------
#: The kinds read from the events; the others read the survey answers.
EVENT_KINDS = ("drop_off", "loop", "slow_step", "channel_switch", "error_event")


def find_painpoints(events: ir.Table, spec: PainpointsSpec | None = None, *,
                    jmap: JourneyMap | None = None, answers: ir.Table | None = None,
                    customers: Customers = None,
                    sentiments: Mapping[str, str] | None = None) -> PainpointsResult:
    """Run the detectors of ``spec.kinds``; findings best first (score desc, then kind and
    touchpoint), quotes from ``answers`` at the finding's touchpoint when there are any.

    ``sentiments`` (response_id -> positive/negative/neutral) reuses labels computed
    already (the voice of the customer's); answers missing from it are read here.
    """
    from journeymap.analytics import painpoints_voice as voice

    spec = spec or PainpointsSpec()
    check(spec, jmap, answers)
    kinds = list(dict.fromkeys(spec.kinds))
    found: list[Finding] = []
    if any(kind in EVENT_KINDS for kind in kinds):
        found += _behaviour(events, spec, jmap, customers, kinds)
    if "low_satisfaction" in kinds:
        found += voice.low_satisfaction(answers, spec, jmap)
    if "negative_sentiment" in kinds:
        found += voice.negative_sentiment(answers, spec, jmap, sentiments)
    found.sort(key=lambda f: (-f.score, f.kind, f.touchpoint))
    if spec.top is not None:
        found = found[:spec.top]
    if answers is not None:
        found = voice.with_quotes(found, answers)
    return PainpointsResult(rows=tuple(_row(rank, f) for rank, f in enumerate(found, 1)),
                            findings=tuple(found))


def _behaviour(events: ir.Table, spec: PainpointsSpec, jmap: JourneyMap | None,
               customers: Customers, kinds: Sequence[str]) -> list[Finding]:
    """The event detectors on one labelled table, computed once when several read it."""
    from journeymap.analytics import painpoints_detectors as detectors

    runs = {"drop_off": detectors.drop_off, "loop": detectors.loops,
            "slow_step": detectors.slow_steps, "channel_switch": detectors.channel_switches,
            "error_event": detectors.error_events}
    wanted = [kind for kind in kinds if kind in runs]
    table = steps(events, spec, jmap, customers)
    cached = table.cache() if len(wanted) > 1 else None
    source = table if cached is None else cached
    try:
        return [f for kind in wanted for f in runs[kind](source, spec, jmap)]
    finally:
        if cached is not None:
            cached.release()


def _row(rank: int, finding: Finding) -> dict[str, Any]:
    return {"rank": rank, "kind": finding.kind, "stage": finding.stage or "",
            "touchpoint": finding.touchpoint,
            "affected_customers": finding.affected_customers, "score": finding.score,
            "evidence": "; ".join(e.text() for e in finding.evidence),
            "title": finding.title, "validated": finding.validated}
