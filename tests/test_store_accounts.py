"""Accounts, sessions, invitations and password reset links in the workspace store, on SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from journeymap.errors import InputError
from journeymap.model import Role
from journeymap.store import Store
from journeymap.store.accounts import Accounts, check_email, email_key, token_hash
from journeymap.store.tables import ACCOUNT, ACCOUNT_SESSION, INVITATION, PASSWORD_RESET

#: Cheap hashing parameters: the tests are about behaviour, not the cost of argon2.
FAST = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


@pytest.fixture
def accounts(store: Store) -> Accounts:
    return Accounts(store, FAST)


def test_an_account_is_created_with_an_argon2id_hash(accounts: Accounts, store: Store) -> None:
    account = accounts.create(" Eva@Acme.TEST ", "correct horse", name="Eva")
    assert (account.email, account.key, account.name, account.disabled) == (
        "Eva@Acme.TEST", "eva@acme.test", "Eva", False)
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(ACCOUNT.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert accounts.count() == 1


def test_a_name_defaults_to_the_address_before_the_at(accounts: Accounts) -> None:
    assert accounts.create("olek@acme.test", "password1").name == "olek"


def test_emails_are_unique_ignoring_case(accounts: Accounts) -> None:
    accounts.create("eva@acme.test", "password1")
    with pytest.raises(InputError, match="an account for EVA@ACME.TEST already exists"):
        accounts.create("EVA@ACME.TEST", "password2")
    assert accounts.count() == 1


def test_the_database_itself_refuses_a_second_key(accounts: Accounts, store: Store) -> None:
    accounts.create("eva@acme.test", "password1")
    row = {"email": "EVA@acme.test", "email_key": "eva@acme.test", "name": "", "disabled": False,
           "password_hash": "x", "created_at": accounts.all()[0].created_at}
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.insert(ACCOUNT).values(row))


@pytest.mark.parametrize("email", ["", "eva", "eva@", "@acme.test", "eva@acme", "e va@acme.test",
                                   "x" * 250 + "@a.io"])
def test_bad_addresses_are_refused(email: str) -> None:
    with pytest.raises(InputError, match="is not an e-mail address"):
        check_email(email)


@pytest.mark.parametrize("password", ["", "short", "x" * 7, "x" * 1025])
def test_passwords_need_8_to_1024_characters(accounts: Accounts, password: str) -> None:
    with pytest.raises(InputError, match="a password needs 8 to 1024 characters"):
        accounts.create("eva@acme.test", password)
    assert accounts.count() == 0


def test_verify_answers_the_account_only_for_the_right_password(accounts: Accounts) -> None:
    created = accounts.create("eva@acme.test", "correct horse")
    assert accounts.verify("EVA@acme.test", "correct horse") == created
    assert accounts.verify("eva@acme.test", "wrong horse") is None
    assert accounts.verify("nobody@acme.test", "correct horse") is None


def test_a_disabled_account_cannot_sign_in_and_loses_its_sessions(accounts: Accounts) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    token = accounts.start_session(account)
    accounts.set_disabled("eva@acme.test", True)
    assert accounts.verify("eva@acme.test", "correct horse") is None
    assert accounts.session_account(token) is None
    accounts.set_disabled("eva@acme.test", False)
    assert accounts.verify("eva@acme.test", "correct horse") is not None


def test_a_hash_is_renewed_when_the_parameters_change(store: Store) -> None:
    Accounts(store, FAST).create("eva@acme.test", "correct horse")
    stronger = Accounts(store, PasswordHasher(time_cost=2, memory_cost=64, parallelism=1))
    assert stronger.verify("eva@acme.test", "correct horse") is not None
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(ACCOUNT.c.password_hash)).scalar_one()
    assert ",t=2," in stored
    assert Accounts(store, FAST).verify("eva@acme.test", "correct horse") is not None


def test_sessions_resolve_until_ended(accounts: Accounts, store: Store) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    first, second = accounts.start_session(account), accounts.start_session(account)
    assert first != second and len(first) == 43
    assert accounts.session_account(first) == account
    with store.engine.connect() as conn:
        hashes = set(conn.execute(sa.select(ACCOUNT_SESSION.c.token_hash)).scalars())
    assert hashes == {token_hash(first), token_hash(second)}  # never the token itself
    accounts.end_session(first)
    assert accounts.session_account(first) is None
    assert accounts.session_account(second) == account
    assert accounts.session_account("made-up") is None


def test_an_expired_session_resolves_to_nobody(accounts: Accounts) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    token = accounts.start_session(account, lifetime=timedelta(seconds=-1))
    assert accounts.session_account(token) is None


def test_a_new_password_ends_every_session(accounts: Accounts) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    token = accounts.start_session(account)
    accounts.set_password("eva@acme.test", "battery staple")
    assert accounts.session_account(token) is None
    assert accounts.verify("eva@acme.test", "correct horse") is None
    assert accounts.verify("eva@acme.test", "battery staple") == account


def test_an_invitation_is_accepted_once(accounts: Accounts, store: Store) -> None:
    token = accounts.invite("acme", "Olek@Acme.test", Role.EDITOR, "eva@acme.test")
    found = accounts.invitation(token)
    assert found is not None
    assert (found.workspace_id, found.email, found.role, found.invited_by, found.accepted_at) == (
        "acme", "Olek@Acme.test", Role.EDITOR, "eva@acme.test", None)
    assert [i.email for i in accounts.open_invitations("acme")] == ["Olek@Acme.test"]
    assert accounts.mark_accepted(token).pk == found.pk
    assert accounts.invitation(token) is None
    assert accounts.open_invitations("acme") == []
    with pytest.raises(InputError, match="no longer valid"):
        accounts.mark_accepted(token)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(INVITATION.c.token_hash)).scalar_one() == token_hash(token)


def test_an_expired_invitation_cannot_be_accepted(accounts: Accounts) -> None:
    token = accounts.invite("acme", "olek@acme.test", Role.VIEWER, "eva@acme.test",
                            lifetime=timedelta(seconds=-1))
    assert accounts.invitation(token) is None
    assert accounts.open_invitations("acme") == []
    with pytest.raises(InputError, match="no longer valid"):
        accounts.mark_accepted(token)


def test_invitations_belong_to_their_workspace(accounts: Accounts) -> None:
    accounts.invite("acme", "olek@acme.test", Role.VIEWER, "eva@acme.test")
    accounts.invite("beta", "ivan@acme.test", Role.OWNER, "eva@acme.test")
    assert [i.email for i in accounts.open_invitations("beta")] == ["ivan@acme.test"]


def test_email_key_ignores_case_and_outer_space() -> None:
    assert email_key("  Eva@ACME.test ") == "eva@acme.test"


# -- password reset links --------------------------------------------------------------------
def test_a_reset_link_is_stored_as_a_hash_only(accounts: Accounts, store: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    account = accounts.create("Eva@acme.test", "correct horse")
    issued = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    monkeypatch.setattr("journeymap.store.accounts._now", lambda: issued)
    token = accounts.issue_reset(account, "acme", "anna@acme.test")
    assert len(token) == 43  # 32 random bytes, urlsafe: too many to guess
    found = accounts.reset(token)
    assert found is not None
    assert (found.account_pk, found.email, found.workspace_id, found.created_by) == (
        account.pk, "Eva@acme.test", "acme", "anna@acme.test")
    assert found.expires_at == datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(PASSWORD_RESET)).mappings().one()
    assert row["token_hash"] == token_hash(token)
    assert token not in {str(value) for value in row.values()}


def test_a_reset_link_sets_the_password_once_and_ends_every_session(accounts: Accounts
                                                                    ) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    session = accounts.start_session(account)
    token = accounts.issue_reset(account, "acme", "anna@acme.test")
    assert accounts.use_reset(token, "battery staple") == account
    assert accounts.session_account(session) is None
    assert accounts.verify("eva@acme.test", "correct horse") is None
    assert accounts.verify("eva@acme.test", "battery staple") == account
    assert accounts.reset(token) is None
    with pytest.raises(InputError, match="this password reset link is no longer valid") as info:
        accounts.use_reset(token, "third password")
    assert info.value.hint == "ask an owner of the workspace for a new link"
    assert accounts.verify("eva@acme.test", "battery staple") == account


def test_a_too_short_password_leaves_the_link_usable(accounts: Accounts) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    token = accounts.issue_reset(account, "acme", "anna@acme.test")
    with pytest.raises(InputError, match="a password needs 8 to 1024 characters"):
        accounts.use_reset(token, "short")
    assert accounts.reset(token) is not None
    assert accounts.verify("eva@acme.test", "correct horse") == account


def test_a_reset_link_expires_after_24_hours(accounts: Accounts,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    token = accounts.issue_reset(account, "acme", "anna@acme.test")
    issued = datetime.now(UTC)
    monkeypatch.setattr("journeymap.store.accounts._now",
                        lambda: issued + timedelta(hours=23, minutes=59))
    assert accounts.reset(token) is not None
    monkeypatch.setattr("journeymap.store.accounts._now",
                        lambda: issued + timedelta(hours=24, seconds=1))
    assert accounts.reset(token) is None
    with pytest.raises(InputError, match="no longer valid"):
        accounts.use_reset(token, "battery staple")
    assert accounts.verify("eva@acme.test", "correct horse") == account


def test_a_new_link_revokes_the_older_unused_ones(accounts: Accounts, store: Store) -> None:
    eva = accounts.create("eva@acme.test", "correct horse")
    olek = accounts.create("olek@acme.test", "correct horse")
    first = accounts.issue_reset(eva, "acme", "anna@acme.test")
    others = accounts.issue_reset(olek, "acme", "anna@acme.test")
    second = accounts.issue_reset(eva, "acme", "anna@acme.test")
    assert accounts.reset(first) is None
    assert accounts.reset(second) is not None and accounts.reset(others) is not None
    with pytest.raises(InputError, match="no longer valid"):
        accounts.use_reset(first, "battery staple")
    accounts.use_reset(second, "battery staple")
    accounts.issue_reset(eva, "acme", "anna@acme.test")
    with store.engine.connect() as conn:
        kept = conn.execute(sa.select(PASSWORD_RESET.c.token_hash, PASSWORD_RESET.c.used_at)
                            .where(PASSWORD_RESET.c.account_pk == eva.pk)).all()
    assert len(kept) == 2 and [h for h, used in kept if used] == [token_hash(second)]


def test_changing_the_password_needs_the_current_one(accounts: Accounts) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    here, there = accounts.start_session(account), accounts.start_session(account)
    with pytest.raises(InputError, match="the current password is not right") as info:
        accounts.change_password(account, "wrong horse", "battery staple", session=here)
    assert info.value.details == {"path": "current"}
    assert accounts.session_account(there) == account
    accounts.change_password(account, "correct horse", "battery staple", session=here)
    assert accounts.session_account(here) == account
    assert accounts.session_account(there) is None
    assert accounts.verify("eva@acme.test", "battery staple") == account


def test_a_new_password_must_still_be_long_enough(accounts: Accounts) -> None:
    account = accounts.create("eva@acme.test", "correct horse")
    with pytest.raises(InputError, match="a password needs 8 to 1024 characters"):
        accounts.change_password(account, "correct horse", "short", session=None)
    assert accounts.verify("eva@acme.test", "correct horse") == account
