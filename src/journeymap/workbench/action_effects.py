"""The measured effect of an action: its target KPI, same instrument, before and after.

An action with ``implemented_on`` and a target KPI is measured in a window of
``window_days`` on each side of that date (default 30): survey KPIs (CSAT, NPS, CES, custom)
with :mod:`journeymap.analytics.effects`, which refuses answers from different instruments;
conversion, drop-off and churn with :mod:`journeymap.analytics.effects_behaviour` on the
workspace's events, labelled by the action's map. Time to convert and revenue have no
before/after method yet and say so. Results are kept in memory per data version (the
analytic store's state, its WAL included), action, KPI definition and map.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from journeymap.analytics.effects_behaviour import KPIS as BEHAVIOUR_KPIS
from journeymap.analytics.intervals import Difference, Estimate
from journeymap.errors import JourneymapError
from journeymap.model import Action, JourneyMap, KpiDefinition, KpiKind, WorkspaceDocument
from journeymap.workbench.memo import Memo, data_version

if TYPE_CHECKING:
    from journeymap.workbench.session import Workbench

DEFAULT_WINDOW_DAYS = 30
SURVEY_KINDS = (KpiKind.CSAT, KpiKind.NPS, KpiKind.CES, KpiKind.CUSTOM)
VERDICTS = ("improved", "no detectable change", "worsened", "not enough data", "not measured")
#: The unit each KPI kind is measured in (what before/after/difference mean).
UNITS = {KpiKind.CSAT: "percent", KpiKind.NPS: "points", KpiKind.CES: "mean",
         KpiKind.CUSTOM: "mean", KpiKind.CONVERSION: "rate", KpiKind.DROP_OFF: "rate",
         KpiKind.CHURN_RATE: "rate"}
_KEPT = 256


@dataclass(frozen=True)
class ActionEffect:
    """One action's effect. ``verdict`` is one of VERDICTS; ``problem`` says why an action
    is "not measured" (no date, no target, no data, different instruments, ...)."""

    map_id: str
    action_id: str
    kpi: str
    kpi_name: str
    source: str  # "survey", "behaviour" or ""
    unit: str
    at: date | None
    window_days: int
    before: Estimate
    after: Estimate
    difference: Difference
    verdict: str
    problem: str = ""

    @property
    def measured(self) -> bool:
        return self.verdict != "not measured"

    def as_row(self) -> dict[str, Any]:
        return {"map": self.map_id, "action": self.action_id, "kpi": self.kpi,
                "source": self.source, "unit": self.unit,
                "implemented_on": None if self.at is None else self.at.isoformat(),
                "window_days": self.window_days, "before_n": self.before.n,
                "before_value": self.before.value, "after_n": self.after.n,
                "after_value": self.after.value, "difference": self.difference.value,
                "ci_low": self.difference.low, "ci_high": self.difference.high,
                "p_value": self.difference.p_value, "verdict": self.verdict,
                "problem": self.problem}


def not_measured(jmap: JourneyMap, action: Action, problem: str, *, kpi: str = "",
                 kpi_name: str = "", window_days: int = DEFAULT_WINDOW_DAYS) -> ActionEffect:
    return ActionEffect(jmap.id, action.id, kpi, kpi_name, "", "", action.implemented_on,
                        window_days, Estimate(None, 0), Estimate(None, 0),
                        Difference(None, None, None, None), "not measured", problem)


def measure(bench: Workbench, document: WorkspaceDocument, jmap: JourneyMap, action: Action,
            window_days: int = DEFAULT_WINDOW_DAYS) -> ActionEffect:
    """The effect of ``action`` (never raises for missing data: the problem is told)."""
    if action.target is None:
        return not_measured(jmap, action, "the action has no target KPI",
                            window_days=window_days)
    kpi = next((k for k in document.kpis if k.id == action.target.kpi), None)
    if kpi is None:
        return not_measured(jmap, action, f"unknown KPI {action.target.kpi!r}",
                            window_days=window_days)
    if action.implemented_on is None:
        return not_measured(jmap, action, "the action has no implementation date yet",
                            kpi=kpi.id, kpi_name=kpi.name, window_days=window_days)
    key = _key(bench, jmap, action, kpi, window_days)
    return _cache.get_or_compute(
        key, lambda: _measured(bench, document, jmap, action, kpi, window_days))


def _key(bench: Workbench, jmap: JourneyMap, action: Action, kpi: KpiDefinition,
         window_days: int) -> tuple[Any, ...]:
    return (str(bench.path.resolve()), data_version(bench.path), action.model_dump_json(),
            kpi.model_dump_json(), jmap.model_dump_json(include={"id", "stages", "touchpoints"}),
            window_days)


def cached_card_effects(bench: Workbench, document: WorkspaceDocument, jmap: JourneyMap,
                        window_days: int = DEFAULT_WINDOW_DAYS) -> dict[str, ActionEffect]:
    """:func:`card_effects` from the effects measured already (the action plan pages
    measure them): never runs the engine, so the canvas can ask on every paint."""
    kpis = {k.id: k for k in document.kpis}
    found: dict[tuple[str, str], ActionEffect] = {}
    for action in jmap.actions:
        kpi = kpis.get(action.target.kpi) if action.target else None
        effect = None if kpi is None else _cache.peek(_key(bench, jmap, action, kpi,
                                                            window_days))
        if effect is not None:
            found[(jmap.id, action.id)] = effect
    return card_effects(jmap, found)


def _measured(bench: Workbench, document: WorkspaceDocument, jmap: JourneyMap, action: Action,
              kpi: KpiDefinition, window_days: int) -> ActionEffect:
    try:
        if kpi.kind in SURVEY_KINDS:
            return _survey(bench, document, jmap, action, kpi, window_days)
        if kpi.kind.value in BEHAVIOUR_KPIS:
            return _behaviour(bench, jmap, action, kpi, window_days)
    except JourneymapError as exc:
        return not_measured(jmap, action, str(exc), kpi=kpi.id, kpi_name=kpi.name,
                            window_days=window_days)
    return not_measured(jmap, action, f"no before/after method for {kpi.kind.value} yet",
                        kpi=kpi.id, kpi_name=kpi.name, window_days=window_days)


def _survey(bench: Workbench, document: WorkspaceDocument, jmap: JourneyMap, action: Action,
            kpi: KpiDefinition, window_days: int) -> ActionEffect:
    from journeymap.analytics.effects import EffectSpec
    from journeymap.workbench.voice import workspace_voice

    assert action.target is not None and action.implemented_on is not None
    channels = {tp.id: tp.channel.value for m in document.maps for tp in m.touchpoints}
    voice = workspace_voice(bench.path, channels)
    if voice is None:
        return not_measured(jmap, action, "the workspace has no survey answers yet",
                            kpi=kpi.id, kpi_name=kpi.name, window_days=window_days)
    metric = kpi.id if kpi.kind is KpiKind.CUSTOM else kpi.kind.value
    result = voice.compare(EffectSpec(
        metric=metric, touchpoint=action.target.touchpoint, at=action.implemented_on,
        window_seconds=window_days * 86400.0, higher_is_better=kpi.higher_is_better))
    verdict = "not enough data" if result.verdict == "not enough answers" else result.verdict
    return ActionEffect(jmap.id, action.id, kpi.id, kpi.name, "survey", UNITS[kpi.kind],
                        action.implemented_on, window_days, result.before, result.after,
                        result.difference, verdict)


def _behaviour(bench: Workbench, jmap: JourneyMap, action: Action, kpi: KpiDefinition,
               window_days: int) -> ActionEffect:
    import ibis

    from journeymap.analytics.effects_behaviour import BehaviourEffectSpec, behaviour_effect
    from journeymap.engine import store_events

    assert action.target is not None and action.implemented_on is not None
    spec = BehaviourEffectSpec(
        kpi=kpi.kind.value, at=action.implemented_on, window_days=window_days,
        touchpoint=action.target.touchpoint, stage=action.target.stage,
        higher_is_better=kpi.higher_is_better)
    events = store_events(bench.analytics_path)
    try:
        result = behaviour_effect(events, jmap, spec)
    finally:
        ibis.get_backend(events).disconnect()
    return ActionEffect(jmap.id, action.id, kpi.id, kpi.name, "behaviour", UNITS[kpi.kind],
                        action.implemented_on, window_days, result.before, result.after,
                        result.difference, result.verdict)


def action_effects(bench: Workbench, map_id: str | None = None,
                   window_days: int = DEFAULT_WINDOW_DAYS) -> dict[tuple[str, str], ActionEffect]:
    """(map id, action id) -> effect, for every action (of one map, or of all maps)."""
    document = bench.document()
    return {(jmap.id, action.id): measure(bench, document, jmap, action, window_days)
            for jmap in document.maps if map_id is None or jmap.id == map_id
            for action in jmap.actions}


def card_effects(jmap: JourneyMap,
                 effects: dict[tuple[str, str], ActionEffect]) -> dict[str, ActionEffect]:
    """Card id -> the measured effect shown on it: the cards of the action's target
    touchpoint and of its opportunities and pain points (the latest implemented action
    wins when several share a card)."""
    shown: dict[str, ActionEffect] = {}
    actions = sorted((a for a in jmap.actions if (jmap.id, a.id) in effects
                      and effects[(jmap.id, a.id)].measured),
                     key=lambda a: a.implemented_on or date.min)
    for action in actions:
        touchpoint = action.target.touchpoint if action.target else None
        for lane in jmap.lanes:
            for card in lane.cards:
                if ((touchpoint is not None and card.touchpoint == touchpoint)
                        or card.opportunity in action.opportunities
                        or card.pain_point in action.pain_points):
                    shown[card.id] = effects[(jmap.id, action.id)]
    return shown


_cache: Memo[ActionEffect] = Memo(_KEPT)
