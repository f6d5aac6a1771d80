"""Password reset links an owner hands on, and changing one's own password (web/users.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
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
from journeymap.workbench import accounts as people

API = "/api/v1"
NEW = "new-password-2"


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hashing(monkeypatch)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[TestClient]:
    """A server on loopback whose store has an owner, an editor and a viewer."""
    app = app_for(make_workspace(tmp_path))
    add_people(app.state.bench)
    with TestClient(app, headers={"Accept-Language": "en"}) as client:
        yield client


@pytest.fixture
def other(team: TestClient) -> Iterator[TestClient]:
    """A second browser on the same server."""
    with TestClient(team.app, headers={"Accept-Language": "en"}) as client:
        yield client


def copied_link(page: str) -> str:
    return page.split('class="copy-link" readonly value="', 1)[1].split('"', 1)[0]


def reset_path(team: TestClient, member: str = EDITOR) -> str:
    """As an owner, make a reset link for ``member`` on the members page; its path."""
    sign_in(team, OWNER)
    page = team.post("/members/reset-link", data={"member": member})
    assert page.status_code == 200, page.text
    assert f"Give this link to {member}: it lets them set a new password, once, within " \
        "24 hours:" in page.text
    link = copied_link(page.text)
    assert link.startswith("http://testserver/reset/") and len(link.rsplit("/", 1)[1]) == 43
    return link.removeprefix("http://testserver")


def use(client: TestClient, path: str, password: str = NEW, confirm: str | None = None) -> Any:
    data = {"password": password, "confirm": password if confirm is None else confirm}
    return follow_csrf(client, client.post(path, data=data, follow_redirects=False))


def test_the_members_page_offers_owners_a_reset_link_per_account(team: TestClient) -> None:
    sign_in(team, OWNER)
    page = team.get("/members").text
    assert page.count('action="/members/reset-link"') == 3
    sign_in(team, EDITOR)
    assert 'action="/members/reset-link"' not in team.get("/members").text


def test_a_member_sets_a_new_password_with_the_link_once(team: TestClient,
                                                         other: TestClient) -> None:
    sign_in(other, EDITOR)  # the editor's old session, in another browser
    path = reset_path(team)
    team.post("/logout")
    form = team.get(path)
    assert form.status_code == 200
    assert "Choose a new password for" in form.text and EDITOR in form.text
    assert 'name="confirm"' in form.text and 'name="csrf_token"' in form.text
    done = use(team, path)
    assert (done.status_code, done.headers["location"]) == (303, "/")
    assert team.get(f"{API}/me").json()["id"] == EDITOR
    assert other.get(f"{API}/me").status_code == 401  # the old session was revoked
    assert sign_in(other, EDITOR, NEW).status_code == 303
    again = use(team, path, "third-password")
    assert again.status_code == 404
    assert "Ask an owner of the workspace for a new link." in again.text


def test_an_unknown_or_revoked_link_says_what_to_do(team: TestClient) -> None:
    first = reset_path(team)
    second = reset_path(team)
    for path in (first, "/reset/made-up"):
        page = team.get(path)
        assert page.status_code == 404
        assert "This password reset link is no longer valid" in page.text
        assert "Ask an owner of the workspace for a new link." in page.text
    assert team.get(second).status_code == 200


def test_two_different_passwords_keep_the_link(team: TestClient) -> None:
    path = reset_path(team)
    team.post("/logout")
    answer = use(team, path, NEW, "other-password")
    assert answer.status_code == 422
    assert "the two new passwords differ" in answer.text
    short = use(team, path, "short")
    assert short.status_code == 422
    assert "a password needs 8 to 1024 characters" in short.text
    assert use(team, path).status_code == 303


def test_the_reset_form_needs_the_csrf_token(team: TestClient) -> None:
    path = reset_path(team)
    team.post("/logout")
    del team.headers["X-CSRF-Token"]
    answer = team.post(path, data={"password": NEW, "confirm": NEW})
    assert answer.status_code == 403
    assert people.accounts(team.app.state.bench).verify(EDITOR, PASSWORD) is not None  # type: ignore[attr-defined]


@pytest.mark.parametrize(("who", "role"), [(EDITOR, "editor"), (VIEWER, "viewer")])
def test_only_owners_make_reset_links(team: TestClient, who: str, role: str) -> None:
    sign_in(team, who)
    assert team.post("/members/reset-link", data={"member": OWNER}).status_code == 403
    api = team.post(f"{API}/members/{OWNER}/password-reset")
    assert api.status_code == 403
    assert api.json() == {"error": {
        "code": "forbidden", "message": f"this needs the owner role; you are {role}",
        "hint": "ask an owner of the workspace for a higher role"}}


def test_no_link_for_someone_outside_the_workspace(team: TestClient) -> None:
    sign_in(team, OWNER)
    page = team.post("/members/reset-link", data={"member": "nobody@example.com"})
    assert page.status_code == 422 and "is not a member of this workspace" in page.text
    api = team.post(f"{API}/members/nobody@example.com/password-reset")
    assert api.status_code == 422
    assert api.json() == {"error": {"code": "input_error",
                                    "message": "nobody@example.com is not a member of this "
                                    "workspace"}}


def test_the_reset_link_api(team: TestClient) -> None:
    sign_in(team, OWNER)
    made = team.post(f"{API}/members/{VIEWER.upper()}/password-reset")
    assert made.status_code == 201
    body = made.json()
    assert sorted(body) == ["email", "expires_at", "link"]
    assert body["email"] == VIEWER and body["link"].startswith("http://testserver/reset/")
    assert team.get(body["link"].removeprefix("http://testserver")).status_code == 200


# -- changing one's own password --------------------------------------------------------------
def change(client: TestClient, current: str, new: str = NEW, confirm: str | None = None
           ) -> Any:
    return client.post("/account/password", data={
        "current": current, "password": new, "confirm": new if confirm is None else confirm})


def test_the_header_links_to_the_password_page(team: TestClient) -> None:
    sign_in(team, VIEWER)
    assert 'href="/account/password"' in team.get("/").text
    page = team.get("/account/password")
    assert page.status_code == 200 and 'name="current"' in page.text


def test_a_viewer_changes_their_password_and_other_sessions_end(team: TestClient,
                                                                other: TestClient) -> None:
    sign_in(other, VIEWER)
    sign_in(team, VIEWER)
    done = change(team, PASSWORD)
    assert done.status_code == 200
    assert "Your password is changed." in done.text
    assert team.get(f"{API}/me").json()["id"] == VIEWER  # this browser stays signed in
    assert other.get(f"{API}/me").status_code == 401
    assert sign_in(other, VIEWER, NEW).status_code == 303


def test_a_wrong_current_password_changes_nothing(team: TestClient) -> None:
    sign_in(team, EDITOR)
    wrong = change(team, "not-my-password")
    assert wrong.status_code == 422
    assert "the current password is not right" in wrong.text
    differ = change(team, PASSWORD, NEW, "something-else")
    assert differ.status_code == 422
    assert "the two new passwords differ" in differ.text
    assert people.accounts(team.app.state.bench).verify(EDITOR, PASSWORD) is not None  # type: ignore[attr-defined]


def test_wrong_current_passwords_are_throttled_like_sign_ins(team: TestClient) -> None:
    sign_in(team, EDITOR)
    guard = team.app.state.sign_in_throttle  # type: ignore[attr-defined]
    while not guard.wait_seconds(EDITOR):
        change(team, "not-my-password")
    answer = change(team, PASSWORD)
    assert answer.status_code == 422 and "too many wrong passwords" in answer.text


def test_the_password_form_needs_the_csrf_token_and_a_session(team: TestClient) -> None:
    sign_in(team, EDITOR)
    del team.headers["X-CSRF-Token"]
    assert change(team, PASSWORD).status_code == 403
    send_csrf_token(team)
    assert team.post("/logout", follow_redirects=False).status_code == 303
    assert team.get("/account/password", follow_redirects=False).status_code == 303
