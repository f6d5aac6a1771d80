"""Signing in and out, invitations, password reset links and changes, the members page and
its API (docs/team.md)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from journeymap.errors import InputError
from journeymap.model import Role
from journeymap.store.accounts import SESSION_LIFETIME, Invitation
from journeymap.web import auth, csrf
from journeymap.web.api_common import ERRORS, Bench
from journeymap.web.auth import CurrentUser, current_user, require_role
from journeymap.web.templating import render
from journeymap.web.throttle import SignInThrottle
from journeymap.workbench import Workbench
from journeymap.workbench import accounts as people
from journeymap.workbench import password_resets as resets

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["members"])

Email = Annotated[str, Form(max_length=254)]
Password = Annotated[str, Form(max_length=1024)]
Name = Annotated[str, Form(max_length=200)]
Owner = Annotated[CurrentUser, Depends(require_role("owner"))]
#: Changing one's own password is a POST even a viewer may make.
Viewer = Annotated[CurrentUser, Depends(require_role("viewer"))]
OWNER_ERRORS: dict[int | str, dict[str, Any]] = ERRORS | {
    403: {"description": "Not an owner, or no CSRF token: `{\"error\": {\"code\": "
          "\"forbidden\", ...}}`"},
}


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another host."""
    if not target or "\\" in target or any(ch.isspace() for ch in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") \
            or parts.path.startswith("//"):
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def invitation_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/invite/{token}"


def reset_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/reset/{token}"


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return render(request, request.app.state.templates, name, status, **context)


def _signed_in(request: Request, token: str, target: str) -> RedirectResponse:
    """Go on as the newly signed-in person: their session and a fresh CSRF token."""
    response = RedirectResponse(safe_next(target), status_code=303)
    auth.session_cookie(response, request, token, int(SESSION_LIFETIME.total_seconds()))
    secure = csrf.is_secure(request.scope, auth.settings_of(request).secure_cookies)
    response.set_cookie(csrf.COOKIE, csrf.rotate(request), path="/", httponly=True,
                        samesite="strict", secure=secure)
    return response


# -- signing in and out --------------------------------------------------------------------
@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    target = request.query_params.get("next", "/")
    return _page(request, "login.html", next_path=safe_next(target), failed=False)


@router.post("/login")
def login(request: Request, bench: Bench, email: Email = "", password: Password = "",
          next_path: Annotated[str, Form(alias="next", max_length=2000)] = "/") -> Response:
    guard = throttle_of(request)
    wait = guard.wait_seconds(email)
    if wait:
        return _page(request, "login.html", 429, next_path=safe_next(next_path), failed=False,
                     email=email, wait_minutes=math.ceil(wait / 60))
    token = people.sign_in(bench, email, password)
    if token is None:
        guard.failed(email)
        return _page(request, "login.html", 401, next_path=safe_next(next_path), failed=True,
                     email=email)
    guard.succeeded(email)
    return _signed_in(request, token, next_path)


def throttle_of(request: Request) -> SignInThrottle:
    """The app's count of failed sign-ins (made with the app)."""
    guard: SignInThrottle = request.app.state.sign_in_throttle
    return guard


@router.post("/logout")
def logout(request: Request, bench: Bench) -> RedirectResponse:
    token = request.cookies.get(auth.SESSION_COOKIE)
    if token:
        people.accounts(bench).end_session(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# -- invitations ---------------------------------------------------------------------------
def _open_invitation(bench: Workbench, token: str) -> Invitation | None:
    found = people.accounts(bench).invitation(token)
    return found if found is not None and found.workspace_id == bench.workspace_id else None


@router.get("/invite/{token}")
def invitation_page(request: Request, bench: Bench, token: str) -> HTMLResponse:
    invitation = _open_invitation(bench, token)
    has_account = bool(invitation and people.accounts(bench).find(invitation.email))
    return _page(request, "invite.html", 200 if invitation else 404, invitation=invitation,
                 token=token, has_account=has_account, problem=None)


@router.post("/invite/{token}")
def accept(request: Request, bench: Bench, token: str, password: Password = "",
           name: Name = "") -> Response:
    try:
        account = people.accept_invitation(bench, token, password, name=name)
    except InputError as exc:
        invitation = _open_invitation(bench, token)
        has_account = bool(invitation and people.accounts(bench).find(invitation.email))
        return _page(request, "invite.html", 422 if invitation else 404, invitation=invitation,
                     token=token, has_account=has_account, problem=exc)
    session = people.accounts(bench).start_session(account)
    return _signed_in(request, session, "/")


# -- password reset links and changes -----------------------------------------------------
# Reset tokens are 256-bit random values (like sessions): guessing one is hopeless, so wrong
# tokens are not throttled. A wrong current password is, like a wrong sign-in.
def _same_twice(password: str, confirm: str) -> None:
    if password != confirm:
        raise InputError("the two new passwords differ", hint="type the same password twice")


def _reset_page(request: Request, bench: Bench, token: str, problem: InputError | None = None
                ) -> HTMLResponse:
    reset = resets.open_reset(bench, token)
    status = 404 if reset is None else 422 if problem else 200
    return _page(request, "reset.html", status, reset=reset, token=token, problem=problem)


@router.get("/reset/{token}")
def reset_page(request: Request, bench: Bench, token: str) -> HTMLResponse:
    return _reset_page(request, bench, token)


@router.post("/reset/{token}")
def use_reset(request: Request, bench: Bench, token: str, password: Password = "",
              confirm: Password = "") -> Response:
    try:
        _same_twice(password, confirm)
        account = resets.use_reset(bench, token, password)
    except InputError as exc:
        return _reset_page(request, bench, token, exc)
    session = people.accounts(bench).start_session(account)
    return _signed_in(request, session, "/")


@router.get("/account/password")
def password_page(request: Request, user: Viewer) -> HTMLResponse:
    return _page(request, "password.html", me=user, problem=None, done=False)


@router.post("/account/password")
def change_password(request: Request, bench: Bench, user: Viewer, current: Password = "",
                    password: Password = "", confirm: Password = "") -> HTMLResponse:
    guard = throttle_of(request)
    try:
        if user.local:
            raise InputError("local mode has no password to change")
        if guard.wait_seconds(user.email):
            raise InputError("too many wrong passwords", hint="wait a few minutes")
        _same_twice(password, confirm)
        store = people.accounts(bench)
        store.change_password(store.require(user.email), current, password,
                              session=request.cookies.get(auth.SESSION_COOKIE))
    except InputError as exc:
        if exc.details.get("path") == "current":
            guard.failed(user.email)
        return _page(request, "password.html", 422, me=user, problem=exc, done=False)
    return _page(request, "password.html", me=user, problem=None, done=True)


# -- the members page ----------------------------------------------------------------------
def _members_page(request: Request, bench: Bench, status: int = 200, **context: Any
                  ) -> HTMLResponse:
    user = current_user(request)
    invitations = people.accounts(bench).open_invitations(bench.workspace_id) \
        if user.may(Role.OWNER) else []
    for shown in ("link", "reset_link", "problem"):
        context.setdefault(shown, None)
    return _page(request, "members.html", status, people=people.people(bench),
                 invitations=invitations, roles=list(people.ROLE_ORDER), me=user, **context)


@router.get("/members")
def members_page(request: Request, bench: Bench) -> HTMLResponse:
    return _members_page(request, bench)


def _owner_edit(request: Request, bench: Bench, change: Any, shown: str = "link"
                ) -> HTMLResponse:
    """Run one owner's change; a refused one re-shows the page with the reason.

    What the change answers (a link, or None) is shown on the page as ``shown``.
    """
    try:
        answer = change()
    except InputError as exc:
        return _members_page(request, bench, 422, problem=exc)
    return _members_page(request, bench, **{shown: answer})


@router.post("/members/invite")
def invite_form(request: Request, bench: Bench, user: Owner, email: Email = "",
                role: Annotated[Role, Form()] = Role.VIEWER) -> HTMLResponse:
    def change() -> str:
        token = people.invite(bench, email, role, invited_by=user.id)
        return invitation_link(str(request.base_url), token)

    return _owner_edit(request, bench, change)


@router.post("/members/role")
def role_form(request: Request, bench: Bench, _: Owner, member: Email = "",
              role: Annotated[Role, Form()] = Role.VIEWER) -> HTMLResponse:
    return _owner_edit(request, bench, lambda: people.set_role(bench, member, role))


@router.post("/members/reset-link")
def reset_link_form(request: Request, bench: Bench, user: Owner,
                    member: Email = "") -> HTMLResponse:
    def change() -> dict[str, str]:
        token = resets.issue_reset(bench, member, created_by=user.id)
        return {"email": member.strip().lower(),
                "url": reset_link(str(request.base_url), token)}

    return _owner_edit(request, bench, change, shown="reset_link")


@router.post("/members/remove")
def remove_form(request: Request, bench: Bench, _: Owner, member: Email = "") -> HTMLResponse:
    return _owner_edit(request, bench, lambda: people.remove_member(bench, member))


# -- the API -------------------------------------------------------------------------------
class Me(BaseModel):
    id: str
    email: str
    name: str
    role: Role
    local: bool


class MemberOut(BaseModel):
    user: str
    name: str
    role: Role
    has_account: bool
    disabled: bool


class InvitationIn(BaseModel):
    email: str = Field(max_length=254)
    role: Role = Role.VIEWER


class InvitationOut(BaseModel):
    email: str
    role: Role
    link: str
    expires_at: datetime


class RoleIn(BaseModel):
    role: Role


class ResetLinkOut(BaseModel):
    email: str
    link: str
    expires_at: datetime


@api_router.get("/me", operation_id="get_me", response_model=Me,
                summary="Who is signed in, and their role in this workspace")
def get_me(request: Request) -> Me:
    user = current_user(request)
    return Me(id=user.id, email=user.email, name=user.name, role=user.role, local=user.local)


@api_router.get("/members", operation_id="list_members", response_model=list[MemberOut],
                summary="The workspace's members and their roles")
def list_members(bench: Bench) -> list[MemberOut]:
    return [MemberOut(user=p.user, name=p.name, role=p.role, has_account=p.has_account,
                      disabled=p.disabled) for p in people.people(bench)]


@api_router.post("/members/invitations", operation_id="invite_member", status_code=201,
                 response_model=InvitationOut, responses=OWNER_ERRORS,
                 summary="Invite someone by e-mail (owners); answers the link to send them")
async def invite_member(request: Request, bench: Bench, body: InvitationIn,
                        user: Owner) -> InvitationOut:
    def make() -> InvitationOut:
        token = people.invite(bench, body.email, body.role, invited_by=user.id)
        found = people.accounts(bench).invitation(token)
        assert found is not None
        return InvitationOut(email=found.email, role=found.role, expires_at=found.expires_at,
                             link=invitation_link(str(request.base_url), token))

    return await run_in_threadpool(make)


@api_router.post("/members/{user}/password-reset", operation_id="create_password_reset",
                 status_code=201, response_model=ResetLinkOut, responses=OWNER_ERRORS,
                 summary="A password reset link for a member (owners); valid 24 h, once")
async def create_password_reset(request: Request, bench: Bench, user: str,
                                owner: Owner) -> ResetLinkOut:
    def make() -> ResetLinkOut:
        token = resets.issue_reset(bench, user, created_by=owner.id)
        found = resets.open_reset(bench, token)
        assert found is not None
        return ResetLinkOut(email=found.email, expires_at=found.expires_at,
                            link=reset_link(str(request.base_url), token))

    return await run_in_threadpool(make)


@api_router.put("/members/{user}", operation_id="set_member_role", response_model=MemberOut,
                responses=OWNER_ERRORS, summary="Give a member another role (owners)")
def set_member_role(bench: Bench, user: str, body: RoleIn, _: Owner) -> MemberOut:
    people.set_role(bench, user, body.role)
    return next(MemberOut(user=p.user, name=p.name, role=p.role, has_account=p.has_account,
                          disabled=p.disabled)
                for p in people.people(bench) if p.user == user.strip().lower())


@api_router.delete("/members/{user}", operation_id="remove_member", status_code=204,
                   responses=OWNER_ERRORS, summary="Take someone out of the workspace (owners)")
def remove_member(bench: Bench, user: str, _: Owner) -> Response:
    people.remove_member(bench, user)
    return Response(status_code=204)
