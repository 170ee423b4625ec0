"""Tables: one value that the page shows, the CSV and the Excel download share.

A :class:`Table` holds raw cell values (numbers stay numbers, dates stay dates).
:func:`render_table` formats them for reading in the chosen language;
:func:`to_csv_bytes` and :func:`to_xlsx_bytes` write them for re-use. Because all
three start from the same value, built on the server from the public view, a
download can never hold more than the page shows.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula ("CSV injection"); text cells starting so are prefixed with ``'`` in both
downloads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dash import html
from openpyxl import Workbook
from openpyxl.styles import Font

from app.formatting import format_date, format_number
from app.i18n import Lang, t

__all__ = ["Cell", "Table", "first_rows", "neutralise", "render_table", "to_csv_bytes", "to_xlsx_bytes"]

Cell = str | int | float | dt.date | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# NL Design System table classes (@utrecht/component-library-css); the look comes from the theme's tokens.
_ROW = "utrecht-table__row"
_HEADER_CELL = "utrecht-table__header-cell"
_CELL = "utrecht-table__cell"


@dataclass(frozen=True)
class Table:
    """Rows of cells under a header, with a caption (the table's accessible name).

    ``decimals`` maps a column index to the decimals its floats show (default 2).
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    decimals: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"row {row!r} has {len(row)} cells, expected {len(self.columns)}")


def neutralise(text: str) -> str:
    """``text`` made safe to open in a spreadsheet program.

    Examples
    --------
    >>> neutralise("=HYPERLINK(1)"), neutralise("-5 dagen"), neutralise("Oss")
    ("'=HYPERLINK(1)", "'-5 dagen", 'Oss')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def _display(cell: Cell, lang: Lang, decimals: int | None) -> str:
    if cell is None:
        return "–"
    if isinstance(cell, bool):
        return t("common.yes" if cell else "common.no", lang)
    if isinstance(cell, int):
        return format_number(cell, lang)
    if isinstance(cell, float):
        return format_number(cell, lang, decimals=2 if decimals is None else decimals)
    if isinstance(cell, dt.date):
        return format_date(cell, lang)
    return cell


def first_rows(table: Table, limit: int, lang: Lang) -> Table:
    """The table's first ``limit`` rows for the screen, the caption saying so (downloads hold all).

    A national network has thousands of practices; a page of thousands of rows helps no one
    and takes seconds to send.
    """
    if len(table.rows) <= limit:
        return table
    note = t("table.first_rows", lang, shown=limit, total=len(table.rows))
    return replace(table, caption=table.caption + note, rows=table.rows[:limit])


def render_table(table: Table, lang: Lang, *, table_id: str | None = None) -> html.Table:
    """An accessible HTML table: caption, column headers with ``scope``, first cell as row header."""
    header = html.Thead(
        html.Tr([html.Th(c, scope="col", className=_HEADER_CELL) for c in table.columns], className=_ROW),
        className="utrecht-table__header",
    )
    body_rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            text = _display(cell, lang, table.decimals.get(i))
            numeric = isinstance(cell, int | float) and not isinstance(cell, bool)
            numeric_cls = " num utrecht-table__cell--numeric-data" if numeric else ""
            if i == 0:
                cells.append(html.Th(text, scope="row", className=_HEADER_CELL + numeric_cls))
            else:
                cells.append(html.Td(text, className=_CELL + numeric_cls))
        body_rows.append(html.Tr(cells, className=_ROW))
    props = {"id": table_id} if table_id else {}
    return html.Table(
        [html.Caption(table.caption, className="utrecht-table__caption"), header,
         html.Tbody(body_rows, className="utrecht-table__body")],
        className="data-table utrecht-table utrecht-table--html-table",
        **props,
    )


def _export_cell(cell: Cell) -> str | int | float | dt.date | None:
    return neutralise(cell) if isinstance(cell, str) else cell


def to_csv_bytes(table: Table) -> bytes:
    """The table as UTF-8 CSV with a BOM (so Excel reads accents right), ISO dates."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.rows:
        writer.writerow(
            "" if c is None else c.isoformat() if isinstance(c, dt.date) else _export_cell(c)
            for c in row
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """The tables as one workbook, a sheet per table, named after the caption."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for number, table in enumerate(tables, start=1):
        title = "".join(ch for ch in table.caption if ch not in "[]:*?/\\")[:28] or f"tabel {number}"
        while title in used:
            title = f"{title[:25]} {number}"
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.append([neutralise(c) for c in table.columns])
        for row in table.rows:
            sheet.append([_export_cell(c) for c in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
