"""The workbench facade: workspace folders, documents, versions, the demo build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import document
from journeymap.errors import ConflictError, NotFoundError, WorkspaceError
from journeymap.workbench import CONFIG_FILE, Workbench, init_workspace, is_workspace, read_config
from journeymap.workbench.demo import build_demo, demo_report


def test_init_writes_the_marker_and_an_empty_document(tmp_path: Path) -> None:
    with init_workspace(tmp_path / "Acme Sklep") as bench:
        assert bench.workspace_id == "acme-sklep"
        assert bench.document().workspace.name == "Acme Sklep"
    assert json.loads((tmp_path / "Acme Sklep" / CONFIG_FILE).read_text()) == {
        "workspace": "acme-sklep", "format": 1, "demo": {}}
    assert (tmp_path / "Acme Sklep" / "workspace.db").is_file()


def test_init_on_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(WorkspaceError, match="exists and is not a folder"):
        init_workspace(tmp_path / "f")


def test_broken_marker_is_a_workspace_error(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text("{not json")
    with pytest.raises(WorkspaceError, match="not a valid workspace marker"):
        read_config(tmp_path)


def test_open_edit_and_conflict(tmp_path: Path) -> None:
    init_workspace(tmp_path, document=document()).close()
    with Workbench.open(tmp_path) as first, Workbench.open(tmp_path) as second:
        card = first.get("map/retail/card/t1")
        assert card.version == 1
        first.update("map/retail/card/t1", {"text": "Cheaper here?"}, expected_version=1)
        with pytest.raises(ConflictError) as conflict:
            second.update("map/retail/card/t1", {"text": "mine"}, expected_version=1)
        assert conflict.value.current is not None
        assert conflict.value.current["text"] == "Cheaper here?"
        assert conflict.value.current_version == 2
    with Workbench.open(tmp_path) as bench:
        assert bench.journey_map("retail").lanes[0].cards[0].text == "Cheaper here?"
        with pytest.raises(NotFoundError):
            bench.journey_map("nope")


def test_snapshot_derive_compare_restore(tmp_path: Path) -> None:
    with init_workspace(tmp_path, document=document()) as bench:
        snap = bench.snapshot("retail", "before workshop", created_by="anna")
        assert [s.id for s in bench.snapshots("retail")] == [snap.id]
        bench.derive("retail", "retail-to-be")
        assert bench.journey_map("retail-to-be").based_on == "retail"
        bench.update("map/retail/stage/awareness", {"name": "Discovery"},
                     expected_version=bench.get("map/retail/stage/awareness").version)
        diff = bench.compare(f"snapshot/{snap.id}", "retail")
        assert not diff.is_empty
        bench.restore(snap.id)
        assert bench.journey_map("retail").stages[0].name == "Awareness"
        assert bench.compare(f"snapshot/{snap.id}", "retail").is_empty


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo-workspace"
    steps: list[str] = []
    result = build_demo(path, customers=300, seed=7, progress=lambda s, f: steps.append(s))
    assert not result.reused and steps[-1] == "done"
    return path


def test_demo_builds_a_complete_workspace(small_demo: Path) -> None:
    assert is_workspace(small_demo)
    assert not small_demo.with_name("demo-workspace.building").exists()
    info = read_config(small_demo).demo
    assert info["complete"] is True and info["customers"] == 300 and info["events"] > 300 * 20
    with Workbench.open(small_demo) as bench:
        doc = bench.document()
    assert len(doc.maps[0].stages) == 5
    assert len(doc.locations) >= 8


def test_demo_is_reused_unless_rebuilt(small_demo: Path) -> None:
    again = build_demo(small_demo, customers=300, seed=7)
    assert again.reused
    assert demo_report(again)[0].startswith(f"demo workspace reused: {small_demo} (")


def test_demo_refuses_to_overwrite_a_real_workspace(tmp_path: Path) -> None:
    init_workspace(tmp_path / "mine").close()
    with pytest.raises(WorkspaceError, match="is not a demo workspace"):
        build_demo(tmp_path / "mine", customers=100, seed=1)
    assert is_workspace(tmp_path / "mine")


def test_demo_export_import_export_is_identical(small_demo: Path, tmp_path: Path) -> None:
    from journeymap.mapcode import load_document

    with Workbench.open(small_demo) as bench:
        first = bench.export_text("yaml")
    with init_workspace(tmp_path / "copy", document=load_document(first, fmt="yaml")) as copy:
        assert copy.export_text("yaml") == first


def test_demo_of_an_older_build_is_rebuilt(tmp_path: Path) -> None:
    from dataclasses import replace

    from journeymap.workbench.folder import write_config

    path = tmp_path / "demo"
    build_demo(path, customers=100, seed=3)
    config = read_config(path)
    write_config(path, replace(config, demo={**config.demo, "build": 1}))
    assert not build_demo(path, customers=100, seed=3).reused
    assert build_demo(path, customers=100, seed=3).reused


def test_demo_comes_with_personas_and_pain_points_found_in_its_data(small_demo: Path) -> None:
    from journeymap.model import FindingSource, PersonaSource

    info = read_config(small_demo).demo
    with Workbench.open(small_demo) as bench:
        doc = bench.document()
    clustered = [p for p in doc.personas if p.source is PersonaSource.CLUSTERING]
    detected = [p for p in doc.maps[0].pain_points if p.source is FindingSource.DETECTED]
    assert len(clustered) >= 2 and info["personas_found"] == len(clustered)
    assert info["pain_points_found"] == len(detected)
