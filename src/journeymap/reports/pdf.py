"""PDF with WeasyPrint, and PNG by rendering a PDF page with poppler's ``pdftoppm``.

WeasyPrint (since version 53) no longer writes PNG; ``pdftoppm`` (poppler-utils, installed
with the system dependencies of ``make test``) turns the map's one-page PDF into a PNG,
so the PNG looks exactly like the PDF (same fonts, same SVG renderer). See ADR 0013.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
from pathlib import Path

from journeymap.errors import JourneymapError

#: pdftoppm resolution for the map PNG: 144 dpi = 1.5 image pixels per CSS pixel.
PNG_DPI = 144


class ExportError(JourneymapError):
    """A tool an export needs is missing or failed."""

    code = "export_failed"
    exit_code = 1


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML document (its CSS sets paper, fonts and page numbers)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def svg_size(svg: str) -> tuple[int, int]:
    """The ``width`` and ``height`` (CSS pixels) of an SVG this package drew."""
    head = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    values = dict(part.split("=", 1) for part in head.split() if "=" in part)
    return int(float(values["width"].strip('"'))), int(float(values["height"].strip('"')))


def svg_to_pdf(svg: str) -> bytes:
    """One page exactly the size of the SVG (vector: zoom in without losing detail)."""
    width, height = svg_size(svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>@page {{ size: "
            f"{width}px {height}px; margin: 0; }} body {{ margin: 0; }} img {{ display: block; "
            f"width: {width}px; height: {height}px; }}</style></head><body>"
            f"<img src='data:image/svg+xml;base64,{data}'></body></html>")
    return html_to_pdf(html)


def pdf_to_png(pdf: bytes, *, dpi: int = PNG_DPI, page: int = 1) -> bytes:
    """Page ``page`` of ``pdf`` as a PNG, rendered by ``pdftoppm``."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ExportError("PNG export needs pdftoppm, which is not installed",
                          hint="install poppler-utils (apt-get install poppler-utils), or "
                          "export --format svg or pdf")
    with tempfile.TemporaryDirectory(prefix="journeymap-png-") as folder:
        source = Path(folder) / "map.pdf"
        source.write_bytes(pdf)
        done = subprocess.run(
            [tool, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
             str(source), str(Path(folder) / "map")],
            capture_output=True, text=True, timeout=300, check=False)
        target = Path(folder) / "map.png"
        if done.returncode != 0 or not target.is_file():
            raise ExportError(f"pdftoppm failed: {done.stderr.strip()[:300]}")
        return target.read_bytes()
