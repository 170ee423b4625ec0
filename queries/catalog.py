"""The catalog of Cypher statements: every statement dealnet runs, one per file.

Statements live in ``queries/<folder>/<name>.cypher`` (``admin/``: schema and
housekeeping, ``write/``: loads, ``read/``: projections and dumps). Each file opens
with ``//`` comments stating its parameters and returned columns. Labels and
relationship types are literal text in the file; values are always ``$parameters``.
Code asks for a statement by name and passes parameters; it never builds Cypher.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["cypher", "statement_names"]


@cache
def cypher(name: str) -> str:
    """The text of statement ``name`` (e.g. ``"write/merge_parties"``).

    Raises
    ------
    KeyError
        When no such statement exists (a typo in code, caught by the tests).
    """
    path = resources.files("queries").joinpath(*f"{name}.cypher".split("/"))
    if not path.is_file():
        raise KeyError(f"no Cypher statement named {name!r} in queries/")
    return path.read_text(encoding="utf-8")


def statement_names() -> list[str]:
    """Every statement in the catalog, as names for :func:`cypher`."""
    root = resources.files("queries")
    return sorted(
        f"{folder.name}/{entry.name.removesuffix('.cypher')}"
        for folder in root.iterdir()
        if folder.is_dir()
        for entry in folder.iterdir()
        if entry.name.endswith(".cypher")
    )
