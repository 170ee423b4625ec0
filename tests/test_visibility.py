"""The confidentiality gate: no confidential or personal marker survives the public view."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.model import (
    Activity,
    Adoption,
    Assessment,
    Bottleneck,
    Dataset,
    Deployment,
    Lesson,
    Participation,
    Party,
    Person,
    Question,
    Theme,
)
from graph.visibility import Audience, view_for

D = dt.date(2025, 3, 1)
SECRET = "GEHEIM"  # every confidential or personal value below contains it


def planted() -> Dataset:
    return Dataset(
        parties=(
            Party(id="a", name="Gemeente A", kind="gemeente"),
            Party(id="b", name="Gemeente B", kind="gemeente"),
            Party(id="bzk", name="BZK", kind="ministerie"),
            Party(id="x-geheim", name=f"{SECRET} partij", kind="gemeente", confidential=True),
            Party(id="x-unit-geheim", name=f"{SECRET} unit", kind="overig", parent_id="x-geheim"),
        ),
        people=(Person(id="p-geheim", name=f"Jan {SECRET}", party_id="a", email=f"{SECRET}@a.nl"),),
        themes=(Theme(id="t", name="Thema"),),
        questions=(
            Question(id="q1", party_id="a", title="open vraag", theme_ids=("t",)),
            Question(id="q-geheim", party_id="a", title=f"{SECRET} vraag", confidential=True),
            Question(id="q-geheim2", party_id="x-unit-geheim", title=f"{SECRET} vraag van unit"),
        ),
        activities=(
            Activity(id="act", title="sessie", date=D, organiser_id="x-geheim"),
            Activity(id="act-geheim", title=f"{SECRET} sessie", date=D, confidential=True),
        ),
        participations=(
            Participation(activity_id="act", party_id="a", person_id="p-geheim"),
            Participation(activity_id="act", party_id="a", role="host"),
            Participation(activity_id="act", party_id="b"),
            Participation(activity_id="act", party_id="x-geheim"),
            Participation(activity_id="act-geheim", party_id="b"),
        ),
        deployments=(
            Deployment(id="d1", provider_id="bzk", recipient_id="a", expert_id="p-geheim", question_id="q-geheim"),
            Deployment(id="d-geheim", provider_id="bzk", recipient_id="b", confidential=True, outcome=SECRET),
            Deployment(id="d-geheim2", provider_id="bzk", recipient_id="x-geheim"),
        ),
        lessons=(
            Lesson(id="l1", title="les", origin_id="a", deployment_id="d-geheim", activity_id="act-geheim"),
            Lesson(id="l-geheim", title=f"{SECRET} les", origin_id="a", confidential=True),
            Lesson(id="l-geheim2", title=f"{SECRET} les van partij", origin_id="x-geheim"),
        ),
        adoptions=(
            Adoption(lesson_id="l1", party_id="b", via_deployment_id="d-geheim", via_activity_id="act-geheim"),
            Adoption(lesson_id="l-geheim", party_id="b"),
            Adoption(lesson_id="l-geheim2", party_id="b"),
            Adoption(lesson_id="l1", party_id="x-geheim"),
            Adoption(lesson_id="l1", party_id="bzk", confidential=True, note=SECRET),
        ),
        bottlenecks=(
            Bottleneck(id="b1", title="knelpunt", raised_by_id="a", addressed_to_id="x-geheim"),
            Bottleneck(id="b-geheim", title=f"{SECRET} knelpunt", raised_by_id="a", confidential=True),
        ),
        assessments=(Assessment(year=2025, indicator="proces", score=50, party_id="x-geheim", note=SECRET),),
    )


def test_public_view_contains_no_marker() -> None:
    public = view_for(planted(), Audience.PUBLIC)
    text = public.model_dump_json().lower()
    assert SECRET.lower() not in text


def test_internal_view_is_unchanged() -> None:
    ds = planted()
    assert view_for(ds, Audience.INTERNAL) is ds
    assert SECRET in ds.model_dump_json()


@pytest.mark.parametrize(
    ("file", "withheld"),
    [
        ("parties", 2),
        ("people", 1),
        ("questions", 2),
        ("activities", 1),
        ("participations", 2),
        ("deployments", 2),
        ("lessons", 2),
        ("adoptions", 4),
        ("bottlenecks", 1),
        ("assessments", 1),
    ],
)
def test_withheld_counts(file: str, withheld: int) -> None:
    assert view_for(planted(), Audience.PUBLIC).withheld[file] == withheld


def test_links_to_withheld_records_are_cleared_but_nodes_kept() -> None:
    public = view_for(planted(), Audience.PUBLIC)
    (lesson,) = public.lessons
    assert (lesson.id, lesson.deployment_id, lesson.activity_id) == ("l1", None, None)
    (adoption,) = public.adoptions
    assert (adoption.via_activity_id, adoption.via_deployment_id) == (None, None)
    (activity,) = public.activities
    assert activity.organiser_id is None
    (deployment,) = public.deployments
    assert (deployment.expert_id, deployment.question_id) == (None, None)
    (bottleneck,) = public.bottlenecks
    assert bottleneck.addressed_to_id is None


def test_participations_lose_people_and_merge_keeping_host() -> None:
    public = view_for(planted(), Audience.PUBLIC)
    rows = sorted((p.activity_id, p.party_id, p.person_id, str(p.role)) for p in public.participations)
    assert rows == [("act", "a", None, "host"), ("act", "b", None, "participant")]
    assert public.people == ()
    assert json.loads(public.model_dump_json())["people"] == []
