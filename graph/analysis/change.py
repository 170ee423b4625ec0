"""What changed between two periods: key figures, learning ties and parties.

Meaning (en)
------------
The *key figures* of a period count what happened in it: parties active (a top-level
party counts when it or one of its units took part in an activity, gave or received
expertise, adopted a lesson, raised a question or bottleneck, or saw a lesson of its
own dated in the period), activities, participations, deployments of expertise and
their days, lessons dated in the period, adoptions (and how many of them are applied,
stage ``toegepast`` or ``geborgd``), learning ties, questions and bottlenecks raised.
A deployment counts, with all its days, in every period its span overlaps.
**Undated records count in every period**, so they never show up as growth.
*Growth* is the difference with the previous period, and as a percentage when the
previous value is not zero.

Learning ties are compared between the learning network of the earlier period and
that of the later one (see the learning network for what a tie is): a tie is **new**
when it has facts in the later period only, **lost** when it has facts in the earlier
period only (it was not renewed: that does not mean the relationship broke),
**strengthened** or **weakened** when its weight went up or down. A party is **new**
when it is active in the later period and was never active before that period began;
it has **gone quiet** when it was active in the earlier period and not in the later one.

In a small network a single adoption makes a tie new or lost: read the lists as
facts to discuss, not as a trend.

Betekenis (nl)
--------------
De *kerncijfers* van een periode tellen wat er in die periode gebeurde: actieve partijen
(een hoofdpartij telt mee als zij of een van haar onderdelen deelnam aan een
activiteit, expertise gaf of kreeg, een les overnam, een vraag of knelpunt inbracht,
of een eigen les had die in de periode is gedateerd), activiteiten, deelnames, inzet
van expertise en de dagen daarvan, lessen gedateerd in de periode, overnames (en
hoeveel daarvan toegepast zijn, fase ``toegepast`` of ``geborgd``), leerrelaties,
ingebrachte vragen en knelpunten. Een inzet telt, met al haar dagen, mee in elke
periode die zij overlapt. **Records zonder datum tellen in elke periode mee**, en
verschijnen dus nooit als groei. *Groei* is het verschil met de vorige periode, en als
percentage wanneer de vorige waarde niet nul is.

Leerrelaties worden vergeleken tussen het leernetwerk van de eerdere en van de latere
periode: een relatie is **nieuw** als zij alleen in de latere periode feiten heeft,
**weggevallen** als zij alleen in de eerdere periode feiten heeft (zij is niet
vernieuwd: dat betekent niet dat de relatie verbroken is), **versterkt** of
**verzwakt** als haar gewicht steeg of daalde. Een partij is **nieuw** als zij in de
latere periode actief is en vóór het begin van die periode nooit actief was; zij is
**stil gevallen** als zij in de eerdere periode actief was en in de latere niet.

In een klein netwerk maakt één overname een relatie al nieuw of weggevallen: lees de
lijsten als feiten om te bespreken, niet als trend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.analysis.learning import learning_network
from graph.model import Dataset
from graph.period import Period

__all__ = [
    "KEY_FIGURES",
    "Growth",
    "KeyFigures",
    "NetworkChange",
    "TieChange",
    "active_parties",
    "key_figure_growth",
    "key_figures",
    "network_change",
    "previous_period",
]

#: The key figures, in the order reports show them.
KEY_FIGURES: tuple[str, ...] = (
    "active_parties",
    "activities",
    "participations",
    "deployments",
    "expertise_days",
    "lessons",
    "adoptions",
    "applied_adoptions",
    "learning_ties",
    "questions",
    "bottlenecks",
)


@dataclass(frozen=True, slots=True)
class KeyFigures:
    """What happened in one period (see the module docstring)."""

    active_parties: int
    activities: int
    participations: int
    deployments: int
    expertise_days: float
    lessons: int
    adoptions: int
    applied_adoptions: int
    learning_ties: int
    questions: int
    bottlenecks: int

    def get(self, name: str) -> float:
        """The figure called ``name`` (one of :data:`KEY_FIGURES`)."""
        if name not in KEY_FIGURES:
            raise KeyError(f"unknown key figure {name!r}")
        value: float = getattr(self, name)
        return value


@dataclass(frozen=True, slots=True)
class Growth:
    """One key figure in the current and the previous period."""

    name: str
    current: float
    previous: float

    @property
    def change(self) -> float:
        """Current minus previous."""
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """The change as a percentage of the previous value; ``None`` when that is zero."""
        if self.previous == 0:
            return None
        return round(100 * self.change / self.previous, 1)


@dataclass(frozen=True, slots=True)
class TieChange:
    """A learning tie ``learner → source`` with its weight in both periods."""

    learner: str
    source: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class NetworkChange:
    """The learning ties and parties that changed from ``before`` to ``after``."""

    before: Period
    after: Period
    new_ties: tuple[TieChange, ...]
    strengthened: tuple[TieChange, ...]
    weakened: tuple[TieChange, ...]
    lost: tuple[TieChange, ...]
    unchanged: int
    new_parties: tuple[str, ...]
    quiet_parties: tuple[str, ...]


def previous_period(period: Period) -> Period | None:
    """The period of the same length just before ``period``; ``None`` if it is open.

    Whole calendar years and whole calendar months step back by years or months, so
    the year 2026 is compared with the year 2025; any other period steps back by its
    number of days.

    Examples
    --------
    >>> previous_period(Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    >>> previous_period(Period(dt.date(2026, 3, 1), dt.date(2026, 5, 31)))
    Period(start=datetime.date(2025, 12, 1), end=datetime.date(2026, 2, 28))
    >>> previous_period(Period(dt.date(2026, 3, 10), dt.date(2026, 3, 19)))
    Period(start=datetime.date(2026, 2, 28), end=datetime.date(2026, 3, 9))
    """
    start, end = period.start, period.end
    if start is None or end is None:
        return None
    next_day = end + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        first = _add_months(start, -months)
        return Period(first, start - dt.timedelta(days=1))
    length = (end - start).days + 1
    return Period(start - dt.timedelta(days=length), start - dt.timedelta(days=1))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def active_parties(dataset: Dataset, period: Period | None = None) -> frozenset[str]:
    """The top-level parties active in ``period`` (see the module docstring)."""
    period = period or Period()
    data = scope(dataset, period=period)
    index = DatasetIndex.build(dataset)
    ids: set[str] = set()
    ids.update(p.party_id for p in data.participations)
    ids.update(a.organiser_id for a in data.activities if a.organiser_id)
    for dep in data.deployments:
        ids.update((dep.provider_id, dep.recipient_id))
    ids.update(a.party_id for a in data.adoptions)
    ids.update(q.party_id for q in data.questions)
    ids.update(b.raised_by_id for b in data.bottlenecks)
    ids.update(lesson.origin_id for lesson in data.lessons if period.contains(lesson.date))
    return frozenset(index.top.get(pid, pid) for pid in ids if pid in index.top)


def key_figures(dataset: Dataset, period: Period | None = None) -> KeyFigures:
    """Count what happened in ``period`` (undated records included).

    Examples
    --------
    >>> from graph.model import Activity, Participation, Party
    >>> ds = Dataset(
    ...     parties=(Party(id="a", name="A", kind="gemeente"),),
    ...     activities=(Activity(id="x", title="X", date=dt.date(2025, 3, 1)),),
    ...     participations=(Participation(activity_id="x", party_id="a"),),
    ... )
    >>> key_figures(ds, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))).active_parties
    1
    >>> key_figures(ds, Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))).activities
    0
    """
    period = period or Period()
    data = scope(dataset, period=period)
    return KeyFigures(
        active_parties=len(active_parties(dataset, period)),
        activities=len(data.activities),
        participations=len(data.participations),
        deployments=len(data.deployments),
        expertise_days=float(sum(d.days or 0 for d in data.deployments)),
        lessons=sum(1 for lesson in data.lessons if period.contains(lesson.date)),
        adoptions=len(data.adoptions),
        applied_adoptions=sum(1 for a in data.adoptions if a.stage.applied),
        learning_ties=learning_network(dataset, period=period).number_of_edges(),
        questions=len(data.questions),
        bottlenecks=len(data.bottlenecks),
    )


def key_figure_growth(dataset: Dataset, *, current: Period, previous: Period) -> tuple[Growth, ...]:
    """Every key figure of ``current`` beside its value in ``previous``, in report order."""
    now, before = key_figures(dataset, current), key_figures(dataset, previous)
    return tuple(Growth(name, now.get(name), before.get(name)) for name in KEY_FIGURES)


def network_change(dataset: Dataset, *, before: Period, after: Period, units: bool = False) -> NetworkChange:
    """Compare the learning network of ``before`` with that of ``after``.

    Examples
    --------
    >>> from graph.model import Adoption, Lesson, Party
    >>> ds = Dataset(
    ...     parties=(Party(id="a", name="A", kind="gemeente"), Party(id="b", name="B", kind="gemeente")),
    ...     lessons=(Lesson(id="l", title="L", origin_id="b"),),
    ...     adoptions=(Adoption(lesson_id="l", party_id="a", date=dt.date(2026, 5, 1)),),
    ... )
    >>> y25 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    >>> y26 = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    >>> change = network_change(ds, before=y25, after=y26)
    >>> [(t.learner, t.source, t.before, t.after) for t in change.new_ties], change.new_parties
    ([('a', 'b', 0, 1)], ('a',))
    """
    g0 = learning_network(dataset, period=before, units=units)
    g1 = learning_network(dataset, period=after, units=units)
    w0 = {(u, v): int(w) for u, v, w in g0.edges(data="weight")}
    w1 = {(u, v): int(w) for u, v, w in g1.edges(data="weight")}

    def ties(pairs: Iterable[tuple[str, str]]) -> tuple[TieChange, ...]:
        return tuple(TieChange(u, v, w0.get((u, v), 0), w1.get((u, v), 0)) for u, v in sorted(pairs))

    both = w0.keys() & w1.keys()
    active_after = active_parties(dataset, after)
    earlier = Period(None, after.start - dt.timedelta(days=1)) if after.start is not None else before
    return NetworkChange(
        before=before,
        after=after,
        new_ties=ties(w1.keys() - w0.keys()),
        strengthened=ties(p for p in both if w1[p] > w0[p]),
        weakened=ties(p for p in both if w1[p] < w0[p]),
        lost=ties(w0.keys() - w1.keys()),
        unchanged=sum(1 for p in both if w1[p] == w0[p]),
        new_parties=tuple(sorted(active_after - active_parties(dataset, earlier))),
        quiet_parties=tuple(sorted(active_parties(dataset, before) - active_after)),
    )
