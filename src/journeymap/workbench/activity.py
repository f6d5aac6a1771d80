"""The activity feed: who changed what when, newest first, a page at a time, per map."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeymap.errors import InputError, JourneymapError
from journeymap.store.activity import Activity
from journeymap.workbench.session import Workbench

if TYPE_CHECKING:
    from journeymap.ingest.store import ImportReport

LOG = logging.getLogger(__name__)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class ActivityPage:
    """One page of the feed; ``older`` is the ``before`` of the next page (None at the end)."""

    items: list[Activity]
    map_id: str | None
    older: int | None
    maps: list[tuple[str, str]]  # (id, name) of the maps to filter by

    def to_dict(self) -> dict[str, Any]:
        return {"items": [item.to_dict() for item in self.items], "map": self.map_id,
                "older": self.older}


def activity_page(bench: Workbench, *, map_id: str | None = None, before: int | None = None,
                  limit: int = PAGE_SIZE) -> ActivityPage:
    """The changes below id ``before`` (all when None), newest first; ``map_id`` keeps those
    inside one map. A deleted map's changes can still be listed by its id."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InputError(f"limit {limit} is outside 1..{MAX_PAGE_SIZE}", path="limit")
    found = bench.store.activity(bench.workspace_id, map_id=map_id, before=before,
                                 limit=limit + 1)
    items = found[:limit]
    older = items[-1].id if len(found) > limit else None
    maps = [(jmap.id, jmap.name) for jmap in bench.document().maps]
    return ActivityPage(items, map_id, older, maps)


def record_import(bench: Workbench, report: ImportReport) -> int | None:
    """Log a finished data import (events, customers, ...) in the activity feed; a failure
    to log is reported and never undoes or fails the import itself."""
    summary = (f"{report.file}: {report.accepted} accepted, {report.quarantined} quarantined, "
               f"{report.duplicates} duplicates")
    try:
        return bench.store.record(bench.workspace_id, "import", report.kind,
                                  f"import/{report.import_id}", summary)
    except JourneymapError as exc:
        LOG.warning("could not log import %s in the activity feed: %s", report.import_id, exc)
        return None


def object_link(item: Activity) -> str | None:
    """Where in the app the changed object is shown (None when nowhere, e.g. deleted maps)."""
    if item.action == "delete" and item.kind == "map":
        return None
    if item.map_id:
        return f"/maps/{item.map_id}"
    if item.kind == "board_note":
        return "/board"
    if item.action == "import":
        return "/data"
    return None
