"""Scope a dataset before an analysis: by period, by theme and by kind of party.

What each filter keeps:

* **period**: dated *events* outside the period go: activities (and their
  participations) by ``date``, adoptions by ``date``, deployments whose
  ``start``–``end`` span does not overlap. Questions and bottlenecks are *states*:
  one raised before the period is still open demand or still on the agenda in it,
  so only those raised after the period's end go (their status is today's: the
  dataset records no date of answering or solving). Undated records stay (see
  :mod:`graph.period`). Lessons are *things*, not events:
  they stay, so that an adoption inside the period of an older lesson still counts;
  analyses that count lessons as supply check the lesson's own date.
* **theme**: a theme includes all its sub-themes. Questions, activities (with their
  participations), deployments (their own themes, or else their question's),
  lessons and bottlenecks on none of those themes go; adoptions follow their lesson.
* **kinds**: only parties of these kinds stay (a unit counts with the kind of its
  top-level party as well as its own), and every record that needs a party that
  went (a question, a deployment at either end, a lesson's origin, an adoption, a
  participation, a raised bottleneck) goes with it.
"""

from __future__ import annotations

from collections.abc import Collection

from graph.analysis.index import DatasetIndex
from graph.model import Dataset, PartyKind
from graph.period import Period

__all__ = ["scope", "theme_scope"]


def theme_scope(dataset: Dataset, theme: str) -> frozenset[str]:
    """``theme`` and all its sub-themes.

    Raises
    ------
    KeyError
        When the dataset has no such theme.
    """
    index = DatasetIndex.build(dataset)
    if theme not in index.themes:
        raise KeyError(f"unknown theme {theme!r}")
    return index.descendants[theme]


def scope(
    dataset: Dataset,
    *,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> Dataset:
    """The part of ``dataset`` inside the period, on the theme and among the kinds.

    With no filter given, ``dataset`` itself is returned. See the module docstring
    for what each filter keeps.
    """
    if (period is None or period.is_open) and theme is None and not kinds:
        return dataset
    index = DatasetIndex.build(dataset)
    period = period or Period()
    on_theme: frozenset[str] | None = None
    if theme is not None:
        if theme not in index.themes:
            raise KeyError(f"unknown theme {theme!r}")
        on_theme = index.descendants[theme]

    def themed(theme_ids: tuple[str, ...]) -> bool:
        return on_theme is None or not on_theme.isdisjoint(theme_ids)

    parties = dataset.parties
    if kinds:
        wanted = {PartyKind(k) for k in kinds}
        parties = tuple(p for p in parties if p.kind in wanted or index.top_kind(p.id) in wanted)
    party_ids = {p.id for p in parties}

    questions = tuple(
        q for q in dataset.questions if q.party_id in party_ids and period.reached(q.raised_on) and themed(q.theme_ids)
    )
    question_themes = {q.id: q.theme_ids for q in dataset.questions}
    activities = tuple(a for a in dataset.activities if period.contains(a.date) and themed(a.theme_ids))
    activity_ids = {a.id for a in activities}
    participations = tuple(
        p for p in dataset.participations if p.activity_id in activity_ids and p.party_id in party_ids
    )
    deployments = tuple(
        d
        for d in dataset.deployments
        if d.provider_id in party_ids
        and d.recipient_id in party_ids
        and period.overlaps(d.start, d.end)
        and themed(d.theme_ids or question_themes.get(d.question_id or "", ()))
    )
    lessons = tuple(lesson for lesson in dataset.lessons if lesson.origin_id in party_ids and themed(lesson.theme_ids))
    lesson_ids = {lesson.id for lesson in lessons}
    adoptions = tuple(
        a
        for a in dataset.adoptions
        if a.lesson_id in lesson_ids and a.party_id in party_ids and period.contains(a.date)
    )
    bottlenecks = tuple(
        b for b in dataset.bottlenecks if b.raised_by_id in party_ids and period.reached(b.date) and themed(b.theme_ids)
    )
    return dataset.model_copy(
        update={
            "parties": parties,
            "questions": questions,
            "activities": activities,
            "participations": participations,
            "deployments": deployments,
            "lessons": lessons,
            "adoptions": adoptions,
            "bottlenecks": bottlenecks,
        }
    )
