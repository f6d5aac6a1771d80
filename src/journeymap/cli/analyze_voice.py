"""``journeymap analyze kpis|effect|sentiment|themes``: survey KPIs with intervals, one KPI
before and after a date with the same instrument, and what the open answers say.

Mounted into ``journeymap analyze`` by :func:`register`. Answers come from a survey file
read in place (``--surveys FILE``, long format or a wide file with ``--mapping``) or from
the workspace's analytic store (``journeymap import surveys``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from journeymap.cli.analyze import MapOption, PersonaOption, columns, show
from journeymap.cli.common import (
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    parse_duration,
)
from journeymap.errors import InputError, WorkspaceError

SurveysOption = Annotated[
    Path | None,
    typer.Option("--surveys", help="Survey answer file (CSV/TSV, Parquet) read in place; "
                 "default: the workspace's analytic store.", dir_okay=False,
                 show_default=False),
]
MappingOption = Annotated[str | None, typer.Option(
    "--mapping", "-m", help="With --surveys: a ready mapping (survey-form) or a mapping YAML "
    "file for a wide file.", show_default=False)]


class KpiBy(StrEnum):
    TOUCHPOINT = "touchpoint"
    STAGE = "stage"
    LOCATION = "location"
    CHANNEL = "channel"
    PERSONA = "persona"
    MONTH = "month"
    WEEK = "week"


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: expected a date like 2024-03-31; got {text!r}") from None


def _range(text: str | None, option: str) -> Any:
    from journeymap.analytics.effects import DateRange

    if text is None:
        return None
    first, dots, last = text.partition("..")
    if not dots:
        raise InputError(f"{option}: expected FROM..TO like 2024-01-01..2024-01-31; "
                         f"got {text!r}")
    return DateRange(date_from=_date(first, option), date_to=_date(last, option))


def _answers(surveys: Path | None, workspace: Path, mapping: str | None) -> Any:
    if surveys is not None:
        from journeymap.engine import connect_duckdb
        from journeymap.ingest.surveys import read_surveys

        return read_surveys(connect_duckdb(), surveys, mapping=mapping)
    if mapping is not None:
        raise InputError("--mapping: only used with --surveys FILE")
    from journeymap.ingest.surveys import store_surveys

    return store_surveys(workspace)


def _touchpoint_channels(workspace: Path, required: bool) -> dict[str, str]:
    """touchpoint id -> channel from the workspace's maps (none outside a workspace)."""
    from journeymap.workbench import Workbench

    try:
        with Workbench.open(workspace) as bench:
            maps = bench.document().maps
    except WorkspaceError:
        if required:
            raise
        return {}
    return {tp.id: tp.channel.value for jmap in maps for tp in jmap.touchpoints}


def kpis(
    workspace: WorkspaceOption,
    by: Annotated[KpiBy | None, typer.Option(
        "--by", case_sensitive=False, help="Group by touchpoint, stage, location, channel, "
        "persona (the workspace's), or period (month, week from Monday; UTC).",
        show_default=False)] = None,
    surveys: SurveysOption = None,
    mapping: MappingOption = None,
    date_from: Annotated[str | None, typer.Option(
        "--from", help="Only answers (and events) on or after this date.", metavar="<date>",
        show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option(
        "--to", help="Only answers (and events) on or before this date.", metavar="<date>",
        show_default=False)] = None,
    persona: PersonaOption = None,
    map_id: MapOption = None,
    converted_by: Annotated[str | None, typer.Option(
        "--converted-by", help="On a workspace: event names that count as a conversion, "
        "comma-separated (default: reaching the map's last stage).", metavar="<a,b>",
        show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="On a workspace: churn's analysis date (default: the latest "
        "event's date).", metavar="<date>", show_default=False)] = None,
    window: Annotated[str, typer.Option(
        "--window", help="On a workspace: churned = no activity within this window up to "
        "the analysis date.", metavar="<duration>")] = "90d",
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """CSAT, NPS, CES and custom scales with n and a 95% interval, overall and by group; on
    a workspace with events also churn and conversion."""
    if surveys is not None:
        if persona is not None or by is KpiBy.PERSONA:
            raise InputError("personas belong to a workspace: leave out --surveys to use the "
                             "workspace's answers")
        from journeymap.analytics.kpis import KpiSpec
        from journeymap.analytics.kpis import kpis as run

        answers = _answers(surveys, workspace, mapping)
        channels = _touchpoint_channels(workspace, False) if by is KpiBy.CHANNEL else {}
        spec = KpiSpec(by=None if by is None else by.value,
                       date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
                       touchpoint_channels=channels)
        show(run(answers, spec), fmt, output)
        return
    if mapping is not None:
        raise InputError("--mapping: only used with --surveys FILE")
    from journeymap.workbench.kpis import KpiRequest, workspace_kpis

    request = KpiRequest(
        by=None if by is None else by.value, date_from=_date(date_from, "--from"),
        date_to=_date(date_to, "--to"), persona=persona, map_id=map_id,
        conversion_events=_names(converted_by), as_of=_date(as_of, "--as-of"),
        window_seconds=parse_duration(window, "--window"))
    show(workspace_kpis(workspace, request), fmt, output)


def _names(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    names = tuple(name.strip() for name in text.split(","))
    if not all(names):
        raise InputError("--converted-by: expected event names separated by commas, like a,b")
    return names


def effect(
    metric: Annotated[str, typer.Option(
        "--metric", help="csat, nps, ces or a custom metric name.", show_default=False)],
    workspace: WorkspaceOption,
    at: Annotated[str | None, typer.Option(
        "--at", help="The date the change happened (YYYY-MM-DD): before is the window up to "
        "it, after the window from it.", metavar="<date>", show_default=False)] = None,
    before: Annotated[str | None, typer.Option(
        "--before", help="Instead of --at: the before period, FROM..TO (dates, inclusive).",
        metavar="<from..to>", show_default=False)] = None,
    after: Annotated[str | None, typer.Option(
        "--after", help="Instead of --at: the after period, FROM..TO (dates, inclusive).",
        metavar="<from..to>", show_default=False)] = None,
    touchpoint: Annotated[str | None, typer.Option(
        "--touchpoint", help="Only answers about this touchpoint.", show_default=False)] = None,
    question: Annotated[str | None, typer.Option(
        "--question", help="Only answers to this question text.", show_default=False)] = None,
    window: Annotated[str, typer.Option(
        "--window", help="Length of each period, e.g. 30d, 2w.",
        metavar="<duration>")] = "30d",
    lower_is_better: Annotated[bool, typer.Option(
        "--lower-is-better", help="A lower value is the better one (e.g. an effort scale "
        "where 1 is easiest).")] = False,
    surveys: SurveysOption = None,
    mapping: MappingOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """One KPI before and after a date, same instrument: difference, 95% interval, p-value."""
    from journeymap.analytics.effects import EffectSpec, compare_kpi

    spec = EffectSpec(metric=metric.strip().lower(), touchpoint=touchpoint, question=question,
                      at=_date(at, "--at"), window_seconds=parse_duration(window, "--window"),
                      before=_range(before, "--before"), after=_range(after, "--after"),
                      higher_is_better=not lower_is_better)
    show(compare_kpi(_answers(surveys, workspace, mapping), spec), fmt, output)


def sentiment(
    workspace: WorkspaceOption,
    surveys: SurveysOption = None,
    mapping: MappingOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Sentiment of each open answer (an answer with a comment), in input order."""
    from journeymap.cli.common import emit, render_rows
    from journeymap.workbench.voice import SENTIMENT_COLUMNS, Voice

    voice = Voice(_answers(surveys, workspace, mapping))
    emit(render_rows(voice.sentiment_rows(), SENTIMENT_COLUMNS, fmt), output)


class ThemesBy(StrEnum):
    TOUCHPOINT = "touchpoint"


def themes(
    workspace: WorkspaceOption,
    by: Annotated[ThemesBy | None, typer.Option(
        "--by", case_sensitive=False, help="Find themes within each touchpoint's answers.",
        show_default=False)] = None,
    surveys: SurveysOption = None,
    mapping: MappingOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Themes of the open answers per language, named by their top terms, with quotes."""
    from journeymap.cli.common import emit, render_rows
    from journeymap.workbench.voice import THEME_COLUMNS, Voice

    voice = Voice(_answers(surveys, workspace, mapping))
    rows = voice.theme_rows(by_touchpoint=by is ThemesBy.TOUCHPOINT)
    emit(render_rows(rows, THEME_COLUMNS, fmt), output)


def register(app: typer.Typer) -> None:
    """Add the voice-of-the-customer commands to ``app`` (the ``journeymap analyze`` group)."""
    app.command("kpis", epilog=columns(
        "group,metric,value,n,ci_low,ci_high",
        "CSAT and NPS in percent, CES and custom scales as the mean; 95% intervals (Wilson, "
        "adjusted NPS normal, t). group 'all' is overall; value and interval are empty when "
        "n is 0, the interval also when n is 1 for a mean. On a workspace with events, "
        "metrics churn and conversion follow: percent of the group's customers (n), Wilson "
        "interval.",
    ))(kpis)
    app.command("effect", epilog=columns(
        "metric,touchpoint,before_n,before_value,after_n,after_value,difference,ci_low,"
        "ci_high,p_value,verdict",
        "difference = after - before with its 95% interval; verdict is improved, no "
        "detectable change, worsened (alpha 0.05) or not enough answers. Different "
        "instruments (metric, question, scale, touchpoint) are refused.",
    ))(effect)
    app.command("sentiment", epilog=columns(
        "response_id,language,sentiment,score,method",
        "sentiment is positive, negative or neutral; score in [-1, 1]; method is lexicon, or "
        "model when enough answers' own scores (CSAT, NPS) could teach it.",
    ))(sentiment)
    app.command("themes", epilog=columns(
        "group,language,theme,answers,share,mean_sentiment,quotes",
        "group is 'all', or with --by touchpoint the touchpoint (empty: none named); theme is "
        "named by its top three terms; share of the group's answers in that language; "
        "quotes is a JSON list of representative answers.",
    ))(themes)
