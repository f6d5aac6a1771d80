"""``journeymap map ...``: look at maps, keep versions of them, compare and restore."""

from __future__ import annotations

import json
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

MapArgument = Annotated[str, typer.Argument(help="Map id (see `journeymap map list`).")]


def list_maps(workspace: WorkspaceOption, fmt: FormatOption = OutputFormat.TABLE,
              database: DatabaseOption = None) -> None:
    """List the journey maps: id, name, variant, stages, touchpoints, lanes, cards."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.summary import map_rows

    with Workbench.open(workspace, database_url=database) as bench:
        rows = map_rows(bench.document())
    columns = ["id", "name", "variant", "based_on", "stages", "touchpoints", "lanes", "cards",
               "pain_points", "actions"]
    emit(render_rows(rows, columns, fmt))


def show(map_id: MapArgument, workspace: WorkspaceOption,
         database: DatabaseOption = None) -> None:
    """Draw a map in the terminal: stages as columns, lanes as rows."""
    from rich.console import Console

    from journeymap.cli.grid import map_table
    from journeymap.workbench import Workbench

    with Workbench.open(workspace, database_url=database) as bench:
        jmap = bench.journey_map(map_id)
        personas = {p.id: p.name for p in bench.document().personas}
    Console().print(map_table(jmap, personas))


def snapshot(map_id: MapArgument, workspace: WorkspaceOption,
             label: Annotated[str, typer.Option(help="A name for this version, e.g. "
                                                "'before workshop 2'.")],
             by: Annotated[str, typer.Option(help="Who takes it.")] = "",
             database: DatabaseOption = None) -> None:
    """Keep the map as it is now as a named version."""
    from journeymap.workbench import Workbench

    with Workbench.open(workspace, database_url=database) as bench:
        snap = bench.snapshot(map_id, label, created_by=by)
    typer.echo(f"snapshot {snap.id} of map {map_id!r}: {snap.label}")


def snapshots(map_id: MapArgument, workspace: WorkspaceOption,
              fmt: FormatOption = OutputFormat.TABLE, database: DatabaseOption = None) -> None:
    """List a map's snapshots, newest first."""
    from journeymap.workbench import Workbench

    with Workbench.open(workspace, database_url=database) as bench:
        rows = [{"id": s.id, "label": s.label, "created_at": s.created_at,
                 "created_by": s.created_by} for s in bench.snapshots(map_id)]
    emit(render_rows(rows, ["id", "label", "created_at", "created_by"], fmt))


def compare(
    before: Annotated[str, typer.Argument(help="A map id or snapshot/<id>.")],
    after: Annotated[str, typer.Argument(help="A map id or snapshot/<id>.")],
    workspace: WorkspaceOption,
    fmt: FormatOption = OutputFormat.TABLE,
    database: DatabaseOption = None,
) -> None:
    """What changed between two maps or snapshots (e.g. as-is and to-be)."""
    from journeymap.cli.grid import diff_rows
    from journeymap.workbench import Workbench

    with Workbench.open(workspace, database_url=database) as bench:
        diff = bench.compare(before, after)
    rows = diff_rows(diff)
    if fmt is OutputFormat.JSON:
        emit(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    emit(render_rows(rows, ["change", "kind", "id", "field", "before", "after"], fmt))


def restore(
    snapshot_id: Annotated[str, typer.Argument(help="Snapshot id (see `map snapshots`).")],
    workspace: WorkspaceOption,
    expected_version: Annotated[int | None, typer.Option(
        "--expected-version", help="Refuse if the map is no longer at this version.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Put a map back to a snapshot (the current state is lost unless snapshotted)."""
    from journeymap.workbench import Workbench

    with Workbench.open(workspace, database_url=database) as bench:
        restored = bench.restore(snapshot_id, expected_version=expected_version)
    typer.echo(f"restored {restored.ref} to snapshot {snapshot_id} (now version "
               f"{restored.version})")


def derive(
    map_id: MapArgument,
    new_id: Annotated[str, typer.Argument(help="Id of the new map.")],
    workspace: WorkspaceOption,
    name: Annotated[str | None, typer.Option(help="Name of the new map.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Start the to-be map as a copy of MAP_ID (same stage, lane and card ids)."""
    from journeymap.workbench import Workbench

    with Workbench.open(workspace, database_url=database) as bench:
        created = bench.derive(map_id, new_id, name=name)
    typer.echo(f"created {created.ref} from map {map_id!r}")


def register(map_app: typer.Typer) -> None:
    map_app.command("list")(list_maps)
    map_app.command()(show)
    map_app.command()(snapshot)
    map_app.command()(snapshots)
    map_app.command()(compare)
    map_app.command()(restore)
    map_app.command()(derive)
