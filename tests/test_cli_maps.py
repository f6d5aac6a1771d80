"""`journeymap map ...` through the real CLI on a hand-built workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import document
from cli_support import run, runner
from journeymap.cli.app import app
from journeymap.workbench import Workbench, init_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    init_workspace(tmp_path / "ws", document=document()).close()
    return tmp_path / "ws"


def test_list_as_csv(workspace: Path) -> None:
    code, out, _ = run("map", "list", "-w", workspace, "--format", "csv")
    assert code == 0
    assert out == ("id,name,variant,based_on,stages,touchpoints,lanes,cards,pain_points,actions\n"
                   "retail,Retail journey,as_is,,3,4,5,7,1,1\n")


def test_show_draws_stages_lanes_and_escapes_text(workspace: Path) -> None:
    with Workbench.open(workspace) as bench:
        bench.update("map/retail/card/t1", {"text": "[bold]not markup[/bold]"},
                     expected_version=1)
    result = runner.invoke(app, ["map", "show", "retail", "-w", str(workspace)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0
    out = result.stdout
    for text in ("Awareness", "Purchase", "Service", "Thinks", "[web] Web checkout",
                 "[bold]not markup[/bold]", "-1.5 Oszczędna Ola", "Find a good offer"):
        assert text in out


def test_derive_then_compare_shows_only_map_fields(workspace: Path) -> None:
    code, out, _ = run("map", "derive", "retail", "retail-to-be", "-w", workspace)
    assert (code, out) == (0, "created map/retail-to-be from map 'retail'\n")
    code, out, _ = run("map", "compare", "retail", "retail-to-be", "-w", workspace,
                       "--format", "csv")
    assert code == 0
    assert out == ("change,kind,id,field,before,after\n"
                   "changed,map,retail-to-be,name,Retail journey,Retail journey (to-be)\n"
                   "changed,map,retail-to-be,variant,as_is,to_be\n"
                   "changed,map,retail-to-be,based_on,,retail\n")


def test_snapshot_edit_compare_restore(workspace: Path) -> None:
    code, out, _ = run("map", "snapshot", "retail", "--label", "before workshop", "--by", "anna",
                       "-w", workspace)
    assert code == 0
    snapshot_id = out.split()[1]
    with Workbench.open(workspace) as bench:
        bench.update("map/retail/stage/awareness", {"name": "Discovery"}, expected_version=1)
    code, out, _ = run("map", "compare", f"snapshot/{snapshot_id}", "retail", "-w", workspace,
                       "--format", "json")
    assert code == 0
    assert json.loads(out) == [{"change": "changed", "kind": "stage", "id": "awareness",
                                "field": "name", "before": "Awareness", "after": "Discovery"}]
    code, out, _ = run("map", "snapshots", "retail", "-w", workspace, "--format", "csv")
    assert out.splitlines()[1].startswith(f"{snapshot_id},before workshop,")
    assert out.splitlines()[1].endswith(",anna")
    code, out, _ = run("map", "restore", snapshot_id, "-w", workspace)
    assert code == 0 and out.startswith(f"restored map/retail to snapshot {snapshot_id}")
    with Workbench.open(workspace) as bench:
        assert bench.journey_map("retail").stages[0].name == "Awareness"


def test_restore_with_a_stale_version_is_a_conflict(workspace: Path) -> None:
    code, out, _ = run("map", "snapshot", "retail", "--label", "v1", "-w", workspace)
    snapshot_id = out.split()[1]
    code, _, err = run("map", "restore", snapshot_id, "--expected-version", "99", "-w", workspace)
    assert code == 3
    assert err.startswith("error[conflict]: map 'retail' changed since you loaded it")


def test_unknown_map_and_snapshot(workspace: Path) -> None:
    code, _, err = run("map", "show", "nope", "-w", workspace)
    assert code == 2 and err == "error[not_found]: map 'nope' not found in workspace 'acme'\n"
    code, _, err = run("map", "restore", "nope", "-w", workspace)
    assert code == 2 and err == "error[not_found]: snapshot 'nope' not found\n"
