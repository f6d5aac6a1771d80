"""Comments and threads: the REST API (``/api/v1/comments``) and the canvas' side panel.

Everyone who may read the workspace may comment and resolve (viewers included): talking
about the map is not editing it. The author is the signed-in person, never the request body.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import Field

from journeymap.errors import JourneymapError
from journeymap.model.base import Identifier
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.auth import require_role
from journeymap.web.errors import status_for
from journeymap.web.live import author, note_seen
from journeymap.web.pages import templates
from journeymap.web.schemas import Body
from journeymap.web.templating import render
from journeymap.workbench import Workbench
from journeymap.workbench.comments import add_comment, comment, set_resolved, threads

api_router = APIRouter(tags=["comments"])
ui_router = APIRouter(include_in_schema=False)
#: Viewers may post comments and resolve threads (the default for a POST is editor).
ANYONE = [Depends(require_role("viewer"))]

Target = Annotated[str, Query(min_length=1, max_length=300,
                              description="The object: e.g. map/<m>/card/<id> or persona/<id>.")]
CommentBody = Annotated[str, Field(min_length=1, max_length=20_000)]


class CommentNew(Body):
    target: Annotated[str, Field(min_length=1, max_length=300)]
    body: CommentBody
    parent: Identifier | None = None


class CommentChanges(Body):
    body: CommentBody | None = None
    resolved: bool | None = None


@api_router.get("/comments", operation_id="list_comments", responses=ERRORS)
def list_comments(bench: Bench, target: Target) -> dict[str, Any]:
    """The threads on one object: open ones first, each with its replies."""
    return {"target": target, "threads": [t.to_dict() for t in threads(bench, target)]}


@api_router.get("/comments/{comment_id}", operation_id="get_comment", responses=ERRORS)
def get_comment(bench: Bench, comment_id: str) -> JSONResponse:
    return versioned(comment(bench, comment_id))


@api_router.post("/comments", operation_id="add_comment", status_code=201, responses=ERRORS,
                 dependencies=ANYONE)
def post_comment(request: Request, bench: Bench, body: CommentNew) -> JSONResponse:
    """Comment on an object, or reply to ``parent`` (a comment on the same object)."""
    return versioned(add_comment(bench, body.target, body.body, author(request), body.parent),
                     201)


@api_router.patch("/comments/{comment_id}", operation_id="update_comment",
                  responses=EDIT_ERRORS, dependencies=ANYONE)
def update_comment(request: Request, bench: Bench, comment_id: str, body: CommentChanges,
                   version: ExpectedVersion) -> JSONResponse:
    """Resolve or reopen a thread (``resolved``; on its first comment), or change the text."""
    if body.resolved is not None:
        item = set_resolved(bench, comment_id, body.resolved, author(request),
                            expected_version=version)
        version = item.version
    if body.body is not None:
        item = bench.update(f"comment/{comment_id}", {"body": body.body.strip()},
                            expected_version=version)
    if body.resolved is None and body.body is None:
        item = comment(bench, comment_id)
    return versioned(item)


@api_router.delete("/comments/{comment_id}", operation_id="delete_comment", status_code=204,
                   responses=EDIT_ERRORS)
def delete_comment(bench: Bench, comment_id: str, version: ExpectedVersion) -> Response:
    """Delete a comment and the replies to it."""
    bench.store.delete(bench.workspace_id, f"comment/{comment_id}", expected_version=version)
    return Response(status_code=204)


# -- the side panel of the canvas (htmx) ---------------------------------------------------
def panel(request: Request, bench: Workbench, target: str, error: JourneymapError | None = None,
          status: int = 200) -> HTMLResponse:
    note_seen(request)
    return render(request, templates(request), "comments_panel.html", status,
                  target=target, threads=threads(bench, target), error=error)


@ui_router.get("/ui/comments", response_class=HTMLResponse)
def show_panel(request: Request, bench: Bench, target: Target) -> HTMLResponse:
    return panel(request, bench, target)


Text = Annotated[str, Form(max_length=20_000)]


@ui_router.post("/ui/comments", response_class=HTMLResponse, dependencies=ANYONE)
def post_from_panel(request: Request, bench: Bench, target: Annotated[str, Form(max_length=300)],
                    body: Text = "", parent: Annotated[str, Form(max_length=80)] = ""
                    ) -> HTMLResponse:
    try:
        add_comment(bench, target, body, author(request), parent or None)
    except JourneymapError as exc:
        return panel(request, bench, target, exc, status_for(exc))
    return panel(request, bench, target)


@ui_router.post("/ui/comments/{comment_id}/resolve", response_class=HTMLResponse,
                dependencies=ANYONE)
def resolve_from_panel(request: Request, bench: Bench, comment_id: str,
                       target: Annotated[str, Form(max_length=300)],
                       version: Annotated[int, Form()],
                       resolved: Annotated[str, Form(max_length=5)] = "1") -> HTMLResponse:
    try:
        set_resolved(bench, comment_id, resolved == "1", author(request),
                     expected_version=version)
    except JourneymapError as exc:
        return panel(request, bench, target, exc, status_for(exc))
    return panel(request, bench, target)
