"""Tables as CSV and XLSX: exact text, exact cells read back, numbers stay numbers."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from journeymap.reports.tables import Table, to_csv, to_xlsx

KPIS = Table("kpis", ("group", "metric", "value", "n"), (
    {"group": "all", "metric": "csat", "value": 75.25, "n": 4},
    {"group": "Kasa, \"główna\"", "metric": "nps", "value": None, "n": 0},
))
ACTIONS = Table("actions", ("id", "due", "quotes"), (
    {"id": "a1", "due": date(2026, 4, 30), "quotes": ["szybko", "Бързо"]},
))


def test_csv_is_exact() -> None:
    assert to_csv(KPIS) == ('group,metric,value,n\nall,csat,75.25,4\n'
                            '"Kasa, ""główna""",nps,,0\n')
    assert to_csv(ACTIONS) == "id,due,quotes\na1,2026-04-30,szybko | Бързо\n"
    assert to_csv(Table("empty", ("a", "b"), ())) == "a,b\n"


def test_xlsx_has_one_sheet_per_table_bold_headers_and_typed_cells() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([KPIS, ACTIONS])))
    assert book.sheetnames == ["kpis", "actions"]
    kpis = book["kpis"]
    assert [[c.value for c in row] for row in kpis.iter_rows()] == [
        ["group", "metric", "value", "n"], ["all", "csat", 75.25, 4],
        ['Kasa, "główna"', "nps", None, 0]]
    assert all(cell.font.bold for cell in kpis[1]) and not kpis["A2"].font.bold
    assert isinstance(kpis["C2"].value, float) and isinstance(kpis["D2"].value, int)
    assert kpis.freeze_panes == "A2"
    actions = book["actions"]
    assert actions["B2"].value == datetime(2026, 4, 30)
    assert actions["C2"].value == "szybko | Бързо"


def test_long_table_names_fit_a_sheet_name() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([Table("x" * 40, ("a",), ({"a": 1},))])))
    assert book.sheetnames == ["x" * 31]
