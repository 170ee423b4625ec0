"""The bottleneck agenda: systemic bottlenecks by theme, status and addressee.

Meaning (en)
------------
Bottlenecks (knelpunten, harsh effects of law or policy) are counted per top-level
theme (sub-themes roll up; a bottleneck on two themes counts under both), per status
(``gesignaleerd`` → ``geagendeerd`` → ``opgepakt`` → ``opgelost``) and per party they
are addressed to, with units rolled up to their ministry. Bottlenecks without theme or
addressee are listed as such, not dropped. *Open* means not ``opgelost``.

Betekenis (nl)
--------------
Knelpunten (ook hardheden van wet of beleid) worden geteld per hoofdthema (subthema's
tellen mee voor hun hoofdthema; een knelpunt op twee thema's telt bij beide), per status
(``gesignaleerd`` → ``geagendeerd`` → ``opgepakt`` → ``opgelost``) en per partij aan wie
zij zijn gericht, met onderdelen opgeteld bij hun ministerie. Knelpunten zonder thema
of geadresseerde staan er als zodanig in, ze vallen niet weg. *Open* betekent niet
``opgelost``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from graph.analysis.filters import scope
from graph.analysis.index import DatasetIndex
from graph.model import BottleneckStatus, Dataset, PartyKind
from graph.period import Period

__all__ = ["BottleneckAgenda", "BottleneckRow", "bottleneck_agenda"]

_STATUS_ORDER = {s: i for i, s in enumerate(BottleneckStatus)}


@dataclass(frozen=True, slots=True)
class BottleneckRow:
    """The bottlenecks on one theme, in one status, addressed to one party."""

    theme: str | None
    status: str
    addressed_to: str | None
    count: int
    bottlenecks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BottleneckAgenda:
    """Bottlenecks tabulated, with totals per status and per addressee."""

    rows: tuple[BottleneckRow, ...]
    by_status: dict[str, int]
    open_by_addressee: dict[str, int]
    """Open bottlenecks per addressee (``""`` for none), each bottleneck once."""
    total: int


def bottleneck_agenda(
    dataset: Dataset,
    *,
    period: Period | None = None,
    theme: str | None = None,
    kinds: Collection[PartyKind | str] | None = None,
) -> BottleneckAgenda:
    """Count bottlenecks by top-level theme, status and (rolled-up) addressee."""
    data = scope(dataset, period=period, theme=theme, kinds=kinds)
    index = DatasetIndex.build(data)
    cells: dict[tuple[str | None, BottleneckStatus, str | None], list[str]] = {}
    by_status = {str(s): 0 for s in BottleneckStatus}
    open_by: dict[str, int] = {}
    for b in data.bottlenecks:
        addressee = index.roll(b.addressed_to_id) if b.addressed_to_id else None
        by_status[str(b.status)] += 1
        if b.status is not BottleneckStatus.OPGELOST:
            open_by[addressee or ""] = open_by.get(addressee or "", 0) + 1
        roots: list[str | None] = [*sorted({index.root_theme(t) for t in b.theme_ids})] or [None]
        for root in roots:
            cells.setdefault((root, b.status, addressee), []).append(b.id)
    rows = tuple(
        BottleneckRow(t, str(s), a, len(ids), tuple(sorted(ids)))
        for (t, s, a), ids in sorted(
            cells.items(), key=lambda kv: (kv[0][0] or "~", _STATUS_ORDER[kv[0][1]], kv[0][2] or "~")
        )
    )
    return BottleneckAgenda(
        rows=rows,
        by_status=by_status,
        open_by_addressee=dict(sorted(open_by.items(), key=lambda kv: (-kv[1], kv[0]))),
        total=len(data.bottlenecks),
    )
