"""Read one CSV file of a dataset into a :class:`~loaders.rows.Table` of text cells.

The interchange format allows what spreadsheet programs actually write: UTF-8 with or
without a byte order mark, ``,`` or ``;`` as delimiter (Dutch Excel writes ``;``),
blank lines, and whitespace around cells. What it refuses is reported as problems
with the file named, never as a stack trace: a file that is secretly binary (a
renamed workbook, NUL bytes), text that is not UTF-8 (Excel's "CSV" in Windows-1252),
a broken quote, a file above :data:`MAX_INPUT_BYTES`.

Row numbers are line numbers as an editor or spreadsheet shows them: the header is
row 1 when it is the first line.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from loaders.errors import Problem
from loaders.rows import MAX_CELL_CHARS, RawRow, Table

__all__ = ["MAX_INPUT_BYTES", "detect_delimiter", "read_csv_table"]

#: Largest input file read (CSV or XLSX), in bytes; ``DEALNET_MAX_INPUT_BYTES`` overrides it.
MAX_INPUT_BYTES = int(os.environ.get("DEALNET_MAX_INPUT_BYTES", 50 * 1024 * 1024))

_MAGIC = {b"PK\x03\x04": "a zip archive or .xlsx workbook", b"\xd0\xcf\x11\xe0": "an old .xls workbook"}


def detect_delimiter(header_line: str) -> str:
    """``;`` when the header line has more semicolons than commas, else ``,``.

    The header is the only line whose content we know in advance (column names,
    which hold neither character), so it decides for the whole file.

    Examples
    --------
    >>> detect_delimiter("id;name;kind"), detect_delimiter("id,name,kind"), detect_delimiter("id")
    (';', ',', ',')
    """
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv_table(path: Path, entity: str, max_bytes: int | None = None) -> Table:
    """Read a CSV file as text cells; anything unreadable becomes a problem on the table.

    Parameters
    ----------
    path
        The file.
    entity
        The file's entity (``parties``, ...), which the caller found from its name.
    max_bytes
        Size limit; :data:`MAX_INPUT_BYTES` when not given.
    """
    source = path.name
    limit = MAX_INPUT_BYTES if max_bytes is None else max_bytes

    def refused(expected: str, row: int | None = None) -> Table:
        return Table(source, entity, (), 1, (), (Problem(source, row, None, None, expected),))

    size = path.stat().st_size
    if size > limit:
        return refused(f"a file of at most {limit:,} bytes (it has {size:,})")
    data = path.read_bytes()
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return refused(f"a CSV text file (this is {what}; save or export it as CSV UTF-8)")
    if b"\x00" in data:
        row = data[: data.index(b"\x00")].count(b"\n") + 1
        return refused("a CSV text file (it contains NUL bytes: is it a binary file?)", row)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        return refused(f"UTF-8 text (byte 0x{byte:02x} is not UTF-8; save the file as CSV UTF-8)", row)
    return _parse(text, source, entity)


def _parse(text: str, source: str, entity: str) -> Table:
    lines = io.StringIO(text, newline="")
    header_line = next((line for line in lines if line.strip()), "")
    lines.seek(0)
    reader = csv.reader(lines, delimiter=detect_delimiter(header_line))
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[RawRow] = []
    problems: list[Problem] = []
    line = 0
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            trimmed = tuple(cell.strip() for cell in cells)
            if not any(trimmed):
                continue
            if header is None:
                header, header_row = tuple(name.lower() for name in trimmed), start
                continue
            if len(trimmed) > len(header) and any(trimmed[len(header) :]):
                problems.append(
                    Problem(
                        source, start, None, None,
                        f"at most {len(header)} cells, like the header (it has {len(trimmed)}; "
                        "a cell holding the delimiter must be in double quotes)",
                    )
                )  # fmt: skip
                continue
            rows.append(RawRow(start, trimmed))
    except csv.Error as error:
        # The csv module refuses cells above its field size limit (128 KiB), far
        # above MAX_CELL_CHARS, and the rest of the file cannot be trusted after it.
        problems.append(
            Problem(source, line + 1, None, None, f"readable CSV (from here on: {error}; cells hold at most {MAX_CELL_CHARS} characters)")
        )
    if rows and header is not None and _unclosed_quote(rows[-1], header):
        problems.append(
            Problem(source, rows[-1].number, None, None, "a closing double quote (a quote opened on this row runs to the end of the file)")
        )
        rows.pop()
    if header is None:
        problems.append(Problem(source, 1, None, None, "a header row naming the columns (the file is empty)"))
    return Table(source, entity, header or (), header_row, tuple(rows), tuple(problems))


def _unclosed_quote(row: RawRow, header: tuple[str, ...]) -> bool:
    """Whether the last row looks swallowed by a quote that was never closed.

    The csv module then reads the rest of the file as one cell, silently: that cell
    holds line breaks and the row comes out short of cells.
    """
    return len(row.cells) < len(header) and "\n" in row.cells[-1]
