"""Practice spread: which parties took up each lesson, how far, when, and via what.

Meaning (en)
------------
The *adopters* of a lesson are the distinct parties other than its origin that took it
up (a unit counts for its top-level party unless units are asked for; a party that took
it up more than once counts once, at its furthest stage and earliest date).
An adoption may record the dates at which the party reached earlier stages (``stages``):
a party counts at the stage it had reached at the reference date, from the first date it
took the lesson up. The *adoption curve* is the cumulative number of adopters by month,
each counted from its first stage (undated adoptions are not on the curve); the
*progress* is, per month, how many adopters stood at each stage at the month's end.
Within a period, an adoption counts when one of its stages was reached in it. *Time to first adoption* is the number of days from the lesson's
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
Een overname kan de data vastleggen waarop de partij eerdere fasen bereikte (``stages``):
een partij telt in de fase die zij op de peildatum had bereikt, vanaf de eerste datum
waarop zij de les oppakte. De *adoptiecurve* is het cumulatieve aantal overnemers per
maand, elk geteld vanaf zijn eerste fase (overnames zonder datum staan niet op de
curve); de *voortgang* is per maand hoeveel overnemers aan het eind van die maand in
elke fase stonden. Binnen een periode telt een overname als een van haar fasen erin werd bereikt. *Tijd tot eerste overname* is het aantal dagen van de datum van
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
from functools import lru_cache

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.model import Adoption, Dataset, PartyKind, Stage
from graph.period import Period

__all__ = [
    "STALLED_AFTER_DAYS",
    "Adopter",
    "CascadeEdge",
    "PracticeSpread",
    "StagePoint",
    "latest_date",
    "practice_spread",
]

#: Days without movement after which an unapplied practice counts as stalled.
STALLED_AFTER_DAYS = 180

#: Each stage's order, looked up once (``Stage.rank`` searches the list of stages each time).
_RANK = {stage: stage.rank for stage in Stage}
#: An adoption's stages with their dates, earliest first (:attr:`graph.model.Adoption.steps`).
_Steps = tuple[tuple[Stage, dt.date | None], ...]


@dataclass(frozen=True, slots=True)
class Adopter:
    """One party that took up a lesson."""

    party: str
    stage: str
    date: dt.date | None
    via_activity: str | None
    via_deployment: str | None
    stage_date: dt.date | None = None
    """When the party reached ``stage``; ``date`` is when it first took the lesson up (its earliest stage)."""


@dataclass(frozen=True, slots=True)
class StagePoint:
    """How many adopters stood at each stage at the end of a month."""

    month: str
    """``YYYY-MM``."""
    stages: tuple[tuple[str, int], ...]
    """``(stage, adopters)`` for every stage, in order from ``interesse`` to ``geborgd``."""


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
    progress: tuple[StagePoint, ...] = ()
    """Per month with a dated stage reached (up to the reference date), the adopters at each stage."""


def latest_date(dataset: Dataset) -> dt.date | None:
    """The latest date of any dated record: the default reference date."""
    days: list[dt.date] = []
    for a in dataset.activities:
        days.append(a.date)
    for adoption in dataset.adoptions:
        days.extend(since for _, since in adoption.steps if since is not None)
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
    # Adoptions by their stages, not only their current date: one reached in the period counts.
    kept = {lesson.id for lesson in data.lessons}
    parties = {party.id for party in data.parties}
    adoptions = (
        scope(dataset, theme=theme, kinds=kinds).adoptions
        if period is not None and not period.is_open
        else data.adoptions
    )
    by_lesson: dict[str, dict[str, list[tuple[Adoption, _Steps]]]] = {}
    for adoption in adoptions:
        if adoption.lesson_id not in kept or adoption.party_id not in parties:
            continue
        steps = adoption.steps  # read once: the period, the stage reached and the progress all ask
        if period is not None and not any(period.contains(since) for _, since in steps):
            continue
        tie = index.adoption_tie(adoption, units)
        if tie is not None:
            by_lesson.setdefault(adoption.lesson_id, {}).setdefault(tie[0], []).append((adoption, steps))
    out = []
    for lesson in data.lessons:
        origin = index.roll(lesson.origin_id, units)
        counted = [
            (party, taken)
            for party, records in by_lesson.get(lesson.id, {}).items()
            if (taken := _taken([a for a, _ in records], reference_date, period, [s for _, s in records])) is not None
        ]
        counted.sort(key=lambda pt: (pt[1].since is None, pt[1].since or dt.date.min, pt[0]))
        adopters = tuple(taken.adopter(party) for party, taken in counted)
        cascade = _cascade(
            origin,
            [(p, t.representative, t.since or t.representative.date) for p, t in counted],
            activity_organiser,
            deployment_provider,
            index,
            units,
        )
        firsts = [t.since for _, t in counted if t.since is not None]
        curve: list[tuple[str, int]] = []
        for n, day in enumerate(sorted(firsts), start=1):
            month = _month(day)
            if curve and curve[-1][0] == month:
                curve[-1] = (month, n)
            else:
                curve.append((month, n))
        first = min(firsts, default=None)
        applied = sum(1 for _, t in counted if t.stage.applied)
        furthest = max((t.stage for _, t in counted), key=_RANK.__getitem__, default=None)
        moved = [
            since
            for _, t in counted
            for steps in t.steps
            for _, since in steps
            if since is not None and (reference_date is None or since <= reference_date)
        ]
        stalled, reason = _stalled(applied, max(moved, default=None) or lesson.date, reference_date)
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
                progress=_progress([t.steps for _, t in counted], reference_date, period),
            )
        )
    return sorted(out, key=lambda s: (-len(s.adopters), -s.applied, s.id))


@lru_cache(maxsize=4096)
def _month(day: dt.date) -> str:
    """``YYYY-MM`` of ``day`` (asked for every stage of every adoption: remembered)."""
    return f"{day.year:04d}-{day.month:02d}"


def _step_on(steps: _Steps, day: dt.date | None) -> tuple[Stage, dt.date | None] | None:
    """The stage (and the date it was reached) an adoption with these ``steps`` stood at on ``day``;
    ``None``: not yet taken up.

    Without a ``day``, its current stage.
    """
    if day is None:
        return steps[-1]
    reached = None
    for stage, since in steps:
        if since is not None and since > day:
            break
        reached = (stage, since)
    return reached


@dataclass(frozen=True, slots=True)
class _Taken:
    """How one party (its adoptions of one lesson, units rolled up) stood at the reference date."""

    stage: Stage
    date: dt.date | None
    """When it reached ``stage`` (the earliest, over its adoptions at that stage)."""
    since: dt.date | None
    """When it first took the lesson up (in the period, when there is one)."""
    representative: Adoption
    """The adoption that brought it furthest: what the cascade follows (from ``since``, when there is one)."""
    records: tuple[Adoption, ...]
    steps: tuple[_Steps, ...]
    """Each record's steps (:attr:`graph.model.Adoption.steps`), read once."""

    def adopter(self, party: str) -> Adopter:
        best = self.representative
        return Adopter(party, str(self.stage), self.since, best.via_activity_id, best.via_deployment_id, self.date)


def _taken(
    records: list[Adoption], day: dt.date | None, period: Period | None, read: list[_Steps] | None = None
) -> _Taken | None:
    """The furthest stage the party's adoptions had reached on ``day``, with the earliest dates; ``None``: none yet.

    ``read``: each record's :attr:`graph.model.Adoption.steps`, when the caller has read them already.

    Examples
    --------
    >>> a = Adoption(lesson_id="l", party_id="p", stage="toegepast", date=dt.date(2026, 1, 10),
    ...              stages=("interesse:2025-05-01",))
    >>> t = _taken([a], dt.date(2025, 12, 31), None)
    >>> str(t.stage), t.date, t.since
    ('interesse', datetime.date(2025, 5, 1), datetime.date(2025, 5, 1))
    >>> _taken([a], dt.date(2025, 1, 1), None) is None
    True
    """
    every = tuple(adoption.steps for adoption in records) if read is None else tuple(read)
    if len(every) == 1 and len(every[0]) == 1:  # most parties: one adoption, no earlier stage recorded
        ((stage, reached),) = every[0]
        if day is not None and reached is not None and reached > day:
            return None
        counts = reached is not None and (period is None or period.contains(reached))
        return _Taken(
            stage=stage,
            date=reached,
            since=reached if counts else None,
            representative=records[0],
            records=tuple(records),
            steps=every,
        )
    steps = [(adoption, step) for adoption, own in zip(records, every) if (step := _step_on(own, day)) is not None]
    if not steps:
        return None
    best_adoption, (stage, _) = max(steps, key=lambda pair: _RANK[pair[1][0]])
    at_stage = [since for _, (s, since) in steps if s is stage]
    dates = [d for d in at_stage if d is not None]
    starts = [
        since
        for own in every
        for _, since in own
        if since is not None and (day is None or since <= day) and (period is None or period.contains(since))
    ]
    since = min(starts, default=None)
    return _Taken(
        stage=stage,
        date=min(dates, default=None),
        since=since,
        representative=best_adoption,
        records=tuple(records),
        steps=every,
    )


def _progress(parties: list[tuple[_Steps, ...]], day: dt.date | None, period: Period | None) -> tuple[StagePoint, ...]:
    """Per month in which a stage was reached (up to ``day``, within ``period``), the adopters at each stage.

    ``parties``: per adopter, the steps of each of its adoptions of the lesson.
    """
    months = sorted(
        {
            _month(since)
            for records in parties
            for steps in records
            for _, since in steps
            if since is not None and (day is None or since <= day) and (period is None or period.contains(since))
        }
    )
    # A party's stage at a month's end changes only when one of its dates is passed: it is
    # worked out again only then (its dates, latest first, are popped as months pass), and
    # the counts follow the parties whose stage changed.
    pending = [
        sorted({since for s in records for _, since in s if since is not None}, reverse=True) for records in parties
    ]
    standing: list[Stage | None] = [None] * len(parties)
    counts = dict.fromkeys(Stage, 0)
    points = []
    for k, month in enumerate(months):
        year, number = int(month[:4]), int(month[5:])
        end = dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)
        if day is not None and end > day:
            end = day
        for i, records in enumerate(parties):
            dates = pending[i]
            if k and not (dates and dates[-1] <= end):
                continue  # no date of this party passed since the last month's end: its stage stands
            while dates and dates[-1] <= end:
                dates.pop()
            reached = [step[0] for s in records if (step := _step_on(s, end)) is not None and step[1] is not None]
            now = max(reached, key=_RANK.__getitem__) if reached else None
            before = standing[i]
            if now is not before:
                if before is not None:
                    counts[before] -= 1
                if now is not None:
                    counts[now] += 1
                standing[i] = now
        points.append(StagePoint(month, tuple((str(stage), n) for stage, n in counts.items())))
    return tuple(points)


def _cascade(
    origin: str,
    taken: list[tuple[str, Adoption, dt.date | None]],
    organiser: dict[str, str | None],
    provider: dict[str, str],
    index: DatasetIndex,
    units: bool,
) -> tuple[CascadeEdge, ...]:
    """Who each adopter got the lesson from; ``taken``: per adopter, in date order, the adoption
    that brought it furthest and the date it took the lesson up."""
    reached: dict[str, dt.date | None] = {origin: None}
    edges = []
    for party, adoption, date in taken:  # in date order: earlier adopters can pass it on
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
            if giver in reached and giver != party and _before(reached[giver], date):
                source = giver
        edges.append(CascadeEdge(source, party, kind, via))
        reached.setdefault(party, date)
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
