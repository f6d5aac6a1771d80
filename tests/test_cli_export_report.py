"""``journeymap export report|map|tables`` on a hand-built workspace with data imported."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from builders import report_workspace
from cli_support import run


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_workspace(tmp_path_factory.mktemp("export") / "ws")


def test_html_report_of_the_first_map(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out, err = run("export", "report", "-w", workspace, "-o", target)
    assert (code, out) == (0, "")
    assert err.startswith(f"wrote {target} (") and err.endswith(" s)\n")
    html = target.read_text(encoding="utf-8")
    assert "<h1>Customer journey report</h1>" in html and "Online checkout" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert not list(tmp_path.glob("*.part"))


def test_pdf_report_in_bulgarian_comparing_two_maps(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    code, _, err = run("export", "report", "-w", workspace, "-f", "pdf", "-l", "bg",
                       "--compare", "checkout", "checkout-next", "--paper", "a3", "-o", target)
    assert code == 0, err
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Доклад за пътуването на клиента" in text
    assert "Сравнение на версиите на картата" in text and "Checkout, to be" in text
    assert round(float(reader.pages[0].mediabox.width)) == 1191  # A3 landscape


def test_map_alone_as_svg(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    assert run("export", "map", "-w", workspace, "-m", "checkout-next", "-o", target)[0] == 0
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    names = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Checkout, to be", "Awareness", "Purchase", "Service"} <= names


def test_tables_as_one_workbook(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "tables.xlsx"
    assert run("export", "tables", "-w", workspace, "-o", target)[0] == 0
    book = load_workbook(target)
    assert book.sheetnames == ["kpis", "pain_points", "opportunities", "actions", "personas",
                               "locations", "transitions"]
    rows = [[c.value for c in row] for row in book["kpis"].iter_rows()]
    assert rows == [
        ["group", "metric", "value", "n", "ci_low", "ci_high"],
        ["all", "csat", 75, 4, 30.064184, 95.441274],
        ["all", "nps", 100, 1, 18.744186, 100],
        ["all", "churn_rate", 25, 4, 4.558726, 69.935816],
        ["all", "conversion", 33.333333, 3, 6.149194, 79.23404],
        ["tp-checkout", "csat", 75, 4, 30.064184, 95.441274]]
    transitions = [[c.value for c in row] for row in book["transitions"].iter_rows()]
    assert transitions[:3] == [
        ["from_touchpoint", "to_touchpoint", "transitions", "customers", "median_seconds"],
        ["tp-ad", "tp-checkout", 2, 2, 1050], ["tp-checkout", "tp-store", 1, 1, 82500]]


def test_tables_as_csv_files_or_one_file(workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    assert run("export", "tables", "-w", workspace, "-f", "csv", "-o", folder)[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "actions.csv", "kpis.csv", "locations.csv", "opportunities.csv", "pain_points.csv",
        "personas.csv", "transitions.csv"]
    assert (folder / "opportunities.csv").read_text(encoding="utf-8") == (
        "id,title,pain_points,reach,value,confidence,effort,rice\n"
        "op-save,Keep form state,Form resets,1200,5,0.8,2,2400.0\n")
    one = tmp_path / "places.csv"
    assert run("export", "tables", "-w", workspace, "-f", "csv", "-t", "locations", "-o",
               one)[0] == 0
    assert one.read_text(encoding="utf-8").splitlines()[1:] == [
        "sofia-1,Sofia Mall,,,Sofia,BG,,,42.6977,23.3219", "krk,Kraków,,,Kraków,,,,,"]


@pytest.mark.parametrize(("args", "message"), [
    (("report", "--map", "checkout", "--compare", "checkout", "checkout-next"),
     "error[input_error]: give either --map or --compare MAP_A MAP_B, not both"),
    (("report", "--map", "nope"), "error[not_found]: map 'nope' not found"),
    (("tables", "-t", "everything"), "error[input_error]: unknown table(s): everything"),
    (("tables", "--top", "0"), "error[input_error]: --top must be 1 or more; got 0"),
])
def test_bad_input_exits_2_with_one_line(workspace: Path, tmp_path: Path,
                                         args: tuple[str, ...], message: str) -> None:
    code, _, err = run("export", *args, "-w", workspace, "-o", tmp_path / "out.html")
    assert code == 2
    assert err.startswith(message) and err.count("\n") == 1


def test_several_csv_tables_need_a_folder(workspace: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken.csv"
    taken.write_text("x", encoding="utf-8")
    code, _, err = run("export", "tables", "-w", workspace, "-f", "csv", "-o", taken)
    assert code == 2 and "needs a folder" in err


def test_the_format_follows_the_output_suffix(workspace: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    assert run("export", "report", "-w", workspace, "-o", report)[0] == 0
    assert report.read_bytes().startswith(b"%PDF-")
    assert run("export", "map", "-w", workspace, "-o", tmp_path / "map.pdf")[0] == 0
    assert (tmp_path / "map.pdf").read_bytes().startswith(b"%PDF-")
    assert run("export", "tables", "-w", workspace, "-t", "kpis", "-o", tmp_path / "out")[0] == 0
    assert (tmp_path / "out" / "kpis.csv").read_text(encoding="utf-8").startswith("group,")
    forced = tmp_path / "report.pdf.txt"
    assert run("export", "report", "-w", workspace, "-f", "html", "-o", forced)[0] == 0
    assert forced.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
