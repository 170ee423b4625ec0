"""The confidentiality gate: what an audience may see of a dataset.

Every analysis, figure and report runs on the output of :func:`view_for`, never on the
raw dataset, so there is exactly one place that decides what leaves dealnet.

For the **public** (every exported report, every view for a role without access):

* records marked ``confidential`` are left out, and so is **every record that rests only
  on them**: the questions, deployments, lessons, adoptions and assessments of a
  confidential party (and of its units), adoptions of a confidential lesson,
  participations in a confidential activity, and so on, transitively;
* a record that merely *refers* to something withheld keeps its node but loses the link
  (a lesson from a confidential deployment, an adoption via a confidential activity, an
  activity organised by a confidential party, a bottleneck addressed to one);
* **all personal data** goes: ``people`` is emptied, and ``person_id`` and ``expert_id``
  references are cleared (participations that then coincide are merged, keeping the
  most active role). Free-text notes and outcomes are kept: they describe facts, not
  people, and the programme team is asked not to put names in them;
* ``Dataset.withheld`` counts, per file, the records left out, so a report can say
  "3 confidential records not shown" without naming them.

For the **internal** audience the dataset is returned unchanged.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from graph.model import (
    Adoption,
    Dataset,
    Deployment,
    Lesson,
    Participation,
    ParticipationRole,
)

__all__ = ["Audience", "view_for"]


class Audience(StrEnum):
    """Who a view is for."""

    PUBLIC = "public"
    INTERNAL = "internal"


_ROLE_WEIGHT = {ParticipationRole.HOST: 0, ParticipationRole.SPEAKER: 1, ParticipationRole.PARTICIPANT: 2}


def view_for(dataset: Dataset, audience: Audience) -> Dataset:
    """The part of ``dataset`` that ``audience`` may see.

    Parameters
    ----------
    dataset
        The full dataset, as loaded.
    audience
        :attr:`Audience.INTERNAL` returns ``dataset`` itself;
        :attr:`Audience.PUBLIC` applies the rules in the module docstring.

    Returns
    -------
    Dataset
        The view, with ``withheld`` counting the records left out per file.
    """
    if Audience(audience) is Audience.INTERNAL:
        return dataset
    return _public_view(dataset)


def _public_view(ds: Dataset) -> Dataset:
    withheld: Counter[str] = Counter()

    # Parties: a confidential party takes its units with it (they rest on it).
    children: dict[str, list[str]] = {}
    for party in ds.parties:
        if party.parent_id:
            children.setdefault(party.parent_id, []).append(party.id)
    hidden_parties: set[str] = set()
    stack = [p.id for p in ds.parties if p.confidential]
    while stack:
        pid = stack.pop()
        if pid in hidden_parties:
            continue
        hidden_parties.add(pid)
        stack.extend(children.get(pid, ()))
    parties = tuple(p for p in ds.parties if p.id not in hidden_parties)
    withheld["parties"] = len(ds.parties) - len(parties)
    withheld["people"] = len(ds.people)

    questions = tuple(
        q for q in ds.questions if not q.confidential and q.party_id not in hidden_parties
    )
    kept_questions = {q.id for q in questions}
    withheld["questions"] = len(ds.questions) - len(questions)

    activities = []
    for activity in ds.activities:
        if activity.confidential:
            continue
        if activity.organiser_id in hidden_parties:
            activity = activity.model_copy(update={"organiser_id": None})
        activities.append(activity)
    kept_activities = {a.id for a in activities}
    withheld["activities"] = len(ds.activities) - len(activities)

    merged: dict[tuple[str, str], Participation] = {}
    dropped_participations = 0
    for part in ds.participations:
        if part.activity_id not in kept_activities or part.party_id in hidden_parties:
            dropped_participations += 1
            continue
        key = (part.activity_id, part.party_id)
        anonymous = part.model_copy(update={"person_id": None}) if part.person_id else part
        known = merged.get(key)
        if known is None or _ROLE_WEIGHT[anonymous.role] < _ROLE_WEIGHT[known.role]:
            merged[key] = anonymous
    participations = tuple(merged.values())
    withheld["participations"] = dropped_participations

    deployments: list[Deployment] = []
    for dep in ds.deployments:
        if dep.confidential or dep.provider_id in hidden_parties or dep.recipient_id in hidden_parties:
            continue
        update: dict[str, object] = {}
        if dep.expert_id is not None:
            update["expert_id"] = None
        if dep.question_id is not None and dep.question_id not in kept_questions:
            update["question_id"] = None
        deployments.append(dep.model_copy(update=update) if update else dep)
    kept_deployments = {d.id for d in deployments}
    withheld["deployments"] = len(ds.deployments) - len(deployments)

    lessons: list[Lesson] = []
    for lesson in ds.lessons:
        if lesson.confidential or lesson.origin_id in hidden_parties:
            continue
        update = {}
        if lesson.activity_id is not None and lesson.activity_id not in kept_activities:
            update["activity_id"] = None
        if lesson.deployment_id is not None and lesson.deployment_id not in kept_deployments:
            update["deployment_id"] = None
        lessons.append(lesson.model_copy(update=update) if update else lesson)
    kept_lessons = {lesson.id for lesson in lessons}
    withheld["lessons"] = len(ds.lessons) - len(lessons)

    adoptions: list[Adoption] = []
    for adoption in ds.adoptions:
        if (
            adoption.confidential
            or adoption.lesson_id not in kept_lessons
            or adoption.party_id in hidden_parties
        ):
            continue
        update = {}
        if adoption.via_activity_id is not None and adoption.via_activity_id not in kept_activities:
            update["via_activity_id"] = None
        if (
            adoption.via_deployment_id is not None
            and adoption.via_deployment_id not in kept_deployments
        ):
            update["via_deployment_id"] = None
        adoptions.append(adoption.model_copy(update=update) if update else adoption)
    withheld["adoptions"] = len(ds.adoptions) - len(adoptions)

    bottlenecks = []
    for bottleneck in ds.bottlenecks:
        if bottleneck.confidential or bottleneck.raised_by_id in hidden_parties:
            continue
        if bottleneck.addressed_to_id in hidden_parties:
            bottleneck = bottleneck.model_copy(update={"addressed_to_id": None})
        bottlenecks.append(bottleneck)
    withheld["bottlenecks"] = len(ds.bottlenecks) - len(bottlenecks)

    assessments = tuple(a for a in ds.assessments if a.party_id not in hidden_parties)
    withheld["assessments"] = len(ds.assessments) - len(assessments)

    return ds.model_copy(
        update={
            "parties": parties,
            "people": (),
            "questions": questions,
            "activities": tuple(activities),
            "participations": participations,
            "deployments": tuple(deployments),
            "lessons": tuple(lessons),
            "adoptions": tuple(adoptions),
            "bottlenecks": tuple(bottlenecks),
            "assessments": assessments,
            "withheld": {name: n for name, n in withheld.items() if n},
        }
    )
