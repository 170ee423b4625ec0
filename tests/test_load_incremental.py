"""Loads that cost what changed (issue #17): nothing written when nothing changed, only the changed records otherwise.

Against the session's real Bolt server. What a load wrote is counted, never timed: the
write transactions it ran (:class:`Counting` wraps the real store) and the store's own
summary counters of every statement in them (properties set, nodes and relationships
created and deleted). Every in-place result is compared with a full restage of the same
data (``canonical_dump``), with and without the fingerprint that spares a load reading
the store (:mod:`loaders.fingerprint`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from neo4j import ManagedTransaction

from graph.diff import FileChange
from graph.model import Dataset, Party
from loaders.delta import DeltaConflict, Marker, apply_delta, diff
from loaders.demo import DEMO_DATASET
from loaders.driver import Store
from loaders.reader import read_dataset
from loaders.repository import (
    canonical_dump,
    current_load,
    generation_sizes,
    last_load,
    read_current,
    read_store_dataset,
    store_version,
)
from loaders.writer import write_dataset
from tests.storetools import wipe

R = TypeVar("R")

_COUNTERS = ("properties_set", "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted")


class _RecordingTransaction:
    """The real transaction, keeping every result so that its summary counters can be read afterwards."""

    def __init__(self, tx: ManagedTransaction, results: list[Any]) -> None:
        self._tx, self._results = tx, results

    def run(self, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
        result = self._tx.run(query, parameters, **kwargs)
        self._results.append(result)
        return result


class Counting:
    """The real store, counting write transactions and what the store says they wrote."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.writes = 0
        self.written: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def execute_write(self, work: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        self.writes += 1

        def recorded(tx: ManagedTransaction, *a: Any, **k: Any) -> R:
            results: list[Any] = []
            value = work(_RecordingTransaction(tx, results), *a, **k)
            for result in results:
                counters = result.consume().counters
                self.written.update({name: getattr(counters, name) for name in _COUNTERS})
            return value

        return self._store.execute_write(recorded, *args, **kwargs)


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return read_dataset(DEMO_DATASET)


@pytest.fixture(params=["fingerprint", "store read"])
def loaded(request: pytest.FixtureRequest, empty_store: Store, demo: Dataset, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> Iterator[Store]:  # fmt: skip
    """The demo loaded into an empty store; later loads find what changed from the fingerprint, or by reading."""
    import loaders.writer

    path = tmp_path / "fingerprint.json" if request.param == "fingerprint" else None
    monkeypatch.setattr(loaders.writer, "fingerprint_file", lambda: path)
    first = write_dataset(empty_store, demo, source="first")
    assert first.mode == "staged" and (path is None or path.is_file())
    yield empty_store


def _own_links(file: str, record: Any) -> int:
    """How many relationships a record's own reference fields make (see ``loaders.plan.LINKS``)."""
    from loaders.plan import LINKS

    total = 0
    for link in LINKS[file]:
        value = getattr(record, link.column)
        total += len(value) if isinstance(value, tuple) else 1 if value else 0
    return total


def _from_fingerprint() -> bool:
    """Whether this test's loads find what changed from the fingerprint (then a changed record's former
    values are not known, and all of its own relationships are made anew) rather than by reading the store."""
    import loaders.writer

    return loaders.writer.fingerprint_file() is not None


def _restaged(store: Store, dataset: Dataset) -> str:
    """The dump of ``dataset`` staged whole into the wiped store (what a load wrote before issue #17)."""
    wipe(store)
    result = write_dataset(store, dataset, replace=True)
    assert result.mode == "staged"
    return canonical_dump(store)


def _with(dataset: Dataset, **changes: Callable[[Any], Any]) -> Dataset:
    """``dataset`` with each named file's records passed through a function (``None`` leaves a record out)."""
    update = {
        file: tuple(r for r in map(edit, getattr(dataset, file)) if r is not None) for file, edit in changes.items()
    }
    return dataset.model_copy(update=update)


def test_a_reload_of_the_same_data_writes_nothing(loaded: Store, demo: Dataset) -> None:
    before = (canonical_dump(loaded), store_version(loaded), last_load(loaded), generation_sizes(loaded))
    counting = Counting(loaded)
    for replace in (False, True):
        result = write_dataset(counting, demo, source="again", replace=replace)  # type: ignore[arg-type]
        assert (result.mode, result.unchanged, result.transactions, result.statements) == ("unchanged", True, 0, 0)
        assert result.changes == {} and result.load_id == ""
    assert counting.writes == 0 and sum(counting.written.values()) == 0
    assert (canonical_dump(loaded), store_version(loaded), last_load(loaded), generation_sizes(loaded)) == before


def test_a_reload_in_another_row_order_writes_nothing(loaded: Store, demo: Dataset) -> None:
    shuffled = demo.model_copy(update={file: tuple(reversed(getattr(demo, file))) for file in ("parties", "adoptions")})
    counting = Counting(loaded)
    assert write_dataset(counting, shuffled).unchanged  # type: ignore[arg-type]
    assert counting.writes == 0


def test_one_changed_name_writes_that_property_and_a_load_record(loaded: Store, demo: Dataset) -> None:
    party = demo.parties[0]
    changed = _with(demo, parties=lambda p: p.model_copy(update={"name": "Nieuwe naam"}) if p.id == party.id else p)
    version = store_version(loaded)
    counting = Counting(loaded)
    result = write_dataset(counting, changed, source="edit")  # type: ignore[arg-type]
    assert (result.mode, result.transactions) == ("in place", 1)
    assert result.changes == {"parties": FileChange(changed=1)}
    assert counting.writes == 1
    # the party's properties set anew, plus one new :Load record; no other node touched
    relinked = _own_links("parties", party) if _from_fingerprint() else 0
    # one statement sets the party; from the fingerprint, its links are deleted and made anew besides
    assert result.statements == 1 if not _from_fingerprint() else 1 < result.statements <= 1 + 2 * 2
    assert counting.written["nodes_created"] == 1 and counting.written["nodes_deleted"] == 0
    assert counting.written["relationships_created"] == counting.written["relationships_deleted"] == relinked
    assert 0 < counting.written["properties_set"] <= len(Party.model_fields) + 1 + 10  # the :Load record: ten
    assert store_version(loaded) != version, "the app's caches see the change"
    load = current_load(loaded)
    assert load is not None and load.id == result.load_id and load.source == "edit" and load.complete
    assert len(generation_sizes(loaded)) == 1, "written in place: still one generation"
    assert read_store_dataset(loaded).canonical() == changed.canonical()
    assert canonical_dump(loaded) == _restaged(loaded, changed)


def test_a_changed_reference_moves_only_its_own_relationships(loaded: Store, demo: Dataset) -> None:
    lesson = demo.lessons[0]
    other = next(p.id for p in demo.parties if p.id != lesson.origin_id)
    changed = _with(demo, lessons=lambda r: r.model_copy(update={"origin_id": other}) if r.id == lesson.id else r)
    counting = Counting(loaded)
    result = write_dataset(counting, changed)  # type: ignore[arg-type]
    assert result.mode == "in place" and result.changes == {"lessons": FileChange(changed=1)}
    moved = _own_links("lessons", lesson) if _from_fingerprint() else 1
    assert counting.written["relationships_deleted"] == counting.written["relationships_created"] == moved
    assert counting.written["nodes_deleted"] == 0
    # the lesson keeps its adoptions (relationships other records own)
    assert canonical_dump(loaded) == _restaged(loaded, changed)


def test_changed_participations_and_adoptions_are_set_in_place(loaded: Store, demo: Dataset) -> None:
    from graph.model import ParticipationRole

    changed = _with(
        demo,
        participations=lambda p: p.model_copy(update={"role": ParticipationRole.SPEAKER}),
        adoptions=lambda a: a.model_copy(update={"note": "bijgewerkt"}),
    )
    expected = {
        file: FileChange(changed=sum(1 for old, new in zip(getattr(demo, file), getattr(changed, file), strict=True)
                                     if old != new))
        for file in ("participations", "adoptions")
    }  # fmt: skip
    assert all(change.changed for change in expected.values())
    counting = Counting(loaded)
    result = write_dataset(counting, changed)  # type: ignore[arg-type]
    assert result.mode == "in place" and result.changes == expected
    assert counting.written["relationships_created"] == counting.written["relationships_deleted"] == 0
    assert canonical_dump(loaded) == _restaged(loaded, changed)


def test_replace_removes_exactly_what_the_dataset_lacks(loaded: Store, demo: Dataset) -> None:
    adoption, bottleneck = demo.adoptions[0], demo.bottlenecks[0]
    smaller = _with(
        demo,
        adoptions=lambda a: None if a.key == adoption.key else a,
        bottlenecks=lambda b: None if b.id == bottleneck.id else b,
    )
    merge = write_dataset(loaded, smaller)
    assert merge.unchanged, "without --replace a load removes nothing"
    counting = Counting(loaded)
    result = write_dataset(counting, smaller, replace=True)  # type: ignore[arg-type]
    assert result.mode == "in place"
    assert result.changes == {"adoptions": FileChange(removed=1), "bottlenecks": FileChange(removed=1)}
    # the adoption, and the bottleneck node with its relationships
    assert counting.written["nodes_deleted"] == 1, "the bottleneck only"
    assert counting.written["nodes_created"] == 1, "the :Load record only"
    held = read_store_dataset(loaded)
    assert adoption.key not in {a.key for a in held.adoptions} and bottleneck.id not in {b.id for b in held.bottlenecks}
    assert held.canonical() == smaller.canonical()
    assert canonical_dump(loaded) == _restaged(loaded, smaller)


def test_added_and_removed_records_across_files_equal_a_restage(loaded: Store, demo: Dataset) -> None:
    """A theme goes (with what referred to it changed), a party and its adoption come: the result is a restage's."""
    theme = next(t for t in demo.themes if t.parent_id is not None)
    drop = {theme.id}

    def without_theme(record: Any) -> Any:
        return record.model_copy(update={"theme_ids": tuple(i for i in record.theme_ids if i not in drop)})

    def reparent(record: Any) -> Any:
        return None if record.id in drop else record

    new_party = Party(id="nieuw-dorp", name="Nieuw Dorp", kind="gemeente")
    lesson = demo.lessons[0]
    from graph.model import Adoption

    changed = _with(
        demo,
        themes=reparent,
        questions=without_theme,
        activities=without_theme,
        deployments=without_theme,
        lessons=without_theme,
        bottlenecks=without_theme,
    )
    changed = changed.model_copy(
        update={
            "parties": (*changed.parties, new_party),
            "adoptions": (*changed.adoptions, Adoption(lesson_id=lesson.id, party_id=new_party.id, stage="interesse")),
        }
    )
    result = write_dataset(loaded, changed, replace=True)
    assert result.mode == "in place"
    assert result.changes is not None and result.changes["themes"] == FileChange(removed=1)
    assert result.changes["parties"] == FileChange(added=1) and result.changes["adoptions"] == FileChange(added=1)
    assert canonical_dump(loaded) == _restaged(loaded, changed)


def test_a_big_change_stages_a_new_generation(loaded: Store, demo: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    import loaders.writer

    monkeypatch.setattr(loaders.writer, "DELTA_MAX_RECORDS", 1)
    changed = _with(demo, parties=lambda p: p.model_copy(update={"name": p.name + " (nieuw)"}))
    result = write_dataset(loaded, changed)
    assert result.mode == "staged" and result.changes == {"parties": FileChange(changed=len(demo.parties))}
    assert set(generation_sizes(loaded)) == {result.generation}
    assert read_store_dataset(loaded).canonical() == changed.canonical()


def test_a_fingerprint_of_other_data_is_never_trusted(
    empty_store: Store, demo: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer (here a load that keeps no fingerprint) makes the kept fingerprint stale: the store is read."""
    import loaders.writer

    path = tmp_path / "fingerprint.json"
    monkeypatch.setattr(loaders.writer, "fingerprint_file", lambda: path)
    write_dataset(empty_store, demo)
    kept = path.read_bytes()
    changed = _with(demo, parties=lambda p: p.model_copy(update={"name": p.name + " (elders)"}))
    monkeypatch.setattr(loaders.writer, "fingerprint_file", lambda: None)
    write_dataset(empty_store, changed)  # from another machine, say
    assert path.read_bytes() == kept
    monkeypatch.setattr(loaders.writer, "fingerprint_file", lambda: path)
    result = write_dataset(empty_store, demo)  # what the fingerprint describes, but not what the store holds
    assert result.mode == "in place" and result.changes == {"parties": FileChange(changed=len(demo.parties))}
    assert read_store_dataset(empty_store).canonical() == demo.canonical()


def test_apply_delta_refuses_when_another_load_came_in_between(loaded: Store, demo: Dataset) -> None:
    load, held = read_current(loaded)
    assert load is not None
    changed = _with(demo, parties=lambda p: p.model_copy(update={"name": "X"}))
    write_dataset(loaded, _with(demo, parties=lambda p: p.model_copy(update={"name": "Y"})))  # someone else
    before = canonical_dump(loaded)
    with pytest.raises(DeltaConflict):
        loaded.execute_write(apply_delta, diff(held, changed), gen=load.gen, marker=Marker.new("late"),
                             expected_load=load.id)  # fmt: skip
    assert canonical_dump(loaded) == before


def test_apply_delta_refuses_a_record_the_store_no_longer_holds(loaded: Store, demo: Dataset) -> None:
    """Changes computed from data that is not what the store holds roll back whole (here: a party it lacks)."""
    load, held = read_current(loaded)
    assert load is not None
    ghost = Party(id="bestaat-niet", name="Spook", kind="gemeente")
    stale = held.model_copy(update={"parties": (*held.parties, ghost)})
    target = _with(stale, parties=lambda p: p.model_copy(update={"name": p.name + "!"}))
    before = (canonical_dump(loaded), store_version(loaded))
    with pytest.raises(DeltaConflict):
        loaded.execute_write(apply_delta, diff(stale, target), gen=load.gen, marker=Marker.new("stale"))
    assert (canonical_dump(loaded), store_version(loaded)) == before


def test_a_load_written_in_place_is_the_current_load_until_a_staged_one(
    loaded: Store, demo: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    import loaders.writer

    changed = _with(demo, parties=lambda p: p.model_copy(update={"name": "Z"}) if p.id == demo.parties[0].id else p)
    in_place = write_dataset(loaded, changed, source="in place")
    current = current_load(loaded)
    assert current is not None and (current.id, current.gen) == (in_place.load_id, in_place.generation)
    monkeypatch.setattr(loaders.writer, "DELTA_MAX_RECORDS", 0)
    staged = write_dataset(loaded, demo, replace=True, source="staged")
    assert staged.mode == "staged" and staged.generation == in_place.generation + 1
    current = current_load(loaded)
    assert current is not None and current.id == staged.load_id
    assert set(generation_sizes(loaded)) == {staged.generation}
    assert read_store_dataset(loaded).canonical() == demo.canonical()


class _Died(Exception):
    """A load stopped half way (as by a kill)."""


def test_after_a_load_that_died_the_next_one_stages_and_leaves_one_generation(
    loaded: Store, demo: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small change after a dead load is not written in place beside the abandoned generation."""
    import loaders.writer

    monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 0)  # the dead load stages in batches
    big = _with(demo, parties=lambda p: p.model_copy(update={"name": p.name + " (groot)"}))

    def die(done: int, steps: int) -> None:
        if done == steps // 2:
            raise _Died

    with pytest.raises(_Died):
        write_dataset(loaded, big, replace=True, batch_size=1, progress=die)
    assert len(generation_sizes(loaded)) == 2, "the current generation and the abandoned one"
    monkeypatch.setattr(loaders.writer, "SINGLE_TRANSACTION_ROWS", 20_000)
    small = _with(demo, parties=lambda p: p.model_copy(update={"name": "Z"}) if p.id == demo.parties[0].id else p)
    result = write_dataset(loaded, small)
    assert result.mode == "staged" and set(generation_sizes(loaded)) == {result.generation}
    assert read_store_dataset(loaded).canonical() == small.canonical()
    again = _with(small, parties=lambda p: p.model_copy(update={"name": "Y"}) if p.id == demo.parties[0].id else p)
    assert write_dataset(loaded, again).mode == "in place", "settled again: in place"
