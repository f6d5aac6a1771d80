"""Helpers for the accounts/CSRF tests: cheap password hashing, apps with accounts, signing in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from builders import document
from conftest import send_csrf_token
from journeymap.web.app import create_app
from journeymap.web.auth import AuthSettings
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench import accounts as people

#: Cheap hashing parameters: the tests are about behaviour, not the cost of argon2.
FAST = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
PASSWORD = "password-1"
#: One account per role; anna is already the document's owner, ivan its editor.
OWNER, EDITOR, VIEWER = "anna@example.com", "ivan@example.com", "vera@example.com"


def use_fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("journeymap.store.accounts.PasswordHasher", lambda: FAST)


def make_workspace(tmp_path: Path, database_url: str | None = None) -> Path:
    folder = tmp_path / "ws"
    init_workspace(folder, document=document(), database_url=database_url).close()
    return folder


def add_people(bench: Workbench) -> None:
    """Accounts for the owner, the editor and a viewer of the builders' document."""
    for email, role in ((OWNER, "owner"), (EDITOR, "editor"), (VIEWER, "viewer")):
        people.add_user(bench, email, role, PASSWORD)


def app_for(folder: Path, database_url: str | None = None, **settings: Any) -> FastAPI:
    return create_app(folder, database_url=database_url, auth_settings=AuthSettings(**settings))


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    """Sign in as the login form does; the client then sends the session's new CSRF token."""
    answer = client.post("/login", data={"email": email, "password": password, "next": "/"},
                         follow_redirects=False)
    return follow_csrf(client, answer)


def follow_csrf(client: TestClient, answer: Any) -> Any:
    """After signing in the server renews the CSRF token: send the new one from now on."""
    renewed = [c for c in answer.headers.get_list("set-cookie") if c.startswith("jm_csrf=")]
    if renewed:
        send_csrf_token(client, renewed[0].split(";", 1)[0].removeprefix("jm_csrf="))
    return answer
