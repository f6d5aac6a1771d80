"""The live numbers of a map: the filter read from the query, and their REST operation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query

from journeymap.errors import InputError
from journeymap.web.api_common import ERRORS, Bench
from journeymap.workbench.numbers import NumbersFilter, map_numbers

router = APIRouter(tags=["numbers"])


def _day(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{name}: {value!r} is not a date", hint="write it as YYYY-MM-DD",
                         path=name) from None


def _listed(values: list[str]) -> tuple[str, ...]:
    """Repeated parameters and comma-separated ones alike, blanks dropped."""
    return tuple(dict.fromkeys(part.strip() for value in values for part in value.split(",")
                               if part.strip()))


def numbers_filter(
    persona: Annotated[str, Query(max_length=200, description="a persona id (its segment)")] = "",
    date_from: Annotated[str, Query(alias="from", max_length=40,
                                    description="first day, YYYY-MM-DD")] = "",
    date_to: Annotated[str, Query(alias="to", max_length=40,
                                  description="last day, YYYY-MM-DD")] = "",
    channel: Annotated[list[str], Query(max_length=50, description="channels to keep")] = [],  # noqa: B006
    conversion: Annotated[list[str], Query(
        max_length=50, description="conversion events (default: reaching the last stage)")] = [],  # noqa: B006
) -> NumbersFilter:
    """The filter of a canvas or API request; blank fields mean no restriction."""
    found = NumbersFilter(persona=persona.strip() or None,
                          date_from=_day(date_from, "from"), date_to=_day(date_to, "to"),
                          channels=tuple(c.lower() for c in _listed(channel)),
                          conversion_events=_listed(conversion))
    found.event_filter()
    return found


Filter = Annotated[NumbersFilter, Depends(numbers_filter)]


def filter_query(found: NumbersFilter, *, quotes: bool = False) -> str:
    """The filter as a query string (``persona=...&channel=web&channel=app``)."""
    pairs: list[tuple[str, str]] = []
    if found.persona:
        pairs.append(("persona", found.persona))
    if found.date_from:
        pairs.append(("from", found.date_from.isoformat()))
    if found.date_to:
        pairs.append(("to", found.date_to.isoformat()))
    pairs += [("channel", channel) for channel in found.channels]
    pairs += [("conversion", event) for event in found.conversion_events]
    if quotes:
        pairs.append(("quotes", "1"))
    return urlencode(pairs)


@router.get("/maps/{map_id}/numbers", operation_id="get_map_numbers", responses=ERRORS)
def get_map_numbers(bench: Bench, map_id: str, found: Filter) -> dict[str, Any]:
    """Live numbers of the map for a filter: per stage (customers, conversion to the next
    stage, drop-off, median seconds to the next stage), per touchpoint (customers, events,
    drop-off, median seconds to the next event), survey KPIs with n and 95% interval per
    stage and touchpoint, emotions per persona and stage (manual cards override, marked
    ``manual``) and quotes per stage."""
    return map_numbers(bench, map_id, found).as_dict()
