"""Who may do what on the web: local mode, signing in and out, cookies, roles on pages and API."""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, Request
from fastapi.testclient import TestClient

from auth_support import (
    EDITOR,
    OWNER,
    PASSWORD,
    VIEWER,
    add_people,
    app_for,
    follow_csrf,
    make_workspace,
    sign_in,
    use_fast_hashing,
)
from conftest import send_csrf_token
from journeymap.web.auth import (
    AuthSettings,
    CurrentUser,
    current_user,
    local_user,
    require_role,
)
from journeymap.web.users import safe_next
from journeymap.workbench import Workbench
from journeymap.workbench import accounts as people

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hashing(monkeypatch)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def team(folder: Path) -> Iterator[TestClient]:
    """A server on loopback whose store has an owner, an editor and a viewer."""
    app = app_for(folder)
    add_people(app.state.bench)
    with TestClient(app, headers={"Accept-Language": "en"}) as client:
        yield client


def set_cookie(response: object, name: str) -> SimpleCookie:
    headers = getattr(response, "headers")  # noqa: B009
    for value in headers.get_list("set-cookie"):
        if value.startswith(f"{name}="):
            return SimpleCookie(value)
    raise AssertionError(f"no {name} cookie set")


# -- local mode ------------------------------------------------------------------------------
def test_loopback_without_accounts_needs_no_login(folder: Path) -> None:
    with TestClient(app_for(folder)) as client:
        assert client.get("/").status_code == 200
        me = client.get(f"{API}/me").json()
        assert me == {"id": local_user().id, "email": "", "name": local_user().name,
                      "role": "owner", "local": True}
        added = client.post(f"{API}/maps/retail/stages", json={"id": "loyalty", "name": "L"})
        assert added.status_code == 201


def test_another_host_needs_login_even_without_accounts(folder: Path) -> None:
    with TestClient(app_for(folder, loopback=False)) as client:
        page = client.get("/maps/retail?x=1", follow_redirects=False)
        assert (page.status_code, page.headers["location"]) == (
            303, "/login?next=%2Fmaps%2Fretail%3Fx%3D1")
        api = client.get(f"{API}/workspace")
        assert api.status_code == 401 and api.json()["error"]["code"] == "login_required"
        htmx = client.get("/", headers={"HX-Request": "true"})
        assert (htmx.status_code, htmx.headers["HX-Redirect"]) == (401, "/login?next=%2F")


def test_local_mode_ends_once_an_account_exists(folder: Path) -> None:
    app = app_for(folder)
    with TestClient(app) as client:
        assert client.get(f"{API}/me").status_code == 200
        people.add_user(app.state.bench, OWNER, "owner", PASSWORD)
        assert client.get(f"{API}/me").status_code == 401


def test_no_login_keeps_local_mode_with_accounts(folder: Path) -> None:
    app = app_for(folder, no_login=True)
    add_people(app.state.bench)
    with TestClient(app) as client:
        assert client.get(f"{API}/me").json()["local"] is True
        sign_in(client, VIEWER)  # a signed-in person is still who they are
        assert client.get(f"{API}/me").json()["role"] == "viewer"


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOURNEYMAP_HOST", raising=False)
    assert AuthSettings.from_environment() == AuthSettings(loopback=False)
    for host, loopback in (("127.0.0.1", True), ("::1", True), ("localhost", True),
                           ("127.0.1.1", True), ("0.0.0.0", False), ("10.0.0.5", False)):
        monkeypatch.setenv("JOURNEYMAP_HOST", host)
        assert AuthSettings.from_environment().loopback is loopback, host
    monkeypatch.setenv("JOURNEYMAP_NO_LOGIN", "1")
    monkeypatch.setenv("JOURNEYMAP_SECURE_COOKIES", "1")
    assert AuthSettings.from_environment() == AuthSettings(False, True, True)


# -- signing in and out ----------------------------------------------------------------------
def test_signing_in_sets_a_safe_session_cookie(team: TestClient) -> None:
    answer = sign_in(team, EDITOR)
    assert (answer.status_code, answer.headers["location"]) == (303, "/")
    cookie = set_cookie(answer, "jm_session")["jm_session"]
    assert cookie["httponly"] is True and cookie["samesite"] == "lax"
    assert cookie["secure"] == "" and cookie["path"] == "/"
    assert int(cookie["max-age"]) == 14 * 24 * 3600
    csrf = set_cookie(answer, "jm_csrf")["jm_csrf"]  # a fresh token for the new session
    assert csrf["httponly"] is True and csrf["samesite"] == "strict"
    assert team.get(f"{API}/me").json() == {"id": EDITOR, "email": EDITOR, "name": "ivan",
                                            "role": "editor", "local": False}


def test_cookies_are_secure_when_asked_or_over_https(folder: Path) -> None:
    app = app_for(folder, secure_cookies=True)
    add_people(app.state.bench)
    with TestClient(app) as client:
        answer = sign_in(client, OWNER)
        assert set_cookie(answer, "jm_session")["jm_session"]["secure"] is True
        assert set_cookie(answer, "jm_csrf")["jm_csrf"]["secure"] is True
    with TestClient(app_for(folder), base_url="https://testserver") as client:
        answer = sign_in(client, OWNER)
        assert set_cookie(answer, "jm_session")["jm_session"]["secure"] is True


def test_a_wrong_password_shows_the_form_again(team: TestClient) -> None:
    answer = sign_in(team, EDITOR, "not-the-password")
    assert answer.status_code == 401
    assert "Wrong e-mail or password." in answer.text
    assert "jm_session" not in answer.headers.get("set-cookie", "")
    assert team.get(f"{API}/me").status_code == 401


def test_signing_out_ends_the_session(team: TestClient) -> None:
    sign_in(team, EDITOR)
    token = team.cookies["jm_session"]
    answer = team.post("/logout", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    team.cookies.set("jm_session", token)  # an old copy of the cookie is no use either
    assert team.get(f"{API}/me").status_code == 401


@pytest.mark.parametrize(("target", "expected"), [
    ("/maps/retail?view=x", "/maps/retail?view=x"), ("//evil.test/x", "/"),
    ("https://evil.test/", "/"), ("/\\evil.test", "/"), ("", "/"), ("maps", "/"),
    ("/ok\n", "/"),
])
def test_after_signing_in_only_paths_of_this_site(target: str, expected: str) -> None:
    assert safe_next(target) == expected


def test_login_goes_on_to_the_page_asked_for(team: TestClient) -> None:
    answer = team.post("/login", data={"email": OWNER, "password": PASSWORD,
                                       "next": "/maps/retail"}, follow_redirects=False)
    assert answer.headers["location"] == "/maps/retail"


def test_an_account_that_is_not_a_member_is_refused(team: TestClient) -> None:
    bench: Workbench = team.app.state.bench  # type: ignore[attr-defined]
    people.accounts(bench).create("zoe@example.com", PASSWORD)
    sign_in(team, "zoe@example.com")
    page = team.get("/")
    assert page.status_code == 403 and "not a member of this workspace" in page.text
    assert team.get(f"{API}/me").json()["error"]["code"] == "forbidden"
    assert team.post("/logout", follow_redirects=False).status_code == 303


# -- roles -----------------------------------------------------------------------------------
ROLE_OF = {"owner": OWNER, "editor": EDITOR, "viewer": VIEWER}

#: (what, method, path, body kind, body); body kind "json" for the API, "form" for pages.
ACTIONS = {
    "read page": ("GET", "/maps/retail", None, None),
    "read api": ("GET", f"{API}/workspace", None, None),
    "members page": ("GET", "/members", None, None),
    "edit api": ("POST", f"{API}/maps/retail/stages", "json", {"name": "New"}),
    "edit page": ("POST", "/maps/retail/ui/stages", "form", {"name": "New"}),
    "members api": ("PUT", f"{API}/members/{VIEWER}", "json", {"role": "viewer"}),
    "invite page": ("POST", "/members/invite", "form", {"email": "x@example.com",
                                                        "role": "viewer"}),
}
ALLOWED = {
    "owner": set(ACTIONS),
    "editor": {"read page", "read api", "members page", "edit api", "edit page"},
    "viewer": {"read page", "read api", "members page"},
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_roles_matrix(team: TestClient, role: str, action: str) -> None:
    sign_in(team, ROLE_OF[role])
    method, path, kind, body = ACTIONS[action]
    if kind == "json":
        answer = team.request(method, path, json=body)
    else:
        answer = team.request(method, path, data=body)
    if action in ALLOWED[role]:
        assert answer.status_code in (200, 201), answer.text
        return
    assert answer.status_code == 403
    if path.startswith(API):
        assert answer.json()["error"]["code"] == "forbidden"
        assert answer.json()["error"]["message"] == f"this needs the {'owner' if 'members' in action else 'editor'} role; you are {role}"  # noqa: E501
    else:
        assert "text/html" in answer.headers["content-type"] and "forbidden" in answer.text


def test_a_viewer_sees_the_map_without_edit_controls(team: TestClient) -> None:
    sign_in(team, VIEWER)
    viewer_page = team.get("/maps/retail").text
    sign_in(team, EDITOR)
    editor_page = team.get("/maps/retail").text
    for form in ('action="/maps/retail/ui/stages"', 'action="/maps/retail/snapshots"',
                 'action="/maps/retail/derive"'):
        assert form in editor_page and form not in viewer_page, form


def test_the_header_names_the_person_and_offers_sign_out(team: TestClient) -> None:
    sign_in(team, OWNER)
    page = team.get("/").text
    assert 'class="user-name"' in page and ">anna<" in page.replace("Anna", "anna")
    assert 'action="/logout"' in page


# -- members and invitations -----------------------------------------------------------------
def test_an_owner_invites_and_the_invitation_is_accepted_once(team: TestClient) -> None:
    sign_in(team, OWNER)
    page = team.post("/members/invite", data={"email": "Olek@Example.com", "role": "editor"})
    assert page.status_code == 200
    link = page.text.split('class="copy-link" readonly value="', 1)[1].split('"', 1)[0]
    assert link.startswith("http://testserver/invite/")
    path = link.removeprefix("http://testserver")
    team.post("/logout")
    assert "You are invited to join as editor." in team.get(path).text
    accepted = follow_csrf(team, team.post(path, data={"name": "Olek",
                                                        "password": "olek-password"},
                                            follow_redirects=False))
    assert (accepted.status_code, accepted.headers["location"]) == (303, "/")
    assert team.get(f"{API}/me").json() == {"id": "olek@example.com", "email": "Olek@Example.com",
                                            "name": "Olek", "role": "editor", "local": False}
    again = team.post(path, data={"name": "Olek", "password": "olek-password"})
    assert again.status_code == 404 and "no longer valid" in again.text


def test_an_owner_changes_roles_and_removes_members(team: TestClient) -> None:
    sign_in(team, OWNER)
    assert team.post("/members/role", data={"member": VIEWER, "role": "editor"}).status_code == 200
    removed = team.post("/members/remove", data={"member": EDITOR})
    assert removed.status_code == 200
    members = {m["user"]: m["role"] for m in team.get(f"{API}/members").json()}
    assert members == {OWNER: "owner", VIEWER: "editor"}


def test_the_last_owner_cannot_leave(team: TestClient) -> None:
    sign_in(team, OWNER)
    answer = team.post("/members/role", data={"member": OWNER, "role": "viewer"})
    assert answer.status_code == 422 and "last owner" in answer.text
    api = team.delete(f"{API}/members/{OWNER}")
    assert api.status_code == 422 and "last owner" in api.json()["error"]["message"]


def test_the_members_api(team: TestClient) -> None:
    sign_in(team, OWNER)
    invited = team.post(f"{API}/members/invitations", json={"email": "olek@example.com",
                                                            "role": "viewer"})
    assert invited.status_code == 201
    assert invited.json()["link"].startswith("http://testserver/invite/")
    assert invited.json()["role"] == "viewer"
    again = team.post(f"{API}/members/invitations", json={"email": EDITOR, "role": "viewer"})
    assert again.status_code == 422 and "already a member (editor)" in again.text
    changed = team.put(f"{API}/members/{EDITOR.upper()}", json={"role": "owner"})
    assert changed.json() == {"user": EDITOR, "name": "Иван", "role": "owner",
                              "has_account": True, "disabled": False}
    assert team.delete(f"{API}/members/{VIEWER}").status_code == 204
    assert [m["user"] for m in team.get(f"{API}/members").json()] == [OWNER, EDITOR]


def test_a_route_can_let_viewers_post_or_keep_a_page_to_owners(folder: Path) -> None:
    router = APIRouter()

    @router.post("/probe/comment", dependencies=[Depends(require_role("viewer"))])
    def comment(request: Request) -> dict[str, str]:
        return {"by": current_user(request).id}

    @router.get("/probe/secret")
    def secret(user: Annotated[CurrentUser, Depends(require_role("owner"))]) -> dict[str, str]:
        return {"role": user.role.value}

    app = app_for(folder)
    app.include_router(router)  # after create_app, as a feature's router may be
    add_people(app.state.bench)
    with TestClient(app) as client:
        sign_in(client, VIEWER)
        assert client.post("/probe/comment").json() == {"by": VIEWER}
        del client.headers["X-CSRF-Token"]
        assert client.post("/probe/comment").status_code == 403  # still CSRF-checked
        send_csrf_token(client)
        sign_in(client, EDITOR)
        assert client.get("/probe/secret").status_code == 403
        sign_in(client, OWNER)
        assert client.get("/probe/secret").json() == {"role": "owner"}
