"""What every result that leaves :mod:`graph` is made of: typed, immutable models.

The analyses and the report builder hand the app and the reports pydantic models
(frozen, no extra fields), never ``dict[str, Any]``: a renderer can only format what
is there, not count it again. Each section of the report says what it rests on
(:class:`Basis`: the records counted, by file) and the unit of each of its figures
(:class:`graph.counting.Unit`), so a reader can check a figure against its basis.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Basis", "ResultModel"]


class ResultModel(BaseModel):
    """Base of every result that leaves :mod:`graph`: typed, immutable, no extra fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Basis(ResultModel):
    """What one section of a report rests on.

    ``counted`` holds the records counted, by file name (``deployments``,
    ``adoptions``, ``activities``, ``themes``...); ``units`` the unit of each figure
    of the section, by field name (see :class:`graph.counting.Unit`); ``rule`` names
    the counting rule that applies, in one line.
    """

    counted: dict[str, int]
    units: dict[str, str] = {}
    rule: str = ""
