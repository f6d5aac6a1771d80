"""Accounts, login sessions and invitations in the workspace store (docs/adr/0010).

People are not map content: these tables are shared by every workspace of one database and
are not part of map-as-code. A workspace's roles are its document's members (``Member.user``
is the account's lower-cased e-mail). Secrets are never stored: passwords as argon2id hashes,
session, invitation and password reset tokens as SHA-256 hashes of 256-bit random values.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from journeymap.errors import InputError
from journeymap.model import Role
from journeymap.store.schema import WRITE
from journeymap.store.store import Store
from journeymap.store.tables import ACCOUNT, ACCOUNT_SESSION, INVITATION, PASSWORD_RESET

SESSION_LIFETIME = timedelta(days=14)
INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=24)
#: A session's last-seen time is written at most this often (not on every request).
_SEEN_EVERY = timedelta(minutes=5)
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes anything, but a megabyte "password" is a denial of service


@dataclass(frozen=True)
class Account:
    """A person who can sign in. ``key`` is the lower-cased e-mail: their user id."""

    pk: int
    email: str
    name: str
    created_at: datetime
    disabled: bool

    @property
    def key(self) -> str:
        return email_key(self.email)


@dataclass(frozen=True)
class Invitation:
    """An open invitation to one workspace with one role."""

    pk: int
    workspace_id: str
    email: str
    role: Role
    invited_by: str
    expires_at: datetime
    accepted_at: datetime | None


@dataclass(frozen=True)
class PasswordReset:
    """An open password reset link for one account, made by an owner of one workspace."""

    pk: int
    account_pk: int
    email: str
    workspace_id: str
    created_by: str
    expires_at: datetime


def email_key(email: str) -> str:
    """The case-insensitive identity of an e-mail address."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """The address, trimmed; an InputError when it cannot be one."""
    text = email.strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in text) \
            or len(text) > 254:
        raise InputError(f"{email!r} is not an e-mail address",
                         hint="give an address like name@example.com")
    return text


def check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters",
                         hint="choose a longer password (a passphrase of several words is best)")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _account(row: sa.RowMapping) -> Account:
    return Account(row["pk"], row["email"], row["name"], row["created_at"], row["disabled"])


def _invitation(row: sa.RowMapping) -> Invitation:
    return Invitation(row["pk"], row["workspace_id"], row["email"], Role(row["role"]),
                      row["invited_by"], row["expires_at"], row["accepted_at"])


class Accounts:
    """Data access for accounts, sessions and invitations of one store."""

    def __init__(self, store: Store, hasher: PasswordHasher | None = None) -> None:
        self.engine = store.engine
        # argon2-cffi's defaults are argon2id with the RFC 9106 low-memory profile.
        self.hasher = hasher or PasswordHasher()

    @cached_property
    def _dummy(self) -> str:
        # Verifying against this when the e-mail is unknown makes both answers equally slow.
        return self.hasher.hash(secrets.token_urlsafe(16))

    @contextmanager
    def _begin(self, *, write: bool = False) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            if write:
                conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    # -- accounts ----------------------------------------------------------------------
    def count(self) -> int:
        with self._begin() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(ACCOUNT)).scalar_one())

    def create(self, email: str, password: str, *, name: str = "") -> Account:
        address = check_email(email)
        check_password(password)
        values = {"email": address, "email_key": email_key(address),
                  "name": name.strip() or address.partition("@")[0],
                  "password_hash": self.hasher.hash(password), "created_at": _now(),
                  "disabled": False}
        with self._begin(write=True) as conn:
            if self._row(conn, address) is not None:
                raise InputError(f"an account for {address} already exists",
                                 hint="choose another e-mail, or set its password with "
                                 "journeymap users password EMAIL")
            pk = conn.execute(sa.insert(ACCOUNT).values(values)).inserted_primary_key
            assert pk is not None
            return _account(self._row_by_pk(conn, int(pk[0])))

    def _row(self, conn: sa.Connection, email: str) -> sa.RowMapping | None:
        query = sa.select(ACCOUNT).where(ACCOUNT.c.email_key == email_key(email))
        return conn.execute(query).mappings().first()

    def _row_by_pk(self, conn: sa.Connection, pk: int) -> sa.RowMapping:
        return conn.execute(sa.select(ACCOUNT).where(ACCOUNT.c.pk == pk)).mappings().one()

    def find(self, email: str) -> Account | None:
        with self._begin() as conn:
            row = self._row(conn, email)
        return None if row is None else _account(row)

    def all(self) -> list[Account]:
        with self._begin() as conn:
            rows = conn.execute(sa.select(ACCOUNT).order_by(ACCOUNT.c.email_key)).mappings()
            return [_account(row) for row in rows]

    def verify(self, email: str, password: str) -> Account | None:
        """The account when the password is right (and it is enabled), else None.

        Takes as long for an unknown e-mail as for a wrong password, and re-hashes the
        password when the hashing parameters have changed since it was stored.
        """
        with self._begin() as conn:
            row = self._row(conn, email)
        stored = self._dummy if row is None else str(row["password_hash"])
        try:
            self.hasher.verify(stored, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if row is None or row["disabled"]:
            return None
        if self.hasher.check_needs_rehash(stored):
            self._set_hash(int(row["pk"]), self.hasher.hash(password))
        return _account(row)

    def _set_hash(self, pk: int, hashed: str) -> None:
        with self._begin(write=True) as conn:
            conn.execute(sa.update(ACCOUNT).where(ACCOUNT.c.pk == pk)
                         .values(password_hash=hashed))

    def set_password(self, email: str, password: str) -> None:
        check_password(password)
        account = self.require(email)
        self._set_hash(account.pk, self.hasher.hash(password))
        self.revoke_all(account.pk)  # a changed password signs every other browser out

    def set_disabled(self, email: str, disabled: bool) -> None:
        account = self.require(email)
        with self._begin(write=True) as conn:
            conn.execute(sa.update(ACCOUNT).where(ACCOUNT.c.pk == account.pk)
                         .values(disabled=disabled))
        if disabled:
            self.revoke_all(account.pk)

    def require(self, email: str) -> Account:
        account = self.find(email)
        if account is None:
            raise InputError(f"no account for {email}",
                             hint="list them with `journeymap users list`")
        return account

    # -- sessions ----------------------------------------------------------------------
    def start_session(self, account: Account, lifetime: timedelta = SESSION_LIFETIME) -> str:
        """A new session token for the account (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._begin(write=True) as conn:
            conn.execute(sa.insert(ACCOUNT_SESSION).values(
                token_hash=token_hash(token), account_pk=account.pk, created_at=now,
                expires_at=now + lifetime, last_seen_at=now))
        return token

    def session_account(self, token: str) -> Account | None:
        """The enabled account of an unexpired session, else None."""
        now = _now()
        query = (
            sa.select(ACCOUNT, ACCOUNT_SESSION.c.last_seen_at, ACCOUNT_SESSION.c.pk.label("spk"))
            .join(ACCOUNT_SESSION, ACCOUNT_SESSION.c.account_pk == ACCOUNT.c.pk)
            .where(ACCOUNT_SESSION.c.token_hash == token_hash(token),
                   ACCOUNT_SESSION.c.expires_at > now)
        )
        with self._begin() as conn:
            row = conn.execute(query).mappings().first()
        if row is None or row["disabled"]:
            return None
        if now - row["last_seen_at"] > _SEEN_EVERY:
            with self._begin(write=True) as conn:
                conn.execute(sa.update(ACCOUNT_SESSION).where(ACCOUNT_SESSION.c.pk == row["spk"])
                             .values(last_seen_at=now))
        return _account(row)

    def end_session(self, token: str) -> None:
        with self._begin(write=True) as conn:
            conn.execute(sa.delete(ACCOUNT_SESSION)
                         .where(ACCOUNT_SESSION.c.token_hash == token_hash(token)))

    def revoke_all(self, account_pk: int, *, keep: str | None = None) -> None:
        """End the account's sessions, all but the one of token ``keep`` when given."""
        query = sa.delete(ACCOUNT_SESSION).where(ACCOUNT_SESSION.c.account_pk == account_pk)
        if keep is not None:
            query = query.where(ACCOUNT_SESSION.c.token_hash != token_hash(keep))
        with self._begin(write=True) as conn:
            conn.execute(query)

    def change_password(self, account: Account, current: str, new: str, *,
                        session: str | None) -> None:
        """Set a new password when ``current`` is right; every other session ends."""
        if self.verify(account.email, current) is None:
            raise InputError("the current password is not right",
                             hint="type the password you signed in with", path="current")
        check_password(new)
        self._set_hash(account.pk, self.hasher.hash(new))
        self.revoke_all(account.pk, keep=session)

    # -- invitations -------------------------------------------------------------------
    def invite(self, workspace_id: str, email: str, role: Role, invited_by: str,
               lifetime: timedelta = INVITATION_LIFETIME) -> str:
        """A new invitation token (only its hash is stored)."""
        address = check_email(email)
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._begin(write=True) as conn:
            conn.execute(sa.insert(INVITATION).values(
                token_hash=token_hash(token), workspace_id=workspace_id, email=address,
                email_key=email_key(address), role=Role(role).value, invited_by=invited_by,
                created_at=now, expires_at=now + lifetime, accepted_at=None))
        return token

    def invitation(self, token: str) -> Invitation | None:
        """The open (unexpired, unaccepted) invitation of a token, else None."""
        query = sa.select(INVITATION).where(INVITATION.c.token_hash == token_hash(token),
                                            INVITATION.c.accepted_at.is_(None),
                                            INVITATION.c.expires_at > _now())
        with self._begin() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _invitation(row)

    def open_invitations(self, workspace_id: str) -> list[Invitation]:
        query = (sa.select(INVITATION)
                 .where(INVITATION.c.workspace_id == workspace_id,
                        INVITATION.c.accepted_at.is_(None), INVITATION.c.expires_at > _now())
                 .order_by(INVITATION.c.created_at, INVITATION.c.pk))
        with self._begin() as conn:
            return [_invitation(row) for row in conn.execute(query).mappings()]

    def mark_accepted(self, token: str) -> Invitation:
        """Close an open invitation, once: a second acceptance finds nothing to accept."""
        invitation = self.invitation(token)
        with self._begin(write=True) as conn:
            done = conn.execute(
                sa.update(INVITATION)
                .where(INVITATION.c.token_hash == token_hash(token),
                       INVITATION.c.accepted_at.is_(None), INVITATION.c.expires_at > _now())
                .values(accepted_at=_now())
            ).rowcount
        if invitation is None or done != 1:
            raise InputError("this invitation link is no longer valid",
                             hint="it was used already or has expired; ask for a new one")
        return invitation

    def revoke_invitation(self, pk: int) -> None:
        with self._begin(write=True) as conn:
            conn.execute(sa.delete(INVITATION).where(INVITATION.c.pk == pk))

    # -- password reset links ----------------------------------------------------------
    def issue_reset(self, account: Account, workspace_id: str, created_by: str,
                    lifetime: timedelta = RESET_LIFETIME) -> str:
        """A new reset token for the account (only its hash is stored).

        Its unused older links stop working: only the newest link someone was given counts.
        """
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._begin(write=True) as conn:
            conn.execute(sa.delete(PASSWORD_RESET).where(
                PASSWORD_RESET.c.account_pk == account.pk, PASSWORD_RESET.c.used_at.is_(None)))
            conn.execute(sa.insert(PASSWORD_RESET).values(
                token_hash=token_hash(token), account_pk=account.pk, workspace_id=workspace_id,
                created_by=created_by, created_at=now, expires_at=now + lifetime, used_at=None))
        return token

    def _open_reset(self, token: str) -> sa.ColumnElement[bool]:
        return sa.and_(PASSWORD_RESET.c.token_hash == token_hash(token),
                       PASSWORD_RESET.c.used_at.is_(None), PASSWORD_RESET.c.expires_at > _now())

    def reset(self, token: str) -> PasswordReset | None:
        """The open (unexpired, unused) reset link of a token, else None."""
        with self._begin() as conn:
            row = conn.execute(
                sa.select(PASSWORD_RESET, ACCOUNT.c.email)
                .join(ACCOUNT, ACCOUNT.c.pk == PASSWORD_RESET.c.account_pk)
                .where(self._open_reset(token))).mappings().first()
        if row is None:
            return None
        return PasswordReset(row["pk"], row["account_pk"], row["email"], row["workspace_id"],
                             row["created_by"], row["expires_at"])

    def use_reset(self, token: str, password: str) -> Account:
        """Set the password of a reset link's account, once; all its sessions end."""
        check_password(password)  # before the link is used up: a short password may retry
        found = self.reset(token)
        hashed = self.hasher.hash(password)  # outside the transaction: argon2 takes a while
        with self._begin(write=True) as conn:
            done = conn.execute(sa.update(PASSWORD_RESET).where(self._open_reset(token))
                                .values(used_at=_now())).rowcount
            if found is None or done != 1:
                raise InputError("this password reset link is no longer valid",
                                 hint="ask an owner of the workspace for a new link")
            conn.execute(sa.update(ACCOUNT).where(ACCOUNT.c.pk == found.account_pk)
                         .values(password_hash=hashed))
            conn.execute(sa.delete(ACCOUNT_SESSION)
                         .where(ACCOUNT_SESSION.c.account_pk == found.account_pk))
            return _account(self._row_by_pk(conn, found.account_pk))
