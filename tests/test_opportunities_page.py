"""The Kansen page and the report's opportunities section: opportunities in words, ties, and no ranking without data.

Fast tier: the page's update is called as a plain function on a static source (no
store, no browser). The last test reads the top opportunity back from the page, the
HTML report, the workbook and the JSON report of the demo and checks they agree.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from dash import html
from openpyxl import load_workbook

from app.i18n import Lang, t
from app.opportunity_text import Labels, named, opportunity_sentence
from app.pages import opportunities as page
from app.reports import render_report
from app.services import Services
from app.source import StaticSource
from graph.analysis.opportunities import opportunity_ranking
from graph.model import Adoption, Dataset, Lesson, Party, Question, Theme
from graph.report import report_results
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

CONTEXT: dict[str, str] = {"lang": "en", "period": "all"}


def _walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)


def _texts(node: Any) -> list[str]:
    return [str(n.children) for n in _walk(node) if isinstance(getattr(n, "children", None), str | int | float)]


def _rows(block: Any) -> list[list[str]]:
    body = next(n for n in _walk(block) if isinstance(n, html.Tbody))
    return [[str(cell.children) for cell in row.children] for row in body.children]


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


def _tiny(**update: Any) -> Dataset:
    """Urk's practice, applied by Leudal (secured) and by a ministry; Houten asks on its theme."""
    base = Dataset(
        parties=(
            Party(id="urk", name="Urk", kind="gemeente"),
            Party(id="leudal", name="Leudal", kind="gemeente"),
            Party(id="houten", name="Houten", kind="gemeente"),
            Party(id="bzk", name="BZK", kind="ministerie"),
        ),
        themes=(Theme(id="sleutel", name="Key figures"),),
        lessons=(Lesson(id="net", title="Network of key figures", origin_id="urk", theme_ids=("sleutel",)),),
        adoptions=(
            Adoption(lesson_id="net", party_id="leudal", stage="geborgd"),
            Adoption(lesson_id="net", party_id="bzk", stage="toegepast"),
        ),
        questions=(Question(id="q", party_id="houten", title="Who do we call?", theme_ids=("sleutel",), priority=3),),
    )
    return base.model_copy(update=update)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Urk's “Network of key figures” fits Houten's question “Who do we call?” (priority 3) on Key figures; "
            "applied by 1 of the same kind (municipality): Leudal; also by 1 of another kind: BZK; embedded by Leudal.",
        ),
        (
            "nl",
            "“Network of key figures” van Urk past bij de vraag “Who do we call?” van Houten (prioriteit 3) over "
            "Key figures; toegepast door 1 van dezelfde soort (gemeente): Leudal; ook door 1 van een andere soort: "
            "BZK; geborgd door Leudal.",
        ),
    ],
)
def test_an_opportunity_in_words(lang: Lang, expected: str) -> None:
    data = _tiny()
    (o,) = opportunity_ranking(data).opportunities
    assert opportunity_sentence(o, Labels.of(data), lang) == expected


def test_at_most_three_brokers_named_then_plus_n() -> None:
    assert named(["Urk", "Leudal", "BZK", "Houten", "Oldambt"], "en") == "Urk, Leudal, BZK +2"
    assert named(["Urk", "Leudal", "BZK"], "en") == "Urk, Leudal, BZK"
    assert named([], "en") == ""


def test_the_page_shows_rank_origin_question_and_the_sentence(demo: Dataset) -> None:
    ranked, _ = page.update(Services(StaticSource(demo)), CONTEXT, None, None)
    rows = _rows(ranked)
    found = opportunity_ranking(report_source(demo)).opportunities
    labels = Labels.of(report_source(demo))
    top = found[0]
    assert rows[0][:6] == [
        "1",
        labels.lesson(top.lesson),
        labels.party(top.origin),
        labels.party(top.party),
        labels.question(top.fits[0].question),
        str(top.score),
    ]
    assert rows[0][6] == opportunity_sentence(top, labels, "en")
    # Ties are shown as ties: equal scores, equal rank; the next rank skips (1, 2, 2, 4).
    ranks = [int(r[0]) for r in rows]
    scores = [int(r[5]) for r in rows]
    assert len(set(ranks)) < len(ranks)
    for i in range(1, len(rows)):
        assert (ranks[i] == ranks[i - 1]) is (scores[i] == scores[i - 1])
        assert ranks[i] in (ranks[i - 1], i + 1)
    assert all(len(r[7].split(", ")) <= 3 for r in rows)  # brokers: at most three named, then "+N"
    assert t("opportunities.ties_note", "en") in _texts(ranked)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_adoptions_the_page_says_it_cannot_be_computed(lang: Lang) -> None:
    services = Services(StaticSource(_tiny(adoptions=())))
    ranked, brokers = page.update(services, {"lang": lang, "period": "all"}, None, None)
    said = t("opportunities.not_computable.adoptions", lang)
    assert _texts(ranked) == [said] and _texts(brokers) == [said]
    assert ("no adoptions loaded" if lang == "en" else "geen overnames geladen") in said
    assert not any(isinstance(n, html.Table) for n in _walk(ranked))


def test_without_open_questions_the_report_says_it_cannot_be_computed() -> None:
    data = _tiny(questions=())
    report = json.loads(render_report(data, fmt="json"))
    assert report["opportunities"] == [] and report["opportunities_missing"] == "questions"
    text = render_report(data, fmt="html", lang="en").decode("utf-8")
    assert "Cannot be computed: no open questions loaded." in text
    assert t("document.stable_opp", "en") not in text and t("document.tied_opp", "en") not in text


def report_source(dataset: Dataset) -> Dataset:
    """What the public report and the page (a visitor) see."""
    from graph.visibility import Audience, view_for

    return view_for(dataset, Audience.PUBLIC)


def test_the_top_opportunity_agrees_on_page_report_workbook_and_json(demo: Dataset) -> None:
    report = json.loads(render_report(demo, fmt="json"))
    typed = report_results(demo)
    top = report["opportunities"][0]
    assert (top["lesson"], top["party"], top["score"], top["rank"]) == (
        typed.opportunities[0].lesson,
        typed.opportunities[0].party,
        typed.opportunities[0].score,
        1,
    )
    labels = Labels.of(report_source(demo))
    sentence = opportunity_sentence(typed.opportunities[0], labels, "en")
    page_row = _rows(page.update(Services(StaticSource(demo)), CONTEXT, None, None)[0])[0]
    assert (page_row[1], page_row[3], page_row[5], page_row[6]) == (
        labels.lesson(top["lesson"]),
        labels.party(top["party"]),
        str(top["score"]),
        sentence,
    )
    html_text = render_report(demo, fmt="html", lang="en").decode("utf-8")
    assert (
        sentence.replace("'", "&#x27;") in html_text
        or sentence.replace("'", "&#39;") in html_text
        or sentence in html_text
    )
    book = load_workbook(io.BytesIO(render_report(demo, fmt="xlsx", lang="en")))
    title = t("document.s_opportunities", "en")
    sheet = next(ws for ws in book.worksheets if ws.cell(1, 1).value == title)
    first = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == 1)
    assert first[:3] == (1, top["score"], labels.lesson(top["lesson"])) and sentence in first
