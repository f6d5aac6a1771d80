"""The report's data from a hand-built workspace with events and survey answers imported.

Worked out by hand (tests/builders.py REPORT_EVENTS, REPORT_SURVEYS): CSAT 5, 2, 5, 4 ->
3 of 4 = 75; one NPS 10 -> 100; churn: c4's only event is older than 90 days before the
last event (2026-03-02) -> 1 of 4; conversion: c1 of c1, c2, c3 (c4 matches no touchpoint)
reached the last stage -> 1 of 3; act-1 (CSAT at the checkout, implemented 2026-04-02):
before 1 of 2 = 50, after 2 of 2 = 100.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builders import XSS, report_document, report_workspace
from journeymap.errors import InputError, NotFoundError
from journeymap.reports.data import (
    EmotionCurve,
    Kpi,
    PathRow,
    ReportData,
    StageStep,
)
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench.report import map_grid, report_data

DAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_workspace(tmp_path_factory.mktemp("report") / "ws")


@pytest.fixture(scope="module")
def data(workspace: Path) -> ReportData:
    with Workbench.open(workspace) as bench:
        return report_data(bench, "checkout", "pl", compare_with="checkout-next", today=DAY)


def test_cover_facts(data: ReportData) -> None:
    assert (data.workspace, data.map_id, data.map_name, data.variant, data.scope,
            data.language, data.created, data.missing) == (
        f"ACME {XSS}", "checkout", "Online checkout", "as_is", "Web shop, first purchase", "pl",
        DAY, ())


def test_kpis_with_n_and_intervals(data: ReportData) -> None:
    assert data.kpis == (
        Kpi("csat", 75.0, 4, 30.064184, 95.441274), Kpi("nps", 100.0, 1, 18.744186, 100.0),
        Kpi("churn_rate", 25.0, 4, 4.558726, 69.935816),
        Kpi("conversion", 33.333333, 3, 6.149194, 79.23404))
    assert data.touchpoint_kpis == (Kpi("csat", 75.0, 4, 30.064184, 95.441274, "Checkout"),)


def test_funnel_and_paths_use_stage_names(data: ReportData) -> None:
    assert data.funnel == (StageStep("Awareness", 3, 0.666667, 1),
                           StageStep("Purchase", 2, 0.5, 1), StageStep("Service", 1, None, None))
    assert data.paths == (PathRow(("Awareness",), 1, 0.333333),
                          PathRow(("Awareness", "Purchase"), 1, 0.333333),
                          PathRow(("Awareness", "Purchase", "Service"), 1, 0.333333))


def test_findings_opportunities_and_the_measured_action(data: ReportData) -> None:
    (pain,) = data.pain_points
    assert (pain.rank, pain.title, pain.stage, pain.touchpoint, pain.severity, pain.affected,
            pain.evidence) == (1, "Form resets", "Purchase", "Checkout", "high", 412,
                               ("drop_off: 0.31, n = 1330, [0.28; 0.34]",))
    (opp,) = data.opportunities
    assert (opp.title, opp.pain_points, opp.reach, opp.rice) == (
        "Keep form state", ("Form resets",), 1200, 2400.0)
    (action,) = data.actions
    assert action.effect is not None
    assert (action.kpi, action.baseline, action.target, action.effect.before,
            action.effect.after, action.effect.difference, action.effect.before_n,
            action.effect.after_n) == ("csat", 71.5, 80.0, 50.0, 100.0, 50.0, 2, 2)


def test_personas_of_the_map_and_places(data: ReportData) -> None:
    assert [(p.name, p.quote, p.traits) for p in data.personas] == [
        ("Anna Nowak", XSS, (("age", "34"), ("city", "Sofia"))), ("Bob", "", ())]
    assert [(p.name, p.lat) for p in data.places] == [("Sofia Mall", 42.6977), ("Kraków", None)]


def test_grid_stages_lanes_and_emotion_curves(data: ReportData) -> None:
    grid = data.grid
    assert grid.stages == ("Awareness", "Purchase", "Service")
    thoughts = next(lane for lane in grid.lanes if lane.kind == "thoughts")
    assert [[card.text for card in cell] for cell in thoughts.cells] == [
        ["thoughts one"], [], [XSS]]
    assert grid.curves == (EmotionCurve("Emotions", (1.0, None, None)),
                           EmotionCurve("Anna Nowak", (None, -1.5, None)))


def test_comparison_with_the_to_be_map(data: ReportData) -> None:
    comparison = data.comparison
    assert comparison is not None
    assert (comparison.before, comparison.after) == ("Online checkout", "Checkout, to be")
    assert comparison.counts == (("map", 0, 0, 1, 0), ("touchpoint", 0, 0, 1, 0),
                                 ("card", 0, 1, 0, 0))
    assert [(c.change, c.kind, c.name, c.fields) for c in comparison.changes] == [
        ("removed", "card", XSS, ()),
        ("changed", "map", "Checkout, to be", ("name", "variant", "based_on")),
        ("changed", "touchpoint", "Store pickup", ("rules",))]


def test_untitled_lanes_are_named_by_kind_in_the_language() -> None:
    document = report_document()
    jmap = document.maps[0]
    untitled = jmap.model_copy(update={"lanes": [lane.model_copy(update={"title": ""})
                                                 for lane in jmap.lanes]})
    titles = [lane.title for lane in map_grid(document, untitled, "bg").lanes]
    assert titles[:3] == ["Цели", "Действия", "Допирни точки"]


def test_a_workspace_without_data_still_gets_every_section(tmp_path: Path) -> None:
    with init_workspace(tmp_path / "ws", document=report_document()) as bench:
        data = report_data(bench, None, "en", today=DAY)
    assert data.map_id == "checkout"
    assert (data.kpis, data.funnel, data.paths, data.themes, data.missing) == (
        (), (), (), (), ("surveys", "events"))
    assert data.actions[0].effect is None


def test_bad_choices_are_refused(workspace: Path) -> None:
    with Workbench.open(workspace) as bench:
        with pytest.raises(InputError, match="one of en, pl, bg; got 'de'"):
            report_data(bench, "checkout", "de")
        with pytest.raises(NotFoundError, match="map 'nope' not found"):
            report_data(bench, "nope", "en")
