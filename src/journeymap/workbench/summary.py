"""Headless summaries of a workspace, for ``journeymap status`` and ``map list``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from journeymap.model import WorkspaceDocument

if TYPE_CHECKING:
    from journeymap.workbench.session import Workbench


def redact_url(url: str) -> str:
    """Hide a password in a database URL before showing it."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", url)


def map_rows(document: WorkspaceDocument) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id, "name": m.name, "variant": m.variant.value, "based_on": m.based_on,
            "stages": len(m.stages), "touchpoints": len(m.touchpoints), "lanes": len(m.lanes),
            "cards": sum(len(lane.cards) for lane in m.lanes),
            "pain_points": len(m.pain_points), "actions": len(m.actions),
        }
        for m in document.maps
    ]


def workspace_summary(bench: Workbench) -> list[tuple[str, str]]:
    document = bench.document()
    open_comments = sum(1 for c in document.comments if not c.resolved)
    data_files = sorted(p.name for p in bench.data_dir.glob("*") if p.is_file())
    return [
        ("workspace", f"{document.workspace.id} ({document.workspace.name})"),
        ("folder", str(bench.path)),
        ("store", redact_url(bench.store.url)),
        ("maps", ", ".join(m.id for m in document.maps) or "none"),
        ("personas", str(len(document.personas))),
        ("KPIs", str(len(document.kpis))),
        ("locations", str(len(document.locations))),
        ("members", str(len(document.members))),
        ("comments", f"{len(document.comments)} ({open_comments} open)"),
        ("snapshots", str(len(document.snapshots))),
        ("data files", ", ".join(data_files) or "none"),
    ]
