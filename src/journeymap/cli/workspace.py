"""Workspace commands: init, status, schema, demo, export/import workspace (map as code)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from journeymap.cli.common import DatabaseOption, OutputOption, WorkspaceOption, emit
from journeymap.cli.serve import HostOption, PortOption


class DocumentFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to make a workspace (created if "
                                               "missing).", file_okay=False)],
    name: Annotated[str | None, typer.Option(help="Workspace name (default: folder name).")]
    = None,
    workspace_id: Annotated[str | None, typer.Option("--id", help="Workspace id (default: "
                                                     "from the name).")] = None,
    database: DatabaseOption = None,
) -> None:
    """Make an empty workspace in DIRECTORY."""
    from journeymap.workbench import init_workspace

    with init_workspace(directory, name=name, workspace_id=workspace_id,
                        database_url=database) as bench:
        typer.echo(f"created workspace {bench.workspace_id!r} in {directory}")


def status(workspace: WorkspaceOption, database: DatabaseOption = None) -> None:
    """Show what the workspace holds: maps, personas, locations, comments, data."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.summary import workspace_summary

    with Workbench.open(workspace, database_url=database) as bench:
        for label, value in workspace_summary(bench):
            typer.echo(f"{label:<14} {value}")


def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the workspace document (map as code)."""
    from journeymap.mapcode import schema_text

    emit(schema_text(), output)


def export_workspace(
    workspace: WorkspaceOption,
    fmt: Annotated[DocumentFormat, typer.Option("--format", "-f", help="Document format.")]
    = DocumentFormat.YAML,
    output: OutputOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write the whole workspace as one YAML or JSON document (map as code)."""
    from journeymap.workbench import Workbench

    with Workbench.open(workspace, database_url=database) as bench:
        emit(bench.export_text(fmt.value), output)


def import_workspace(
    file: Annotated[Path, typer.Argument(help="A YAML or JSON workspace document.",
                                         dir_okay=False)],
    workspace: WorkspaceOption,
    database: DatabaseOption = None,
) -> None:
    """Replace the workspace's content with FILE, all or nothing.

    Into a folder that is not yet a workspace, this creates it from the document.
    """
    from journeymap.mapcode import read_document
    from journeymap.workbench import Workbench, init_workspace, is_workspace

    document = read_document(file)
    if not is_workspace(workspace):
        with init_workspace(workspace, document=document, database_url=database) as bench:
            typer.echo(f"created workspace {bench.workspace_id!r} in {workspace} from {file}")
        return
    with Workbench.open(workspace, database_url=database) as bench:
        bench.replace_document(document)
        typer.echo(f"imported {file} into workspace {bench.workspace_id!r}")


def demo(
    workspace: Annotated[Path, typer.Option("--workspace", "-w", file_okay=False,
                                            help="Folder for the demo workspace.")]
    = Path("demo-workspace"),
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only build the demo "
                                           "workspace, do not serve it.")] = False,
    customers: Annotated[int, typer.Option(min=100, max=500_000, help="Number of "
                                           "customers to generate.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same "
                                      "data.")] = 20261124,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build again even if the "
                                          "folder already holds this demo.")] = False,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """Build the demo company (an omnichannel retailer in Poland and Bulgaria) and serve it.

    The first run builds the workspace (a few seconds); later runs reuse it. Then the app
    starts and prints its address; `--no-serve` only builds.
    """
    from journeymap.cli.progress import progress_bar
    from journeymap.cli.serve import serve
    from journeymap.workbench.demo import build_demo, demo_report

    with progress_bar("Building the demo") as progress:
        result = build_demo(workspace, customers=customers, seed=seed, rebuild=rebuild,
                            progress=progress)
    for line in demo_report(result):
        typer.echo(line)
    if not no_serve:
        serve(workspace, host=host, port=port)


def register(app: typer.Typer, export_app: typer.Typer, import_app: typer.Typer) -> None:
    app.command()(init)
    app.command()(status)
    app.command()(schema)
    app.command()(demo)
    export_app.command("workspace")(export_workspace)
    import_app.command("workspace")(import_workspace)
