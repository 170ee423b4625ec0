"""Many relationships of one node removed or moved in place, in one statement (the benchmark's ``--replace``).

The benchmark's ``load --replace`` of the national dataset without its last tenth of
participations (every participation of the last ~2,000 activities, up to 269 of one
activity) failed with ``EntityNotFound``: on ArcadeDB (26.10), a statement that matched a
node's relationships again after deleting some of them, one removed relationship per
``$rows`` row, read an edge segment it had just deleted. From about 100 relationships of
one node it failed every time; 50 passed, which is why the demo and the small synthetic
dataset never showed it. ``write/remove_participations``, ``write/remove_adoptions`` and the
``write/unlink_*`` statements now find every relationship before they delete any.

Against the session's real Bolt server; each in-place result is compared with a full
restage of the same data, with and without the load's fingerprint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.diff import FileChange
from graph.model import Activity, Adoption, Dataset, Deal, Lesson, Participation, Party, PartyKind, Stage, Theme
from loaders.driver import Store
from loaders.repository import canonical_dump, read_store_dataset
from loaders.writer import write_dataset
from tests.storetools import wipe

#: Relationships of one node: twice what failed every time before the fix (about 100).
MANY = 200

#: Records of each kind that stay.
KEPT = 10

#: Parties in every deal (the others in none): each has MANY ``IN_DEAL`` relationships.
IN_EVERY_DEAL = 3


def _network() -> Dataset:
    """One activity that every party attended, one lesson that every other party adopted, a few parties in every
    deal, every workshop on one theme."""
    deals = tuple(Deal(id=f"deal-{i:03d}", name=f"Deal {i}") for i in range(MANY))
    parties = tuple(
        Party(
            id=f"gm-{i:03d}",
            name=f"Gemeente {i}",
            kind=PartyKind.GEMEENTE,
            deal_ids=tuple(d.id for d in deals) if i < IN_EVERY_DEAL else (),
        )
        for i in range(MANY)
    )
    themes = (Theme(id="wonen", name="Wonen"), Theme(id="zorg", name="Zorg"))
    activities = tuple(
        Activity(id=f"act-{i:03d}", title=f"Werksessie {i}", date=dt.date(2025, 3, 1), theme_ids=("wonen",))
        for i in range(MANY)
    ) + (Activity(id="landelijke-dag", title="Landelijke dag", date=dt.date(2025, 4, 1)),)
    lesson = Lesson(id="buurtbudget", title="Buurtbudget", origin_id=parties[0].id)
    return Dataset(
        deals=deals,
        parties=parties,
        themes=themes,
        activities=activities,
        participations=tuple(Participation(activity_id="landelijke-dag", party_id=p.id) for p in parties),
        lessons=(lesson,),
        adoptions=tuple(Adoption(lesson_id=lesson.id, party_id=p.id, stage=Stage.INTERESSE) for p in parties[1:]),
    )


@pytest.fixture(scope="module")
def network() -> Dataset:
    return _network()


@pytest.fixture(params=["fingerprint", "store read"])
def loaded(request: pytest.FixtureRequest, empty_store: Store, network: Dataset, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> Iterator[Store]:  # fmt: skip
    """The network loaded into an empty store; later loads find what changed from the fingerprint, or by reading."""
    import loaders.writer

    path = tmp_path / "fingerprint.json" if request.param == "fingerprint" else None
    monkeypatch.setattr(loaders.writer, "fingerprint_file", lambda: path)
    assert write_dataset(empty_store, network, source="first").mode == "staged"
    yield empty_store


def _restaged(store: Store, dataset: Dataset) -> str:
    """The dump of ``dataset`` staged whole into the wiped store."""
    wipe(store)
    assert write_dataset(store, dataset, replace=True).mode == "staged"
    return canonical_dump(store)


def _relationships(store: Store, kind: str) -> int:
    from loaders.writer import store_counts

    return store_counts(store).get(kind, 0)


def _written_in_place(store: Store, target: Dataset, changes: dict[str, FileChange]) -> None:
    """Load ``target`` with ``--replace``: written in place, exactly ``changes``, the same as a restage."""
    result = write_dataset(store, target, replace=True)
    assert result.mode == "in place"
    assert result.changes == changes
    assert read_store_dataset(store).canonical() == target.canonical()
    assert canonical_dump(store) == _restaged(store, target)


def test_most_participations_of_one_activity_removed_in_place(loaded: Store, network: Dataset) -> None:
    fewer = network.model_copy(update={"participations": network.participations[:KEPT]})
    _written_in_place(loaded, fewer, {"participations": FileChange(removed=MANY - KEPT)})


def test_most_adoptions_of_one_lesson_removed_in_place(loaded: Store, network: Dataset) -> None:
    fewer = network.model_copy(update={"adoptions": network.adoptions[:KEPT]})
    _written_in_place(loaded, fewer, {"adoptions": FileChange(removed=MANY - 1 - KEPT)})


def test_an_activity_removed_with_all_its_participations(loaded: Store, network: Dataset) -> None:
    """Its relationships are deleted first, then the node (``DETACH DELETE``), in one transaction."""
    without = network.model_copy(
        update={
            "activities": tuple(a for a in network.activities if a.id != "landelijke-dag"),
            "participations": (),
        }
    )
    _written_in_place(
        loaded, without, {"activities": FileChange(removed=1), "participations": FileChange(removed=MANY)}
    )
    assert _relationships(loaded, "PARTICIPATED") == 0


def test_many_links_of_one_node_moved_in_place(loaded: Store, network: Dataset) -> None:
    """The parties in every deal leave all but one (``unlink_in_deal``: MANY relationships of each), and every
    workshop moves from one theme to another (``unlink_on_theme_activity``: MANY relationships of the theme)."""
    moved = network.model_copy(
        update={
            "parties": tuple(p.model_copy(update={"deal_ids": p.deal_ids[:1]}) for p in network.parties),
            "activities": tuple(
                a.model_copy(update={"theme_ids": ("zorg",)}) if a.theme_ids else a for a in network.activities
            ),
        }
    )
    changes = {"parties": FileChange(changed=IN_EVERY_DEAL), "activities": FileChange(changed=MANY)}
    _written_in_place(loaded, moved, changes)
    assert _relationships(loaded, "IN_DEAL") == IN_EVERY_DEAL
    assert _relationships(loaded, "ON_THEME") == MANY
