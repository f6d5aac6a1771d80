"""``journeymap export report|map|tables``: the final report, the map alone, every table.

Files are written whole or not at all (a ``.part`` file renamed at the end). Heavy modules
(WeasyPrint, openpyxl, the analyses) are imported inside the commands.
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from journeymap.cli.common import DatabaseOption, WorkspaceOption
from journeymap.errors import InputError

#: The web app's offline basemap (world-atlas country outlines), drawn under the locations.
BASEMAP = (Path(__file__).resolve().parent.parent / "web" / "static" / "vendor"
           / "world-atlas-2.0.2" / "countries-110m.json")


F = TypeVar("F", bound=StrEnum)


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"


class MapFormat(StrEnum):
    SVG = "svg"
    PDF = "pdf"
    PNG = "png"


class TableFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class Language(StrEnum):
    EN = "en"
    PL = "pl"
    BG = "bg"


class Paper(StrEnum):
    A4 = "a4"
    A3 = "a3"


MapOption = Annotated[str | None, typer.Option(
    "--map", "-m", help="Map id (default: the workspace's first map).", show_default=False)]
LanguageOption = Annotated[Language, typer.Option(
    "--language", "-l", help="Language of the headings and labels.", case_sensitive=False)]
FileOutput = Annotated[Path, typer.Option(
    "--output", "-o", help="File to write.", dir_okay=False, show_default=False)]


def chosen_format(given: F | None, output: Path, choices: type[F], default: F) -> F:
    """The format asked for, else the one the output file's suffix names, else ``default``."""
    if given is not None:
        return given
    suffix = output.suffix.lower().lstrip(".")
    return next((choice for choice in choices if choice.value == suffix), default)


def write_file(path: Path, content: bytes, started: float) -> None:
    """Write ``content`` to ``path`` atomically and say how big it is and how long it took."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(content)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    typer.echo(f"wrote {path} ({len(content):,} bytes, {time.perf_counter() - started:.1f} s)",
               err=True)


def export_report(
    output: FileOutput,
    workspace: WorkspaceOption,
    fmt: Annotated[ReportFormat | None, typer.Option(
        "--format", "-f", help="html (one self-contained page) or pdf (WeasyPrint); default: "
        "from the output's suffix, else html.", case_sensitive=False,
        show_default=False)] = None,
    language: LanguageOption = Language.EN,
    map_id: MapOption = None,
    compare: Annotated[tuple[str, str] | None, typer.Option(
        "--compare", metavar="MAP_A MAP_B", help="Report on MAP_A (as-is) with its "
        "comparison to MAP_B (to-be); replaces --map.", show_default=False)] = None,
    paper: Annotated[Paper, typer.Option(help="Paper of the PDF, landscape.",
                                         case_sensitive=False)] = Paper.A4,
    database: DatabaseOption = None,
) -> None:
    """The final report: cover, KPIs, personas, the map, flows, voice of the customer, pain
    points, opportunities, action plan and locations (and a comparison with --compare)."""
    from journeymap.reports.export import outlines_from, report_bytes
    from journeymap.workbench import Workbench
    from journeymap.workbench.report import report_data

    started = time.perf_counter()
    if compare is not None and map_id is not None:
        raise InputError("give either --map or --compare MAP_A MAP_B, not both")
    first, second = compare if compare is not None else (map_id, None)
    with Workbench.open(workspace, database_url=database) as bench:
        data = report_data(bench, first, language.value, compare_with=second)
    chosen = chosen_format(fmt, output, ReportFormat, ReportFormat.HTML)
    content = report_bytes(data, chosen.value, paper=paper.value,
                           outlines=outlines_from(BASEMAP))
    write_file(output, content, started)


def export_map(
    output: FileOutput,
    workspace: WorkspaceOption,
    fmt: Annotated[MapFormat | None, typer.Option(
        "--format", "-f", help="svg (drawn by journeymap), pdf (one page the size of the map) "
        "or png (that page rendered by pdftoppm); default: from the output's suffix, else svg.",
        case_sensitive=False, show_default=False)] = None,
    map_id: MapOption = None,
    language: LanguageOption = Language.EN,
    database: DatabaseOption = None,
) -> None:
    """The journey map alone: stages x lanes, cards, emotion curves."""
    from journeymap.reports.export import map_bytes
    from journeymap.workbench import Workbench
    from journeymap.workbench.report import map_grid

    started = time.perf_counter()
    with Workbench.open(workspace, database_url=database) as bench:
        grid = map_grid(bench.document(), bench.journey_map(map_id), language.value)
    chosen = chosen_format(fmt, output, MapFormat, MapFormat.SVG)
    write_file(output, map_bytes(grid, chosen.value), started)


def export_tables(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="xlsx: the workbook file; csv: a folder (created if missing) "
        "for one <table>.csv per table, or a file with exactly one --table.",
        show_default=False)],
    workspace: WorkspaceOption,
    fmt: Annotated[TableFormat | None, typer.Option(
        "--format", "-f", help="csv or xlsx (one sheet per table); default: from the output's "
        "suffix, else xlsx for a file and csv for a folder.", case_sensitive=False,
        show_default=False)] = None,
    table: Annotated[list[str] | None, typer.Option(
        "--table", "-t", metavar="NAME", help="Only this table (repeatable): kpis, pain_points, "
        "opportunities, actions, personas, locations, transitions.", show_default=False)]
    = None,
    top: Annotated[int, typer.Option(help="Transitions: the N most frequent.")] = 50,
    map_id: MapOption = None,
    database: DatabaseOption = None,
) -> None:
    """Every table of the report as CSV or XLSX. Columns: see docs/reports.md."""
    from journeymap.reports.export import tables_files
    from journeymap.workbench import Workbench
    from journeymap.workbench.report_tables import TABLES, report_tables

    started = time.perf_counter()
    names = tuple(table or TABLES)
    with Workbench.open(workspace, database_url=database) as bench:
        tables = report_tables(bench, map_id, names=names, top=top)
    fmt = chosen_format(fmt, output, TableFormat,
                        TableFormat.CSV if output.is_dir() or not output.suffix
                        else TableFormat.XLSX)
    files = tables_files(tables, fmt.value)
    if fmt is TableFormat.XLSX or (len(files) == 1 and not output.is_dir()
                                   and output.suffix.lower() == ".csv"):
        write_file(output, next(iter(files.values())), started)
        return
    if output.exists() and not output.is_dir():
        raise InputError(f"{output} is a file; CSV export of several tables needs a folder",
                         hint="give a folder with -o, or one --table with -o FILE.csv")
    output.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        write_file(output / name, content, started)


def register(export_app: typer.Typer) -> None:
    export_app.command("report")(export_report)
    export_app.command("map")(export_map)
    export_app.command("tables")(export_tables)
