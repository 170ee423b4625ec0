"""An admin's upload in the app follows the rule of ``dealnet load``: it never silently undoes app entries.

Against a real Bolt server: records entered in the app after the last export make an
upload that would change or remove them fail, naming them on the upload page, and write
nothing; after an export the same upload loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import flask
import pytest

from app.cli import main, upload
from app.pages import upload as upload_page
from app.security import AuditLog, Role, read_audit
from app.security.audit import EXTENSION_KEY
from app.services import Services
from loaders.driver import Store
from loaders.entries import RecordChange, save_records
from loaders.entry_guard import UnexportedEntries
from loaders.reader import read_dataset
from loaders.repository import StoreSource, canonical_dump
from loaders.writer import write_dataset
from tests.datasets import write_small_dataset
from tests.test_app_roles import as_role, data_url


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_small_dataset(tmp_path / "small")


@pytest.fixture
def loaded(cli_store: Store, small: Path) -> Iterator[Store]:
    write_dataset(cli_store, read_dataset(small), source="small", replace=True)
    yield cli_store


def test_an_upload_that_would_undo_an_entry_is_refused_and_writes_nothing(
    loaded: Store, small: Path, tmp_path: Path
) -> None:
    dataset = read_dataset(small)
    upload(loaded, dataset, False)  # nothing entered yet: the same data loads (and changes nothing)
    save_records(
        loaded, [RecordChange("activities", {"title": "Aftrap"}, key="act-kickoff")], actor="bram", role="member"
    )
    entered = canonical_dump(loaded)
    with pytest.raises(UnexportedEntries) as refused:
        upload(loaded, dataset, False)
    assert [(c.file, c.key, c.actor, c.load_would) for c in refused.value.changes] == [
        ("activities", "act-kickoff", "bram", "change")
    ]
    assert canonical_dump(loaded) == entered
    assert main(["export", str(tmp_path / "backup")]) == 0
    upload(loaded, dataset, False)  # exported: the upload is the admin's decision now
    assert canonical_dump(loaded) != entered


def test_the_upload_page_names_the_records_it_would_undo(loaded: Store, small: Path, tmp_path: Path) -> None:
    save_records(
        loaded, [RecordChange("activities", {"title": "Aftrap"}, key="act-kickoff")], actor="bram", role="member"
    )
    entered = canonical_dump(loaded)
    services = Services(StoreSource(loaded), writer=lambda dataset, replace: upload(loaded, dataset, replace))
    files = sorted(small.glob("*.csv"))
    web = flask.Flask("dealnet-test")
    web.extensions[EXTENSION_KEY] = AuditLog(tmp_path / "audit.jsonl")
    with as_role(web, Role.ADMIN, "carla"):
        shown, version = upload_page.load_files(
            services,
            {"lang": "nl"},
            [data_url(f.read_text(encoding="utf-8")) for f in files],
            [f.name for f in files],
            False,
        )
    text = str(shown)
    assert "Niet geladen" in text and "activities.csv, act-kickoff: in de app gewijzigd door bram" in text
    assert version is upload_page.no_update and canonical_dump(loaded) == entered
    (line,) = read_audit(tmp_path / "audit.jsonl")
    assert (line["actor"], line["result"]) == ("carla", "refused: would undo 1 record(s) entered in the app")
