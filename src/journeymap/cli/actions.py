"""``journeymap actions ...``: the action plan of a workspace, its exports and measured effects."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import typer

from journeymap.cli.common import (
    DatabaseOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    emit,
    render_rows,
)
from journeymap.errors import NotFoundError

#: Columns of ``actions effect`` (stable).
EFFECT_COLUMNS = ("map", "action", "kpi", "source", "unit", "implemented_on", "window_days",
                  "before_n", "before_value", "after_n", "after_value", "difference",
                  "ci_low", "ci_high", "p_value", "verdict", "problem")
LIST_HELP = (
    "CSV columns: map,id,title,owner,due,status,overdue,opportunities,pain_points,kpi,"
    "touchpoint,stage,baseline,target,implemented_on,effect_before,effect_after,"
    "effect_difference,effect_p_value,effect_verdict (linked ids space-separated).")

MapOption = Annotated[str | None, typer.Option("--map", help="Only this map's actions "
                                               "(default: every map).", show_default=False)]
WindowOption = Annotated[int, typer.Option("--window", min=1, max=3650, help="Days before "
                                           "and after the implementation date.")]
TodayOption = Annotated[datetime | None, typer.Option(
    "--today", formats=["%Y-%m-%d"], help="The date overdue is judged on (default: today).",
    show_default=False)]


class ExportFormat(StrEnum):
    CSV = "csv"
    ICS = "ics"


def list_actions(
    workspace: WorkspaceOption, map_id: MapOption = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only actions due before today "
                                          "and not done (nor cancelled).")] = False,
    fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None,
    window: WindowOption = 30, today: TodayOption = None, database: DatabaseOption = None,
) -> None:
    """List the actions, due date first, with status, target and measured effect."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.action_export import CSV_COLUMNS, actions_csv
    from journeymap.workbench.actions import action_plan

    with Workbench.open(workspace, database_url=database) as bench:
        plan = action_plan(bench, map_id, today=_day(today), window_days=window)
    views = plan.overdue if overdue else plan.actions
    if fmt is OutputFormat.CSV:  # the export's CSV: the same cells ("true"/"false")
        emit(actions_csv(views), output)
        return
    emit(render_rows([v.as_row() for v in views], CSV_COLUMNS, fmt), output)


list_actions.__doc__ = f"{list_actions.__doc__}\n\n{LIST_HELP}"


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


def export(
    workspace: WorkspaceOption,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", case_sensitive=False,
                                              help="csv (the list's columns) or ics (one "
                                              "all-day event per action with a due date).")
                   ] = ExportFormat.CSV,
    output: OutputOption = None, map_id: MapOption = None, window: WindowOption = 30,
    database: DatabaseOption = None,
) -> None:
    """Export the action plan as CSV or as a calendar (RFC 5545 ICS)."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.action_export import actions_csv, actions_ics
    from journeymap.workbench.actions import action_plan

    with Workbench.open(workspace, database_url=database) as bench:
        plan = action_plan(bench, map_id, effects=fmt is ExportFormat.CSV, window_days=window)
        text = (actions_csv(plan.actions) if fmt is ExportFormat.CSV
                else actions_ics(plan.actions, bench.workspace_id))
    if output is None:
        typer.echo(text, nl=False)
        return
    emit(text, output)


def effect(
    workspace: WorkspaceOption,
    action_id: Annotated[str | None, typer.Argument(
        help="The action's id (default: every action).", show_default=False)] = None,
    map_id: MapOption = None, window: WindowOption = 30,
    fmt: FormatOption = OutputFormat.TABLE, output: OutputOption = None,
    database: DatabaseOption = None,
) -> None:
    """The measured effect of actions: the target KPI before and after the implementation
    date (same instrument): values, n, difference, 95% interval, p-value, verdict.

    Columns: map,action,kpi,source,unit,implemented_on,window_days,before_n,before_value,
    after_n,after_value,difference,ci_low,ci_high,p_value,verdict,problem."""
    from journeymap.workbench import Workbench
    from journeymap.workbench.actions import action_effects

    with Workbench.open(workspace, database_url=database) as bench:
        found = action_effects(bench, map_id, window)
    chosen = [e for (_, ident), e in found.items() if action_id is None or ident == action_id]
    if action_id is not None and not chosen:
        raise NotFoundError("action", action_id, scope="this workspace")
    emit(render_rows([e.as_row() for e in chosen], EFFECT_COLUMNS, fmt), output)


def register(app: typer.Typer) -> None:
    actions_app = typer.Typer(help="The action plan: list, export (CSV, ICS), measured effect.",
                              no_args_is_help=True)
    actions_app.command("list")(list_actions)
    actions_app.command()(export)
    actions_app.command()(effect)
    app.add_typer(actions_app, name="actions")
