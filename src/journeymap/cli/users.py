"""``journeymap users ...``: accounts and roles of a workspace (docs/team.md)."""

from __future__ import annotations

import getpass
import sys
from enum import StrEnum
from typing import Annotated

import typer

from journeymap.cli.common import (
    DatabaseOption,
    FormatOption,
    OutputFormat,
    WorkspaceOption,
    emit,
    render_rows,
)
from journeymap.errors import InputError

app = typer.Typer(help="People of a workspace: accounts, roles, invitations and "
                  "password reset links.",
                  no_args_is_help=True)

#: The stable columns of ``users list``.
LIST_COLUMNS = ["user", "name", "role", "has_account", "disabled", "created_at"]


class RoleChoice(StrEnum):
    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"


EmailArgument = Annotated[str, typer.Argument(help="The person's e-mail address.")]
RoleOption = Annotated[RoleChoice, typer.Option(
    "--role", help="owner: everything incl. members; editor: edit maps and data; "
    "viewer: read and comment.", case_sensitive=False)]
PasswordStdinOption = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input "
    "(for scripts); otherwise it is asked for.")]


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("--password-stdin: standard input has no password line")
        return password
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return str(password)


@app.command("add")
def add(email: EmailArgument, workspace: WorkspaceOption, role: RoleOption = RoleChoice.EDITOR,
        name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
        password_stdin: PasswordStdinOption = False, database: DatabaseOption = None) -> None:
    """Create an account that is a member of the workspace with --role."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.accounts import add_user

    password = read_password(password_stdin)
    with Workbench.open(workspace, database_url=database) as bench:
        account = add_user(bench, email, role.value, password, name=name)
    typer.echo(f"added {account.email} ({account.name}) as {role.value}")


@app.command("list")
def list_users(workspace: WorkspaceOption, fmt: FormatOption = OutputFormat.TABLE,
               database: DatabaseOption = None) -> None:
    """List the members: user, name, role, has_account, disabled, created_at."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.accounts import people

    with Workbench.open(workspace, database_url=database) as bench:
        rows = [{"user": p.user, "name": p.name, "role": p.role.value,
                 "has_account": p.has_account, "disabled": p.disabled,
                 "created_at": p.created_at} for p in people(bench)]
    emit(render_rows(rows, LIST_COLUMNS, fmt))


@app.command("invite")
def invite(email: EmailArgument, workspace: WorkspaceOption,
           role: RoleOption = RoleChoice.EDITOR,
           base_url: Annotated[str, typer.Option(
               "--base-url", help="The address people open the app at.")] =
           "http://127.0.0.1:8000", database: DatabaseOption = None) -> None:
    """Invite someone with --role; prints the link to send them (valid 7 days, once)."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.accounts import invite as make_invitation

    with Workbench.open(workspace, database_url=database) as bench:
        token = make_invitation(bench, email, role.value, invited_by=f"cli:{_os_user()}")
    typer.echo(f"{base_url.rstrip('/')}/invite/{token}")


@app.command("reset-link")
def reset_link(email: EmailArgument, workspace: WorkspaceOption,
               base_url: Annotated[str, typer.Option(
                   "--base-url", help="The address people open the app at.")] =
               "http://127.0.0.1:8000", database: DatabaseOption = None) -> None:
    """Print a password reset link for a member (valid 24 hours, once; older ones stop
    working). Hand it on yourself: journeymap sends no e-mail."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.password_resets import issue_reset

    with Workbench.open(workspace, database_url=database) as bench:
        token = issue_reset(bench, email, created_by=f"cli:{_os_user()}")
    typer.echo(f"{base_url.rstrip('/')}/reset/{token}")


@app.command("role")
def set_role(email: EmailArgument, workspace: WorkspaceOption, role: RoleOption,
             database: DatabaseOption = None) -> None:
    """Give a member another role (a workspace always keeps an owner)."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.accounts import set_role as change

    with Workbench.open(workspace, database_url=database) as bench:
        change(bench, email, role.value)
    typer.echo(f"{email} is now {role.value}")


@app.command("remove")
def remove(email: EmailArgument, workspace: WorkspaceOption,
           database: DatabaseOption = None) -> None:
    """Take someone out of the workspace (their account stays for other workspaces)."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.accounts import remove_member

    with Workbench.open(workspace, database_url=database) as bench:
        remove_member(bench, email)
    typer.echo(f"removed {email}")


@app.command("password")
def password(email: EmailArgument, workspace: WorkspaceOption,
             password_stdin: PasswordStdinOption = False,
             database: DatabaseOption = None) -> None:
    """Set a new password (signs the account out everywhere)."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.accounts import accounts

    secret = read_password(password_stdin)
    with Workbench.open(workspace, database_url=database) as bench:
        accounts(bench).set_password(email, secret)
    typer.echo(f"password of {email} changed")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="users")
