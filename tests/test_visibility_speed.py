"""The public view's fast path gives exactly what the rules give, applied one record at a time.

:func:`graph.visibility.view_for` skips files and references with nothing to hide, shares
unchanged records and copies only the records that lose a link (issue 17). Here it is
compared, record by record, with a straightforward reading of the rules of
:mod:`graph.visibility` (``reference_view`` below: every record looked at, every change a
``model_copy``) on a synthetic dataset with confidential records and emails, and on a small
hand-built one with the awkward cases (units of units, merged participations, a link
cleared in a list).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from graph.model import (
    Activity,
    Adoption,
    Dataset,
    Deal,
    Deployment,
    Lesson,
    Participation,
    ParticipationRole,
    Party,
    Person,
    Question,
    Record,
    Theme,
    record_key,
)
from graph.registry import ENTITIES, Policy
from graph.visibility import Audience, view_for
from loaders.reader import read_dataset
from loaders.synth import synthesize

D = dt.date(2025, 3, 1)
_WEIGHT = {ParticipationRole.HOST: 0, ParticipationRole.SPEAKER: 1, ParticipationRole.PARTICIPANT: 2}


def reference_view(ds: Dataset) -> Dataset:
    """The public view as the module docstring states it, one record at a time, no shortcut."""
    withheld: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    update: dict[str, tuple[Record, ...]] = {}
    for entity in ENTITIES.values():
        records: tuple[Record, ...] = getattr(ds, entity.file)
        if entity.personal:
            gone = {record_key(r) for r in records}
        else:  # confidential, or resting (owned reference) on what goes, until nothing changes
            gone = {record_key(r) for r in records if getattr(r, "confidential", False)}
            changed = True
            while changed:
                changed = False
                for record in records:
                    for ref in entity.references:
                        hidden = gone if ref.target == entity.file else withheld.get(ref.target, set())
                        value = getattr(record, ref.field)
                        ids = value if isinstance(value, tuple) else (() if value is None else (value,))
                        if ref.policy is Policy.OWNED and record_key(record) not in gone and set(ids) & hidden:
                            gone.add(record_key(record))
                            changed = True
        kept = []
        for record in records:
            if record_key(record) in gone:
                continue
            cleared: dict[str, object] = {}
            for ref in entity.references:
                hidden = withheld.get(ref.target, set())
                value = getattr(record, ref.field)
                if ref.policy is Policy.REFERS and ref.many and set(value) & hidden:
                    cleared[ref.field] = tuple(item for item in value if item not in hidden)
                elif ref.policy is Policy.REFERS and not ref.many and value is not None and value in hidden:
                    cleared[ref.field] = None
            kept.append(record.model_copy(update=cleared) if cleared else record)
        withheld[entity.file] = gone
        counts[entity.file] = len(records) - len(kept)
        if entity.file == "participations":  # one per activity and party: the most active role
            merged: dict[tuple[str, str], Participation] = {}
            for part in kept:
                assert isinstance(part, Participation)
                known = merged.get((part.activity_id, part.party_id))
                if known is None or _WEIGHT[part.role] < _WEIGHT[known.role]:
                    merged[(part.activity_id, part.party_id)] = part
            kept = list(merged.values())
        update[entity.file] = tuple(kept)
    return ds.model_copy(update={**update, "withheld": {name: n for name, n in counts.items() if n}})


def assert_same_view(fast: Dataset, reference: Dataset) -> None:
    """Equal file by file and record by record, in the same order, with the same fields set."""
    assert fast.withheld == reference.withheld
    for file in ENTITIES:
        got, expected = getattr(fast, file), getattr(reference, file)
        assert len(got) == len(expected), file
        for mine, theirs in zip(got, expected, strict=True):
            assert type(mine) is type(theirs)
            assert mine == theirs, (file, mine, theirs)
            assert mine.model_fields_set == theirs.model_fields_set, (file, mine)
    assert fast == reference


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The small synthetic scale: confidential records in most files, 500 people with emails."""
    folder: Path = tmp_path_factory.mktemp("synthetic")
    synthesize("small", 1, folder)  # seed 1: two confidential parties besides the other files
    return read_dataset(folder)


def test_synthetic_dataset_has_what_the_view_must_hide(synthetic: Dataset) -> None:
    confidential = {
        file for file in ENTITIES if any(getattr(r, "confidential", False) for r in getattr(synthetic, file))
    }
    assert {"parties", "activities", "lessons", "adoptions"} <= confidential
    assert any(p.email for p in synthetic.people)
    assert any(p.person_id for p in synthetic.participations)


def test_fast_view_equals_reference_on_synthetic_data(synthetic: Dataset) -> None:
    assert_same_view(view_for(synthetic, Audience.PUBLIC), reference_view(synthetic))


def tricky() -> Dataset:
    """Units of units of a confidential party, participations that merge, links cleared in lists."""
    return Dataset(
        deals=(Deal(id="deal", name="Deal"),),
        parties=(
            Party(id="unit2", name="Unit 2", kind="overig", parent_id="unit1"),  # before its parent
            Party(id="a", name="A", kind="gemeente", deal_ids=("deal",)),
            Party(id="x", name="X", kind="gemeente", confidential=True),
            Party(id="unit1", name="Unit 1", kind="overig", parent_id="x"),
            Party(id="a-unit", name="A unit", kind="overig", parent_id="a"),
        ),
        people=(
            Person(id="p1", name="P1", party_id="a", email="p1@a.nl"),
            Person(id="p2", name="P2", party_id="a"),
        ),
        themes=(Theme(id="t", name="T"), Theme(id="t2", name="T2", parent_id="t")),
        questions=(Question(id="q", party_id="a-unit", title="Q"), Question(id="qx", party_id="unit2", title="QX")),
        activities=(
            Activity(id="act", title="A", date=D, organiser_id="unit2", deal_id="deal"),
            Activity(id="act-x", title="AX", date=D, confidential=True),
        ),
        participations=(
            Participation(activity_id="act", party_id="a", person_id="p1"),
            Participation(activity_id="act", party_id="a", person_id="p2", role="speaker"),
            Participation(activity_id="act", party_id="a", role="host"),
            Participation(activity_id="act", party_id="a-unit"),
            Participation(activity_id="act", party_id="unit1", person_id="p1"),
            Participation(activity_id="act-x", party_id="a", person_id="p2"),
        ),
        deployments=(
            Deployment(id="d", provider_id="a", recipient_id="a-unit", expert_id="p2", question_id="qx"),
            Deployment(id="d-x", provider_id="a", recipient_id="a-unit", confidential=True, outcome="geheim"),
        ),
        lessons=(
            Lesson(id="l", title="L", origin_id="a", activity_id="act-x", deployment_id="d-x", theme_ids=("t",)),
            Lesson(id="lx", title="LX", origin_id="unit2"),
        ),
        adoptions=(
            Adoption(lesson_id="l", party_id="a-unit", via_activity_id="act-x", via_deployment_id="d-x"),
            Adoption(lesson_id="lx", party_id="a"),
            Adoption(lesson_id="l", party_id="a", confidential=True),
        ),
    )


def test_fast_view_equals_reference_on_awkward_cases() -> None:
    ds = tricky()
    public = view_for(ds, Audience.PUBLIC)
    assert_same_view(public, reference_view(ds))
    # hand-checked: x takes unit1 and unit2 (listed before its parent) with it
    assert [p.id for p in public.parties] == ["a", "a-unit"]
    assert [(p.party_id, p.person_id, p.role) for p in public.participations] == [
        ("a", None, ParticipationRole.HOST),
        ("a-unit", None, ParticipationRole.PARTICIPANT),
    ]
    assert public.withheld == {"parties": 3, "people": 2, "questions": 1, "activities": 1, "participations": 2,
                               "deployments": 1, "lessons": 1, "adoptions": 2}  # fmt: skip


def test_unchanged_records_are_shared_not_copied(synthetic: Dataset) -> None:
    public = view_for(synthetic, Audience.PUBLIC)
    originals = {id(record) for file in ENTITIES for record in getattr(synthetic, file)}
    themes = [id(theme) for theme in public.themes]
    assert themes and all(theme in originals for theme in themes)  # nothing to clear in a theme
    untouched = [lesson for lesson in public.lessons if lesson in synthetic.lessons]
    assert untouched and all(id(lesson) in originals for lesson in untouched)
    copied = [part for part in public.participations if id(part) not in originals]
    assert copied and all(part.person_id is None for part in copied)


def test_dataset_without_secrets_keeps_its_files() -> None:
    ds = tricky()
    open_ds = ds.model_copy(
        update={
            "people": (),
            "parties": tuple(p.model_copy(update={"confidential": False}) for p in ds.parties),
            "activities": tuple(a.model_copy(update={"confidential": False}) for a in ds.activities),
            "deployments": tuple(d.model_copy(update={"confidential": False}) for d in ds.deployments),
            "adoptions": tuple(a.model_copy(update={"confidential": False}) for a in ds.adoptions),
            "participations": tuple(p.model_copy(update={"person_id": None}) for p in ds.participations[2:]),
        }
    )
    public = view_for(open_ds, Audience.PUBLIC)
    assert_same_view(public, reference_view(open_ds))
    assert public.withheld == {}
    assert all(getattr(public, file) is getattr(open_ds, file) for file in ENTITIES)
