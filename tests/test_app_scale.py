"""The pages at scale: a table on screen holds one page of rows and says so, the pager reaches every row.

A national network's tables have thousands of rows, and Dash's React takes minutes to
build an HTML table that long (see ``bench/browser.py``): a table shows a page of
:data:`app.tables.DEFAULT_PAGE_SIZE` rows, sorted and paged on the server
(:mod:`app.tables`, :mod:`app.table_views`). Each page is checked on a small dataset a
little longer than one page, so the test can tell shown from downloaded rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash import html

from app import ids
from app.figures.bottlenecks import status_figure
from app.figures.practices import UNIT_TICKS_UP_TO, spread_figure
from app.pages import bottlenecks, expertise, opportunities, practices
from app.services import Services
from app.source import StaticSource
from app.tables import DEFAULT_PAGE_SIZE, TableView, table_view_children
from graph.model import Bottleneck, Dataset, Deployment, Lesson, Party
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

CONTEXT = {"lang": "nl", "period": "all"}


def _body_rows(table: Any) -> list[html.Tr]:
    """The body rows of a table from :func:`app.tables.render_table`."""
    assert isinstance(table, html.Table)
    caption, _, body = table.children
    assert isinstance(caption, html.Caption) and isinstance(body, html.Tbody)
    return list(body.children)


def _table_in(block: Any) -> html.Table:
    """The table of a page block (the Expertise table comes under its totals line)."""
    return next(c for c in _walk(block) if isinstance(c, html.Table))


def _caption(table: html.Table) -> str:
    return str(table.children[0].children)


def _providers_and_recipients(n: int) -> Dataset:
    """A ministry deploying expertise to ``n`` municipalities, 1..n days."""
    towns = tuple(Party(id=f"g{i:02}", name=f"Gemeente {i:02}", kind="gemeente", lat=52.0, lon=5.0) for i in range(n))
    return Dataset(
        parties=(Party(id="bzk", name="BZK", kind="ministerie"), *towns),
        deployments=tuple(
            Deployment(id=f"d{i:02}", provider_id="bzk", recipient_id=town.id, days=i + 1)
            for i, town in enumerate(towns)
        ),
    )


def _second_page(table: Any) -> html.Table:
    """The table as the pager's "next" shows it (:func:`app.tables.table_view_children`)."""
    return _table_in(html.Div(table_view_children(table, "nl", "p", "t", TableView(page=2))))


def test_the_expertise_table_on_screen_holds_its_first_page_and_the_pager_the_rest() -> None:
    services = Services(StaticSource(_providers_and_recipients(30)))
    download = expertise.tables(services, "nl", "all", None)["deployments"]
    table = _table_in(expertise.update(services, CONTEXT, None)[2])
    shown = _body_rows(table)
    assert len(download.rows) == 30 and len(shown) == DEFAULT_PAGE_SIZE == 25
    assert [row.children[1].children for row in shown] == [row[1] for row in download.rows[:25]]
    assert "de eerste 25 van 30" in _caption(table)
    rest = _body_rows(_second_page(download))
    assert [row.children[1].children for row in rest] == [row[1] for row in download.rows[25:]]
    assert "rijen 26–30 van 30" in _caption(_second_page(download))


def test_the_expertise_table_of_one_page_is_shown_whole() -> None:
    services = Services(StaticSource(_providers_and_recipients(7)))
    table = _table_in(expertise.update(services, CONTEXT, None)[2])
    assert len(_body_rows(table)) == 7 < DEFAULT_PAGE_SIZE
    assert _caption(table) == expertise.tables(services, "nl", "all", None)["deployments"].caption


def _agenda(n: int) -> Dataset:
    """``n`` bottlenecks raised by one municipality, every third one solved."""
    return Dataset(
        parties=(Party(id="g", name="Gemeente", kind="gemeente"),),
        bottlenecks=tuple(
            Bottleneck(
                id=f"b{i:02}",
                title=f"Knelpunt {i:02}",
                raised_by_id="g",
                date=dt.date(2025, 1, 1 + i),
                status="opgelost" if i % 3 == 0 else "gesignaleerd",
            )
            for i in range(n)
        ),
    )


def test_the_bottleneck_agenda_on_screen_holds_its_first_page_and_the_pager_the_rest() -> None:
    services = Services(StaticSource(_agenda(27)))
    download = bottlenecks.tables(services, "en", "all", None)["agenda"]
    table = _table_in(bottlenecks.update(services, {"lang": "en", "period": "all"}, None)[1])
    shown = _body_rows(table)
    assert len(download.rows) == 27 and len(shown) == 25
    # Open ones first, as in the download: the solved ones (every third) are past the cut.
    assert [row.children[0].children for row in shown][:4] == [
        "Knelpunt 01",
        "Knelpunt 02",
        "Knelpunt 04",
        "Knelpunt 05",
    ]
    assert [row.children[0].children for row in _body_rows(_second_page(download))] == ["Knelpunt 21", "Knelpunt 24"]
    assert "the first 25 of 27" in _caption(table)
    assert len(_body_rows(_table_in(bottlenecks.update(services, CONTEXT, "opgelost")[1]))) == 9


def test_the_ranked_opportunities_on_screen_hold_their_first_page_in_the_downloads_order() -> None:
    services = Services(StaticSource(read_dataset(DEMO_DATASET)))
    download = opportunities.tables(services, "nl", "all", None, None)
    block, brokers = opportunities.update(services, CONTEXT, None, None)
    ranked = _table_in(block)  # the ranked table comes with its notes on ties under it
    shown = min(len(download["ranked"].rows), DEFAULT_PAGE_SIZE)
    assert len(download["ranked"].rows) > 5 and len(_body_rows(ranked)) == shown
    assert [(row.children[1].children, row.children[3].children) for row in _body_rows(ranked)] == [
        (row[1], row[3]) for row in download["ranked"].rows[:shown]
    ]  # practice and party, in the download's order
    assert len(_body_rows(_table_in(brokers))) == min(len(download["brokers"].rows), DEFAULT_PAGE_SIZE)


def _lessons(n: int) -> tuple[Lesson, ...]:
    return tuple(Lesson(id=f"l{i:02}", title=f"Praktijk {i:02}", origin_id="g") for i in range(n))


def test_the_practice_dropdown_offers_its_first_options_and_searches_them_all() -> None:
    lessons = _lessons(30)[::-1]  # any order in: by title out
    first = practices.practice_options(lessons, None, None, limit=4)
    assert [o["value"] for o in first] == ["l00", "l01", "l02", "l03"]
    assert [o["label"] for o in practices.practice_options(lessons, "ktijk 2", None, limit=4)] == [
        "Praktijk 20",
        "Praktijk 21",
        "Praktijk 22",
        "Praktijk 23",
    ]
    assert [o["value"] for o in practices.practice_options(lessons, "PRAKTIJK 1", None, limit=99)] == [
        f"l{i}" for i in range(10, 20)
    ]
    # The chosen practice is always offered, so the dropdown can show it.
    assert [o["value"] for o in practices.practice_options(lessons, None, "l29", limit=2)] == ["l00", "l01", "l29"]
    assert len(practices.practice_options(lessons, "", None)) == 30 < practices.OPTIONS_SHOWN


def test_the_practices_layout_offers_every_practice_below_the_cap() -> None:
    demo = read_dataset(DEMO_DATASET)
    page = practices.layout(Services(StaticSource(demo)), "nl", "all", {})
    assert len(demo.lessons) < practices.OPTIONS_SHOWN
    dropdown = next(c for c in _walk(page) if getattr(c, "id", None) == ids.Practices.PRACTICE)
    public = Services(StaticSource(demo)).view().lessons
    assert {o["value"] for o in dropdown.options} == {lesson.id for lesson in public}


def _walk(component: Any) -> list[Any]:
    children = getattr(component, "children", None)
    inner = children if isinstance(children, list | tuple) else [children] if children is not None else []
    return [component, *(c for child in inner for c in _walk(child))]


def test_count_axes_tick_every_whole_number_only_while_short() -> None:
    # A tick per adopter or bottleneck on a national count (hundreds) took Chromium seconds.
    few, many = [{"pilot": 3, "geborgd": 2}], [{"pilot": 300, "geborgd": 200}]
    assert spread_figure(["Les"], few, "nl").layout.xaxis.dtick == 1
    assert spread_figure(["Les"], many, "nl").layout.xaxis.dtick is None
    limit = UNIT_TICKS_UP_TO
    assert status_figure(["BZK"], {"BZK": {"gesignaleerd": limit}}, "nl").layout.xaxis.dtick == 1
    assert status_figure(["BZK"], {"BZK": {"gesignaleerd": limit, "opgelost": 1}}, "nl").layout.xaxis.dtick is None
