"""The HTML report from its templates: escaping, notice styles, the network figure, shipping.

* **Escaping.** A party (and a deal, theme, lesson, bottleneck) named
  ``<script>alert(1)</script> & "Co"`` reaches every place of the report as text: no
  ``script`` element, no stray attribute, each text of the document found whole in the
  parsed page, in the SVG figures too, and the title in the print footer's CSS decodes
  back to itself.
* **Styles from meaning.** A cover notice is styled by its kind, never by its wording.
* **The network figure.** Every party is drawn, sized by the analysis' PageRank; beyond
  :data:`app.reports.figures.NAMED_PARTIES` only the best-ranked are named and the
  caption says so. The same data gives the same bytes.
* **Shipping.** The templates are package data, so a wheel carries them.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import t
from app.reports import document, render_report
from app.reports.document import Notice, ReportDocument, Section, build_document
from app.reports.html import render_html
from app.reports.templating import css_string
from app.reports.text import short_name
from graph.model import Dataset
from graph.report import report_results
from graph.visibility import Audience
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

EVIL = '<script>alert(1)</script> & "Co"'
ROOT = Path(__file__).resolve().parents[1]

#: Every element and attribute the report's templates write. A name from the data that
#: broke out of its text or attribute would add one that is not here.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "p", "nav", "ol", "ul",
    "li", "a", "section", "figure", "figcaption", "aside", "strong", "em", "code", "table", "caption",
    "thead", "tbody", "tr", "th", "td", "div",
    "svg", "desc", "defs", "marker", "path", "text", "tspan", "rect", "line", "circle", "g",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "id", "aria-label", "href", "role", "scope", "colspan",
    "viewbox", "width", "height", "aria-labelledby", "font-family", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "d", "fill", "stroke", "stroke-width", "stroke-opacity", "font-size", "font-weight", "text-anchor",
    "dominant-baseline", "paint-order", "marker-end", "refx", "refy", "markerwidth", "markerheight",
    "markerunits", "orient", "fill-opacity",
}  # fmt: skip


class _Page(HTMLParser):
    """The parsed page: every element with its attributes, and each element's own text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, str]] = []
        self.style = ""
        self._open: list[tuple[str, list[str]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta",):
            self._open.append((tag, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, parts = self._open.pop()
            text = "".join(parts).strip()
            if text:
                self.texts.append((name, text))
            if name == "style":
                self.style = "".join(parts)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


def _css_unescape(text: str) -> str:
    """A CSS string's body with its escapes (``\\3c `` and ``\\"``) resolved."""
    return re.sub(
        r"\\(?:([0-9a-fA-F]{1,6}) ?|(.))",
        lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2),
        text,
        flags=re.DOTALL,
    )


def _evil(ds: Dataset) -> Dataset:
    """The demo with the name ``EVIL`` on a broker of the network (Urk), the deal,
    a main theme, a lesson and a bottleneck (each told apart by a suffix but the party)."""
    return ds.model_copy(
        update={
            "deals": tuple(d.model_copy(update={"name": f"{EVIL} deal"}) for d in ds.deals),
            "parties": tuple(p.model_copy(update={"name": EVIL}) if p.id == "urk" else p for p in ds.parties),
            "themes": tuple(
                th.model_copy(update={"name": f"{EVIL} thema"}) if th.id == "verbinden-normeren" else th
                for th in ds.themes
            ),
            "lessons": tuple(
                le.model_copy(update={"title": f"{EVIL} les"}) if le.id == "les-urk-sleutelfiguren" else le
                for le in ds.lessons
            ),
            "bottlenecks": tuple(
                b.model_copy(update={"title": f"{EVIL} knelpunt"}) if b.id == "knelpunt-contourgrenzen" else b
                for b in ds.bottlenecks
            ),
        }
    )


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


def _document_texts(doc: ReportDocument) -> list[str]:
    """Every text of the document that the HTML shows as it is (not the SVG)."""
    texts = [doc.title, *(n.text for n in doc.notices)]
    for section in doc.sections:
        texts += [section.title, *section.paragraphs, *section.cautions]
        texts += [f.caption for f in section.figures if f.caption]
        for table in section.tables:
            texts += [table.title, *(c.label for c in table.columns)]
            texts += [cell for row in table.rows for cell in row if isinstance(cell, str)]
    return texts


@pytest.mark.parametrize("audience", [Audience.PUBLIC, Audience.INTERNAL])
def test_a_name_full_of_markup_is_text_in_every_place(demo: Dataset, audience: Audience) -> None:
    ds = _evil(demo)
    doc = build_document(ds, audience=audience)
    page = render_html(doc)
    parsed = _Page(page)

    # nothing became markup: no script, no element or attribute the templates do not write
    assert "<script" not in page.lower()
    assert {tag for tag, _ in parsed.tags} <= TAGS, {tag for tag, _ in parsed.tags} - TAGS
    names = {name for _, attrs in parsed.tags for name in attrs}
    assert names <= ATTRIBUTES, names - ATTRIBUTES
    assert not any("alert(" in (value or "") for _, attrs in parsed.tags for value in attrs.values())

    # every text of the document that holds the name is found whole as an element's text
    shown = {text for _, text in parsed.texts}
    holding = [text for text in _document_texts(doc) if "alert(1)" in text]
    assert len(holding) >= 8, holding  # the test data reaches many places
    missing = [text for text in holding if text not in shown and " ".join(text.split()) not in shown]
    assert not missing, missing
    # where the name shows at all (SVG labels, tooltips and wrapped lines included), its
    # markup shows with it: the "<script>" before "alert(1)" stayed text
    found = [(tag, text) for tag, text in parsed.texts if "alert(1)" in text and tag != "style"]
    assert {"title", "h1", "td", "p", "text", "tspan"} <= {tag for tag, _ in found}, found
    assert all("<script>alert(1)" in text for _, text in found), found
    in_figures = [text for tag, text in found if tag in ("text", "tspan")]
    assert any(text.startswith("<script>alert(1)</s") for text in in_figures)  # the network's short label

    # the title in the print footer: a CSS string that decodes to the title, with no "<" in the sheet
    assert "<" not in parsed.style
    footer = re.search(r'@bottom-left \{ content: "((?:[^"\\]|\\.)*)"', parsed.style)
    assert footer is not None
    assert _css_unescape(footer.group(1)) == doc.title


@given(st.text(max_size=40))
def test_css_string_decodes_to_its_text_and_never_ends_the_style_sheet(text: str) -> None:
    quoted = str(css_string(text))
    assert quoted[0] == quoted[-1] == '"'
    body = quoted[1:-1]
    assert not any(char in body for char in "\"'<>&\n")
    assert _css_unescape(body) == text


def _doc(*notices: Notice) -> ReportDocument:
    return ReportDocument(
        lang="en",
        title="Report",
        subtitle="",
        audience=Audience.PUBLIC,
        period_label="all",
        compare_label=None,
        reference_date=dt.date(2026, 5, 1),
        notices=notices,
        sections=(Section("s", "Section"),),
    )


def test_a_notice_is_styled_by_its_kind_not_by_its_words() -> None:
    page = render_html(
        _doc(
            Notice("undated", "Records without a date count in every period: not illustrative."),
            Notice("illustrative", "Note: made up for a demonstration."),
        )
    )
    assert "<p class='notice undated'>Records without a date" in page
    assert "<p class='notice illustrative'>Note: made up" in page


def test_the_demo_report_marks_its_illustrative_notice_in_both_languages(demo: Dataset) -> None:
    for lang in ("nl", "en"):
        page = render_report(demo, fmt="html", lang=lang).decode("utf-8")
        (illustrative,) = re.findall(r"<p class='notice illustrative'>([^<]*)</p>", page)
        assert illustrative.startswith(t("document.illustrative", lang, n=0)[:12])
        assert page.count("class='notice ") >= 3


def _network_svg(page: str) -> str:
    start = page.index("<svg", page.index("<section class='chapter' id='network'>"))
    return html.unescape(page[start : page.index("</svg>", start)])


def _circles(svg: str) -> list[tuple[float, str]]:
    """(radius, tooltip) of each party's circle (the legend's have no tooltip)."""
    found = re.findall(r"<circle cx='[^']+' cy='[^']+' r='([\d.]+)'[^>]*><title>([^<]*)</title>", svg)
    return [(float(r), label) for r, label in found]


def _labels(svg: str) -> list[str]:
    """The names written on the drawing, in the order they were placed."""
    return re.findall(r"<text x='[^']+' y='[^']+' text-anchor='\w+'>([^<]*)</text>", svg)


def test_same_data_same_picture(demo: Dataset) -> None:
    """Two renders are byte-identical, whatever the process's random generator does between."""
    random.seed(1)
    first = render_report(demo, fmt="html")
    random.seed(2)
    random.random()
    assert render_report(demo, fmt="html") == first


def test_every_party_is_drawn_and_the_best_ranked_are_named(demo: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond NAMED_PARTIES: all parties drawn, sized by the analysis' PageRank; the top ones
    by PageRank named (as many as fit, at most NAMED_PARTIES), the best first; and the
    caption says how many of how many."""
    monkeypatch.setattr(document, "NAMED_PARTIES", 4)
    page = render_report(demo, fmt="html").decode("utf-8")
    svg = _network_svg(page)
    parties = sorted(report_results(demo, audience=Audience.PUBLIC).learning.parties, key=lambda p: (-p.pagerank, p.id))
    short = [short_name(p.name, str(p.kind)) for p in parties]
    circles = _circles(svg)
    assert sorted(label for _, label in circles) == sorted(short)  # every party, with a tie or not
    # the largest circle is the party with the highest PageRank, as the analysis computed it
    assert max(circles)[1] == short[0] and max(circles)[0] > min(circles)[0]
    labels = _labels(svg)
    assert 1 <= len(labels) <= 4 and labels == short[: len(labels)]  # the best-ranked, as many as fit
    caption = re.search(r"<figcaption>([^<]*)</figcaption>", page)
    assert caption is not None
    assert caption.group(1) == t("document.network_named_top", "nl", shown=len(labels), total=len(parties))
    # and the table beside it lists every party by its full name
    table = html.unescape(
        page[page.index("<table>", page.index("id='network'")) : page.index("</table>", page.index("id='network'"))]
    )
    assert all(f"<td>{p.name}</td>" in table for p in parties)


def test_a_small_network_names_every_party_without_a_caption(demo: Dataset) -> None:
    page = render_report(demo, fmt="html").decode("utf-8")
    svg = _network_svg(page)
    parties = report_results(demo, audience=Audience.PUBLIC).learning.parties
    assert len(parties) <= document.NAMED_PARTIES
    assert len(_labels(svg)) == len(_circles(svg)) == len(parties)
    assert "<figcaption>" not in page


def test_the_templates_ship_in_the_package() -> None:
    """Each template matches a package-data pattern of app.reports (so a wheel carries it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["app.reports"]
    templates = sorted((ROOT / "app" / "reports" / "templates").iterdir())
    assert templates
    unshipped = [p.name for p in templates if not any(fnmatch(f"templates/{p.name}", pat) for pat in patterns)]
    assert not unshipped
