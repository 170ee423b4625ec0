"""The overlap rule of the browser's geometry checks (tests/geometry.py), on hand-drawn boxes."""

from __future__ import annotations

import pytest

from tests.geometry import Box, intersects, overlaps


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 0, 10, 10), (5, 5, 15, 15), True),  # corners overlap
        ((0, 0, 10, 10), (2, 2, 8, 8), True),  # one inside the other
        ((0, 0, 10, 10), (10, 0, 20, 10), False),  # side by side, sharing an edge
        ((0, 0, 10, 10), (0, 10, 10, 20), False),  # one above the other, sharing an edge
        ((0, 0, 10, 10), (9.5, 0, 20, 10), False),  # half a pixel: rounding, not an overlap
        ((0, 0, 10, 10), (8, 0, 20, 10), True),  # two pixels
        ((0, 0, 10, 10), (20, 20, 30, 30), False),  # apart
        ((0, 0, 100, 10), (40, -50, 60, 50), True),  # a cross: no corner inside the other
        ((0, 0, 10, 10), (5, 11, 15, 20), False),  # overlapping columns, apart in rows
    ],
)
def test_intersects(a: tuple[float, ...], b: tuple[float, ...], expected: bool) -> None:
    first, second = Box("a", *a), Box("b", *b)
    assert intersects(first, second) is expected
    assert intersects(second, first) is expected  # symmetric


def test_overlaps_names_each_pair_once_in_order() -> None:
    legend = Box(".legend", 0, 300, 400, 340)
    xtitle = Box(".xtitle", 180, 320, 220, 338)
    ytitle = Box(".ytitle", 0, 0, 16, 280)
    modebar = Box(".modebar", 300, 0, 400, 30)
    gtitle = Box(".gtitle", 150, 5, 320, 25)
    assert overlaps([legend, xtitle, ytitle, modebar, gtitle]) == [(".legend", ".xtitle"), (".modebar", ".gtitle")]
    assert overlaps([legend, ytitle, modebar]) == []
    assert overlaps([]) == []


def test_a_larger_tolerance_forgives_more() -> None:
    a, b = Box("a", 0, 0, 10, 10), Box("b", 7, 0, 20, 10)
    assert overlaps([a, b]) == [("a", "b")]
    assert overlaps([a, b], tolerance=4) == []
