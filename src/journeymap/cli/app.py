"""The root ``journeymap`` command: mounts the command groups and turns errors into exit codes."""

from __future__ import annotations

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


app = typer.Typer(
    cls=_ErrorsAsExitCodes,
    name="journeymap",
    help="Data-driven customer journey mapping: events, surveys and places in; "
    "a living journey map out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
export_app = typer.Typer(help="Export a workspace or its parts.", no_args_is_help=True)
import_app = typer.Typer(help="Import a workspace document or data into a workspace.",
                         no_args_is_help=True)
map_app = typer.Typer(help="Journey maps: list, show, snapshot, compare, restore, derive.",
                      no_args_is_help=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"journeymap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """journeymap: see `journeymap COMMAND --help` for each command."""


def _mount() -> None:
    from journeymap.cli import (
        actions,
        analyze,
        analyze_lifecycle,
        analyze_painpoints,
        analyze_personas,
        analyze_voice,
        export_report,
        importing,
        locations,
        maps,
        serve,
        users,
        workspace,
    )

    workspace.register(app, export_app, import_app)
    maps.register(map_app)
    actions.register(app)
    serve.register(app)
    users.register(app)
    importing.register(import_app)
    export_report.register(export_app)
    locations.register(import_app, export_app, app)
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")
    app.add_typer(map_app, name="map")
    analyze_lifecycle.register(analyze.app)
    analyze_voice.register(analyze.app)
    analyze_painpoints.register(analyze.app)
    analyze_personas.register(analyze.app)
    app.add_typer(analyze.app, name="analyze")


_mount()


def main() -> None:
    app(prog_name="journeymap")


if __name__ == "__main__":  # pragma: no cover
    main()
