"""A number reads the same in a table as on a card (issue 14's persona review).

Tables wrote ``-18`` where the cards wrote ``−18`` (a true minus), and ``25,0`` days
where the cards wrote ``25``. The figures are computed once in graph/; app/formatting
writes them one way, wherever they are shown.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.formatting import format_signed, format_value
from app.tables import Signed, Table, render_table, to_csv_bytes
from graph.counting import DECIMALS, Unit


def _texts(component: Any) -> list[str]:
    """Every text in a rendered component, depth first."""
    children = getattr(component, "children", component)
    if isinstance(children, str):
        return [children]
    if isinstance(children, list | tuple):
        return [text for child in children for text in _texts(child)]
    return [] if children is None else _texts(children)


def _cells(rows: tuple[tuple[Any, ...], ...], lang: str, decimals: dict[int, int] | None = None) -> list[str]:
    table = Table(caption="c", columns=("what", "value"), rows=rows, decimals=decimals or {})
    return _texts(render_table(table, lang))[3:]  # caption and the two column headers first


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_negative_number_has_the_cards_minus(lang: str) -> None:
    assert _cells((("balance", -18),), lang) == ["balance", format_signed(-18, lang)] == ["balance", "−18"]


@pytest.mark.parametrize(
    ("days", "nl", "en"), [(25.0, "25", "25"), (12.25, "12,3", "12.3"), (1234.5, "1.234,5", "1,234.5")]
)
def test_days_read_as_on_the_cards(days: float, nl: str, en: str) -> None:
    for lang, expected in (("nl", nl), ("en", en)):
        shown = _cells((("days", days),), lang, {1: DECIMALS[Unit.DAYS]})
        assert shown == ["days", format_value(days, Unit.DAYS, lang)] == ["days", expected]


@pytest.mark.parametrize(("value", "shown"), [(5, "+5"), (-18, "−18"), (0, "0")])
def test_a_change_is_signed_as_on_its_card(value: int, shown: str) -> None:
    assert _cells((("balance", Signed(value)),), "nl") == ["balance", format_signed(value, "nl")] == ["balance", shown]


def test_a_change_is_exported_as_its_number() -> None:
    csv = to_csv_bytes(Table(caption="c", columns=("what", "value"), rows=(("balance", Signed(-18)),)))
    assert csv.decode("utf-8-sig").splitlines()[-1] == "balance,-18.0"
