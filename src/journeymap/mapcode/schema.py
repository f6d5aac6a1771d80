"""The published JSON Schema of the workspace document, and validation against it.

The schema checks shapes, types, enums, ranges and id patterns, so editors and CI can
check a file without journeymap installed. Cross-references (a card's stage exists, a
comment's target exists) are only checked by ``load_document``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from journeymap.mapcode.problems import join_path, show
from journeymap.model import FORMAT_VERSION, WorkspaceDocument

SCHEMA_ID = f"https://journeymap.dev/schema/workspace-{FORMAT_VERSION}.json"
PUBLISHED_SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "workspace.schema.json"


def workspace_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a workspace document, generated from the model."""
    generated = WorkspaceDocument.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "journeymap workspace document",
        "description": (
            f"A whole journeymap workspace as one document (map as code, format "
            f"{FORMAT_VERSION}): maps with stages, touchpoints and match rules, lanes and "
            "cards, personas, KPIs, locations, pain points, opportunities, actions, "
            "snapshots and comments. References between objects are checked on import."
        ),
        **{key: value for key, value in generated.items() if key not in ("title", "description")},
    }


def schema_text() -> str:
    """The schema exactly as published (stable key order, 2-space indent, final newline)."""
    return json.dumps(workspace_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = PUBLISHED_SCHEMA) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(workspace_json_schema())


def _located(error: ValidationError) -> tuple[str, str]:
    parts: list[str | int] = list(error.absolute_path)
    instance = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema
    if error.validator == "required" and isinstance(instance, dict):
        missing = [key for key in expected if key not in instance]
        return join_path([*parts, missing[0]]), "required field is missing"
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set(schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed]
        return join_path([*parts, extra[0]]), "unknown field"
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in expected)
        return join_path(parts), f"expected one of {choices}; got {show(instance)}"
    return join_path(parts), error.message


def validate_with_schema(data: Any) -> list[tuple[str, str]]:
    """Check parsed YAML/JSON data against the schema; ``[(path, message)]``, empty if valid.

    Paths use the same form as ``load_document`` errors (``maps[0].stages[1].id``).
    """
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.path])
    return [_located(error) for error in errors]
