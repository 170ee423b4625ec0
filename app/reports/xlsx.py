"""The report's tables as an XLSX workbook: one sheet per table, typed cells.

Numbers stay numbers and dates stay dates (with the number format of the report's
language, :func:`app.formatting.excel_date_format`),
so the workbook can be sorted and summed. Text from the data never becomes a
formula: a text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) is stored as text with Excel's quote prefix, so a title such as
``=HYPERLINK(...)`` shows as itself and is never evaluated (CSV/formula injection).
An internal workbook carries a banner row on every sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.formatting import excel_date_format
from app.i18n import Lang, t
from app.reports.document import Cell, Column, Quantity, ReportDocument, Table
from graph.counting import DECIMALS, Unit

__all__ = ["FORMULA_STARTS", "render_xlsx", "safe_text", "unit_format"]

#: First characters that make a spreadsheet treat text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOLD = Font(bold=True)
_BANNER_FONT = Font(bold=True, color="FFFFFF")
_BANNER_FILL = PatternFill("solid", fgColor="B3261E")
_HEAD_FILL = PatternFill("solid", fgColor="E9EDF2")
_FORMATS = {
    "int": "#,##0",
    "year": "0",
    "number": "#,##0.###",
    "percent": '+#,##0.0"%";-#,##0.0"%";0"%"',
}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(cell: XlCell, text: str) -> None:
    """Put ``text`` in ``cell`` as text, never as a formula.

    Examples
    --------
    >>> ws = Workbook().active
    >>> safe_text(ws["A1"], "=1+1")
    >>> ws["A1"].value, ws["A1"].data_type, ws["A1"].quotePrefix
    ('=1+1', 's', True)
    """
    cell.value = _ILLEGAL.sub("", text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _put(cell: XlCell, value: Cell, column: Column, lang: Lang) -> None:
    if value is None:
        return
    if isinstance(value, str):
        safe_text(cell, value)
        if column.kind == "url":
            cell.hyperlink = value  # an http(s) address: the model refuses any other
        return
    if isinstance(value, Quantity):
        cell.value = value.value
        cell.number_format = unit_format(value.unit)
        return
    cell.value = value
    fmt = _FORMATS.get(column.kind)
    if isinstance(value, dt.date):
        cell.number_format = excel_date_format(lang)
    elif column.unit is not None and column.kind != "percent":
        cell.number_format = unit_format(column.unit)
    elif isinstance(fmt, str):
        cell.number_format = fmt


def unit_format(unit: Unit) -> str:
    """The number format of a figure of ``unit``: the decimals it shows everywhere.

    The cell keeps the full number; the spreadsheet rounds it for display, half away
    from zero, as :func:`graph.counting.rounded` does.

    Examples
    --------
    >>> unit_format(Unit.SHARE), unit_format(Unit.COUNT)
    ('#,##0.00', '#,##0')
    """
    decimals = DECIMALS[unit]
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Tabel"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" {n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _write_table(ws: Worksheet, table: Table, doc: ReportDocument) -> None:
    row = 1
    safe_text(ws.cell(row, 1), table.title)
    ws.cell(row, 1).font = Font(bold=True, size=12)
    row += 1
    if doc.internal:
        banner = ws.cell(row, 1)
        safe_text(banner, t("document.internal_banner", doc.lang))
        for col in range(1, max(len(table.columns), 1) + 1):
            ws.cell(row, col).fill = _BANNER_FILL
        banner.font = _BANNER_FONT
        row += 1
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(row, col)
        safe_text(cell, column.label)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row + 1, 1)
    for values in table.rows:
        row += 1
        for col, (value, column) in enumerate(zip(values, table.columns), start=1):
            _put(ws.cell(row, col), value, column, doc.lang)
    for col, column in enumerate(table.columns, start=1):
        longest = max(
            [len(column.label)] + [len(_width_text(r[col - 1])) for r in table.rows if r[col - 1] is not None]
        )
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(10, longest + 2))


def _width_text(value: Cell) -> str:
    return str(value.value if isinstance(value, Quantity) else value)


def _write_cover(ws: Worksheet, doc: ReportDocument) -> None:
    lines = [doc.title, f"{t('document.period', doc.lang)}: {doc.period_label}"]
    if doc.compare_label:
        lines.append(f"{t('document.compared_with', doc.lang)} {doc.compare_label}")
    lines += [notice.text for notice in doc.notices]
    row = 1
    if doc.internal:
        safe_text(ws.cell(row, 1), t("document.internal_banner", doc.lang))
        ws.cell(row, 1).font = _BANNER_FONT
        ws.cell(row, 1).fill = _BANNER_FILL
        row += 1
    for i, line in enumerate(lines):
        safe_text(ws.cell(row, 1), line)
        if i == 0:
            ws.cell(row, 1).font = Font(bold=True, size=14)
        row += 1
    ws.column_dimensions["A"].width = 110


def render_xlsx(doc: ReportDocument) -> bytes:
    """Every table of ``doc`` in its own sheet, after a cover sheet; the file's bytes."""
    wb = Workbook()
    cover = wb.active
    assert cover is not None  # a new workbook always has one sheet
    used: set[str] = set()
    cover.title = _sheet_name(t("document.report", doc.lang), used)
    _write_cover(cover, doc)
    for section in doc.sections:
        for table in section.tables:
            _write_table(wb.create_sheet(_sheet_name(table.sheet, used)), table, doc)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
