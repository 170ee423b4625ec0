"""Growth of the network per phase: what happened in each phase of a deal.

Per phase (by start date) the activities and adoptions dated in it (an adoption that
records earlier stages counts in each phase in which it reached a stage), the deployments
whose span overlaps it and the learning ties with facts in it, as
:func:`graph.analysis.filters.scope` and :func:`graph.analysis.learning.learning_network`
give them for the phase's period (undated records count in every phase; see
:mod:`graph.analysis.change` for what a period counts). Every record's date and
learning tie is worked out once for all phases: a national dataset has some 180
phases, and scoping the whole dataset per phase took 27 s.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from graph.analysis.index import DatasetIndex
from graph.model import Dataset
from graph.period import Period

__all__ = ["PhaseGrowth", "phase_growth"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class PhaseGrowth:
    """Counts of one phase (records dated in it; undated records in every phase)."""

    phase: str
    activities: int
    adoptions: int
    deployments: int
    learning_edges: int


def phase_growth(dataset: Dataset) -> tuple[PhaseGrowth, ...]:
    """Per phase (by start date): activities, adoptions, deployments and learning ties in it."""
    index = DatasetIndex.build(dataset)
    parties = {p.id for p in dataset.parties}
    drawn = {p for p in parties if index.top[p] == p}  # the learning network's nodes

    def tie(pair: tuple[str, str] | None) -> tuple[str, str] | None:
        return pair if pair and pair[0] != pair[1] and pair[0] in drawn and pair[1] in drawn else None

    activities = _ByDate([(a.date, None) for a in dataset.activities])
    # One entry per stage an adoption reached (its current one and those in ``stages``): an adoption
    # counts in every phase in which it reached a stage, once per phase.
    adoptions = _ByDate(
        [
            (since, (number, tie(index.adoption_tie(a))))
            for number, a in enumerate(dataset.adoptions)
            if a.party_id in parties and (lesson := index.lessons.get(a.lesson_id)) and lesson.origin_id in parties
            for since in dict.fromkeys(day for _, day in a.steps)
        ]
    )
    deployments = [
        (d.start, d.end, tie((index.roll(d.recipient_id), index.roll(d.provider_id))))
        for d in dataset.deployments
        if d.provider_id in parties and d.recipient_id in parties
    ]
    rows = []
    for phase in sorted(dataset.phases, key=lambda p: (p.start, p.id)):
        period = Period(phase.start, phase.end)
        adopted = list(dict(adoptions.within(period)).values())
        deployed = [t for start, end, t in deployments if period.overlaps(start, end)]
        ties = (set(adopted) | set(deployed)) - {None}
        rows.append(
            PhaseGrowth(
                phase=phase.name,
                activities=len(activities.within(period)),
                adoptions=len(adopted),
                deployments=len(deployed),
                learning_edges=len(ties),
            )
        )
    return tuple(rows)


class _ByDate(Generic[_T]):
    """Records' payloads sorted by date once, so those in a period are one slice (undated: in every period)."""

    def __init__(self, dated: list[tuple[dt.date | None, _T]]) -> None:
        known = sorted(((day, item) for day, item in dated if day is not None), key=lambda pair: pair[0])
        self.days = [day for day, _ in known]
        self.items = [item for _, item in known]
        self.undated = [item for day, item in dated if day is None]

    def within(self, period: Period) -> list[_T]:
        """The payloads of the records :meth:`graph.period.Period.contains`."""
        low = 0 if period.start is None else bisect.bisect_left(self.days, period.start)
        high = len(self.days) if period.end is None else bisect.bisect_right(self.days, period.end)
        return self.items[low:high] + self.undated
