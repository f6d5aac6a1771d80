"""Every table of the report as CSV (one file per table) or one XLSX workbook.

Column names are a contract (docs/reports.md). In XLSX each table is a sheet named after
it, the header row is bold and frozen, numbers stay numbers and dates stay dates; lists
(evidence, quotes, goals) are joined with `` | ``; an empty value is an empty cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: numbers and dates as they are, lists joined."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | date):
        return value
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        values = [cell(row.get(column)) for column in table.columns]
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v
                         for v in values])
    return buffer.getvalue()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """One workbook, one sheet per table (in order), bold frozen header row."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    default = book.active
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append(list(table.columns))
        for header in sheet[1]:
            header.font = bold
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append([cell(row.get(column)) for column in table.columns])
        for index, column in enumerate(table.columns, start=1):
            widest = max([len(column), *(len(str(row.get(column) or ""))
                                         for row in table.rows[:200])])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
                60, widest + 2)
    if default is not None:
        book.remove(default)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
