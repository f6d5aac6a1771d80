"""Who is asking, and may they: sessions, local mode and roles on every route (docs/team.md).

A global dependency (``guard``) runs before every route of the app: it checks CSRF on unsafe
requests, resolves the current user from the ``jm_session`` cookie (or, in local mode, the
person at this computer), and checks the role the route needs: GET needs viewer, anything
that changes something needs editor, unless the route lists ``require_role(...)`` in its
dependencies (the lowest role listed there is what it needs). Other code asks
``current_user(request)``.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from journeymap.errors import ForbiddenError, LoginRequired
from journeymap.model import Role
from journeymap.web import csrf
from journeymap.web.errors import API_PREFIX
from journeymap.workbench import Workbench
from journeymap.workbench import accounts as people

SESSION_COOKIE = "jm_session"
#: Pages anyone may open: signing in and out, accepting an invitation, using a password
#: reset link, switching language.
PUBLIC_PREFIXES = ("/login", "/logout", "/invite/", "/reset/", "/lang/")


@dataclass(frozen=True)
class AuthSettings:
    """How the server was started: bound to loopback, ``--no-login``, ``--secure-cookies``."""

    loopback: bool = True
    no_login: bool = False
    secure_cookies: bool = False

    @classmethod
    def from_environment(cls) -> AuthSettings:
        """What ``journeymap serve`` hands the app's worker processes (unset: not loopback)."""
        host = os.environ.get("JOURNEYMAP_HOST", "")
        return cls(loopback=bool(host) and people.is_loopback(host),
                   no_login=os.environ.get("JOURNEYMAP_NO_LOGIN") == "1",
                   secure_cookies=os.environ.get("JOURNEYMAP_SECURE_COOKIES") == "1")


@dataclass(frozen=True)
class CurrentUser:
    """The person making the request and their role in this workspace."""

    id: str  # the account's lower-cased e-mail, or "local:<os user>" in local mode
    email: str
    name: str
    role: Role
    local: bool = False

    def may(self, role: Role | str) -> bool:
        return people.rank(self.role) >= people.rank(role)


def local_user() -> CurrentUser:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (some containers)
        name = "local"
    return CurrentUser(id=f"local:{name}", email="", name=name, role=Role.OWNER, local=True)


def settings_of(request: Request) -> AuthSettings:
    found = getattr(request.app.state, "auth", None)
    return found if isinstance(found, AuthSettings) else AuthSettings()


def local_mode(bench: Workbench, settings: AuthSettings) -> bool:
    """No login needed: on loopback, with ``--no-login`` or while no account exists."""
    return settings.loopback and (settings.no_login or people.accounts(bench).count() == 0)


def resolve(bench: Workbench, settings: AuthSettings, token: str | None) -> CurrentUser | None:
    """The signed-in member, else the local user in local mode, else None.

    A signed-in account that is not a member of this workspace gets ForbiddenError.
    """
    account = people.accounts(bench).session_account(token) if token else None
    if account is not None:
        role = people.role_of(bench, account.email)
        if role is None:
            raise ForbiddenError(f"{account.email} is not a member of this workspace",
                                 hint="ask an owner of the workspace to invite you")
        return CurrentUser(account.key, account.email, account.name, role)
    return local_user() if local_mode(bench, settings) else None


def current_user(request: Request) -> CurrentUser:
    """Who is making this request; LoginRequired when nobody is signed in."""
    user = getattr(request.state, "user", None)
    if not isinstance(user, CurrentUser):
        raise LoginRequired("sign in first", hint="open /login")
    return user


def require_role(role: Role | str) -> Callable[[Request], CurrentUser]:
    """A dependency giving the current user, 403 when their role is below ``role``."""
    return _ROLE_CHECKS[Role(role)]


def _role_check(role: Role) -> Callable[[Request], CurrentUser]:
    def check(request: Request) -> CurrentUser:
        user = current_user(request)
        if not user.may(role):
            raise ForbiddenError(f"this needs the {role.value} role; you are {user.role.value}",
                                 hint="ask an owner of the workspace for a higher role")
        return user

    check.jm_role = role  # type: ignore[attr-defined]  # read by needed_role
    return check


_ROLE_CHECKS = {role: _role_check(role) for role in Role}


def needed_role(request: Request) -> Role:
    """The lowest role a route asks for with ``require_role`` (in its ``dependencies`` or as a
    parameter), else the default for its method."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    listed = [getattr(dep.call, "jm_role", None) for dep in getattr(dependant, "dependencies", [])]
    roles = [r for r in listed if isinstance(r, Role)]
    if roles:
        return min(roles, key=people.rank)
    return Role.VIEWER if request.method in csrf.SAFE_METHODS else Role.EDITOR


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES)


async def guard(request: Request) -> None:
    """CSRF, then who is asking, then whether their role allows this route."""
    await csrf.check(request)
    bench: Workbench = request.app.state.bench
    token = request.cookies.get(SESSION_COOKIE)
    try:
        user = await run_in_threadpool(resolve, bench, settings_of(request), token)
    except ForbiddenError:
        if is_public(request.url.path):
            return  # a non-member may still sign out or accept an invitation
        raise
    request.state.user = user
    if is_public(request.url.path):
        return
    _ROLE_CHECKS[needed_role(request)](request)


def session_cookie(response: Response, request: Request, token: str, max_age: int) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, Secure over https or when asked."""
    secure = csrf.is_secure(request.scope, settings_of(request).secure_cookies)
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, path="/", httponly=True,
                        samesite="lax", secure=secure)


def signed_in(request: Request) -> CurrentUser | None:
    """For templates: the current user, or None on public pages nobody signed in to."""
    user = getattr(request.state, "user", None)
    return user if isinstance(user, CurrentUser) else None


def may_edit(request: Request) -> bool:
    """For templates: show edit controls (viewers get a read-only canvas)."""
    user = signed_in(request)
    return user is None or user.may(Role.EDITOR)


def install(app: FastAPI, settings: AuthSettings) -> None:
    """Remember the settings, send people who must sign in to /login, add template globals."""
    app.state.auth = settings
    # Routes take the router's dependencies when they are included: install before that.
    app.router.dependencies.append(Depends(guard))

    async def on_login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if request.url.path.startswith(API_PREFIX):
            return JSONResponse(exc.to_dict(), status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        location = f"/login?next={quote(target, safe='')}"
        if request.headers.get("HX-Request") == "true":
            return Response(status_code=401, headers={"HX-Redirect": location})
        return RedirectResponse(location, status_code=303)

    app.add_exception_handler(LoginRequired, on_login_required)
    app.state.templates.globals.update(signed_in=signed_in, may_edit=may_edit)
    app.add_middleware(csrf.CsrfMiddleware, secure_cookies=settings.secure_cookies)
