"""Self-assessment scores per indicator and year, on hand-made data."""

from __future__ import annotations

import pytest

from graph.analysis.assessments import Scale, assessment_scores
from graph.model import Assessment, Dataset, Indicator


def _a(year: int, indicator: str, score: float, party: str | None = None) -> Assessment:
    return Assessment(year=year, indicator=indicator, score=score, party_id=party)


DS = Dataset(
    assessments=(
        _a(2025, "proces", 3),
        _a(2025, "proces", 4),  # two deal-wide scores: mean 3.5
        _a(2026, "proces", 4.5),
        _a(2026, "proces", 2, "a"),
        _a(2026, "proces", 5, "b"),
        _a(2026, "borging", 1.5, "a"),
        _a(2025, "innovatie", 70),  # a percentage: off the 1-5 scale
        _a(2024, "meerwaarde", 2),
    )
)


def test_network_and_party_scores() -> None:
    t = assessment_scores(DS)
    r25, r26 = t.row("proces", 2025), t.row("proces", 2026)
    assert r25 is not None and r26 is not None
    assert (r25.network_score, r25.change, r25.parties) == (3.5, None, 0)
    assert (r26.network_score, r26.change) == (4.5, 1.0)
    assert (r26.party_mean, r26.party_min, r26.party_max, r26.parties) == (3.5, 2, 5, 2)
    borging = t.row("borging", 2026)
    assert borging is not None and borging.network_score is None and borging.party_mean == 1.5


def test_rows_follow_the_tool_order_then_year() -> None:
    t = assessment_scores(DS)
    order = [i.value for i in Indicator]
    keys = [(order.index(r.indicator), r.year) for r in t.rows]
    assert keys == sorted(keys)
    assert t.years == (2024, 2025, 2026)


def test_off_scale_scores_are_listed_not_averaged() -> None:
    t = assessment_scores(DS)
    assert t.out_of_scale == ("2025|innovatie||",)
    assert t.row("innovatie", 2025) is None


def test_a_wider_scale_takes_them_in() -> None:
    t = assessment_scores(DS, scale=Scale(0, 100))
    row = t.row("innovatie", 2025)
    assert row is not None and row.network_score == 70
    assert t.out_of_scale == ()


def test_years_filter() -> None:
    t = assessment_scores(DS, years=[2026])
    assert t.years == (2026,)
    assert {r.year for r in t.rows} == {2026}
    # the previous year is outside the selection, so there is no change to report
    row = t.row("proces", 2026)
    assert row is not None and row.change is None


def test_change_needs_consecutive_scored_years() -> None:
    ds = Dataset(assessments=(_a(2024, "proces", 2), _a(2026, "proces", 3), _a(2025, "borging", 3)))
    row = assessment_scores(ds).row("proces", 2026)
    assert row is not None and row.change is None


@pytest.mark.parametrize(("low", "high"), [(5, 1), (3, 3)])
def test_scale_must_rise(low: float, high: float) -> None:
    with pytest.raises(ValueError, match="must lie below"):
        Scale(low, high)


def test_scale_share() -> None:
    assert Scale(1, 5).share(1) == 0 and Scale(1, 5).share(5) == 1
    assert Scale(0, 10).share(2.5) == 0.25
