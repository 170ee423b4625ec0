"""What a load changes: records added, changed and removed, per file.

Used for the audit trail of loads (who loaded what, and what it did to the store)
and to tell the user what happened. Records are compared by key and by their
canonical form, so the order of rows or of ids in a list cell is no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import ENTITY_FILES, Dataset, record_key

__all__ = ["FileChange", "dataset_diff"]


@dataclass(frozen=True, slots=True)
class FileChange:
    """How one file's records differ between the store and a dataset."""

    added: int = 0
    changed: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def dataset_diff(before: Dataset, after: Dataset, *, replace: bool) -> dict[str, FileChange]:
    """The changes loading ``after`` makes to a store holding ``before``.

    Without ``replace`` a load removes nothing; with it, whatever ``after`` lacks goes.

    Examples
    --------
    >>> from graph.model import Party
    >>> old = Dataset(parties=(Party(id="a", name="A", kind="gemeente"),))
    >>> new = Dataset(parties=(Party(id="a", name="A2", kind="gemeente"), Party(id="b", name="B", kind="gemeente")))
    >>> dataset_diff(old, new, replace=False)
    {'parties': FileChange(added=1, changed=1, removed=0)}
    >>> dataset_diff(new, Dataset(), replace=True)
    {'parties': FileChange(added=0, changed=0, removed=2)}
    """
    before, after = before.canonical(), after.canonical()
    changes: dict[str, FileChange] = {}
    for file in ENTITY_FILES:
        old = {record_key(r): r for r in getattr(before, file)}
        new = {record_key(r): r for r in getattr(after, file)}
        change = FileChange(
            added=sum(1 for key in new if key not in old),
            changed=sum(1 for key, record in new.items() if key in old and old[key] != record),
            removed=sum(1 for key in old if key not in new) if replace else 0,
        )
        if change:
            changes[file] = change
    return changes
