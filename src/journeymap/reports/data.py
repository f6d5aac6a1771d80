"""What a report shows, as plain frozen dataclasses (filled by ``workbench.report``).

Nothing here computes: the workbench gathers the numbers from the analyses and the map,
and the renderers of this package (HTML, PDF, SVG, tables) only lay them out. Names of
stages, touchpoints and personas are the names people gave them (user text, always
escaped when rendered); codes such as ``severity`` or ``metric`` are translated by
:mod:`journeymap.reports.labels`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Kpi:
    """One KPI with n and its 95% interval; CSAT, churn and conversion are in % (0-100)."""

    metric: str  # csat, nps, ces, churn_rate, conversion or a custom metric name
    value: float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None
    group: str = "all"  # a touchpoint's name for KPIs by touchpoint


@dataclass(frozen=True)
class PersonaInfo:
    id: str
    name: str
    description: str = ""
    quote: str = ""
    goals: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    frustrations: tuple[str, ...] = ()
    traits: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GridCard:
    """A card as the map shows it; ``score`` is the emotion (-2..+2) of emotion cards."""

    text: str
    detail: str = ""
    score: float | None = None


@dataclass(frozen=True)
class GridLane:
    """One row of the map: its title, kind and one tuple of cards per stage."""

    title: str
    kind: str
    cells: tuple[tuple[GridCard, ...], ...]


@dataclass(frozen=True)
class EmotionCurve:
    """One persona's emotion per stage (None where the stage has no emotion card)."""

    name: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class MapGrid:
    """Stages x lanes of one map, with the emotion curves of its emotion lanes."""

    name: str
    stages: tuple[str, ...]
    lanes: tuple[GridLane, ...]
    curves: tuple[EmotionCurve, ...] = ()


@dataclass(frozen=True)
class PathRow:
    steps: tuple[str, ...]
    customers: int
    share: float


@dataclass(frozen=True)
class StageStep:
    """A stage of the stage funnel: customers reached, conversion to the next, drop-off."""

    stage: str
    customers: int
    conversion_to_next: float | None
    drop_off: int | None


@dataclass(frozen=True)
class ThemeRow:
    language: str
    name: str
    answers: int
    share: float
    mean_sentiment: float
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class PainPointRow:
    """A pain point in rank order (score, then severity, then affected customers)."""

    rank: int
    id: str
    title: str
    description: str
    stage: str
    touchpoint: str
    severity: str
    status: str
    kind: str
    affected: int | None
    score: float | None
    evidence: tuple[str, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class OpportunityRow:
    id: str
    title: str
    description: str
    pain_points: tuple[str, ...]
    reach: int
    value: int
    confidence: float
    effort: int
    rice: float


@dataclass(frozen=True)
class Effect:
    """A measured effect: the KPI before and after, after - before, 95% interval, p."""

    before: float | None
    after: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    verdict: str
    before_n: int
    after_n: int


@dataclass(frozen=True)
class ActionRow:
    id: str
    title: str
    owner: str
    due: date | None
    status: str
    kpi: str
    baseline: float | None
    target: float | None
    implemented_on: date | None = None
    effect: Effect | None = None


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    type: str
    city: str
    country: str
    lat: float | None
    lon: float | None
    address: str = ""
    phone: str = ""
    url: str = ""


@dataclass(frozen=True)
class Change:
    """One difference between two maps: ``change`` is added, removed, changed or moved."""

    change: str
    kind: str
    name: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Map ``before`` (as-is) against map ``after`` (to-be): counts, changes, the new grid."""

    before: str
    after: str
    counts: tuple[tuple[str, int, int, int, int], ...]  # kind, added, removed, changed, moved
    changes: tuple[Change, ...]
    after_grid: MapGrid


@dataclass(frozen=True)
class ReportData:
    """Everything the final report shows, for one map (and optionally a to-be map)."""

    workspace: str
    map_id: str
    map_name: str
    variant: str
    scope: str
    language: str
    created: date
    kpis: tuple[Kpi, ...] = ()
    personas: tuple[PersonaInfo, ...] = ()
    grid: MapGrid = field(default_factory=lambda: MapGrid("", (), ()))
    paths: tuple[PathRow, ...] = ()
    funnel: tuple[StageStep, ...] = ()
    touchpoint_kpis: tuple[Kpi, ...] = ()
    themes: tuple[ThemeRow, ...] = ()
    pain_points: tuple[PainPointRow, ...] = ()
    opportunities: tuple[OpportunityRow, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    places: tuple[Place, ...] = ()
    comparison: Comparison | None = None
    #: Data that was not there to report on (``events``, ``surveys``): shown as notes.
    missing: tuple[str, ...] = ()
