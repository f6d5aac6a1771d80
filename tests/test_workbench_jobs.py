"""The background job runner: one job per (workspace, kind) at a time, failures captured
(a JourneymapError's text; a generic message for a defect), the newest finished jobs kept."""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from journeymap.errors import InputError, NotFoundError
from journeymap.workbench.jobs import INTERNAL_FAILURE, Jobs

WAIT = 5.0  # seconds: a bound on waiting for a thread, never slept


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def blocked(gate: threading.Event, summary: Mapping[str, Any]) -> Callable[[], Mapping[str, Any]]:
    def work() -> Mapping[str, Any]:
        assert gate.wait(WAIT)
        return summary
    return work


def test_one_job_per_workspace_and_kind_at_a_time() -> None:
    clock = Clock()
    jobs = Jobs(clock=clock)
    gate = threading.Event()
    first, started = jobs.submit("acme", "discover_personas", blocked(gate, {"personas": 4}),
                                 started_by="Anna")
    assert started and first.state == "running" and first.started_by == "Anna"
    again, started_again = jobs.submit("acme", "discover_personas", blocked(gate, {}),
                                       started_by="Ivan")
    assert (again.id, started_again) == (first.id, False)
    assert jobs.current("acme", "discover_personas") == first
    other, other_started = jobs.submit("acme", "detect_painpoints", lambda: {"painpoints": 2},
                                       started_by="Ivan")
    assert other_started and other.id != first.id
    elsewhere, elsewhere_started = jobs.submit("beta", "discover_personas", lambda: {},
                                               started_by="Ivan")
    assert elsewhere_started
    clock.now += timedelta(seconds=3)
    assert jobs.get(first.id).seconds(clock()) == 3
    gate.set()
    done = jobs.join(first.id, WAIT)
    assert (done.state, done.summary, done.error) == ("done", {"personas": 4}, "")
    assert done.finished_at == clock.now and done.seconds(clock.now + timedelta(hours=1)) == 3
    assert jobs.current("acme", "discover_personas") is None
    assert jobs.join(other.id, WAIT).summary == {"painpoints": 2}
    later, started_later = jobs.submit("acme", "discover_personas", lambda: {},
                                       started_by="Ivan")
    assert started_later and later.id != first.id


def test_an_input_error_is_kept_as_its_text() -> None:
    def work() -> Mapping[str, Any]:
        raise InputError("the workspace has no events", hint="import them first")

    jobs = Jobs()
    job, _ = jobs.submit("acme", "discover_personas", work, started_by="Anna")
    failed = jobs.join(job.id, WAIT)
    assert (failed.state, failed.error) == (
        "failed", "the workspace has no events (import them first)")
    assert failed.to_dict()["error"] == "the workspace has no events (import them first)"
    assert jobs.current("acme", "discover_personas") is None


def test_a_defect_is_logged_and_shown_as_a_generic_failure(
        caplog: pytest.LogCaptureFixture) -> None:
    def work() -> Mapping[str, Any]:
        raise KeyError("/srv/secret/path")

    jobs = Jobs()
    with caplog.at_level(logging.ERROR, logger="journeymap.workbench.jobs"):
        job, _ = jobs.submit("acme", "detect_painpoints", work, started_by="Anna")
        failed = jobs.join(job.id, WAIT)
    assert (failed.state, failed.error) == ("failed", INTERNAL_FAILURE)
    assert "/srv/secret/path" not in str(failed.to_dict())
    assert f"background job {job.id} failed" in caplog.text and "KeyError" in caplog.text


def test_the_newest_finished_jobs_are_kept() -> None:
    jobs = Jobs(keep=3)
    ids = []
    for number in range(5):
        job, _ = jobs.submit("acme", "discover_personas", lambda n=number: {"n": n},
                             started_by="Anna")
        jobs.join(job.id, WAIT)
        ids.append(job.id)
    for forgotten in ids[:2]:
        with pytest.raises(NotFoundError, match="job .* not found in recent jobs"):
            jobs.get(forgotten)
    assert [jobs.get(ident).summary["n"] for ident in ids[2:]] == [2, 3, 4]


def test_the_work_runs_in_the_starters_context() -> None:
    """So the activity log names who started the run (the actor is a context variable)."""
    who: contextvars.ContextVar[str] = contextvars.ContextVar("who", default="nobody")
    who.set("Anna")
    jobs = Jobs()
    job, _ = jobs.submit("acme", "discover_personas", lambda: {"who": who.get()},
                         started_by="Anna")
    assert jobs.join(job.id, WAIT).summary == {"who": "Anna"}


def test_as_json() -> None:
    clock = Clock()
    jobs = Jobs(clock=clock)
    job, _ = jobs.submit("acme", "detect_painpoints", lambda: {"painpoints": 15},
                         started_by="Anna", scope="retail")
    assert jobs.join(job.id, WAIT).to_dict() == {
        "id": job.id, "kind": "detect_painpoints", "workspace": "acme", "scope": "retail",
        "started_by": "Anna", "started_at": "2026-03-01T09:00:00+00:00",
        "finished_at": "2026-03-01T09:00:00+00:00", "state": "done",
        "summary": {"painpoints": 15}, "error": None}
