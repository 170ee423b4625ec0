"""Read a whole dataset (a folder of CSV files, or one XLSX workbook) into a :class:`Dataset`.

This is the only entry point the rest of dealnet needs: :func:`read_dataset` either
returns a dataset that satisfies every rule of the interchange format (each record
valid on its own, and all of them together: see :mod:`graph.integrity`), or raises
one :class:`~loaders.errors.DatasetError` listing every problem of every file, so a
programme team can fix everything in one pass. It only reads: the store is never touched.

Problems that only follow from another one are not listed one by one: when a file
fails as a whole (unreadable, no ``id`` column, a quote that swallowed rows, no rows
at all), its ids are not known, and the references into it that could not be
resolved are counted in one line after the other problems ("… and 58 references to
parties that could not be checked because parties.csv could not be read") instead of
burying the real problem under dozens of "not a known party id".

:func:`read_dataset_with_notes` also says what a user should know about a dataset
that was read: the encoding of each CSV file, and files with a header but no rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph.integrity import REFERENCES, check_integrity, closest_id
from graph.model import ENTITY_FILES, ENTITY_MODELS, Dataset, Person, Record
from graph.collector import collector_paused
from loaders.csvfiles import MAX_INPUT_BYTES, UTF8, UTF8_BOM, read_csv_table
from loaders.errors import DatasetError, Problem
from loaders.rows import Table, build_record, bulk_validate, bulk_values, header_problems, row_cells
from loaders.xlsx import read_workbook

__all__ = [
    "MAX_INPUT_BYTES",
    "Notice",
    "ReadNotes",
    "SourceFile",
    "UncheckedReferences",
    "read_dataset",
    "read_dataset_with_notes",
]

_IGNORED_PREFIXES = (".", "~$")  # hidden files, and the lock files Excel leaves beside an open workbook

#: Files whose ids other files refer to: when one fails as a whole, references into it cannot be checked.
_TARGETS = frozenset(ref.target for ref in REFERENCES)


class UncheckedReferences(Problem):
    """References into a file that failed as a whole, counted in one line instead of one problem each.

    ``file`` is the failed file, ``expected`` says how many references, from where and
    why; the line follows the problems it comes from.

    Examples
    --------
    >>> print(UncheckedReferences("parties.csv", None, None, None, "2 references to parties that could not be checked"))
    … and 2 references to parties that could not be checked
    """

    def __str__(self) -> str:
        return f"… and {self.expected}"


@dataclass(frozen=True)
class SourceFile:
    """One file (or sheet) a dataset was read from."""

    source: str
    entity: str
    rows: int
    encoding: str | None
    """The text encoding of a CSV file (``UTF-8``, ``UTF-8 with BOM``, ``Windows-1252``); ``None`` for a sheet."""


@dataclass(frozen=True)
class Notice:
    """Something about a valid dataset that its user should know, though nothing is wrong.

    Examples
    --------
    >>> print(Notice("themes.csv", "has a header but no rows (no themes in this dataset)"))
    themes.csv has a header but no rows (no themes in this dataset)
    """

    source: str
    text: str

    def __str__(self) -> str:
        return f"{self.source} {self.text}"


@dataclass(frozen=True)
class ReadNotes:
    """What reading a valid dataset found besides its records: files, encodings, notices."""

    files: tuple[SourceFile, ...] = ()
    notices: tuple[Notice, ...] = ()

    def lines(self) -> list[str]:
        """The notes as lines for a load summary: CSV files not in UTF-8, then every notice.

        Examples
        --------
        >>> notes = ReadNotes(
        ...     (SourceFile("parties.csv", "parties", 25, "Windows-1252"), SourceFile("themes.csv", "themes", 0, "UTF-8")),
        ...     (Notice("themes.csv", "has a header but no rows (no themes in this dataset)"),),
        ... )
        >>> for line in notes.lines():
        ...     print(line)
        Read as Windows-1252 (not UTF-8): parties.csv.
        themes.csv has a header but no rows (no themes in this dataset).
        """
        by_encoding: dict[str, list[str]] = {}
        for file in self.files:
            if file.encoding not in (None, UTF8, UTF8_BOM):
                by_encoding.setdefault(file.encoding, []).append(file.source)
        lines = [f"Read as {encoding} (not UTF-8): {', '.join(names)}." for encoding, names in by_encoding.items()]
        return [*lines, *(f"{notice}." for notice in self.notices)]


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
    return read_dataset_with_notes(path)[0]


def read_dataset_with_notes(path: Path) -> tuple[Dataset, ReadNotes]:
    """Read and validate a dataset, and say what its user should know about how it was read.

    Like :func:`read_dataset`; the notes name each file's encoding and the files that
    have a header but no rows (allowed but for ``parties``: a template not yet filled
    in, or an export of a store without such records).
    """
    with collector_paused():  # hundreds of thousands of acyclic records: see graph.collector
        return _read(Path(path))


def _read(path: Path) -> tuple[Dataset, ReadNotes]:
    """:func:`read_dataset_with_notes` itself: tables, then records, then the rules across them."""
    tables, problems, parties_source = _tables(path)
    parsed: dict[str, _Parsed] = {}
    failed: dict[str, str] = {}
    unchecked: dict[str, Counter[str]] = {}
    notices: list[Notice] = []
    for table in sorted(tables, key=lambda t: ENTITY_FILES.index(t.entity)):
        result, found, unknown_people = _parse_table(table, parsed, "people" in failed)
        parsed[table.entity] = result
        problems.extend(found)
        if unknown_people:
            unchecked.setdefault("people", Counter())[table.source] += unknown_people
        empty = table.header and not table.rows and not table.problems
        if empty and table.entity == "parties":
            problems.append(
                Problem(table.source, table.header_row, None, None, "at least one party (it has a header but no rows)")
            )
        elif empty:
            notices.append(Notice(table.source, f"has a header but no rows (no {table.entity} in this dataset)"))
        reason = _failure(table, bool(empty))
        if reason is not None and table.entity in _TARGETS:
            failed[table.entity] = reason
    if parties_source and "parties" not in parsed:
        problems.append(
            Problem(parties_source, None, None, None, "a parties file or sheet (it is the one required one)")
        )
        failed["parties"] = f"because {parties_source} is missing"
    dataset = Dataset.model_validate({entity: tuple(p.records) for entity, p in parsed.items()})

    def where(entity: str, index: int) -> str:
        return f"row {parsed[entity].rows[index]}"

    also_known = {entity: p.invalid_ids for entity, p in parsed.items()}
    for violation in check_integrity(dataset, where, also_known):
        file = parsed[violation.entity]
        if violation.target in failed:
            unchecked.setdefault(violation.target, Counter())[file.source] += 1
            continue
        problems.append(
            Problem(
                file.source, file.rows[violation.index], violation.column, violation.value,
                violation.expected, violation.suggestion,
            )
        )  # fmt: skip
    if problems or unchecked:  # references into an empty file are summarised, and still wrong
        sources = {table.entity: table.source for table in tables}
        summaries = [
            _unchecked_line(target, sources.get(target, parties_source or target), failed[target], unchecked[target])
            for target in ENTITY_FILES
            if target in unchecked
        ]
        raise DatasetError([*_in_file_order(problems, tables), *summaries])
    files = tuple(
        SourceFile(table.source, table.entity, len(parsed[table.entity].records), table.encoding)
        for table in sorted(tables, key=lambda t: ENTITY_FILES.index(t.entity))
    )
    return dataset, ReadNotes(files, tuple(notices))


def _failure(table: Table, empty: bool) -> str | None:
    """Why a file's ids are not all known (it failed as a whole), or ``None`` when they are."""
    if not table.header:
        return f"because {table.source} failed"
    if "id" in ENTITY_MODELS[table.entity].model_fields and "id" not in table.header:
        return f"because {table.source} has no column id"
    if not table.complete:
        return f"because {table.source} could not be read to the end"
    if empty:
        return f"because {table.source} has a header but no rows"
    return None


def _unchecked_line(target: str, source: str, reason: str, counts: Counter[str]) -> UncheckedReferences:
    """The one line that stands for every reference into a failed file."""
    total = sum(counts.values())
    if len(counts) == 1:
        where = f"in {next(iter(counts))}"
    else:  # the counts arrive in the order the files are read
        where = ", ".join(f"{count} in {file}" for file, count in counts.items())
    noun = "reference" if total == 1 else "references"
    return UncheckedReferences(
        source, None, None, None, f"{total} {noun} to {target} that could not be checked {reason} ({where})"
    )


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
    problems: list[Problem] = []
    csvs: list[Path] = []  # regular files, and what stands where an entity's file should be
    books: list[Path] = []
    for entry in sorted(path.iterdir()):
        suffix = entry.suffix.lower()
        if entry.name.startswith(_IGNORED_PREFIXES) or suffix not in (".csv", ".xlsx"):
            continue
        if suffix == ".xlsx" and entry.is_file():
            books.append(entry)
        elif suffix == ".xlsx":
            problems.append(Problem(entry.name, None, None, None, f"a file ({_what_is(entry)})"))
        elif entry.is_file() or _entity_of(entry) in ENTITY_FILES:
            csvs.append(entry)
    if books and any(p.is_file() for p in csvs):
        csv_file = next(p for p in csvs if p.is_file())
        return refused(
            f"a folder of CSV files or one .xlsx workbook, not both (it holds {csv_file.name} and {books[0].name})"
        )
    if books:
        if len(books) > 1:
            return refused(f"one .xlsx workbook (the folder holds {len(books)}: {', '.join(p.name for p in books)})")
        sheets, book_problems, parties_source = _workbook(books[0])
        return sheets, [*problems, *book_problems], parties_source
    by_entity: dict[str, list[Path]] = {}
    for file in csvs:
        entity = _entity_of(file)
        if entity in ENTITY_FILES:  # extra files are welcome, and ignored
            by_entity.setdefault(entity, []).append(file)
    tables = [_csv_table(entity, files) for entity, files in by_entity.items()]
    return tables, problems, "parties.csv"


def _csv_table(entity: str, files: list[Path]) -> Table:
    """The table of an entity's CSV file, or a refusal standing in for it.

    Refused, and read from none: files whose names differ only in capitals or spaces
    (which one the user meant cannot be known; reading one would silently drop the
    other), and a folder, a broken link or a pipe where the file should be. The
    refusal has no header, so references into the entity count as unchecked.
    """
    last = files[-1].name
    if len(files) > 1:
        both = f"{', '.join(f.name for f in files[:-1])} and {last}"
        expected = f"one file for {entity} ({both} differ only in capitals or spaces: remove or rename one)"
    elif not files[0].is_file():
        expected = f"a file ({_what_is(files[0])})"
    else:
        return read_csv_table(files[0], entity)
    return Table(last, entity, (), 1, (), (Problem(last, None, None, None, expected),), complete=False)


def _entity_of(file: Path) -> str:
    """The entity a file name stands for: its stem, trimmed, in lower case (``Parties .CSV`` → ``parties``)."""
    return file.stem.strip().lower()


def _what_is(entry: Path) -> str:
    """What a directory entry that is not a regular file is, in words."""
    if entry.is_symlink() and not entry.exists():
        return "this is a link to nothing"
    if entry.is_dir():
        return "this is a folder"
    return "this is not a regular file"


def _workbook(path: Path) -> tuple[list[Table], list[Problem], str | None]:
    tables, problems = read_workbook(path)
    readable = tables or not problems
    return tables, problems, f"{path.name}, sheet parties" if readable else None


def _parse_table(table: Table, parsed: dict[str, _Parsed], people_failed: bool) -> tuple[_Parsed, list[Problem], int]:
    """Records and problems of one table; ``parsed`` holds the files before it (for people).

    The third element counts participations naming a person who could not be looked
    up because the people file failed as a whole (they are not reported one by one).
    """
    model = ENTITY_MODELS[table.entity]
    problems = [*table.problems]
    result = _Parsed(table.source, invalid_ids=set(table.unread_ids))
    unknown_people = 0
    if not table.header:
        return result, problems, unknown_people
    problems.extend(header_problems(table, model))
    people = parsed.get("people")
    party_of = {p.id: p.party_id for p in (people.records if people else ()) if isinstance(p, Person)}
    if not problems and (records := _bulk(table, party_of)) is not None:
        result.records.extend(records)
        result.rows.extend(row.number for row in table.rows)
        return result, problems, unknown_people
    absent = frozenset(name for name in model.model_fields if name not in table.header)
    unread = {row.number: row.unknown for row in table.rows if row.unknown}
    for row, cells in row_cells(table):
        row_absent = absent | unread.get(row, frozenset())
        if table.entity == "participations":
            row_absent, found = _fill_party(cells, row, table, people, party_of, row_absent)
            if people_failed and any(p.expected == _KNOWN_PERSON for p in found):
                unknown_people += 1
                found = [p for p in found if p.expected != _KNOWN_PERSON]
            problems.extend(found)
        record, found = build_record(model, cells, table.source, row, row_absent)
        problems.extend(found)
        if record is not None:
            result.records.append(record)
            result.rows.append(row)
        elif cells.get("id"):
            result.invalid_ids.add(cells["id"])
    return result, problems, unknown_people


def _bulk(table: Table, party_of: Mapping[str, str]) -> list[Record] | None:
    """All records of a table read in bulk (:func:`~loaders.rows.bulk_values`), or ``None``.

    ``None`` when anything is wrong with any row (a cell that does not parse, an
    invalid record, a cell whose value could not be read, a participation whose party
    cannot be derived): the caller then reads the table row by row, which names every
    problem. A participation naming only a person gets that person's party, as
    :func:`_fill_party` gives it.
    """
    if any(row.unknown for row in table.rows):
        return None
    values = bulk_values(ENTITY_MODELS[table.entity], table)
    if values is None:
        return None
    if table.entity == "participations":
        for value in values:
            if "party_id" not in value:
                party = party_of.get(value.get("person_id", ""))
                if party is None:
                    return None
                value["party_id"] = party
    return bulk_validate(ENTITY_MODELS[table.entity], values)


_KNOWN_PERSON = "a known person id"


def _fill_party(
    cells: dict[str, str],
    row: int,
    table: Table,
    people: _Parsed | None,
    party_of: Mapping[str, str],
    absent: frozenset[str],
) -> tuple[frozenset[str], list[Problem]]:
    """Give a participation that names only a person that person's party (``party_of``: by person id).

    Returns the columns to treat as absent (``party_id`` when it cannot be derived, so
    it is not reported as missing on top of the reason) and the problems found.
    """
    if cells.get("party_id"):
        return absent, []
    person = cells.get("person_id", "")
    if person in party_of:
        cells["party_id"] = party_of[person]
        return absent, []
    absent |= {"party_id"}
    if {"person_id", "party_id"}.isdisjoint(table.header):
        return absent, []  # reported once, for the header
    if not person:
        return absent, [
            Problem(table.source, row, "person_id", "", "a person_id or party_id (one of both is required)")
        ]
    if people and person in people.invalid_ids:
        return absent, []  # the person's own row is reported already
    return absent, [Problem(table.source, row, "person_id", person, _KNOWN_PERSON, closest_id(person, party_of))]


def _in_file_order(problems: list[Problem], tables: list[Table]) -> list[Problem]:
    """Problems sorted by file (in load order) and row; problems of the container come first."""
    rank = {table.source: ENTITY_FILES.index(table.entity) for table in tables}
    return sorted(problems, key=lambda p: (rank.get(p.file, -1), p.row or 0))
