"""Uploaded files to a validated dataset: what the upload page does before anything is loaded.

A browser sends ``dcc.Upload`` files as base64 data URLs. :func:`check_upload` decodes
them on the server, refuses what dealnet does not read (names that are not plain file
names, other kinds than ``.csv``/``.xlsx``, a workbook together with other files, files
over the size limit) *before* writing a byte, writes the rest to a private temporary
folder (0700, files 0600, removed afterwards) and reads it with
:func:`loaders.reader.read_dataset`, exactly as ``dealnet load`` does. The outcome is a
dataset, or the same :class:`~loaders.errors.Problem` list the command line prints.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.formatting import format_number
from app.i18n import Lang, t
from app.tables import Table
from graph.diff import FileChange
from graph.model import Dataset
from loaders.errors import DatasetError, Problem
from loaders.reader import MAX_INPUT_BYTES, read_dataset

__all__ = [
    "UPLOAD_MAX_BYTES",
    "UploadCheck",
    "changes_sentence",
    "changes_summary",
    "changes_table",
    "check_upload",
    "problems_table",
]

#: Largest uploaded file, in bytes: the reader's own limit (``DEALNET_MAX_INPUT_BYTES``).
#: Flask's ``MAX_CONTENT_LENGTH`` (set by the security layer) caps the whole request too.
UPLOAD_MAX_BYTES = MAX_INPUT_BYTES

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,120}$")
_KINDS = (".csv", ".xlsx")


@dataclass(frozen=True)
class UploadCheck:
    """The outcome of checking uploaded files: a dataset, or every problem found."""

    names: tuple[str, ...]
    dataset: Dataset | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """True when the files hold a dataset that can be loaded."""
        return self.dataset is not None and not self.problems


def _decode(content: str, name: str, limit: int) -> tuple[bytes | None, Problem | None]:
    """The bytes of one data URL, or why not (checked against ``limit`` before decoding)."""
    header, sep, data = content.partition(",")
    if not sep or not header.startswith("data:") or not header.endswith(";base64"):
        return None, Problem(name, None, None, None, "an uploaded file (base64 data URL)")
    size = len(data) * 3 // 4 - data[-2:].count("=")
    if size > limit:
        return None, Problem(name, None, None, None, f"a file of at most {limit:,} bytes (it has {size:,})")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None, Problem(name, None, None, None, "an uploaded file (base64 data URL)")
    if len(raw) > limit:  # never trust the estimate alone
        return None, Problem(name, None, None, None, f"a file of at most {limit:,} bytes")
    return raw, None


def _name_problems(names: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in names:
        if not _SAFE_NAME.fullmatch(name) or name in (".", ".."):
            problems.append(Problem(name, None, None, None, "a plain file name (letters, digits, . _ - and spaces)"))
        elif Path(name).suffix.lower() not in _KINDS:
            problems.append(Problem(name, None, None, None, "a .csv file or an .xlsx workbook"))
        elif name.lower() in seen:
            problems.append(Problem(name, None, None, None, "each file once"))
        seen.add(name.lower())
    books = [n for n in names if n.lower().endswith(".xlsx")]
    if books and len(names) > 1:
        problems.append(
            Problem(books[0], None, None, None, f"one .xlsx workbook on its own, or CSV files (got {len(names)} files)")
        )
    return problems


def check_upload(
    contents: Sequence[str] | None, filenames: Sequence[str] | None, *, limit: int = UPLOAD_MAX_BYTES
) -> UploadCheck:
    """Decode, size-check, store privately and validate uploaded files.

    Parameters
    ----------
    contents
        ``dcc.Upload``'s ``contents``: one data URL per file.
    filenames
        ``dcc.Upload``'s ``filename``: the names the user's files have.
    limit
        Largest file accepted, in bytes.

    Returns
    -------
    UploadCheck
        The dataset when every file is valid, else every problem (nothing is loaded).
    """
    contents = list(contents or [])
    names = tuple(str(n) for n in (filenames or []))
    if not contents or len(contents) != len(names):
        return UploadCheck(names, None, (Problem("upload", None, None, None, "at least one file"),))
    problems = _name_problems(names)
    if problems:
        return UploadCheck(names, None, tuple(problems))
    files: dict[str, bytes] = {}
    for name, content in zip(names, contents, strict=True):
        raw, problem = _decode(str(content), name, limit)
        if problem is not None:
            problems.append(problem)
        elif raw is not None:
            files[name] = raw
    if problems:
        return UploadCheck(names, None, tuple(problems))
    with tempfile.TemporaryDirectory(prefix="dealnet-upload-") as folder:
        os.chmod(folder, 0o700)
        for name, raw in files.items():
            handle = os.open(Path(folder) / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as out:
                out.write(raw)
        try:
            dataset = read_dataset(Path(folder))
        except DatasetError as error:
            return UploadCheck(names, None, error.problems)
    return UploadCheck(names, dataset, ())


def problems_table(problems: Sequence[Problem], lang: Lang) -> Table:
    """Every problem as a row: file, row, column, value, expected, suggestion (as the CLI prints)."""
    return Table(
        caption=t("upload.problems_table", lang),
        columns=(
            t("upload.file", lang),
            t("upload.row", lang),
            t("upload.column", lang),
            t("upload.value", lang),
            t("upload.expected", lang),
            t("upload.suggestion", lang),
        ),
        rows=tuple((p.file, p.row, p.column, p.value, p.expected, p.suggestion) for p in problems),
    )


def changes_table(changes: Mapping[str, FileChange], lang: Lang) -> Table:
    """Records added, changed and removed per file."""
    return Table(
        caption=t("upload.changes", lang),
        columns=(t("upload.file", lang), t("upload.added", lang), t("upload.changed", lang), t("upload.removed", lang)),
        rows=tuple((f"{file}.csv", c.added, c.changed, c.removed) for file, c in changes.items()),
    )


def changes_summary(changes: Mapping[str, FileChange] | None) -> str:
    """The audit line's account of a load, as ``dealnet load`` writes it.

    Examples
    --------
    >>> changes_summary({"parties": FileChange(added=2, changed=1)})
    'parties +2 ~1 -0'
    >>> changes_summary({}), changes_summary(None)
    ('no changes', 'unknown (completes an unfinished load)')
    """
    if changes is None:
        return "unknown (completes an unfinished load)"
    return "; ".join(f"{file} +{c.added} ~{c.changed} -{c.removed}" for file, c in changes.items()) or "no changes"


def changes_sentence(changes: Mapping[str, FileChange] | None, lang: Lang) -> str:
    """What a load changed, for the user who loaded it: the audit line's figures, in ``lang``.

    Examples
    --------
    >>> changes_sentence({"parties": FileChange(added=1200, changed=1)}, "nl")
    'parties +1.200 ~1 -0'
    >>> changes_sentence({}, "nl"), changes_sentence(None, "en")
    ('geen wijzigingen', 'unknown (completes an unfinished load)')
    """
    if changes is None:
        return t("upload.summary.unknown", lang)

    def n(value: int) -> str:
        return format_number(value, lang)

    return "; ".join(f"{file} +{n(c.added)} ~{n(c.changed)} -{n(c.removed)}" for file, c in changes.items()) or t(
        "upload.summary.none", lang
    )
