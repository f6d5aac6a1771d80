"""One call per export: the report as HTML or PDF, the map as SVG, PDF or PNG, the tables
as CSV files or one XLSX workbook. Entry points (CLI, web) gather the data through the
workbench and call these; the returned bytes are the file's content."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from journeymap.errors import InputError
from journeymap.reports.data import MapGrid, ReportData
from journeymap.reports.html import report_html
from journeymap.reports.labels import Labels
from journeymap.reports.mapsvg import map_svg
from journeymap.reports.placesvg import Ring, load_outlines, places_svg
from journeymap.reports.tables import Table, to_csv, to_xlsx

ReportFormat = Literal["html", "pdf"]
MapFormat = Literal["svg", "pdf", "png"]
TableFormat = Literal["csv", "xlsx"]
Paper = Literal["a4", "a3"]


def outlines_from(path: Path | None) -> list[Ring]:
    """Country outlines from a TopoJSON file; none when there is no such file."""
    if path is None or not path.is_file():
        return []
    return load_outlines(path)


def report_bytes(data: ReportData, fmt: ReportFormat = "html", *, paper: Paper = "a4",
                 outlines: Sequence[Ring] = ()) -> bytes:
    """The final report as an HTML page or a PDF (WeasyPrint)."""
    if fmt not in ("html", "pdf"):
        raise InputError(f"the report format must be html or pdf; got {fmt!r}")
    if paper not in ("a4", "a3"):
        raise InputError(f"the paper must be a4 or a3; got {paper!r}")
    t = Labels(data.language)
    svg = places_svg(data.places, outlines, empty_text=t("No locations yet."))
    html = report_html(data, places_svg=svg, paper=paper)
    if fmt == "html":
        return html.encode("utf-8")
    from journeymap.reports.pdf import html_to_pdf

    return html_to_pdf(html)


def map_bytes(grid: MapGrid, fmt: MapFormat = "svg") -> bytes:
    """The journey map alone: SVG, a one-page PDF of it, or a PNG of that page."""
    if fmt not in ("svg", "pdf", "png"):
        raise InputError(f"the map format must be svg, pdf or png; got {fmt!r}")
    svg = map_svg(grid, title=grid.name)
    if fmt == "svg":
        return svg.encode("utf-8")
    from journeymap.reports.pdf import pdf_to_png, svg_to_pdf

    pdf = svg_to_pdf(svg)
    return pdf if fmt == "pdf" else pdf_to_png(pdf)


def tables_files(tables: Sequence[Table], fmt: TableFormat) -> dict[str, bytes]:
    """File name -> content: ``<table>.csv`` per table, or ``tables.xlsx``."""
    if fmt == "csv":
        return {f"{table.name}.csv": to_csv(table).encode("utf-8") for table in tables}
    if fmt == "xlsx":
        return {"tables.xlsx": to_xlsx(tables)}
    raise InputError(f"the table format must be csv or xlsx; got {fmt!r}")
