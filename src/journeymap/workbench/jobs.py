"""Background jobs: a long run (persona discovery, pain point detection) started from a page
goes on in a thread while the page polls its state.

At most one job per (workspace, kind) runs at a time: asking for another while one runs
gives back the running one. Finished jobs are kept in memory (the newest :data:`KEPT`), so
a server restart forgets them and ends running ones; the API's synchronous operations are
the way for scripts that must not lose a run.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from journeymap.errors import JourneymapError, NotFoundError

log = logging.getLogger(__name__)

JobState = Literal["running", "done", "failed"]
#: Finished jobs kept for their status pages (older ones are forgotten).
KEPT = 20
#: Shown instead of an unexpected exception's text (which may leak internals).
INTERNAL_FAILURE = "internal error"
#: The work a job does: returns its result summary (counts, ids), plain JSON data.
Work = Callable[[], Mapping[str, Any]]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Job:
    """One run: who started it and when, its state, and its summary or error message."""

    id: str
    kind: str
    workspace: str
    started_by: str
    started_at: datetime
    #: What the run works on, e.g. the map id of a pain point detection ("" for all).
    scope: str = ""
    state: JobState = "running"
    finished_at: datetime | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    #: The error's text when failed: a JourneymapError's message, else :data:`INTERNAL_FAILURE`.
    error: str = ""

    @property
    def finished(self) -> bool:
        return self.state != "running"

    def seconds(self, now: datetime) -> int:
        """Whole seconds since the start (to the end once finished)."""
        end = self.finished_at or now
        return max(0, int((end - self.started_at).total_seconds()))

    def to_dict(self) -> dict[str, Any]:
        finished = None if self.finished_at is None else self.finished_at.isoformat()
        return {"id": self.id, "kind": self.kind, "workspace": self.workspace,
                "scope": self.scope, "started_by": self.started_by,
                "started_at": self.started_at.isoformat(), "finished_at": finished,
                "state": self.state, "summary": dict(self.summary), "error": self.error or None}


@dataclass
class Jobs:
    """The background jobs of one app, thread-safe."""

    clock: Callable[[], datetime] = utc_now
    keep: int = KEPT
    _jobs: dict[str, Job] = field(default_factory=dict)
    _running: dict[tuple[str, str], str] = field(default_factory=dict)
    _threads: dict[str, threading.Thread] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def submit(self, workspace: str, kind: str, work: Work, *, started_by: str,
               scope: str = "") -> tuple[Job, bool]:
        """Start ``work`` in a thread, unless a job of this kind runs for the workspace:
        then that one is returned. The second value says whether a job was started."""
        with self._lock:
            running = self._running.get((workspace, kind))
            if running is not None:
                return self._jobs[running], False
            job = Job(uuid.uuid4().hex[:12], kind, workspace, started_by, self.clock(),
                      scope=scope)
            self._jobs[job.id] = job
            self._running[(workspace, kind)] = job.id
            # in the starter's context: the activity log names who started the run
            context = contextvars.copy_context()
            thread = threading.Thread(target=context.run, args=(self._run, job.id, work),
                                      daemon=True, name=f"journeymap-{kind}-{job.id}")
            self._threads[job.id] = thread
        thread.start()
        return job, True

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError("job", job_id, scope="recent jobs")
        return job

    def current(self, workspace: str, kind: str) -> Job | None:
        """The job of this kind running for the workspace, if any."""
        with self._lock:
            running = self._running.get((workspace, kind))
            return None if running is None else self._jobs[running]

    def join(self, job_id: str, timeout: float | None = None) -> Job:
        """Wait for the job to finish (tests and scripts)."""
        self.get(job_id)
        with self._lock:
            thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)
        return self.get(job_id)

    def _run(self, job_id: str, work: Work) -> None:
        try:
            summary = dict(work())
        except JourneymapError as exc:
            self._finish(job_id, state="failed", error=str(exc))
        except Exception:  # a defect: logged here, the user sees a generic failure
            log.exception("background job %s failed", job_id)
            self._finish(job_id, state="failed", error=INTERNAL_FAILURE)
        else:
            self._finish(job_id, state="done", summary=summary)

    def _finish(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = replace(self._jobs[job_id], finished_at=self.clock(), **changes)
            self._jobs[job_id] = job
            self._running.pop((job.workspace, job.kind), None)
            self._threads.pop(job_id, None)
            self._forget_old()

    def _forget_old(self) -> None:
        """Drop the oldest finished jobs beyond :attr:`keep` (call with the lock held)."""
        finished = [ident for ident, job in self._jobs.items() if job.finished]
        for ident in finished[:max(0, len(finished) - self.keep)]:
            del self._jobs[ident]
