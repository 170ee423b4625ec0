"""Overzicht for the programme team: the network-level figures equal the JSON report's.

The page renders the report's own learning and self-assessment sections
(:func:`graph.report.learning_section`, :func:`graph.report.assessment_section`); these
tests read the page's tables back and compare them with :func:`graph.report.build_report`
for the same period (the whole term, a year, a phase, from/to dates), on a hand-made
dataset whose answers are worked out by hand and on the demo.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import flask
import pytest

from app.pages import overview
from app.services import Services
from app.source import StaticSource
from graph.model import Adoption, Assessment, Dataset, Deployment, Indicator, Lesson, Party
from graph.report import build_report
from loaders.demo import DEMO_DATASET
from loaders.reader import read_dataset

D = dt.date


def hand_made() -> Dataset:
    """Municipalities ``a``, ``b``, ``c`` and ministry ``r`` (with a unit ``r1``).

    * ``a`` adopts ``b``'s lesson (2025-03-10), ``b`` adopts ``a``'s (2025-04-01): a ↔ b;
    * ``r1`` (rolled up into ``r``) deploys expertise for ``a`` twice in 2026: a → r, weight 2;
    * ``c`` takes part in nothing: an isolate.

    Whole term: 3 ties among 4 parties, density 3 / 12 = 0.25, reciprocity 2 / 3; the Rijk
    learned 0 times from municipalities, municipalities 2 times from the Rijk (balance −2);
    ``a`` lies on the only path b → a → r (betweenness 1 / 6 ≥ 0.05): broker; ``r`` is only
    learned from: source; ``b`` learned as much as it was learned from: learner.
    In 2025 only a ↔ b: density 2 / 12, reciprocity 1, balance 0, ``r`` an isolate.
    """
    return Dataset(
        parties=(
            Party(id="a", name="Gemeente A", kind="gemeente"),
            Party(id="b", name="Gemeente B", kind="gemeente"),
            Party(id="c", name="Gemeente C", kind="gemeente"),
            Party(id="r", name="Ministerie R", kind="ministerie"),
            Party(id="r1", name="Directie R1", kind="ministerie", parent_id="r"),
        ),
        lessons=(Lesson(id="la", title="LA", origin_id="a"), Lesson(id="lb", title="LB", origin_id="b")),
        adoptions=(
            Adoption(lesson_id="lb", party_id="a", date=D(2025, 3, 10)),
            Adoption(lesson_id="la", party_id="b", date=D(2025, 4, 1)),
        ),
        deployments=(
            Deployment(id="x1", provider_id="r1", recipient_id="a", start=D(2026, 2, 1), end=D(2026, 2, 2)),
            Deployment(id="x2", provider_id="r1", recipient_id="a", start=D(2026, 5, 1), end=D(2026, 5, 1)),
        ),
        assessments=(
            Assessment(year=2025, indicator="proces", score=3),
            Assessment(year=2025, indicator="proces", score=4),
            Assessment(year=2026, indicator="proces", score=4),
            Assessment(year=2026, indicator="borging", score=2),
            Assessment(year=2026, indicator="borging", score=2, party_id="a"),  # a party's own: not the network's
        ),
    )


def _page(dataset: Dataset, key: str, lang: str = "en") -> dict[str, Any]:
    services = Services(StaticSource(dataset))
    with flask.Flask(__name__).test_request_context("/"):
        return overview.programme_tables(services, lang, key)  # type: ignore[arg-type]


def _values(table: Any) -> list[Any]:
    return [row[1] for row in table.rows]


@pytest.mark.parametrize(
    ("key", "density", "reciprocity", "ties", "components", "from_gem", "from_rijk", "balance", "roles"),
    [
        ("all", 0.25, 2 / 3, 3, 2, 0, 2, -2, {"broker": 1, "source": 1, "learner": 1, "isolate": 1}),
        ("2025", 2 / 12, 1.0, 2, 3, 0, 0, 0, {"learner": 2, "isolate": 2}),
        ("2026-01-01..2026-12-31", 1 / 12, 0.0, 1, 3, 0, 2, -2, {"learner": 1, "source": 1, "isolate": 2}),
    ],
)
def test_known_answers_on_a_hand_made_network(
    key: str,
    density: float,
    reciprocity: float,
    ties: int,
    components: int,
    from_gem: int,
    from_rijk: int,
    balance: int,
    roles: dict[str, int],
) -> None:
    tables = _page(hand_made(), key)
    parties, units, ties_shown, density_shown, reciprocity_shown, components_shown, _groups, _largest = _values(
        tables["measures"]
    )
    assert (parties, units, ties_shown, components_shown) == (4, 1, ties, components)
    assert density_shown == pytest.approx(density)
    assert reciprocity_shown == pytest.approx(reciprocity)
    assert _values(tables["balance"]) == [from_gem, from_rijk, balance]
    counts = {row[0]: row[1] for row in tables["roles"].rows if row[1]}
    assert counts == roles
    if key == "all":
        named = {row[0]: row[2] for row in tables["roles"].rows}
        assert named == {
            "broker": "Gemeente A",
            "source": "Ministerie R",
            "learner": "Gemeente B",
            "isolate": "Gemeente C",
        }


def test_self_assessment_by_year_is_the_network_score() -> None:
    tables = _page(hand_made(), "all")
    scores = tables["assessments"]
    assert scores.columns[1:] == ("2025", "2026")
    rows = {row[0]: row[1:] for row in scores.rows}
    assert rows["Process (proces)"] == (3.5, 4.0)
    assert rows["Embedding (borging)"] == (None, 2.0)  # the party's own 2 is not the network's score
    assert rows["Innovation (innovatie)"] == (None, None)
    assert len(scores.rows) == len(Indicator)
    # a period ends a year: later years are not shown, as in the report
    assert _page(hand_made(), "2025")["assessments"].columns[1:] == ("2025",)


def test_texts_follow_the_language() -> None:
    nl = _page(hand_made(), "all", "nl")
    assert [row[0] for row in nl["roles"].rows] == ["bron", "lerende", "makelaar", "geïsoleerd"]
    assert nl["assessments"].rows[0][0] == "Meerwaarde"


def _compare(dataset: Dataset, key: str) -> None:
    """The page's figures for ``key`` equal those of the JSON report of the same period."""
    services = Services(StaticSource(dataset))
    with flask.Flask(__name__).test_request_context("/"):
        tables = overview.programme_tables(services, "en", key)
        period = services.period(key)
    report = build_report(dataset, period=period)
    net = report["learning"]["network"]
    parties, units, ties, density, reciprocity, components, groups, largest = _values(tables["measures"])
    assert (parties, ties, components, groups) == (
        net["parties"],
        net["ties"],
        net["components"],
        len(net["communities"]),
    )
    assert units == report["learning"]["party_counts"]["units"]
    assert largest == (len(net["communities"][0]) if net["communities"] else 0)
    assert (density, reciprocity) == (net["density"], net["reciprocity"])
    assert _values(tables["balance"]) == [
        net["rijk_learns_from_gemeenten"],
        net["gemeenten_learn_from_rijk"],
        net["rijk_balance"],
    ]
    roles = Counter(p["role"] for p in report["learning"]["parties"])
    shown = {row[0]: row[1] for row in tables["roles"].rows}
    assert shown == {role: roles.get(role, 0) for role in overview.ROLES}  # English labels are the role names
    assessed = report["assessments"]["table"]
    years = [str(y) for y in assessed["years"]]
    assert list(tables["assessments"].columns[1:]) == years
    expected = {(r["indicator"], str(r["year"])): r["network_score"] for r in assessed["rows"]}
    for indicator, row in zip(Indicator, tables["assessments"].rows, strict=True):
        for year, score in zip(years, row[1:], strict=True):
            assert score == expected.get((str(indicator), year))


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


@pytest.mark.parametrize("key", ["all", "2025", "2026", "uitvoeringsfase", "2025-07-01..2026-06-30", "..2025-12-31"])
def test_the_page_shows_the_reports_numbers_on_the_demo(demo: Dataset, key: str) -> None:
    _compare(demo, key)


@pytest.mark.parametrize("key", ["all", "2025", "2026-01-01.."])
def test_the_page_shows_the_reports_numbers_on_the_hand_made_network(key: str) -> None:
    _compare(hand_made(), key)


def test_the_page_says_which_period_it_shows(demo: Dataset) -> None:
    services = Services(StaticSource(demo))
    with flask.Flask(__name__).test_request_context("/"):
        assert overview.period_line(services, "2025", "nl").startswith("Periode: Jaar 2025 (01-01-2025 – 31-12-2025).")
        assert overview.period_line(services, "2025-03-01..", "en").startswith("Period: from 1 Mar 2025.")
        assert "hele looptijd wordt getoond" in overview.period_line(services, "2025-12-31..2025-01-01", "nl")
        # the whole page renders for every kind of period, numbers formatted by app.formatting
        for key in ("all", "2025", "2025-01-01..2025-06-30"):
            cards = overview.programme_children(services, "nl", key)[0]
            assert len(cards.children) == 5
        density = overview.programme_children(services, "nl", "all")[0].children[0].children[0].children
        assert density == "0,21"  # 0.2125, a share: 2 decimals, Dutch comma
