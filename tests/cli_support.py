"""Running the CLI in-process for the CLI tests: exit code, stdout and stderr."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from journeymap.cli.app import _ErrorsAsExitCodes, app

runner = CliRunner()


def invoke(target: typer.Typer, *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(target, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def run(*args: str | Path) -> tuple[int, str, str]:
    """``journeymap *args``."""
    return invoke(app, *args)


def analyze_app(register: Callable[[typer.Typer], None]) -> typer.Typer:
    """``journeymap analyze`` as the lead mounts it: a group with the commands of ``register``."""
    root = typer.Typer(cls=_ErrorsAsExitCodes, rich_markup_mode=None,
                       pretty_exceptions_enable=False)
    analyze = typer.Typer(no_args_is_help=True)
    register(analyze)
    root.add_typer(analyze, name="analyze")

    @root.callback()
    def _root() -> None:
        """Test root."""

    return root


def map_workspace(folder: Path) -> Path:
    """A new workspace at ``folder`` holding only the map of ``map_support``."""
    from journeymap.workbench import Workbench
    from map_support import small_map

    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    with Workbench.open(folder) as bench:
        bench.replace_document(bench.document().model_copy(update={"maps": [small_map()]}))
    return folder


def events_csv(path: Path, rows: Sequence[tuple[Any, ...]]) -> Path:
    """``(customer, "YYYY-MM-DD HH:MM[:SS]", event, channel)`` rows as an events CSV (UTC)."""
    lines = ["customer_id,timestamp,event,channel"]
    lines += [f"{c},{t.replace(' ', 'T')}Z,{e},{ch or ''}" for c, t, e, ch in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def per_engine(*args: str | Path) -> dict[str, str]:
    """``journeymap *args --engine E`` for DuckDB and for Spark: each one's stdout."""
    outputs = {}
    for engine in ("duckdb", "spark"):
        code, out, err = run(*args, "--engine", engine)
        assert code == 0, err
        outputs[engine] = out
    return outputs
