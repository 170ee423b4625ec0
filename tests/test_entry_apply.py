"""The pure core of the app's entries (loaders.entry_apply): values, codes, versions, retire, stage history.

On the small hand-checked dataset (tests/datasets.py); no store. What the store does
with the outcome is tested in tests/test_entries.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph.model import Adoption, Dataset
from loaders.entry_apply import (
    CODES,
    EntryConflict,
    EntryInvalid,
    RecordChange,
    apply_changes,
    new_id,
    record_values,
    record_version,
)
from loaders.reader import read_dataset
from tests.datasets import write_small_dataset


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return read_dataset(write_small_dataset(tmp_path_factory.mktemp("small")))


def _errors(held: Dataset, *changes: RecordChange) -> list[tuple[int, str, str]]:
    with pytest.raises(EntryInvalid) as caught:
        apply_changes(held, changes)
    return [(e.index, e.field, e.code) for e in caught.value.errors]


ACTIVITY = {"id": "act-urk", "title": "Werkbezoek Urk", "date": "12-03-2026", "organiser_id": "swf"}


def _activity(**values: Any) -> RecordChange:
    return RecordChange("activities", {**ACTIVITY, **values})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_activity(date="31-02-2026"), [(0, "date", "invalid_date")]),
        (_activity(date="morgen"), [(0, "date", "invalid_date")]),
        (_activity(date="01-01-1900"), [(0, "date", "date_range")]),
        (_activity(date=""), [(0, "date", "required")]),
        (_activity(title="  "), [(0, "title", "required")]),
        (_activity(organiser_id="sfw"), [(0, "organiser_id", "unknown_reference")]),
        (_activity(theme_ids="participatie, onbekend"), [(0, "theme_ids", "unknown_reference")]),
        (_activity(id="act-kickoff"), [(0, "id", "duplicate")]),
        (_activity(id="Act-Kickoff"), [(0, "id", "duplicate")]),
        (_activity(id="met spatie"), [(0, "id", "invalid")]),
        (_activity(colour="rood"), [(0, "colour", "invalid")]),
        (RecordChange("questions", {"id": "q", "party_id": "swf", "title": "T", "priority": "4"}), [(0, "priority", "number_range")]),
        (RecordChange("questions", {"id": "q", "party_id": "swf", "title": "T", "priority": "hoog"}), [(0, "priority", "invalid_number")]),
        (RecordChange("questions", {"id": "q", "party_id": "swf", "title": "T", "status": "klaar"}), [(0, "status", "invalid_choice")]),
        (
            RecordChange("deployments", {"id": "d", "provider_id": "bzk", "recipient_id": "swf", "start": "2026-03-01", "end": "2026-02-01"}),
            [(0, "end", "date_range")],
        ),
        (RecordChange("adoptions", {"lesson_id": "les-dorpstafel", "party_id": "swf"}), [(0, "party_id", "self_adoption")]),
        (RecordChange("adoptions", {"lesson_id": "les-dorpstafel", "party_id": "oldambt"}), [(0, "party_id", "duplicate")]),
        (RecordChange("people", {"name": "Zonder id", "party_id": "swf"}), [(0, "id", "required")]),
    ],
)  # fmt: skip
def test_each_problem_has_its_code(small: Dataset, change: RecordChange, expected: list[tuple[int, str, str]]) -> None:
    assert _errors(small, change) == expected
    assert {code for _, _, code in expected} <= set(CODES)


def test_every_problem_of_every_change_is_reported_by_its_position(small: Dataset) -> None:
    changes = (
        _activity(),
        RecordChange("people", {"id": "eva", "name": "", "party_id": "nergens"}),
        RecordChange("participations", {"activity_id": "act-urk", "person_id": "eva", "role": "gast"}),
    )
    assert _errors(small, *changes) == [(1, "name", "required"), (2, "role", "invalid_choice")]


def test_a_batch_with_a_new_person_and_her_participation(small: Dataset) -> None:
    changes = (
        _activity(theme_ids=["participatie"]),
        RecordChange("participations", {"activity_id": "act-urk", "person_id": "eva", "role": "speaker"}),
        RecordChange("people", {"id": "eva", "name": "Eva Mulder", "party_id": "oldambt"}),
        RecordChange("participations", {"activity_id": "act-urk", "person_id": "bram", "role": "host"}),
        RecordChange("participations", {"activity_id": "act-urk", "party_id": "bzk"}),
    )
    data, effects = apply_changes(small, changes)
    assert [(e.index, e.action, e.file, e.key) for e in effects] == [
        (0, "create", "activities", "act-urk"),
        (1, "create", "participations", "act-urk|oldambt|eva"),  # the new person's party filled in
        (2, "create", "people", "eva"),
        (3, "create", "participations", "act-urk|swf|bram"),
        (4, "create", "participations", "act-urk|bzk|"),
    ]
    assert len(data.participations) == len(small.participations) + 3
    assert data.activities[-1].date == dt.date(2026, 3, 12)


def test_an_edit_keeps_what_it_does_not_give_and_empties_what_it_blanks(small: Dataset) -> None:
    kickoff = next(a for a in small.activities if a.id == "act-kickoff")
    data, (effect,) = apply_changes(
        small, [RecordChange("activities", {"title": "Aftrap", "kind": ""}, key="act-kickoff", expected_version=record_version(kickoff))]
    )  # fmt: skip
    after = next(a for a in data.activities if a.id == "act-kickoff")
    assert (after.title, after.kind, after.date, after.theme_ids) == ("Aftrap", None, kickoff.date, kickoff.theme_ids)
    assert effect.action == "update" and effect.before == kickoff
    assert [a.id for a in data.activities] == [a.id for a in small.activities]  # edited in its place


def test_an_edit_that_changes_nothing_has_no_effect(small: Dataset) -> None:
    assert (
        apply_changes(small, [RecordChange("activities", {"title": "Kick-off Town Deal"}, key="act-kickoff")])[1] == ()
    )


def test_a_key_cannot_be_edited(small: Dataset) -> None:
    assert _errors(small, RecordChange("activities", {"id": "act-nieuw"}, key="act-kickoff")) == [(0, "id", "invalid")]


def test_a_stale_version_or_a_gone_record_is_a_conflict(small: Dataset) -> None:
    with pytest.raises(EntryConflict) as caught:
        apply_changes(small, [RecordChange("activities", {"title": "X"}, key="act-kickoff", expected_version="0" * 16)])
    assert caught.value.current is not None and caught.value.current.title == "Kick-off Town Deal"
    with pytest.raises(EntryConflict) as gone:
        apply_changes(small, [RecordChange("activities", {"title": "X"}, key="act-weg")])
    assert gone.value.current is None


def test_retire_is_refused_while_others_refer_and_allowed_with_them(small: Dataset) -> None:
    with pytest.raises(EntryInvalid) as caught:
        apply_changes(small, [RecordChange("activities", None, key="act-werksessie")])
    (error,) = caught.value.errors
    assert (error.field, error.code) == ("id", "referenced")
    assert error.value == (
        "adoptions/les-dorpstafel|oldambt",  # via_activity_id
        "lessons/les-dorpstafel",  # activity_id
        "participations/act-werksessie|oldambt|anna",
        "participations/act-werksessie|swf|bram",
    )
    kickoff = [p for p in small.participations if p.activity_id == "act-kickoff"]
    together = [
        RecordChange("activities", None, key="act-kickoff"),
        *(RecordChange("participations", None, key=p.key) for p in kickoff),
    ]
    data, effects = apply_changes(small, together)
    assert "act-kickoff" not in {a.id for a in data.activities} and len(effects) == 1 + len(kickoff) == 4
    assert {e.action for e in effects} == {"retire"} and all(e.after is None for e in effects)


def test_saving_an_adoption_further_keeps_the_earlier_stage(small: Dataset) -> None:
    key = "les-azc-dialoog|swf"  # stage interesse, dated in the small dataset
    before = next(a for a in small.adoptions if a.key == key)
    assert before.stage == "interesse" and before.date is not None
    data, _ = apply_changes(small, [RecordChange("adoptions", {"stage": "pilot", "date": "2026-04-01"}, key=key)])
    after = next(a for a in data.adoptions if a.key == key)
    assert after.stages == (f"interesse:{before.date.isoformat()}",)
    assert (after.stage, after.date) == ("pilot", dt.date(2026, 4, 1))
    # a correction at the same stage does not add history; a given `stages` is taken as given
    data2, _ = apply_changes(data, [RecordChange("adoptions", {"note": "loopt"}, key=key)])
    assert next(a for a in data2.adoptions if a.key == key).stages == after.stages
    data3, _ = apply_changes(data, [RecordChange("adoptions", {"stage": "toegepast", "stages": ""}, key=key)])
    assert next(a for a in data3.adoptions if a.key == key).stages == ()


def test_versions_follow_values_not_order() -> None:
    one = Adoption(lesson_id="l", party_id="p", date="2026-01-01", stages=("interesse:2025-01-01", "pilot:2025-06-01"))
    two = Adoption(lesson_id="l", party_id="p", date="2026-01-01", stages=("pilot:2025-06-01", "interesse:2025-01-01"))
    assert record_version(one) == record_version(two)
    assert record_values(one)["stages"] == ["interesse:2025-01-01", "pilot:2025-06-01"]


@pytest.mark.parametrize(
    ("title", "taken", "expected"),
    [
        ("Werkbezoek Urk", [], "werkbezoek-urk"),
        ("Werkbezoek Urk", ["werkbezoek-urk"], "werkbezoek-urk-2"),
        ("Café ‘De Kern’ — Súdwest", [], "cafe-de-kern-sudwest"),
        ("", ["person-1"], "person-2"),
        ("x" * 200, [], "x" * 60),
    ],
)
def test_new_ids_are_slugs_not_taken(title: str, taken: list[str], expected: str) -> None:
    file = "people" if not title else "activities"
    assert new_id(file, title, taken) == expected


def test_values_are_json(small: Dataset) -> None:
    values = record_values(small.deployments[0])
    assert (values["start"], values["theme_ids"], values["days"], values["question_id"]) == (
        "2025-06-01", ["asiel"], 12.5, "q-oldambt-azc",
    )  # fmt: skip
