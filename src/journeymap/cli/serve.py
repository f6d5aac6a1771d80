"""``journeymap serve``: the web app of a workspace (journey map canvas and REST API)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from journeymap.cli.common import DatabaseOption, WorkspaceOption
from journeymap.errors import InputError

HostOption = Annotated[
    str, typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps it on this machine.")
]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]
NoLoginOption = Annotated[bool, typer.Option(
    "--no-login", help="Local mode even when accounts exist: nobody signs in (loopback only).")]
SecureCookiesOption = Annotated[bool, typer.Option(
    "--secure-cookies", help="Mark cookies Secure (serving behind an https proxy).")]

#: Seconds a stopping server waits for open requests (event streams) before cutting them.
SHUTDOWN_GRACE_SECONDS = 2

#: The web app's factory (journeymap.web.app), named as uvicorn imports it. The CLI and the
#: web app are both entry points: the CLI hands over to the web app through the ASGI server
#: (which is also what lets uvicorn run several workers) instead of importing it.
APP_FACTORY = "journeymap.web.app:app_from_environment"


def serve(workspace: WorkspaceOption, host: HostOption = "127.0.0.1", port: PortOption = 8000,
          database: DatabaseOption = None, no_login: NoLoginOption = False,
          secure_cookies: SecureCookiesOption = False) -> None:
    """Serve a workspace in the browser: the journey map canvas and the REST API (/api/v1).

    On 127.0.0.1, ::1 or localhost with no accounts (or with --no-login) nobody signs in
    (local mode); on any other address people sign in, so it needs an account first.
    """
    import uvicorn

    from journeymap.workbench import Workbench

    # Open it once here so that a wrong folder or an unreachable store is a one-line error.
    with Workbench.open(workspace, database_url=database) as bench:
        check_login(bench, host, no_login=no_login)
    os.environ["JOURNEYMAP_WORKSPACE"] = str(workspace.resolve())
    os.environ["JOURNEYMAP_HOST"] = host
    os.environ["JOURNEYMAP_NO_LOGIN"] = "1" if no_login else "0"
    os.environ["JOURNEYMAP_SECURE_COOKIES"] = "1" if secure_cookies else "0"
    if database:
        os.environ["JOURNEYMAP_DATABASE_URL"] = database
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"journeymap serving {workspace} at http://{shown}:{port}/")
    # Open event streams (live updates) never end on their own: cut them on shutdown.
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level="warning",
                timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS)


def check_login(bench: Any, host: str, *, no_login: bool) -> None:
    """Refuse to serve a workspace that nobody could sign in to, or without login off loopback."""
    from journeymap.workbench.accounts import accounts, is_loopback

    if is_loopback(host):
        return
    if no_login:
        raise InputError(f"--no-login is only allowed on a loopback address, not {host}",
                         hint="serve on 127.0.0.1, or let people sign in")
    if accounts(bench).count() == 0:
        raise InputError(f"serving on {host} needs sign-in, and this store has no accounts",
                         hint="add one first: journeymap users add EMAIL --role owner")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
