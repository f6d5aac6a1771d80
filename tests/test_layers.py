"""Layers import downwards only (docs/adr/0001-layers.md); checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import journeymap

PACKAGE = Path(journeymap.__file__).parent

LAYERS = {
    "errors": 0, "layout": 0, "model": 1, "mapcode": 2, "store": 2, "engine": 3, "ingest": 4,
    "analytics": 5, "reports": 6, "geo": 6, "demo": 6, "workbench": 7, "web": 8, "cli": 9,
}
ENTRY_POINT_ONLY = {"typer": "cli", "rich": "cli", "click": "cli", "fastapi": "web",
                    "starlette": "web", "jinja2": "web"}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def modules() -> list[tuple[str, Path]]:
    result = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(p for p in rel.parts if p != "__init__")
        result.append((name, path))
    return result


def test_every_module_belongs_to_a_known_layer() -> None:
    unknown = {name for name, _ in modules() if layer_of(name) not in LAYERS and
               name != "journeymap"}
    assert not unknown, f"add these to LAYERS in this test and in ADR 0001: {sorted(unknown)}"


def test_imports_point_down_only() -> None:
    violations = []
    for name, path in modules():
        own = layer_of(name)
        if own not in LAYERS:
            continue
        for target in imports(path):
            if target.startswith("journeymap.") and layer_of(target) in LAYERS:
                other = layer_of(target)
                if other != own and LAYERS[other] >= LAYERS[own]:
                    violations.append(f"{name} imports {target}")
    assert not violations, violations


def test_ui_libraries_only_in_entry_points() -> None:
    violations = []
    for name, path in modules():
        for target in imports(path):
            allowed = ENTRY_POINT_ONLY.get(target.split(".")[0])
            if allowed is not None and layer_of(name) != allowed:
                violations.append(f"{name} imports {target}")
    assert not violations, violations
