"""Timing one contender as a whole process: wall time and peak resident memory.

GNU time (``/usr/bin/time -f``) reports the peak RSS of the process it waits for; every
contender is a single process (DuckDB and pandas use threads, not children), so that is
the peak of the contender. Wall time is measured around the whole process here, so
interpreter start-up and imports count, as they do for a user.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

GNU_TIME = "/usr/bin/time"
#: Exit statuses that mean the kernel (or the process itself) gave up for lack of memory.
OOM_SIGNALS = {-signal.SIGKILL, 128 + signal.SIGKILL}
OOM_WORDS = ("terminated by signal 9", "MemoryError", "Out of Memory", "out of memory",
             "std::bad_alloc", "Cannot allocate memory")


@dataclass(frozen=True)
class Run:
    """One process: ``status`` is ok, timeout, OOM or error."""

    status: str
    wall_seconds: float
    peak_rss_mib: float | None
    message: str = ""


@dataclass
class Measurement:
    """Repeated runs of one command; medians over the successful runs."""

    runs: list[Run] = field(default_factory=list)

    @property
    def status(self) -> str:
        if any(run.status == "ok" for run in self.runs):
            return "ok"
        return self.runs[-1].status if self.runs else "not run"

    @property
    def wall_seconds(self) -> float | None:
        ok = [run.wall_seconds for run in self.runs if run.status == "ok"]
        return statistics.median(ok) if ok else None

    @property
    def peak_rss_mib(self) -> float | None:
        ok = [run.peak_rss_mib for run in self.runs
              if run.status == "ok" and run.peak_rss_mib is not None]
        return statistics.median(ok) if ok else None

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "wall_seconds": self.wall_seconds,
                "peak_rss_mib": self.peak_rss_mib, "runs": [asdict(run) for run in self.runs]}


def run_once(command: Sequence[str], timeout: float, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` under GNU time; never raises for the command's own failures."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        wrapped = [GNU_TIME, "-f", "%M", "-o", report.name, *command]
        started = time.perf_counter()
        # a session of its own, so a timeout can end the whole process group
        process = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True, env=env, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return Run("timeout", time.perf_counter() - started, None, f"over {timeout:g} s")
        wall = time.perf_counter() - started
        timing = Path(report.name).read_text()
    peak = _peak_kib(timing)
    rss = None if peak is None else round(peak / 1024, 1)
    if process.returncode == 0:
        return Run("ok", round(wall, 3), rss)
    status = _failure(process.returncode, stderr + timing)
    return Run(status, round(wall, 3), rss, _last_line(stderr) or f"exit {process.returncode}")


def _peak_kib(report: str) -> int | None:
    # GNU time writes "Command exited with non-zero status N" before the format's line
    lines = [line for line in report.splitlines() if line.strip().isdigit()]
    return int(lines[-1]) if lines else None


def _failure(code: int, stderr: str) -> str:
    if code in OOM_SIGNALS or any(word in stderr for word in OOM_WORDS):
        return "OOM"
    return "error"


def _last_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("Command exited with")]
    return lines[-1][:300] if lines else ""


def measure(command: Sequence[str], repeat: int, timeout: float, slow_seconds: float,
            env: dict[str, str] | None = None) -> Measurement:
    """Up to ``repeat`` runs; stops early after a failure or a run slower than ``slow_seconds``."""
    measurement = Measurement()
    for _ in range(max(1, repeat)):
        run = run_once(command, timeout, env)
        measurement.runs.append(run)
        if run.status != "ok" or run.wall_seconds > slow_seconds:
            break
    return measurement
