"""Build the demo workspace: the demo company's map, data files and analytic store."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeymap.errors import WorkspaceError
from journeymap.workbench.folder import is_workspace, read_config

Progress = Callable[[str, float], None]

#: Bumped whenever the demo gains data or changes shape, so an older demo folder is rebuilt.
DEMO_BUILD = 3


@dataclass(frozen=True)
class DemoResult:
    path: Path
    reused: bool
    seconds: float
    size_bytes: int
    info: dict[str, Any]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _is_current_demo(path: Path, seed: int, customers: int) -> bool:
    if not is_workspace(path):
        return False
    demo = read_config(path).demo
    return bool(demo.get("complete")) and demo.get("build") == DEMO_BUILD and (
        demo.get("seed") == seed and demo.get("customers") == customers)


def _clear_old_demo(path: Path) -> None:
    if not path.exists():
        return
    if is_workspace(path) and read_config(path).demo:
        shutil.rmtree(path)
        return
    if path.is_dir() and not any(path.iterdir()):
        path.rmdir()
        return
    raise WorkspaceError(f"{path} exists and is not a demo workspace",
                         hint="pick another folder with --workspace")


def build_demo(path: Path, *, customers: int, seed: int, rebuild: bool = False,
               progress: Progress | None = None) -> DemoResult:
    """Build (or reuse) the demo in ``path``. The folder appears only when complete."""
    started = time.perf_counter()
    if not rebuild and _is_current_demo(path, seed, customers):
        info = read_config(path).demo
        return DemoResult(path, True, time.perf_counter() - started, folder_size(path), info)
    report = progress or (lambda step, fraction: None)
    staging = path.with_name(path.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        info = _build_into(staging, customers=customers, seed=seed, progress=report)
        _clear_old_demo(path)
        staging.replace(path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return DemoResult(path, False, time.perf_counter() - started, folder_size(path), info)


def _build_into(folder: Path, *, customers: int, seed: int, progress: Progress) -> dict[str, Any]:
    from journeymap.demo import demo_document, write_demo_data
    from journeymap.ingest.importer import import_customers, import_events, import_transactions
    from journeymap.ingest.surveys import import_surveys
    from journeymap.workbench.painpoints import detect
    from journeymap.workbench.painpoints import save as save_findings
    from journeymap.workbench.personas import discover_personas
    from journeymap.workbench.session import init_workspace

    progress("workspace", 0.0)
    with init_workspace(folder, document=demo_document()) as bench:
        summary = write_demo_data(
            bench.data_dir, seed=seed, customers=customers,
            progress=lambda step, fraction: progress(step, 0.05 + 0.6 * fraction),
        )
        progress("importing events", 0.7)
        events = import_events(folder, summary.events_path)
        progress("importing customers", 0.85)
        import_customers(folder, summary.customers_path)
        progress("importing transactions", 0.92)
        import_transactions(folder, summary.transactions_path)
        progress("importing survey answers", 0.93)
        import_surveys(folder, summary.survey_answers_path)
        progress("finding personas", 0.95)
        personas = discover_personas(bench, save=True)
        progress("finding pain points", 0.97)
        findings = detect(bench)
        found = save_findings(bench, findings.findings)
        info: dict[str, Any] = {
            "complete": True, "build": DEMO_BUILD, "seed": seed, "customers": summary.customers,
            "events": events.accepted, "transactions": summary.transactions,
            "survey_answers": summary.survey_answers, "locations": summary.locations,
            "first_day": str(summary.first_day), "last_day": str(summary.last_day),
            "personas_found": len(personas.added) + len(personas.kept),
            "pain_points_found": len(found.added) + len(found.refreshed),
        }
        bench.set_demo_info(info)
    progress("done", 1.0)
    return info


def demo_report(result: DemoResult) -> list[str]:
    info = result.info
    verb = "reused" if result.reused else f"built in {result.seconds:.1f} s"
    return [
        f"demo workspace {verb}: {result.path} ({result.size_bytes / 2**20:.1f} MiB)",
        f"  {info['customers']:,} customers, {info['events']:,} events, "
        f"{info['transactions']:,} transactions, {info['survey_answers']:,} survey answers, "
        f"{info['locations']} locations, {info['first_day']} to {info['last_day']}",
        f"  found in the data: {info.get('personas_found', 0)} personas, "
        f"{info.get('pain_points_found', 0)} pain points",
        f"  in the terminal: journeymap map show retail --workspace {result.path}",
        f"  as code:         journeymap export workspace --workspace {result.path}",
    ]
