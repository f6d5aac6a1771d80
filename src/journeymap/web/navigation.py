"""The top navigation: one list of pages, each shown once its route is served."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.routing import Match

from journeymap.web.i18n import N_


@dataclass(frozen=True)
class NavEntry:
    path: str
    label: str  # an N_-marked message, translated when shown


#: In the order of the method: the map, its evidence, the decisions, the team's tools.
NAV = (
    NavEntry("/", N_("Maps")),
    NavEntry("/compare", N_("Compare")),
    NavEntry("/flows", N_("Flows")),
    NavEntry("/voice", N_("Voice of the customer")),
    NavEntry("/personas", N_("Personas")),
    NavEntry("/painpoints", N_("Pain points")),
    NavEntry("/focus", N_("Focus")),
    NavEntry("/actions", N_("Action plan")),
    NavEntry("/places", N_("Places")),
    NavEntry("/method", N_("Method")),
    NavEntry("/board", N_("Workshop board")),
    NavEntry("/activity", N_("Activity")),
    NavEntry("/data", N_("Data")),
    NavEntry("/report", N_("Report")),
)


def nav_entries(request: Request) -> list[NavEntry]:
    """The entries whose page this app serves (a page arrives with its feature)."""
    shown: list[NavEntry] | None = getattr(request.app.state, "nav_entries", None)
    if shown is None:
        shown = [entry for entry in NAV if _served(request, entry.path)]
        request.app.state.nav_entries = shown
    return shown


def _served(request: Request, path: str) -> bool:
    # Included routers are not plain routes in recent FastAPI: ask each route to match.
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "",
             "query_string": b"", "headers": []}
    return any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes)
