"""Sorting and paging tables on the server (app.tables, app.table_views) on small hand-checked tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dash import dcc, html

from app import ids
from app.table_views import next_view
from app.tables import (
    DEFAULT_PAGE_SIZE,
    PAGE_SIZES,
    Table,
    TableView,
    paged_table,
    shown_table,
    sorted_rows,
    table_view_children,
)

D = dt.date

#: Places, days (with a blank), start dates: orders known by hand.
TOWNS = Table(
    caption="Inzet",
    columns=("Plaats", "Dagen", "Start"),
    rows=(
        ("Zwolle", 9, D(2025, 3, 1)),
        ("Épe", 100, None),
        ("assen", None, D(2024, 12, 31)),
        ("Emmen", 10, D(2025, 1, 15)),
        ("Assen", 10, D(2025, 3, 1)),
    ),
)


def _names(rows: tuple[tuple[Any, ...], ...]) -> list[Any]:
    return [row[0] for row in rows]


@pytest.mark.parametrize(
    ("column", "descending", "expected"),
    [
        # numbers as numbers (100 > 10 > 9, not "9" > "100"); ties keep the table's order; blank last
        (1, True, ["Épe", "Emmen", "Assen", "Zwolle", "assen"]),
        (1, False, ["Zwolle", "Emmen", "Assen", "Épe", "assen"]),
        # dates as dates (2024-12-31 before 2025-01-15); blank last both ways
        (2, False, ["assen", "Emmen", "Zwolle", "Assen", "Épe"]),
        (2, True, ["Zwolle", "Assen", "Emmen", "assen", "Épe"]),
        # text by its letters: capitals and accents aside (Épe between Emmen and Zwolle), then as written
        (0, False, ["Assen", "assen", "Emmen", "Épe", "Zwolle"]),
        (0, True, ["Zwolle", "Épe", "Emmen", "assen", "Assen"]),
    ],
)
def test_rows_sort_by_their_values_not_their_text(column: int, descending: bool, expected: list[str]) -> None:
    assert _names(sorted_rows(TOWNS, column, descending)) == expected


def test_a_first_press_sorts_numbers_and_dates_largest_first_and_text_from_a() -> None:
    view = TableView()
    assert view.sorted_by(1, TOWNS) == TableView(sort=1, descending=True)
    assert view.sorted_by(2, TOWNS) == TableView(sort=2, descending=True)
    assert view.sorted_by(0, TOWNS) == TableView(sort=0, descending=False)
    assert view.sorted_by(0, TOWNS).sorted_by(0, TOWNS) == TableView(sort=0, descending=True)
    # sorting goes back to page 1, keeping the page size
    assert TableView(page=3, size=100).sorted_by(1, TOWNS) == TableView(sort=1, descending=True, page=1, size=100)


def _numbers(n: int) -> Table:
    return Table(caption="Lijst", columns=("Nr", "Waarde"), rows=tuple((f"r{i:03}", i) for i in range(n)))


def test_pages_hold_every_row_once_and_the_caption_says_which() -> None:
    table = _numbers(60)
    seen: list[Any] = []
    view = TableView(sort=1, descending=True)
    for page in (1, 2, 3):
        part = shown_table(table, TableView(sort=1, descending=True, page=page), "nl")
        seen += [row[1] for row in part.rows]
    assert seen == list(range(59, -1, -1))
    assert shown_table(table, view, "nl").caption == "Lijst (de eerste 25 van 60; de download bevat ze allemaal)"
    assert (
        shown_table(table, TableView(page=3), "en").caption == "Lijst (rows 51–60 of 60; the download holds them all)"
    )
    assert shown_table(_numbers(25), TableView(), "nl").caption == "Lijst"  # one page: the caption as it is


def test_the_pager_stays_within_the_pages_and_a_new_size_keeps_the_first_row_in_sight() -> None:
    table = _numbers(60)
    assert TableView().paged("previous", table).page == 1
    assert TableView().paged("last", table).page == 3
    assert TableView(page=3).paged("next", table).page == 3
    assert TableView(page=3).paged("first", table).page == 1
    assert TableView(page=2).paged("sideways", table).page == 2
    # rows 26-50 shown; at 100 a page they are on page 1; back at 25, row 1 is on page 1
    assert TableView(page=2).resized(100, table) == TableView(page=1, size=100)
    big = _numbers(300)
    assert TableView(page=9, size=25).resized(100, big).page == 3  # row 201 is on page 3 of 100
    assert TableView(page=2).resized(7, table) == TableView(page=2)  # not an offered size


@pytest.mark.parametrize(
    "data",
    [
        None,
        "x",
        {"sort": "1"},
        {"sort": True},
        {"sort": -1},
        {"sort": 5},
        {"size": 7},
        {"size": 25.0},
        {"page": "2"},
        {"descending": "yes", "sort": 0},
    ],
)
def test_a_forged_view_falls_back_to_a_valid_one(data: object) -> None:
    view = TableView.from_data(data, _numbers(60))
    assert view.sort in (None, 0, 1) and view.size in PAGE_SIZES and 1 <= view.page <= 3
    assert view.descending is False


def test_a_view_from_the_browser_is_kept_within_the_table() -> None:
    table = _numbers(60)
    assert TableView.from_data({"sort": 1, "descending": True, "page": 99, "size": 25}, table) == TableView(
        sort=1, descending=True, page=3
    )
    assert TableView.from_data(TableView(sort=0, page=2).to_data(), table) == TableView(sort=0, page=2)


def test_next_view_follows_the_button_pressed() -> None:
    table = _numbers(60)
    sort = {"type": ids.TABLE_SORT, "page": "p", "table": "t", "column": 1}
    assert next_view(TableView(), sort, table) == TableView(sort=1, descending=True)
    assert next_view(TableView(), {**sort, "column": 9}, table) == TableView()  # a forged column
    assert next_view(TableView(), {"type": ids.TABLE_PAGER, "to": "next"}, table).page == 2
    assert next_view(TableView(), {"type": ids.TABLE_SIZE, "size": 100}, table).size == 100
    assert next_view(TableView(), {"type": "other"}, table) == TableView()


def _walk(component: Any) -> list[Any]:
    found = [component]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children] if children is not None else []:
        found += _walk(child)
    return found


def test_the_rendered_table_has_sort_buttons_aria_sort_and_a_pager() -> None:
    block = paged_table(_numbers(60), "en", page="p", name="t", view=TableView(sort=1, descending=True, page=2))
    assert block.id == {"type": ids.TABLE_VIEW, "page": "p", "table": "t"}
    parts = _walk(block)
    store = next(c for c in parts if isinstance(c, dcc.Store) and c.id["type"] == ids.TABLE_STATE)
    assert store.data == {"sort": 1, "descending": True, "page": 2, "size": DEFAULT_PAGE_SIZE, "focus": None}
    headers = [c for c in parts if isinstance(c, html.Th) and getattr(c, "scope", None) == "col"]
    assert [getattr(h, "aria-sort", None) for h in headers] == [None, "descending"]
    sort_buttons = [c for c in parts if isinstance(c, html.Button) and c.id["type"] == ids.TABLE_SORT]
    assert [b.id["column"] for b in sort_buttons] == [0, 1] and sort_buttons[0].children[0] == "Nr"
    body = next(c for c in parts if isinstance(c, html.Tbody)).children
    assert [row.children[1].children for row in body][:2] == ["34", "33"]  # formatted for reading
    moves = {
        c.id["to"]: getattr(c, "aria-disabled")
        for c in parts
        if isinstance(c, html.Button) and c.id["type"] == ids.TABLE_PAGER
    }
    assert moves == {"first": "false", "previous": "false", "next": "false", "last": "false"}
    assert any(isinstance(c, html.Span) and c.children == "Page 2 of 3" for c in parts)
    pressed = {
        c.id["size"]: getattr(c, "aria-pressed")
        for c in parts
        if isinstance(c, html.Button) and c.id["type"] == ids.TABLE_SIZE
    }
    assert pressed == {25: "true", 100: "false", 500: "false"}


def test_a_short_table_is_sortable_without_a_pager() -> None:
    parts = _walk(html.Div(table_view_children(TOWNS, "nl", "p", "t", TableView())))
    assert not any(isinstance(c, html.Button) and c.id["type"] != ids.TABLE_SORT for c in parts)
    assert len([c for c in parts if isinstance(c, html.Button)]) == 3
    assert len(next(c for c in parts if isinstance(c, html.Tbody)).children) == 5
