"""``journeymap analyze painpoints``: pain points found in the events (and survey answers),
ranked by score, on an event file in place or on a workspace with its map.

Mounted into ``journeymap analyze`` by :func:`register`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from journeymap.cli.analyze import (
    ChannelOption,
    Engine,
    EventsOption,
    FromOption,
    MapOption,
    ToOption,
    columns,
    events,
    filters,
    show,
)
from journeymap.cli.analyze_personas import Language
from journeymap.cli.analyze_voice import MappingOption, SurveysOption
from journeymap.cli.common import FormatOption, OutputFormat, OutputOption, WorkspaceOption
from journeymap.errors import InputError

COLUMNS = "rank,kind,stage,touchpoint,affected_customers,score,evidence"
NOTE = (
    "Best first. kind is drop_off, loop, slow_step, channel_switch, error_event, "
    "low_satisfaction or negative_sentiment; on an event file without a map each event name "
    "is its own touchpoint and stage is empty. score = n x (lower 95% bound of the rate - "
    "baseline rate): at least this many more journeys, customers, answers or waits than the "
    "baseline gives. evidence: metric value [95% interval] vs baseline, n. With --save the "
    "findings become the map's pain points (source detected; manual ones are never changed)."
)


def _answers(surveys: Path | None, mapping: str | None, workspace: Path | None) -> Any:
    from journeymap.cli.analyze_voice import _answers as read

    if surveys is not None or workspace is not None:
        try:
            return read(surveys, workspace or Path("."), mapping)
        except InputError:
            if surveys is not None:
                raise
    return None  # a workspace without survey answers: the survey detectors find nothing


def painpoints(
    workspace: WorkspaceOption,
    events_file: EventsOption = None,
    surveys: SurveysOption = None,
    mapping: MappingOption = None,
    map_id: MapOption = None,
    conversion: Annotated[list[str] | None, typer.Option(
        "--conversion", help="Event names (globs) that count as a conversion (repeatable; "
        "default: *order_placed*, *purchase and similar).", metavar="<glob>",
        show_default=False)] = None,
    error: Annotated[list[str] | None, typer.Option(
        "--error", help="Event names (globs) that are errors or complaints (repeatable; "
        "default: *error*, *fail*, *complain* and similar).", metavar="<glob>",
        show_default=False)] = None,
    top: Annotated[int | None, typer.Option("--top", help="List only the best N.",
                                            show_default=False)] = None,
    save: Annotated[bool, typer.Option(
        "--save", help="Add or refresh the findings as the map's pain points (workspace "
        "only).")] = False,
    language: Annotated[Language, typer.Option(
        "--language", help="With --save: language of the new pain points' titles (en, pl, "
        "bg); pain points found before keep their titles.", case_sensitive=False)
    ] = Language.EN,
    fmt: FormatOption = OutputFormat.TABLE,
    date_from: FromOption = None,
    date_to: ToOption = None,
    channel: ChannelOption = None,
    output: OutputOption = None,
) -> None:
    """Pain points from evidence: drop-off, loops, slow steps, channel switches, errors and
    low satisfaction, each against the baseline of the rest."""
    from journeymap.analytics.painpoints import (
        DEFAULT_CONVERSIONS,
        DEFAULT_ERRORS,
        PainpointsSpec,
        find_painpoints,
    )
    from journeymap.analytics.phrases import language_of

    if save and events_file is not None:
        raise InputError("--save: only on a workspace (leave out --events)")
    spec = PainpointsSpec(filters=filters(date_from, date_to, channel), top=top,
                          conversion_events=tuple(conversion or DEFAULT_CONVERSIONS),
                          error_events=tuple(error or DEFAULT_ERRORS),
                          language=language_of(language.value))
    if events_file is not None:
        table = events(events_file, workspace, Engine.DUCKDB)
        answers = _answers(surveys, mapping, None)
        show(find_painpoints(table, spec, answers=answers), fmt, output)
        return
    from journeymap.workbench import Workbench
    from journeymap.workbench import painpoints as work

    with Workbench.open(workspace) as bench:
        if surveys is not None:
            jmap = bench.journey_map(map_id)
            table = events(None, workspace, Engine.DUCKDB)
            result = find_painpoints(table, spec, jmap=jmap,
                                     answers=_answers(surveys, mapping, None))
        else:
            result = work.detect(bench, map_id, spec)
        if save:
            summary = work.save(bench, result.findings, map_id)
            typer.echo(f"saved: {len(summary.added)} added, {len(summary.refreshed)} "
                       f"refreshed, {len(summary.cards)} cards", err=True)
    show(result, fmt, output)


def register(app: typer.Typer) -> None:
    """Add ``painpoints`` to ``app`` (the ``journeymap analyze`` group)."""
    app.command("painpoints", epilog=columns(COLUMNS, NOTE))(painpoints)
