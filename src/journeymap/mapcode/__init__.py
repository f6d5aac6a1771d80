"""Map as code: a whole workspace as one YAML/JSON document, and its JSON Schema.

``dump_document`` writes a ``WorkspaceDocument`` (keys in model order, defaults left out,
unicode as is, multi-line text as YAML block scalars); ``load_document`` and
``read_document`` read one back and report every problem as a ``DocumentError`` whose
``path`` points inside the document (``maps[0].touchpoints[1].channel``).

The published schema lives in ``journeymap/schema/workspace.schema.json``; a test fails
when it is out of date. Regenerate it with::

    python -m journeymap.mapcode --write-schema
"""

from journeymap.mapcode.dumping import document_data, dump_document
from journeymap.mapcode.loading import Format, load_document, read_document, sniff_format
from journeymap.mapcode.schema import (
    PUBLISHED_SCHEMA,
    SCHEMA_ID,
    schema_text,
    validate_with_schema,
    workspace_json_schema,
    write_schema,
)

__all__ = [
    "PUBLISHED_SCHEMA",
    "SCHEMA_ID",
    "Format",
    "document_data",
    "dump_document",
    "load_document",
    "read_document",
    "schema_text",
    "sniff_format",
    "validate_with_schema",
    "workspace_json_schema",
    "write_schema",
]
