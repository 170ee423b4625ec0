"""Narrow a dataset to one deal or several: :func:`deal_scope`.

A dataset may hold many City and Town Deals of Agenda Stad; a view, a page or a
report can be narrowed to some of them. Only two things in the interchange format
name a deal: a party's ``deal_ids`` and an activity's ``deal_id`` (besides phases and
self-assessments, which name their deal too). Everything else belongs to a deal
through its parties. What :func:`deal_scope` keeps:

* **deals, phases**: the deals asked for and their phases.
* **parties**: the *members* of the deals, each with all its units. A top-level party
  is a member when it, or any of its units, lists one of the deals in ``deal_ids``
  (a unit's facts count for its party, :mod:`graph.counting`, so a unit in a deal
  brings its party in). Parties outside the deals are **dropped, also as
  counterparts**: the narrowed network is the deals' own network, and every record
  that needs a dropped party goes with it (as the ``kinds`` filter of
  :mod:`graph.analysis.filters` does). Ties with parties outside the deals are what
  :mod:`graph.analysis.deals` shows as learning across deal borders.
* **activities**: those whose ``deal_id`` is one of the deals, with the
  participations of members in them. An activity without ``deal_id`` belongs to no
  deal and is left out of every deal's view (the result counts them, so a screen can
  say so).
* **records without a deal of their own** follow their parties: questions and
  bottlenecks raised by members, deployments between two members, lessons that
  originated at a member, adoptions of those lessons by members, people of members.
  A party in two deals therefore brings these records into the view of each.
* **self-assessments**: those of the deals, and those of a member given for no deal.
* **themes**: all of them (themes belong to no deal).

Betekenis (nl): een weergave van één of meer deals houdt de deals en hun fasen, de
partijen die (zelf of via een onderdeel) aan die deals deelnemen met al hun
onderdelen, de activiteiten van die deals, en wat aan die partijen hangt (leervragen,
knelpunten, inzet tussen twee deelnemers, lessen van deelnemers en de overname ervan
door deelnemers). Partijen buiten de deals vallen weg, ook als tegenpartij; een
activiteit zonder deal hoort bij geen enkele deal.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.analysis.index import DatasetIndex
from graph.model import Dataset
from graph.results import ResultModel

__all__ = ["DealScope", "check_deals", "deal_members", "deal_scope", "narrow_to_deals"]


class DealScope(ResultModel):
    """A dataset narrowed to some deals, and what the narrowing left out for lack of a deal."""

    deals: tuple[str, ...]
    dataset: Dataset
    activities_without_deal: int
    """Activities of the whole dataset that name no deal: in no deal's view."""


def check_deals(dataset: Dataset, deals: Iterable[str]) -> tuple[str, ...]:
    """The deal ids asked for, each once and in the order given; refuses an unknown one.

    Raises
    ------
    KeyError
        Naming the unknown id and every known deal id.

    Examples
    --------
    >>> from graph.model import Deal
    >>> ds = Dataset(deals=(Deal(id="a", name="A"), Deal(id="b", name="B")))
    >>> check_deals(ds, ["b", "a", "b"])
    ('b', 'a')
    >>> check_deals(ds, ["c"])
    Traceback (most recent call last):
    ...
    KeyError: "unknown deal 'c'; known: a, b"
    """
    known = [d.id for d in dataset.deals]
    wanted = tuple(dict.fromkeys(deals))
    for deal in wanted:
        if deal not in known:
            raise KeyError(f"unknown deal {deal!r}; known: {', '.join(known) or 'none'}")
    return wanted


def deal_members(dataset: Dataset, deals: Iterable[str]) -> frozenset[str]:
    """The top-level parties that take part in any of ``deals`` (themselves or through a unit).

    Examples
    --------
    >>> from graph.model import Party
    >>> ds = Dataset(parties=(
    ...     Party(id="m", name="M", kind="ministerie"),
    ...     Party(id="u", name="U", kind="ministerie", parent_id="m", deal_ids=("a",)),
    ...     Party(id="g", name="G", kind="gemeente", deal_ids=("b",)),
    ... ))
    >>> sorted(deal_members(ds, ["a"]))
    ['m']
    """
    wanted = set(deals)
    index = DatasetIndex.build(dataset)
    return frozenset(index.top[p.id] for p in dataset.parties if wanted.intersection(p.deal_ids))


def narrow_to_deals(dataset: Dataset, deals: Iterable[str]) -> Dataset:
    """``dataset`` narrowed to ``deals`` (see the module docstring); no deals: unchanged.

    Unknown deal ids are refused (:func:`check_deals`).

    Examples
    --------
    >>> from graph.model import Activity, Deal, Party
    >>> import datetime as dt
    >>> ds = Dataset(
    ...     deals=(Deal(id="a", name="A"), Deal(id="b", name="B")),
    ...     parties=(Party(id="g", name="G", kind="gemeente", deal_ids=("a",)),
    ...              Party(id="h", name="H", kind="gemeente", deal_ids=("b",))),
    ...     activities=(Activity(id="x", title="X", date=dt.date(2025, 1, 1), deal_id="a"),
    ...                 Activity(id="y", title="Y", date=dt.date(2025, 1, 1))),
    ... )
    >>> part = narrow_to_deals(ds, ["a"])
    >>> [p.id for p in part.parties], [a.id for a in part.activities]
    (['g'], ['x'])
    """
    return deal_scope(dataset, deals).dataset


def deal_scope(dataset: Dataset, deals: Iterable[str]) -> DealScope:
    """``dataset`` narrowed to ``deals``, with the count of activities that name no deal."""
    wanted = check_deals(dataset, deals)
    without = sum(1 for a in dataset.activities if a.deal_id is None)
    if not wanted:
        return DealScope(deals=(), dataset=dataset, activities_without_deal=without)
    chosen = set(wanted)
    index = DatasetIndex.build(dataset)
    members = {index.top[p.id] for p in dataset.parties if chosen.intersection(p.deal_ids)}
    parties = tuple(p for p in dataset.parties if index.top[p.id] in members)
    ids = {p.id for p in parties}
    activities = tuple(a for a in dataset.activities if a.deal_id in chosen)
    activity_ids = {a.id for a in activities}
    lessons = tuple(lesson for lesson in dataset.lessons if lesson.origin_id in ids)
    lesson_ids = {lesson.id for lesson in lessons}
    narrowed = dataset.model_copy(
        update={
            "deals": tuple(d for d in dataset.deals if d.id in chosen),
            "phases": tuple(ph for ph in dataset.phases if ph.deal_id in chosen),
            "parties": parties,
            "people": tuple(p for p in dataset.people if p.party_id in ids),
            "questions": tuple(q for q in dataset.questions if q.party_id in ids),
            "activities": activities,
            "participations": tuple(
                p for p in dataset.participations if p.activity_id in activity_ids and p.party_id in ids
            ),
            "deployments": tuple(d for d in dataset.deployments if d.provider_id in ids and d.recipient_id in ids),
            "lessons": lessons,
            "adoptions": tuple(a for a in dataset.adoptions if a.lesson_id in lesson_ids and a.party_id in ids),
            "bottlenecks": tuple(b for b in dataset.bottlenecks if b.raised_by_id in ids),
            "assessments": tuple(
                a
                for a in dataset.assessments
                if a.deal_id in chosen or (a.deal_id is None and a.party_id is not None and a.party_id in ids)
            ),
        }
    )
    return DealScope(deals=wanted, dataset=narrowed, activities_without_deal=without)
