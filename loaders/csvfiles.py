"""Read one CSV file of a dataset into a :class:`~loaders.rows.Table` of text cells.

The interchange format allows what spreadsheet programs actually write: UTF-8 with or
without a byte order mark, Windows-1252 (what Excel on Windows saves as "CSV
(gescheiden door lijstscheidingsteken)"), ``,`` or ``;`` as delimiter (Dutch Excel
writes ``;``), blank lines, and whitespace around cells. What it refuses is reported
as problems with the file and line named, never as a stack trace: a file that is
secretly binary (a renamed workbook, NUL bytes), UTF-16 ("Unicode text"), bytes that
are neither UTF-8 nor Windows-1252, a file that mixes both, a quote that is never
closed, a file above :data:`MAX_INPUT_BYTES`.

Row numbers are line numbers as an editor or spreadsheet shows them: the header is
row 1 when it is the first line.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import Problem
from loaders.rows import MAX_CELL_CHARS, RawRow, Table

__all__ = [
    "MAX_INPUT_BYTES",
    "UTF8",
    "UTF8_BOM",
    "WINDOWS_1252",
    "Decoded",
    "EncodingProblem",
    "decode_text",
    "detect_delimiter",
    "read_csv_table",
]

#: Largest input file read (CSV or XLSX), in bytes; ``DEALNET_MAX_INPUT_BYTES`` overrides it.
MAX_INPUT_BYTES = int(os.environ.get("DEALNET_MAX_INPUT_BYTES", 50 * 1024 * 1024))

#: The encodings a CSV file is read in, as the load summary names them.
UTF8, UTF8_BOM, WINDOWS_1252 = "UTF-8", "UTF-8 with BOM", "Windows-1252"

_MAGIC = {b"PK\x03\x04": "a zip archive or .xlsx workbook", b"\xd0\xcf\x11\xe0": "an old .xls workbook"}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS = "save the file as CSV UTF-8"

#: Byte sequences that are UTF-8 for the characters Dutch text uses (é ë ï ö ü ..., a
#: no-break space or °, ‘ ’ “ ” – — …, €) and that Windows-1252 text never holds:
#: they would read as "Ã©", "Â°", "â€™". Found in a file that is not valid UTF-8,
#: they show a file that mixes both encodings (one part pasted from elsewhere), which
#: no single decoding reads right.
_UTF8_MARKS = re.compile(rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]|\xe2\x80[\x90-\xbf]|\xe2\x82\xac")


@dataclass(frozen=True)
class Decoded:
    """The text of a file and the encoding it was read in."""

    text: str
    encoding: str


class EncodingProblem(ValueError):
    """Bytes that are not text in an encoding dealnet reads; ``line`` is where, ``expected`` what."""

    def __init__(self, line: int, expected: str) -> None:
        super().__init__(expected)
        self.line = line
        self.expected = expected


def decode_text(data: bytes) -> Decoded:
    """Decode a CSV file: UTF-8 (with or without BOM) if it is that, else Windows-1252.

    UTF-8 is tried strictly first: text that decodes as UTF-8 is UTF-8 in practice
    (Windows-1252 text with accents almost never happens to be valid UTF-8). Only
    then Windows-1252, strictly too: its five undefined bytes (0x81, 0x8D, 0x8F,
    0x90, 0x9D) mean the file is in yet another encoding, and a file that holds
    UTF-8 accents beside bytes that are not UTF-8 mixes two encodings; both are
    refused rather than read as garbled text.

    Raises
    ------
    EncodingProblem
        Naming the line of the first byte that cannot be read.

    Examples
    --------
    >>> decode_text("Súdwest-Fryslân".encode())
    Decoded(text='Súdwest-Fryslân', encoding='UTF-8')
    >>> decode_text(b"\\xef\\xbb\\xbfid;naam").encoding
    'UTF-8 with BOM'
    >>> decode_text("Súdwest-Fryslân – €".encode("cp1252"))
    Decoded(text='Súdwest-Fryslân – €', encoding='Windows-1252')
    >>> try:
    ...     decode_text(b"id\\nbad\\x81")
    ... except EncodingProblem as problem:
    ...     print(problem.line, problem.expected)
    2 UTF-8 or Windows-1252 text (byte 0x81 is neither; save the file as CSV UTF-8)
    """
    if data.startswith(_UTF16_BOMS):
        raise EncodingProblem(1, f"UTF-8 or Windows-1252 text (this is UTF-16, Excel's 'Unicode text'; {_SAVE_AS})")
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body = UTF8_BOM, data[3:]
    else:
        encoding, body = UTF8, data
    try:
        return Decoded(body.decode("utf-8"), encoding)
    except UnicodeDecodeError as error:
        offset = len(data) - len(body)
        not_utf8 = error.start + offset
    # A byte order mark says UTF-8, and so does a UTF-8 accent: then the rest must be UTF-8 too.
    mark = _UTF8_MARKS.search(data)
    if encoding == UTF8_BOM or mark is not None:
        utf8 = (
            "the file starts with a UTF-8 byte order mark"
            if mark is None
            else (f"line {_line_of(data, mark.start())} holds UTF-8 text")
        )
        raise EncodingProblem(
            _line_of(data, not_utf8),
            f"UTF-8 text throughout ({utf8}, but byte 0x{data[not_utf8]:02x} on this line is not UTF-8: "
            f"the file mixes encodings; {_SAVE_AS})",
        )
    try:
        return Decoded(data.decode("cp1252"), WINDOWS_1252)
    except UnicodeDecodeError as error:
        raise EncodingProblem(
            _line_of(data, error.start),
            f"UTF-8 or Windows-1252 text (byte 0x{data[error.start]:02x} is neither; {_SAVE_AS})",
        ) from None


def _line_of(data: bytes, position: int) -> int:
    r"""The line (from 1) holding byte ``position``; ``\n``, ``\r\n`` and a lone ``\r`` end a line."""
    before = data[:position]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


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
        return Table(source, entity, (), 1, (), (Problem(source, row, None, None, expected),), complete=False)

    try:
        size = path.stat().st_size
        if size > limit:
            return refused(f"a file of at most {limit:,} bytes (it has {size:,})")
        data = path.read_bytes()
    except OSError as error:
        return refused(f"a file dealnet may read ({error.strerror or error})")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return refused(f"a CSV text file (this is {what}; save or export it as CSV UTF-8)")
    if data.startswith(_UTF16_BOMS):
        return refused(f"UTF-8 or Windows-1252 text (this is UTF-16, Excel's 'Unicode text'; {_SAVE_AS})", 1)
    if b"\x00" in data:
        return refused(
            "a CSV text file (it contains NUL bytes: is it a binary file?)", _line_of(data, data.index(b"\x00"))
        )
    try:
        decoded = decode_text(data)
    except EncodingProblem as problem:
        return refused(problem.expected, problem.line)
    return _parse(decoded, source, entity)


def _parse(decoded: Decoded, source: str, entity: str) -> Table:
    lines = io.StringIO(decoded.text, newline="").readlines()
    delimiter = detect_delimiter(next((line for line in lines if line.strip()), ""))
    reader = csv.reader(lines, delimiter=delimiter)
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[RawRow] = []
    unread_ids: list[str] = []
    problems: list[Problem] = []
    complete = True
    line, last = 0, len(lines)
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            trimmed = tuple(map(str.strip, cells))
            if not any(trimmed):
                continue
            if header is None:
                header, header_row = tuple(name.lower() for name in trimmed), start
                continue
            # Only a record over several lines, or the last one, can hold a quote left open.
            unclosed = None if line == start < last else _unclosed_quote(lines, start, line, trimmed, header, delimiter)
            if unclosed is not None:
                problems.append(Problem(source, start, None, None, unclosed))
                complete = False
                continue
            if len(trimmed) > len(header) and any(trimmed[len(header) :]):
                problems.append(
                    Problem(
                        source, start, None, None,
                        f"at most {len(header)} cells, like the header (it has {len(trimmed)}; "
                        "a cell holding the delimiter must be in double quotes)",
                    )
                )  # fmt: skip
                if "id" in header and trimmed[header.index("id")]:
                    unread_ids.append(trimmed[header.index("id")])
                continue
            rows.append(RawRow(start, trimmed))
    except csv.Error as error:
        # The csv module refuses cells above its field size limit (128 KiB), far
        # above MAX_CELL_CHARS, and the rest of the file cannot be trusted after it.
        problems.append(
            Problem(
                source,
                line + 1,
                None,
                None,
                f"readable CSV (from here on: {error}; cells hold at most {MAX_CELL_CHARS} characters)",
            )
        )
        complete = False
    if header is None:
        problems.append(Problem(source, 1, None, None, "a header row naming the columns (the file is empty)"))
        complete = False
    return Table(
        source, entity, header or (), header_row, tuple(rows), tuple(problems),
        complete=complete, unread_ids=tuple(unread_ids), encoding=decoded.encoding,
    )  # fmt: skip


def _unclosed_quote(
    lines: list[str], start: int, end: int, cells: tuple[str, ...], header: tuple[str, ...], delimiter: str
) -> str | None:
    """Why the record on lines ``start``-``end`` is a quote that was never closed, if it is one.

    The csv module reads an opened quote on to the next double quote, or silently to
    the end of the file, as one cell. A quote that runs to the end of the file is
    certain (the strict reader says "unexpected end of data"); one that another quote
    closes further on shows as a record over several lines that the strict reader
    refuses (the closing quote is followed by text, not a delimiter) or that comes out
    short of cells with whole rows inside one of them. A cell that really holds line
    breaks, quoted properly, passes both tests.
    """
    last = end == len(lines)
    if start == end and not (last and '"' in lines[start - 1]):
        return None
    try:
        list(csv.reader(lines[start - 1 : end], delimiter=delimiter, strict=True))
    except csv.Error as error:
        if last and "end of data" in str(error):
            return "a closing double quote (a quote opened on this row is never closed: the rest of the file was read as one cell)"
        if start < end:
            return _swallowed(start, end)
        return None  # a stray quote inside one line (a"b"c): the lenient reader's reading stands
    swallowed_rows = any(delimiter in cell.partition("\n")[2] for cell in cells)
    if len(cells) < len(header) and swallowed_rows:
        return _swallowed(start, end)
    return None


def _swallowed(start: int, end: int) -> str:
    lines = f"line {end} was" if end == start + 1 else f"lines {start + 1}-{end} were"
    return f"a closing double quote (a quote opened on this row runs on to line {end}, so {lines} read as part of one cell)"
