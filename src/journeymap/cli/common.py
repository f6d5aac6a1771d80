"""Options and output helpers shared by every command module."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from journeymap.errors import InputError


class OutputFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    TABLE = "table"


def _workspace_default() -> Path:
    return Path(os.environ.get("JOURNEYMAP_WORKSPACE") or ".")


WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        help="Workspace folder (default: $JOURNEYMAP_WORKSPACE, else the current folder).",
        default_factory=_workspace_default,
        show_default=False,
        file_okay=False,
    ),
]

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="JOURNEYMAP_DATABASE_URL",
        help="Workspace store URL, e.g. postgresql+psycopg://user@host/db "
        "(default: the SQLite file workspace.db in the workspace folder).",
        show_default=False,
    ),
]

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output.",
                 dir_okay=False, show_default=False),
]


def _plain(value: Any, *, nested: bool = False) -> Any:
    if isinstance(value, dict | list | tuple) and not nested:
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def render_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str],
                fmt: OutputFormat) -> str:
    """Rows as CSV (header = the stable column contract), a JSON array, or a text table."""
    nested = fmt is OutputFormat.JSON
    data = [{c: _plain(row.get(c), nested=nested) for c in columns} for row in rows]
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
        return buffer.getvalue()
    if fmt is OutputFormat.JSON:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _text_table(data, columns)


def _text_table(data: list[dict[str, Any]], columns: Sequence[str]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, show_lines=False)
    for row in data:
        table.add_row(*("" if row[c] is None else _cell(row[c]) for c in columns))
    console = Console(file=io.StringIO(), width=max(80, min(220, 24 * len(columns))),
                      force_terminal=False)
    console.print(table)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def emit(text: str, output: Path | None = None) -> None:
    """Write command output to a file (atomically) or to standard output."""
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {output}: {exc.strerror}") from exc
    typer.echo(f"wrote {output}", err=True)


def parse_duration(text: str, option: str) -> float:
    """``30d``, ``12h``, ``45m``, ``90s``, ``2w`` -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
    value, unit = text[:-1], text[-1:].lower()
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if unit not in units or number <= 0:
        raise InputError(
            f"{option}: expected a duration like 30d, 12h, 45m, 90s or 2w; got {text!r}"
        )
    return number * units[unit]
