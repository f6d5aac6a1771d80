"""``journeymap users ...`` and the sign-in rules of ``journeymap serve``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auth_support import PASSWORD, make_workspace, use_fast_hashing
from journeymap.cli.app import app
from journeymap.store.accounts import token_hash
from journeymap.workbench import Workbench
from journeymap.workbench import accounts as people

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hashing(monkeypatch)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def run(folder: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--workspace", str(folder)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_add_with_the_password_on_stdin(folder: Path) -> None:
    code, out, err = run(folder, "users", "add", "Vera@Example.com", "--role", "viewer",
                         "--name", "Vera", "--password-stdin", stdin=PASSWORD + "\n")
    assert (code, out, err) == (0, "added Vera@Example.com (Vera) as viewer\n", "")
    with Workbench.open(folder) as bench:
        assert people.role_of(bench, "vera@example.com") == "viewer"
        assert people.accounts(bench).verify("vera@example.com", PASSWORD) is not None


def test_add_asks_for_the_password_twice(folder: Path) -> None:
    code, out, _ = run(folder, "users", "add", "vera@example.com",
                       stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0 and out.endswith("added vera@example.com (vera) as editor\n")
    with Workbench.open(folder) as bench:
        assert people.role_of(bench, "vera@example.com") == "editor"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["users", "add", "not-an-address", "--password-stdin"], PASSWORD + "\n",
     "error[input_error]: 'not-an-address' is not an e-mail address (give an address like "
     "name@example.com)\n"),
    (["users", "add", "vera@example.com", "--password-stdin"], "short\n",
     "error[input_error]: a password needs 8 to 1024 characters (choose a longer password "
     "(a passphrase of several words is best))\n"),
    (["users", "add", "vera@example.com", "--password-stdin"], "",
     "error[input_error]: --password-stdin: standard input has no password line\n"),
    (["users", "role", "anna@example.com", "--role", "editor"], None,
     "error[input_error]: anna@example.com is the workspace's last owner (make someone else "
     "an owner first)\n"),
    (["users", "remove", "nobody@example.com"], None,
     "error[input_error]: nobody@example.com is not a member of this workspace\n"),
    (["users", "reset-link", "nobody@example.com"], None,
     "error[input_error]: nobody@example.com is not a member of this workspace\n"),
    (["users", "reset-link", "anna@example.com"], None,
     "error[input_error]: anna@example.com has no account yet (invite them: the invitation "
     "link lets them choose a password)\n"),
])
def test_bad_input_exits_2_with_one_line(folder: Path, args: list[str], stdin: str | None,
                                         message: str) -> None:
    code, out, err = run(folder, *args, stdin=stdin)
    assert (code, out, err) == (2, "", message)


def test_a_second_account_with_the_same_address_is_refused(folder: Path) -> None:
    run(folder, "users", "add", "vera@example.com", "--password-stdin", stdin=PASSWORD)
    code, _, err = run(folder, "users", "add", "VERA@example.com", "--password-stdin",
                       stdin=PASSWORD)
    assert code == 2 and err.startswith("error[input_error]: an account for VERA@example.com")


def test_list_as_csv(folder: Path) -> None:
    run(folder, "users", "add", "vera@example.com", "--role", "viewer", "--password-stdin",
        stdin=PASSWORD)
    code, out, _ = run(folder, "users", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == ["user", "name", "role", "has_account", "disabled", "created_at"]
    assert [(r["user"], r["name"], r["role"], r["has_account"], r["disabled"]) for r in rows] == [
        ("anna@example.com", "Anna", "owner", "False", "False"),
        ("ivan@example.com", "Иван", "editor", "False", "False"),
        ("vera@example.com", "vera", "viewer", "True", "False"),
    ]
    assert rows[0]["created_at"] == "" and rows[2]["created_at"].endswith("+00:00")


def test_invite_prints_a_link_that_works_once(folder: Path) -> None:
    code, out, _ = run(folder, "users", "invite", "olek@example.com", "--role", "viewer",
                       "--base-url", "https://cx.example.com/")
    assert code == 0 and out.startswith("https://cx.example.com/invite/")
    token = out.strip().rsplit("/", 1)[1]
    with Workbench.open(folder) as bench:
        invitation = people.accounts(bench).invitation(token)
        assert invitation is not None and invitation.role == "viewer"
        assert invitation.invited_by.startswith("cli:")
        people.accept_invitation(bench, token, PASSWORD, name="Olek")
        assert people.role_of(bench, "olek@example.com") == "viewer"
        assert people.accounts(bench).invitation(token) is None
    assert len(token_hash(token)) == 64


def test_reset_link_prints_a_link_that_works_once(folder: Path) -> None:
    run(folder, "users", "add", "vera@example.com", "--role", "viewer", "--password-stdin",
        stdin=PASSWORD)
    code, first, _ = run(folder, "users", "reset-link", "Vera@Example.com")
    assert code == 0 and first.startswith("http://127.0.0.1:8000/reset/")
    code, out, err = run(folder, "users", "reset-link", "vera@example.com",
                         "--base-url", "https://cx.example.com/")
    assert (code, err) == (0, "") and out.startswith("https://cx.example.com/reset/")
    token = out.strip().rsplit("/", 1)[1]
    with Workbench.open(folder) as bench:
        store = people.accounts(bench)
        assert store.reset(first.strip().rsplit("/", 1)[1]) is None  # the newer one counts
        found = store.reset(token)
        assert found is not None and found.created_by.startswith("cli:")
        store.use_reset(token, "another-password")
        assert store.verify("vera@example.com", "another-password") is not None
        assert store.reset(token) is None


def test_role_remove_and_password(folder: Path) -> None:
    run(folder, "users", "add", "vera@example.com", "--role", "viewer", "--password-stdin",
        stdin=PASSWORD)
    assert run(folder, "users", "role", "vera@example.com", "--role", "owner")[:2] == (
        0, "vera@example.com is now owner\n")
    assert run(folder, "users", "password", "vera@example.com", "--password-stdin",
               stdin="another-password\n")[:2] == (0, "password of vera@example.com changed\n")
    assert run(folder, "users", "remove", "anna@example.com")[:2] == (
        0, "removed anna@example.com\n")
    with Workbench.open(folder) as bench:
        assert [(p.user, p.role) for p in people.people(bench)] == [
            ("vera@example.com", "owner"), ("ivan@example.com", "editor")]
        assert people.accounts(bench).verify("vera@example.com", "another-password")


def test_serve_refuses_another_host_without_accounts(folder: Path) -> None:
    code, out, err = run(folder, "serve", "--host", "0.0.0.0", "--port", "8105")
    assert (code, out) == (2, "")
    assert err == ("error[input_error]: serving on 0.0.0.0 needs sign-in, and this store has "
                   "no accounts (add one first: journeymap users add EMAIL --role owner)\n")


def test_serve_refuses_no_login_off_loopback(folder: Path) -> None:
    run(folder, "users", "add", "anna@example.com", "--role", "owner", "--password-stdin",
        stdin=PASSWORD)
    code, _, err = run(folder, "serve", "--host", "192.168.1.5", "--no-login")
    assert code == 2
    assert err.startswith("error[input_error]: --no-login is only allowed on a loopback address")


def test_serve_allows_another_host_once_an_account_exists(folder: Path) -> None:
    from journeymap.cli.serve import check_login

    with Workbench.open(folder) as bench:
        check_login(bench, "127.0.0.1", no_login=True)  # loopback: always allowed
        people.add_user(bench, "anna@example.com", "owner", PASSWORD)
        check_login(bench, "0.0.0.0", no_login=False)
