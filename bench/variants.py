"""Deterministic edits of a synthetic dataset, as a programme team makes them between loads.

The user-clock benchmark (:mod:`bench.userclock`) reloads the national synthetic dataset
(:func:`loaders.synth.synthesize`) after the edits a team makes in a week: a few rows
changed, or a part removed. Which rows is decided by their position in the dataset's
canonical order (by key), never by chance, so every run loads exactly the same files.

* :func:`changed_share`: every ``1/share``-th participation gets another role and every
  ``1/share``-th adoption another note (the keys stay: the same records, changed);
* :func:`removed_share`: every ``1/share``-th participation and adoption is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from graph.model import Adoption, Dataset, Participation, ParticipationRole
from loaders.export import export_dataset

__all__ = ["changed_share", "removed_share", "write_variant"]

R = TypeVar("R", Participation, Adoption)

#: The note an edited adoption gets (any text differs from the synthetic notes).
EDITED_NOTE = "bijgewerkt in de benchmark"


def _every(records: Sequence[R], share: float, edit: Callable[[R], R | None]) -> tuple[R, ...]:
    """``records`` in key order, every ``round(1/share)``-th one passed through ``edit`` (``None`` drops it)."""
    step = max(1, round(1 / share))
    out: list[R] = []
    for i, record in enumerate(sorted(records, key=lambda r: r.key)):
        if i % step == step // 2:
            edited = edit(record)
            if edited is not None:
                out.append(edited)
        else:
            out.append(record)
    return tuple(out)


def _other_role(p: Participation) -> Participation:
    role = ParticipationRole.SPEAKER if p.role is not ParticipationRole.SPEAKER else ParticipationRole.PARTICIPANT
    return p.model_copy(update={"role": role})


def changed_share(dataset: Dataset, share: float = 0.01) -> Dataset:
    """``dataset`` with ``share`` of its participations and adoptions changed, keys kept.

    Examples
    --------
    >>> from graph.model import Activity, Party
    >>> parties = tuple(Party(id=f"p{i}", name=f"P{i}", kind="gemeente") for i in range(4))
    >>> acts = (Activity(id="a", title="A", date="2025-01-01"),)
    >>> base = Dataset(parties=parties, activities=acts,
    ...                participations=tuple(Participation(activity_id="a", party_id=p.id) for p in parties))
    >>> [str(p.role) for p in changed_share(base, 0.5).participations]
    ['participant', 'speaker', 'participant', 'speaker']
    """
    return dataset.model_copy(
        update={
            "participations": _every(dataset.participations, share, _other_role),
            "adoptions": _every(dataset.adoptions, share, lambda a: a.model_copy(update={"note": EDITED_NOTE})),
        }
    )


def removed_share(dataset: Dataset, share: float = 0.1) -> Dataset:
    """``dataset`` without ``share`` of its participations and of its adoptions.

    Examples
    --------
    >>> from graph.model import Activity, Party
    >>> parties = tuple(Party(id=f"p{i}", name=f"P{i}", kind="gemeente") for i in range(4))
    >>> acts = (Activity(id="a", title="A", date="2025-01-01"),)
    >>> base = Dataset(parties=parties, activities=acts,
    ...                participations=tuple(Participation(activity_id="a", party_id=p.id) for p in parties))
    >>> [p.party_id for p in removed_share(base, 0.5).participations]
    ['p0', 'p2']
    """
    return dataset.model_copy(
        update={
            "participations": _every(dataset.participations, share, lambda _: None),
            "adoptions": _every(dataset.adoptions, share, lambda _: None),
        }
    )


def write_variant(dataset: Dataset, out: Path) -> Path:
    """Write ``dataset`` as a folder of CSV files (what ``dealnet load`` reads) and return it."""
    export_dataset(dataset, out, fmt="csv")
    return out
