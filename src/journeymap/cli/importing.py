"""`journeymap import events|customers|transactions|surveys FILE` and `journeymap import
quarantine`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from journeymap.cli.common import FormatOption, OutputFormat, WorkspaceOption, emit, render_rows
from journeymap.cli.progress import progress_bar

FileArgument = Annotated[Path, typer.Argument(
    help="CSV/TSV (delimiter sniffed), Parquet or JSON Lines file; .gz is read too.",
    dir_okay=False, show_default=False)]
MappingOption = Annotated[str | None, typer.Option(
    "--mapping", "-m", help="A ready mapping (ga4, segment, orders) or a mapping YAML file.",
    show_default=False)]

SurveyMappingOption = Annotated[str | None, typer.Option(
    "--mapping", "-m", help="A ready mapping (survey-form) or a mapping YAML file with a "
    "survey section (a wide file: one response a row).", show_default=False)]

QUARANTINE_COLUMNS = ("import_id", "file", "row", "column", "reason", "raw")


def _run(kind: str, file: Path, workspace: Path, mapping: str | None) -> None:
    from journeymap.ingest import importer, surveys

    run: Any = getattr(surveys if kind == "surveys" else importer, f"import_{kind}")
    with progress_bar(f"import {kind}") as update:
        report = run(workspace, file, mapping=mapping, progress=update)
    _log_import(workspace, report)
    typer.echo(report.summary())
    for problem in report.problems:
        column = f", column {problem.column!r}" if problem.column else ""
        typer.echo(f"  row {problem.row}{column}: {problem.reason}", err=True)
    if report.quarantined:
        typer.echo(f"see them all: journeymap import quarantine --import {report.import_id}",
                   err=True)


def _log_import(workspace: Path, report: Any) -> None:
    """Show the import in the workspace's activity feed, under the name of the OS user."""
    import getpass
    import os

    from journeymap.errors import JourneymapError
    from journeymap.store.activity import acting_as
    from journeymap.workbench import Workbench
    from journeymap.workbench.activity import record_import

    database = os.environ.get("JOURNEYMAP_DATABASE_URL") or None
    try:
        with Workbench.open(workspace, database_url=database) as bench, \
                acting_as(getpass.getuser()):
            record_import(bench, report)
    except JourneymapError:  # the import itself is done; only its feed entry is missing
        pass


def events(file: FileArgument, workspace: WorkspaceOption, mapping: MappingOption = None) -> None:
    """Import events (customer_id, timestamp, event, ...); bad rows go to quarantine.

    Prints `read N, accepted N, quarantined N, duplicates N`; re-importing a file adds nothing.
    """
    _run("events", file, workspace, mapping)


def customers(file: FileArgument, workspace: WorkspaceOption,
              mapping: MappingOption = None) -> None:
    """Import customers: customer_id plus attribute columns (a known customer is updated)."""
    _run("customers", file, workspace, mapping)


def transactions(file: FileArgument, workspace: WorkspaceOption,
                 mapping: MappingOption = None) -> None:
    """Import transactions: transaction_id (optional), customer_id, timestamp, value, others."""
    _run("transactions", file, workspace, mapping)


def surveys(file: FileArgument, workspace: WorkspaceOption,
            mapping: SurveyMappingOption = None) -> None:
    """Import survey answers: long format (response_id, customer_id, timestamp, touchpoint,
    stage, location_id, metric, score, comment, language, ...) or a wide file through a
    mapping's survey section; out-of-scale scores go to quarantine.
    """
    _run("surveys", file, workspace, mapping)


def quarantine(
    workspace: WorkspaceOption,
    import_id: Annotated[str | None, typer.Option("--import", help="Only this import's rows.",
                                                  show_default=False)] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.", min=1)] = 100,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List quarantined rows: import_id, file, row, column, reason, raw.

    Rows are numbered from 1 at the first data row (a CSV header is not counted).
    """
    from dataclasses import asdict

    from journeymap.ingest.store import quarantined_rows

    found = quarantined_rows(workspace, import_id, limit=limit)
    if not found and fmt is OutputFormat.TABLE:
        typer.echo("no quarantined rows")
        return
    emit(render_rows([asdict(row) for row in found], QUARANTINE_COLUMNS, fmt))


def register(import_app: typer.Typer) -> None:
    import_app.command()(events)
    import_app.command()(customers)
    import_app.command()(transactions)
    import_app.command()(surveys)
    import_app.command()(quarantine)
