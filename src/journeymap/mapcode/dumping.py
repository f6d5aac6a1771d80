"""Write a ``WorkspaceDocument`` as stable, reviewable YAML or JSON text."""

from __future__ import annotations

import json
from typing import Any, Literal

from journeymap.mapcode.yamlio import to_yaml
from journeymap.model import FORMAT_VERSION, WorkspaceDocument


def document_data(doc: WorkspaceDocument) -> dict[str, Any]:
    """Plain JSON-ready data in model field order, fields equal to their default left out.

    Leaving defaults out loses nothing: loading fills the same defaults back in, so
    ``load(dump(doc)) == doc``. The format number is always written, it says how to read
    the rest.
    """
    data = doc.model_dump(mode="json", exclude_defaults=True)
    data.pop("journeymap", None)
    return {"journeymap": FORMAT_VERSION, **data}


def dump_document(doc: WorkspaceDocument, fmt: Literal["yaml", "json"]) -> str:
    """The document as text: unicode kept as is, dates ISO 8601, ending with a newline."""
    data = document_data(doc)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return to_yaml(data)
