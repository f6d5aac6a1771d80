"""``journeymap analyze convert-time|loops|repeats|retention``: lifecycle analyses.

Mounted into ``journeymap analyze`` by :func:`register`; the options and the way events
are found are those of the other analyses. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from journeymap.cli.analyze import (
    ChannelOption,
    Engine,
    EngineOption,
    EventsOption,
    FromOption,
    PersonaOption,
    ToOption,
    columns,
    filters,
    persona_customers,
    show,
)
from journeymap.cli.analyze import events as analysis_events
from journeymap.cli.common import (
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    emit,
    render_rows,
)
from journeymap.errors import InputError


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


class LoopLength(StrEnum):
    TWO = "2"
    THREE = "3"


def _names(text: str | None, option: str) -> tuple[str, ...]:
    if text is None:
        return ()
    names = tuple(name.strip() for name in text.split(","))
    if not all(names):
        raise InputError(f"{option}: expected event names separated by commas, like a,b")
    return names


def convert_time(
    converted_by: Annotated[str, typer.Option(
        "--converted-by", help="Event names that count as a conversion, comma-separated.",
        metavar="<a,b>", show_default=False)],
    workspace: WorkspaceOption,
    start: Annotated[str | None, typer.Option(
        "--start", help="Event names that start the clock, comma-separated (default: the "
        "customer's first event).", metavar="<x,y>", show_default=False)] = None,
    buckets: Annotated[bool, typer.Option(
        "--buckets", help="Print the distribution over time buckets instead.")] = False,
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Time from the first start event to the first conversion strictly after it."""
    from journeymap.analytics.conversion import ConversionSpec, time_to_convert
    spec = ConversionSpec(converted_by=_names(converted_by, "--converted-by"),
                          start=_names(start, "--start"),
                          filters=filters(date_from, date_to, channel))
    table = analysis_events(events, workspace, engine)
    result = time_to_convert(table, spec, persona_customers(persona, events, workspace, table))
    if buckets:
        emit(render_rows(result.buckets, result.bucket_columns, fmt), output)
    else:
        show(result, fmt, output)


def loops(
    workspace: WorkspaceOption,
    length: Annotated[LoopLength | None, typer.Option(
        "--length", help="Only loops of this length (default: 2 and 3).",
        show_default=False)] = None,
    top: Annotated[int, typer.Option("--top", help="How many loops to list.")] = 20,
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Loops customers go round: a > b > a and a > b > c > a, by customers."""
    from journeymap.analytics.loops import LoopsSpec
    from journeymap.analytics.loops import loops as run

    spec = LoopsSpec(length=None if length is None else int(length.value), top=top,
                     filters=filters(date_from, date_to, channel))
    table = analysis_events(events, workspace, engine)
    show(run(table, spec, persona_customers(persona, events, workspace, table)), fmt, output)


def repeats(
    workspace: WorkspaceOption,
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Events customers do again: how many repeat, how often, how many times in a row."""
    from journeymap.analytics.loops import RepeatsSpec
    from journeymap.analytics.loops import repeats as run

    spec = RepeatsSpec(filters=filters(date_from, date_to, channel))
    table = analysis_events(events, workspace, engine)
    show(run(table, spec, persona_customers(persona, events, workspace, table)), fmt, output)


def retention(
    workspace: WorkspaceOption,
    by: Annotated[Period, typer.Option(
        "--by", case_sensitive=False, help="Cohorts and periods by week (from Monday, UTC) "
        "or calendar month.")] = Period.MONTH,
    periods: Annotated[int | None, typer.Option(
        "--periods", min=0, help="List periods 0..N (default: up to the latest event).",
        show_default=False)] = None,
    events: EventsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    engine: EngineOption = Engine.DUCKDB,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    persona: PersonaOption = None,
    output: OutputOption = None,
) -> None:
    """Cohort retention: of the customers who started in a period, who came back later."""
    from journeymap.analytics.retention import RetentionSpec
    from journeymap.analytics.retention import retention as run

    spec = RetentionSpec(by=by.value, periods=periods,
                         filters=filters(date_from, date_to, channel))
    table = analysis_events(events, workspace, engine)
    show(run(table, spec, persona_customers(persona, events, workspace, table)), fmt, output)


def register(app: typer.Typer) -> None:
    """Add the lifecycle commands to ``app`` (the ``journeymap analyze`` group)."""
    app.command("convert-time", epilog=columns(
        "customers,converted,conversion_rate,median_seconds,p90_seconds,mean_seconds",
        "With --buckets: bucket,customers,share (buckets <1h, 1h-1d, 1d-7d, 7d-30d, "
        ">=30d; share of converted customers). Rates are fractions (0..1, 6 places).",
    ))(convert_time)
    app.command("loops", epilog=columns(
        "loop,occurrences,customers,customers_3_or_more",
        "Loops are found with consecutive repeats collapsed; overlapping loops all count.",
    ))(loops)
    app.command("repeats", epilog=columns(
        "event,customers,customers_repeating,repeat_rate,mean_repeats,max_repeats,repeats,"
        "consecutive_repeats",
        "A repeat is an event occurring again for the same customer; mean_repeats is per "
        "customer with the event.",
    ))(repeats)
    app.command("retention", epilog=columns(
        "cohort,period,customers,active,retention",
        "cohort is the Monday (YYYY-MM-DD) or the month (YYYY-MM) of the first event.",
    ))(retention)
