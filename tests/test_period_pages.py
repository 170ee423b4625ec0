"""Thema's, Goede praktijken and Knelpunten read every period key (issue 14's persona review).

They read phase keys only, so a year or from/to dates silently showed the whole term. On a
hand-made dataset whose answers per period are worked out below, each page's tables are
built as the callbacks build them (inside a request, without a browser) for the whole term,
a year, a from/to range with an open end, and a key no period has (the whole term).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import flask
import pytest

from app.pages import bottlenecks, practices, themes
from app.services import Services
from app.source import StaticSource
from graph.model import Activity, Adoption, Bottleneck, Dataset, Deal, Lesson, Party, Question, Theme

D = dt.date


def dated() -> Dataset:
    """Municipalities ``g1`` and ``g2``, one theme ``t1``.

    ============  ===========  ===========================================
    record        date         counts for
    ============  ===========  ===========================================
    question q1   2025-01-10   demand 3 from 2025 on (still open)
    question q2   2026-02-01   demand 1 from 2026 on
    activity a1   2025-03-01   supply in 2025
    activity a2   2026-03-01   supply in 2026
    lesson l0     2025-02-01   supply in 2025 (origin g1)
    lesson l1     2026-04-01   supply in 2026 (origin g2)
    adoption      2025-06-01   g2 applies l0
    adoption      2026-05-01   g1 applies l1
    bottleneck b1 2025-05-01
    bottleneck b2 2026-05-01
    ============  ===========  ===========================================

    ``t1``: whole term demand 4, supply 4 (ratio 1.0, served); 2025 demand 3, supply 2
    (0.67, served); 2026 demand 4, supply 2 (0.5, served); from 2026-03-15: demand 4,
    supply 1 (lesson l1; 0.25, under-served).
    """
    return Dataset(
        deals=(Deal(id="X", name="Deal X"),),
        parties=(
            Party(id="g1", name="Gemeente 1", kind="gemeente", deal_ids=("X",)),
            Party(id="g2", name="Gemeente 2", kind="gemeente", deal_ids=("X",)),
        ),
        themes=(Theme(id="t1", name="T1"),),
        questions=(
            Question(id="q1", party_id="g1", title="Q1", theme_ids=("t1",), priority=3, raised_on=D(2025, 1, 10)),
            Question(id="q2", party_id="g2", title="Q2", theme_ids=("t1",), priority=1, raised_on=D(2026, 2, 1)),
        ),
        activities=(
            Activity(id="a1", title="A1", date=D(2025, 3, 1), theme_ids=("t1",)),
            Activity(id="a2", title="A2", date=D(2026, 3, 1), theme_ids=("t1",)),
        ),
        lessons=(
            Lesson(id="l0", title="L0", origin_id="g1", theme_ids=("t1",), date=D(2025, 2, 1)),
            Lesson(id="l1", title="L1", origin_id="g2", theme_ids=("t1",), date=D(2026, 4, 1)),
        ),
        adoptions=(
            Adoption(lesson_id="l0", party_id="g2", date=D(2025, 6, 1)),
            Adoption(lesson_id="l1", party_id="g1", date=D(2026, 5, 1)),
        ),
        bottlenecks=(
            Bottleneck(id="b1", title="B1", raised_by_id="g1", date=D(2025, 5, 1)),
            Bottleneck(id="b2", title="B2", raised_by_id="g2", date=D(2026, 5, 1)),
        ),
    )


def _tables(module: Any, key: str, *rest: Any) -> dict[str, Any]:
    services = Services(StaticSource(dated()))
    with flask.Flask(__name__).test_request_context("/"):
        built: dict[str, Any] = module.tables(services, "en", key, *rest)
    return built


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("all", ("T1", 4, 4, 1.0, "no")),
        ("2025", ("T1", 3, 2, pytest.approx(2 / 3), "no")),
        ("2026", ("T1", 4, 2, 0.5, "no")),
        ("2026-03-15..", ("T1", 4, 1, 0.25, "yes")),
        ("2025-01-01..2025-01-31", ("T1", 3, 0, 0.0, "yes")),
        ("fase-weg", ("T1", 4, 4, 1.0, "no")),  # an unknown key: the whole term
    ],
)
def test_themes_page_reads_years_and_dates(key: str, expected: tuple[Any, ...]) -> None:
    assert _tables(themes, key, ())["coverage"].rows == (expected,)


@pytest.mark.parametrize(
    ("key", "adopters"),
    [
        ("all", {"L0": 1, "L1": 1}),
        ("2025", {"L0": 1, "L1": 0}),
        ("2026", {"L0": 0, "L1": 1}),
        ("..2025-12-31", {"L0": 1, "L1": 0}),
        ("2026-05-02..2026-12-31", {"L0": 0, "L1": 0}),
    ],
)
def test_practices_page_reads_years_and_dates(key: str, adopters: dict[str, int]) -> None:
    rows = _tables(practices, key, None, None)["spread"].rows
    assert {row[0]: row[2] for row in rows} == adopters


@pytest.mark.parametrize(
    ("key", "titles"),
    [
        ("all", ["B1", "B2"]),
        ("2025", ["B1"]),
        ("2026", ["B2"]),
        ("2026-01-01..2026-04-30", []),
        ("2025-05-01..2026-05-01", ["B1", "B2"]),
    ],
)
def test_bottlenecks_page_reads_years_and_dates(key: str, titles: list[str]) -> None:
    rows = _tables(bottlenecks, key, None)["agenda"].rows
    assert [row[0] for row in rows] == titles
