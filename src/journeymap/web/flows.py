"""The Flows pages: Sankey of top paths, directly-follows graph, funnel builder.

Every page renders its table on the server (it works without JavaScript); ``flows.js`` draws
the chart from the same headless result the ``/api/v1/flows/...`` operation answers, which
the page embeds as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from journeymap.analytics.paths import PathsBy
from journeymap.analytics.spec import MAX_WINDOW_SECONDS
from journeymap.errors import InputError
from journeymap.web import i18n
from journeymap.web.api_common import Bench
from journeymap.web.api_flows import Filters, MapQuery, PersonaQuery
from journeymap.web.errors import API_PREFIX
from journeymap.web.pages import templates
from journeymap.web.templating import render
from journeymap.workbench.flows import (
    dfg_data,
    event_choices,
    funnel_data,
    has_events,
    sankey_data,
)

router = APIRouter(include_in_schema=False)

#: Windows the funnel builder offers, in seconds (any other value from a link is kept).
WINDOWS = (3600.0, 86400.0, 7 * 86400.0, 30 * 86400.0, 90 * 86400.0)
#: How many step pickers the funnel builder shows at least.
STEP_PICKERS = 5
#: Transitions the graph page lists (the chart and the CSV export have them all).
TABLE_ROWS = 200


def export_url(request: Request, chart: str) -> str:
    """The CSV export of the chart with the page's own query."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    return f"{API_PREFIX}/flows/{chart}?" + urlencode(query + [("format", "csv")])


def _page(request: Request, bench: Bench, name: str, chart: str,
          compute: Callable[[], dict[str, Any]] | None, **context: Any) -> HTMLResponse:
    """Render a flows page: the result, or the reason there is none (status 422); no
    result either when there is nothing to compute yet (``compute`` None)."""
    data: dict[str, Any] | None = None
    problem: str | None = None
    status = 200
    if compute is not None and has_events(bench):
        try:
            data = compute()
        except InputError as exc:
            problem, status = str(exc), 422
    document = bench.document()
    return render(
        request, templates(request), name, status, document=document, data=data,
        problem=problem, has_events=has_events(bench), choices=event_choices(bench),
        maps=[(m.id, m.name) for m in document.maps], chart=chart,
        export=export_url(request, chart), filters=request.query_params, **context,
    )


def _durations(data: dict[str, Any] | None, column: str) -> list[str]:
    """Each row's duration as a person reads it, in the page's language."""
    rows = [] if data is None else data["rows"]
    return [i18n.format_duration(row[column]) for row in rows]


@router.get("/flows")
def flows() -> RedirectResponse:
    return RedirectResponse("/flows/sankey", status_code=303)


@router.get("/flows/sankey", response_class=HTMLResponse)
def sankey_page(request: Request, bench: Bench, filters: Filters,
                by: PathsBy = PathsBy.TOUCHPOINT,
                top: Annotated[int, Query(ge=1, le=100)] = 10,
                map_id: MapQuery = None, persona: PersonaQuery = "") -> HTMLResponse:
    def compute() -> dict[str, Any]:
        return sankey_data(bench, by=by, top=top, filters=filters, map_id=map_id,
                           persona=persona.strip() or None)

    return _page(request, bench, "flows_sankey.html", "sankey", compute, by=by.value,
                 top=top, map_id=map_id or "")


@router.get("/flows/dfg", response_class=HTMLResponse)
def dfg_page(request: Request, bench: Bench, filters: Filters, by: PathsBy = PathsBy.EVENT,
             map_id: MapQuery = None, persona: PersonaQuery = "") -> HTMLResponse:
    def compute() -> dict[str, Any]:
        data = dfg_data(bench, by=by, filters=filters, map_id=map_id,
                        persona=persona.strip() or None)
        data["median_texts"] = _durations(data, "median_seconds")
        return data

    return _page(request, bench, "flows_dfg.html", "dfg", compute, by=by.value,
                 map_id=map_id or "", table_rows=TABLE_ROWS)


@router.get("/flows/funnel", response_class=HTMLResponse)
def funnel_page(
    request: Request, bench: Bench, filters: Filters,
    step: Annotated[list[str] | None, Query()] = None,
    window_seconds: Annotated[float | None, Query(gt=0, le=MAX_WINDOW_SECONDS)] = None,
    persona: PersonaQuery = "",
) -> HTMLResponse:
    steps = tuple(s for s in (step or []) if s.strip())

    def compute() -> dict[str, Any]:
        data = funnel_data(bench, steps=steps, window_seconds=window_seconds, filters=filters,
                           persona=persona.strip() or None)
        data["median_texts"] = _durations(data, "median_seconds_from_previous")
        return data

    windows = sorted({*WINDOWS, *([window_seconds] if window_seconds else [])})
    pickers = list(steps) + [""] * max(STEP_PICKERS - len(steps), 1)
    return _page(request, bench, "flows_funnel.html", "funnel",
                 compute if steps else None, pickers=pickers, window_seconds=window_seconds,
                 windows=[(w, i18n.format_duration(w)) for w in windows])
