"""``lessons.url``: validated as an http(s) address, stored, read back, exported and shown as a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash import html
from pydantic import ValidationError

from graph.model import Dataset, Lesson, Party
from loaders.driver import Store
from loaders.errors import DatasetError
from loaders.export import EXPORT_COLUMNS, export_dataset
from loaders.reader import read_dataset
from loaders.repository import read_store_dataset
from loaders.writer import write_dataset

URL = "https://www.platform31.nl/kennisdossiers/krachtige-kernen"


def _dataset() -> Dataset:
    return Dataset(
        parties=(Party(id="a", name="A", kind="gemeente"),),
        lessons=(
            Lesson(id="l1", title="Met link", origin_id="a", url=URL),
            Lesson(id="l2", title="Zonder link", origin_id="a"),
        ),
    )


@pytest.mark.parametrize("value", ["https://example.nl", "http://example.nl/a?b=1#c"])
def test_http_and_https_addresses_are_kept_as_given(value: str) -> None:
    assert Lesson(id="l", title="t", origin_id="a", url=value).url == value


@pytest.mark.parametrize("value", ["javascript:alert(1)", "www.example.nl", "ftp://example.nl/x", "/relative"])
def test_other_addresses_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Lesson(id="l", title="t", origin_id="a", url=value)


def test_a_bad_url_is_a_problem_naming_file_row_column_and_value(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text("id,name,kind\na,A,gemeente\n", encoding="utf-8")
    (tmp_path / "lessons.csv").write_text(
        f"id,title,origin_id,url\nl1,Goed,a,{URL}\nl2,Fout,a,javascript:alert(1)\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError) as caught:
        read_dataset(tmp_path)
    assert "lessons.csv, row 3, column url: 'javascript:alert(1)' is not an http(s) address" in str(caught.value)


def test_the_url_is_exported_and_reads_back(tmp_path: Path) -> None:
    assert "url" in EXPORT_COLUMNS["lessons"]
    export_dataset(_dataset(), tmp_path)
    assert URL in (tmp_path / "lessons.csv").read_text(encoding="utf-8")
    assert read_dataset(tmp_path).canonical() == _dataset().canonical()


def test_the_url_is_stored_and_read_back(empty_store: Store) -> None:
    write_dataset(empty_store, _dataset(), replace=True)
    lessons = {lesson.id: lesson for lesson in read_store_dataset(empty_store).lessons}
    assert lessons["l1"].url == URL and lessons["l2"].url is None


def test_the_practices_page_links_each_described_practice_by_its_title() -> None:
    from app.pages.practices import description_links

    items = description_links(_dataset().lessons)
    assert len(items) == 1
    link = items[0].children
    assert isinstance(link, html.A)
    assert (link.children, link.href) == ("Met link", URL)
    assert getattr(link, "target", None) is None  # the same tab


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_links_each_described_practice(lang: str) -> None:
    import io
    import re

    import openpyxl

    from app.reports.render import render_report
    from graph.visibility import Audience

    dataset = _dataset()
    described = [lesson for lesson in dataset.lessons if lesson.url]
    assert described, "the dataset must hold a described practice, or this test proves nothing"
    page = render_report(dataset, fmt="html", audience=Audience.INTERNAL, lang=lang).decode("utf-8")
    for lesson in described:
        assert re.search(rf"<a href='{re.escape(lesson.url)}'>{re.escape(lesson.url)}</a>", page)
    book = openpyxl.load_workbook(io.BytesIO(render_report(dataset, fmt="xlsx", audience=Audience.INTERNAL, lang=lang)))
    links = {
        cell.hyperlink.target
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.hyperlink is not None
    }
    assert {lesson.url for lesson in described} <= links
