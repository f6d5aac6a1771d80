"""REST operations on the workspace and on whole maps: export, versions, compare, derive."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from journeymap.model import MapSnapshot
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.schemas import DerivedMap, ExportFormat, SnapshotNew
from journeymap.workbench.summary import map_rows

router = APIRouter(tags=["workspace and maps"])


def snapshot_info(snapshot: MapSnapshot) -> dict[str, Any]:
    """A kept version without its content (fetch the content with compare or restore)."""
    return snapshot.model_dump(mode="json", exclude={"content"})


@router.get("/workspace", operation_id="get_workspace", responses=ERRORS)
def get_workspace(bench: Bench) -> JSONResponse:
    return versioned(bench.get("workspace"))


@router.get("/workspace/export", operation_id="export_workspace", responses=ERRORS)
def export_workspace(bench: Bench, format: ExportFormat = "json") -> Response:
    """The whole workspace as one map-as-code document (JSON, or YAML text)."""
    if format == "yaml":
        return PlainTextResponse(bench.export_text("yaml"), media_type="application/yaml")
    return JSONResponse(bench.document().model_dump(mode="json"))


@router.get("/maps", operation_id="list_maps", responses=ERRORS)
def list_maps(bench: Bench) -> dict[str, list[dict[str, Any]]]:
    return {"maps": map_rows(bench.document())}


@router.get("/maps/{map_id}", operation_id="get_map", responses=ERRORS)
def get_map(bench: Bench, map_id: str) -> JSONResponse:
    return versioned(bench.get(f"map/{map_id}"))


@router.get("/maps/{map_id}/snapshots", operation_id="list_snapshots", responses=ERRORS)
def list_snapshots(bench: Bench, map_id: str) -> dict[str, list[dict[str, Any]]]:
    """Kept versions of the map, newest first."""
    return {"snapshots": [snapshot_info(s) for s in bench.snapshots(map_id)]}


@router.post("/maps/{map_id}/snapshots", operation_id="snapshot_map", status_code=201,
             responses=ERRORS)
def snapshot_map(bench: Bench, map_id: str, body: SnapshotNew) -> JSONResponse:
    snapshot = bench.snapshot(map_id, body.label, created_by=body.created_by)
    return JSONResponse(snapshot_info(snapshot), status_code=201)


@router.post("/snapshots/{snapshot_id}/restore", operation_id="restore_snapshot",
             responses=EDIT_ERRORS)
def restore_snapshot(bench: Bench, snapshot_id: str, version: ExpectedVersion) -> JSONResponse:
    """Replace the live map's content with the snapshot's; If-Match is the map's version."""
    return versioned(bench.restore(snapshot_id, expected_version=version))


@router.get("/compare", operation_id="compare_maps", responses=ERRORS)
def compare_maps(
    bench: Bench,
    before: Annotated[str, Query(description="A map id or snapshot/<id>.")],
    after: Annotated[str, Query(description="A map id or snapshot/<id>.")],
) -> dict[str, Any]:
    return bench.compare(before, after).to_dict()


@router.post("/maps/{map_id}/derive", operation_id="derive_map", status_code=201,
             responses=ERRORS)
def derive_map(bench: Bench, map_id: str, body: DerivedMap) -> JSONResponse:
    """Start a new map (the to-be map by default) as a copy of this one, same ids."""
    return versioned(bench.derive(map_id, body.id, variant=body.variant, name=body.name), 201)
