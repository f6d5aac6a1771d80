"""The Voice of the Customer page and its REST twins: KPIs, trends, themes, before/after.

Everything shown comes from :mod:`journeymap.workbench.voice`; this module only picks the
workspace's answers, reads the request and lays the numbers out (the trend charts' geometry).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from journeymap.analytics.effects import EffectResult, EffectSpec
from journeymap.analytics.kpis import KpiResult
from journeymap.errors import InputError
from journeymap.model import WorkspaceDocument
from journeymap.web.api_common import ERRORS, Bench
from journeymap.web.templating import is_fragment_request, render
from journeymap.workbench.kpis import KpiRequest, workspace_kpis
from journeymap.workbench.voice import TrendPoint, Voice, workspace_voice

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["voice of the customer"])

KpiGroup = Literal["touchpoint", "stage", "channel", "location", "persona", "month"]
#: Metrics whose scale is fixed; others are drawn between their lowest and highest values.
SCALES = {"csat": (0.0, 100.0), "nps": (-100.0, 100.0)}
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 480, 160, 24
_MAX_TEXT = 200


def _channels(document: WorkspaceDocument) -> dict[str, str]:
    return {tp.id: tp.channel.value for jmap in document.maps for tp in jmap.touchpoints}


def _names(document: WorkspaceDocument) -> dict[str, str]:
    """Ids of touchpoints, stages and locations -> the names people gave them."""
    names = {loc.id: loc.name for loc in document.locations}
    names.update({persona.id: persona.name for persona in document.personas})
    for jmap in document.maps:
        names.update({stage.id: stage.name for stage in jmap.stages})
        names.update({tp.id: tp.name for tp in jmap.touchpoints})
    return names


def _voice(bench: Bench, document: WorkspaceDocument) -> Voice | None:
    return workspace_voice(bench.path, _channels(document))


def kpi_rows(bench: Bench, by: KpiGroup | None) -> KpiResult:
    """The workspace's KPI table: survey KPIs, then churn and conversion from the events."""
    return workspace_kpis(bench, KpiRequest(by=by))


def _required(bench: Bench) -> Voice:
    voice = _voice(bench, bench.document())
    if voice is None:
        raise InputError("the workspace has no survey answers yet",
                         hint="import answers first: journeymap import surveys FILE")
    return voice


def trend_chart(metric: str, points: tuple[TrendPoint, ...]) -> dict[str, Any]:
    """Where each month of one KPI sits in a CHART_WIDTH x CHART_HEIGHT SVG."""
    values = [v for p in points for v in (p.value, p.ci_low, p.ci_high) if v is not None]
    low, high = SCALES.get(metric, (min(values, default=0.0), max(values, default=1.0)))
    if high <= low:
        low, high = low - 1.0, high + 1.0
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        share = (value - low) / (high - low)
        return round(CHART_HEIGHT - CHART_PAD - share * (CHART_HEIGHT - 2 * CHART_PAD), 1)

    marks = [{"x": round(CHART_PAD + i * step, 1), "point": p,
              "y": None if p.value is None else y(p.value)} for i, p in enumerate(points)]
    line = " ".join(f"{m['x']},{m['y']}" for m in marks if m["y"] is not None)
    return {"metric": metric, "marks": marks, "line": line, "low": low, "high": high,
            "y_low": y(low), "y_high": y(high), "width": CHART_WIDTH, "height": CHART_HEIGHT}


def _compare(voice: Voice, form: dict[str, Any]) -> tuple[EffectResult | None, str | None]:
    """The before/after comparison the form asks for, or the reason it cannot be made."""
    if not form["metric"] or not form["at"]:
        return None, None
    try:
        spec = EffectSpec(metric=form["metric"], at=form["at"], touchpoint=form["touchpoint"]
                          or None, question=form["question"] or None,
                          window_seconds=form["window"] * 86400.0)
        return voice.compare(spec), None
    except InputError as exc:
        return None, str(exc)


@page_router.get("/voice", response_class=HTMLResponse)
def voice_page(
    request: Request, bench: Bench,
    by: KpiGroup = "touchpoint",
    tp: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
    metric: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
    at: date | None = None,
    window: Annotated[int, Query(ge=1, le=3650)] = 30,
    touchpoint: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
    question: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
) -> HTMLResponse:
    document = bench.document()
    voice = _voice(bench, document)
    form = {"metric": metric.strip().lower(), "at": at, "window": window,
            "touchpoint": touchpoint, "question": question}
    context: dict[str, Any] = {"document": document, "voice": voice, "by": by, "tp": tp,
                               "form": form, "names": _names(document)}
    if voice is not None:
        effect, refusal = _compare(voice, form)
        try:
            context.update(kpis=kpi_rows(bench, by).rows, kpi_error=None)
        except InputError as exc:  # e.g. by persona while no persona has known customers
            context.update(kpis=(), kpi_error=str(exc))
        context.update(
            charts=[trend_chart(m, p) for m, p in
                                              voice.trends().items()],
            scored=voice.touchpoints(open_only=False), effect=effect, refusal=refusal,
            open_ready=voice.ready(tp or None))
        if context["open_ready"]:
            context.update(_open_answers(voice, tp))
    return render(request, request.app.state.templates, "voice.html", **context)


def _open_answers(voice: Voice, tp: str) -> dict[str, Any]:
    """The themes and sentiment part of the page (slow the first time: see Voice)."""
    return {"themes": voice.themes(tp or None), "touchpoints": voice.touchpoints(),
            "shares": voice.sentiment_by_touchpoint()}


@page_router.get("/voice/open-answers", response_class=HTMLResponse)
def voice_open_answers(
    request: Request, bench: Bench, by: KpiGroup = "touchpoint",
    tp: Annotated[str, Query(max_length=_MAX_TEXT)] = "",
) -> Response:
    """The themes and sentiment part, for htmx; a plain visit gets the whole page."""
    document = bench.document()
    voice = _voice(bench, document)
    computed = _open_answers(voice, tp) if voice is not None else None
    if computed is None or not is_fragment_request(request):
        # computed now, so the whole page shows them at once
        return RedirectResponse(f"/voice?{urlencode({'by': by, 'tp': tp})}#themes",
                                status_code=303)
    return render(request, request.app.state.templates, "voice_open.html", by=by, tp=tp,
                  names=_names(document), **computed)


@api_router.get("/kpis", operation_id="get_kpis", responses=ERRORS)
def get_kpis(bench: Bench, by: KpiGroup | None = None) -> dict[str, Any]:
    """CSAT, NPS, CES and custom KPIs with n and a 95% interval, overall and by a group;
    with events also churn and conversion (percent of the group's customers, Wilson)."""
    _required(bench)
    result = kpi_rows(bench, by)
    return {"columns": list(result.columns), "rows": list(result.rows)}


@api_router.get("/kpis/trend", operation_id="get_kpi_trend", responses=ERRORS)
def get_kpi_trend(bench: Bench) -> dict[str, Any]:
    """Each KPI by month (first day of the month), months without answers with n = 0."""
    return {"trends": {metric: [asdict(p) for p in points]
                       for metric, points in _required(bench).trends().items()}}


@api_router.get("/themes", operation_id="get_themes", responses=ERRORS)
def get_themes(
    bench: Bench,
    touchpoint: Annotated[str | None, Query(max_length=_MAX_TEXT, description=(
        "Only this touchpoint's open answers; all of them when left out."))] = None,
) -> dict[str, Any]:
    """Themes of the open answers per language: name, top terms, size, sentiment, quotes."""
    return {"themes": [asdict(theme) for theme in _required(bench).themes(touchpoint)]}


@api_router.get("/kpis/compare", operation_id="compare_kpi_periods", responses=ERRORS)
def compare_kpi_periods(
    bench: Bench,
    metric: Annotated[str, Query(max_length=_MAX_TEXT)],
    at: date,
    window_days: Annotated[int, Query(ge=1, le=3650)] = 30,
    touchpoint: Annotated[str | None, Query(max_length=_MAX_TEXT)] = None,
    question: Annotated[str | None, Query(max_length=_MAX_TEXT)] = None,
) -> dict[str, Any]:
    """One KPI in the window before ``at`` against the window after, same instrument.

    Answers 422 with code ``instrument_mismatch`` when the two sides used different
    instruments (question, scale or touchpoint).
    """
    spec = EffectSpec(metric=metric.strip().lower(), at=at, touchpoint=touchpoint,
                      question=question, window_seconds=window_days * 86400.0)
    result = _required(bench).compare(spec)
    return dict(result.rows[0])
