"""Generate the CLI reference (docs/cli.md) from the real command tree.

``python -m journeymap.cli.reference > docs/cli.md`` regenerates it; a test fails when the
file and the commands disagree, so no command or option goes undocumented.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import typer

HEADER = """# CLI reference

Generated from the commands themselves by `python -m journeymap.cli.reference > docs/cli.md`;
`tests/test_cli_reference.py` fails when this file is out of date. Every command takes
`--workspace DIR` (default `$JOURNEYMAP_WORKSPACE`, else the current folder) where it works on
a workspace. Exit codes: 0 success, 1 internal or store error, 2 bad input (a one-line
`error[code]: message` on standard error), 3 edit conflict.
"""


# Typer vendors click privately, so the command tree is read by duck typing.
def _is_group(command: Any) -> bool:
    return isinstance(getattr(command, "commands", None), dict)


def _walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    yield path, command
    if _is_group(command):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], [*path, name])


def _param_row(command: Any, path: list[str], param: Any) -> str:
    """The same text ``--help`` shows for this parameter."""
    record = param.get_help_record(typer.Context(command, info_name=path[-1]))
    if record is None:
        return ""
    name, help_text = record
    return f"| `{name}` | {help_text.strip().replace('|', '/')} |"


def _section(path: list[str], command: Any) -> list[str]:
    title = " ".join(["journeymap", *path])
    lines = [f"{'#' * min(2 + len(path), 4)} `{title}`", ""]
    doc = inspect.cleandoc(command.help or "")
    if doc:
        lines += [doc, ""]
    params = [p for p in command.params if p.name not in ("help",)]
    if params and not _is_group(command):
        lines += ["| argument / option | meaning |", "| --- | --- |"]
        lines += [row for p in params if (row := _param_row(command, path, p))]
        lines.append("")
    return lines


def cli_reference() -> str:
    from journeymap.cli.app import app

    root = typer.main.get_command(app)
    lines = [HEADER]
    for path, command in _walk(root, []):
        if path:
            lines += _section(path, command)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(cli_reference(), end="")
