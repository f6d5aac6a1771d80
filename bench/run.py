"""Side-by-side benchmark: our CLI against a hand-written DuckDB query, pm4py, retentioneering.

    python bench/run.py --sizes 1m,5m,20m --contenders ours,duckdb,pm4py,retentioneering \
        --repeat 3

Each contender runs every analysis it has as a whole process (start-up counts), repeated,
and the medians of wall time and peak RSS are reported. Outputs are compared where the
contenders compute the same numbers. Results go to ``bench/results/<date-time>.json`` and,
as Markdown, to standard output and between the markers in ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import checks  # noqa: E402
import report  # noqa: E402
from generate import DEFAULT_SEED, parse_size  # noqa: E402
from measure import Measurement, measure  # noqa: E402

ROOT = HERE.parent
CONTENDERS = ("ours", "duckdb", "pm4py", "retentioneering")
ANALYSES = ("transitions", "funnel", "paths")
SUPPORTS = {"ours": set(ANALYSES), "duckdb": set(ANALYSES),
            "pm4py": {"transitions", "paths"}, "retentioneering": {"transitions", "funnel"}}
#: Contenders run once (not ``--repeat`` times) at this many events and more.
SLOW = {"pm4py", "retentioneering"}
SLOW_FROM_EVENTS = 20_000_000
#: Formats each contender reads; CSV is benchmarked at 1M events for ours and the reference.
CSV_SIZE = "1m"
CSV_CONTENDERS = {"ours", "duckdb"}
STEPS = "view_product,add_to_cart,begin_checkout,purchase"
#: Child processes stay offline: retentioneering would otherwise send usage events.
OFFLINE = {"RETENTIONEERING_NO_TRACK": "1", "DO_NOT_TRACK": "1"}


@dataclass(frozen=True)
class Dataset:
    label: str
    size: str
    events: int
    path: Path


@dataclass(frozen=True)
class Tools:
    """The executables: our CLI, the Python next to it (same DuckDB), the bench Python."""

    ours: Path
    reference_python: Path
    bench_python: Path


def find_tools(ours: Path | None) -> Tools:
    candidates = [ours] if ours else [ROOT / ".venv/bin/journeymap", HERE / ".venv/bin/journeymap"]
    found = next((c for c in candidates if c and c.exists()), None)
    if found is None:
        sys.exit(f"no journeymap CLI at {', '.join(str(c) for c in candidates)}: "
                 "run bench/setup.sh (or make install)")
    return Tools(found, found.parent / "python", HERE / ".venv/bin/python")


def command(contender: str, analysis: str, data: Dataset, out: Path, tools: Tools,
            args: argparse.Namespace) -> list[str]:
    """The whole process a contender runs for one analysis on one file."""
    if contender == "ours":
        line = [str(tools.ours), "analyze", analysis, "--events", str(data.path),
                "--format", "csv", "-o", str(out)]
        if analysis == "funnel":
            line += ["--steps", args.steps] + (["--window", args.window] if args.window else [])
        if analysis == "paths":
            line += ["--top", str(args.top)]
        return line
    python = tools.reference_python if contender == "duckdb" else tools.bench_python
    line = [str(python), str(HERE / "contenders.py"), contender, analysis,
            "--events", str(data.path), "-o", str(out), "--top", str(args.top)]
    if analysis == "funnel":
        line += ["--steps", args.steps]
        if args.window:
            line += ["--window-seconds", str(window_seconds(args.window))]
    return line


def window_seconds(text: str) -> float:
    """``30d``, ``12h``, ``90m``, ``45s`` as seconds (the CLI's window notation)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([dhms])", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a window: {text!r} (expected e.g. 30d, 12h)")
    return float(match.group(1)) * {"d": 86_400, "h": 3_600, "m": 60, "s": 1}[match.group(2)]


def datasets(size: str, args: argparse.Namespace, tools: Tools,
             problems: list[str]) -> list[Dataset]:
    """Generate (or reuse) the files of one size, in a process of its own."""
    csv = size.lower() == CSV_SIZE and not args.no_csv
    line = [str(tools.reference_python), str(HERE / "generate.py"), "--sizes", size,
            "--seed", str(args.seed)] + (["--csv"] if csv else [])
    print(f"[{_now()}] {size}: data (generated once, then cached) ...", file=sys.stderr)
    done = subprocess.run(line, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit {done.returncode}"]
        problems.append(f"{size}: the data could not be generated: {lines[-1]}")
        return []
    paths = done.stdout.split()
    events = parse_size(size)
    found = [Dataset(size, size, events, Path(p)) for p in paths if p.endswith(".parquet")]
    found += [Dataset(f"{size} CSV", size, events, Path(p)) for p in paths if p.endswith(".csv")]
    return found


def run_dataset(data: Dataset, tools: Tools, args: argparse.Namespace,
                outputs_dir: Path) -> tuple[list[dict[str, Any]], list[checks.Check]]:
    results: list[dict[str, Any]] = []
    found: list[checks.Check] = []
    folder = outputs_dir / data.label.replace(" ", "-")
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **OFFLINE}
    for analysis in args.analyses:
        outputs: dict[str, Path] = {}
        for contender in args.contenders:
            if analysis not in SUPPORTS[contender] or not _reads(contender, data):
                continue
            out = folder / f"{contender}-{analysis}.csv"
            out.unlink(missing_ok=True)
            repeat = 1 if contender in SLOW and data.events >= SLOW_FROM_EVENTS else args.repeat
            print(f"[{_now()}] {data.label} {analysis} {contender} ...", file=sys.stderr)
            taken = measure(command(contender, analysis, data, out, tools, args), repeat,
                            args.timeout, args.slow_seconds, env)
            results.append(_entry(data, analysis, contender, taken))
            print(f"    {_summary(taken)}", file=sys.stderr)
            if taken.status == "ok" and out.exists():
                outputs[contender] = out
        try:
            found += checks.check_all(data.label, analysis, outputs, bool(args.window))
        except (OSError, ValueError, KeyError) as exc:  # a contender wrote a malformed file
            found.append(checks.Check(data.label, analysis, "outputs", "-", False, "-", 0,
                                      f"could not compare: {exc!r}"))
    return results, found


STARTUP_IMPORTS = {"duckdb": "import duckdb", "pm4py": "import pm4py, pandas",
                   "retentioneering": "import retentioneering, pandas"}


def startup(tools: Tools, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The floor under every number: each contender's process doing nothing but start."""
    results = []
    env = {**os.environ, **OFFLINE}
    for contender in args.contenders:
        if contender == "ours":
            line = [str(tools.ours), "--version"]
        else:
            python = tools.reference_python if contender == "duckdb" else tools.bench_python
            line = [str(python), "-c", STARTUP_IMPORTS[contender]]
        taken = measure(line, args.repeat, args.timeout, args.slow_seconds, env)
        results.append({"dataset": "-", "size": "-", "events": 0, "file": "",
                        "analysis": report.STARTUP, "contender": contender,
                        **taken.as_dict()})
    return results


def _reads(contender: str, data: Dataset) -> bool:
    return data.path.suffix == ".parquet" or contender in CSV_CONTENDERS


def _entry(data: Dataset, analysis: str, contender: str, taken: Measurement) -> dict[str, Any]:
    return {"dataset": data.label, "size": data.size, "events": data.events,
            "file": str(data.path), "analysis": analysis, "contender": contender,
            **taken.as_dict()}


def _summary(taken: Measurement) -> str:
    if taken.status != "ok":
        return f"{taken.status}: {taken.runs[-1].message}"
    return f"{taken.wall_seconds:.2f} s, {taken.peak_rss_mib or 0:.0f} MiB (median of " \
           f"{sum(r.status == 'ok' for r in taken.runs)})"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%H:%M:%S")


def machine() -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = names[0] if names else model
    memory = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = int(total.group(1)) / 1024**2 if total else 0.0
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": memory,
            "platform": platform.platform(), "python": platform.python_version()}


VERSIONS = """
import importlib.metadata as m, json, sys
found = {"python": sys.version.split()[0]}
for name in sys.argv[1:]:
    try:
        found[name] = m.version(name)
    except m.PackageNotFoundError:
        pass
print(json.dumps(found))
"""


def versions(tools: Tools) -> dict[str, dict[str, str]]:
    def ask(python: Path, *names: str) -> dict[str, str]:
        if not python.exists():
            return {}
        done = subprocess.run([str(python), "-c", VERSIONS, *names], capture_output=True,
                              text=True, check=False)
        return json.loads(done.stdout) if done.returncode == 0 else {}

    return {
        "ours and the DuckDB reference": ask(tools.reference_python, "journeymap", "duckdb",
                                             "ibis-framework", "pyarrow"),
        "pm4py and retentioneering": ask(tools.bench_python, "pm4py", "retentioneering",
                                         "pandas", "duckdb", "pyarrow"),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1m,5m,20m", help="e.g. 100k,1m,5m,20m")
    parser.add_argument("--contenders", default=",".join(CONTENDERS))
    parser.add_argument("--analyses", default=",".join(ANALYSES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per process")
    parser.add_argument("--slow-seconds", type=float, default=600,
                        help="do not repeat a contender whose run took longer than this")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--steps", default=STEPS, help="funnel steps, comma-separated")
    parser.add_argument("--window", default=None, help="funnel window, e.g. 7d (default none)")
    parser.add_argument("--top", type=int, default=20, help="paths listed")
    parser.add_argument("--no-csv", action="store_true", help="skip the 1m CSV input")
    parser.add_argument("--no-startup", action="store_true",
                        help="skip timing the bare start-up of each contender")
    parser.add_argument("--ours", type=Path, default=None, help="journeymap executable")
    parser.add_argument("--label", default=None,
                        help="what kind of run, e.g. 'smoke run' (default: full or partial)")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    args.contenders = _choices(parser, "--contenders", args.contenders, CONTENDERS)
    args.analyses = _choices(parser, "--analyses", args.analyses, ANALYSES)
    try:
        for size in args.sizes.split(","):
            parse_size(size)
        if args.window:
            window_seconds(args.window)
    except (ValueError, argparse.ArgumentTypeError) as exc:
        parser.error(str(exc))
    if args.label is None:
        full = {"1m", "5m", "20m"} <= {size.strip().lower() for size in args.sizes.split(",")}
        complete = full and args.repeat >= 3 and len(args.contenders) == len(CONTENDERS)
        args.label = "full run" if complete else "partial run"
    return args


def _choices(parser: argparse.ArgumentParser, flag: str, text: str,
             allowed: tuple[str, ...]) -> list[str]:
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in allowed]
    if unknown or not chosen:
        parser.error(f"{flag}: expected some of {', '.join(allowed)}, got {text!r}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tools = find_tools(args.ours)
    started = dt.datetime.now(dt.UTC)
    stamp = started.strftime("%Y-%m-%dT%H%M%SZ")
    doc: dict[str, Any] = {"started": started.isoformat(timespec="seconds"),
                           "label": args.label, "machine": machine(),
                           "versions": versions(tools), "results": [], "checks": [],
                           "problems": [],
                           "params": {k: getattr(args, k) for k in
                                      ("sizes", "repeat", "timeout", "seed", "steps",
                                       "window", "top")}}
    doc["params"]["contenders"], doc["params"]["analyses"] = args.contenders, args.analyses
    if not args.no_startup:
        doc["results"] += startup(tools, args)
    for size in args.sizes.split(","):
        for data in datasets(size.strip(), args, tools, doc["problems"]):
            results, found = run_dataset(data, tools, args, args.results / stamp)
            doc["results"] += results
            doc["checks"] += [c.as_dict() for c in found]
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{stamp}.json").write_text(json.dumps(doc, indent=2) + "\n")
    block = report.markdown(doc)
    print(block)
    if not args.no_docs:
        report.update_docs(args.docs, block)
    for check in doc["checks"]:
        if not check["ok"]:
            print(f"MISMATCH {check['dataset']} {check['analysis']} {check['left']} vs "
                  f"{check['right']}: {check['detail']}", file=sys.stderr)
    return 1 if any(not c["ok"] for c in doc["checks"]) else 0


if __name__ == "__main__":
    sys.exit(main())
