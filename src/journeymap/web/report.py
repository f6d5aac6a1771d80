"""The Report page: choose map, language, format and paper, and download the final report,
the map alone (SVG, PDF, PNG) or the tables (XLSX, CSV in a zip).

Every file comes from the same calls as ``journeymap export report|map|tables``
(:mod:`journeymap.workbench.report`, :mod:`journeymap.reports.export`); the page only
collects the choices. Building a report takes seconds (the analyses, WeasyPrint), so the
handlers are plain functions that FastAPI runs in its thread pool.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from journeymap.errors import InputError
from journeymap.web import i18n
from journeymap.web.api_common import Bench
from journeymap.web.templating import render

router = APIRouter(include_in_schema=False)

#: The offline basemap of the places page, drawn under the report's locations.
BASEMAP = Path(__file__).parent / "static" / "vendor" / "world-atlas-2.0.2" / "countries-110m.json"
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "svg": "image/svg+xml", "png": "image/png", "zip": "application/zip",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MapId = Annotated[str, Query(alias="map", max_length=80)]
Language = Literal["en", "pl", "bg"]


def _download(content: bytes, name: str, extension: str) -> Response:
    filename = f"{name}.{extension}"
    return Response(content, media_type=MEDIA[extension],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _file_name(kind: str, map_id: str, language: str = "") -> str:
    """``report-retail-pl-2026-12-05``: ids are [A-Za-z0-9_.-] so the name is header-safe."""
    parts = [kind, map_id, language, date.today().isoformat()]
    return "-".join(part for part in parts if part)


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, bench: Bench) -> HTMLResponse:
    document = bench.document()
    return render(request, request.app.state.templates, "report.html", document=document,
                  language=i18n.current_locale())


@router.get("/report/download")
def download_report(
    bench: Bench, map_id: MapId = "", language: Language = "en",
    fmt: Annotated[Literal["html", "pdf"], Query(alias="format")] = "pdf",
    paper: Literal["a4", "a3"] = "a4",
    compare: Annotated[str, Query(max_length=80)] = "",
) -> Response:
    """The final report of a map (with the comparison to ``compare`` when given)."""
    from journeymap.reports.export import outlines_from, report_bytes
    from journeymap.workbench.report import report_data

    jmap = bench.journey_map(map_id or None)
    if compare == jmap.id:
        raise InputError("choose another map to compare with",
                         hint="the comparison is between two different maps")
    data = report_data(bench, jmap.id, language, compare_with=compare or None)
    content = report_bytes(data, fmt, paper=paper, outlines=outlines_from(BASEMAP))
    return _download(content, _file_name("report", jmap.id, language), fmt)


@router.get("/report/map")
def download_map(
    bench: Bench, map_id: MapId = "", language: Language = "en",
    fmt: Annotated[Literal["svg", "pdf", "png"], Query(alias="format")] = "svg",
) -> Response:
    """The journey map alone."""
    from journeymap.reports.export import map_bytes
    from journeymap.workbench.report import map_grid

    jmap = bench.journey_map(map_id or None)
    content = map_bytes(map_grid(bench.document(), jmap, language), fmt)
    return _download(content, _file_name("map", jmap.id), fmt)


@router.get("/report/tables")
def download_tables(
    bench: Bench, map_id: MapId = "",
    fmt: Annotated[Literal["xlsx", "csv"], Query(alias="format")] = "xlsx",
) -> Response:
    """Every table: one XLSX workbook, or the CSV files in a zip."""
    from journeymap.reports.export import tables_files
    from journeymap.workbench.report_tables import report_tables

    jmap = bench.journey_map(map_id or None)
    files = tables_files(report_tables(bench, jmap.id), fmt)
    name = _file_name("tables", jmap.id)
    if fmt == "xlsx":
        return _download(files["tables.xlsx"], name, "xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, content in files.items():
            archive.writestr(filename, content)
    return _download(buffer.getvalue(), name, "zip")
