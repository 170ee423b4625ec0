"""Read a whole dataset (a folder of CSV files, or one XLSX workbook) into a :class:`Dataset`.

This is the only entry point the rest of dealnet needs: :func:`read_dataset` either
returns a dataset that satisfies every rule of the interchange format (each record
valid on its own, and all of them together: see :mod:`graph.integrity`), or raises
one :class:`~loaders.errors.DatasetError` listing every problem of every file, so a
programme team can fix everything in one pass. It only reads: the store is never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.integrity import check_integrity, closest_id
from graph.model import ENTITY_FILES, ENTITY_MODELS, Dataset, Person, Record
from loaders.csvfiles import MAX_INPUT_BYTES, read_csv_table
from loaders.errors import DatasetError, Problem
from loaders.rows import Table, build_record, header_problems, row_cells
from loaders.xlsx import read_workbook

__all__ = ["MAX_INPUT_BYTES", "read_dataset"]

_IGNORED_PREFIXES = (".", "~$")  # hidden files, and the lock files Excel leaves beside an open workbook


@dataclass
class _Parsed:
    """The valid records of one file, with the row each came from, and the ids of invalid rows."""

    source: str
    records: list[Record] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)


def read_dataset(path: Path) -> Dataset:
    """Read and validate a dataset.

    Parameters
    ----------
    path
        A folder of CSV files (``parties.csv``, ...), or one ``.xlsx`` workbook with
        sheets named like the files without ``.csv``; a folder holding just one
        workbook is read as that workbook.

    Raises
    ------
    DatasetError
        With every problem found, in file and row order.
    """
    tables, problems, parties_source = _tables(Path(path))
    parsed: dict[str, _Parsed] = {}
    for table in sorted(tables, key=lambda t: ENTITY_FILES.index(t.entity)):
        parsed[table.entity], found = _parse_table(table, parsed)
        problems.extend(found)
    if parties_source and "parties" not in parsed:
        problems.append(Problem(parties_source, None, None, None, "a parties file or sheet (it is the one required one)"))
    dataset = Dataset.model_validate({entity: tuple(p.records) for entity, p in parsed.items()})

    def where(entity: str, index: int) -> str:
        return f"row {parsed[entity].rows[index]}"

    also_known = {entity: p.invalid_ids for entity, p in parsed.items()}
    for violation in check_integrity(dataset, where, also_known):
        file = parsed[violation.entity]
        problems.append(
            Problem(
                file.source, file.rows[violation.index], violation.column, violation.value,
                violation.expected, violation.suggestion,
            )
        )  # fmt: skip
    if problems:
        raise DatasetError(_in_file_order(problems, tables))
    return dataset


def _tables(path: Path) -> tuple[list[Table], list[Problem], str | None]:
    """The tables of a dataset path, or why the path holds no readable dataset.

    The third element names where ``parties`` should have been, when the container
    could be read at all (``None`` when it could not: that problem says enough).
    """

    def refused(expected: str) -> tuple[list[Table], list[Problem], None]:
        return [], [Problem(path.name or str(path), None, None, None, expected)], None

    if path.is_file() and path.suffix.lower() == ".xlsx":
        return _workbook(path)
    if path.is_file():
        return refused("a folder of CSV files or an .xlsx workbook")
    if not path.is_dir():
        return refused("an existing folder of CSV files or .xlsx workbook")
    files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(_IGNORED_PREFIXES))
    csvs = [p for p in files if p.suffix.lower() == ".csv"]
    books = [p for p in files if p.suffix.lower() == ".xlsx"]
    if csvs and books:
        return refused(
            f"a folder of CSV files or one .xlsx workbook, not both (it holds {csvs[0].name} and {books[0].name})"
        )
    if books:
        if len(books) > 1:
            return refused(f"one .xlsx workbook (the folder holds {len(books)}: {', '.join(p.name for p in books)})")
        return _workbook(books[0])
    tables: list[Table] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for file in csvs:
        entity = file.stem.strip().lower()
        if entity not in ENTITY_FILES:
            continue  # extra files are welcome, and ignored
        if entity in seen:
            problems.append(
                Problem(file.name, None, None, None, f"one file for {entity} ({seen[entity].name} is one too)")
            )
            continue
        seen[entity] = file
        tables.append(read_csv_table(file, entity))
    return tables, problems, "parties.csv"


def _workbook(path: Path) -> tuple[list[Table], list[Problem], str | None]:
    tables, problems = read_workbook(path)
    return tables, problems, None if problems else f"{path.name}, sheet parties"


def _parse_table(table: Table, parsed: dict[str, _Parsed]) -> tuple[_Parsed, list[Problem]]:
    """Records and problems of one table; ``parsed`` holds the files before it (for people)."""
    model = ENTITY_MODELS[table.entity]
    problems = [*table.problems]
    result = _Parsed(table.source)
    if not table.header:
        return result, problems
    problems.extend(header_problems(table, model))
    absent = frozenset(name for name in model.model_fields if name not in table.header)
    for row, cells in row_cells(table):
        row_absent = absent
        if table.entity == "participations":
            row_absent, found = _fill_party(cells, row, table, parsed.get("people"), absent)
            problems.extend(found)
        record, found = build_record(model, cells, table.source, row, row_absent)
        problems.extend(found)
        if record is not None:
            result.records.append(record)
            result.rows.append(row)
        elif cells.get("id"):
            result.invalid_ids.add(cells["id"])
    return result, problems


def _fill_party(
    cells: dict[str, str], row: int, table: Table, people: _Parsed | None, absent: frozenset[str]
) -> tuple[frozenset[str], list[Problem]]:
    """Give a participation that names only a person that person's party.

    Returns the columns to treat as absent (``party_id`` when it cannot be derived, so
    it is not reported as missing on top of the reason) and the problems found.
    """
    if cells.get("party_id"):
        return absent, []
    person = cells.get("person_id", "")
    people_records: Iterable[Record] = people.records if people else ()
    party_of = {p.id: p.party_id for p in people_records if isinstance(p, Person)}
    if person in party_of:
        cells["party_id"] = party_of[person]
        return absent, []
    absent |= {"party_id"}
    if {"person_id", "party_id"}.isdisjoint(table.header):
        return absent, []  # reported once, for the header
    if not person:
        return absent, [Problem(table.source, row, "person_id", "", "a person_id or party_id (one of both is required)")]
    if people and person in people.invalid_ids:
        return absent, []  # the person's own row is reported already
    return absent, [Problem(table.source, row, "person_id", person, "a known person id", closest_id(person, party_of))]


def _in_file_order(problems: list[Problem], tables: list[Table]) -> list[Problem]:
    """Problems sorted by file (in load order) and row; problems of the container come first."""
    rank = {table.source: ENTITY_FILES.index(table.entity) for table in tables}
    return sorted(problems, key=lambda p: (rank.get(p.file, -1), p.row or 0))
