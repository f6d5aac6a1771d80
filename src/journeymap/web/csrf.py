"""CSRF protection: a double-submit token plus an Origin check (docs/adr/0010).

Each browser gets a random token in the ``jm_csrf`` cookie (HttpOnly, SameSite=Strict). Pages
render the same token into every POST form (``csrf_input``) and a ``<meta name=csrf-token>``
that static/csrf.js sends as the ``X-CSRF-Token`` header on every htmx request. An unsafe
request (POST/PUT/PATCH/DELETE) passes only when the token it sends equals its cookie and,
when the browser names where it comes from (Origin, else Referer), that is this site. Another
site can make a browser send the cookie but can neither read it nor set the header. Local
mode is checked too: a page on the internet could otherwise post to 127.0.0.1.
"""

from __future__ import annotations

import hmac
import re
import secrets
from contextvars import ContextVar
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from journeymap.errors import ForbiddenError

COOKIE = "jm_csrf"
HEADER = "X-CSRF-Token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # token_urlsafe(32)
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
#: The request's token while it is handled, for templates that have no ``request`` (macros).
current_token: ContextVar[str] = ContextVar("journeymap_csrf_token", default="")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def is_secure(scope: Scope, secure_cookies: bool) -> bool:
    """Cookies get the Secure flag when asked for, or when the request came over https."""
    return secure_cookies or scope.get("scheme") == "https"


class CsrfMiddleware:
    """Gives every request ``request.state.csrf_token``; sets the cookie when it is new."""

    def __init__(self, app: ASGIApp, secure_cookies: bool = False) -> None:
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = cookie_parser(Headers(scope=scope).get("cookie", "")).get(COOKIE, "")
        token = sent if _TOKEN.match(sent) else new_token()
        scope.setdefault("state", {})["csrf_token"] = token
        cookie = None if token == sent else self._cookie(scope, token)

        async def send_with_cookie(message: Message) -> None:
            if cookie and message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        reset = current_token.set(token)
        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            current_token.reset(reset)

    def _cookie(self, scope: Scope, token: str) -> str:
        secure = "; Secure" if is_secure(scope, self.secure_cookies) else ""
        return f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"


def _same_origin(request: Request) -> bool:
    """False only when the browser says the request comes from another site."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return True  # not a browser, or a browser hiding it: the token still decides
    if source == "null":
        return False
    # Host and port only: behind an https proxy the app itself may see plain http.
    return urlsplit(source).netloc == request.url.netloc


async def sent_token(request: Request) -> str:
    """The token the request carries: the header, else the form field."""
    header = request.headers.get(HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(_FORMS):
        value = (await request.form()).get(FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def check(request: Request) -> None:
    """Raise ForbiddenError (403) unless an unsafe request is from this site with its token."""
    if request.method in SAFE_METHODS:
        return
    hint = "reload the page and try again (the form was older than your session)"
    if not _same_origin(request):
        raise ForbiddenError("request refused: it comes from another site", hint=hint)
    expected = request.cookies.get(COOKIE, "")
    token = await sent_token(request)
    if not _TOKEN.match(expected) or not hmac.compare_digest(token.encode(), expected.encode()):
        raise ForbiddenError(f"request refused: missing or wrong CSRF token ({HEADER})",
                             hint=hint)


def rotate(request: Request) -> str:
    """A fresh token for a new signed-in session (set the cookie with ``cookie_header``)."""
    token = new_token()
    request.state.csrf_token = token
    current_token.set(token)
    return token
