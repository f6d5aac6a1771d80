"""``journeymap analyze``: transitions, funnel, paths, churn, and the analyses by the map's
touchpoints and stages (stages, dropoff, touchpoints, channels, unmatched), on a file or a
workspace.

Heavy modules (ibis, duckdb, pyspark) are imported inside the commands only.
"""

from __future__ import annotations

from collections.abc import Callable
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
    from journeymap.analytics.spec import AnalysisResult, AnalysisSpec, EventFilter
    from journeymap.model.journey import JourneyMap

app = typer.Typer(
    help="Analyse customer journeys: transitions, funnel, paths, churn, and by the map's "
    "touchpoints: stages, dropoff, touchpoints, channels, unmatched. Each runs on an "
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
MapOption = Annotated[
    str | None,
    typer.Option("--map", help="Journey map whose touchpoint rules label the events "
                 "(default: the workspace's first map).", metavar="<id>", show_default=False),
]
PersonaOption = Annotated[
    str | None,
    typer.Option("--persona", help="Only this persona's customers (a persona id of the "
                 "workspace; not with --events).", metavar="<id>", show_default=False),
]


class PathsBy(StrEnum):
    EVENT = "event"
    TOUCHPOINT = "touchpoint"
    STAGE = "stage"


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: expected a date like 2024-03-31; got {text!r}") from None


def filters(date_from: str | None, date_to: str | None,
            channels: list[str] | None) -> EventFilter:
    """The event filter of the --from, --to and --channel options."""
    from journeymap.analytics.spec import EventFilter

    return EventFilter(date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
                       channels=tuple(channels or ()))


def events(events_file: Path | None, workspace: Path, engine: Engine, *,
           whole: bool = False) -> Any:
    """The canonical event table: the file read in place, or the workspace's store.

    ``whole``: the analysis reads the event name of every row, so on DuckDB the file's
    check runs inside it, in the same pass (run it with :func:`checked_run`), instead of as
    a scan of its own.
    """
    from journeymap import engine as analytic

    if events_file is not None:
        from journeymap.ingest.events import read_events

        # the file is checked and read in place by DuckDB; Spark gets the rows through Arrow
        table = read_events(analytic.connect_duckdb(), events_file,
                            deferred=whole and engine is Engine.DUCKDB)
        if engine is Engine.SPARK:
            return analytic.from_arrow(analytic.connect_spark(), analytic.EVENTS_TABLE,
                                       table.to_pyarrow())
        return table
    from journeymap.workbench.folder import ANALYTICS_FILE, read_config

    read_config(workspace)
    return analytic.store_events(workspace / ANALYTICS_FILE, engine.value)


def checked_run(table: Any, analysis: Callable[[], AnalysisResult]) -> AnalysisResult:
    """``analysis()``; when it fails on a file read with ``whole=True``, the file's check
    says why (a bad row, an unreadable file) with the error a separate scan gives, or finds
    a good CSV file that must be read by one thread, and the analysis runs again."""
    import duckdb

    try:
        return analysis()
    except duckdb.Error:
        from journeymap.ingest.events import recheck

        if not recheck(table):
            raise
    return analysis()


def persona_customers(persona: str | None, events_file: Path | None, workspace: Path,
                      table: Any) -> Any:
    """The customer subset of ``--persona`` for the analysis of ``table``; None without it.

    Personas are the workspace's (segment rules on its customers, or clustered members), so
    a file given with --events cannot be narrowed to one.
    """
    if persona is None:
        return None
    if events_file is not None:
        raise InputError("--persona: personas belong to a workspace; leave out --events to "
                         "analyse the workspace's events")
    import ibis

    from journeymap import engine as analytic
    from journeymap.workbench import Workbench
    from journeymap.workbench.segments import persona_members

    with Workbench.open(workspace) as bench:
        personas = bench.document().personas
    found = next((p for p in personas if p.id == persona), None)
    if found is None:
        raise InputError(f"--persona: there is no persona {persona!r} in this workspace",
                         hint="pick one of: " + (", ".join(p.id for p in personas)
                                                 or "none defined"))
    backend = ibis.get_backend(table)
    if backend.name == "duckdb":  # the store's own connection: the members join in place
        return persona_members(backend, found)
    members = persona_members(workspace, found)
    try:
        data = members.to_pyarrow()
    finally:
        ibis.get_backend(members).disconnect()
    return analytic.from_arrow(backend, "_jm_persona_members", data)


def _reads_every_row(spec: AnalysisSpec) -> bool:
    """Whether the analysis reads the event name of every row: no filter, steps by event
    name (by touchpoint or stage, unmatched events are dropped before the rest is read). A
    funnel reads every name to pick its steps' events."""
    from journeymap.analytics.spec import EventFilter

    return spec.filters == EventFilter() and getattr(spec, "by", "event") == "event"


def _journey_map(workspace: Path, map_id: str | None) -> JourneyMap:
    """The map from the workspace: ``map_id``, or the first map when None."""
    from journeymap.workbench import Workbench

    with Workbench.open(workspace) as bench:
        return bench.journey_map(map_id)


def show(result: AnalysisResult, fmt: OutputFormat, output: Path | None) -> None:
    """Write the result's contract columns in ``fmt`` to ``output`` (stdout when None)."""
    emit(render_rows(result.rows, result.columns, fmt), output)


def columns(names: str, note: str = "") -> str:
    """A command's epilog listing its CSV columns ``names`` (and a note)."""
    # "\b" keeps click from re-wrapping the paragraph, so the column list stays copyable
    return f"\b\nCSV columns:\n{names}" + (f"\n\n{note}" if note else "")



@app.command(epilog=columns("from_event,to_event,transitions,customers,median_seconds"))
def transitions(
    workspace: WorkspaceOption,
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Directly-follows pairs of events: how often, by how many customers, median time."""
    from journeymap.analytics.transitions import TransitionsSpec
    from journeymap.analytics.transitions import transitions as run

    spec = TransitionsSpec(filters=filters(date_from, date_to, channel))
    table = events(events_file, workspace, engine, whole=_reads_every_row(spec))
    subset = persona_customers(persona, events_file, workspace, table)
    show(checked_run(table, lambda: run(table, spec, subset)), fmt, output)


@app.command(epilog=columns(
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
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
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
        filters=filters(date_from, date_to, channel),
    )
    table = events(events_file, workspace, engine, whole=_reads_every_row(spec))
    subset = persona_customers(persona, events_file, workspace, table)
    show(checked_run(table, lambda: run(table, spec, subset)), fmt, output)


@app.command(epilog=columns(
    "path,customers,share",
    "By touchpoint or stage, events no touchpoint matches are left out and share is of "
    "the customers with a matched event.",
))
def paths(
    workspace: WorkspaceOption,
    top: Annotated[int, typer.Option("--top", help="How many paths to list.")] = 20,
    collapse_repeats: Annotated[bool, typer.Option(
        "--collapse-repeats", help="Count a run of the same event once.")] = False,
    by: Annotated[PathsBy, typer.Option(
        "--by", case_sensitive=False,
        help="Steps of a path: event names, or the map's touchpoint or stage ids.")
    ] = PathsBy.EVENT,
    map_id: MapOption = None,
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Most common whole journeys (steps joined by ' > ') and their share of customers."""
    from journeymap.analytics.paths import PathsSpec
    from journeymap.analytics.paths import paths as run

    spec = PathsSpec(top=top, collapse_repeats=collapse_repeats, by=by.value,
                     filters=filters(date_from, date_to, channel))
    jmap = None if by is PathsBy.EVENT else _journey_map(workspace, map_id)
    table = events(events_file, workspace, engine, whole=_reads_every_row(spec))
    subset = persona_customers(persona, events_file, workspace, table)
    show(checked_run(table, lambda: run(table, spec, subset, journey_map=jmap)), fmt, output)


@app.command(epilog=columns("customers,churned,churn_rate"))
def churn(
    workspace: WorkspaceOption,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Analysis date (default: the latest event's date).",
        metavar="<date>", show_default=False)] = None,
    window: Annotated[str, typer.Option(
        "--window", help="Churned = no activity within this window up to the end of the "
        "analysis date.", metavar="<duration>")] = "90d",
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Churned customers: last activity older than the window as of the analysis date."""
    from journeymap.analytics.churn import ChurnSpec
    from journeymap.analytics.churn import churn as run

    spec = ChurnSpec(as_of=_date(as_of, "--as-of"),
                     window_seconds=parse_duration(window, "--window"),
                     filters=filters(date_from, date_to, channel))
    table = events(events_file, workspace, engine)
    show(run(table, spec, persona_customers(persona, events_file, workspace, table)), fmt,
         output)


@app.command(epilog=columns(
    "stage,customers,conversion_to_next,drop_off,median_seconds_to_next",
    "customers reached the stage (any matched event there); conversion_to_next is the "
    "fraction of them with a matched event in a later stage after their first event in "
    "this one; drop_off counts the others; all three are empty for the last stage.",
))
def stages(
    workspace: WorkspaceOption,
    map_id: MapOption = None,
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Stage conversion: customers reaching each stage of the map and moving on to a later one."""
    from journeymap.analytics.stages import StageConversionSpec, stage_conversion

    spec = StageConversionSpec(filters=filters(date_from, date_to, channel))
    jmap = _journey_map(workspace, map_id)
    table = events(events_file, workspace, engine)
    subset = persona_customers(persona, events_file, workspace, table)
    show(stage_conversion(table, jmap, spec, subset), fmt, output)


@app.command(epilog=columns(
    "touchpoint,stage,customers_ending_here,share_of_non_converted,reached,drop_off_rate",
    "A customer with no conversion event counts at the touchpoint of their last matched "
    "event; drop_off_rate = customers_ending_here / reached.",
))
def dropoff(
    converted_by: Annotated[str, typer.Option(
        "--converted-by", help="What counts as converted: event names (a,b), or "
        "touchpoint:ID or stage:ID.", metavar="<events>", show_default=False)],
    workspace: WorkspaceOption,
    map_id: MapOption = None,
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Drop-off by touchpoint: where journeys end without conversion."""
    from journeymap.analytics.dropoff import DropoffSpec
    from journeymap.analytics.dropoff import dropoff as run

    kind, _, ident = converted_by.partition(":")
    scope = filters(date_from, date_to, channel)
    if ident and kind in ("touchpoint", "stage"):
        spec = DropoffSpec(filters=scope, **{f"conversion_{kind}": ident.strip()})
    else:
        names = tuple(name.strip() for name in converted_by.split(",") if name.strip())
        if not names:
            raise InputError("--converted-by: expected event names like a,b, or "
                             "touchpoint:ID or stage:ID")
        spec = DropoffSpec(conversion_events=names, filters=scope)
    jmap = _journey_map(workspace, map_id)
    table = events(events_file, workspace, engine)
    subset = persona_customers(persona, events_file, workspace, table)
    show(run(table, jmap, spec, subset), fmt, output)


@app.command(epilog=columns(
    "touchpoint,stage,channel,events,customers,share_of_customers",
    "channel is the touchpoint's; share_of_customers is of all customers with an event.",
))
def touchpoints(
    workspace: WorkspaceOption,
    map_id: MapOption = None,
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Reach and volume per touchpoint of the map, in map order."""
    from journeymap.analytics.reach import ReachSpec, touchpoint_reach

    spec = ReachSpec(filters=filters(date_from, date_to, channel))
    jmap = _journey_map(workspace, map_id)
    table = events(events_file, workspace, engine)
    subset = persona_customers(persona, events_file, workspace, table)
    show(touchpoint_reach(table, jmap, spec, subset), fmt, output)


@app.command(epilog=columns(
    "channel,events,customers,share_of_customers",
    "share_of_customers is of all customers with an event; no map is needed.",
))
def channels(
    workspace: WorkspaceOption,
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Reach and volume per channel of the events, by events."""
    from journeymap.analytics.reach import ReachSpec, channel_reach

    spec = ReachSpec(filters=filters(date_from, date_to, channel))
    table = events(events_file, workspace, engine)
    subset = persona_customers(persona, events_file, workspace, table)
    show(channel_reach(table, spec, subset), fmt, output)


@app.command(epilog=columns("event,channel,events,customers"))
def unmatched(
    workspace: WorkspaceOption,
    top: Annotated[int | None, typer.Option(
        "--top", help="How many to list (default: all).", show_default=False)] = None,
    map_id: MapOption = None,
    events_file: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Events no touchpoint of the map matches, by volume: what is still to be mapped."""
    from journeymap.analytics.touchpoints import UnmatchedSpec, unmatched_events

    spec = UnmatchedSpec(top=top, filters=filters(date_from, date_to, channel))
    jmap = _journey_map(workspace, map_id)
    table = events(events_file, workspace, engine)
    subset = persona_customers(persona, events_file, workspace, table)
    show(unmatched_events(table, jmap, spec, subset), fmt, output)
