"""A workspace's KPI table: survey KPIs next to churn and conversion, on the hand-built shop
workspace of test_workbench_numbers (imported with the real importers), counted by hand.

Events run 2026-01-01..06: as of 2026-01-06 nobody is 90 days idle (churn 0 of 4); only c1
reaches the last stage (loyal: the club app), so conversion is 1 of 4. Personas: young =
{c1} (app, under 35; c4's age is no number), web = {c2, c3}; c4 is in none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journeymap.errors import InputError, NotFoundError
from journeymap.workbench import Workbench
from journeymap.workbench.kpis import KpiRequest, workspace_kpis
from test_workbench_numbers import make_workspace, shop_document

CHURN_4 = ("churn", 0.0, 4, 0.0, 48.989084)
CONVERSION_4 = ("conversion", 25.0, 4, 4.558726, 69.935816)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("kpis") / "ws", shop_document())


def cells(rows: Any) -> list[tuple[Any, ...]]:
    return [(r["group"], r["metric"], r["value"], r["n"], r["ci_low"], r["ci_high"])
            for r in rows]


def test_overall_survey_kpis_then_churn_and_conversion(workspace: Path) -> None:
    assert cells(workspace_kpis(workspace).rows) == [
        ("all", "csat", 50.0, 4, 15.003899, 84.996101),
        ("all", "nps", 0.0, 2, -78.398559, 78.398559),
        ("all", "ces", None, 0, None, None),
        ("all", *CHURN_4), ("all", *CONVERSION_4)]


def test_by_persona_each_group_has_its_survey_and_event_rows(workspace: Path) -> None:
    rows = cells(workspace_kpis(workspace, KpiRequest(by="persona")).rows)
    assert rows[:9] == [
        ("web", "csat", 50.0, 2, 9.453121, 90.546879),
        ("web", "nps", -100.0, 1, -100.0, -18.744186),
        ("web", "churn", 0.0, 2, 0.0, 65.761977),
        ("web", "conversion", 0.0, 2, 0.0, 65.761977),
        ("young", "csat", 100.0, 1, 20.654931, 100.0),
        ("young", "nps", 100.0, 1, 18.744186, 100.0),
        ("young", "churn", 0.0, 1, 0.0, 79.345069),
        ("young", "conversion", 100.0, 1, 20.654931, 100.0),
        # c4 is in no persona; the personas without rules or with a bad rule are left out
        (None, "csat", 0.0, 1, 0.0, 79.345069)]
    assert [r[0] for r in rows[9:]] == ["all"] * 5


def test_by_touchpoint_customers_who_used_it(workspace: Path) -> None:
    rows = cells(workspace_kpis(workspace, KpiRequest(by="touchpoint")).rows)
    assert [(r[0], r[1], r[2], r[3]) for r in rows[:10]] == [
        ("tp-checkout", "csat", 66.666667, 3), ("tp-checkout", "churn", 0.0, 2),
        ("tp-checkout", "conversion", 50.0, 2), ("tp-club", "churn", 0.0, 1),
        ("tp-club", "conversion", 100.0, 1), ("tp-phone", "csat", 0.0, 1),
        ("tp-phone", "churn", 0.0, 1), ("tp-phone", "conversion", 0.0, 1),
        ("tp-web", "churn", 0.0, 4), ("tp-web", "conversion", 25.0, 4)]


def test_one_personas_customers_and_named_conversion_events(workspace: Path) -> None:
    web = cells(workspace_kpis(workspace, KpiRequest(persona="web")).rows)
    assert [(r[1], r[2], r[3]) for r in web] == [
        ("csat", 50.0, 2), ("nps", -100.0, 1), ("ces", None, 0), ("churn", 0.0, 2),
        ("conversion", 0.0, 2)]
    # checkout as the conversion: c1 and c3
    named = cells(workspace_kpis(workspace, KpiRequest(conversion_events=("checkout",))).rows)
    assert named[-1] == ("all", "conversion", 50.0, 4, 15.003899, 84.996101)


def test_kept_until_the_store_changes(workspace: Path) -> None:
    with Workbench.open(workspace) as bench:
        assert workspace_kpis(bench) is workspace_kpis(bench)


def test_bad_requests_are_clear_errors(workspace: Path) -> None:
    with pytest.raises(InputError, match="no persona 'nope'"):
        workspace_kpis(workspace, KpiRequest(persona="nope"))
    with pytest.raises(NotFoundError):
        workspace_kpis(workspace, KpiRequest(map_id="nope"))
