"""Loads into a real Bolt server and reads back: round trip, idempotence, replace, batches, generations."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.model import (
    Activity,
    Adoption,
    Assessment,
    Bottleneck,
    Dataset,
    Deal,
    Deployment,
    Lesson,
    Participation,
    Party,
    Person,
    Phase,
    Question,
    Theme,
)
from loaders.driver import Store
from loaders.repository import (
    StoreSource,
    canonical_dump,
    current_load,
    generation_sizes,
    last_load,
    read_store_dataset,
    store_version,
)
from loaders.writer import store_counts, write_dataset

D = dt.date


def sample() -> Dataset:
    """A small dataset touching every file, property and relationship type."""
    return Dataset(
        deals=(
            Deal(id="kk", name="Krachtige Kernen", programme="Agenda Stad", start=D(2025, 4, 22), end=D(2027, 4, 21)),
        ),
        phases=(Phase(id="p1", deal_id="kk", name="Verkenning", start=D(2025, 4, 22), end=D(2025, 12, 31)),),
        parties=(
            Party(id="bzk", name="BZK", kind="ministerie", deal_ids=("kk",)),
            Party(id="bzk-as", name="Agenda Stad", kind="ministerie", parent_id="bzk"),
            Party(
                id="urk",
                name="Urk",
                kind="gemeente",
                deal_ids=("kk",),
                province="Flevoland",
                cbs_code="GM0184",
                lat=52.66,
                lon=5.6,
            ),
            Party(id="leudal", name="Leudal", kind="gemeente", deal_ids=("kk",), confidential=True),
        ),
        people=(Person(id="p-jan", name="Jan", party_id="urk", role="expert", email="jan@example.org"),),
        themes=(
            Theme(id="verbinden", name="Verbinden"),
            Theme(id="azc", name="Asielopvang", parent_id="verbinden", description="azc"),
        ),
        questions=(
            Question(
                id="q-urk",
                party_id="urk",
                title="Hoe?",
                theme_ids=("azc", "verbinden"),
                priority=3,
                raised_on=D(2025, 5, 1),
            ),
        ),
        activities=(
            Activity(
                id="a1",
                title="Werksessie",
                date=D(2025, 6, 1),
                kind="werksessie",
                organiser_id="bzk-as",
                theme_ids=("verbinden",),
                deal_id="kk",
                illustrative=True,
            ),
        ),
        participations=(
            Participation(activity_id="a1", party_id="urk", person_id="p-jan", role="speaker"),
            Participation(activity_id="a1", party_id="leudal"),
        ),
        deployments=(
            Deployment(
                id="d1",
                provider_id="bzk-as",
                recipient_id="urk",
                expert_id="p-jan",
                theme_ids=("azc",),
                question_id="q-urk",
                start=D(2025, 6, 1),
                end=D(2025, 7, 1),
                days=4.5,
                instrument="expert",
            ),
        ),
        lessons=(
            Lesson(
                id="l1",
                title="Buurtbudget",
                origin_id="urk",
                kind="goed_voorbeeld",
                theme_ids=("verbinden",),
                date=D(2025, 7, 1),
                activity_id="a1",
                deployment_id="d1",
                description='Het "budget"; <b>',
            ),
        ),
        adoptions=(
            Adoption(lesson_id="l1", party_id="leudal", date=D(2025, 9, 1), stage="pilot", via_activity_id="a1"),
        ),
        bottlenecks=(
            Bottleneck(
                id="b1",
                title="Wet",
                raised_by_id="urk",
                theme_ids=("azc",),
                concerns="wet",
                addressed_to_id="bzk",
                status="geagendeerd",
                date=D(2025, 8, 1),
            ),
        ),
        assessments=(
            Assessment(year=2025, indicator="proces", score=3.5),
            Assessment(year=2025, indicator="proces", score=4, party_id="urk", deal_id="kk", note="goed"),
        ),
    )


def test_round_trip_is_property_by_property(empty_store: Store) -> None:
    dataset = sample()
    write_dataset(empty_store, dataset)
    assert read_store_dataset(empty_store).canonical() == dataset.canonical()


def test_loading_twice_changes_nothing(empty_store: Store) -> None:
    write_dataset(empty_store, sample())
    first = canonical_dump(empty_store)
    write_dataset(empty_store, sample())
    assert canonical_dump(empty_store) == first
    assert store_counts(empty_store)["ADOPTED"] == 1


def test_changed_row_updates_and_replace_removes(empty_store: Store) -> None:
    write_dataset(empty_store, sample())
    data = sample()
    changed = data.model_copy(
        update={
            "parties": tuple(
                p.model_copy(update={"name": "Gemeente Urk", "lat": None}) if p.id == "urk" else p for p in data.parties
            ),
            "adoptions": (),
            "bottlenecks": (),
        }
    )
    write_dataset(empty_store, changed)  # additive: the old adoption stays
    held = read_store_dataset(empty_store)
    urk = next(p for p in held.parties if p.id == "urk")
    assert (urk.name, urk.lat) == ("Gemeente Urk", None)
    assert len(held.adoptions) == 1 and len(held.bottlenecks) == 1

    write_dataset(empty_store, changed, replace=True)
    assert read_store_dataset(empty_store).canonical() == changed.canonical()


def test_reference_change_moves_the_relationship(empty_store: Store) -> None:
    write_dataset(empty_store, sample())
    data = sample()
    moved = data.model_copy(
        update={
            "lessons": tuple(lesson.model_copy(update={"origin_id": "bzk", "theme_ids": ()}) for lesson in data.lessons)
        }
    )
    write_dataset(empty_store, moved)
    lesson = read_store_dataset(empty_store).lessons[0]
    assert (lesson.origin_id, lesson.theme_ids) == ("bzk", ())


def test_batched_load_marks_progress_and_completes(empty_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import loaders.writer

    monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 0)
    seen: list[tuple[int, int]] = []
    result = write_dataset(empty_store, sample(), batch_size=1, progress=lambda d, t: seen.append((d, t)))
    assert result.transactions == len(seen) > 10
    assert seen[-1][0] == seen[-1][1]
    assert read_store_dataset(empty_store).canonical() == sample().canonical()
    load = last_load(empty_store)
    assert load is not None and load.complete and load.counts["parties"] == 4
    assert store_version(empty_store).endswith(":complete")


def test_injection_payloads_are_stored_as_text(empty_store: Store) -> None:
    payload = "x'}) MATCH (n) DETACH DELETE n //<script>alert(1)</script>"  # cypher-guard: data
    data = sample()
    hostile = data.model_copy(update={"themes": (*data.themes, Theme(id="evil", name=payload, description="=1+1"))})
    write_dataset(empty_store, hostile)
    held = read_store_dataset(empty_store)
    assert next(t for t in held.themes if t.id == "evil").name == payload
    assert len(held.parties) == 4


# -- generations: readers see the previous data until a load is switched in ----------------


def _changed() -> Dataset:
    data = sample()
    return data.model_copy(
        update={
            "parties": tuple(p.model_copy(update={"name": f"{p.name} (nieuw)"}) for p in data.parties),
            "adoptions": (),
            "bottlenecks": (),
        }
    )


@pytest.mark.parametrize("replace", [True, False], ids=["replace", "merge"])
def test_readers_see_the_previous_data_until_the_switch(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch, replace: bool
) -> None:
    import loaders.writer

    monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 0)
    write_dataset(empty_store, sample(), source="first")
    source = StoreSource(empty_store)
    before = (read_store_dataset(empty_store).canonical(), store_counts(empty_store), source.version(), source.load())
    assert before[3] is not None and before[3].source == "first"
    seen: list[int] = []

    def while_staged(done: int, steps: int) -> None:
        now = (read_store_dataset(empty_store).canonical(), store_counts(empty_store), source.version(), source.load())
        assert now == before, f"step {done} of {steps}: readers saw the load in progress"
        pending = source.pending()
        assert pending is not None and pending.status == "unfinished" and pending.source == "second"
        seen.append(done)

    changed = _changed()
    write_dataset(empty_store, changed, source="second", replace=replace, batch_size=1, progress=while_staged)
    assert len(seen) > 10
    expected = (
        changed
        if replace
        else changed.model_copy(update={"adoptions": sample().adoptions, "bottlenecks": sample().bottlenecks})
    )
    assert read_store_dataset(empty_store).canonical() == expected.canonical()
    assert source.version() != before[2] and source.pending() is None
    current = current_load(empty_store)
    assert current is not None and current.source == "second"
    assert set(generation_sizes(empty_store)) == {current.gen}, "the old generation is deleted after the switch"


class _Died(Exception):
    """A load stopped half way (as by a kill)."""


def test_a_load_that_died_while_staged_is_never_read_and_is_cleaned_up_by_the_next(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import loaders.writer

    monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 0)
    write_dataset(empty_store, sample())
    held = read_store_dataset(empty_store).canonical()

    def die(done: int, steps: int) -> None:
        if done == steps // 2:
            raise _Died

    with pytest.raises(_Died):
        write_dataset(empty_store, _changed(), replace=True, progress=lambda d, s: die(d, s), batch_size=1)
    dead = last_load(empty_store)
    assert dead is not None and dead.status == "unfinished"
    assert read_store_dataset(empty_store).canonical() == held
    assert StoreSource(empty_store).load() == current_load(empty_store) != dead
    assert len(generation_sizes(empty_store)) == 2, "the current generation and the abandoned one"
    write_dataset(empty_store, _changed(), replace=True)  # the re-run
    assert read_store_dataset(empty_store).canonical() == _changed().canonical()
    assert set(generation_sizes(empty_store)) == {current_load(empty_store).gen}  # type: ignore[union-attr]


def test_a_read_that_meets_a_switch_reads_again(empty_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A projection read while a load switches and deletes the old generation is read again, whole."""
    import loaders.repository

    write_dataset(empty_store, sample())
    original = loaders.repository._read_all
    calls: list[int] = []

    def read_then_load(tx: object) -> object:
        result = original(tx)  # type: ignore[arg-type]
        if not calls:  # another process loads right after this read: switch, clean-up
            write_dataset(empty_store, _changed(), replace=True)
        calls.append(1)
        return result

    monkeypatch.setattr(loaders.repository, "_read_all", read_then_load)
    assert read_store_dataset(empty_store).canonical() == _changed().canonical()
    assert len(calls) == 2


def test_read_ahead_and_concurrent_readers_share_one_read(empty_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """``dealnet serve`` reads ahead while the app is built; the warm-up and the first requests
    asking meanwhile wait for that read instead of reading the store a second time beside it."""
    import threading
    import time

    import loaders.repository

    write_dataset(empty_store, sample(), source="first")
    real = loaders.repository.read_store_dataset
    reads: list[int] = []
    started = threading.Event()
    release = threading.Event()

    def counted(store: Store) -> Dataset:
        reads.append(1)
        started.set()
        release.wait(10)  # hold the read open until the other readers have asked
        return real(store)

    monkeypatch.setattr(loaders.repository, "read_store_dataset", counted)
    source = StoreSource(empty_store)
    ahead = source.read_ahead()
    assert started.wait(10)
    results: list[Dataset] = []
    readers = [threading.Thread(target=lambda: results.append(source.dataset())) for _ in range(3)]
    for reader in readers:
        reader.start()
    time.sleep(0.3)  # let the readers reach dataset() (without the lock each would start its own read)
    release.set()
    for thread in [ahead, *readers]:
        thread.join(10)
    assert len(reads) == 1
    assert len(results) == 3 and all(result is results[0] for result in results)
    assert results[0].canonical() == sample().canonical()
