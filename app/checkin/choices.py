"""What the public forms show, built from the data: only what the public view may show.

A participant has no account, so the check-in form is built from the **public** view
(:func:`graph.visibility.view_for` with :attr:`~graph.visibility.Audience.PUBLIC`): no
confidential party, lesson or activity title and no person is ever offered or named.
A confidential activity is named by its date only.

Pure functions on a :class:`~graph.model.Dataset`; the routes pass the store's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.checkin.forms import CheckinChoices
from graph.model import Activity, Assessment, Dataset, Party
from graph.visibility import Audience, view_for

__all__ = [
    "ActivityForm",
    "Option",
    "activity_form",
    "party_label",
    "previous_scores",
    "round_parties",
]


@dataclass(frozen=True)
class Option:
    """One choice of a picker: the submitted value and the text shown."""

    value: str
    label: str


@dataclass(frozen=True)
class ActivityForm:
    """Everything the check-in form of one activity offers."""

    activity_id: str
    title: str | None
    """The activity's title; ``None`` for a confidential activity (shown by date only)."""
    date: dt.date
    participants: tuple[Option, ...]
    """Parties that took part (public ones): first in the party picker, and the 'from whom' choices."""
    others: tuple[Option, ...]
    """Every other public party, for the party picker."""
    lessons: tuple[Option, ...]
    """Public lessons on the activity's themes (or from the activity itself)."""

    def choices(self) -> CheckinChoices:
        """The ids a posted form may name."""
        return CheckinChoices(
            parties=frozenset(o.value for o in self.participants + self.others),
            lessons=frozenset(o.value for o in self.lessons),
            sources=frozenset(o.value for o in self.participants),
        )


def party_label(party: Party, parties: dict[str, Party]) -> str:
    """A party's name; a unit's with its party's (``DG Wonen (BZK)``).

    >>> a, b = Party(id="bzk", name="BZK", kind="ministerie"), Party(id="dgw", name="DG Wonen", kind="ministerie", parent_id="bzk")
    >>> party_label(b, {"bzk": a, "dgw": b})
    'DG Wonen (BZK)'
    """
    parent = parties.get(party.parent_id) if party.parent_id else None
    return f"{party.name} ({parent.name})" if parent is not None else party.name


def _options(parties: Iterable[Party], every: dict[str, Party]) -> tuple[Option, ...]:
    return tuple(
        sorted((Option(p.id, party_label(p, every)) for p in parties), key=lambda o: (o.label.casefold(), o.value))
    )


def _theme_family(view: Dataset, theme_ids: Iterable[str]) -> set[str]:
    """The themes and all their sub-themes."""
    family = set(theme_ids)
    grew = True
    while grew:
        more = {t.id for t in view.themes if t.parent_id in family} - family
        family |= more
        grew = bool(more)
    return family


def activity_form(dataset: Dataset, activity_id: str) -> ActivityForm | None:
    """The check-in form of ``activity_id`` from the whole ``dataset`` (``None``: no such activity).

    Parties, lessons and the title come from the public view only.
    """
    activity: Activity | None = next((a for a in dataset.activities if a.id == activity_id), None)
    if activity is None:
        return None
    public = view_for(dataset, Audience.PUBLIC)
    shown = next((a for a in public.activities if a.id == activity_id), None)
    parties = {p.id: p for p in public.parties}
    taking_part = {p.party_id for p in dataset.participations if p.activity_id == activity_id} & set(parties)
    family = _theme_family(public, activity.theme_ids)
    lessons = [
        lesson for lesson in public.lessons if lesson.activity_id == activity_id or family & set(lesson.theme_ids)
    ]
    if not lessons and not activity.theme_ids:
        lessons = list(public.lessons)
    return ActivityForm(
        activity_id=activity_id,
        title=shown.title if shown is not None else None,
        date=activity.date,
        participants=_options((parties[i] for i in taking_part), parties),
        others=_options((p for i, p in parties.items() if i not in taking_part), parties),
        lessons=tuple(sorted((Option(x.id, x.title) for x in lessons), key=lambda o: (o.label.casefold(), o.value))),
    )


def round_parties(dataset: Dataset, deal_id: str | None) -> tuple[Option, ...]:
    """The parties a round asks: every party (not a unit) of the deal, or of the programme without a deal.

    Confidential parties are included: the list is for members, and each link names only its own party.
    """
    parties = {p.id: p for p in dataset.parties}
    asked = (p for p in dataset.parties if p.parent_id is None and (deal_id is None or deal_id in p.deal_ids))
    return _options(asked, parties)


def previous_scores(dataset: Dataset, year: int, party_id: str, deal_id: str | None) -> dict[str, Assessment]:
    """The party's own scores for ``year`` (and deal) now in the data, by indicator: what a new answer replaces."""
    return {
        str(a.indicator): a
        for a in dataset.assessments
        if a.year == year and a.party_id == party_id and a.deal_id == deal_id
    }
