"""Timing whole processes (bench/measure.py): status, peak memory, timeouts, repeats."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench_support import load

measure = load("measure")
if not Path(measure.GNU_TIME).exists():
    pytest.skip("GNU time is not installed (bench/setup.sh installs it)", allow_module_level=True)


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_ok_run_reports_peak_memory_of_the_process() -> None:
    run = measure.run_once(_python("b = bytearray(300 * 2**20)"), timeout=60)
    assert run.status == "ok" and run.message == ""
    assert run.peak_rss_mib is not None and run.peak_rss_mib >= 300


def test_failure_keeps_the_last_line_of_standard_error() -> None:
    run = measure.run_once(_python("import sys; print('x', file=sys.stderr); sys.exit('no')"),
                           timeout=60)
    assert (run.status, run.message) == ("error", "no")


@pytest.mark.parametrize("code", ["raise MemoryError",
                                  "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
def test_memory_errors_and_kills_are_oom(code: str) -> None:
    assert measure.run_once(_python(code), timeout=60).status == "OOM"


def test_timeout_ends_the_process_and_is_recorded() -> None:
    run = measure.run_once(_python("import time; time.sleep(30)"), timeout=0.5)
    assert (run.status, run.peak_rss_mib, run.message) == ("timeout", None, "over 0.5 s")


def test_medians_over_repeats_and_stop_after_a_failure() -> None:
    taken = measure.measure(_python("pass"), repeat=3, timeout=60, slow_seconds=600)
    assert [r.status for r in taken.runs] == ["ok"] * 3
    assert taken.wall_seconds == sorted(r.wall_seconds for r in taken.runs)[1]
    failing = measure.measure(_python("raise SystemExit(3)"), repeat=3, timeout=60,
                              slow_seconds=600)
    assert (len(failing.runs), failing.status, failing.wall_seconds) == (1, "error", None)
    assert failing.as_dict()["runs"][0]["message"] == "exit 3"


def test_a_slow_run_is_not_repeated() -> None:
    taken = measure.measure(_python("pass"), repeat=3, timeout=60, slow_seconds=0)
    assert len(taken.runs) == 1 and taken.status == "ok"
