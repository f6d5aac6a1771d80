"""Languages of the web UI: gettext catalogs, each request's locale, locale-aware formatting.

Catalogs are ``locales/{en,pl,bg}/LC_MESSAGES/messages.po`` beside this module, read at run
time with Babel and cached (no compiled ``.mo`` files, no build step). ``scripts/
i18n-extract.sh`` refreshes them from the templates and Python code of ``journeymap.web``;
``tests/test_i18n.py`` fails while any message lacks a Polish or Bulgarian translation.

The API the app uses (nothing else here is meant to be called from outside):

- ``install(env)`` on the Jinja2 environment: newstyle ``_``/``gettext``/``ngettext``/
  ``pgettext``/``npgettext`` translating into the current request's locale (newstyle: write a
  literal ``%`` as ``%%``; pass values by name, ``_("%(n)s maps", n=3)``), trimmed
  ``{% trans %}`` blocks; filters ``number``, ``percent``, ``date``, ``datetime``,
  ``duration``; globals ``current_locale()``, ``LANGUAGES``, ``LANGUAGE_NAMES``.
- ``app.add_middleware(LocaleMiddleware, workspace_language=...)``: makes each request's locale
  current: the ``jm_lang`` cookie, else ``Accept-Language``, else the workspace's language (a
  code, or a cheap callable returning one, called only when needed), else English.
- ``app.include_router(router)``: ``GET /lang/{code}?next=/path`` (operation id
  ``set_language``) stores the choice in the cookie and redirects back (to ``next``, else the
  same-site ``Referer``, else ``/``); an unknown code is a ``NotFoundError``.
- Python code: ``from journeymap.web.i18n import N_, gettext as _, ngettext``. ``_()``
  translates when called, so call it while handling a request; mark module-level strings with
  ``N_()`` (extracted, not translated) and pass them through ``_()`` where they are shown.
- ``format_number``, ``format_percent``, ``format_date``, ``format_datetime``,
  ``format_duration``: in the current locale unless ``locale=`` is given; ``None`` shows "—".
- ``use_locale(code)``: makes a locale current outside a request (tests, background jobs).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from copy import copy
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from babel import Locale
from babel import dates as babel_dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern
from babel.support import Translations
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from journeymap.errors import NotFoundError

LANGUAGES: tuple[str, ...] = ("en", "pl", "bg")
DEFAULT_LANGUAGE = "en"
#: Each language named in itself, as a language switcher shows it.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "pl": "Polski", "bg": "Български"}
COOKIE = "jm_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LOCALES_DIR = Path(__file__).with_name("locales")
DOMAIN = "messages"
#: Shown by the formatting filters for a missing value (no data yet).
MISSING = "—"

Number = int | float | Decimal

_current: ContextVar[str] = ContextVar("journeymap_locale", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


# Labels of the language switcher, owned here because the switcher's route is.
LANGUAGE_LABEL = N_("Language")


def current_locale() -> str:
    return _current.get()


@contextmanager
def use_locale(code: str) -> Iterator[str]:
    """Make ``code`` the current locale inside the block."""
    if code not in LANGUAGES:
        raise NotFoundError("language", code)
    token = _current.set(code)
    try:
        yield code
    finally:
        _current.reset(token)


# -- catalogs --------------------------------------------------------------------------------
def load_translations(directory: Path, code: str) -> Translations:
    """Translations from ``directory/<code>/LC_MESSAGES/messages.po``, fuzzy entries left out."""
    path = directory / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    # gettext reads only the binary format, so compile it in memory instead of shipping it.
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@cache
def translations(code: str) -> Translations:
    return load_translations(LOCALES_DIR, code)


def gettext(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return str(translations(current_locale()).pgettext(context, message))


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).npgettext(context, singular, plural, n)


# -- choosing the locale ---------------------------------------------------------------------
def parse_accept_language(header: str) -> list[str]:
    """The language ranges of an ``Accept-Language`` header, most preferred first."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.partition(";")
        tag = tag.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(ranked)]


def _supported(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else None


WorkspaceLanguage = str | Callable[[], str | None] | None


def choose_locale(
    cookie: str | None, accept_language: str | None, workspace_language: WorkspaceLanguage = None
) -> str:
    """The explicit choice, else the browser's preference, else the workspace's, else English.

    ``workspace_language`` may be a callable: it is called only when it decides.
    """
    if cookie in LANGUAGES:
        return cookie
    for tag in parse_accept_language(accept_language or ""):
        code = _supported(tag)
        if code:
            return code
    fallback = workspace_language() if callable(workspace_language) else workspace_language
    return _supported(fallback) or DEFAULT_LANGUAGE


class LocaleMiddleware:
    """Makes the locale chosen for each request current while the app handles it."""

    def __init__(self, app: ASGIApp, workspace_language: WorkspaceLanguage = None) -> None:
        self.app = app
        self.workspace_language = workspace_language

    def choose(self, scope: Scope) -> str:
        headers = Headers(scope=scope)
        cookie = cookie_parser(headers.get("cookie", "")).get(COOKIE)
        return choose_locale(cookie, headers.get("accept-language"), self.workspace_language)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        locale = self.choose(scope)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-language", locale)
                headers.add_vary_header("Accept-Language")
                headers.add_vary_header("Cookie")
            await send(message)

        token = _current.set(locale)
        try:
            await self.app(scope, receive, send_with_language)
        finally:
            _current.reset(token)


# -- switching language ----------------------------------------------------------------------
router = APIRouter()


def _back_to(request: Request, next_path: str | None) -> str:
    """Where to return after switching: only paths on this site, never another host."""
    for candidate in (next_path, request.headers.get("referer")):
        # Browsers read a backslash as "/" and drop tabs and newlines: both could leave the site.
        if not candidate or "\\" in candidate or any(ch.isspace() for ch in candidate):
            continue
        parts = urlsplit(candidate)
        same_site = not parts.netloc or parts.netloc == request.url.netloc
        if same_site and parts.path.startswith("/") and not parts.path.startswith("//"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


@router.get("/lang/{code}", operation_id="set_language", status_code=303,
            response_class=RedirectResponse, summary="Switch the language of the UI")
def set_language(
    code: str, request: Request, next_path: Annotated[str | None, Query(alias="next")] = None
) -> RedirectResponse:
    """Store the chosen language in the ``jm_lang`` cookie and go back to the page."""
    if code not in LANGUAGES:
        raise NotFoundError("language", code, scope="en, pl, bg")
    response = RedirectResponse(_back_to(request, next_path), status_code=303)
    response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, path="/", samesite="lax",
                        httponly=True, secure=request.url.scheme == "https")
    return response


# -- formatting ------------------------------------------------------------------------------
def _locale(locale: str | None) -> Locale:
    return _babel_locale(locale or current_locale())


@cache
def _babel_locale(code: str) -> Locale:
    return Locale.parse(code)


def _with_decimals(pattern: NumberPattern, decimals: int | None) -> NumberPattern:
    if decimals is None:
        return pattern
    fixed = copy(pattern)
    fixed.frac_prec = (decimals, decimals)
    return fixed


def format_number(
    value: Number | None, decimals: int | None = None, *, locale: str | None = None
) -> str:
    """``1234.5`` -> ``1,234.5`` (en), ``1 234,5`` (pl, bg; no-break space)."""
    if value is None:
        return MISSING
    loc = _locale(locale)
    pattern = parse_pattern(loc.decimal_formats[None])
    return str(_with_decimals(pattern, decimals).apply(value, loc))


def format_percent(
    value: Number | None, decimals: int | None = 0, *, locale: str | None = None
) -> str:
    """A share (``0.457``) as a percentage: ``46%``; with ``decimals=1``: ``45.7%``/``45,7%``."""
    if value is None:
        return MISSING
    loc = _locale(locale)
    pattern = parse_pattern(loc.percent_formats[None])
    return str(_with_decimals(pattern, decimals).apply(value, loc))


DateStyle = Literal["short", "medium", "long", "full"]


def format_date(
    value: date | datetime | None, style: DateStyle = "medium", *, locale: str | None = None
) -> str:
    if value is None:
        return MISSING
    return babel_dates.format_date(value, style, locale=_locale(locale))


def format_datetime(
    value: datetime | None,
    style: DateStyle = "medium",
    *,
    tz: tzinfo = UTC,
    locale: str | None = None,
) -> str:
    """A moment shown in ``tz`` (UTC unless given: stored times are UTC)."""
    if value is None:
        return MISSING
    return babel_dates.format_datetime(value, style, tzinfo=tz, locale=_locale(locale))


def format_duration(
    seconds: Number | timedelta | None,
    style: Literal["long", "short", "narrow"] = "long",
    *,
    locale: str | None = None,
) -> str:
    """A duration rounded to its largest unit: ``5400`` -> ``2 hours`` / ``2 godziny``."""
    if seconds is None:
        return MISSING
    delta = seconds if isinstance(seconds, timedelta) else timedelta(seconds=float(seconds))
    return babel_dates.format_timedelta(delta, format=style, locale=_locale(locale))


# -- templates -------------------------------------------------------------------------------
def _per_render(format_value: Callable[..., str]) -> Callable[..., str]:
    """The filter ``format_value``, never folded into a constant when a template is compiled.

    Jinja evaluates a filter of a literal (``{{ 1234.5|number }}``) once at compile time, and
    templates are cached: that would freeze the first request's locale into the template.
    """

    @pass_context
    def apply(_: Context, value: Any, *args: Any, **kwargs: Any) -> str:
        return format_value(value, *args, **kwargs)

    return apply


def install(env: Environment) -> None:
    """Translate and format ``env``'s templates in each request's locale."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    # Trimmed, like the extraction in locales/babel.cfg: the msgids must match exactly.
    env.policies["ext.i18n.trimmed"] = True
    installer: Any = env
    installer.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.filters.update(
        number=_per_render(format_number), percent=_per_render(format_percent),
        date=_per_render(format_date), datetime=_per_render(format_datetime),
        duration=_per_render(format_duration),
    )
    env.globals.update(
        current_locale=current_locale, LANGUAGES=LANGUAGES, LANGUAGE_NAMES=LANGUAGE_NAMES
    )
