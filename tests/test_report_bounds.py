"""The HTML/PDF report is bounded; the XLSX and JSON are whole.

A report is a document people read: each long listing of the HTML (and so the PDF)
shows its first items in the section's own order (:data:`app.reports.document.BOUNDED`)
with a note saying how many of how many and that the XLSX and JSON reports hold them
all; the counts in the text stay over everything. ``full=True`` (``dealnet report
--full``) lists everything. Checked on the small synthetic dataset (232 practices,
172 rows of expertise) with the real limits, and on hand-built pieces.
"""

from __future__ import annotations

import html as htmllib
import io
import json
import re
from dataclasses import fields

import networkx as nx
import pytest
from openpyxl import load_workbook

from app.cli import _parser
from app.i18n import t
from app.reports import render_report
from app.reports.document import BOUNDED, UNBOUNDED, Bounds, Table, _bounded, _join, build_document, first_of
from app.reports.figures import network_drawing
from app.reports.html import render_html
from graph.model import Dataset
from loaders.reader import read_dataset
from loaders.synth import synthesize


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("small")
    synthesize("small", 13, folder)
    return read_dataset(folder)


@pytest.fixture(scope="module")
def machine(small: Dataset) -> dict[str, object]:
    report: dict[str, object] = json.loads(render_report(small, fmt="json"))
    return report


def _section(page: str, ident: str) -> str:
    start = page.index(f"id='{ident}'")
    return page[start : page.index("</section>", start)]


def _tables(section: str) -> list[tuple[str, list[str]]]:
    """Each table of a section: its caption and its body rows (as HTML)."""
    out = []
    for found in re.finditer(r"<table><caption>(.*?)</caption>.*?<tbody>(.*?)</tbody></table>", section, re.S):
        out.append((htmllib.unescape(found.group(1)), re.findall(r"<tr>.*?</tr>", found.group(2), re.S)))
    return out


def _notes(section: str) -> list[str]:
    return [htmllib.unescape(n) for n in re.findall(r"<p class='cut'>([^<]*)</p>", section)]


def _figcaption(section: str) -> str | None:
    found = re.search(r"<figcaption>([^<]*)</figcaption>", section)
    return htmllib.unescape(found.group(1)) if found else None


def _bars(section: str) -> list[str]:
    """The labels of a bar chart's groups (one ``text-anchor='end'`` text per group)."""
    labels = re.findall(r"<text font-size='11' text-anchor='end'[^>]*>(.*?)</text>", section, re.S)
    return [htmllib.unescape("".join(re.findall(r">([^<]*)</tspan>", label))) for label in labels]


def test_the_small_dataset_is_longer_than_the_limits(machine: dict[str, object]) -> None:
    """The checks below can fail: the dataset has more practices and expertise rows than shown."""
    assert BOUNDED.practices is not None and BOUNDED.bars is not None and BOUNDED.expertise is not None
    assert len(machine["practices"]) > max(BOUNDED.practices, BOUNDED.bars)  # type: ignore[arg-type]
    assert len(machine["expertise_by_party"]["rows"]) > BOUNDED.expertise  # type: ignore[index]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_long_table_and_chart_show_the_limit_and_say_so(small: Dataset, machine: dict, lang: str) -> None:
    page = render_report(small, fmt="html", lang=lang).decode("utf-8")
    practices = _section(page, "practices")
    total = len(machine["practices"])
    # the table: exactly the limit, the most adopted first, and the note with the right counts
    ((_caption, rows),) = _tables(practices)
    assert len(rows) == BOUNDED.practices
    things = t("document.things_practices", lang)
    assert first_of(BOUNDED.practices, total, things, lang) in _notes(practices)
    assert str(total) in first_of(BOUNDED.practices, total, things, lang)  # 232: no grouping mark
    most = max(len(p["adopters"]) for p in machine["practices"])
    first_row = re.findall(r"<td[^>]*>([^<]*)</td>", rows[0])
    assert int(first_row[2]) == most
    # the chart: the first BOUNDED.bars practices, the caption names the total
    assert len(_bars(practices)) == BOUNDED.bars
    assert _figcaption(practices) == first_of(BOUNDED.bars, total, things, lang)
    # counts in the text stay over everything: every stalled practice is counted
    stalled = [p for p in machine["practices"] if p["stalled"]]
    if len(stalled) > (BOUNDED.names or 0):
        more = t("document.names_more", lang, n=len(stalled) - (BOUNDED.names or 0), things=things)
        assert htmllib.escape(more, quote=False) in practices


def test_the_expertise_table_is_cut_but_the_totals_are_whole(small: Dataset, machine: dict) -> None:
    page = render_report(small, fmt="html").decode("utf-8")
    expertise = _section(page, "expertise")
    ((_caption, rows),) = _tables(expertise)
    total = len(machine["expertise_by_party"]["rows"])
    assert len(rows) == BOUNDED.expertise
    assert _notes(expertise) == [first_of(BOUNDED.expertise or 0, total, "rijen", "nl")]
    # every provider's total is still in the text (fewer providers than the limit)
    totals = machine["expertise_by_party"]["totals"]
    assert len(totals) <= (BOUNDED.names or 0)
    text = htmllib.unescape(expertise)
    names = {p.id: p.name for p in small.parties}
    assert all(f"{names[p['provider']]}: " in text for p in totals)


def test_the_workbook_and_the_json_hold_every_row(small: Dataset, machine: dict) -> None:
    workbook = load_workbook(io.BytesIO(render_report(small, fmt="xlsx")))
    practices = next(ws for ws in workbook.worksheets if ws.cell(1, 1).value == t("document.s_practices", "nl"))
    rows = [r for r in practices.iter_rows(min_row=3, values_only=True) if any(v is not None for v in r)]
    assert len(rows) == len(machine["practices"]) > (BOUNDED.practices or 0)
    expertise = next(ws for ws in workbook.worksheets if ws.cell(1, 1).value == t("document.s_expertise", "nl"))
    rows = [r for r in expertise.iter_rows(min_row=3, values_only=True) if any(v is not None for v in r)]
    assert len(rows) == len(machine["expertise_by_party"]["rows"])


def test_full_lists_everything(small: Dataset, machine: dict) -> None:
    page = render_report(small, fmt="html", full=True).decode("utf-8")
    practices = _section(page, "practices")
    ((_caption, rows),) = _tables(practices)
    assert len(rows) == len(machine["practices"])
    assert len(_bars(practices)) == len(machine["practices"])
    assert "<p class='cut'>" not in page
    assert _figcaption(practices) is None
    ((_caption, rows),) = _tables(_section(page, "expertise"))
    assert len(rows) == len(machine["expertise_by_party"]["rows"])
    assert "(allemaal in het XLSX- en JSON-rapport)" not in page  # no name list cut either


def test_full_and_bounded_documents_hold_the_same_rows(small: Dataset) -> None:
    """Only the HTML's listing differs: the document (and so the workbook) holds every row."""
    bounded, full = build_document(small), build_document(small, full=True)
    for a, b in zip(bounded.sections, full.sections):
        assert [table.rows for table in a.tables] == [table.rows for table in b.tables]
        assert all(table.shown is None for table in b.tables)
    assert any(table.shown for section in bounded.sections for table in section.tables)
    assert len(render_html(full)) > len(render_html(bounded))


def test_a_listing_at_the_limit_is_not_cut() -> None:
    table = Table("s", "T", (), tuple((i,) for i in range(5)))
    assert _bounded(table, 5, "rows", "en") is table
    cut = _bounded(table, 4, "rows", "en")
    assert cut.listed == table.rows[:4] and cut.rows == table.rows
    assert cut.note == "The first 4 of 5 rows; all of them are in the XLSX and JSON report."
    assert _bounded(table, None, "rows", "en") is table


def test_names_in_a_sentence_are_bounded_and_the_rest_counted() -> None:
    names = [f"p{i}" for i in range(1234)]
    assert _join(names[:3], "en", 3, "parties") == "p0, p1, p2"
    said = _join(names, "nl", 2, "partijen")
    assert said == "p0, p1 en nog 1.232 partijen (allemaal in het XLSX- en JSON-rapport)"
    assert _join(names, "en", None) == ", ".join(names)


def test_the_network_drawing_draws_the_strongest_ties_only_when_asked() -> None:
    g = nx.DiGraph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 5}), ("c", "a", {"weight": 2})])
    rank = dict.fromkeys(g, 1 / 3)
    whole = network_drawing("n", g, title="T", desc="D", labels={}, colors={}, rank=rank)
    cut = network_drawing("n", g, title="T", desc="D", labels={}, colors={}, rank=rank, max_ties=2)
    tie = re.compile(r"<path d='M[\d.]+,[\d.]+ Q")  # a tie (the arrow head's path has no curve)
    assert (whole.ties, len(tie.findall(whole.svg))) == (3, 3)
    assert (cut.ties, len(tie.findall(cut.svg))) == (2, 2)
    assert "<title>a → b: 1</title>" in whole.svg and "<title>a → b: 1</title>" not in cut.svg


def test_every_limit_is_set_when_bounded_and_none_when_full() -> None:
    names = [f.name for f in fields(Bounds)]
    assert all(isinstance(getattr(BOUNDED, name), int) and getattr(BOUNDED, name) > 0 for name in names)
    assert all(getattr(UNBOUNDED, name) is None for name in names)


def test_report_has_a_full_option() -> None:
    parser = _parser()
    assert parser.parse_args(["report", "--format", "html", "--full"]).full is True
    assert parser.parse_args(["report", "--format", "html"]).full is False


def test_the_full_option_is_documented_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["report", "--help"])
    assert "--full" in capsys.readouterr().out


def test_bounded_html_keeps_the_templates_markup(small: Dataset) -> None:
    """The note is a plain paragraph before its table (no new element the escaping test does not know)."""
    page = render_report(small, fmt="html").decode("utf-8")
    assert re.search(r"<p class='cut'>[^<]+</p>\s*<table>", page)
