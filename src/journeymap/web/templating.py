"""The Jinja2 environment: autoescaped, every UI string through gettext (``i18n``)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from journeymap import __version__
from journeymap.model import Channel, LaneKind
from journeymap.web import csrf, i18n
from journeymap.web.navigation import nav_entries
from journeymap.web.views import CURVE_HEIGHT, curve_y

#: Vendored front-end libraries (see static/vendor/README.md and scripts/vendor-web.sh).
VENDOR = {
    "htmx": "vendor/htmx.org-2.0.11/htmx.min.js",
    "sortable": "vendor/sortablejs-1.15.7/Sortable.min.js",
}
#: Vendored libraries only some pages load (ECharts is 1 MB: only the Flows pages draw charts).
PAGE_VENDOR = {
    "echarts": "vendor/echarts-6.1.0/echarts.min.js",
}


def shown(value: Any) -> str:
    """A JSON-ready field value as a person reads it: a dash for none, lists joined."""
    if value is None or value == "" or value == []:
        return i18n.MISSING
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def csrf_input(request: Request | None = None) -> Markup:
    """The hidden CSRF field every POST form carries (web/csrf.py); macros may omit request."""
    token = getattr(request.state, "csrf_token", None) if request else csrf.current_token.get()
    if not token:
        return Markup("")
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(token)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("journeymap.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n.install(env)
    env.filters["shown"] = shown
    env.globals.update(
        vendor=VENDOR, version=__version__, channels=list(Channel), lane_kinds=list(LaneKind),
        page_vendor=PAGE_VENDOR, nav_entries=nav_entries, csrf_input=csrf_input,
        curve_height=CURVE_HEIGHT, neutral_y=curve_y(0.0),
    )
    return env


def render(request: Request, env: Environment, name: str, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    context.setdefault("lang", i18n.current_locale())
    html = env.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


def is_fragment_request(request: Request) -> bool:
    """htmx asks for a fragment; a plain form post gets the whole page back."""
    return request.headers.get("HX-Request") == "true"
