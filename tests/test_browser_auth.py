"""Signing in, roles and CSRF in a real browser: htmx edits carry the token, a viewer gets a
read-only map, another site cannot post, invitations and password reset links are used in
another browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from auth_support import EDITOR, OWNER, PASSWORD, VIEWER, add_people, app_for, use_fast_hashing
from browser_support import LiveServer, build_workspace, screenshot, serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def team_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """A server that requires sign-in (as on a LAN address), with an owner, editor, viewer."""
    use_fast_hashing(monkeypatch)
    app = app_for(build_workspace(tmp_path / "workspace"), loopback=False)
    add_people(app.state.bench)
    with serve(app) as server:
        yield server


def sign_in(page: Page, server: LiveServer, email: str, target: str = "/maps/retail") -> None:
    page.goto(server.url + target)
    assert "/login?next=" in page.url
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.auth-form button")
    page.wait_for_url(server.url + target)


def test_an_editor_signs_in_and_edits_with_htmx(page: Page, team_server: LiveServer) -> None:
    sign_in(page, team_server, EDITOR)
    assert page.inner_text(".user-menu .user-role").lower() == "editor"
    stages = page.locator(".stage-head").count()
    page.fill("form.add-stage input[name=name]", "Loyalty")
    page.click("form.add-stage button")
    page.wait_for_function(f"document.querySelectorAll('.stage-head').length > {stages}")
    names = page.locator(".stage-head input[name=value]").evaluate_all(
        "inputs => inputs.map(i => i.value)")
    assert names[-1] == "Loyalty"
    screenshot(page, "auth-editor-canvas")
    page.click(".user-menu button")
    page.wait_for_url(team_server.url + "/login")


def test_a_viewer_gets_a_read_only_map(page: Page, team_server: LiveServer) -> None:
    sign_in(page, team_server, VIEWER)
    assert page.locator("#board").count() == 1
    assert page.locator("form.add-stage").count() == 0
    assert page.locator("form.rename").count() == 0
    answer = page.request.post(team_server.url + "/api/v1/maps/retail/stages",
                               data={"name": "Sneaky"},
                               headers={"X-CSRF-Token": page.get_attribute(
                                   "meta[name=csrf-token]", "content") or ""})
    assert answer.status == 403 and answer.json()["error"]["code"] == "forbidden"


def test_another_site_cannot_post_even_to_a_signed_in_browser(page: Page,
                                                              team_server: LiveServer) -> None:
    sign_in(page, team_server, OWNER)
    before = page.request.get(team_server.url + "/api/v1/maps/retail").json()
    # A page of no origin of ours submits a form to the app.
    page.goto("about:blank")
    page.set_content(f"""<form id=f method=post action="{team_server.url}/maps/retail/ui/stages">
        <input name=name value=Evil></form>""")
    with page.expect_navigation():
        page.evaluate("document.getElementById('f').submit()")
    assert "request refused" in page.content()
    after = page.request.get(team_server.url + "/api/v1/maps/retail").json()
    assert [s["id"] for s in after["stages"]] == [s["id"] for s in before["stages"]]


def test_an_invitation_is_accepted_in_another_browser(
        two_pages: tuple[Page, Page], team_server: LiveServer) -> None:
    owner, newcomer = two_pages
    sign_in(owner, team_server, OWNER, "/members")
    owner.fill("form.invite-form input[name=email]", "olek@example.com")
    owner.select_option("form.invite-form select[name=role]", "viewer")
    owner.click("form.invite-form button")
    link = owner.input_value(".copy-link")
    screenshot(owner, "auth-members")
    newcomer.goto(link)
    newcomer.fill("input[name=name]", "Olek")
    newcomer.fill("input[name=password]", "olek-password")
    newcomer.click("form.auth-form button")
    newcomer.wait_for_url(team_server.url + "/")
    assert newcomer.inner_text(".user-menu .user-name") == "Olek"
    owner.reload()
    assert owner.locator('tr[data-member="olek@example.com"]').count() == 1


def test_a_password_reset_link_signs_the_member_in_another_browser(
        two_pages: tuple[Page, Page], team_server: LiveServer) -> None:
    owner, member = two_pages
    sign_in(owner, team_server, OWNER, "/members")
    owner.click(f'tr[data-member="{EDITOR}"] form.reset-link-form button')
    link = owner.input_value(".reset-link .copy-link")
    assert link.startswith(team_server.url + "/reset/")
    member.goto(link)
    member.fill("input[name=password]", "ivan-new-password")
    member.fill("input[name=confirm]", "ivan-new-password")
    member.click("form.reset-form button")
    member.wait_for_url(team_server.url + "/")
    assert member.inner_text(".user-menu .user-role").lower() == "editor"
    member.goto(link)
    assert "no longer valid" in member.inner_text(".notice.error")
