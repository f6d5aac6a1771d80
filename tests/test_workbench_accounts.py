"""People of a workspace: accounts joined with the document's members, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from auth_support import PASSWORD, make_workspace, use_fast_hashing
from journeymap.errors import InputError
from journeymap.model import Role
from journeymap.workbench import Workbench
from journeymap.workbench import accounts as people


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hashing(monkeypatch)


@pytest.fixture
def bench(tmp_path: Path, store_url: str) -> Iterator[Workbench]:
    with Workbench.open(make_workspace(tmp_path, store_url), database_url=store_url) as opened:
        yield opened


def test_roles_rank_viewer_editor_owner() -> None:
    assert [people.rank(r) for r in ("viewer", "editor", "owner")] == [0, 1, 2]


def test_adding_a_user_makes_them_a_member(bench: Workbench) -> None:
    people.add_user(bench, "Vera@Example.com", Role.VIEWER, PASSWORD, name="Vera")
    assert people.role_of(bench, "VERA@example.com") is Role.VIEWER
    member = bench.get("member/vera@example.com").obj
    assert member.model_dump() == {"user": "vera@example.com", "name": "Vera", "role": "viewer"}


def test_an_existing_member_gets_an_account_and_keeps_one_membership(bench: Workbench) -> None:
    people.add_user(bench, "ivan@example.com", Role.OWNER, PASSWORD)
    assert [(p.user, p.role, p.has_account) for p in people.people(bench)] == [
        ("anna@example.com", Role.OWNER, False), ("ivan@example.com", Role.OWNER, True)]


def test_a_workspace_keeps_an_owner(bench: Workbench) -> None:
    with pytest.raises(InputError, match="anna@example.com is the workspace's last owner"):
        people.set_role(bench, "anna@example.com", Role.EDITOR)
    with pytest.raises(InputError, match="last owner"):
        people.remove_member(bench, "ANNA@example.com")
    people.set_role(bench, "ivan@example.com", Role.OWNER)
    people.remove_member(bench, "anna@example.com")
    assert people.role_of(bench, "anna@example.com") is None


def test_inviting_a_member_is_refused(bench: Workbench) -> None:
    with pytest.raises(InputError, match=r"IVAN@example.com is already a member \(editor\)"):
        people.invite(bench, "IVAN@example.com", Role.VIEWER, "anna@example.com")


def test_accepting_creates_the_account_and_the_membership(bench: Workbench) -> None:
    token = people.invite(bench, "olek@example.com", Role.EDITOR, "anna@example.com")
    account = people.accept_invitation(bench, token, PASSWORD, name="Olek")
    assert (account.email, account.name) == ("olek@example.com", "Olek")
    assert people.role_of(bench, "olek@example.com") is Role.EDITOR
    assert people.sign_in(bench, "olek@example.com", PASSWORD) is not None
    with pytest.raises(InputError, match="no longer valid"):
        people.accept_invitation(bench, token, PASSWORD)


def test_an_existing_account_accepts_with_its_own_password(bench: Workbench) -> None:
    people.accounts(bench).create("olek@example.com", PASSWORD)
    token = people.invite(bench, "olek@example.com", Role.VIEWER, "anna@example.com")
    with pytest.raises(InputError, match="already has an account: give its password"):
        people.accept_invitation(bench, token, "someone-elses-guess")
    assert people.role_of(bench, "olek@example.com") is None
    people.accept_invitation(bench, token, PASSWORD)
    assert people.role_of(bench, "olek@example.com") is Role.VIEWER


def test_an_invitation_to_another_workspace_does_not_work_here(bench: Workbench) -> None:
    token = people.accounts(bench).invite("beta", "olek@example.com", Role.OWNER, "x@y.io")
    with pytest.raises(InputError, match="no longer valid"):
        people.accept_invitation(bench, token, PASSWORD)


def test_sign_in_answers_a_session_only_for_the_right_password(bench: Workbench) -> None:
    people.add_user(bench, "vera@example.com", Role.VIEWER, PASSWORD)
    assert people.sign_in(bench, "vera@example.com", "wrong-password") is None
    token = people.sign_in(bench, "vera@example.com", PASSWORD)
    assert token is not None
    assert people.accounts(bench).session_account(token) is not None


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True),
    ("LOCALHOST", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
    ("example.com", False),
])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert people.is_loopback(host) is loopback


def test_a_member_written_in_another_case_still_has_their_role(bench: Workbench) -> None:
    from journeymap.model import Member

    bench.store.add(bench.workspace_id, "member/Mixed@Example.com",
                    Member(user="Mixed@Example.com", role=Role.EDITOR))
    assert people.role_of(bench, "mixed@example.com") is Role.EDITOR
    assert people.role_of(bench, "nobody@example.com") is None
