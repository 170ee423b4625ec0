"""Expertise use: where each provider's deployments went, by recipient, theme and month.

Meaning (en)
------------
Every deployment counts once for its provider (a ministry unit or any other party;
with roll-up, for the provider's top-level party) and once for its recipient (rolled
up the same way), in the month it started (or ended, when only the end is known;
undated deployments have no month), with all its days. A deployment with several
themes is **split evenly** over them in the rows by theme: on two themes it counts as
half a deployment, with half its days, under each. So the rows add up to the totals
per provider, per recipient and per month, which count each deployment once. A
deployment without themes takes those of the question it answers, else it is listed
without theme. *Days* are the days spent as recorded (missing days count as 0; the
deployments without days are counted separately).

Betekenis (nl)
--------------
Elke inzet telt één keer voor de aanbieder (een onderdeel van een ministerie of een
andere partij; met optellen naar de hoofdpartij: voor die hoofdpartij) en één keer
voor de ontvanger (op dezelfde manier), in de maand waarin de inzet begon (of
eindigde, als alleen het einde bekend is; een inzet zonder datum heeft geen maand),
met al haar dagen. Een inzet met meerdere thema's wordt in de rijen per thema **gelijk
verdeeld** over die thema's: op twee thema's telt zij onder elk als een halve inzet,
met de helft van haar dagen. Zo tellen de rijen op tot de totalen per aanbieder, per
ontvanger en per maand, die elke inzet één keer tellen. Een inzet zonder thema krijgt
de thema's van de leervraag die zij beantwoordt, anders staat zij zonder thema.
*Dagen* zijn de bestede dagen zoals vastgelegd (ontbrekende dagen tellen als 0;
inzetten zonder dagen worden apart geteld).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.counting import Unit, theme_shares
from graph.model import Dataset, PartyKind
from graph.period import Period
from graph.results import Basis, ResultModel

__all__ = [
    "ExpertiseRow",
    "ExpertiseTotal",
    "ExpertiseUse",
    "QuarterTotal",
    "RecipientTotal",
    "expertise",
    "expertise_totals",
    "expertise_use",
]

#: Sums of shares are kept to this many decimals (a third plus a third plus a third is 1).
_PRECISION = 6

#: The unit of every figure of an expertise result.
UNITS: dict[str, str] = {"deployments": Unit.DEPLOYMENTS, "days": Unit.DAYS, "undated_days": Unit.DEPLOYMENTS}


class ExpertiseRow(ResultModel):
    """Deployments of one provider for one recipient on one theme (in one month).

    ``deployments`` and ``undated_days`` are shares when deployments are split over
    several themes (see the module docstring).
    """

    provider: str
    recipient: str
    theme: str | None
    month: str | None
    """``YYYY-MM``; ``None`` when undated or when months are added up."""
    deployments: float
    days: float
    undated_days: float
    """Deployments among these without recorded days."""


class ExpertiseTotal(ResultModel):
    """All deployments of one provider, each counted once."""

    provider: str
    deployments: int
    days: float
    recipients: tuple[str, ...]
    undated_days: int = 0
    """Deployments without recorded days."""
    themes: tuple[str, ...] = ()
    """The distinct themes of the provider's deployments (as in the rows by theme; unthemed ones add none)."""


class RecipientTotal(ResultModel):
    """All deployments one recipient received, each counted once."""

    recipient: str
    deployments: int
    days: float


class QuarterTotal(ResultModel):
    """Deployments that started (or ended) in one calendar quarter, each counted once."""

    year: int
    quarter: int
    """1 to 4."""
    deployments: int
    days: float


class ExpertiseUse(ResultModel):
    """Expertise use in one scope: rows by theme, and totals that count each deployment once."""

    rows: tuple[ExpertiseRow, ...]
    """By provider, recipient and theme (months added up)."""
    monthly: tuple[ExpertiseRow, ...]
    """By provider, recipient, theme and month."""
    totals: tuple[ExpertiseTotal, ...]
    """Per provider, most deployments first."""
    recipients: tuple[RecipientTotal, ...]
    quarters: tuple[QuarterTotal, ...]
    """Dated deployments per quarter, in time order."""
    deployments: int
    days: float
    undated_days: int
    roll_up: bool
    basis: Basis
    themes: tuple[str, ...] = ()
    """The distinct themes of the deployments in scope (as in the rows by theme)."""

    def total_of(self, provider: str) -> ExpertiseTotal | None:
        """The total of ``provider`` (as the rows name it), if it deployed anything."""
        return next((t for t in self.totals if t.provider == provider), None)


@dataclass(frozen=True, slots=True)
class _Deployment:
    provider: str
    recipient: str
    themes: tuple[str, ...]
    month: str | None
    days: float | None


@dataclass(slots=True)
class _Sum:
    """A running total of whole deployments (each counted once)."""

    deployments: int = 0
    days: float = 0.0
    undated: int = 0
    recipients: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)

    def add(self, d: _Deployment) -> None:
        self.deployments += 1
        self.days += d.days or 0.0
        self.undated += d.days is None
        self.recipients.add(d.recipient)
        self.themes.update(d.themes)


def _deployments(
    dataset: Dataset,
    roll_up: bool,
    period: Period | None,
    theme: str | None,
    kinds: Collection[PartyKind | str] | None,
    provider: str | None,
) -> Iterator[_Deployment]:
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    question_themes = {q.id: q.theme_ids for q in data.questions}
    for d in data.deployments:
        if provider is not None and provider not in (d.provider_id, index.roll(d.provider_id)):
            continue
        day = d.start or d.end
        yield _Deployment(
            provider=index.roll(d.provider_id, not roll_up),
            recipient=index.roll(d.recipient_id, not roll_up),
            themes=d.theme_ids or question_themes.get(d.question_id or "", ()),
            month=f"{day.year:04d}-{day.month:02d}" if day else None,
            days=d.days,
        )


def _rows(found: list[_Deployment], by_month: bool) -> tuple[ExpertiseRow, ...]:
    cells: dict[tuple[str, str, str | None, str | None], list[float]] = {}
    for d in found:
        month = d.month if by_month else None
        for tid, share in theme_shares(d.themes):
            cell = cells.setdefault((d.provider, d.recipient, tid, month), [0.0, 0.0, 0.0])
            cell[0] += share
            cell[1] += (d.days or 0.0) * share
            cell[2] += share if d.days is None else 0.0
    return tuple(
        ExpertiseRow(
            provider=p,
            recipient=r,
            theme=t,
            month=m,
            deployments=round(c[0], _PRECISION),
            days=round(c[1], _PRECISION),
            undated_days=round(c[2], _PRECISION),
        )
        for (p, r, t, m), c in sorted(
            cells.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "~", kv[0][3] or "~")
        )
    )


def expertise(
    dataset: Dataset,
    *,
    roll_up: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
    provider: str | None = None,
) -> ExpertiseUse:
    """Expertise use in scope: rows by theme (and month) and totals; see the module docstring.

    ``roll_up`` counts units for their top-level party. ``provider`` keeps only the
    deployments of that party: given a top-level party, those of its units too.

    Examples
    --------
    >>> from graph.model import Deployment, Party
    >>> ds = Dataset(
    ...     parties=(Party(id="m", name="M", kind="ministerie"), Party(id="g", name="G", kind="gemeente")),
    ...     deployments=(Deployment(id="d", provider_id="m", recipient_id="g", theme_ids=("a", "b"), days=3),),
    ... )
    >>> use = expertise(ds)
    >>> [(r.theme, r.deployments, r.days) for r in use.rows], (use.deployments, use.days)
    ([('a', 0.5, 1.5), ('b', 0.5, 1.5)], (1, 3.0))
    """
    found = list(_deployments(dataset, roll_up, period, theme, kinds, provider))
    providers: dict[str, _Sum] = {}
    recipients: dict[str, _Sum] = {}
    quarters: dict[tuple[int, int], _Sum] = {}
    for d in found:
        providers.setdefault(d.provider, _Sum()).add(d)
        recipients.setdefault(d.recipient, _Sum()).add(d)
        if d.month is not None:
            year, month = int(d.month[:4]), int(d.month[5:])
            quarters.setdefault((year, (month - 1) // 3 + 1), _Sum()).add(d)
    themes = {tid for d in found for tid in d.themes}
    return ExpertiseUse(
        rows=_rows(found, by_month=False),
        monthly=_rows(found, by_month=True),
        totals=tuple(
            ExpertiseTotal(
                provider=p,
                deployments=t.deployments,
                days=round(t.days, _PRECISION),
                recipients=tuple(sorted(t.recipients)),
                undated_days=t.undated,
                themes=tuple(sorted(t.themes)),
            )
            for p, t in sorted(providers.items(), key=lambda kv: (-kv[1].deployments, kv[0]))
        ),
        recipients=tuple(
            RecipientTotal(recipient=r, deployments=t.deployments, days=round(t.days, _PRECISION))
            for r, t in sorted(recipients.items())
        ),
        quarters=tuple(
            QuarterTotal(year=y, quarter=q, deployments=t.deployments, days=round(t.days, _PRECISION))
            for (y, q), t in sorted(quarters.items())
        ),
        deployments=len(found),
        days=round(sum(d.days or 0.0 for d in found), _PRECISION),
        undated_days=sum(1 for d in found if d.days is None),
        roll_up=roll_up,
        themes=tuple(sorted(themes)),
        basis=Basis(
            counted={"deployments": len(found), "themes": len(themes)},
            units=dict(UNITS),
            rule="each deployment once in every total; split evenly over its themes in the rows by theme",
        ),
    )


def expertise_use(
    dataset: Dataset,
    *,
    roll_up: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
    by_month: bool = True,
) -> list[ExpertiseRow]:
    """Deployments and days per provider, recipient, theme and month (split over themes).

    Sorted by provider, recipient, theme and month (undated and unthemed last).
    ``roll_up`` counts units for their top-level party; without ``by_month`` the
    months are added up (``month`` is ``None`` on every row).
    """
    found = list(_deployments(dataset, roll_up, period, theme, kinds, None))
    return list(_rows(found, by_month=by_month))


def expertise_totals(
    dataset: Dataset,
    *,
    roll_up: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> list[ExpertiseTotal]:
    """Per provider: deployments and days (each deployment once) and its recipients."""
    return list(expertise(dataset, roll_up=roll_up, period=period, theme=theme, kinds=kinds).totals)
