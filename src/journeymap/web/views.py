"""What the canvas draws, arranged for the templates: no numbers are computed here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from journeymap.model import (
    EMOTION_MAX,
    EMOTION_MIN,
    Card,
    JourneyMap,
    Lane,
    LaneKind,
    MapVariant,
    Persona,
    Stage,
    Touchpoint,
    WorkspaceDocument,
)
from journeymap.workbench import Workbench

#: (kind name, map id or "", id) -> version, as the store keys its rows.
Versions = dict[tuple[str, str, str], int]

#: Geometry of the canvas grid in pixels; app.css uses the same numbers.
STAGE_WIDTH = 260
CURVE_HEIGHT = 120
CURVE_PAD = 16


def load_state(bench: Workbench) -> tuple[WorkspaceDocument, Versions]:
    """The document and every object's version, read in one transaction."""
    return bench.store.document_with_versions(bench.workspace_id)


@dataclass(frozen=True)
class CardView:
    card: Card
    version: int
    touchpoint: Touchpoint | None
    persona: Persona | None
    label: str
    linked: str
    scores: list[float]


@dataclass(frozen=True)
class LaneView:
    lane: Lane
    version: int
    cells: list[list[CardView]]
    curves: list[Curve] = field(default_factory=list)


@dataclass(frozen=True)
class StageView:
    stage: Stage
    version: int
    touchpoints: list[tuple[Touchpoint, int]]


@dataclass(frozen=True)
class Curve:
    """One persona's emotions across the stages: SVG points, dashed when it is the to-be map."""

    persona: str
    variant: MapVariant
    points: list[tuple[float, float, float]]  # x, y, score
    #: Drawn from survey scores and sentiment (``workbench.numbers``), not from cards.
    computed: bool = False

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{x:g},{y:g}"
                        for i, (x, y, _) in enumerate(self.points))


@dataclass(frozen=True)
class Board:
    jmap: JourneyMap
    version: int
    stages: list[StageView]
    lanes: list[LaneView]
    editable: bool
    related: JourneyMap | None
    width: int


#: Scores offered on an emotion card; a card's own score is added when it is between them.
SCORE_CHOICES = (2.0, 1.0, 0.0, -1.0, -2.0)


def _linked(card: Card, jmap: JourneyMap) -> str:
    """The title of the pain point or opportunity the card stands for."""
    if card.pain_point is not None:
        return next(p.title for p in jmap.pain_points if p.id == card.pain_point)
    if card.opportunity is not None:
        return next(o.title for o in jmap.opportunities if o.id == card.opportunity)
    return ""


def _label(card: Card, lane: Lane, jmap: JourneyMap) -> str:
    """The card's own text, else the name of what it points to."""
    if card.text:
        return card.text
    if card.touchpoint is not None:
        return next(t.name for t in jmap.touchpoints if t.id == card.touchpoint)
    if lane.kind is LaneKind.EMOTIONS and card.score is not None:
        return f"{card.score:+g}"
    return _linked(card, jmap)


def score_choices(score: float | None) -> list[float]:
    return sorted(set(SCORE_CHOICES) | ({score} if score is not None else set()), reverse=True)


def curve_y(score: float) -> float:
    span = EMOTION_MAX - EMOTION_MIN
    inner = CURVE_HEIGHT - 2 * CURVE_PAD
    return round(CURVE_PAD + (EMOTION_MAX - score) / span * inner, 2)


def curves(lane: Lane, stages: list[Stage], variant: MapVariant,
           personas: dict[str, Persona]) -> list[Curve]:
    """A curve per persona (cards without one form their own), mean score per stage."""
    column = {stage.id: index for index, stage in enumerate(stages)}
    scores: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for card in lane.cards:
        if card.score is not None and card.stage in column:
            scores[card.persona or ""][column[card.stage]].append(card.score)
    drawn = []
    for persona, by_column in scores.items():
        name = personas[persona].name if persona in personas else ""
        points = [
            ((index + 0.5) * STAGE_WIDTH, curve_y(sum(s) / len(s)), sum(s) / len(s))
            for index, s in sorted(by_column.items())
        ]
        drawn.append(Curve(name, variant, points))
    return drawn


def related_map(document: WorkspaceDocument, jmap: JourneyMap) -> JourneyMap | None:
    """The other side of an as-is/to-be pair: the map this one is based on, or derived from it."""
    if jmap.based_on is not None:
        return next((m for m in document.maps if m.id == jmap.based_on), None)
    return next((m for m in document.maps if m.based_on == jmap.id), None)


def _emotion_lane(jmap: JourneyMap, lane: Lane) -> Lane | None:
    same = [other for other in jmap.lanes if other.kind is LaneKind.EMOTIONS]
    return next((other for other in same if other.id == lane.id), same[0] if same else None)


def build_board(document: WorkspaceDocument, jmap: JourneyMap, versions: Versions, *,
                editable: bool = True) -> Board:
    scope = jmap.id
    personas = {p.id: p for p in document.personas}
    related = related_map(document, jmap)
    column = {stage.id: index for index, stage in enumerate(jmap.stages)}
    stages = [
        StageView(stage, versions.get(("stage", scope, stage.id), 0),
                  [(t, versions.get(("touchpoint", scope, t.id), 0))
                   for t in jmap.touchpoints if t.stage == stage.id])
        for stage in jmap.stages
    ]
    touchpoints = {t.id: t for t in jmap.touchpoints}
    lanes = []
    for lane in jmap.lanes:
        cells: list[list[CardView]] = [[] for _ in jmap.stages]
        for card in lane.cards:
            cells[column[card.stage]].append(CardView(
                card, versions.get(("card", scope, card.id), 0),
                touchpoints.get(card.touchpoint or ""), personas.get(card.persona or ""),
                _label(card, lane, jmap), _linked(card, jmap), score_choices(card.score)))
        drawn: list[Curve] = []
        if lane.kind is LaneKind.EMOTIONS:
            drawn = curves(lane, jmap.stages, jmap.variant, personas)
            other = None if related is None else _emotion_lane(related, lane)
            if related is not None and other is not None:
                drawn += curves(other, jmap.stages, related.variant, personas)
        lanes.append(LaneView(lane, versions.get(("lane", scope, lane.id), 0), cells, drawn))
    return Board(jmap, versions.get(("journey_map", "", jmap.id), 0), stages, lanes, editable,
                 related, max(1, len(jmap.stages)) * STAGE_WIDTH)


def computed_curves(emotions: Iterable[dict[str, Any]], stages: list[Stage],
                    variant: MapVariant, personas: dict[str, Persona]) -> list[Curve]:
    """Curves of the computed emotions (``MapNumbers``), one per persona with any value."""
    column = {stage.id: index for index, stage in enumerate(stages)}
    points: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for entry in emotions:
        value = entry["computed"]
        if value is not None and entry["stage"] in column:
            x = (column[entry["stage"]] + 0.5) * STAGE_WIDTH
            points[entry["persona"] or ""].append((x, curve_y(value), value))
    return [Curve(personas[p].name if p in personas else "", variant, sorted(found), True)
            for p, found in points.items()]


def with_computed_curves(board: Board, drawn: list[Curve]) -> Board:
    """The board with ``drawn`` in every emotion lane that has no manual scores."""
    lanes = [
        replace(view, curves=drawn) if view.lane.kind is LaneKind.EMOTIONS
        and not any(card.score is not None for card in view.lane.cards) else view
        for view in board.lanes
    ]
    return replace(board, lanes=lanes)
