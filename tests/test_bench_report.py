"""The benchmark's Markdown report (bench/report.py): ratios, targets, the docs block."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench_support import load

report = load("report")


def _entry(dataset: str, events: int, analysis: str, contender: str, seconds: float | None,
           mib: float | None = 100.0, status: str = "ok") -> dict[str, Any]:
    return {"dataset": dataset, "events": events, "analysis": analysis,
            "contender": contender, "status": status, "wall_seconds": seconds,
            "peak_rss_mib": mib, "runs": [{"message": "" if status == "ok" else "boom"}]}


def _doc(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"started": "2026-11-24T07:00:00+00:00", "label": "smoke run",
            "params": {"repeat": 3, "seed": 7, "steps": "a,b", "window": None, "top": 20},
            "machine": {"cpus": 2, "cpu_model": "x", "memory_gib": 8.0, "platform": "Linux"},
            "versions": {"ours": {"duckdb": "2.0.0"}}, "results": results, "checks": []}


RESULTS = [
    _entry("5m", 5_000_000, "transitions", "ours", 2.0),
    _entry("5m", 5_000_000, "transitions", "duckdb", 1.6),
    _entry("5m", 5_000_000, "transitions", "pm4py", 30.0),
    _entry("5m", 5_000_000, "transitions", "retentioneering", None, None, "timeout"),
    _entry("20m", 20_000_000, "paths", "ours", 9.0, 3500.0),
    _entry("20m", 20_000_000, "paths", "duckdb", 5.0),
    _entry("-", 0, report.STARTUP, "ours", 1.0),
    _entry("-", 0, report.STARTUP, "duckdb", 0.1),
]


def test_rows_ratios_and_status_cells() -> None:
    table = report.results_table(_doc(RESULTS)).splitlines()
    assert table[2] == ("| 5m | transitions | 2.00 | 100 | 1.60 | 100 | 1.25x | 30.00 | 100 "
                        "| 15.00x | timeout | - | - |")
    assert table[3].startswith("| 20m | paths | 9.00 | 3500 | 5.00 | 100 | 1.80x | n/a |")


def test_targets_leave_start_up_rows_out() -> None:
    assert report.targets(_doc(RESULTS)) == [
        ("within 1.5x of the hand-written DuckDB query at 5M and 20M events",
         "worst 1.80x over 2 rows, 1 within", "**missed**"),
        ("within 1.5x of the hand-written DuckDB query on every row",
         "worst 1.80x over 2 rows, 1 within", "**missed**"),
        (">= 10x faster than pm4py at 5M and 20M events",
         "least 15.0x over 1 rows (the hand-written query itself: least 18.8x)", "met"),
        (">= 10x faster than retentioneering at 5M and 20M events", "not measured",
         "not measured"),
        ("20M events in under 3 GiB peak memory", "largest 3500 MiB", "**missed**"),
    ]


def test_the_scope_of_the_near_limit_target_is_5m_events_and_more() -> None:
    small = [_entry("1m", 1_000_000, "funnel", "ours", 3.0),
             _entry("1m", 1_000_000, "funnel", "duckdb", 1.0),
             _entry("5m", 5_000_000, "funnel", "ours", 1.4),
             _entry("5m", 5_000_000, "funnel", "duckdb", 1.0)]
    found = report.targets(_doc(small))
    assert found[0] == ("within 1.5x of the hand-written DuckDB query at 5M and 20M events",
                        "worst 1.40x over 1 rows, 1 within", "met")
    assert found[1] == ("within 1.5x of the hand-written DuckDB query on every row",
                        "worst 3.00x over 2 rows, 1 within", "**missed**")


def test_failures_are_listed_with_their_message() -> None:
    assert "- 5m transitions retentioneering: timeout: boom" in report.markdown(_doc(RESULTS))


def test_update_docs_replaces_only_between_the_markers(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text(f"# B\n\nbefore\n\n{report.START}\nold\n{report.END}\n\nafter\n")
    report.update_docs(docs, "new")
    assert docs.read_text() == f"# B\n\nbefore\n\n{report.START}\nnew\n{report.END}\n\nafter\n"
    fresh = tmp_path / "fresh.md"
    report.update_docs(fresh, "first")
    assert fresh.read_text() == f"{report.START}\nfirst\n{report.END}\n"
