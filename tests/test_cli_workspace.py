"""`journeymap init|status|schema|export workspace|import workspace` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from builders import document_data
from cli_support import run


def test_init_then_status(tmp_path: Path) -> None:
    code, out, _ = run("init", tmp_path / "acme", "--name", "Acme Sklep")
    assert code == 0
    assert out == f"created workspace 'acme-sklep' in {tmp_path / 'acme'}\n"
    code, out, _ = run("status", "--workspace", tmp_path / "acme")
    assert code == 0
    lines = dict(line.split(None, 1) for line in out.splitlines() if " " in line)
    assert lines["workspace"].strip() == "acme-sklep (Acme Sklep)"
    assert lines["maps"].strip() == "none"
    assert lines["store"].strip() == f"sqlite:///{tmp_path / 'acme'}/workspace.db"


def test_init_twice_is_a_clear_error(tmp_path: Path) -> None:
    assert run("init", tmp_path)[0] == 0
    code, out, err = run("init", tmp_path)
    assert code == 2 and out == ""
    assert err == (f"error[workspace_error]: {tmp_path} is already a journeymap workspace "
                   "(use another folder or work in this one)\n")


def test_status_outside_a_workspace(tmp_path: Path) -> None:
    code, _, err = run("status", "--workspace", tmp_path)
    assert code == 2
    assert err.startswith(f"error[workspace_error]: {tmp_path} is not a journeymap workspace")
    assert "Traceback" not in err


def test_workspace_from_environment(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    run("init", tmp_path / "w")
    monkeypatch.setenv("JOURNEYMAP_WORKSPACE", str(tmp_path / "w"))
    code, out, _ = run("status")
    assert code == 0 and out.startswith("workspace      w (w)")


def test_export_import_export_is_identical(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(yaml.safe_dump(document_data(maps=2), allow_unicode=True),
                      encoding="utf-8")
    code, out, err = run("import", "workspace", source, "--workspace", tmp_path / "a")
    assert code == 0, err
    assert out == f"created workspace 'acme' in {tmp_path / 'a'} from {source}\n"
    for fmt in ("yaml", "json"):
        first = tmp_path / f"first.{fmt}"
        exported = run("export", "workspace", "-w", tmp_path / "a", "--format", fmt, "-o", first)
        assert exported[0] == 0
        assert run("import", "workspace", first, "-w", tmp_path / f"b-{fmt}")[0] == 0
        code, second, _ = run("export", "workspace", "-w", tmp_path / f"b-{fmt}", "--format", fmt)
        assert code == 0
        assert second == first.read_text(encoding="utf-8")
    assert "Oszczędna Ola" in (tmp_path / "first.yaml").read_text(encoding="utf-8")


def test_bad_document_names_the_path_and_changes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document_data()), encoding="utf-8")
    assert run("import", "workspace", good, "-w", tmp_path / "ws")[0] == 0
    before = run("export", "workspace", "-w", tmp_path / "ws")[1]
    data = document_data()
    data["maps"][0]["touchpoints"][1]["channel"] = "fax"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run("import", "workspace", bad, "-w", tmp_path / "ws")
    assert code == 2
    assert err.startswith("error[invalid_document]: ")
    assert "maps[0].touchpoints[1].channel: expected one of web, app, email" in err
    assert run("export", "workspace", "-w", tmp_path / "ws")[1] == before


def test_import_into_a_workspace_with_another_id_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document_data()), encoding="utf-8")
    run("init", tmp_path / "other")
    code, _, err = run("import", "workspace", good, "-w", tmp_path / "other")
    assert code == 2
    assert "the document is workspace 'acme' but this folder holds 'other'" in err


def test_schema_is_the_published_one(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$id"] == "https://journeymap.dev/schema/workspace-1.json"
    assert run("schema", "-o", tmp_path / "s.json")[0] == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("journeymap 0.")
    code, out, _ = run("--help")
    assert code == 0
    for command in ("init", "status", "schema", "demo", "export", "import", "map", "analyze"):
        assert command in out
