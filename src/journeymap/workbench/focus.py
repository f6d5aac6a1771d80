"""Focus: the opportunities of a workspace scored by RICE and placed on a value/effort grid.

RICE = reach x value x confidence / effort (docs/action-plan.md). Reach is the number the
team gave; when they left it 0 it is the largest ``affected_customers`` of the linked pain
points (a customer hit by two of them counts once: the largest is the safe lower bound of
their union), and 0 when none is known. Quadrants on the 1-5 scales, 4 and 5 being high:
quick wins (high value, low effort), big bets (high value, high effort), fill-ins (low value,
low effort) and money pits (low value, high effort).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeymap.model import JourneyMap, Opportunity, WorkspaceDocument, new_id

if TYPE_CHECKING:
    from journeymap.store import Versioned
    from journeymap.workbench.session import Workbench

QUADRANTS = ("quick_win", "big_bet", "fill_in", "money_pit")
#: Values and efforts at or above this are "high".
HIGH = 4
#: Geometry of the matrix SVG: a 5 x 5 grid of CELL px cells after a PAD px margin.
CELL, PAD = 96, 40


@dataclass(frozen=True)
class Linked:
    """A linked object as a page shows it: id, title and a status word."""

    id: str
    title: str
    status: str = ""


@dataclass(frozen=True)
class OpportunityView:
    map_id: str
    map_name: str
    opportunity: Opportunity
    version: int
    rank: int
    reach: int
    reach_source: str  # "given", "pain points" or "unknown"
    rice: float
    quadrant: str
    pain_points: tuple[Linked, ...]
    actions: tuple[Linked, ...]
    x: float  # the matrix position (effort left to right, value bottom to top)
    y: float

    def as_row(self) -> dict[str, Any]:
        opp = self.opportunity
        return {"map": self.map_id, "id": opp.id, "title": opp.title, "rank": self.rank,
                "reach": self.reach, "reach_source": self.reach_source, "value": opp.value,
                "confidence": opp.confidence, "effort": opp.effort, "rice": self.rice,
                "quadrant": self.quadrant, "pain_points": [p.id for p in self.pain_points],
                "actions": [a.id for a in self.actions]}


@dataclass(frozen=True)
class FocusData:
    opportunities: tuple[OpportunityView, ...]
    counts: dict[str, int]
    size: int  # the matrix SVG's width and height


def quadrant(value: int, effort: int) -> str:
    if value >= HIGH:
        return "big_bet" if effort >= HIGH else "quick_win"
    return "money_pit" if effort >= HIGH else "fill_in"


def reach_of(opp: Opportunity, jmap: JourneyMap) -> tuple[int, str]:
    """The reach RICE uses and where it came from."""
    if opp.reach > 0:
        return opp.reach, "given"
    pains = {pain.id: pain for pain in jmap.pain_points}
    affected = [pains[ref].affected_customers for ref in opp.pain_points
                if ref in pains and pains[ref].affected_customers is not None]
    if affected:
        return max(a for a in affected if a is not None), "pain points"
    return 0, "unknown"


def rice(reach: int, opp: Opportunity) -> float:
    return round(reach * opp.value * opp.confidence / opp.effort, 2)


def _views(document: WorkspaceDocument, versions: dict[tuple[str, str, str], int],
           map_id: str | None) -> list[OpportunityView]:
    views: list[OpportunityView] = []
    for jmap in document.maps:
        if map_id is not None and jmap.id != map_id:
            continue
        pains = {pain.id: pain for pain in jmap.pain_points}
        for opp in jmap.opportunities:
            reach, source = reach_of(opp, jmap)
            linked = tuple(Linked(ref, pains[ref].title, pains[ref].status.value)
                           for ref in opp.pain_points if ref in pains)
            actions = tuple(Linked(a.id, a.title, a.status.value) for a in jmap.actions
                            if opp.id in a.opportunities)
            views.append(OpportunityView(
                jmap.id, jmap.name, opp, versions.get(("opportunity", jmap.id, opp.id), 1), 0,
                reach, source, rice(reach, opp), quadrant(opp.value, opp.effort), linked,
                actions, 0.0, 0.0))
    return views


def _placed(views: list[OpportunityView]) -> list[OpportunityView]:
    """Rank by RICE (ties: map order) and spread the dots sharing a cell on a small circle."""
    ranked = sorted(views, key=lambda v: -v.rice)
    seen: dict[tuple[int, int], int] = {}
    placed = []
    for rank, view in enumerate(ranked, start=1):
        cell = (view.opportunity.effort, view.opportunity.value)
        index = seen[cell] = seen.get(cell, -1) + 1
        dx, dy = _offset(index)
        x = PAD + (cell[0] - 0.5) * CELL + dx
        y = PAD + (5 - cell[1] + 0.5) * CELL + dy
        placed.append(_with(view, rank=rank, x=round(x, 1), y=round(y, 1)))
    return placed


def _offset(index: int) -> tuple[float, float]:
    spots = ((0, 0), (-22, -22), (22, -22), (-22, 22), (22, 22), (0, -30), (0, 30),
             (-30, 0), (30, 0))
    return spots[index % len(spots)]


def _with(view: OpportunityView, **changes: Any) -> OpportunityView:
    from dataclasses import replace

    return replace(view, **changes)


def focus_data(bench: Workbench, map_id: str | None = None) -> FocusData:
    """Every opportunity (of one map, or of all), best RICE first, with its matrix spot."""
    document, versions = bench.store.document_with_versions(bench.workspace_id)
    if map_id is not None:
        bench.journey_map(map_id)  # a clear "no such map"
    views = _placed(_views(document, versions, map_id))
    counts = {name: sum(v.quadrant == name for v in views) for name in QUADRANTS}
    return FocusData(tuple(views), counts, 2 * PAD + 5 * CELL)


# -- edits ---------------------------------------------------------------------------
def ref(map_id: str, ident: str) -> str:
    return f"map/{map_id}/opportunity/{ident}"


def add_opportunity(bench: Workbench, map_id: str, data: dict[str, Any]) -> Versioned:
    """A new opportunity of ``map_id`` from JSON-ready ``data`` (an id is made if missing)."""
    data = dict(data)
    data["id"] = str(data.get("id") or new_id("opp"))
    from journeymap.workbench.actions import validated

    opp = validated(Opportunity, "opportunity", data)
    return bench.store.add(bench.workspace_id, ref(map_id, opp.id), opp)


def update_opportunity(bench: Workbench, map_id: str, ident: str, changes: dict[str, Any],
                       version: int) -> Versioned:
    return bench.update(ref(map_id, ident), changes, expected_version=version)


def delete_opportunity(bench: Workbench, map_id: str, ident: str, version: int) -> None:
    """Delete it; actions that pointed to it lose the link (the store refuses dangling ones,
    so the links go first)."""
    from journeymap.workbench.actions import unlink

    unlink(bench, map_id, "opportunities", ident)
    bench.store.delete(bench.workspace_id, ref(map_id, ident), expected_version=version)
