"""Practice spread: which parties took up each lesson, how far, when, and via what.

Meaning (en)
------------
The *adopters* of a lesson are the distinct parties other than its origin that took it
up (a unit counts for its top-level party unless units are asked for; a party that took
it up more than once counts once, at its furthest stage and earliest date).
The *adoption curve* is the cumulative number of adopters by month (undated adoptions
are not on the curve). *Time to first adoption* is the number of days from the lesson's
date to the earliest dated adoption.
The *cascade* links every adopter to the party it got the lesson from: the provider of
the deployment it came via, or the organiser of the activity it came via, when that
party is the origin or adopted the lesson earlier; otherwise the origin. Each link is
labelled with the activity or deployment.
Rule: a practice is **stalled** at the reference date when no party other than its
origin has applied it (stage ``toegepast`` or ``geborgd``) and nothing has moved for
180 days: its latest adoption (without adoptions: its own date) lies 180 days or more
before the reference date. A practice without any date is stalled when not applied.
The reference date is given by the caller (by default the end of the period, else the
latest date in the data), never today's date, so a report can be reproduced.

Betekenis (nl)
--------------
De *overnemers* van een les zijn de verschillende partijen, behalve de partij waar de les
vandaan komt, die haar overnamen (een onderdeel telt voor zijn hoofdpartij tenzij om
onderdelen gevraagd wordt; een partij die haar vaker overnam telt één keer, in haar
verste fase en op de vroegste datum).
De *adoptiecurve* is het cumulatieve aantal overnemers per maand (overnames zonder datum
staan niet op de curve). *Tijd tot eerste overname* is het aantal dagen van de datum van
de les tot de vroegste gedateerde overname.
De *cascade* verbindt elke overnemer met de partij van wie zij de les kreeg: de
aanbieder van de inzet of de organisator van de activiteit waarlangs zij kwam, als die
partij de bron is of de les eerder overnam; anders de bron. Elke verbinding draagt de
activiteit of inzet als label.
Regel: een praktijk is **vastgelopen** op de peildatum als geen andere partij dan de bron
haar heeft toegepast (fase ``toegepast`` of ``geborgd``) en er 180 dagen niets is
gebeurd: de laatste overname (zonder overnames: de datum van de les) ligt 180 dagen of
meer vóór de peildatum. Een praktijk zonder enige datum is vastgelopen als zij niet is
toegepast. De peildatum geeft de aanroeper (standaard het einde van de periode, anders
de laatste datum in de gegevens), nooit de datum van vandaag, zodat een rapport
herhaalbaar is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.model import Adoption, Dataset, PartyKind
from graph.period import Period

__all__ = [
    "STALLED_AFTER_DAYS",
    "Adopter",
    "CascadeEdge",
    "PracticeSpread",
    "latest_date",
    "practice_spread",
]

#: Days without movement after which an unapplied practice counts as stalled.
STALLED_AFTER_DAYS = 180


@dataclass(frozen=True, slots=True)
class Adopter:
    """One party that took up a lesson."""

    party: str
    stage: str
    date: dt.date | None
    via_activity: str | None
    via_deployment: str | None


@dataclass(frozen=True, slots=True)
class CascadeEdge:
    """The lesson went from ``source`` to ``target``, via an activity or deployment."""

    source: str
    target: str
    via_kind: str | None
    """``activity``, ``deployment`` or ``None`` when unknown."""
    via: str | None


@dataclass(frozen=True, slots=True)
class PracticeSpread:
    """How one lesson spread."""

    id: str
    title: str
    origin: str
    date: dt.date | None
    theme_ids: tuple[str, ...]
    adopters: tuple[Adopter, ...]
    curve: tuple[tuple[str, int], ...]
    """``(YYYY-MM, cumulative adopters)`` per month with an adoption."""
    days_to_first: int | None
    cascade: tuple[CascadeEdge, ...]
    applied: int
    """Adopters at ``toegepast`` or ``geborgd``."""
    furthest_stage: str | None
    stalled: bool
    stalled_reason: str | None


def latest_date(dataset: Dataset) -> dt.date | None:
    """The latest date of any dated record: the default reference date."""
    days: list[dt.date] = []
    for a in dataset.activities:
        days.append(a.date)
    for records, fields in (
        (dataset.adoptions, ("date",)),
        (dataset.lessons, ("date",)),
        (dataset.questions, ("raised_on",)),
        (dataset.deployments, ("start", "end")),
        (dataset.bottlenecks, ("date",)),
    ):
        for record in records:
            for field in fields:
                value = getattr(record, field)
                if value is not None:
                    days.append(value)
    return max(days, default=None)


def practice_spread(
    dataset: Dataset,
    *,
    units: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
    reference_date: dt.date | None = None,
) -> list[PracticeSpread]:
    """Adopters, curve, cascade and stalled flag per lesson, most adopters first.

    ``reference_date`` decides what "stalled" means (see the module docstring); by
    default the end of ``period``, else the latest date in ``dataset``.
    """
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    if reference_date is None:
        reference_date = (period.end if period else None) or latest_date(dataset)
    activity_organiser = {a.id: a.organiser_id for a in data.activities}
    deployment_provider = {d.id: d.provider_id for d in data.deployments}
    by_lesson: dict[str, dict[str, Adoption]] = {}
    for adoption in data.adoptions:
        tie = index.adoption_tie(adoption, units)
        if tie is None:
            continue
        party = tie[0]
        known = by_lesson.setdefault(adoption.lesson_id, {}).get(party)
        by_lesson[adoption.lesson_id][party] = _merge(known, adoption) if known else adoption
    out = []
    for lesson in data.lessons:
        origin = index.roll(lesson.origin_id, units)
        taken = sorted(
            ((p, a) for p, a in by_lesson.get(lesson.id, {}).items()),
            key=lambda pa: (pa[1].date is None, pa[1].date or dt.date.min, pa[0]),
        )
        adopters = tuple(Adopter(p, str(a.stage), a.date, a.via_activity_id, a.via_deployment_id) for p, a in taken)
        cascade = _cascade(origin, taken, activity_organiser, deployment_provider, index, units)
        dated = [a.date for _, a in taken if a.date is not None]
        curve: list[tuple[str, int]] = []
        for n, day in enumerate(sorted(dated), start=1):
            month = f"{day.year:04d}-{day.month:02d}"
            if curve and curve[-1][0] == month:
                curve[-1] = (month, n)
            else:
                curve.append((month, n))
        first = min(dated, default=None)
        applied = sum(1 for _, a in taken if a.stage.applied)
        furthest = max((a.stage for _, a in taken), key=lambda s: s.rank, default=None)
        stalled, reason = _stalled(applied, max(dated, default=None) or lesson.date, reference_date)
        out.append(
            PracticeSpread(
                id=lesson.id,
                title=lesson.title,
                origin=origin,
                date=lesson.date,
                theme_ids=lesson.theme_ids,
                adopters=adopters,
                curve=tuple(curve),
                days_to_first=(first - lesson.date).days if first and lesson.date else None,
                cascade=cascade,
                applied=applied,
                furthest_stage=str(furthest) if furthest else None,
                stalled=stalled,
                stalled_reason=reason,
            )
        )
    return sorted(out, key=lambda s: (-len(s.adopters), -s.applied, s.id))


def _merge(known: Adoption, other: Adoption) -> Adoption:
    """One adoption per party: the furthest stage, the earliest date."""
    best = other if other.stage.rank > known.stage.rank else known
    days = [d for d in (known.date, other.date) if d is not None]
    return best.model_copy(update={"date": min(days)}) if days else best


def _cascade(
    origin: str,
    taken: list[tuple[str, Adoption]],
    organiser: dict[str, str | None],
    provider: dict[str, str],
    index: DatasetIndex,
    units: bool,
) -> tuple[CascadeEdge, ...]:
    reached: dict[str, dt.date | None] = {origin: None}
    edges = []
    for party, adoption in taken:  # in date order: earlier adopters can pass it on
        source, kind, via = origin, None, None
        if adoption.via_deployment_id:
            kind, via = "deployment", adoption.via_deployment_id
            giver = provider.get(via)
        elif adoption.via_activity_id:
            kind, via = "activity", adoption.via_activity_id
            giver = organiser.get(via)
        else:
            giver = None
        if giver is not None:
            giver = index.roll(giver, units)
            if giver in reached and giver != party and _before(reached[giver], adoption.date):
                source = giver
        edges.append(CascadeEdge(source, party, kind, via))
        reached.setdefault(party, adoption.date)
    return tuple(edges)


def _before(giver_date: dt.date | None, date: dt.date | None) -> bool:
    """Whether the giver had the lesson by ``date`` (unknown dates do not block)."""
    return giver_date is None or date is None or giver_date <= date


def _stalled(applied: int, last: dt.date | None, reference: dt.date | None) -> tuple[bool, str | None]:
    if applied:
        return False, None
    if last is None:
        return True, "not applied by any other party, and undated"
    if reference is None:
        return False, None
    idle = (reference - last).days
    if idle >= STALLED_AFTER_DAYS:
        return True, (
            f"not applied by any other party, and no movement for {idle} days "
            f"(since {last.isoformat()}; rule: {STALLED_AFTER_DAYS} days)"
        )
    return False, None
