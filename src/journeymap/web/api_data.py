"""REST operations on data: upload and preview, start and follow an import, the history, the
quarantine, unmatched events and assigning them to touchpoints."""

from __future__ import annotations

import os
import threading
from functools import partial
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from journeymap.errors import InputError
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, versioned
from journeymap.web.errors import API_PREFIX
from journeymap.workbench.activity import record_import
from journeymap.workbench.imports import (
    DEFAULT_UPLOAD_LIMIT,
    ImportJobs,
    Upload,
    check_kind,
    choose_mapping,
    import_history,
    preview_import,
    quarantine_page,
    save_upload,
    too_large,
)
from journeymap.workbench.unmatched import (
    assign_to_new_touchpoint,
    assign_to_touchpoint,
    unmatched,
)

router = APIRouter(tags=["data"])
#: The upload limit in MB (default 200); ``app.state.upload_limit`` (bytes) wins when set.
LIMIT_VARIABLE = "JOURNEYMAP_UPLOAD_LIMIT_MB"
MAPPING_LIMIT = 1024 * 1024
#: Room for the form's other fields and a mapping file besides the data file.
FORM_SLACK = MAPPING_LIMIT + 64 * 1024
UPLOAD_PATHS = (f"{API_PREFIX}/imports/preview", "/data/preview")
_jobs_lock = threading.Lock()


def limit_of(state: Any) -> int:
    """The upload limit in bytes: ``state.upload_limit``, else ``$JOURNEYMAP_UPLOAD_LIMIT_MB``."""
    limit = getattr(state, "upload_limit", None)
    if isinstance(limit, int):
        return limit
    text = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_UPLOAD_LIMIT
    try:
        return int(float(text) * 1e6)
    except ValueError:
        raise InputError(f"${LIMIT_VARIABLE} is {text!r}, not a number of MB",
                         hint=f"set it to e.g. 500, or unset it for {DEFAULT_UPLOAD_LIMIT // 10**6}"
                         " MB") from None


def upload_limit(request: Request) -> int:
    return limit_of(request.app.state)


class UploadGuard:
    """Refuse an upload whose declared size is well over the limit before its body is read
    (the body would otherwise be spooled to disk first); smaller excesses are refused while
    the file is copied."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" \
                and scope["path"] in UPLOAD_PATHS:
            length = dict(scope["headers"]).get(b"content-length", b"")
            limit = limit_of(scope["app"].state)
            if length.isdigit() and int(length) > limit + FORM_SLACK:
                error = too_large("the upload", limit)
                if scope["path"].startswith(API_PREFIX):
                    response: Response = JSONResponse(error.to_dict(), status_code=413)
                else:  # the page's panel, which htmx swaps in on 422
                    notice = f'<div class="notice error" role="alert"><p>{escape(str(error))}</p>'
                    response = HTMLResponse(f'<div id="data-panel" class="data-panel">{notice}'
                                            "</div></div>", status_code=422)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def import_jobs(request: Request, bench: Bench) -> ImportJobs:
    """The app's import jobs (made on first use)."""
    with _jobs_lock:
        jobs = getattr(request.app.state, "import_jobs", None)
        if not isinstance(jobs, ImportJobs):
            jobs = ImportJobs(bench.path, on_done=partial(record_import, bench))
            request.app.state.import_jobs = jobs
    return jobs


Jobs = Annotated[ImportJobs, Depends(import_jobs)]


def discard_uploads(app: Any) -> None:
    """Delete the uploads previewed but never imported (the app is shutting down)."""
    jobs = getattr(app.state, "import_jobs", None)
    if isinstance(jobs, ImportJobs):
        jobs.discard_staged()


def receive(request: Request, kind: str, file: UploadFile, mapping: str,
            mapping_file: UploadFile | None) -> tuple[Upload, Any]:
    """Save the upload and read the chosen mapping; both checked before anything is kept."""
    check_kind(kind)
    yaml_text = None
    if mapping_file is not None and mapping_file.filename:
        raw = mapping_file.file.read(MAPPING_LIMIT + 1)
        if len(raw) > MAPPING_LIMIT:
            raise InputError("the mapping file is larger than 1 MB", path="mapping_file")
        try:
            yaml_text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("the mapping file is not UTF-8 text", path="mapping_file") from None
    spec = choose_mapping(kind, mapping, yaml_text, source=mapping_file.filename
                          if mapping_file is not None and mapping_file.filename else "mapping")
    upload = save_upload(file.file.read, file.filename or "upload", upload_limit(request))
    return upload, spec


def preview_and_stage(request: Request, jobs: ImportJobs, kind: str, file: UploadFile,
                      mapping: str, mapping_file: UploadFile | None) -> dict[str, Any]:
    upload, spec = receive(request, kind, file, mapping, mapping_file)
    try:
        preview = preview_import(upload, kind, spec)
    except BaseException:
        upload.discard()
        raise
    return {"upload": jobs.stage(upload, kind, spec), "size": upload.size,
            "preview": preview.to_dict()}


@router.post("/imports/preview", operation_id="upload_preview", responses=ERRORS | {
    413: {"description": "The request declares a size well over the upload limit"}})
def upload_preview(
    request: Request, jobs: Jobs,
    file: Annotated[UploadFile, File(description="CSV/TSV, Parquet or JSON Lines (.gz too)")],
    kind: Annotated[str, Form(description="events, customers, transactions or surveys")],
    mapping: Annotated[str, Form(max_length=100, description="a ready mapping name")] = "",
    mapping_file: Annotated[UploadFile | None, File(description="a mapping YAML")] = None,
) -> dict[str, Any]:
    """Upload a file and see its first rows as they will be imported, with their problems.

    The answer's `upload` token starts the import (`start_import`); nothing is written yet.
    """
    return preview_and_stage(request, jobs, kind, file, mapping, mapping_file)


class ImportStart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    upload: str = Field(min_length=1, max_length=100, description="the token of upload_preview")


@router.post("/imports", operation_id="start_import", status_code=202, responses=ERRORS)
def start_import(jobs: Jobs, body: ImportStart) -> JSONResponse:
    """Import a previewed upload in the background; follow it with `get_import`."""
    return JSONResponse(jobs.start(body.upload).to_dict(), status_code=202)


@router.get("/imports/jobs/{job_id}", operation_id="get_import", responses=ERRORS)
def get_import(jobs: Jobs, job_id: str) -> dict[str, Any]:
    """An import job: status, step, fraction done and, at the end, the counts or the error."""
    return jobs.get(job_id).to_dict()


@router.get("/imports", operation_id="list_imports", responses=ERRORS)
def list_imports(bench: Bench, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                 ) -> dict[str, Any]:
    """The import history, newest first (read = accepted + quarantined + duplicates)."""
    rows = import_history(bench.path, limit)
    for row in rows:
        row["started_at"] = row["started_at"].isoformat()
        row["finished_at"] = row["finished_at"].isoformat()
    return {"imports": rows}


@router.get("/quarantine", operation_id="list_quarantine", responses=ERRORS)
def list_quarantine(
    bench: Bench, import_id: Annotated[str | None, Query(max_length=100)] = None,
    offset: Annotated[int, Query(ge=0)] = 0, size: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> dict[str, Any]:
    """Rejected rows with file, row, column and reason; `more` says another page exists."""
    return quarantine_page(bench.path, import_id, offset, size).to_dict()


@router.get("/maps/{map_id}/unmatched-events", operation_id="list_unmatched_events",
            responses=ERRORS)
def list_unmatched_events(bench: Bench, map_id: str,
                          top: Annotated[int | None, Query(ge=1, le=100_000)] = None,
                          ) -> dict[str, Any]:
    """Events no touchpoint of the map matches, by volume (the `top` most frequent if given)."""
    return {"events": unmatched(bench, map_id, top)}


class NewTouchpoint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=200)
    stage: str = Field(min_length=1, max_length=100)
    channel: str = Field(min_length=1, max_length=20)


class EventAssignment(BaseModel):
    """Either an existing touchpoint and its version, or a new touchpoint."""

    model_config = ConfigDict(extra="forbid")

    event: str = Field(min_length=1, max_length=500)
    touchpoint: str | None = Field(default=None, max_length=100)
    version: int | None = Field(default=None, ge=0)
    new_touchpoint: NewTouchpoint | None = None


@router.post("/maps/{map_id}/unmatched-events/assign", operation_id="assign_event",
             responses=EDIT_ERRORS)
def assign_event(bench: Bench, map_id: str, body: EventAssignment) -> JSONResponse:
    """Add an exact rule for the event to a touchpoint (a stale `version` answers 409), or
    create a touchpoint with that rule (201); answers the touchpoint."""
    if body.new_touchpoint is not None:
        new = body.new_touchpoint
        return versioned(assign_to_new_touchpoint(
            bench, map_id, body.event, name=new.name, stage=new.stage, channel=new.channel), 201)
    if body.touchpoint is None or body.version is None:
        raise InputError("give touchpoint and version, or new_touchpoint", path="touchpoint")
    return versioned(assign_to_touchpoint(bench, map_id, body.touchpoint, body.event,
                                          expected_version=body.version))
