"""Reading a file in bulk gives what reading it row by row gives (loaders.rows, loaders.reader).

:func:`loaders.rows.bulk_values` and :func:`~loaders.rows.bulk_validate` read a valid
file in one pass and one pydantic call; anything wrong sends the file back to the
row-by-row reading, which names every problem. These tests read the same datasets both
ways (the row-by-row way forced by turning the bulk reading off) and compare the records,
check that a valid dataset is read without the row-by-row reading at all, and that every
kind of bad cell makes the bulk reading give up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import loaders.reader
import loaders.rows
from graph.model import Activity, Party, Theme
from loaders.demo import DEMO_DATASET
from loaders.errors import DatasetError
from loaders.reader import read_dataset
from loaders.rows import MAX_CELL_CHARS, RawRow, Table, bulk_validate, bulk_values
from loaders.synth import synthesize
from tests.test_office_input import as_dutch_excel


def _row_by_row(monkeypatch: pytest.MonkeyPatch, path: Path) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(loaders.reader, "_bulk", lambda table, party_of: None)
        return read_dataset(path)


def _never_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a valid file was read row by row")

    monkeypatch.setattr(loaders.reader, "build_record", refuse)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    synthesize("small", 7, folder)
    return folder


@pytest.mark.parametrize("which", ["demo", "synthetic", "dutch excel"])
def test_bulk_and_row_by_row_read_equal_records(
    which: str, synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = {"demo": DEMO_DATASET, "synthetic": synthetic}.get(which) or as_dutch_excel(DEMO_DATASET, tmp_path / "nl")
    expected = _row_by_row(monkeypatch, path)
    _never_row_by_row(monkeypatch)
    read = read_dataset(path)
    assert read == expected
    assert sum(read.counts().values()) > 100


def test_participations_naming_only_a_person_get_the_party_in_bulk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "persons"
    synthesize("tiny", 3, folder)
    lines = (folder / "participations.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    party = header.index("party_id")
    blanked = [lines[0]]
    for line in lines[1:]:  # the synthetic participations have no quoted cells
        cells = line.split(",")
        if cells[header.index("person_id")]:
            cells[party] = ""
        blanked.append(",".join(cells))
    (folder / "participations.csv").write_text("\n".join(blanked) + "\n", encoding="utf-8")
    expected = _row_by_row(monkeypatch, folder)
    _never_row_by_row(monkeypatch)
    assert read_dataset(folder) == expected


def test_a_bad_row_is_still_named_by_file_row_column_and_value(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    synthesize("tiny", 3, folder)
    lines = (folder / "activities.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("date")] = "31-02-2025"
    lines[3] = ",".join(cells)
    (folder / "activities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as raised:
        read_dataset(folder)
    [problem] = raised.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("activities.csv", 4, "date", "31-02-2025")


def _table(header: tuple[str, ...], *rows: tuple[str, ...]) -> Table:
    return Table("f.csv", "f", header, 1, tuple(RawRow(n, cells) for n, cells in enumerate(rows, start=2)))


@pytest.mark.parametrize(
    ("model", "header", "cells"),
    [
        (Activity, ("id", "date"), ("a1", "2025-02-31")),  # not in the calendar
        (Activity, ("id", "date"), ("a1", "gisteren")),
        (Party, ("id", "lat"), ("p1", "=A1")),  # a formula where a number belongs
        (Party, ("id", "illustrative"), ("p1", "misschien")),
        (Theme, ("id", "name"), ("t1", "x" * (MAX_CELL_CHARS + 1))),
        (Theme, ("id", "name", "note"), ("t1", "Wonen", "x" * (MAX_CELL_CHARS + 1))),  # too long, even unread
    ],
)
def test_bulk_values_give_up_on_a_cell_that_does_not_parse(
    model: type, header: tuple[str, ...], cells: tuple[str, ...]
) -> None:
    assert bulk_values(model, _table(header, cells)) is None


def test_bulk_values_read_short_rows_and_the_first_of_repeated_columns() -> None:
    table = _table(("id", "name", "id"), ("t1", "Wonen", "t9"), ("t2",))
    assert bulk_values(Theme, table) == [{"id": "t1", "name": "Wonen"}, {"id": "t2"}]


def test_bulk_validate_gives_up_when_one_record_is_invalid() -> None:
    assert bulk_validate(Theme, [{"id": "t1", "name": "Wonen"}, {"id": "t2"}]) is None
    assert bulk_validate(Theme, [{"id": "t1", "name": "Wonen"}]) == [Theme(id="t1", name="Wonen")]


def test_bulk_parsers_are_the_row_parsers() -> None:
    assert set(loaders.rows._BULK_PARSERS) | {loaders.rows.ColumnKind.TEXT, loaders.rows.ColumnKind.CHOICE} == set(
        loaders.rows.ColumnKind
    )
