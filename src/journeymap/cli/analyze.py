"""``journeymap analyze``: transitions, funnel, paths and churn on a file or a workspace.

Heavy modules (ibis, duckdb, pyspark) are imported inside the commands only.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journeymap.cli.common import (
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    emit,
    parse_duration,
    render_rows,
)
from journeymap.errors import InputError

if TYPE_CHECKING:
    from journeymap.analytics.spec import AnalysisResult, EventFilter

app = typer.Typer(
    help="Analyse customer journeys: transitions, funnel, paths, churn. Each runs on an "
    "event file in place (--events FILE) or on the workspace's analytic store.",
    no_args_is_help=True,
)


class Engine(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


EventsOption = Annotated[
    Path | None,
    typer.Option("--events", help="Event file (CSV/TSV, Parquet, JSON Lines) read in place; "
                 "default: the workspace's analytic store.", dir_okay=False,
                 show_default=False),
]
EngineOption = Annotated[
    Engine,
    typer.Option("--engine", case_sensitive=False,
                 help="Analytic engine; spark runs on $JOURNEYMAP_SPARK_MASTER "
                 "(default local[*]) and needs the spark extra."),
]
FromOption = Annotated[
    str | None,
    typer.Option("--from", help="Only events on or after this date (YYYY-MM-DD).",
                 metavar="<date>", show_default=False),
]
ToOption = Annotated[
    str | None,
    typer.Option("--to", help="Only events on or before this date (YYYY-MM-DD).",
                 metavar="<date>", show_default=False),
]
ChannelOption = Annotated[
    list[str] | None,
    typer.Option("--channel", help="Only events in this channel (repeatable).",
                 metavar="<channel>", show_default=False),
]


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: expected a date like 2024-03-31; got {text!r}") from None


def _filters(date_from: str | None, date_to: str | None,
             channels: list[str] | None) -> EventFilter:
    from journeymap.analytics.spec import EventFilter

    return EventFilter(date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
                       channels=tuple(channels or ()))


def _events(events_file: Path | None, workspace: Path, engine: Engine) -> Any:
    """The canonical event table: the file read in place, or the workspace's store."""
    from journeymap import engine as analytic

    if events_file is not None:
        from journeymap.ingest.events import read_events

        # the file is checked and read in place by DuckDB; Spark gets the rows through Arrow
        events = read_events(analytic.connect_duckdb(), events_file)
        if engine is Engine.SPARK:
            return analytic.from_arrow(analytic.connect_spark(), analytic.EVENTS_TABLE,
                                       events.to_pyarrow())
        return events
    from journeymap.workbench.folder import ANALYTICS_FILE, read_config

    read_config(workspace)
    return analytic.store_events(workspace / ANALYTICS_FILE, engine.value)


def _show(result: AnalysisResult, fmt: OutputFormat, output: Path | None) -> None:
    emit(render_rows(result.rows, result.columns, fmt), output)


def _columns(columns: str, note: str = "") -> str:
    # "\b" keeps click from re-wrapping the paragraph, so the column list stays copyable
    return f"\b\nCSV columns:\n{columns}" + (f"\n\n{note}" if note else "")


@app.command(epilog=_columns("from_event,to_event,transitions,customers,median_seconds"))
def transitions(
    workspace: WorkspaceOption,
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    output: OutputOption = None,
) -> None:
    """Directly-follows pairs of events: how often, by how many customers, median time."""
    from journeymap.analytics.transitions import TransitionsSpec
    from journeymap.analytics.transitions import transitions as run

    spec = TransitionsSpec(filters=_filters(date_from, date_to, channel))
    _show(run(_events(events, workspace, engine), spec), fmt, output)


@app.command(epilog=_columns(
    "step,event,customers,conversion_from_previous,conversion_from_first,"
    "median_seconds_from_previous",
    "Conversions are fractions (0..1, 6 places), empty when the previous step has no "
    "customers; the median is empty for step 1.",
))
def funnel(
    steps: Annotated[str, typer.Option("--steps", help="Event names of the steps, in order, "
                                       "comma-separated: a,b,c.", metavar="<a,b,c>",
                                       show_default=False)],
    workspace: WorkspaceOption,
    window: Annotated[str | None, typer.Option(
        "--window", help="Conversion window from step 1, e.g. 30d, 12h (default: none).",
        metavar="<duration>", show_default=False)] = None,
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    output: OutputOption = None,
) -> None:
    """Ordered funnel: customers reaching each step after the previous one, within the window."""
    from journeymap.analytics.funnel import FunnelSpec
    from journeymap.analytics.funnel import funnel as run

    names = tuple(name.strip() for name in steps.split(","))
    if not any(names):
        raise InputError("--steps: expected event names separated by commas, like a,b,c")
    spec = FunnelSpec(
        steps=names,
        window_seconds=None if window is None else parse_duration(window, "--window"),
        filters=_filters(date_from, date_to, channel),
    )
    _show(run(_events(events, workspace, engine), spec), fmt, output)


@app.command(epilog=_columns("path,customers,share"))
def paths(
    workspace: WorkspaceOption,
    top: Annotated[int, typer.Option("--top", help="How many paths to list.")] = 20,
    collapse_repeats: Annotated[bool, typer.Option(
        "--collapse-repeats", help="Count a run of the same event once.")] = False,
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    output: OutputOption = None,
) -> None:
    """Most common whole journeys (events joined by ' > ') and their share of customers."""
    from journeymap.analytics.paths import PathsSpec
    from journeymap.analytics.paths import paths as run

    spec = PathsSpec(top=top, collapse_repeats=collapse_repeats,
                     filters=_filters(date_from, date_to, channel))
    _show(run(_events(events, workspace, engine), spec), fmt, output)


@app.command(epilog=_columns("customers,churned,churn_rate"))
def churn(
    workspace: WorkspaceOption,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Analysis date (default: the latest event's date).",
        metavar="<date>", show_default=False)] = None,
    window: Annotated[str, typer.Option(
        "--window", help="Churned = no activity within this window up to the end of the "
        "analysis date.", metavar="<duration>")] = "90d",
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    output: OutputOption = None,
) -> None:
    """Churned customers: last activity older than the window as of the analysis date."""
    from journeymap.analytics.churn import ChurnSpec
    from journeymap.analytics.churn import churn as run

    spec = ChurnSpec(as_of=_date(as_of, "--as-of"),
                     window_seconds=parse_duration(window, "--window"),
                     filters=_filters(date_from, date_to, channel))
    _show(run(_events(events, workspace, engine), spec), fmt, output)
