"""``create_app``: one workspace, its REST API under ``/api/v1`` and its pages."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from journeymap import __version__
from journeymap.errors import JourneymapError, WorkspaceError
from journeymap.web import (
    actions,
    activity,
    api_children,
    api_data,
    api_flows,
    api_maps,
    api_places,
    auth,
    board,
    canvas_edits,
    canvas_parts,
    comments,
    data,
    flows,
    focus,
    i18n,
    jobs,
    live,
    method,
    numbers,
    pages,
    painpoints,
    personas,
    places,
    report,
    users,
    voice,
)
from journeymap.web.errors import API_PREFIX, install_error_handlers
from journeymap.web.templating import environment, render
from journeymap.web.throttle import SignInThrottle
from journeymap.workbench import Workbench
from journeymap.workbench.jobs import Jobs

STATIC_DIR = Path(__file__).parent / "static"

API_DESCRIPTION = """The REST API of a journeymap workspace: everything the pages do.

Edits are guarded by versions: every object carries a `version` (also sent as the `ETag`).
Update, move, delete and restore take the version the change is based on in the `If-Match`
header; when the object has changed since, the answer is 409 with the current object in
`error.details.current` (null when it was deleted), and nothing is written.
Errors always have the shape `{"error": {"code", "message", "hint"?, "details"?}}`.
"""


def create_app(workspace: Path, *, database_url: str | None = None,
               auth_settings: auth.AuthSettings | None = None) -> FastAPI:
    """The web app of the workspace folder ``workspace`` (its store opened now).

    Without ``auth_settings`` it behaves as bound to loopback (local mode while the store
    has no accounts); ``journeymap serve`` passes what it was started with.
    """
    bench = Workbench.open(workspace, database_url=database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.live.stop()
        api_data.discard_uploads(app)
        bench.close()

    app = FastAPI(
        title="journeymap", version=__version__, description=API_DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None,
        lifespan=lifespan,
    )
    app.state.bench = bench
    app.state.templates = environment()
    app.state.jobs = Jobs()  # background runs started from pages (web/jobs.py)
    app.state.sign_in_throttle = SignInThrottle()
    auth.install(app, auth_settings or auth.AuthSettings())  # before any router is included
    live.install(app, bench)  # after auth: logs changes under the signed-in user's name

    def render_error(request: Request, exc: JourneymapError, status: int) -> HTMLResponse:
        return render(request, app.state.templates, "error.html", status, error=exc,
                      status=status)

    def workspace_language() -> str:
        return str(bench.get("workspace").obj.model_dump()["language"])

    install_error_handlers(app, render_error)
    app.add_middleware(i18n.LocaleMiddleware, workspace_language=workspace_language)
    app.add_middleware(api_data.UploadGuard)
    app.include_router(i18n.router)
    app.include_router(users.router)
    app.include_router(users.api_router, prefix=API_PREFIX)
    app.include_router(api_maps.router, prefix=API_PREFIX)
    app.include_router(api_children.router, prefix=API_PREFIX)
    app.include_router(api_flows.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.include_router(canvas_edits.router)
    app.include_router(canvas_parts.router)
    app.include_router(flows.router)
    app.include_router(voice.api_router, prefix=API_PREFIX)
    app.include_router(voice.page_router)
    app.include_router(api_data.router, prefix=API_PREFIX)
    app.include_router(data.router)
    app.include_router(numbers.router, prefix=API_PREFIX)
    app.include_router(api_places.router, prefix=API_PREFIX)
    app.include_router(places.router)
    app.include_router(live.router, prefix=API_PREFIX)
    app.include_router(activity.api_router, prefix=API_PREFIX)
    app.include_router(activity.page_router)
    app.include_router(comments.api_router, prefix=API_PREFIX)
    app.include_router(comments.ui_router)
    app.include_router(board.api_router, prefix=API_PREFIX)
    app.include_router(board.page_router)
    app.include_router(focus.api_router, prefix=API_PREFIX)
    app.include_router(focus.page_router)
    app.include_router(actions.api_router, prefix=API_PREFIX)
    app.include_router(actions.page_router)
    app.include_router(method.api_router, prefix=API_PREFIX)
    app.include_router(method.page_router)
    app.include_router(painpoints.api_router, prefix=API_PREFIX)
    app.include_router(painpoints.page_router)
    app.include_router(personas.api_router, prefix=API_PREFIX)
    app.include_router(personas.page_router)
    app.include_router(jobs.api_router, prefix=API_PREFIX)
    app.include_router(jobs.page_router)
    app.include_router(report.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


#: The variables ``app_from_environment`` reads; the CLI's --workspace/--database use them too.
WORKSPACE_VARIABLE = "JOURNEYMAP_WORKSPACE"
DATABASE_VARIABLE = "JOURNEYMAP_DATABASE_URL"


def app_from_environment() -> FastAPI:
    """The app of ``$JOURNEYMAP_WORKSPACE`` (store ``$JOURNEYMAP_DATABASE_URL`` if set).

    An application factory for ASGI servers (``uvicorn --factory``): each worker process
    builds its own app from the environment.
    """
    folder = os.environ.get(WORKSPACE_VARIABLE)
    if not folder:
        raise WorkspaceError(f"${WORKSPACE_VARIABLE} is not set",
                             hint="set it to the workspace folder to serve")
    return create_app(Path(folder), database_url=os.environ.get(DATABASE_VARIABLE) or None,
                      auth_settings=auth.AuthSettings.from_environment())
