"""The root ``journeymap`` command: mounts the command groups and turns errors into exit codes."""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any

import typer
from typer.core import TyperGroup

from journeymap import __version__
from journeymap.errors import JourneymapError


def report_error(exc: JourneymapError) -> None:
    """One line on standard error: ``error[code]: message (hint)``; never a traceback."""
    typer.echo(f"error[{exc.code}]: {exc}", err=True)


class _ErrorsAsExitCodes(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except JourneymapError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"journeymap {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """journeymap: see `journeymap COMMAND --help` for each command."""


def _root_app() -> typer.Typer:
    root = typer.Typer(
        cls=_ErrorsAsExitCodes,
        name="journeymap",
        help="Data-driven customer journey mapping: events, surveys and places in; "
        "a living journey map out.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        rich_markup_mode=None,
    )
    root.callback()(_root)
    return root


@cache
def _analyze_app() -> typer.Typer:
    """The ``analyze`` group with every analysis (registered once per process)."""
    from journeymap.cli import (
        analyze,
        analyze_lifecycle,
        analyze_painpoints,
        analyze_personas,
        analyze_voice,
    )

    analyze_lifecycle.register(analyze.app)
    analyze_voice.register(analyze.app)
    analyze_painpoints.register(analyze.app)
    analyze_personas.register(analyze.app)
    return analyze.app


@cache
def _full_app() -> typer.Typer:
    from journeymap.cli import (
        actions,
        export_report,
        importing,
        locations,
        maps,
        serve,
        users,
        workspace,
    )

    root = _root_app()
    export_app = typer.Typer(help="Export a workspace or its parts.", no_args_is_help=True)
    import_app = typer.Typer(help="Import a workspace document or data into a workspace.",
                             no_args_is_help=True)
    map_app = typer.Typer(help="Journey maps: list, show, snapshot, compare, restore, derive.",
                          no_args_is_help=True)
    workspace.register(root, export_app, import_app)
    maps.register(map_app)
    actions.register(root)
    serve.register(root)
    users.register(root)
    importing.register(import_app)
    export_report.register(export_app)
    locations.register(import_app, export_app, root)
    root.add_typer(export_app, name="export")
    root.add_typer(import_app, name="import")
    root.add_typer(map_app, name="map")
    root.add_typer(_analyze_app(), name="analyze")
    return root


@cache
def _analyze_only_app() -> typer.Typer:
    """``journeymap`` with the ``analyze`` group alone: what ``journeymap analyze ...``
    needs, without importing and building the other forty commands (start-up counts)."""
    root = _root_app()
    root.add_typer(_analyze_app(), name="analyze")
    return root


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # the whole command tree, built on first use
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _for(args: list[str]) -> typer.Typer:
    """The command tree that can run ``args``; shell completion always gets the whole one."""
    if args[:1] == ["analyze"] and "_JOURNEYMAP_COMPLETE" not in os.environ:
        return _analyze_only_app()
    return _full_app()


def main() -> None:
    _for(sys.argv[1:])(prog_name="journeymap")


if __name__ == "__main__":  # pragma: no cover
    main()
