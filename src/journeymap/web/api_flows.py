"""REST operations behind the Flows charts: each answers the analysis's headless result as
JSON, or its contract columns as CSV (the same columns as ``journeymap analyze``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from journeymap.analytics.paths import PathsBy
from journeymap.analytics.spec import MAX_WINDOW_SECONDS, EventFilter
from journeymap.errors import InputError
from journeymap.web.api_common import ERRORS, Bench
from journeymap.workbench.flows import dfg_data, funnel_data, sankey_data

router = APIRouter(tags=["flows"])

FlowFormat = Literal["json", "csv"]
MapQuery = Annotated[str | None, Query(alias="map", max_length=200,
                                       description="Map whose touchpoint rules label the "
                                       "events (default: the first map).")]
ByQuery = Annotated[PathsBy, Query(description="Steps: event names, touchpoint or stage ids.")]
PersonaQuery = Annotated[str, Query(max_length=200, description="Only this persona's "
                                   "customers (rule-based or clustered); empty for all.")]
FormatQuery = Annotated[FlowFormat, Query(description="json (the result) or csv (its "
                                          "contract columns).")]


def _date(text: str, name: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{name}: expected a date like 2024-03-31; got {text!r}",
                         path=name) from None


def event_filter(
    date_from: Annotated[str, Query(max_length=40, description="First day (YYYY-MM-DD), "
                                    "inclusive; empty for no bound.")] = "",
    date_to: Annotated[str, Query(max_length=40, description="Last day (YYYY-MM-DD), "
                                  "inclusive; empty for no bound.")] = "",
    channel: Annotated[list[str] | None, Query(description="Only events in these channels "
                                               "(repeatable); empty values are ignored.")] = None,
) -> EventFilter:
    """The date range and channels of a flow request (empty form fields mean no filter)."""
    channels = tuple(c for c in (channel or []) if c.strip())
    return EventFilter(date_from=_date(date_from, "date_from"),
                       date_to=_date(date_to, "date_to"), channels=channels)


Filters = Annotated[EventFilter, Depends(event_filter)]


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> str:
    """Rows as CSV exactly as ``journeymap analyze --format csv`` writes them."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def answer(data: dict[str, Any], fmt: FlowFormat, name: str) -> Response:
    if fmt == "csv":
        return Response(csv_text(data["rows"], data["columns"]), media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return JSONResponse(data)


@router.get("/flows/sankey", operation_id="flow_sankey", responses=ERRORS)
def flow_sankey(bench: Bench, filters: Filters, by: ByQuery = PathsBy.TOUCHPOINT,
                top: Annotated[int, Query(ge=1, le=100)] = 10, map_id: MapQuery = None,
                persona: PersonaQuery = "", format: FormatQuery = "json") -> Response:
    """The top paths (repeats collapsed) with the Sankey's nodes and links; CSV columns
    ``path,customers,share``."""
    return answer(sankey_data(bench, by=by, top=top, filters=filters, map_id=map_id,
                              persona=persona.strip() or None), format, "paths")


@router.get("/flows/dfg", operation_id="flow_dfg", responses=ERRORS)
def flow_dfg(bench: Bench, filters: Filters, by: ByQuery = PathsBy.EVENT,
             map_id: MapQuery = None, persona: PersonaQuery = "",
             format: FormatQuery = "json") -> Response:
    """Directly-follows edges (transitions, most frequent first) and nodes; CSV columns
    ``from_event,to_event,transitions,customers,median_seconds``."""
    return answer(dfg_data(bench, by=by, filters=filters, map_id=map_id,
                           persona=persona.strip() or None), format, "transitions")


@router.get("/flows/funnel", operation_id="flow_funnel", responses=ERRORS)
def flow_funnel(
    bench: Bench, filters: Filters,
    step: Annotated[list[str], Query(description="Event names of the steps, in order "
                                     "(repeat the parameter).")],
    window_seconds: Annotated[float | None, Query(gt=0, le=MAX_WINDOW_SECONDS,
                                                  description="Window from step 1.")] = None,
    persona: PersonaQuery = "",
    format: FormatQuery = "json",
) -> Response:
    """The ordered funnel; CSV columns ``step,event,customers,conversion_from_previous,
    conversion_from_first,median_seconds_from_previous``."""
    steps = tuple(s for s in step if s.strip())
    return answer(funnel_data(bench, steps=steps, window_seconds=window_seconds,
                              filters=filters, persona=persona.strip() or None),
                  format, "funnel")
