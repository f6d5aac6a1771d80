"""Files the exports write: the report as HTML and PDF (WeasyPrint), the map as SVG, PDF and
PNG (pdftoppm), the tables as CSV files and one XLSX workbook."""

from __future__ import annotations

import io
import shutil
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from journeymap.errors import InputError
from journeymap.reports.export import map_bytes, outlines_from, report_bytes, tables_files
from journeymap.reports.pdf import pdf_to_png, svg_size
from journeymap.reports.tables import Table
from test_reports_html import full, grid

needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                    reason="poppler-utils (pdftoppm) is not installed")


def fonts(reader: PdfReader) -> set[str]:
    found: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            obj = font.get_object()
            descendants = obj.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else obj
            descriptor = target["/FontDescriptor"].get_object()
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.add(str(obj["/BaseFont"]).split("+")[-1])
    return found


@pytest.mark.parametrize(("code", "title", "word"), [
    ("pl", "Raport ze ścieżki klienta", "Ścieżka"),
    ("bg", "Доклад за пътуването на клиента", "Път"),
])
def test_pdf_report_in_polish_and_bulgarian(code: str, title: str, word: str) -> None:
    reader = PdfReader(io.BytesIO(report_bytes(full(code), "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert title in text and word in text
    assert len(reader.pages) >= 10  # cover, contents and a page per section
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold"} <= fonts(reader)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape


def test_a3_paper() -> None:
    reader = PdfReader(io.BytesIO(report_bytes(full(), "pdf", paper="a3")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)


def test_html_report_is_one_page_with_the_places_map() -> None:
    html = report_bytes(full(), "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<svg xmlns="http://www.w3.org/2000/svg" ' \
        'class="places"' in html


def test_bad_formats_are_refused() -> None:
    with pytest.raises(InputError, match="html or pdf"):
        report_bytes(full(), "docx")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="a4 or a3"):
        report_bytes(full(), "pdf", paper="letter")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="svg, pdf or png"):
        map_bytes(grid(), "gif")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="csv or xlsx"):
        tables_files([], "ods")  # type: ignore[arg-type]


def test_map_svg_and_its_one_page_pdf() -> None:
    svg = map_bytes(grid(3), "svg").decode("utf-8")
    assert ET.fromstring(svg).get("width") == str(svg_size(svg)[0])
    reader = PdfReader(io.BytesIO(map_bytes(grid(3), "pdf")))
    assert len(reader.pages) == 1
    width, height = svg_size(svg)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (
        round(width * 0.75), round(height * 0.75))  # CSS px -> pt
    assert "Stage 3" in reader.pages[0].extract_text()


def png_pixels(png: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct RGB colours of an 8-bit RGB PNG (pdftoppm's output)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 2)
    data, at = b"", 8
    while at < len(png):
        length = struct.unpack(">I", png[at:at + 4])[0]
        if png[at + 4:at + 8] == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 3 * width
    colours: set[bytes] = set()
    for row in range(0, height, 7):  # filtered bytes still differ between blank and drawn
        line = raw[row * stride + 1:(row + 1) * stride]
        colours |= {line[i:i + 3] for i in range(0, len(line), 3 * 5)}
    return width, height, colours


@needs_pdftoppm
def test_map_png_is_the_pdf_page_rendered_and_not_blank() -> None:
    svg = map_bytes(grid(3), "svg").decode("utf-8")
    width, height, colours = png_pixels(map_bytes(grid(3), "png"))
    assert (width, height) == (round(svg_size(svg)[0] * 1.5), round(svg_size(svg)[1] * 1.5))
    assert len(colours) > 10


@needs_pdftoppm
def test_report_page_one_renders_to_a_non_blank_png() -> None:
    _, _, colours = png_pixels(pdf_to_png(report_bytes(full(), "pdf"), dpi=50))
    assert len(colours) > 3


def test_tables_as_files() -> None:
    tables = [Table("kpis", ("a",), ({"a": 1},)), Table("locations", ("b",), ())]
    assert tables_files(tables, "csv") == {"kpis.csv": b"a\n1\n", "locations.csv": b"b\n"}
    assert list(tables_files(tables, "xlsx")) == ["tables.xlsx"]


def test_outlines_only_from_an_existing_file(tmp_path: Path) -> None:
    assert outlines_from(None) == [] and outlines_from(tmp_path / "missing.json") == []
