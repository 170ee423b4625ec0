"""The store's side records of the learning check-in and the self-assessment rounds.

Four labels live in the store **outside the generations** (no ``gen``; loads, the
projection, exports and canonical dumps never read them), so nothing a participant
writes reaches any page before a member accepts it:

``:CheckinLink``
    A check-in link a member made for an activity: who, when, until when, closed or not.
``:Proposal``
    One participant's answer through such a link: ``pending`` until a member accepts it
    (it then becomes records of the data through :func:`loaders.entries.save_records`,
    named in ``result``) or declines it. ``accepting`` marks one being accepted right now,
    so two members cannot accept it twice.
``:Round``
    A self-assessment round a member opened for a year (and deal), with the scale.
``:RoundAnswer``
    That a party answered a round, and when. The scores themselves are ``assessments``
    records of the data, saved through ``save_records`` like any entry.

Times are UTC ISO text; expiry is whole seconds since the epoch (what the signed links carry).
Every statement is in ``queries/`` (``*checkin*``, ``*proposal*``, ``*round*``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from neo4j import ManagedTransaction

from loaders.driver import Store
from queries.catalog import cypher

__all__ = [
    "LinkRecord",
    "ProposalRecord",
    "RoundAnswerRecord",
    "RoundRecord",
    "close_link",
    "close_round",
    "create_link",
    "create_proposal",
    "ensure_side_constraints",
    "link_records",
    "move_proposal",
    "new_side_id",
    "now_iso",
    "open_round",
    "proposal",
    "proposals",
    "read_link",
    "read_round",
    "record_round_answer",
    "round_answers",
    "rounds",
]

#: The statements creating the side labels' uniqueness constraints (``Load``-style: no generation).
_CONSTRAINTS: Final = (
    "admin/constraint_checkinlink",
    "admin/constraint_proposal",
    "admin/constraint_round",
    "admin/constraint_roundanswer",
)
#: At most this many rows are listed (the page shows the newest).
LIST_LIMIT: Final = 500


def now_iso() -> str:
    """The current time, UTC, ISO 8601 (as :Change nodes and the audit log write it)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_side_id(prefix: str) -> str:
    """A fresh random id such as ``p-3f9c0a1b2d4e`` (unguessable, so ids in links leak nothing).

    >>> new_side_id("p")[:2], len(new_side_id("p"))
    ('p-', 14)
    """
    return f"{prefix}-{secrets.token_hex(6)}"


def ensure_side_constraints(store: Store) -> None:
    """Create the side labels' uniqueness constraints if missing (idempotent; before the first write)."""
    for name in _CONSTRAINTS:
        store.execute_write(_run, name, {})


def _run(tx: ManagedTransaction, name: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in tx.run(cypher(name), parameters)]


def _read(store: Store, name: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    return store.execute_read(_run, name, parameters)


def _write(store: Store, name: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    return store.execute_write(_run, name, parameters)


# -- check-in links ------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRecord:
    """A check-in link as the store holds it."""

    id: str
    activity_id: str
    created_by: str
    created_at: str
    expires: int
    closed_at: str | None = None
    closed_by: str | None = None
    answers: int = 0

    def open_at(self, now: float) -> bool:
        """Whether the link still accepts answers at ``now`` (seconds since the epoch)."""
        return self.closed_at is None and now < self.expires


def _link(row: dict[str, Any]) -> LinkRecord:
    return LinkRecord(**{k: row[k] for k in LinkRecord.__dataclass_fields__})


def create_link(store: Store, *, activity_id: str, created_by: str, expires: int) -> LinkRecord:
    """Record a new check-in link for ``activity_id``; the caller signs its token (:mod:`app.checkin.tokens`)."""
    record = LinkRecord(
        id=new_side_id("c"), activity_id=activity_id, created_by=created_by, created_at=now_iso(), expires=expires
    )
    _write(
        store,
        "write/checkin_create_link",
        {
            "id": record.id,
            "activity_id": activity_id,
            "created_by": created_by,
            "created_at": record.created_at,
            "expires": expires,
        },
    )
    return record


def read_link(store: Store, link_id: str) -> LinkRecord | None:
    """The link ``link_id``, or ``None``."""
    rows = _read(store, "read/checkin_link", {"id": link_id})
    return _link(rows[0]) if rows else None


def link_records(store: Store) -> tuple[LinkRecord, ...]:
    """Every check-in link, newest first."""
    return tuple(_link(row) for row in _read(store, "read/checkin_links", {"limit": LIST_LIMIT}))


def close_link(store: Store, link_id: str, *, actor: str) -> bool:
    """Close an open link; ``False`` when it was closed already or is unknown."""
    rows = _write(store, "write/checkin_close_link", {"id": link_id, "closed_by": actor, "closed_at": now_iso()})
    return bool(rows and rows[0]["closed"])


# -- proposals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalRecord:
    """One check-in answer, as the store holds it."""

    id: str
    link_id: str
    activity_id: str
    party_id: str
    learned: str
    intent: str
    status: str
    created_at: str
    lesson_id: str | None = None
    from_party_id: str | None = None
    from_text: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    result: str | None = None


def _proposal(row: dict[str, Any]) -> ProposalRecord:
    return ProposalRecord(**{k: row[k] for k in ProposalRecord.__dataclass_fields__})


def create_proposal(
    store: Store,
    *,
    link_id: str,
    activity_id: str,
    party_id: str,
    learned: str,
    intent: str,
    lesson_id: str | None = None,
    from_party_id: str | None = None,
    from_text: str | None = None,
) -> ProposalRecord:
    """Store a participant's answer as a pending proposal."""
    record = ProposalRecord(
        id=new_side_id("p"),
        link_id=link_id,
        activity_id=activity_id,
        party_id=party_id,
        learned=learned,
        intent=intent,
        status="pending",
        created_at=now_iso(),
        lesson_id=lesson_id,
        from_party_id=from_party_id,
        from_text=from_text,
    )
    _write(
        store,
        "write/proposal_create",
        {
            "id": record.id,
            "link_id": link_id,
            "activity_id": activity_id,
            "party_id": party_id,
            "learned": learned,
            "intent": intent,
            "lesson_id": lesson_id,
            "from_party_id": from_party_id,
            "from_text": from_text,
            "created_at": record.created_at,
        },
    )
    return record


def proposals(store: Store, status: str = "pending") -> tuple[ProposalRecord, ...]:
    """The proposals with ``status``, oldest first."""
    return tuple(_proposal(row) for row in _read(store, "read/proposals", {"status": status, "limit": LIST_LIMIT}))


def proposal(store: Store, proposal_id: str) -> ProposalRecord | None:
    """The proposal ``proposal_id``, or ``None``."""
    rows = _read(store, "read/proposal", {"id": proposal_id})
    return _proposal(rows[0]) if rows else None


def move_proposal(
    store: Store, proposal_id: str, *, expected: str, to: str, actor: str, result: str | None = None
) -> bool:
    """Move a proposal from status ``expected`` to ``to``; ``False`` when it no longer has ``expected``."""
    rows = _write(
        store,
        "write/proposal_transition",
        {"id": proposal_id, "from": expected, "to": to, "actor": actor, "at": now_iso(), "result": result},
    )
    return bool(rows and rows[0]["moved"])


# -- self-assessment rounds ----------------------------------------------------------------


@dataclass(frozen=True)
class RoundRecord:
    """A self-assessment round, as the store holds it."""

    id: str
    year: int
    scale_low: float
    scale_high: float
    opened_by: str
    opened_at: str
    expires: int
    deal_id: str | None = None
    closed_at: str | None = None
    closed_by: str | None = None
    answered: int = 0

    def open_at(self, now: float) -> bool:
        """Whether the round still accepts answers at ``now`` (seconds since the epoch)."""
        return self.closed_at is None and now < self.expires


@dataclass(frozen=True)
class RoundAnswerRecord:
    """That ``party_id`` answered a round, when, and how many indicators it scored."""

    party_id: str
    answered_at: str
    scores: int


def _round(row: dict[str, Any]) -> RoundRecord:
    values = {k: row[k] for k in RoundRecord.__dataclass_fields__}
    values["year"] = int(values["year"])
    values["scale_low"], values["scale_high"] = float(values["scale_low"]), float(values["scale_high"])
    return RoundRecord(**values)


def open_round(
    store: Store,
    *,
    year: int,
    deal_id: str | None,
    scale: tuple[float, float],
    opened_by: str,
    expires: int,
) -> RoundRecord:
    """Record a new round; the caller checks that no other round for the year and deal is open."""
    record = RoundRecord(
        id=new_side_id("r"),
        year=year,
        deal_id=deal_id,
        scale_low=float(scale[0]),
        scale_high=float(scale[1]),
        opened_by=opened_by,
        opened_at=now_iso(),
        expires=expires,
    )
    _write(
        store,
        "write/round_create",
        {
            "id": record.id,
            "year": year,
            "deal_id": deal_id,
            "scale_low": record.scale_low,
            "scale_high": record.scale_high,
            "opened_by": opened_by,
            "opened_at": record.opened_at,
            "expires": expires,
        },
    )
    return record


def rounds(store: Store) -> tuple[RoundRecord, ...]:
    """Every round, newest first."""
    return tuple(_round(row) for row in _read(store, "read/rounds", {"limit": LIST_LIMIT}))


def read_round(store: Store, round_id: str) -> RoundRecord | None:
    """The round ``round_id``, or ``None``."""
    rows = _read(store, "read/round", {"id": round_id})
    return _round(rows[0]) if rows else None


def close_round(store: Store, round_id: str, *, actor: str) -> bool:
    """Close an open round; ``False`` when it was closed already or is unknown."""
    rows = _write(store, "write/round_close", {"id": round_id, "closed_by": actor, "closed_at": now_iso()})
    return bool(rows and rows[0]["closed"])


def record_round_answer(store: Store, round_id: str, party_id: str, scores: int) -> None:
    """Record that ``party_id`` answered ``round_id`` now (again: the time moves)."""
    _write(
        store,
        "write/round_answer",
        {
            "key": f"{round_id}|{party_id}",
            "round_id": round_id,
            "party_id": party_id,
            "answered_at": now_iso(),
            "scores": scores,
        },
    )


def round_answers(store: Store, round_id: str) -> dict[str, RoundAnswerRecord]:
    """The parties that answered ``round_id``, by party id."""
    rows: Iterable[dict[str, Any]] = _read(store, "read/round_answers", {"round_id": round_id})
    return {
        row["party_id"]: RoundAnswerRecord(row["party_id"], row["answered_at"], int(row["scores"] or 0)) for row in rows
    }
