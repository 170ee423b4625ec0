"""Every analysis section of every page says what it cannot compute, in words (issue 14).

A dataset of parties only (as the Agenda Stad demo: deals and their members, no activity)
gives an analysis nothing to measure. The pages must then say "cannot be computed: no
adoptions ... loaded", and show no verdict ("no theme is under-served"), no measure
(density 0, everyone isolated) and no ranking in its place. Pages are called as plain
functions (their callbacks' bodies) on a :class:`~app.source.StaticSource`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.basis import SECTION_NEEDS, missing_basis, not_computable
from app.pages import bottlenecks, expertise, network, overview, practices, themes
from app.services import Services
from app.source import StaticSource
from graph.model import Dataset, Deal, Deployment, Party, Theme

_PARTIES = (
    Party(id="bzk", name="Ministerie van BZK", kind="ministerie", deal_ids=("a", "b")),
    Party(id="urk", name="Gemeente Urk", kind="gemeente", cbs_code="GM0184", deal_ids=("a",)),
    Party(id="oss", name="Gemeente Oss", kind="gemeente", deal_ids=("b",)),
)
#: Deals and parties only: nothing to measure.
SPARSE = Dataset(deals=(Deal(id="a", name="Deal A"), Deal(id="b", name="Deal B")), parties=_PARTIES)
CONTEXT = {"lang": "en", "period": "all"}


def _text(component: object) -> str:
    return str(component)


@pytest.mark.parametrize(
    ("section", "missing"),
    [
        ("learning", ("adoptions", "deployments")),
        ("themes", ("themes",)),
        ("practices", ("lessons",)),
        ("expertise", ("deployments",)),
        ("bottlenecks", ("bottlenecks",)),
        ("growth", ("phases",)),
    ],
)
def test_missing_basis_names_the_first_unmet_group(section: str, missing: tuple[str, ...]) -> None:
    assert missing_basis(SPARSE, section) == missing


def test_a_section_with_its_records_is_computable() -> None:
    tie = Deployment(id="d", provider_id="bzk", recipient_id="urk", days=2, start=dt.date(2025, 5, 1))
    with_tie = SPARSE.model_copy(update={"deployments": (tie,)})
    assert missing_basis(with_tie, "learning") == ()
    assert missing_basis(with_tie, "expertise") == ()
    # themes are there but nobody asked anything: the under-served verdict still cannot be given
    themed = with_tie.model_copy(update={"themes": (Theme(id="t", name="T"),)})
    assert missing_basis(themed, "themes") == ()
    assert missing_basis(themed, "under_served") == ("questions",)


def test_every_section_sentence_is_in_words_in_both_languages() -> None:
    for groups in SECTION_NEEDS.values():
        for group in groups:
            for lang in ("nl", "en"):
                sentence = not_computable(group, lang)
                assert "{" not in sentence and "basis." not in sentence
                assert sentence.startswith("Niet te berekenen: geen " if lang == "nl" else "Cannot be computed: no ")


def test_the_pages_say_it_and_show_no_verdict_or_measure() -> None:
    services = Services(StaticSource(SPARSE))
    learning = not_computable(("adoptions", "deployments"), "en")

    programme, _ = overview.update_programme(services, CONTEXT)
    said = _text(programme)
    assert learning in said
    assert "key-figures" not in said and "Table(" not in said and "table" not in said  # no measures, no roles

    _cards, _growth, growth_table = overview.update(services, CONTEXT)
    assert not_computable(("phases",), "en") in _text(growth_table)

    _elements, caption, matrix, measures = network.update_network(
        services, CONTEXT, "learned_by", None, None, "rolled", None
    )
    assert learning in caption and learning in _text(measures) and learning in _text(matrix)
    assert "PageRank" not in _text(measures)

    _rule, _coverage, coverage_table, _heatmap, unserved, _note = themes.update(services, CONTEXT, None)
    no_themes = not_computable(("themes",), "en")
    assert no_themes in _text(coverage_table) and no_themes in _text(unserved)
    assert "No under-served themes" not in _text(unserved)

    spread = practices.update(services, CONTEXT, None, None)
    assert all(not_computable(("lessons",), "en") in _text(part) for part in (spread[1], spread[4], spread[6]))

    _map, _time, table = expertise.update(services, CONTEXT, None)
    assert not_computable(("deployments",), "en") in _text(table)
    assert "0 days" not in _text(table)  # no total of nothing
    caption, details = expertise.map_text(services, CONTEXT, None)
    assert caption == not_computable(("deployments",), "en") and details is None

    _chart, agenda = bottlenecks.update(services, CONTEXT, None)
    assert not_computable(("bottlenecks",), "en") in _text(agenda)


def test_the_themes_page_gives_no_verdict_without_questions() -> None:
    tie = Deployment(id="d", provider_id="bzk", recipient_id="urk", days=2, theme_ids=("t",))
    data = SPARSE.model_copy(update={"themes": (Theme(id="t", name="Capaciteit"),), "deployments": (tie,)})
    unserved = themes.update(Services(StaticSource(data)), CONTEXT, None)[4]
    assert not_computable(("questions",), "en") in _text(unserved)
    assert "No under-served themes" not in _text(unserved)
