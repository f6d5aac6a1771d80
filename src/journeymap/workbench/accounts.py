"""People of a workspace: accounts (store/accounts.py) joined with the document's members.

An account says who someone is (e-mail, name, password); a member of the workspace document
says what they may do in this workspace (owner, editor, viewer). The CLI and the web pages
use these functions so both keep the same rules, above all: a workspace keeps an owner.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime

from journeymap.errors import InputError, NotFoundError
from journeymap.model import Member, Role
from journeymap.store.accounts import Account, Accounts, check_email, email_key
from journeymap.workbench.session import Workbench

#: What each role may do, lowest first; a role may everything the roles before it may.
ROLE_ORDER = (Role.VIEWER, Role.EDITOR, Role.OWNER)

#: Addresses only this computer can reach: a server bound to one may run in local mode.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "[::1]", "localhost"})

_kept: weakref.WeakKeyDictionary[Workbench, Accounts] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


@dataclass(frozen=True)
class Person:
    """One member of the workspace, with their account when they have one."""

    user: str
    name: str
    role: Role
    has_account: bool
    disabled: bool
    created_at: datetime | None


def is_loopback(host: str) -> bool:
    return host.lower() in LOOPBACK_HOSTS or host.startswith("127.")


def rank(role: Role | str) -> int:
    return ROLE_ORDER.index(Role(role))


def accounts(bench: Workbench) -> Accounts:
    """The workspace store's accounts (one per open workbench: its dummy hash is costly)."""
    with _lock:
        found = _kept.get(bench)
        if found is None:
            found = _kept[bench] = Accounts(bench.store)
        return found


def members(bench: Workbench) -> list[Member]:
    return list(bench.document().members)


def role_of(bench: Workbench, user: str) -> Role | None:
    """The role of ``user`` (an e-mail, any case) in this workspace; None if not a member."""
    key = email_key(user)
    try:  # one row, on every request of a signed-in person: not the whole document
        found = bench.get(_member_ref(key)).obj
    except NotFoundError:
        found = None
    if isinstance(found, Member):
        return found.role
    for member in members(bench):  # a member written in another case in map-as-code
        if email_key(member.user) == key:
            return member.role
    return None


def people(bench: Workbench) -> list[Person]:
    """Every member, owners first, each with their account's state."""
    found = {a.key: a for a in accounts(bench).all()}
    rows = []
    for member in members(bench):
        account = found.get(email_key(member.user))
        rows.append(Person(member.user, member.name or (account.name if account else ""),
                           member.role, account is not None,
                           bool(account and account.disabled),
                           account.created_at if account else None))
    return sorted(rows, key=lambda p: (-rank(p.role), p.user))


def _member_ref(user: str) -> str:
    return f"member/{email_key(user)}"


def set_role(bench: Workbench, user: str, role: Role | str) -> None:
    """Make ``user`` a member with ``role`` (adding them when they are not one yet)."""
    new = Role(role)
    current = role_of(bench, user)
    if current is None:
        check_email(user)
        account = accounts(bench).find(user)
        name = account.name if account else ""
        bench.store.add(bench.workspace_id, _member_ref(user),
                        Member(user=email_key(user), name=name, role=new))
        return
    if current is Role.OWNER and new is not Role.OWNER:
        _keep_an_owner(bench, user)
    item = bench.get(_member_ref(user))
    bench.update(_member_ref(user), {"role": new.value}, expected_version=item.version)


def remove_member(bench: Workbench, user: str) -> None:
    """Take ``user`` out of this workspace (their account stays, for other workspaces)."""
    current = role_of(bench, user)
    if current is None:
        raise InputError(f"{user} is not a member of this workspace")
    if current is Role.OWNER:
        _keep_an_owner(bench, user)
    item = bench.get(_member_ref(user))
    bench.store.delete(bench.workspace_id, _member_ref(user), expected_version=item.version)


def _keep_an_owner(bench: Workbench, leaving: str) -> None:
    owners = [m for m in members(bench) if m.role is Role.OWNER
              and email_key(m.user) != email_key(leaving)]
    if not owners:
        raise InputError(f"{leaving} is the workspace's last owner",
                         hint="make someone else an owner first")


def add_user(bench: Workbench, email: str, role: Role | str, password: str, *,
             name: str = "") -> Account:
    """A new account that is a member of this workspace with ``role``."""
    account = accounts(bench).create(email, password, name=name)
    set_role(bench, account.email, role)
    return account


def invite(bench: Workbench, email: str, role: Role | str, invited_by: str) -> str:
    """An invitation token for ``email`` to join this workspace with ``role``."""
    address = check_email(email)
    current = role_of(bench, address)
    if current is not None:
        raise InputError(f"{address} is already a member ({current.value})",
                         hint="change their role on the members page instead")
    return accounts(bench).invite(bench.workspace_id, address, Role(role), invited_by)


def accept_invitation(bench: Workbench, token: str, password: str, *,
                      name: str = "") -> Account:
    """Join by invitation: a new account (or the existing one, with its own password)."""
    store = accounts(bench)
    invitation = store.invitation(token)
    if invitation is None or invitation.workspace_id != bench.workspace_id:
        raise InputError("this invitation link is no longer valid",
                         hint="it was used already or has expired; ask for a new one")
    account = store.find(invitation.email)
    if account is None:
        account = store.create(invitation.email, password, name=name)
    elif store.verify(invitation.email, password) is None:
        raise InputError(f"{invitation.email} already has an account: give its password")
    store.mark_accepted(token)
    set_role(bench, account.email, invitation.role)
    return account


def sign_in(bench: Workbench, email: str, password: str) -> str | None:
    """A new session token when the password is right, else None."""
    store = accounts(bench)
    account = store.verify(email, password)
    return None if account is None else store.start_session(account)
