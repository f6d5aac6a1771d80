"""``journeymap actions list|export|effect`` on the plan workspace of tests/action_support.py."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from action_support import plan_workspace
from cli_support import run
from journeymap.workbench.action_export import CSV_COLUMNS


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plan_workspace(tmp_path_factory.mktemp("cli-plan") / "ws")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_list_as_csv(workspace: Path) -> None:
    code, out, err = run("actions", "list", "-w", workspace, "-f", "csv", "--today",
                         "2024-04-01")
    assert code == 0, err
    found = rows(out)
    assert tuple(found[0]) == CSV_COLUMNS
    assert [(r["id"], r["overdue"], r["effect_verdict"]) for r in found] == [
        ("act-old", "false", "not measured"), ("act-conv", "false", "improved"),
        ("act-pay", "true", "worsened"), ("act-csat", "false", "no detectable change"),
        ("act-rev", "false", "not measured")]


def test_list_overdue_as_json(workspace: Path) -> None:
    code, out, _ = run("actions", "list", "-w", workspace, "--overdue", "-f", "json",
                       "--today", "2024-04-01")
    assert code == 0 and '"id": "act-pay"' in out and '"act-csat"' not in out


def test_export_csv_and_ics_to_files(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    code, _, err = run("actions", "export", "-w", workspace, "--format", "ics", "-o", target)
    assert code == 0 and f"wrote {target}" in err
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == 4
    code, out, _ = run("actions", "export", "-w", workspace)
    assert code == 0 and out.startswith(",".join(CSV_COLUMNS) + "\n")


def test_effect_of_one_action(workspace: Path) -> None:
    code, out, err = run("actions", "effect", "act-conv", "-w", workspace, "-f", "csv")
    assert code == 0, err
    assert out.splitlines() == [
        "map,action,kpi,source,unit,implemented_on,window_days,before_n,before_value,after_n,"
        "after_value,difference,ci_low,ci_high,p_value,verdict,problem",
        "shop,act-conv,conversion,behaviour,rate,2024-03-01,30,20,0.3,20,0.8,0.5,0.192408,"
        "0.695243,0.001482,improved,"]
    code, out, _ = run("actions", "effect", "-w", workspace, "-f", "csv", "--window", "5")
    assert code == 0
    assert [r["verdict"] for r in rows(out)] == [
        "not enough data", "not enough data", "not enough data", "not measured",
        "not measured"]


def test_bad_input_exits_2(workspace: Path) -> None:
    code, _, err = run("actions", "effect", "nope", "-w", workspace)
    assert code == 2 and "action 'nope'" in err
    code, _, err = run("actions", "list", "-w", workspace, "--map", "gone")
    assert code == 2 and "map 'gone'" in err
    code, _, _ = run("actions", "export", "-w", workspace, "--format", "pdf")
    assert code == 2
