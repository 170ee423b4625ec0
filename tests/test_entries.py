"""The app's entries against a real Bolt server: one transaction per save, history, undo, conflicts, loads.

Each test starts from the small hand-checked dataset (tests/datasets.py) loaded into the
session's store, and saves through :mod:`loaders.entries` as the app's forms do.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from graph.analysis.learning import coparticipation_network
from graph.visibility import Audience, view_for
from loaders.driver import Store
from loaders.entries import (
    EntryConflict,
    EntryInvalid,
    RecordChange,
    history,
    read_record,
    recent_changes,
    save_records,
    undo_last,
)
from loaders.reader import read_dataset
from loaders.repository import canonical_dump, read_store_dataset, store_version
from loaders.writer import write_dataset
from tests.datasets import write_small_dataset
from tests.storetools import wipe

URK = {"id": "act-urk", "title": "Werkbezoek Urk", "date": "12-03-2026", "organiser_id": "swf", "kind": "werkbezoek"}


def _urk_batch(**activity: object) -> list[RecordChange]:
    """An activity with three participants, one of them a person recorded in the same save."""
    return [
        RecordChange("activities", {**URK, **activity}),
        RecordChange("people", {"id": "eva", "name": "Eva Mulder", "party_id": "oldambt", "email": "eva@example.org"}),
        RecordChange("participations", {"activity_id": "act-urk", "person_id": "eva", "role": "speaker"}),
        RecordChange("participations", {"activity_id": "act-urk", "person_id": "bram", "role": "host"}),
        RecordChange("participations", {"activity_id": "act-urk", "party_id": "bzk"}),
    ]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_small_dataset(tmp_path / "small")


@pytest.fixture
def loaded(empty_store: Store, small: Path) -> Iterator[Store]:
    write_dataset(empty_store, read_dataset(small), source="small", replace=True)
    yield empty_store


def _load_markers(store: Store) -> int:
    from loaders.repository import _loads

    return len(store.execute_read(_loads, 1_000))


def test_an_activity_with_three_participants_and_a_new_person_is_one_save(loaded: Store) -> None:
    version, loads = store_version(loaded), _load_markers(loaded)
    before = coparticipation_network(read_store_dataset(loaded))
    saved = save_records(loaded, _urk_batch(), actor="anna", role="member")
    assert len(saved) == 5 and len({c.batch for c in saved}) == 1
    assert {(c.action, c.actor, c.file) for c in saved} >= {("create", "anna", "participations")}
    assert _load_markers(loaded) == loads + 1 and store_version(loaded) != version  # one switch for readers
    data = read_store_dataset(loaded)
    assert "act-urk" in {a.id for a in data.activities} and "eva" in {p.id for p in data.people}
    assert {p.key for p in data.participations if p.activity_id == "act-urk"} == {
        "act-urk|oldambt|eva",  # the new person's party, filled in as the loader does
        "act-urk|swf|bram",
        "act-urk|bzk|",
    }
    after = coparticipation_network(data)
    assert not before.has_edge("swf", "bzk") and after["swf"]["bzk"]["weight"] == 1
    assert after["oldambt"]["swf"]["weight"] == before["oldambt"]["swf"]["weight"] + 1


def test_an_invalid_date_writes_nothing(loaded: Store) -> None:
    dump, version = canonical_dump(loaded), store_version(loaded)
    with pytest.raises(EntryInvalid) as caught:
        save_records(loaded, _urk_batch(date="31-02-2026"), actor="anna", role="member")
    assert [(e.file, e.index, e.field, e.code, e.value) for e in caught.value.errors] == [
        ("activities", 0, "date", "invalid_date", "31-02-2026")
    ]
    assert canonical_dump(loaded) == dump and store_version(loaded) == version
    assert recent_changes(loaded) == ()


def test_a_concurrent_edit_is_refused_with_the_other_values(loaded: Store) -> None:
    opened = read_record(loaded, "activities", "act-kickoff")
    assert opened is not None
    save_records(
        loaded, [RecordChange("activities", {"title": "Aftrap Krachtige Kernen"}, key="act-kickoff", expected_version=opened.version)],
        actor="bram", role="member",
    )  # fmt: skip
    dump = canonical_dump(loaded)
    with pytest.raises(EntryConflict) as caught:
        save_records(
            loaded, [RecordChange("activities", {"kind": "webinar"}, key="act-kickoff", expected_version=opened.version)],
            actor="anna", role="member",
        )  # fmt: skip
    conflict = caught.value
    assert conflict.current is not None and conflict.current.values["title"] == "Aftrap Krachtige Kernen"
    assert conflict.current.values["kind"] == "bijeenkomst" and conflict.changed_by == "bram" and conflict.changed_at
    assert canonical_dump(loaded) == dump


def test_two_saves_at_once_on_one_version_one_wins(loaded: Store) -> None:
    """Real concurrency: the change log's lock makes the second save see the first one's version."""
    opened = read_record(loaded, "activities", "act-kickoff")
    assert opened is not None
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def edit(title: str, actor: str) -> None:
        start.wait()
        try:
            change = RecordChange("activities", {"title": title}, key="act-kickoff", expected_version=opened.version)
            save_records(loaded, [change], actor=actor, role="member")
            outcomes.append("saved")
        except EntryConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(f"Titel van {who}", who)) for who in ("anna", "bram")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    current = read_record(loaded, "activities", "act-kickoff")
    (last,) = history(loaded, "activities", "act-kickoff")
    assert current is not None and current.values["title"] == f"Titel van {last.actor}"


def test_history_has_before_and_after_newest_first(loaded: Store) -> None:
    save_records(
        loaded, [RecordChange("activities", {"title": "Aftrap"}, key="act-kickoff")], actor="anna", role="member"
    )
    save_records(loaded, [RecordChange("activities", {"kind": ""}, key="act-kickoff")], actor="bram", role="admin")
    newest, oldest = history(loaded, "activities", "act-kickoff")
    assert (newest.actor, newest.role, newest.action) == ("bram", "admin", "update")
    assert newest.before is not None and newest.after is not None
    assert (newest.before["kind"], newest.after["kind"]) == ("bijeenkomst", None)
    assert oldest.before is not None and oldest.after is not None
    assert (oldest.before["title"], oldest.after["title"]) == ("Kick-off Town Deal", "Aftrap")
    assert newest.at > oldest.at and recent_changes(loaded, 1) == (newest,)
    assert history(loaded, "activities", "act-werksessie") == ()


def test_undo_restores_the_previous_state(loaded: Store) -> None:
    clean = canonical_dump(loaded)
    save_records(loaded, _urk_batch(), actor="anna", role="member")
    edited = canonical_dump(loaded)
    undone = undo_last(loaded, "participations", "act-urk|bzk|", actor="anna", role="member")  # the whole batch
    assert len(undone) == 5 and {c.action for c in undone} == {"undo"}
    assert canonical_dump(loaded) == clean
    undo_last(loaded, "activities", "act-urk", actor="anna", role="member")  # undoing the undo brings it back
    assert canonical_dump(loaded) == edited
    assert undo_last(loaded, "activities", "act-werksessie", actor="anna", role="member") == ()


def test_undo_is_refused_when_the_record_changed_since(loaded: Store) -> None:
    save_records(
        loaded, [RecordChange("activities", {"title": "Aftrap"}, key="act-kickoff")], actor="anna", role="member"
    )
    save_records(loaded, _urk_batch(), actor="bram", role="member")
    # eva now takes part: undoing eva's creation alone would leave her participation dangling
    save_records(
        loaded, [RecordChange("people", {"role": "beleidsmedewerker"}, key="eva")], actor="anna", role="member"
    )  # the last change of eva is now this edit; of the activity the batch
    dump = canonical_dump(loaded)
    with pytest.raises(EntryConflict):
        undo_last(loaded, "activities", "act-urk", actor="anna", role="member")  # eva changed after the batch
    assert canonical_dump(loaded) == dump


def test_retire_is_refused_when_referenced_and_undo_brings_it_back(loaded: Store) -> None:
    dump = canonical_dump(loaded)
    with pytest.raises(EntryInvalid) as caught:
        save_records(loaded, [RecordChange("people", None, key="anna")], actor="bram", role="member")
    (error,) = caught.value.errors
    assert error.code == "referenced" and "participations/act-kickoff|oldambt|anna" in error.value
    assert canonical_dump(loaded) == dump
    (retired,) = save_records(
        loaded, [RecordChange("bottlenecks", None, key="kn-inspraak")], actor="bram", role="member"
    )
    assert retired.action == "retire" and retired.after is None and retired.before is not None
    assert "kn-inspraak" not in {b.id for b in read_store_dataset(loaded).bottlenecks}
    undo_last(loaded, "bottlenecks", "kn-inspraak", actor="bram", role="member")
    assert canonical_dump(loaded) == dump


def test_confidential_entries_stay_out_of_the_public_view_as_loaded_ones_do(loaded: Store, tmp_path: Path) -> None:
    save_records(loaded, _urk_batch(confidential="ja"), actor="anna", role="member")
    entered = read_store_dataset(loaded)
    assert next(a for a in entered.activities if a.id == "act-urk").confidential
    public = view_for(entered, Audience.PUBLIC)
    assert "act-urk" not in {a.id for a in public.activities}
    assert not [p for p in public.participations if p.activity_id == "act-urk"] and public.people == ()
    # the same records loaded from files give the same public view
    from loaders.export import export_dataset

    export_dataset(entered, tmp_path / "export")
    wipe(loaded)
    write_dataset(loaded, read_dataset(tmp_path / "export"), replace=True)
    assert view_for(read_store_dataset(loaded), Audience.PUBLIC).canonical() == public.canonical()


@pytest.fixture
def cli_loaded(cli_store: Store, small: Path) -> Iterator[Store]:
    assert main(["load", str(small)]) == 0
    yield cli_store


def test_export_then_load_reproduces_the_entries(cli_loaded: Store, tmp_path: Path) -> None:
    save_records(cli_loaded, _urk_batch(), actor="anna", role="member")
    save_records(
        cli_loaded, [RecordChange("adoptions", {"stage": "pilot", "date": "2026-04-01"}, key="les-azc-dialoog|swf")],
        actor="anna", role="member",
    )  # fmt: skip
    entered = canonical_dump(cli_loaded)
    assert main(["export", str(tmp_path / "export")]) == 0
    assert "interesse:2026-02-01" in (tmp_path / "export" / "adoptions.csv").read_text(encoding="utf-8")
    assert main(["load", str(tmp_path / "export")]) == 0  # what was exported: nothing to refuse, nothing changes
    assert canonical_dump(cli_loaded) == entered
    wipe(cli_loaded)
    assert main(["load", str(tmp_path / "export")]) == 0
    assert canonical_dump(cli_loaded) == entered


def test_a_load_that_would_undo_entries_is_refused_until_forced(
    cli_loaded: Store, small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(small), "--replace"]) == 0  # nothing entered yet: no reason to refuse
    save_records(cli_loaded, _urk_batch(), actor="anna", role="member")
    save_records(
        cli_loaded, [RecordChange("activities", {"title": "Aftrap"}, key="act-kickoff")], actor="bram", role="member"
    )
    entered = canonical_dump(cli_loaded)
    capsys.readouterr()
    assert main(["load", str(small)]) == 3  # would change act-kickoff back
    err = capsys.readouterr().err
    assert "activities.csv, key act-kickoff: changed in the app by bram at " in err and "would change it" in err
    assert "act-urk" not in err  # a load without --replace leaves the new activity alone
    assert main(["load", str(small), "--replace"]) == 3  # would also remove the new records
    err = capsys.readouterr().err
    assert "activities.csv, key act-urk: changed in the app by anna" in err and "would remove it" in err
    assert "people.csv, key eva" in err
    assert canonical_dump(cli_loaded) == entered
    assert main(["export", str(tmp_path / "backup")]) == 0
    assert main(["load", str(tmp_path / "backup")]) == 0  # after the export: loading it back is allowed
    assert main(["load", str(small), "--replace", "--force"]) == 0
    assert "act-urk" not in {a.id for a in read_store_dataset(cli_loaded).activities}
    assert len(history(cli_loaded, "activities", "act-urk")) == 1  # the history outlives the load


def test_a_load_does_not_bring_back_what_the_app_retired(cli_loaded: Store, small: Path) -> None:
    save_records(cli_loaded, [RecordChange("bottlenecks", None, key="kn-inspraak")], actor="anna", role="member")
    assert main(["load", str(small)]) == 3  # the file still has it: loading would add it back
    assert "kn-inspraak" not in {b.id for b in read_store_dataset(cli_loaded).bottlenecks}
    assert main(["load", str(small), "--force"]) == 0
    assert "kn-inspraak" in {b.id for b in read_store_dataset(cli_loaded).bottlenecks}


def test_a_load_between_opening_and_saving_is_a_conflict(loaded: Store, small: Path) -> None:
    opened = read_record(loaded, "activities", "act-kickoff")  # also fills the per-store projection cache
    assert opened is not None
    data = read_dataset(small)
    renamed = tuple(
        a.model_copy(update={"title": "Kick-off (uit bestand)"}) if a.id == "act-kickoff" else a
        for a in data.activities
    )
    write_dataset(loaded, data.model_copy(update={"activities": renamed}), source="bestand")
    with pytest.raises(EntryConflict) as caught:
        save_records(
            loaded, [RecordChange("activities", {"kind": "webinar"}, key="act-kickoff", expected_version=opened.version)],
            actor="anna", role="member",
        )  # fmt: skip
    conflict = caught.value
    assert conflict.current is not None and conflict.current.values["title"] == "Kick-off (uit bestand)"
    assert conflict.changed_by is None  # a load changed it, not the app
    save_records(
        loaded, [RecordChange("activities", {"kind": "webinar"}, key="act-kickoff")], actor="anna", role="member"
    )
    current = read_record(loaded, "activities", "act-kickoff")
    assert current is not None and (current.values["title"], current.values["kind"]) == (
        "Kick-off (uit bestand)",
        "webinar",
    )
