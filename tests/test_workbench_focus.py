"""Focus: RICE with the reach from pain points, quadrants, ranks and matrix spots, edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import action_plan_document
from journeymap.errors import InputError, NotFoundError
from journeymap.model import Opportunity
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench.focus import (
    CELL,
    PAD,
    add_opportunity,
    focus_data,
    quadrant,
    reach_of,
    update_opportunity,
)


@pytest.fixture
def bench(tmp_path: Path, store_url: str) -> Workbench:
    return init_workspace(tmp_path / "ws", document=action_plan_document(),
                          database_url=store_url)


def test_rice_ranks_and_reach_sources(bench: Workbench) -> None:
    with bench:
        data = focus_data(bench)
    rows = [(v.rank, v.opportunity.id, v.reach, v.reach_source, v.rice, v.quadrant)
            for v in data.opportunities]
    assert rows == [
        # 1000 x 5 x 0.8 / 5
        (1, "opp-big", 1000, "given", 800.0, "big_bet"),
        # reach 0: the largest affected customers of pp-cart (300) and pp-slow (120)
        (2, "opp-fast", 300, "pain points", 300.0, "quick_win"),
        # 50 x 1 x 1.0 / 4
        (3, "opp-pit", 50, "given", 12.5, "money_pit"),
        # no reach given and no pain point: 0
        (4, "opp-small", 0, "unknown", 0.0, "fill_in"),
    ]
    assert data.counts == {"quick_win": 1, "big_bet": 1, "fill_in": 1, "money_pit": 1}
    fast = data.opportunities[1]
    assert [(p.id, p.status) for p in fast.pain_points] == [
        ("pp-cart", "validated_quantitatively"), ("pp-slow", "hypothesis")]
    assert [a.id for a in fast.actions] == ["act-conv", "act-csat"]
    # effort 2, value 4: the cell's centre
    assert (fast.x, fast.y) == (PAD + 1.5 * CELL, PAD + 1.5 * CELL)
    assert data.size == 2 * PAD + 5 * CELL


def test_quadrant_edges() -> None:
    assert [quadrant(v, e) for v, e in [(4, 3), (4, 4), (3, 3), (3, 4), (5, 1), (1, 5)]] == [
        "quick_win", "big_bet", "fill_in", "money_pit", "quick_win", "money_pit"]


def test_reach_ignores_pain_points_without_a_count() -> None:
    jmap = action_plan_document().maps[0]
    assert reach_of(Opportunity(id="o", title="o", pain_points=["pp-none"]), jmap) == (
        0, "unknown")
    assert reach_of(Opportunity(id="o", title="o", reach=7, pain_points=["pp-cart"]), jmap) == (
        7, "given")


def test_dots_in_one_cell_are_spread(bench: Workbench) -> None:
    with bench:
        for i in range(2):
            add_opportunity(bench, "shop", {"id": f"twin-{i}", "title": "Twin", "value": 4,
                                            "effort": 2})
        spots = {(v.x, v.y) for v in focus_data(bench, "shop").opportunities
                 if v.opportunity.effort == 2 and v.opportunity.value == 4}
    assert len(spots) == 3


def test_edits(bench: Workbench) -> None:
    with bench:
        made = add_opportunity(bench, "shop", {"title": "Chat", "pain_points": ["pp-slow"],
                                               "value": 5, "effort": 1, "confidence": 1.0})
        ident = made.obj.model_dump()["id"]
        assert ident.startswith("opp-")
        view = next(v for v in focus_data(bench).opportunities if v.opportunity.id == ident)
        assert (view.rank, view.reach, view.rice) == (2, 120, 600.0)
        update_opportunity(bench, "shop", ident, {"reach": 2000}, made.version)
        assert focus_data(bench).opportunities[0].opportunity.id == ident
        with pytest.raises(InputError, match="new opportunity value"):
            add_opportunity(bench, "shop", {"title": "x", "value": 9})
        with pytest.raises(NotFoundError):
            focus_data(bench, "nope")
