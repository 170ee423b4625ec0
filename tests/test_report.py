"""The machine-readable report: the "new user" scenario and the public-report gate."""

from __future__ import annotations

import datetime as dt
import json

from graph.model import Adoption, Dataset, Deployment, Lesson, Party, Person, Question, Theme
from graph.report import build_report
from graph.visibility import Audience

SECRET = "GEHEIM"


def new_user() -> Dataset:
    """One theme with demand and no supply, one practice adopted by four parties,
    one party with an open question that the widely applied practice answers."""
    return Dataset(
        parties=tuple(Party(id=i, name=i.upper(), kind="gemeente") for i in "abcdef")
        + (Party(id="x", name=f"{SECRET} X", kind="gemeente", confidential=True),),
        people=(Person(id="jan", name=f"Jan {SECRET}", party_id="a", email="jan@a.nl"),),
        themes=(Theme(id="onrust", name="Onrust"), Theme(id="wonen", name="Wonen")),
        lessons=(
            Lesson(id="dialoog", title="Dialoogtafel", origin_id="a", theme_ids=("wonen",), date=dt.date(2025, 1, 1)),
            Lesson(id="geheim", title=f"{SECRET} les", origin_id="a", theme_ids=("wonen",), confidential=True),
        ),
        adoptions=tuple(
            Adoption(lesson_id="dialoog", party_id=p, stage="toegepast", date=dt.date(2025, 3, 1)) for p in "bcde"
        )
        + (Adoption(lesson_id="geheim", party_id="f"), Adoption(lesson_id="dialoog", party_id="x")),
        questions=(
            Question(
                id="q-onrust",
                party_id="b",
                title="Hoe omgaan met onrust?",
                theme_ids=("onrust",),
                priority=3,
                status="beantwoord",
            ),
            Question(id="q-wonen", party_id="f", title="Draagvlak woningbouw", theme_ids=("wonen",), priority=2),
        ),
        deployments=(
            Deployment(id="d", provider_id="a", recipient_id="f", expert_id="jan", confidential=True, outcome=SECRET),
        ),
    )


def test_new_user_scenario_gives_exactly_these_answers() -> None:
    report = build_report(new_user(), reference_date=dt.date(2025, 12, 31))
    themes = {t["id"]: t for t in report["themes"]}
    assert [t for t in themes if themes[t]["under_served"]] == ["onrust"]
    assert (themes["onrust"]["demand"], themes["onrust"]["supply"]) == (3, 0)
    assert (themes["wonen"]["demand"], themes["wonen"]["supply"]) == (2, 1)
    (practice,) = report["practices"]
    assert practice["id"] == "dialoog" and practice["origin"] == "a"
    assert [a["party"] for a in practice["adopters"]] == ["b", "c", "d", "e"]
    assert practice["adopters"][0] == {"party": "b", "stage": "toegepast", "date": "2025-03-01"}
    assert [(o["lesson"], o["party"]) for o in report["opportunities"]] == [("dialoog", "f")]
    # exact theme 2 + priority 2, four municipalities applying: 3 doublings (1, 2, 4) x 2
    # (the score of issue 14; was 3 + 2 + 4, then 2 + 2 + 4 x 2 with at most 4 peers)
    assert report["opportunities"][0]["score"] == 2 + 2 + 3 * 2
    assert sorted((e["learner"], e["source"], e["weight"]) for e in report["learning"]["edges"]) == [
        (p, "a", 1) for p in "bcde"
    ]
    assert report["expertise"] == []  # the only deployment is confidential
    assert report["withheld"] == {"parties": 1, "people": 1, "deployments": 1, "lessons": 1, "adoptions": 2}
    assert report["not_shown"]["records"] == 5 and report["not_shown"]["people"] == 1
    assert report["counts"]["parties"] == 6 and report["audience"] == "public"


def test_public_report_contains_no_marker_and_is_json() -> None:
    text = json.dumps(build_report(new_user()))
    for marker in (SECRET, SECRET.lower(), "jan@a.nl"):
        assert marker not in text


def test_internal_report_includes_confidential_facts() -> None:
    report = build_report(new_user(), audience=Audience.INTERNAL)
    assert "x" in {p["id"] for p in report["learning"]["parties"]}
    assert report["withheld"] == {}
    assert report["expertise"] == [
        {
            "provider": "a",
            "recipient": "f",
            "theme": None,
            "month": None,
            "deployments": 1,
            "days": 0.0,
            "undated_days": 1,
        }
    ]
    assert report["not_shown"] == {"records": 0, "people": 0, "by_file": {}}


def test_empty_dataset_report() -> None:
    report = build_report(Dataset())
    json.dumps(report)
    assert report["learning"]["edges"] == report["learning"]["parties"] == []
    assert report["learning"]["party_counts"] == {"parties": 0, "units": 0}
    assert report["themes"] == report["practices"] == report["opportunities"] == report["expertise"] == []
    assert report["fragility"]["parties"]["stable"] is True
