"""Password reset links an owner hands on (journeymap sends no e-mail; docs/adr/0014).

The rules both the CLI and the web pages keep: a link is only made for a member of this
workspace who has an enabled account, and is only taken in the workspace it was made in.
"""

from __future__ import annotations

from journeymap.errors import InputError
from journeymap.store.accounts import Account, PasswordReset
from journeymap.workbench.accounts import accounts, role_of
from journeymap.workbench.session import Workbench


def issue_reset(bench: Workbench, email: str, created_by: str) -> str:
    """A reset token for member ``email`` (their older unused links stop working)."""
    if role_of(bench, email) is None:
        raise InputError(f"{email} is not a member of this workspace")
    account = accounts(bench).find(email)
    if account is None:
        raise InputError(f"{email} has no account yet",
                         hint="invite them: the invitation link lets them choose a password")
    if account.disabled:
        raise InputError(f"the account of {email} is disabled")
    return accounts(bench).issue_reset(account, bench.workspace_id, created_by)


def open_reset(bench: Workbench, token: str) -> PasswordReset | None:
    """The open reset link of a token made in this workspace, else None."""
    found = accounts(bench).reset(token)
    return found if found is not None and found.workspace_id == bench.workspace_id else None


def use_reset(bench: Workbench, token: str, password: str) -> Account:
    """Set a new password with a reset link, once; the account is signed out everywhere."""
    if open_reset(bench, token) is None:
        raise InputError("this password reset link is no longer valid",
                         hint="ask an owner of the workspace for a new link")
    return accounts(bench).use_reset(token, password)
