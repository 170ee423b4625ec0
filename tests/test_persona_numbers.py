"""Each persona's question answered from one page, with the JSON report's numbers (issue 14).

* **a ministry's policy officer on Expertise**: the selection's days, deployments,
  recipients and themes, and the table of totals per ministry (units rolled up) with its
  units beneath it, equal the JSON report's ``expertise_by_party`` and ``expertise_totals``
  (and its ``expertise`` rows for the themes); the units add up to their ministry; the
  breakdowns below (table by theme, map) add up to the same total;
* **the programme team on Overzicht**: density, reciprocity, communities, roles, the
  Rijk ↔ gemeente balance and the self-assessment scores by year equal the report's;
* **the dealmaker on Kansen**: the ranked list starts with the report's opportunities,
  same rank, practice, party and score.

Each for the whole term, a calendar year, a phase and one deal (``?deal=``), as the
shell's filters set them, on a hand-made dataset whose answers are worked out below and
on the small synthetic dataset (the national one's generator at a size the fast tier
can afford). The page functions are called as the callbacks call them, inside a request
(the deal filter is read from its address), without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import flask
import pytest

from app.pages import expertise, opportunities, overview
from app.services import Services
from app.source import StaticSource
from graph.model import Dataset, Deal, Deployment, Party, Theme
from graph.report import build_report
from loaders.reader import read_dataset
from loaders.synth import synthesize

D = dt.date
CONTEXT = {"lang": "en", "period": "all"}


def hand_made() -> Dataset:
    """Ministry ``m`` with units ``m1`` and ``m2``, ministry ``n`` without, municipalities ``g1`` and ``g2``.

    ======  ========  =========  ======  ====  =======
    id      provider  recipient  themes  days  start
    ======  ========  =========  ======  ====  =======
    d1      m1        g1         t1, t2  4     2025-03
    d2      m1        g2         t1      2     2025-06
    d3      m2        g1         t3      3     2026-02
    d4      m         g2         –       1     2026-05
    d5      n         g1         t2      5     2025-09
    ======  ========  =========  ======  ====  =======

    Whole term: ``m`` 4 deployments, 10 days, 2 recipients, 3 themes; beneath it ``m``
    itself (1, 1, 1, 0), ``m1`` (2, 6, 2, 2) and ``m2`` (1, 3, 1, 1); ``n`` (1, 5, 1, 1).
    In 2025: ``m`` (2, 6, 2, 2) with ``m1`` alone beneath it, and ``n`` as before.
    """
    return Dataset(
        deals=(Deal(id="X", name="Deal X"),),
        parties=(
            Party(id="m", name="Ministerie M", kind="ministerie", deal_ids=("X",)),
            Party(id="m1", name="M – unit 1", kind="ministerie", parent_id="m"),
            Party(id="m2", name="M – unit 2", kind="ministerie", parent_id="m"),
            Party(id="n", name="Ministerie N", kind="ministerie"),
            Party(id="g1", name="Gemeente 1", kind="gemeente", deal_ids=("X",)),
            Party(id="g2", name="Gemeente 2", kind="gemeente", deal_ids=("X",)),
        ),
        themes=(Theme(id="t1", name="T1"), Theme(id="t2", name="T2"), Theme(id="t3", name="T3")),
        deployments=(
            Deployment(
                id="d1", provider_id="m1", recipient_id="g1", theme_ids=("t1", "t2"), days=4, start=D(2025, 3, 1)
            ),
            Deployment(id="d2", provider_id="m1", recipient_id="g2", theme_ids=("t1",), days=2, start=D(2025, 6, 1)),
            Deployment(id="d3", provider_id="m2", recipient_id="g1", theme_ids=("t3",), days=3, start=D(2026, 2, 1)),
            Deployment(id="d4", provider_id="m", recipient_id="g2", days=1, start=D(2026, 5, 1)),
            Deployment(id="d5", provider_id="n", recipient_id="g1", theme_ids=("t2",), days=5, start=D(2025, 9, 1)),
        ),
    )


def _in_request(address: str = "/") -> Any:
    return flask.Flask(__name__).test_request_context(address)


# --- known answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "all",
            [
                ("Ministerie M", None, 4, 10.0, 2, 3),
                ("Ministerie M itself (no unit)", "Ministerie M", 1, 1.0, 1, 0),
                ("M – unit 1", "Ministerie M", 2, 6.0, 2, 2),
                ("M – unit 2", "Ministerie M", 1, 3.0, 1, 1),
                ("Ministerie N", None, 1, 5.0, 1, 1),
            ],
        ),
        (
            "2025",
            [
                ("Ministerie M", None, 2, 6.0, 2, 2),
                ("M – unit 1", "Ministerie M", 2, 6.0, 2, 2),
                ("Ministerie N", None, 1, 5.0, 1, 1),
            ],
        ),
    ],
)
def test_expertise_totals_per_ministry_and_unit_known_answers(key: str, expected: list[tuple[Any, ...]]) -> None:
    services = Services(StaticSource(hand_made()))
    with _in_request():
        shown = expertise.tables(services, "en", key, None)["totals"]
    assert list(shown.rows) == expected
    assert shown.columns == ("Provider", "Part of", "Deployments", "Days", "Recipients", "Themes")


@pytest.mark.parametrize(
    ("key", "provider", "expected"),
    [
        ("all", None, expertise.Selection(deployments=5, days=15.0, recipients=2, themes=3)),
        ("2026", None, expertise.Selection(deployments=2, days=4.0, recipients=2, themes=1)),
        ("all", "m", expertise.Selection(deployments=4, days=10.0, recipients=2, themes=3)),
        ("all", "m1", expertise.Selection(deployments=2, days=6.0, recipients=2, themes=2)),
        ("2025-06-01..2025-12-31", "m1", expertise.Selection(deployments=1, days=2.0, recipients=1, themes=1)),
    ],
)
def test_the_selections_figures_known_answers(key: str, provider: str | None, expected: expertise.Selection) -> None:
    services = Services(StaticSource(hand_made()))
    with _in_request():
        assert expertise.selection_totals(services.compute(expertise._selection_use, key, provider)) == expected


def test_choosing_a_unit_shows_its_ministrys_group() -> None:
    services = Services(StaticSource(hand_made()))
    with _in_request():
        shown = expertise.tables(services, "nl", "all", "m2")["totals"]
    assert [row[0] for row in shown.rows] == [
        "Ministerie M",
        "Ministerie M zelf (zonder onderdeel)",
        "M – unit 1",
        "M – unit 2",
    ]


def test_the_top_of_the_page_says_the_figures_in_words() -> None:
    services = Services(StaticSource(hand_made()))
    with _in_request():
        cards, _table, _download, rule = expertise.update_totals(services, {"lang": "nl", "period": "all"}, "m")
    figures = [(li.children[0].children, li.children[1].children) for li in cards.children]
    assert figures == [("10", "Dagen"), ("4", "Inzetten"), ("2", "Ontvangers"), ("3", "Thema's")]
    assert "tellen op tot die van het ministerie" in rule.children


# --- the pages against the JSON report ------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("synthetic")
    synthesize("small", 13, folder)
    return read_dataset(folder)


def _filters(dataset: Dataset) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(period key, address, deals): the whole term, a year, a phase, a from/to range and one deal."""
    yield "all", "/", ()
    years = sorted({d.start.year for d in dataset.deployments if d.start})
    yield str(years[len(years) // 2]), "/", ()
    yield dataset.phases[-1].id, "/", ()
    yield f"{years[0]}-07-01..{years[-1]}-06-30", "/", ()
    deal = dataset.deals[0].id
    yield "all", f"/?deal={deal}", (deal,)


def _report(dataset: Dataset, services: Services, key: str, deals: tuple[str, ...]) -> dict[str, Any]:
    return build_report(dataset, period=services.period(key), deals=deals)


Case = tuple[Services, dict[str, Any], str, str]


@pytest.fixture(scope="module")
def cases(synthetic: Dataset) -> list[Case]:
    """Per filter: the services (as a page gets them), the JSON report, the period key and the address."""
    found: list[Case] = []
    for key, address, deals in _filters(synthetic):
        services = Services(StaticSource(synthetic))
        with _in_request(address):
            found.append((services, _report(synthetic, services, key, deals), key, address))
    return found


def _themes(rows: list[dict[str, Any]], provider: str) -> int:
    return len({r["theme"] for r in rows if r["provider"] == provider and r["theme"] is not None})


def test_expertise_page_shows_the_reports_totals(cases: list[Case]) -> None:
    units_seen = 0
    for services, report, key, address in cases:
        by_party, by_unit = report["expertise_by_party"], report["expertise"]
        unit_totals = {t["provider"]: t for t in report["expertise_totals"]}
        with _in_request(address):
            shown = expertise.tables(services, "en", key, None)["totals"]
            names = {p.id: p.name for p in services.view().parties}
            chosen = expertise.selection_totals(services.compute(expertise._selection_use, key, None))
        ministries = [row for row in shown.rows if row[1] is None]
        assert ministries, (key, address)
        expected = sorted(
            (
                (
                    names[t["provider"]],
                    t["deployments"],
                    t["days"],
                    len(t["recipients"]),
                    _themes(by_party["rows"], t["provider"]),
                )
                for t in by_party["totals"]
            ),
            key=lambda r: (-r[2], r[0]),
        )
        assert [(r[0], r[2], r[3], r[4], r[5]) for r in ministries] == expected, (key, address)
        # beneath each ministry its units, adding up to it in deployments and days
        by_name = {names[p]: p for p in unit_totals}
        for index, row in enumerate(shown.rows):
            if row[1] is not None:
                continue
            group = []
            for below in shown.rows[index + 1 :]:
                if below[1] is None:
                    break
                group.append(below)
            if not group:
                continue
            units_seen += len(group)
            assert sum(r[2] for r in group) == row[2]
            assert sum(r[3] for r in group) == pytest.approx(row[3])
            for unit in group:
                name = unit[0] if unit[0] in by_name else unit[1]  # "M itself (no unit)" is the ministry's own
                total = unit_totals[by_name[name]]
                assert (unit[2], unit[3], unit[4]) == (total["deployments"], total["days"], len(total["recipients"]))
                assert unit[5] == _themes(by_unit, total["provider"])
        # the selection's figures on top: the report's key figures and its recipients and themes
        figures = report["key_figures"]["current"]
        assert (chosen.deployments, chosen.days) == (by_party["deployments"], by_party["days"])
        assert chosen.deployments == figures["deployments"] and chosen.days == pytest.approx(figures["expertise_days"])
        assert chosen.recipients == len(by_party["recipients"])
        assert chosen.themes == len({r["theme"] for r in by_party["rows"] if r["theme"] is not None})
        # the breakdown below: the table by theme adds up to the same total
        with _in_request(address):
            rows = expertise.tables(services, "en", key, None)["deployments"].rows
        assert sum(r[3] for r in rows) == pytest.approx(by_party["deployments"])
        assert sum(r[4] for r in rows) == pytest.approx(by_party["days"])
    assert units_seen, "the synthetic ministries have units: the test can fail"


def test_overview_shows_the_reports_network_figures(cases: list[Case]) -> None:
    assessed = 0
    for services, report, key, address in cases:
        with _in_request(address):
            built = overview.programme_tables(services, "en", key)
        net = report["learning"]["network"]
        measures = [row[1] for row in built["measures"].rows]
        assert measures == [
            net["parties"],
            report["learning"]["party_counts"]["units"],
            net["ties"],
            net["density"],
            net["reciprocity"],
            net["components"],
            len(net["communities"]),
            len(net["communities"][0]) if net["communities"] else 0,
        ], (key, address)
        assert [row[1] for row in built["balance"].rows] == [
            net["rijk_learns_from_gemeenten"],
            net["gemeenten_learn_from_rijk"],
            net["rijk_balance"],
        ]
        roles = Counter(p["role"] for p in report["learning"]["parties"])
        assert {row[0]: row[1] for row in built["roles"].rows} == {r: roles.get(r, 0) for r in overview.ROLES}
        table = report["assessments"]["table"]
        scores = {(r["indicator"], str(r["year"])): r["network_score"] for r in table["rows"]}
        years = [str(y) for y in table["years"]]
        assert list(built["assessments"].columns[1:]) == years
        assessed += len(years)
        for indicator, row in zip(
            overview.INDICATOR_KEYS, built["assessments"].rows if years else (), strict=bool(years)
        ):
            assert list(row[1:]) == [scores.get((str(indicator), y)) for y in years]
    # The generator scores on the default scale (1-5): Overzicht shows the indicators by year.
    assert assessed and not report["assessments"]["table"]["out_of_scale"]


def test_kansen_ranks_as_the_report(cases: list[Case]) -> None:
    for services, report, key, address in cases:
        with _in_request(address):
            ranked = services.compute(opportunities._ranking, key, None, None).opportunities
        expected = [(o["rank"], o["lesson"], o["party"], o["score"]) for o in report["opportunities"]]
        assert expected, (key, address)
        assert [(o.rank, o.lesson, o.party, o.score) for o in ranked[: len(expected)]] == expected, (key, address)


def test_the_filters_change_the_answers(cases: list[Case]) -> None:
    """Each filter narrows something: comparing equal numbers of unchanged data would prove nothing."""
    seen = {(address, key): report["expertise_by_party"]["days"] for _s, report, key, address in cases}
    assert len(set(seen.values())) == len(seen), seen
