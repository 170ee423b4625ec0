"""Tables: one value that the page shows, the CSV and the Excel download share.

A :class:`Table` holds raw cell values (numbers stay numbers, dates stay dates).
:func:`render_table` formats them for reading in the chosen language;
:func:`to_csv_bytes` and :func:`to_xlsx_bytes` write them for re-use. Because all
three start from the same value, built on the server from the public view, a
download can never hold more than the page shows.

On screen a table is sortable and paged on the server (:func:`paged_table`): the page
sends one page of rows, sorted by the cells' values (numbers as numbers, dates as
dates, text by its letters, accents and capitals aside), and every row is reachable
with the pager; :mod:`app.table_views` re-renders it when a header or pager button is
pressed.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula ("CSV injection"); text cells starting so are prefixed with ``'`` in both
downloads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from dash import dcc, html
from openpyxl import Workbook
from openpyxl.styles import Font

from app import ids
from app.formatting import format_date, format_number, format_signed
from app.i18n import Lang, t

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "PAGE_SIZES",
    "Cell",
    "Signed",
    "Table",
    "TableView",
    "first_rows",
    "neutralise",
    "page_count",
    "paged_table",
    "render_table",
    "shown_table",
    "sort_key",
    "sorted_rows",
    "table_view_children",
    "to_csv_bytes",
    "to_xlsx_bytes",
]

Cell = str | int | float | dt.date | None


class Signed(float):
    """A change in a table cell, shown with its sign as the cards show it (``+5``, ``−18``, ``0``).

    A float to everything else (sorting, CSV and XLSX): only its display differs.

    Examples
    --------
    >>> _display(Signed(-18), "nl", None), _display(Signed(5), "en", None), _display(-18, "nl", None)
    ('−18', '+5', '−18')
    """

    __slots__ = ()


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
    if isinstance(cell, Signed):
        return format_signed(float(cell), lang)
    if isinstance(cell, int):
        return format_number(cell, lang)
    if isinstance(cell, float):
        # as the cards write figures (app.formatting.format_value): 25 days, not "25,0"
        return format_number(cell, lang, decimals=2 if decimals is None else decimals, trim=True)
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


def render_table(
    table: Table,
    lang: Lang,
    *,
    table_id: str | None = None,
    sortable: tuple[str, str] | None = None,
    view: TableView | None = None,
) -> html.Table:
    """An accessible HTML table: caption, column headers with ``scope``, first cell as row header.

    With ``sortable=(page, name)`` every column header holds a button that sorts by it (its id
    ``{"type": ids.TABLE_SORT, "page": page, "table": name, "column": i}``), and the column
    ``view`` sorts by carries ``aria-sort``.
    """
    header_cells = []
    for i, column in enumerate(table.columns):
        if sortable is None:
            header_cells.append(html.Th(column, scope="col", className=_HEADER_CELL))
            continue
        sorted_here = view is not None and view.sort == i
        direction = ("descending" if view is not None and view.descending else "ascending") if sorted_here else None
        arrow = {"ascending": "▲", "descending": "▼"}.get(direction or "", "⇅")
        button = html.Button(
            [column, html.Span(arrow, className="table-sort-arrow", **{"aria-hidden": "true"})],
            id={"type": ids.TABLE_SORT, "page": sortable[0], "table": sortable[1], "column": i},
            type="button",
            className="table-sort",
        )
        props = {"aria-sort": direction} if direction else {}
        header_cells.append(html.Th(button, scope="col", className=_HEADER_CELL, **props))
    header = html.Thead(html.Tr(header_cells, className=_ROW), className="utrecht-table__header")
    body_rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            text = _display(cell, lang, table.decimals.get(i))
            numeric = isinstance(cell, int | float) and not isinstance(cell, bool)
            numeric_cls = " num utrecht-table__cell--numeric-data" if numeric else ""
            # data-label: on a phone each row is shown as a card, every value under its column's name
            label = {"data-label": table.columns[i]}
            if i == 0:
                cells.append(html.Th(text, scope="row", className=_HEADER_CELL + numeric_cls, **label))
            else:
                cells.append(html.Td(text, className=_CELL + numeric_cls, **label))
        body_rows.append(html.Tr(cells, className=_ROW))
    props = {"id": table_id} if table_id else {}
    return html.Table(
        [
            html.Caption(table.caption, className="utrecht-table__caption"),
            header,
            html.Tbody(body_rows, className="utrecht-table__body"),
        ],
        className="data-table utrecht-table utrecht-table--html-table",
        **props,
    )


# --- Sorting and paging on the server -------------------------------------------------------------

#: The page sizes a reader can choose; the first is where a table starts. A page of 25 rows
#: fits a laptop screen and Dash builds it at once; 500 is for reading a long list through.
PAGE_SIZES: tuple[int, ...] = (25, 100, 500)
DEFAULT_PAGE_SIZE = PAGE_SIZES[0]


@dataclass(frozen=True)
class TableView:
    """How one table is shown: the column it is sorted by (``None``: the page's own order),
    the direction, the page (from 1) and the rows per page.

    It travels through the browser (a ``dcc.Store``), so :meth:`from_data` trusts nothing in it.
    """

    sort: int | None = None
    descending: bool = False
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE

    def to_data(self) -> dict[str, Any]:
        """The view as JSON-able data for the browser."""
        return {"sort": self.sort, "descending": self.descending, "page": self.page, "size": self.size}

    @classmethod
    def from_data(cls, data: object, table: Table) -> TableView:
        """The view ``data`` names, made valid for ``table`` (unknown or bad values fall back).

        Examples
        --------
        >>> table = Table("t", ("a", "b"), tuple((str(i), i) for i in range(30)))
        >>> TableView.from_data({"sort": 1, "descending": True, "page": 9, "size": 25}, table)
        TableView(sort=1, descending=True, page=2, size=25)
        >>> TableView.from_data({"sort": 7, "page": "x", "size": 3}, table)
        TableView(sort=None, descending=False, page=1, size=25)
        """
        if not isinstance(data, dict):
            return cls()
        sort = data.get("sort")
        size = data.get("size")
        page = data.get("page")
        valid_sort = sort if type(sort) is int and 0 <= sort < len(table.columns) else None
        valid_size = size if type(size) is int and size in PAGE_SIZES else DEFAULT_PAGE_SIZE
        pages = page_count(len(table.rows), valid_size)
        valid_page = min(max(page, 1), pages) if type(page) is int else 1
        return cls(
            sort=valid_sort,
            descending=valid_sort is not None and data.get("descending") is True,
            page=valid_page,
            size=valid_size,
        )

    def sorted_by(self, column: int, table: Table) -> TableView:
        """The view after pressing ``column``'s header: that column, or the other direction; page 1.

        A first press sorts numbers and dates largest first (what readers look for: the most
        days, the latest date) and text from A to Z.

        Examples
        --------
        >>> table = Table("t", ("name", "days"), (("b", 2), ("a", 5)))
        >>> TableView().sorted_by(1, table)
        TableView(sort=1, descending=True, page=1, size=25)
        >>> TableView().sorted_by(0, table).sorted_by(0, table)
        TableView(sort=0, descending=True, page=1, size=25)
        """
        if self.sort == column:
            return replace(self, descending=not self.descending, page=1)
        return replace(self, sort=column, descending=_largest_first(table, column), page=1)

    def paged(self, to: str, table: Table) -> TableView:
        """The view after a pager button: ``first``, ``previous``, ``next`` or ``last`` (kept within the pages)."""
        pages = page_count(len(table.rows), self.size)
        target = {"first": 1, "previous": self.page - 1, "next": self.page + 1, "last": pages}.get(to, self.page)
        return replace(self, page=min(max(target, 1), pages))

    def resized(self, size: int, table: Table) -> TableView:
        """The view with ``size`` rows per page, on the page that holds the first row shown now."""
        if size not in PAGE_SIZES:
            return self
        first = (self.page - 1) * self.size
        return replace(self, size=size, page=min(first // size + 1, page_count(len(table.rows), size)))


def page_count(rows: int, size: int) -> int:
    """How many pages ``rows`` rows fill, ``size`` a page (at least one, even when empty).

    Examples
    --------
    >>> page_count(0, 25), page_count(25, 25), page_count(26, 25)
    (1, 1, 2)
    """
    return max(1, -(-rows // size))


def _largest_first(table: Table, column: int) -> bool:
    first = next((row[column] for row in table.rows if row[column] is not None), None)
    return isinstance(first, int | float | dt.date) and not isinstance(first, str)


def _letters(text: str) -> str:
    """``text`` for sorting: accents and capitals aside (``É`` sorts with ``e``), no locale needed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def sort_key(cell: Cell) -> tuple[int, Any, str]:
    """The key a cell sorts by: its value, not its formatted text.

    Numbers (and yes/no) sort as numbers, dates as dates, text by its letters with accents and
    capitals aside, then as written; a column mixing kinds keeps numbers, then dates, then text.
    Empty cells are not given a key: :func:`sorted_rows` puts them last in both directions.

    Examples
    --------
    >>> sorted([10, 9, 100], key=sort_key)
    [9, 10, 100]
    >>> sorted(["zeeland", "Émmen", "Assen", "emmen"], key=sort_key)
    ['Assen', 'emmen', 'Émmen', 'zeeland']
    """
    if isinstance(cell, bool | int | float):
        return (0, float(cell), "")
    if isinstance(cell, dt.date):
        return (1, cell.toordinal(), "")
    return (2, _letters(str(cell)), str(cell))


def sorted_rows(table: Table, column: int, descending: bool) -> tuple[tuple[Cell, ...], ...]:
    """The table's rows sorted by ``column``'s values; equal values keep the table's order, and
    empty cells come last whichever the direction (as a spreadsheet does).

    Examples
    --------
    >>> table = Table("t", ("name", "days"), (("a", 2), ("b", None), ("c", 10), ("d", 2)))
    >>> [row[0] for row in sorted_rows(table, 1, descending=True)]
    ['c', 'a', 'd', 'b']
    >>> [row[0] for row in sorted_rows(table, 1, descending=False)]
    ['a', 'd', 'c', 'b']
    """
    filled = [row for row in table.rows if row[column] is not None]
    empty = [row for row in table.rows if row[column] is None]
    # sorted() is stable with reverse=True too: equal values keep the table's own order.
    return (*sorted(filled, key=lambda row: sort_key(row[column]), reverse=descending), *empty)


def shown_table(table: Table, view: TableView, lang: Lang) -> Table:
    """The rows of ``view``'s page of ``table`` (sorted as it says), the caption saying which rows.

    The first page says "the first 25 of 749" as :func:`first_rows` does; later pages say
    "rows 26–50 of 749"; a table on one page keeps its caption.

    Examples
    --------
    >>> table = Table("Agenda", ("n",), tuple((i,) for i in range(60)))
    >>> part = shown_table(table, TableView(sort=0, descending=True, page=2), "en")
    >>> part.rows[0], len(part.rows), part.caption
    ((34,), 25, 'Agenda (rows 26–50 of 60; the download holds them all)')
    """
    rows = table.rows if view.sort is None else sorted_rows(table, view.sort, view.descending)
    total = len(rows)
    if total <= view.size:
        return replace(table, rows=rows)
    start = (view.page - 1) * view.size
    chosen = rows[start : start + view.size]
    if view.page == 1:
        note = t("table.first_rows", lang, shown=format_number(len(chosen), lang), total=format_number(total, lang))
    else:
        note = t(
            "table.rows_range",
            lang,
            first=format_number(start + 1, lang),
            last=format_number(start + len(chosen), lang),
            total=format_number(total, lang),
        )
    return replace(table, caption=table.caption + note, rows=chosen)


def _pager(table: Table, view: TableView, lang: Lang, page: str, name: str) -> html.Div | None:
    """Previous/next, "page x of y" and rows per page; none for a table shorter than the smallest page."""
    total = len(table.rows)
    if total <= PAGE_SIZES[0]:
        return None
    pages = page_count(total, view.size)

    def move(to: str, label: str, enabled: bool) -> html.Button:
        # aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's top.
        return html.Button(
            label,
            id={"type": ids.TABLE_PAGER, "page": page, "table": name, "to": to},
            type="button",
            className="table-pager-move",
            **{"aria-disabled": "false" if enabled else "true"},
        )

    sizes = [
        html.Button(
            format_number(size, lang),
            id={"type": ids.TABLE_SIZE, "page": page, "table": name, "size": size},
            type="button",
            **{"aria-pressed": "true" if size == view.size else "false"},
        )
        for size in PAGE_SIZES
    ]
    status = t("table.page_of", lang, page=format_number(view.page, lang), pages=format_number(pages, lang))
    return html.Div(
        [
            html.Div(
                [
                    move("first", t("table.first", lang), view.page > 1),
                    move("previous", t("table.previous", lang), view.page > 1),
                    html.Span(status, className="table-pager-status", role="status"),
                    move("next", t("table.next", lang), view.page < pages),
                    move("last", t("table.last", lang), view.page < pages),
                ],
                className="table-pager-moves",
            ),
            html.Div(
                [
                    html.Span(t("table.rows_per_page", lang), **{"aria-hidden": "true"}),
                    html.Div(sizes, role="group", **{"aria-label": t("table.rows_per_page", lang)}),
                ],
                className="table-pager-sizes",
            ),
        ],
        className="table-pager",
        role="group",
        **{"aria-label": t("table.pager", lang, table=table.caption)},
    )


def table_view_children(
    table: Table, lang: Lang, page: str, name: str, view: TableView, focus: dict[str, Any] | None = None
) -> list[Any]:
    """What the table's container holds: its view (a store), the table's page of rows, the pager.

    ``focus`` is the id of the button just pressed: the container's new content replaces it,
    and :mod:`app.table_views` gives the new one the keyboard focus back.
    """
    children: list[Any] = [
        dcc.Store(id={"type": ids.TABLE_STATE, "page": page, "table": name}, data={**view.to_data(), "focus": focus}),
        dcc.Store(id={"type": ids.TABLE_FOCUS, "page": page, "table": name}),
        render_table(shown_table(table, view, lang), lang, sortable=(page, name), view=view),
    ]
    pager = _pager(table, view, lang, page, name)
    if pager is not None:
        children.append(pager)
    return children


def paged_table(table: Table, lang: Lang, *, page: str, name: str, view: TableView | None = None) -> html.Div:
    """``table`` sortable and paged on the server, every row reachable on screen.

    ``page`` and ``name`` are the page's key and the table's name among the page's tables
    (as the download buttons name it): :func:`app.table_views.register_table_views` rebuilds
    the table from them when a button is pressed.
    """
    chosen = TableView() if view is None else view
    return html.Div(
        table_view_children(table, lang, page, name, chosen),
        id={"type": ids.TABLE_VIEW, "page": page, "table": name},
        className="table-view",
    )


def _export_cell(cell: Cell) -> str | int | float | dt.date | None:
    if isinstance(cell, Signed):
        return float(cell)  # the number itself: a spreadsheet shows its own sign
    return neutralise(cell) if isinstance(cell, str) else cell


def to_csv_bytes(table: Table) -> bytes:
    """The table as UTF-8 CSV with a BOM (so Excel reads accents right), ISO dates."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.rows:
        writer.writerow("" if c is None else c.isoformat() if isinstance(c, dt.date) else _export_cell(c) for c in row)
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
