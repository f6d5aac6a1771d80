"""The journey map: stages x lanes, touchpoints with match rules, pain points to actions."""

from __future__ import annotations

import fnmatch
import re
from datetime import date
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from journeymap.model.base import (
    ActionStatus,
    Channel,
    FindingSource,
    Identifier,
    LaneKind,
    MapVariant,
    MatchField,
    MatchOp,
    Model,
    Name,
    Severity,
    Text,
    ValidationStatus,
    check_unique,
    reference_error,
)

#: Emotion scores run from very negative (-2) through neutral (0) to very positive (+2).
EMOTION_MIN = -2.0
EMOTION_MAX = 2.0
EmotionScore = Annotated[float, Field(ge=EMOTION_MIN, le=EMOTION_MAX)]


class MatchRule(Model):
    """One condition on an event; see :meth:`Touchpoint.matches` for how rules combine."""

    field: MatchField = MatchField.EVENT
    op: MatchOp = MatchOp.EXACT
    pattern: Annotated[str, Field(min_length=1, max_length=500)]

    @model_validator(mode="after")
    def _regex_compiles(self) -> MatchRule:
        if self.op is MatchOp.REGEX:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a valid regular expression: {exc}") from exc
        return self

    def matches(self, value: str | None) -> bool:
        if value is None:
            return False
        if self.field is MatchField.CHANNEL:
            value = value.lower()
        if self.op is MatchOp.EXACT:
            return value == self.pattern
        if self.op is MatchOp.GLOB:
            return fnmatch.fnmatchcase(value, self.pattern)
        return re.fullmatch(self.pattern, value) is not None


class Stage(Model):
    """An ordered phase of the lifecycle; order is the position in ``JourneyMap.stages``."""

    id: Identifier
    name: Name
    description: Text = ""
    goals: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(default_factory=list)


class Touchpoint(Model):
    """A point of contact in one stage and one channel, matched to events by ``rules``."""

    id: Identifier
    name: Name
    stage: Identifier
    channel: Channel
    owner: str = ""
    department: str = ""
    description: Text = ""
    location: Identifier | None = None
    rules: list[MatchRule] = Field(default_factory=list)

    def matches(self, event: str, channel: str | None = None) -> bool:
        """Rules on the same field are alternatives (OR); different fields must all hold (AND).

        A touchpoint without rules matches nothing: it is drawn on the map but has no data.
        """
        if not self.rules:
            return False
        values = {MatchField.EVENT: event, MatchField.CHANNEL: channel}
        fields = {rule.field for rule in self.rules}
        return all(
            any(rule.matches(values[f]) for rule in self.rules if rule.field is f) for f in fields
        )


class Card(Model):
    """A sticky note in a lane, placed in one stage; order within a stage is list order."""

    id: Identifier
    stage: Identifier
    text: Text = ""
    detail: Text = ""
    score: EmotionScore | None = None
    persona: Identifier | None = None
    touchpoint: Identifier | None = None
    pain_point: Identifier | None = None
    opportunity: Identifier | None = None


class Lane(Model):
    """A row of the map. Emotion lanes need a score on every card."""

    id: Identifier
    kind: LaneKind
    title: str = ""
    cards: list[Card] = Field(default_factory=list)

    @model_validator(mode="after")
    def _emotions_have_scores(self) -> Lane:
        if self.kind is LaneKind.EMOTIONS:
            for index, card in enumerate(self.cards):
                if card.score is None:
                    raise reference_error(
                        f"cards[{index}].score",
                        f"a card in an emotions lane needs a score from {EMOTION_MIN:g} "
                        f"to {EMOTION_MAX:g}",
                    )
        return self


class Evidence(Model):
    """A number that backs a pain point or a measured effect."""

    metric: str
    value: float | None = None
    baseline: float | None = None
    n: int | None = Field(default=None, ge=0)
    ci_low: float | None = None
    ci_high: float | None = None
    note: Text = ""


class PainPoint(Model):
    id: Identifier
    title: Name
    description: Text = ""
    stage: Identifier | None = None
    touchpoint: Identifier | None = None
    severity: Severity = Severity.MEDIUM
    status: ValidationStatus = ValidationStatus.HYPOTHESIS
    source: FindingSource = FindingSource.MANUAL
    kind: str = ""
    affected_customers: int | None = Field(default=None, ge=0)
    score: float | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    quotes: list[Text] = Field(default_factory=list)


class Opportunity(Model):
    """A way to remove pain points; RICE = reach x value x confidence / effort."""

    id: Identifier
    title: Name
    description: Text = ""
    pain_points: list[Identifier] = Field(default_factory=list)
    value: Annotated[int, Field(ge=1, le=5)] = 3
    effort: Annotated[int, Field(ge=1, le=5)] = 3
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    reach: Annotated[int, Field(ge=0)] = 0

    @property
    def rice(self) -> float:
        return self.reach * self.value * self.confidence / self.effort


class ActionTarget(Model):
    """What an action should move: a KPI at a touchpoint/stage, from baseline to target."""

    kpi: Identifier
    touchpoint: Identifier | None = None
    stage: Identifier | None = None
    baseline: float | None = None
    target: float | None = None


class Action(Model):
    id: Identifier
    title: Name
    description: Text = ""
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    opportunities: list[Identifier] = Field(default_factory=list)
    pain_points: list[Identifier] = Field(default_factory=list)
    target: ActionTarget | None = None
    implemented_on: date | None = None


_COLLECTIONS = {
    "stage": "stages",
    "touchpoint": "touchpoints",
    "lane": "lanes",
    "pain_point": "pain_points",
    "opportunity": "opportunities",
    "action": "actions",
}


class JourneyMap(Model):
    """One map: scope, personas, variant (as-is / to-be) and its grid of stages x lanes."""

    id: Identifier
    name: Name
    scope: Text = ""
    description: Text = ""
    personas: list[Identifier] = Field(default_factory=list)
    variant: MapVariant = MapVariant.AS_IS
    based_on: Identifier | None = None
    stages: list[Stage] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    lanes: list[Lane] = Field(default_factory=list)
    pain_points: list[PainPoint] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)

    @field_validator("personas")
    @classmethod
    def _personas_unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a persona is listed twice")
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> JourneyMap:
        for collection in (
            "stages",
            "touchpoints",
            "lanes",
            "pain_points",
            "opportunities",
            "actions",
        ):
            check_unique(getattr(self, collection), collection)
        check_unique([card for lane in self.lanes for card in lane.cards], "cards")
        for path, kind, ref in self.references():
            if ref not in self.ids(kind):
                raise reference_error(path, f"unknown {kind.replace('_', ' ')} {ref!r}")
        return self

    def ids(self, kind: str) -> set[str]:
        """Ids of one collection of this map: ``stage``, ``touchpoint``, ``pain_point``, ..."""
        if kind == "card":
            return {card.id for lane in self.lanes for card in lane.cards}
        items: list[Stage] = getattr(self, _COLLECTIONS[kind])
        return {item.id for item in items}

    def references(self) -> list[tuple[str, str, str]]:
        """Every internal reference as (relative path, kind it points to, id)."""
        refs: list[tuple[str, str, str]] = []
        for i, tp in enumerate(self.touchpoints):
            refs.append((f"touchpoints[{i}].stage", "stage", tp.stage))
        for i, lane in enumerate(self.lanes):
            for j, card in enumerate(lane.cards):
                base = f"lanes[{i}].cards[{j}]"
                refs.append((f"{base}.stage", "stage", card.stage))
                for kind in ("touchpoint", "pain_point", "opportunity"):
                    ref = getattr(card, kind)
                    if ref is not None:
                        refs.append((f"{base}.{kind}", kind, ref))
        for i, pain in enumerate(self.pain_points):
            if pain.stage is not None:
                refs.append((f"pain_points[{i}].stage", "stage", pain.stage))
            if pain.touchpoint is not None:
                refs.append((f"pain_points[{i}].touchpoint", "touchpoint", pain.touchpoint))
        for i, opp in enumerate(self.opportunities):
            refs += [
                (f"opportunities[{i}].pain_points[{j}]", "pain_point", ref)
                for j, ref in enumerate(opp.pain_points)
            ]
        for i, action in enumerate(self.actions):
            refs += [
                (f"actions[{i}].opportunities[{j}]", "opportunity", ref)
                for j, ref in enumerate(action.opportunities)
            ]
            refs += [
                (f"actions[{i}].pain_points[{j}]", "pain_point", ref)
                for j, ref in enumerate(action.pain_points)
            ]
            if action.target is not None:
                if action.target.touchpoint is not None:
                    refs.append(
                        (f"actions[{i}].target.touchpoint", "touchpoint", action.target.touchpoint)
                    )
                if action.target.stage is not None:
                    refs.append((f"actions[{i}].target.stage", "stage", action.target.stage))
        return refs

    def stage_index(self, stage_id: str) -> int:
        return [stage.id for stage in self.stages].index(stage_id)

    def touchpoint_for(self, event: str, channel: str | None = None) -> Touchpoint | None:
        """The first touchpoint (in map order) whose rules match the event."""
        for touchpoint in self.touchpoints:
            if touchpoint.matches(event, channel):
                return touchpoint
        return None
