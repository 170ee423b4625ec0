"""A period of time that scopes the analyses: from a start date to an end date.

Both ends are inclusive and either may be open. A dated record lies in the period
when its date does; a record with a span (a deployment with ``start`` and ``end``)
lies in it when the span overlaps it. **Undated records are always included**: the
programme team often does not know when something happened, and leaving those records
out would hide real facts. The reports say so beside every period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph.model import Dataset

__all__ = ["Period"]


@dataclass(frozen=True, slots=True)
class Period:
    """From ``start`` to ``end``, both inclusive; ``None`` leaves that end open.

    Examples
    --------
    >>> p = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    >>> p.contains(dt.date(2025, 6, 1)), p.contains(dt.date(2026, 1, 1)), p.contains(None)
    (True, False, True)
    """

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(
                f"period end {self.end.isoformat()} lies before start {self.start.isoformat()}"
            )

    @property
    def is_open(self) -> bool:
        """Whether the period has neither start nor end (it contains everything)."""
        return self.start is None and self.end is None

    def contains(self, day: dt.date | None) -> bool:
        """Whether ``day`` lies in the period; an unknown date (``None``) always does."""
        if day is None:
            return True
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day <= self.end

    def reached(self, day: dt.date | None) -> bool:
        """Whether something that began on ``day`` exists by the period's end.

        For states rather than events: a question raised in 2025 and still open is
        demand in 2026 as well. An unknown date (``None``) always counts.
        """
        return day is None or self.end is None or day <= self.end

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether the span from ``start`` to ``end`` overlaps the period.

        A span with one known end is treated as that single day; a span without
        dates is always included (like an undated record).
        """
        first = start if start is not None else end
        last = end if end is not None else start
        if first is None or last is None:
            return True
        if self.end is not None and first > self.end:
            return False
        return self.start is None or last >= self.start

    def label(self) -> str:
        """A short text for reports, e.g. ``2025-01-01 – 2025-12-31`` or ``all time``."""
        if self.is_open:
            return "all time"
        left = self.start.isoformat() if self.start else "…"
        right = self.end.isoformat() if self.end else "…"
        return f"{left} – {right}"

    def to_dict(self) -> dict[str, str | None]:
        """The period as JSON-ready ISO dates."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }

    @classmethod
    def from_phase(cls, dataset: Dataset, phase_id: str) -> Period:
        """The period of a deal's phase (``phases.csv``).

        Raises
        ------
        KeyError
            When the dataset has no phase with that id.
        """
        for phase in dataset.phases:
            if phase.id == phase_id:
                return cls(phase.start, phase.end)
        known = ", ".join(sorted(p.id for p in dataset.phases)) or "none"
        raise KeyError(f"unknown phase {phase_id!r} (known phases: {known})")

    @classmethod
    def from_deal(cls, dataset: Dataset, deal_id: str) -> Period:
        """The period of a whole deal (its ``start`` and ``end``, either may be open).

        Raises
        ------
        KeyError
            When the dataset has no deal with that id.
        """
        for deal in dataset.deals:
            if deal.id == deal_id:
                return cls(deal.start, deal.end)
        raise KeyError(f"unknown deal {deal_id!r}")
