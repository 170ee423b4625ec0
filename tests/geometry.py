"""Boxes on a rendered page: which text boxes of a figure overlap (for tests/browser/test_geometry.py).

Pure functions on rectangles as the browser reports them (``getBoundingClientRect``:
left, top, right, bottom in CSS pixels), so the rule is tested on hand-drawn boxes
(tests/test_geometry_helpers.py) apart from Chromium.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

__all__ = ["TOLERANCE_PX", "Box", "intersects", "overlaps"]

#: Boxes that share an edge or overlap by less than this do not count: plotly's text boxes
#: carry a pixel of anti-aliasing and rounding around the glyphs.
TOLERANCE_PX = 1.0


@dataclass(frozen=True)
class Box:
    """One element's rectangle: ``what`` names it (``".legend"``), the rest are CSS pixels."""

    what: str
    left: float
    top: float
    right: float
    bottom: float


def intersects(a: Box, b: Box, tolerance: float = TOLERANCE_PX) -> bool:
    """Whether ``a`` and ``b`` overlap by more than ``tolerance`` pixels in both directions.

    Examples
    --------
    >>> intersects(Box("a", 0, 0, 10, 10), Box("b", 5, 5, 15, 15))
    True
    >>> intersects(Box("a", 0, 0, 10, 10), Box("b", 10, 0, 20, 10))  # touching edges
    False
    """
    wide = min(a.right, b.right) - max(a.left, b.left)
    high = min(a.bottom, b.bottom) - max(a.top, b.top)
    return wide > tolerance and high > tolerance


def overlaps(boxes: Sequence[Box], tolerance: float = TOLERANCE_PX) -> list[tuple[str, str]]:
    """The pairs of ``boxes`` (by ``what``, in the given order) that intersect.

    Examples
    --------
    >>> overlaps([Box(".legend", 0, 100, 200, 120), Box(".xtitle", 90, 110, 110, 125), Box(".ytitle", 0, 0, 10, 90)])
    [('.legend', '.xtitle')]
    """
    return [(a.what, b.what) for a, b in combinations(boxes, 2) if intersects(a, b, tolerance)]
