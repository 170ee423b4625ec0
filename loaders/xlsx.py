"""Read an XLSX workbook of a dataset into :class:`~loaders.rows.Table` s, one per sheet.

An ``.xlsx`` file is a zip archive of XML, which makes it an attack surface
(OWASP ASVS 5.0, V5.2): a zip bomb that unpacks to gigabytes, a file that only claims
to be a workbook. So before openpyxl sees the file we check, with the standard
library only, that

* it is at most :data:`~loaders.csvfiles.MAX_INPUT_BYTES` large;
* it starts with the zip signature and opens as a zip;
* it declares the spreadsheet content type (a ``.docx`` or ``.xlsm`` renamed is refused);
* its members' declared uncompressed sizes add up to at most
  :data:`MAX_UNCOMPRESSED_BYTES`, no large member is compressed more than
  :data:`MAX_COMPRESSION_RATIO` times, and it has at most :data:`MAX_MEMBERS` members.

Python's :mod:`zipfile` (which openpyxl uses) never inflates a member beyond its
declared size, so checking the declared sizes bounds the memory used. openpyxl then
opens the file ``read_only`` (streaming) and ``data_only`` (formulas are never
evaluated: a cell holds the value Excel last computed and saved). A formula without a
saved value (a workbook written by a program, never opened and saved in Excel) would
read as an empty cell; :func:`unsaved_formulas` finds those cells, and they are
reported as formulas to be calculated, not as empty.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

import openpyxl
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from graph.model import ENTITY_FILES, ENTITY_MODELS
from loaders import csvfiles
from loaders.errors import Problem
from loaders.rows import RawRow, Table

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_MEMBERS",
    "MAX_UNCOMPRESSED_BYTES",
    "XLSX_CONTENT_TYPE",
    "cell_text",
    "check_workbook_file",
    "read_workbook",
    "unsaved_formulas",
]

#: Largest total declared uncompressed size of a workbook's members.
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
#: Largest compression ratio of a member bigger than :data:`_RATIO_FLOOR` bytes
#: (spreadsheet XML compresses 5-30 times; a zip bomb a thousand times or more).
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 10_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

_RATIO_FLOOR = 1024 * 1024
_CONTENT_TYPES = "[Content_Types].xml"

_CELL, _FORMULA, _VALUE, _ROW = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("c", "f", "v", "row"))
#: A formula element, with or without a namespace prefix, as bytes in a sheet's XML.
_FORMULA_BYTES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
#: Cell types whose saved value may be empty text (a formula like =IF(A2="";"";A2)).
_TEXT_TYPES = frozenset({"str", "s", "inlineStr"})


def check_workbook_file(path: Path, max_bytes: int | None = None) -> str | None:
    """Why the file may not be opened as a workbook, or ``None`` when it is safe to.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     fake = Path(folder) / "data.xlsx"
    ...     _ = fake.write_text("id,name,kind")
    ...     print(check_workbook_file(fake))
    an .xlsx workbook (the file is not a zip archive: is it a CSV file renamed?)
    """
    limit = csvfiles.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        return f"a workbook of at most {limit:,} bytes (it has {size:,})"
    with path.open("rb") as stream:
        magic = stream.read(4)
    if magic == b"\xd0\xcf\x11\xe0":
        return "an .xlsx workbook (this is an old .xls or an encrypted workbook: save it as .xlsx)"
    if magic != b"PK\x03\x04":
        return "an .xlsx workbook (the file is not a zip archive: is it a CSV file renamed?)"
    try:
        with zipfile.ZipFile(path) as archive:
            return _archive_problem(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        return f"an .xlsx workbook (the zip archive is damaged: {error})"


def _archive_problem(archive: zipfile.ZipFile) -> str | None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"a workbook of at most {MAX_MEMBERS} zip members (it has {len(members)})"
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        return f"a workbook that unpacks to at most {MAX_UNCOMPRESSED_BYTES:,} bytes (it claims {total:,}: a zip bomb?)"
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > MAX_COMPRESSION_RATIO:
            return (
                f"a workbook compressed at most {MAX_COMPRESSION_RATIO} times "
                f"({member.filename} is compressed {ratio:,.0f} times: a zip bomb?)"
            )
    names = {member.filename: member for member in members}
    content_types = names.get(_CONTENT_TYPES)
    if content_types is None or content_types.file_size > _RATIO_FLOOR:
        return "an .xlsx workbook (the zip archive has no spreadsheet content types: is it another kind of file?)"
    if XLSX_CONTENT_TYPE.encode() not in archive.read(content_types):
        return "an .xlsx workbook (the archive is not a spreadsheet, or holds macros: save it as a plain .xlsx)"
    return None


def cell_text(value: object) -> str:
    """A cell value as openpyxl gives it, as the text a CSV file would hold.

    Examples
    --------
    >>> cell_text(dt.datetime(2025, 4, 22)), cell_text(3.0), cell_text(2.5), cell_text(True), cell_text(None)
    ('2025-04-22', '3', '2.5', 'true', '')
    """
    match value:
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case dt.datetime():
            return value.date().isoformat()
        case dt.date():
            return value.isoformat()
        case float() if value.is_integer():
            return str(int(value))
        case _:
            return str(value).strip()


def read_workbook(path: Path, max_bytes: int | None = None) -> tuple[list[Table], list[Problem]]:
    """The sheets of a workbook named like the interchange files, as tables.

    Sheet names are matched trimmed and case-insensitively; other sheets are ignored,
    and two sheets for one file (``parties`` and ``Parties ``) are both refused.
    Row numbers are the sheet's own. Problems with the workbook as a whole (unsafe,
    unreadable) come back in the second element, with no tables.
    """
    refusal = check_workbook_file(path, max_bytes)
    if refusal is not None:
        return [], [Problem(path.name, None, None, None, refusal)]
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on damaged XML; all mean the same here
        return [], [
            Problem(path.name, None, None, None, f"a readable .xlsx workbook ({type(error).__name__}: {error})")
        ]
    tables: list[Table] = []
    try:
        by_entity: dict[str, list[ReadOnlyWorksheet]] = {}
        for sheet in workbook.worksheets:
            entity = sheet.title.strip().lower()
            if entity in ENTITY_FILES:
                by_entity.setdefault(entity, []).append(sheet)
        with zipfile.ZipFile(path) as archive:
            for entity, sheets in by_entity.items():
                if len(sheets) > 1:
                    tables.append(_ambiguous(path.name, entity, [sheet.title for sheet in sheets]))
                else:
                    source = f"{path.name}, sheet {sheets[0].title}"
                    tables.append(_sheet_table(sheets[0], source, entity, _sheet_formulas(archive, sheets[0])))
    except Exception as error:  # damage inside a sheet shows only while streaming it
        return [], [
            Problem(path.name, None, None, None, f"a readable .xlsx workbook ({type(error).__name__}: {error})")
        ]
    finally:
        workbook.close()
    return tables, []


def _ambiguous(book: str, entity: str, titles: list[str]) -> Table:
    """A table standing for sheets whose names differ only in capitals or spaces: neither is read."""
    both = f"{', '.join(repr(t) for t in titles[:-1])} and {titles[-1]!r}"
    source = f"{book}, sheet {titles[-1]}"
    problem = Problem(
        source, None, None, None,
        f"one sheet for {entity} (sheets {both} differ only in capitals or spaces: remove or rename one)",
    )  # fmt: skip
    return Table(source, entity, (), 1, (), (problem,), complete=False)


def _sheet_formulas(archive: zipfile.ZipFile, sheet: ReadOnlyWorksheet) -> dict[tuple[int, int], str]:
    """The unsaved formulas of a sheet (see :func:`unsaved_formulas`), found in its XML part.

    openpyxl does not say which XML part a read-only sheet streams from but in the
    attribute ``_worksheet_path``; without it (another openpyxl) the check is skipped.
    """
    member = getattr(sheet, "_worksheet_path", None)
    if not isinstance(member, str):
        return {}
    with archive.open(member) as stream:
        if not _has_formula(stream):
            return {}
    with archive.open(member) as stream:
        return unsaved_formulas(stream)


def _has_formula(stream: IO[bytes], chunk: int = 1 << 20) -> bool:
    """Whether a sheet's XML holds a formula element at all (a quick scan before parsing it)."""
    tail = b""
    while block := stream.read(chunk):
        if _FORMULA_BYTES.search(tail + block):
            return True
        tail = block[-32:]
    return False


def unsaved_formulas(sheet_xml: IO[bytes]) -> dict[tuple[int, int], str]:
    """Cells of a sheet's XML that hold a formula but no saved value, by (row, column).

    Excel saves the last result of every formula beside it; a workbook written by a
    program (openpyxl, a script) and never opened in Excel holds the formula only,
    and reading values gives an empty cell. An empty saved value is a value only when
    the cell is of a text type (a formula returning ``""``). The formula text is
    given, ``=`` included (empty for a shared formula that repeats another cell's).

    Examples
    --------
    >>> import io
    >>> xml = (
    ...     f'<worksheet xmlns="{SHEET_MAIN_NS}"><sheetData><row r="2">'
    ...     '<c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><f>1+1</f><v></v></c>'
    ...     '<c r="C2" t="str"><f>IF(1,"","")</f><v></v></c><c r="D2"><f>SUM(A1:A3)</f></c>'
    ...     '</row></sheetData></worksheet>'
    ... )
    >>> unsaved_formulas(io.BytesIO(xml.encode()))
    {(2, 2): '=1+1', (2, 4): '=SUM(A1:A3)'}
    """
    found: dict[tuple[int, int], str] = {}
    for _, element in iterparse(sheet_xml):
        if element.tag == _CELL:
            formula = element.find(_FORMULA)
            coordinate = element.get("r")
            if formula is not None and coordinate:
                value = element.find(_VALUE)
                if value is None or (not value.text and element.get("t") not in _TEXT_TYPES):
                    found[coordinate_to_tuple(coordinate)] = f"={formula.text}" if formula.text else ""
            element.clear()
        elif element.tag == _ROW:
            element.clear()
    return found


def _sheet_table(sheet: ReadOnlyWorksheet, source: str, entity: str, formulas: dict[tuple[int, int], str]) -> Table:
    # A workbook's recorded dimensions can be wrong (files written by other tools); forget them
    # so that every cell is read.
    sheet.reset_dimensions()
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[RawRow] = []
    known = ENTITY_MODELS[entity].model_fields
    formula_columns: dict[int, list[int]] = {}
    for row, column in formulas:
        formula_columns.setdefault(row, []).append(column)
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):  # type: ignore[misc]  # openpyxl's stubs type iter_rows on Worksheet only
        cells = tuple(cell_text(value) for value in values)
        if not any(cells):
            continue  # a row of unsaved formulas only is blank here; their one problem fails the load
        if header is None:
            header, header_row = tuple(name.lower() for name in cells), number
            continue
        unknown = frozenset(header[column - 1] for column in formula_columns.get(number, ()) if column <= len(header))
        rows.append(RawRow(number, cells, unknown))
    problems: list[Problem] = []
    if not header:
        problems.append(Problem(source, 1, None, None, "a header row naming the columns (the sheet is empty)"))
    else:
        problems.extend(_formula_problems(source, header, header_row, formulas, known))
    return Table(source, entity, header or (), header_row, tuple(rows), tuple(problems))


def _formula_problems(
    source: str, header: tuple[str, ...], header_row: int, formulas: dict[tuple[int, int], str], known: Iterable[str]
) -> list[Problem]:
    """One problem for a sheet's formulas without a saved value, in columns dealnet reads.

    Named by the first such cell, with the count of the others: the remedy (open and
    save the workbook in Excel) is the same for all of them.
    """
    columns = set(known)
    cells = sorted(
        (row, column)
        for row, column in formulas
        if row > header_row and column <= len(header) and header[column - 1] in columns
    )
    if not cells:
        return []
    row, column = cells[0]
    formula = formulas[(row, column)] or f"in {get_column_letter(column)}{row}"
    others = len(cells) - 1
    also = f", nor do {others} more formula cell{'s' if others > 1 else ''} of this sheet" if others else ""
    return [
        Problem(
            source, row, header[column - 1], None,
            f"the result of the formula {formula} (it has no saved value{also}: open the workbook "
            "in Excel and save it first)",
        )
    ]  # fmt: skip
