"""``journeymap serve``: the web app of a workspace (journey map canvas and REST API)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from journeymap.cli.common import DatabaseOption, WorkspaceOption

HostOption = Annotated[
    str, typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps it on this machine.")
]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]

#: The web app's factory (journeymap.web.app), named as uvicorn imports it. The CLI and the
#: web app are both entry points: the CLI hands over to the web app through the ASGI server
#: (which is also what lets uvicorn run several workers) instead of importing it.
APP_FACTORY = "journeymap.web.app:app_from_environment"


def serve(workspace: WorkspaceOption, host: HostOption = "127.0.0.1", port: PortOption = 8000,
          database: DatabaseOption = None) -> None:
    """Serve a workspace in the browser: the journey map canvas and the REST API (/api/v1)."""
    import uvicorn

    from journeymap.workbench import Workbench

    # Open it once here so that a wrong folder or an unreachable store is a one-line error.
    Workbench.open(workspace, database_url=database).close()
    os.environ["JOURNEYMAP_WORKSPACE"] = str(workspace.resolve())
    if database:
        os.environ["JOURNEYMAP_DATABASE_URL"] = database
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"journeymap serving {workspace} at http://{shown}:{port}/")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
