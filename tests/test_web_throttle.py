"""Failed sign-ins per e-mail address (web/throttle.py), on its own and on the login form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auth_support import (
    EDITOR,
    OWNER,
    add_people,
    app_for,
    make_workspace,
    sign_in,
    use_fast_hashing,
)
from journeymap.web.throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_waits_after_five_failures_in_a_row() -> None:
    clock = Clock()
    guard = SignInThrottle(max_failures=5, period_seconds=900, clock=clock)
    for _ in range(4):
        guard.failed("Eva@Acme.test")
        clock.now += 10
    assert guard.wait_seconds("eva@acme.test") == 0.0
    guard.failed(" eva@acme.test ")
    assert guard.wait_seconds("EVA@acme.test") == 900.0
    assert guard.wait_seconds("olek@acme.test") == 0.0  # other addresses are not held up
    clock.now += 600
    assert guard.wait_seconds("eva@acme.test") == 300.0
    clock.now += 300
    assert guard.wait_seconds("eva@acme.test") == 0.0


def test_old_failures_stop_counting_and_a_success_forgets_them() -> None:
    clock = Clock()
    guard = SignInThrottle(max_failures=3, period_seconds=100, clock=clock)
    guard.failed("a@b.test")
    guard.failed("a@b.test")
    clock.now += 101  # both fall out of the period
    guard.failed("a@b.test")
    guard.failed("a@b.test")
    assert guard.wait_seconds("a@b.test") == 0.0
    guard.succeeded("a@b.test")
    guard.failed("a@b.test")
    guard.failed("a@b.test")
    assert guard.wait_seconds("a@b.test") == 0.0


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    use_fast_hashing(monkeypatch)
    app = app_for(make_workspace(tmp_path))
    add_people(app.state.bench)
    with TestClient(app, headers={"Accept-Language": "en"}) as client:
        yield client


def test_the_login_form_refuses_even_the_right_password_while_an_address_waits(
        team: TestClient) -> None:
    for _ in range(5):
        assert sign_in(team, EDITOR, "not-the-password").status_code == 401
    held = sign_in(team, EDITOR)
    assert held.status_code == 429
    assert "Too many failed sign-ins for this e-mail. Try again in 15 minutes." in held.text
    assert "jm_session" not in held.headers.get("set-cookie", "")
    assert sign_in(team, OWNER).status_code == 303  # another person signs in as usual
