"""Writing a dataset back to the interchange format: the export, and so the backup.

``export_dataset(read_store_dataset(store), out)`` writes what a store holds as a
folder of CSV files (or one XLSX workbook) that ``dealnet load`` reads back into the
identical graph. That round trip is what makes the export a backup: restoring is
``dealnet load DIR --replace`` (see ``docs/backup.md``).

**An export holds everything**: confidential records, every person's name and email
address. It is not a report for the public (``dealnet report`` is); keep it as
carefully as the store itself.

How values are written, so that the reader (:mod:`loaders.rows`) reads the same back:

* one file (or sheet) per entity, ``phases`` included, also when it has no rows;
  columns in the order of the data contract, then ``confidential`` where the model
  has it and the contract does not list it, and ``illustrative`` last;
* CSV: UTF-8 without byte order mark, ``,`` as delimiter, ``\\n`` line ends, ISO dates,
  booleans ``true``/``false``, *list* cells joined with ``", "``, numbers as Python
  writes them (shortest text that reads back as the same float);
* XLSX: numbers as numbers, dates as dates, booleans as booleans; every text cell is
  a text cell, and one that begins with ``=``, ``+``, ``-`` or ``@`` is also marked
  ``quotePrefix`` so no spreadsheet program takes it for a formula (ASVS 5.0 1.2.10);
* rows sorted by key, ids in list cells sorted (:meth:`graph.model.Dataset.canonical`),
  so the same store always gives byte-identical CSV files that diff well;
* each file is written under a temporary hidden name and then renamed, so a file
  with the final name is always complete.

CSV cells are written as the data holds them: a text starting with ``=`` stays so (a
prefix would change the data on restore). Open an export in a spreadsheet program
through its import dialog, or use ``--format xlsx``.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from graph.model import ENTITY_FILES, Dataset, Record
from graph.registry import ENTITIES
from loaders.errors import DealnetError

__all__ = ["EXPORT_COLUMNS", "ExportError", "ExportFormat", "csv_text", "export_dataset", "write_sheet"]

ExportFormat = Literal["csv", "xlsx"]

_FORMULA_STARTS = ("=", "+", "-", "@")


class ExportError(DealnetError):
    """The export cannot be written where asked (wrong target, not a workbook name...)."""


#: The columns of each exported file, in the order written (the data contract's order,
#: declared once in :mod:`graph.registry`).
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {file: ENTITIES[file].columns for file in ENTITY_FILES}


def export_dataset(dataset: Dataset, out: Path, *, fmt: ExportFormat = "csv") -> dict[str, int]:
    """Write ``dataset`` in the interchange format.

    The export includes **confidential records and personal data** (names, emails):
    it is a full copy of the data, to be kept as carefully as the store.

    Parameters
    ----------
    dataset
        What to write, usually ``read_store_dataset(store)``.
    out
        For ``csv``: a folder (created if missing; files of the same names are
        replaced, other files left alone). For ``xlsx``: the workbook file, whose
        name must end in ``.xlsx`` (replaced if it exists).
    fmt
        ``"csv"`` or ``"xlsx"``.

    Returns
    -------
    dict[str, int]
        Records written per file (without ``.csv``), in load order.

    Raises
    ------
    ExportError
        When ``out`` cannot hold the export: a CSV folder that already holds a
        workbook (it would no longer read as one dataset), a workbook name without
        ``.xlsx``, or a path of the wrong kind.

    Examples
    --------
    >>> import tempfile
    >>> from graph.model import Party
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     counts = export_dataset(Dataset(parties=(Party(id="urk", name="Urk", kind="gemeente"),)), Path(folder))
    ...     print((Path(folder) / "parties.csv").read_text(encoding="utf-8"), end="")
    id,name,kind,parent_id,deal_ids,province,cbs_code,lat,lon,confidential,illustrative
    urk,Urk,gemeente,,,,,,,false,false
    >>> counts["parties"], counts["people"]
    (1, 0)
    """
    out = Path(out)
    data = dataset.canonical()
    if fmt == "csv":
        _write_csv_folder(data, out)
    elif fmt == "xlsx":
        _write_workbook(data, out)
    else:
        raise ExportError(f"an export format csv or xlsx, not {fmt!r}")
    return data.counts()


def _rows(dataset: Dataset, file: str) -> Iterator[list[Any]]:
    """The values of each record of ``file``, in column order (enums as text)."""
    columns = EXPORT_COLUMNS[file]
    record: Record
    for record in getattr(dataset, file):
        yield [_plain(getattr(record, name)) for name in columns]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return ", ".join(value)
    return value


def csv_text(value: Any) -> str:
    """A value as the text of a CSV cell that the reader parses back to it.

    Examples
    --------
    >>> [csv_text(v) for v in (None, True, dt.date(2025, 4, 22), 4.5, 2, "Urk")]
    ['', 'true', '2025-04-22', '4.5', '2', 'Urk']
    """
    match value:
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case dt.date():
            return value.isoformat()
        case _:
            return str(value)


def _replace_atomically(target: Path, write: Any) -> None:
    """Write through ``write(temporary_path)`` beside ``target``, then rename it into place."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_csv_folder(dataset: Dataset, out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"a folder to write CSV files into ({out} is a file)")
    out.mkdir(parents=True, exist_ok=True)
    books = sorted(p.name for p in out.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("."))
    if books:
        raise ExportError(
            f"a folder without workbooks for a CSV export ({out} holds {books[0]}; "
            "a folder with both would not load as one dataset)"
        )
    for file in ENTITY_FILES:

        def write(path: Path, file: str = file) -> None:
            with path.open("w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream, lineterminator="\n")
                writer.writerow(EXPORT_COLUMNS[file])
                writer.writerows([csv_text(v) for v in row] for row in _rows(dataset, file))

        _replace_atomically(out / f"{file}.csv", write)


def _write_workbook(dataset: Dataset, out: Path) -> None:
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"a workbook file name ending in .xlsx (not {out.name})")
    if out.is_dir():
        raise ExportError(f"a workbook file name ({out} is a folder)")
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for file in ENTITY_FILES:
        write_sheet(workbook.create_sheet(file), dataset, file)
    _replace_atomically(out, workbook.save)


def write_sheet(sheet: Worksheet, dataset: Dataset, file: str) -> int:
    """Write ``file``'s header and records into an empty ``sheet``, as the XLSX export does.

    Public so that other workbooks (the entry template, :mod:`loaders.template`) write
    values exactly as the export, and so read back alike. Returns the number of records.
    """
    sheet.append(EXPORT_COLUMNS[file])
    count = 0
    for count, row in enumerate(_rows(dataset, file), start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=count + 1, column=column)
            if value is not None and isinstance(cell, Cell):  # a fresh sheet has no merged cells
                _set_cell(cell, value)
    return count


def _set_cell(cell: Cell, value: Any) -> None:
    """Put a value in a cell: numbers, dates and booleans as such, text always as text."""
    if isinstance(value, str):
        cell.value = value
        # openpyxl takes a text starting with '=' for a formula: force the text type.
        cell.data_type = "s"
        if value.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
