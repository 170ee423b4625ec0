"""From text cells to typed records: how one row of a CSV file or sheet is read.

Both containers (CSV folders and XLSX workbooks) are first turned into a
:class:`Table` of text cells, so that every rule of the interchange format about
cells (dates, booleans, lists, numbers, size limits) lives here once:

* dates ``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``D-M-YYYY``;
* booleans ``true/false``, ``ja/nee``, ``yes/no``, ``1/0`` (and ``waar/onwaar``,
  which Dutch Excel writes), empty meaning false;
* *list* cells: ids separated by ``,``;
* numbers with a decimal point or, as Dutch Excel writes them, a decimal comma;
  never ``nan`` or ``inf``;
* no cell longer than :data:`MAX_CELL_CHARS`.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is never evaluated: where the
model expects free text it is kept as literal text, anywhere else it must parse as
the expected type like any other cell (``-4.5`` is a number, ``=1+1`` is not).

The parsed values then go through the pydantic models of :mod:`graph.model`, and
every validation error is mapped back to its column, its value and a phrase saying
what was expected, as a :class:`~loaders.errors.Problem`.

**Fast when nothing is wrong.** Reading a row cell by cell into a dict, then validating
it alone, costs about 20 µs a row: 4-5 s for a national dataset of 217,000 rows, most of
a reload that changes nothing. Most datasets are valid, so a file is first read in bulk:
:func:`bulk_values` parses every cell of every row with the same parsers, in one tight
loop, and :func:`bulk_validate` validates all rows in one pydantic call (a
``TypeAdapter`` over the list, as :mod:`loaders.repository` reads the store). Either
gives up (returns ``None``) at the first thing wrong, and the caller then reads the
file again row by row with :func:`build_record`, which names every problem. The two
give equal records for a valid file (``tests/test_rows_bulk.py``).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cache
from typing import Any

from annotated_types import Ge, Le
from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from graph.model import EARLIEST_DATE, LATEST_DATE, Record
from loaders.errors import Problem

__all__ = [
    "BOOL_EXPECTED",
    "DATE_EXPECTED",
    "ID_EXPECTED",
    "MAX_CELL_CHARS",
    "CellError",
    "Column",
    "ColumnKind",
    "RawRow",
    "Table",
    "build_record",
    "bulk_validate",
    "bulk_values",
    "header_problems",
    "model_columns",
    "parse_bool",
    "parse_date",
    "parse_float",
    "parse_int",
    "parse_list",
    "required_columns",
    "row_cells",
]

#: Longest cell accepted: longer is almost always a broken quote or a pasted document.
MAX_CELL_CHARS = 10_000

DATE_EXPECTED = "a date like 2025-04-22 or 22-04-2025"
BOOL_EXPECTED = "a yes/no value (true/false, ja/nee, yes/no, 1/0)"
ID_EXPECTED = "an id of letters, digits, '_', '.' or '-' (starting with a letter or digit)"
_LIST_EXPECTED = "a list of ids separated by ','"
_FORMULA_STARTS = ("=", "+", "-", "@")

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
_BOOLS = {
    "true": True, "false": False, "ja": True, "nee": False, "yes": True, "no": False,
    "1": True, "0": False, "waar": True, "onwaar": False, "": False,
}  # fmt: skip


class CellError(ValueError):
    """A cell that does not parse; ``expected`` says what would have."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def parse_date(text: str) -> dt.date:
    """Read a date written ``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``D-M-YYYY``.

    Examples
    --------
    >>> parse_date("2025-04-22"), parse_date("22-04-2025"), parse_date("2-4-2025")
    (datetime.date(2025, 4, 22), datetime.date(2025, 4, 22), datetime.date(2025, 4, 2))
    >>> try:
    ...     parse_date("31-02-2025")
    ... except CellError as error:
    ...     print(error.expected)
    a date that exists in the calendar
    """
    text = text.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DUTCH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise CellError(DATE_EXPECTED)
    if not 1 <= month <= 12:
        raise CellError(f"{DATE_EXPECTED} (there is no month {month})")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("a date that exists in the calendar") from None


def parse_bool(text: str) -> bool:
    """Read a yes/no cell; empty means false.

    Examples
    --------
    >>> parse_bool("Ja"), parse_bool("no"), parse_bool(""), parse_bool("1")
    (True, False, False, True)
    """
    try:
        return _BOOLS[text.strip().lower()]
    except KeyError:
        raise CellError(BOOL_EXPECTED) from None


def parse_list(text: str) -> tuple[str, ...]:
    """Split a *list* cell on ``,``, trimming items and dropping empty or repeated ones.

    Examples
    --------
    >>> parse_list("verbinden, normeren,,verbinden")
    ('verbinden', 'normeren')
    """
    items = (item.strip() for item in text.split(","))
    return tuple(dict.fromkeys(item for item in items if item))


def parse_int(text: str) -> int:
    """Read a whole number (no thousands separators).

    Examples
    --------
    >>> parse_int(" 2025"), parse_int("-3")
    (2025, -3)
    """
    text = text.strip()
    if not _INT.fullmatch(text):
        raise CellError("a whole number")
    return int(text)


def parse_float(text: str) -> float:
    """Read a finite number, with a decimal point or a decimal comma.

    Examples
    --------
    >>> parse_float("52,37"), parse_float("-4.9"), parse_float("1e2")
    (52.37, -4.9, 100.0)
    """
    text = text.strip()
    if not _FLOAT.fullmatch(text):
        raise CellError("a number")
    return float(text.replace(",", "."))


class ColumnKind(StrEnum):
    """How the text of a column is turned into a value before the model checks it."""

    TEXT = "text"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    LIST = "list"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    """One column of a file, derived from a field of its model."""

    name: str
    kind: ColumnKind
    required: bool
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None

    @property
    def expected(self) -> str:
        """What a valid cell of this column looks like, for messages."""
        if self.kind is ColumnKind.CHOICE:
            return "one of " + ", ".join(self.choices)
        if self.kind in (ColumnKind.INT, ColumnKind.FLOAT):
            number = "a whole number" if self.kind is ColumnKind.INT else "a number"
            if self.low is not None and self.high is not None:
                return f"{number} from {_number_text(self.low)} to {_number_text(self.high)}"
            return number
        return {
            ColumnKind.BOOL: BOOL_EXPECTED,
            ColumnKind.DATE: DATE_EXPECTED,
            ColumnKind.LIST: _LIST_EXPECTED,
        }.get(self.kind, "text" if not self.name.endswith("id") else ID_EXPECTED)

    def parse(self, text: str) -> Any:
        """Turn non-empty cell text into the value the model takes; raise :class:`CellError`."""
        match self.kind:
            case ColumnKind.BOOL:
                return parse_bool(text)
            case ColumnKind.INT:
                return parse_int(text)
            case ColumnKind.FLOAT:
                return parse_float(text)
            case ColumnKind.DATE:
                return parse_date(text)
            case ColumnKind.LIST:
                return parse_list(text)
            case _:
                return text


@cache
def model_columns(model: type[Record]) -> dict[str, Column]:
    """The columns of a model's file, keyed by (lower-case) name, in field order."""
    return {name: _column(name, info) for name, info in model.model_fields.items()}


def required_columns(model: type[Record]) -> tuple[str, ...]:
    """Columns a file of this model must have in its header.

    ``participations`` is the exception: its model always has a ``party_id``, but the
    file may give a ``person_id`` instead (the reader then derives the party).
    """
    names = tuple(name for name, column in model_columns(model).items() if column.required)
    if "person_id" in model_columns(model):
        return tuple(name for name in names if name != "party_id")
    return names


def _column(name: str, info: FieldInfo) -> Column:
    annotation, metadata = _unwrap(info.annotation)
    metadata = [*info.metadata, *metadata]
    low = next((float(typing.cast(float, m.ge)) for m in metadata if isinstance(m, Ge)), None)
    high = next((float(typing.cast(float, m.le)) for m in metadata if isinstance(m, Le)), None)
    required = info.is_required()
    if typing.get_origin(annotation) is tuple:
        return Column(name, ColumnKind.LIST, required)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return Column(name, ColumnKind.CHOICE, required, tuple(str(m.value) for m in annotation))
    kind = {
        bool: ColumnKind.BOOL,
        int: ColumnKind.INT,
        float: ColumnKind.FLOAT,
        dt.date: ColumnKind.DATE,
    }.get(annotation, ColumnKind.TEXT)
    return Column(name, kind, required, low=low, high=high)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``Optional`` and ``Annotated`` from a field type, keeping constraint metadata."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
        elif origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            for item in extra:
                metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        else:
            return annotation, metadata


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


@dataclass(frozen=True)
class RawRow:
    """One data row: its number as the user sees it, and its cells as trimmed text.

    ``unknown`` names the columns whose value could not be read (a formula that was
    never calculated): their problem is reported once for the table, so an empty
    cell there is not reported again for the row.
    """

    number: int
    cells: tuple[str, ...]
    unknown: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Table:
    """A file or sheet as text: what both containers are reduced to before parsing.

    ``header`` holds the normalised (trimmed, lower-case) column names in file order;
    ``problems`` what went wrong reading the container itself (encoding, cell too
    long for the CSV reader, ...). ``complete`` is false when rows were lost to such
    a problem (an unclosed quote swallowing rows, a read that stopped half-way): the
    file's ids are then not all known, and references to ids it lacks cannot be
    checked. ``unread_ids`` are the ids of rows refused before parsing (too many
    cells), so that references to them are not reported as unknown on top.
    ``encoding`` is the text encoding a CSV file was read in (``None`` for a sheet).
    """

    source: str
    entity: str
    header: tuple[str, ...]
    header_row: int
    rows: tuple[RawRow, ...]
    problems: tuple[Problem, ...] = field(default=())
    complete: bool = True
    unread_ids: tuple[str, ...] = ()
    encoding: str | None = None


def header_problems(table: Table, model: type[Record]) -> list[Problem]:
    """Missing required columns and repeated column names in a table's header."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(table.header, start=1):
        if name and name in seen:
            problems.append(
                Problem(
                    table.source, table.header_row, name, name,
                    f"a column name used once (column {seen[name]} has it too)",
                )
            )  # fmt: skip
        seen.setdefault(name, position)
    hint = ""
    if len(table.header) == 1 and not {",", ";"} & set(table.header[0]):
        hint = "; the header has a single column: columns must be separated by ',' or ';'"
    for name in required_columns(model):
        if name not in seen:
            problems.append(
                Problem(table.source, table.header_row, name, None, f"a column {name} (it is required{hint})")
            )
    if "person_id" in model_columns(model) and not {"person_id", "party_id"} & seen.keys():
        problems.append(
            Problem(
                table.source, table.header_row, "person_id", None,
                "a column person_id or party_id (one of both is required)",
            )
        )  # fmt: skip
    return problems


def row_cells(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as ``(row number, {column: text})``; the first of repeated columns wins."""
    for row in table.rows:
        cells: dict[str, str] = {}
        for name, text in zip(table.header, row.cells):
            if name:
                cells.setdefault(name, text)
        yield row.number, cells


def build_record(
    model: type[Record],
    cells: Mapping[str, str],
    source: str,
    row: int,
    absent: frozenset[str] = frozenset(),
) -> tuple[Record | None, list[Problem]]:
    """Parse and validate one row into a record, or say everything that is wrong with it.

    Parameters
    ----------
    model
        The record type of the file.
    cells
        Trimmed cell text by lower-case column name; unknown columns are ignored.
    source, row
        Where the row is, for the problems.
    absent
        Required columns missing from the header: reported once for the file, so
        not again for every row.

    Returns
    -------
    The record (``None`` if there were problems) and the problems.
    """
    columns = model_columns(model)
    problems: list[Problem] = []
    reported: set[str] = set(absent)
    data: dict[str, Any] = {}

    def problem(column: str, value: str | None, expected: str) -> None:
        if value and value.startswith(_FORMULA_STARTS) and columns[column].kind is not ColumnKind.TEXT:
            expected += " (formulas are not evaluated)"
        problems.append(Problem(source, row, column, value, expected))
        reported.add(column)

    for name, column in columns.items():
        text = cells.get(name, "")
        if len(text) > MAX_CELL_CHARS:
            problem(name, text, f"a cell of at most {MAX_CELL_CHARS} characters")
        elif text:
            try:
                data[name] = column.parse(text)
            except CellError as error:
                numeric = column.kind in (ColumnKind.INT, ColumnKind.FLOAT)
                problem(name, text, column.expected if numeric else error.expected)
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            location = detail["loc"]
            name = str(location[0]) if location else "end"
            if name in reported and (len(location) < 2 or detail["type"] == "missing"):
                continue
            text = cells.get(name, "")
            if len(location) > 1:  # an item of a list cell
                text = str(detail["input"])
            problem(name, text, _expected(columns[name], detail, cells))
        return None, problems
    return (None, problems) if problems else (record, problems)


@cache
def _adapter(model: type[Record]) -> TypeAdapter[list[Any]]:
    """One validator for a whole file: a single call into pydantic-core instead of one per row."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


_BULK_PARSERS: dict[ColumnKind, typing.Callable[[str], Any]] = {
    ColumnKind.BOOL: parse_bool,
    ColumnKind.INT: parse_int,
    ColumnKind.FLOAT: parse_float,
    ColumnKind.DATE: parse_date,
    ColumnKind.LIST: parse_list,
}


def bulk_values(model: type[Record], table: Table) -> list[dict[str, Any]] | None:
    """Every row of ``table`` as the values :func:`build_record` would validate, or ``None``.

    The same parsers as :meth:`Column.parse`, and the same rules (empty cells left out,
    the first of repeated columns, cells of at most :data:`MAX_CELL_CHARS`), without
    building a problem for anything: ``None`` as soon as one cell does not parse, for the
    caller to read the table row by row.

    Examples
    --------
    >>> from graph.model import Theme
    >>> table = Table("themes.csv", "themes", ("id", "name", "extra"), 1, (RawRow(2, ("t1", "Wonen", "x")),))
    >>> bulk_values(Theme, table)
    [{'id': 't1', 'name': 'Wonen'}]
    >>> bulk_values(Theme, Table("themes.csv", "themes", ("id", "name"), 1, (RawRow(2, ("t1", "W" * 10_001)),)))
    """
    columns = model_columns(model)
    texts: list[tuple[str, int]] = []
    typed: list[tuple[str, int, typing.Callable[[str], Any]]] = []
    for name, column in columns.items():
        if name in table.header:
            index = table.header.index(name)
            parse = _BULK_PARSERS.get(column.kind)
            if parse is None:  # text and choices: the model checks the text itself
                texts.append((name, index))
            else:
                typed.append((name, index, parse))
    width = len(table.header)
    values: list[dict[str, Any]] = []
    append = values.append
    try:
        for row in table.rows:
            cells = row.cells
            if len(cells) < width:  # a short row: the missing cells are empty
                cells = (*cells, *("",) * (width - len(cells)))
            if max(map(len, cells)) > MAX_CELL_CHARS:  # (in any column: then read row by row)
                return None
            value = {name: cells[index] for name, index in texts if cells[index]}
            for name, index, parse in typed:
                if text := cells[index]:
                    value[name] = parse(text)
            append(value)
    except CellError:
        return None
    return values


def bulk_validate(model: type[Record], values: list[dict[str, Any]]) -> list[Record] | None:
    """All rows' values as records in one pydantic call, or ``None`` if any row is invalid.

    Examples
    --------
    >>> from graph.model import Theme
    >>> [theme.id for theme in bulk_validate(Theme, [{"id": "t1", "name": "Wonen"}])]
    ['t1']
    >>> print(bulk_validate(Theme, [{"id": "t1", "name": "Wonen"}, {"id": "t 2", "name": "Zorg"}]))
    None
    """
    try:
        return _adapter(model).validate_python(values)
    except ValidationError:
        return None


def _expected(column: Column, detail: Mapping[str, Any], cells: Mapping[str, str]) -> str:
    """A phrase for what a pydantic error says was expected, in the user's terms."""
    kind = detail["type"]
    if kind == "missing":
        return "a value (the column is required)"
    if kind == "string_pattern_mismatch":
        return ID_EXPECTED
    if kind == "string_too_long":
        return f"a text of at most {detail['ctx']['max_length']} characters"
    if kind == "value_error" and column.kind is ColumnKind.DATE:
        if not detail["loc"]:  # the model's own check that end is not before start
            return f"a date on or after start ({cells.get('start', '')})"
        return f"a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
    if kind.startswith(("enum", "greater", "less", "int_", "float_")):
        return column.expected
    return str(detail["msg"])
