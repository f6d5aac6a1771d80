"""Password reset links of a workspace's members, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from auth_support import PASSWORD, make_workspace, use_fast_hashing
from journeymap.errors import InputError
from journeymap.model import Role
from journeymap.workbench import Workbench
from journeymap.workbench import accounts as people
from journeymap.workbench.password_resets import issue_reset, open_reset, use_reset


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hashing(monkeypatch)


@pytest.fixture
def bench(tmp_path: Path, store_url: str) -> Iterator[Workbench]:
    with Workbench.open(make_workspace(tmp_path, store_url), database_url=store_url) as opened:
        people.add_user(opened, "vera@example.com", Role.VIEWER, PASSWORD)
        yield opened


def test_a_member_gets_a_link_that_sets_their_password(bench: Workbench) -> None:
    token = issue_reset(bench, "VERA@example.com", created_by="anna@example.com")
    found = open_reset(bench, token)
    assert found is not None and (found.email, found.workspace_id) == (
        "vera@example.com", bench.workspace_id)
    assert use_reset(bench, token, "new-password").email == "vera@example.com"
    assert people.accounts(bench).verify("vera@example.com", "new-password") is not None
    assert open_reset(bench, token) is None


@pytest.mark.parametrize(("email", "message"), [
    ("nobody@example.com", "nobody@example.com is not a member of this workspace"),
    ("anna@example.com", "anna@example.com has no account yet"),
])
def test_no_link_without_membership_or_account(bench: Workbench, email: str,
                                               message: str) -> None:
    with pytest.raises(InputError, match=message):
        issue_reset(bench, email, created_by="anna@example.com")


def test_no_link_for_a_disabled_account(bench: Workbench) -> None:
    people.accounts(bench).set_disabled("vera@example.com", True)
    with pytest.raises(InputError, match="the account of vera@example.com is disabled"):
        issue_reset(bench, "vera@example.com", created_by="anna@example.com")


def test_a_link_works_only_in_the_workspace_it_was_made_in(bench: Workbench) -> None:
    store = people.accounts(bench)
    token = store.issue_reset(store.require("vera@example.com"), "another", "someone")
    assert open_reset(bench, token) is None
    with pytest.raises(InputError, match="this password reset link is no longer valid"):
        use_reset(bench, token, "new-password")
    assert store.verify("vera@example.com", PASSWORD) is not None
