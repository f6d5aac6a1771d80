"""The Report page and its downloads (the same files as ``journeymap export``)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from builders import report_workspace
from journeymap.web import create_app
from journeymap.workbench import init_workspace

TODAY = date.today().isoformat()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    workspace = report_workspace(tmp_path_factory.mktemp("web-report") / "ws")
    with TestClient(create_app(workspace), headers={"Accept-Language": "en"}) as test_client:
        yield test_client


def test_page_offers_maps_languages_and_formats(client: TestClient) -> None:
    page = client.get("/report")
    assert page.status_code == 200
    html = page.text
    assert html.count('<option value="checkout">Online checkout</option>') == 4
    assert '<option value="checkout-next">Checkout, to be</option>' in html
    for action in ("/report/download", "/report/map", "/report/tables"):
        assert f'action="{action}"' in html
    assert re.search(r'<option value="pl">Polski</option>', html)


def test_page_in_polish(client: TestClient) -> None:
    html = client.get("/report", headers={"Accept-Language": "pl"}).text
    assert "Pobierz raport" in html and '<option value="pl" selected>' in html


def test_download_the_pdf_report_in_polish(client: TestClient) -> None:
    answer = client.get("/report/download", params={"map": "checkout", "language": "pl",
                                                    "format": "pdf"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="report-checkout-pl-{TODAY}.pdf"')
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Raport ze ścieżki klienta" in text and "Punkty bólu" in text


def test_download_the_html_report_with_a_comparison(client: TestClient) -> None:
    answer = client.get("/report/download", params={"format": "html",
                                                    "compare": "checkout-next"})
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert '<section id="compare">' in answer.text and "<script" not in answer.text


def test_comparing_a_map_with_itself_is_refused(client: TestClient) -> None:
    answer = client.get("/report/download", params={"map": "checkout", "compare": "checkout"})
    assert answer.status_code == 422
    assert "choose another map to compare with" in answer.text


def test_download_the_map_and_the_tables(client: TestClient) -> None:
    svg = client.get("/report/map", params={"map": "checkout", "format": "svg"})
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    xlsx = client.get("/report/tables", params={"format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book["opportunities"]["H2"].value == 2400
    archive = zipfile.ZipFile(io.BytesIO(client.get("/report/tables",
                                                    params={"format": "csv"}).content))
    assert "kpis.csv" in archive.namelist()
    assert archive.read("kpis.csv").decode().startswith("group,metric,value,n,ci_low,ci_high\n")


def test_bad_format_and_unknown_map(client: TestClient) -> None:
    assert client.get("/report/map", params={"format": "gif"}).status_code == 422
    assert client.get("/report/download", params={"map": "nope"}).status_code == 404


def test_a_workspace_without_maps_says_there_is_nothing_to_report(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", name="Empty").close()
    with TestClient(create_app(tmp_path / "ws"), headers={"Accept-Language": "en"}) as c:
        html = c.get("/report").text
    assert "nothing to report on" in html and 'action="/report/download"' not in html
