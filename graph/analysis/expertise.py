"""Expertise use: where each provider's deployments went, by recipient, theme and month.

Meaning (en)
------------
Every deployment counts for its provider (a ministry unit or any other party; with
roll-up, for the provider's top-level party) and its recipient (rolled up the same
way), in the month it started (or ended, when only the end is known; undated
deployments have no month). A deployment with several themes is listed under each of
them, so per-theme rows may add up to more than the provider's total; the totals per
provider count each deployment once. A deployment without themes takes those of the
question it answers, else it is listed without theme. *Days* are the days spent as
recorded (missing days count as 0 and are counted separately).

Betekenis (nl)
--------------
Elke inzet telt voor de aanbieder (een onderdeel van een ministerie of een andere
partij; met optellen naar de hoofdpartij: voor die hoofdpartij) en voor de ontvanger
(op dezelfde manier), in de maand waarin de inzet begon (of eindigde, als alleen het
einde bekend is; een inzet zonder datum heeft geen maand). Een inzet met meerdere
thema's staat onder elk van die thema's, dus rijen per thema kunnen samen meer zijn dan
het totaal van de aanbieder; de totalen per aanbieder tellen elke inzet één keer. Een
inzet zonder thema krijgt de thema's van de leervraag die zij beantwoordt, anders staat
zij zonder thema. *Dagen* zijn de bestede dagen zoals vastgelegd (ontbrekende dagen
tellen als 0 en worden apart geteld).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.model import Dataset, PartyKind
from graph.period import Period

__all__ = ["ExpertiseRow", "ExpertiseTotal", "expertise_totals", "expertise_use"]


@dataclass(frozen=True, slots=True)
class ExpertiseRow:
    """Deployments of one provider for one recipient, on one theme, in one month."""

    provider: str
    recipient: str
    theme: str | None
    month: str | None
    """``YYYY-MM``, or ``None`` when undated."""
    deployments: int
    days: float
    undated_days: int
    """Deployments among these without recorded days."""


@dataclass(frozen=True, slots=True)
class ExpertiseTotal:
    """All deployments of one provider, each counted once."""

    provider: str
    deployments: int
    days: float
    recipients: tuple[str, ...]


def _deployment_rows(
    dataset: Dataset,
    roll_up: bool,
    period: Period | None,
    theme: str | None,
    kinds: Collection[PartyKind | str] | None,
) -> Iterator[tuple[str, str, tuple[str, ...], str | None, float | None]]:
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    question_themes = {q.id: q.theme_ids for q in data.questions}
    for d in data.deployments:
        day = d.start or d.end
        month = f"{day.year:04d}-{day.month:02d}" if day else None
        themes = d.theme_ids or question_themes.get(d.question_id or "", ())
        yield (
            index.roll(d.provider_id, not roll_up),
            index.roll(d.recipient_id, not roll_up),
            themes,
            month,
            d.days,
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
    """Deployments and days per provider, recipient, theme and month.

    Sorted by provider, recipient, theme and month (undated and unthemed last).
    ``roll_up`` counts units for their top-level party; without ``by_month`` the
    months are added up (``month`` is ``None`` on every row).
    """
    totals: dict[tuple[str, str, str | None, str | None], list[float]] = {}
    for provider, recipient, themes, month, days in _deployment_rows(dataset, roll_up, period, theme, kinds):
        if not by_month:
            month = None
        for tid in themes or (None,):
            cell = totals.setdefault((provider, recipient, tid, month), [0, 0.0, 0])
            cell[0] += 1
            cell[1] += days or 0.0
            cell[2] += days is None
    return [
        ExpertiseRow(p, r, t, m, int(c[0]), round(c[1], 2), int(c[2]))
        for (p, r, t, m), c in sorted(
            totals.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "~", kv[0][3] or "~")
        )
    ]


def expertise_totals(
    dataset: Dataset,
    *,
    roll_up: bool = False,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> list[ExpertiseTotal]:
    """Per provider: deployments and days (each deployment once) and its recipients."""
    totals: dict[str, tuple[int, float, set[str]]] = {}
    for provider, recipient, _, _, days in _deployment_rows(dataset, roll_up, period, theme, kinds):
        n, total, recipients = totals.get(provider, (0, 0.0, set()))
        recipients.add(recipient)
        totals[provider] = (n + 1, total + (days or 0.0), recipients)
    return [
        ExpertiseTotal(p, n, round(total, 2), tuple(sorted(r)))
        for p, (n, total, r) in sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))
    ]
