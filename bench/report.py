"""The results as Markdown: machine, side-by-side table, targets, correctness checks.

Works on the JSON document that ``run.py`` writes, so a table can be rebuilt from an old
``bench/results/*.json`` with ``python bench/report.py FILE [--docs docs/benchmarks.md]``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

START = "<!-- results:start -->"
END = "<!-- results:end -->"
#: Targets from issue 3: ours / reference at most this ...
NEAR_LIMIT = 1.5
#: ... others / ours at least this from this many events on ...
AHEAD = 10.0
AHEAD_FROM_EVENTS = 5_000_000
#: ... and peak memory at 20M events under this.
MEMORY_EVENTS = 20_000_000
MEMORY_MIB = 3 * 1024
OTHERS = ("pm4py", "retentioneering")
#: The analysis name of the rows that time a bare start-up (no analysis, no data).
STARTUP = "start-up only"


def _cell(entry: dict[str, Any] | None) -> tuple[str, str]:
    if entry is None:
        return "n/a", "n/a"
    if entry["status"] != "ok":
        return entry["status"], "-"
    rss = entry["peak_rss_mib"]
    return f"{entry['wall_seconds']:.2f}", "-" if rss is None else f"{rss:.0f}"


def _ratio(top: dict[str, Any] | None, bottom: dict[str, Any] | None) -> float | None:
    if not top or not bottom or top["status"] != "ok" or bottom["status"] != "ok":
        return None
    return float(top["wall_seconds"]) / float(bottom["wall_seconds"])


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per dataset and analysis: each contender's entry (or None) and the ratios."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in doc["results"]:
        key = (entry["dataset"], entry["analysis"])
        row = grouped.setdefault(key, {"dataset": entry["dataset"], "events": entry["events"],
                                       "analysis": entry["analysis"], "by": {}})
        row["by"][entry["contender"]] = entry
    for row in grouped.values():
        by = row["by"]
        row["ours_vs_reference"] = _ratio(by.get("ours"), by.get("duckdb"))
        for other in OTHERS:
            row[f"{other}_vs_ours"] = _ratio(by.get(other), by.get("ours"))
    return list(grouped.values())


def results_table(doc: dict[str, Any]) -> str:
    head = ("| data | analysis | ours s | ours MiB | DuckDB SQL s | DuckDB SQL MiB "
            "| ours / DuckDB | pm4py s | pm4py MiB | pm4py / ours "
            "| retentioneering s | retentioneering MiB | retentioneering / ours |")
    lines = [head, _rule(head)]
    for row in rows(doc):
        by = row["by"]
        cells = [row["dataset"], row["analysis"], *_cell(by.get("ours")),
                 *_cell(by.get("duckdb")), _x(row["ours_vs_reference"]),
                 *_cell(by.get("pm4py")), _x(row["pm4py_vs_ours"]),
                 *_cell(by.get("retentioneering")), _x(row["retentioneering_vs_ours"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _rule(head: str) -> str:
    return "|" + "---|" * (head.count("|") - 1)


def targets(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target of issue 3.

    The issue states the targets at 5M and 20M events; the 1.5x row is also given over every
    row (1M events and CSV, where start-up weighs most). Against pm4py and retentioneering
    the hand-written query's own ratio is shown too: ours cannot beat it.
    """
    table = [row for row in rows(doc) if row["analysis"] != STARTUP]
    big_rows = [row for row in table if row["events"] >= AHEAD_FROM_EVENTS]
    found = [_near(big_rows, " at 5M and 20M events"), _near(table, " on every row")]
    for other in OTHERS:
        big = [r[f"{other}_vs_ours"] for r in big_rows if r[f"{other}_vs_ours"] is not None]
        ceiling = [_ratio(r["by"].get(other), r["by"].get("duckdb")) for r in big_rows]
        known = [value for value in ceiling if value is not None]
        measured = f"least {min(big):.1f}x over {len(big)} rows" if big else "not measured"
        if big and known:
            measured += f" (the hand-written query itself: least {min(known):.1f}x)"
        found.append((f">= {AHEAD:.0f}x faster than {other} at 5M and 20M events", measured,
                      _verdict(bool(big), all(v >= AHEAD for v in big))))
    peaks = [r["by"]["ours"]["peak_rss_mib"] for r in table
             if r["events"] >= MEMORY_EVENTS and "ours" in r["by"]
             and r["by"]["ours"]["status"] == "ok"]
    found.append(("20M events in under 3 GiB peak memory",
                  f"largest {max(peaks):.0f} MiB" if peaks else "not measured",
                  _verdict(bool(peaks), all(p < MEMORY_MIB for p in peaks))))
    return found


def _near(table: list[dict[str, Any]], scope: str) -> tuple[str, str, str]:
    near = [r["ours_vs_reference"] for r in table if r["ours_vs_reference"] is not None]
    met = sum(v <= NEAR_LIMIT for v in near)
    measured = (f"worst {max(near):.2f}x over {len(near)} rows, {met} within"
                if near else "not measured")
    return (f"within {NEAR_LIMIT}x of the hand-written DuckDB query{scope}", measured,
            _verdict(bool(near), met == len(near)))


def _verdict(measured: bool, met: bool) -> str:
    return "not measured" if not measured else ("met" if met else "**missed**")


def machine_lines(doc: dict[str, Any]) -> list[str]:
    m = doc["machine"]
    lines = [f"- run: {doc['started']} (**{doc['label']}**), repeat {doc['params']['repeat']}, "
             f"seed {doc['params']['seed']}, funnel steps `{doc['params']['steps']}`"
             f"{', window ' + doc['params']['window'] if doc['params']['window'] else ''}, "
             f"paths top {doc['params']['top']}",
             f"- machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']:.1f} GiB memory, "
             f"{m['platform']}"]
    for name, versions in doc["versions"].items():
        listed = ", ".join(f"{pkg} {ver}" for pkg, ver in versions.items())
        lines.append(f"- {name}: {listed}")
    return lines


def check_lines(doc: dict[str, Any]) -> list[str]:
    """One line per data set and analysis: the pairs found equal, then each mismatch."""
    if not doc["checks"]:
        return ["- no comparable outputs (a contender failed or was not run)"]
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for check in doc["checks"]:
        grouped.setdefault((check["dataset"], check["analysis"]), []).append(check)
    lines = []
    for (dataset, analysis), found in grouped.items():
        equal = [f"{c['left']} = {c['right']} ({c['compared']})" for c in found if c["ok"]]
        size = max(c.get("rows", 0) for c in found)
        lines.append(f"- {dataset} {analysis} ({size} rows): "
                     + ("; ".join(equal) or "nothing equal"))
        lines += [f"  - **MISMATCH** {c['left']} vs {c['right']} ({c['compared']}): "
                  f"{c['detail']}" for c in found if not c["ok"]]
    return lines


def failure_lines(doc: dict[str, Any]) -> list[str]:
    lines = [f"- {problem}" for problem in doc.get("problems", [])]
    for entry in doc["results"]:
        if entry["status"] != "ok":
            message = next((r["message"] for r in reversed(entry["runs"]) if r["message"]), "")
            lines.append(f"- {entry['dataset']} {entry['analysis']} {entry['contender']}: "
                         f"{entry['status']}{': ' + message if message else ''}")
    return lines


def markdown(doc: dict[str, Any]) -> str:
    """The whole results block: what ran where, the table, targets, checks, failures."""
    parts = ["\n".join(machine_lines(doc)), "Median wall time (s) and median peak RSS (MiB) "
             "of whole processes; ratios are of wall times.", results_table(doc),
             "| target | measured | verdict |\n|---|---|---|\n" + "\n".join(
                 f"| {t} | {m} | {v} |" for t, m, v in targets(doc)),
             "Correctness:\n\n" + "\n".join(check_lines(doc))]
    failures = failure_lines(doc)
    if failures:
        parts.append("Failures:\n\n" + "\n".join(failures))
    return "\n\n".join(parts)


def update_docs(path: Path, block: str) -> None:
    """Replace what lies between the result markers (appending them if absent)."""
    text = path.read_text() if path.exists() else ""
    fresh = f"{START}\n{block}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + fresh + after
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + fresh + "\n"
    path.write_text(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild the Markdown results of a run.")
    parser.add_argument("results", type=Path)
    parser.add_argument("--docs", type=Path, default=None, help="also write into this file")
    args = parser.parse_args(argv)
    block = markdown(json.loads(args.results.read_text()))
    print(block)
    if args.docs:
        update_docs(args.docs, block)


if __name__ == "__main__":
    main()
