"""The exceptions of dealnet, and the one structured problem a dataset can have.

Every error a user can cause by handing dealnet a file is reported as a
:class:`Problem`: which file (or sheet), which row as the user sees it, which column,
the bad value and what was expected there. A load collects all problems of all files
before it gives up, and raises them together as one :class:`DatasetError`, so a
programme team can fix a whole spreadsheet in one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import DealnetError

__all__ = ["DatasetError", "DealnetError", "Problem"]

#: Longer values are shortened in messages (the full value stays on the problem).
_SHOWN_CHARS = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, located as precisely as the input allows.

    Parameters
    ----------
    file
        The file as the user named it (``parties.csv``), or ``workbook.xlsx, sheet parties``.
    row
        The row number as a spreadsheet shows it (the header is row 1), if the
        problem is in a row.
    column
        The column (header name), if the problem is in one column.
    value
        The offending cell text; ``None`` when the problem is that something is missing.
    expected
        What was expected there, as a phrase that fits "... is not <expected>".
    suggestion
        The closest valid value, when one is close enough to be a likely typo.

    Examples
    --------
    >>> print(Problem("adoptions.csv", 7, "lesson_id", "buurtbudet", "a known lesson id", "buurtbudget"))
    adoptions.csv, row 7, column lesson_id: 'buurtbudet' is not a known lesson id (did you mean 'buurtbudget'?)
    >>> print(Problem("parties.csv", 1, "kind", None, "a column kind (it is required)"))
    parties.csv, row 1, column kind: expected a column kind (it is required)
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                None if self.row is None else f"row {self.row}",
                None if self.column is None else f"column {self.column}",
            )
            if part
        )
        if self.value is None:
            what = f"expected {self.expected}"
        elif self.value == "":
            what = f"empty, expected {self.expected}"
        else:
            what = f"{_shorten(self.value)!r} is not {self.expected}"
        hint = "" if self.suggestion is None else f" (did you mean {self.suggestion!r}?)"
        return f"{where}: {what}{hint}"


class DatasetError(DealnetError):
    """A dataset that cannot be loaded, with every problem found in it.

    Parameters
    ----------
    problems
        All problems, in file and row order; never empty.
    """

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'' if count == 1 else 's'} in the dataset:\n{lines}")


def _shorten(value: str) -> str:
    return value if len(value) <= _SHOWN_CHARS else f"{value[:_SHOWN_CHARS]}... ({len(value)} characters)"
