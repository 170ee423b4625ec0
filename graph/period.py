"""A period of time that scopes the analyses: from a start date to an end date.

Both ends are inclusive and either may be open. A dated record lies in the period
when its date does; a record with a span (a deployment with ``start`` and ``end``)
lies in it when the span overlaps it. **Undated records are always included**: the
programme team often does not know when something happened, and leaving those records
out would hide real facts. The reports say so beside every period.

A period is chosen in the app by a *period key* (:func:`period_from_key`), one string
that travels in the address and through every page: ``all`` (the whole term), a phase
id (``phases.csv``), a calendar year (``2025``), or a range of ISO dates
``2025-01-01..2025-12-31`` (either end may be left out: ``2025-03-01..``), which the
address writes as ``?from=2025-01-01&to=2025-12-31`` (:mod:`app.urls`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from graph.model import Dataset

__all__ = [
    "PERIOD_ALL",
    "RANGE_SEPARATOR",
    "Period",
    "data_years",
    "is_range_key",
    "period_from_key",
    "period_or_term",
    "range_key",
    "range_of_key",
]

#: The period key of the whole term (no period).
PERIOD_ALL = "all"
#: Between the two ISO dates of a range key (``2025-01-01..2025-12-31``).
RANGE_SEPARATOR = ".."

_YEAR = re.compile(r"^\d{4}$")
_ISO = r"\d{4}-\d{2}-\d{2}"
_RANGE = re.compile(rf"^(?P<start>{_ISO})?\.\.(?P<end>{_ISO})?$")


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
            raise ValueError(f"period end {self.end.isoformat()} lies before start {self.start.isoformat()}")

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
    def of_year(cls, year: int) -> Period:
        """The calendar year ``year``, 1 January to 31 December.

        Examples
        --------
        >>> Period.of_year(2026).label()
        '2026-01-01 – 2026-12-31'
        """
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

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


def range_key(start: dt.date | None, end: dt.date | None) -> str:
    """The period key of the dates from ``start`` to ``end`` (either may be open).

    Examples
    --------
    >>> range_key(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    '2025-01-01..2025-12-31'
    >>> range_key(dt.date(2025, 3, 1), None)
    '2025-03-01..'
    """
    left = start.isoformat() if start else ""
    right = end.isoformat() if end else ""
    return f"{left}{RANGE_SEPARATOR}{right}"


def is_range_key(key: str | None) -> bool:
    """Whether ``key`` has the form of a range of dates (valid dates or not).

    Examples
    --------
    >>> is_range_key("2025-01-01..2025-12-31"), is_range_key("..2025-06-30"), is_range_key("fase-1")
    (True, True, False)
    """
    return bool(key) and _RANGE.match(key or "") is not None


def range_of_key(key: str) -> Period:
    """The period of a range key (:func:`range_key`).

    Raises
    ------
    ValueError
        When ``key`` is no range, a date does not exist (``2025-02-30``), the range has
        no end at all (``..``: say ``all``), or its end lies before its start.

    Examples
    --------
    >>> range_of_key("2025-01-01..2025-12-31")
    Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    >>> range_of_key("2025-12-31..2025-01-01")
    Traceback (most recent call last):
    ...
    ValueError: period end 2025-01-01 lies before start 2025-12-31
    """
    found = _RANGE.match(key)
    if found is None:
        raise ValueError(f"{key!r} is not a range of dates (YYYY-MM-DD..YYYY-MM-DD)")
    start, end = (dt.date.fromisoformat(v) if v else None for v in (found["start"], found["end"]))
    if start is None and end is None:
        raise ValueError(f"{key!r} names neither a start nor an end")
    return Period(start, end)


def period_from_key(dataset: Dataset, key: str | None) -> Period | None:
    """The period a period key stands for in ``dataset``; ``None`` is the whole term.

    A phase id wins over a year of the same text (a phase called ``2025`` is that phase).

    Raises
    ------
    KeyError
        For a key that is no phase of ``dataset``, no year and no range of dates.
    ValueError
        For a range of dates that is not valid (:func:`range_of_key`).

    Examples
    --------
    >>> from graph.model import Deal, Phase
    >>> ds = Dataset(deals=(Deal(id="d", name="D"),), phases=(
    ...     Phase(id="fase-1", deal_id="d", name="Fase 1", start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)),))
    >>> period_from_key(ds, "all") is None, period_from_key(ds, "fase-1").end
    (True, datetime.date(2025, 6, 30))
    >>> period_from_key(ds, "2026").label(), period_from_key(ds, "..2025-03-31").label()
    ('2026-01-01 – 2026-12-31', '… – 2025-03-31')
    """
    if not key or key == PERIOD_ALL:
        return None
    if any(phase.id == key for phase in dataset.phases):
        return Period.from_phase(dataset, key)
    if _YEAR.match(key):
        return Period.of_year(int(key))
    if is_range_key(key):
        return range_of_key(key)
    return Period.from_phase(dataset, key)  # raises KeyError naming the known phases


def period_or_term(dataset: Dataset, key: str | None) -> Period | None:
    """The period of a period key as every page reads it: :func:`period_from_key`, and the
    whole term (``None``) for a key it does not understand (a phase deleted since a link was
    shared, a date that does not exist), as :meth:`app.services.Services.period` does.

    Examples
    --------
    >>> ds = Dataset()
    >>> period_or_term(ds, "2025").label(), period_or_term(ds, "fase-9"), period_or_term(ds, "2025-02-30..")
    ('2025-01-01 – 2025-12-31', None, None)
    """
    try:
        return period_from_key(dataset, key)
    except (KeyError, ValueError):
        return None


def data_years(dataset: Dataset) -> tuple[int, ...]:
    """Every calendar year in which ``dataset`` has a dated record, ascending.

    Dates of activities, adoptions, lessons, questions (raised on), bottlenecks and
    self-assessments (their year), and every year a deployment's span covers.

    Examples
    --------
    >>> from graph.model import Activity, Assessment
    >>> data_years(Dataset(activities=(Activity(id="x", title="X", date=dt.date(2025, 5, 1)),),
    ...                    assessments=(Assessment(year=2027, indicator="proces", score=3),)))
    (2025, 2027)
    """
    years: set[int] = {a.date.year for a in dataset.activities}
    years |= {a.year for a in dataset.assessments}
    for records, field in (
        (dataset.adoptions, "date"),
        (dataset.lessons, "date"),
        (dataset.questions, "raised_on"),
        (dataset.bottlenecks, "date"),
    ):
        years |= {day.year for record in records if (day := getattr(record, field)) is not None}
    for dep in dataset.deployments:
        first = dep.start or dep.end
        last = dep.end or dep.start
        if first is not None and last is not None:
            years |= set(range(first.year, last.year + 1))
    return tuple(sorted(years))
