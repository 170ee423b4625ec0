"""What the check-in and the rounds do with the store: the steps between a form and the data.

Nothing here renders or reads a request: the routes (:mod:`app.checkin.routes`) and the
members' page (:mod:`app.pages.checkins`) call these functions with the store, the
current data and who acts.

*Accepting* a proposal is the only way a check-in answer reaches the data, through
:func:`loaders.entries.save_records` (one transaction, audited as a ``:Change`` like
every entry):

- a proposal naming a lesson becomes an adoption of that lesson by the answering party
  at stage *interesse*, via the activity, dated on the day of the answer (what the
  participant intends -- try, apply -- is written in its note: an intention is not yet a
  pilot);
- a proposal naming no lesson becomes a **new lesson** (its title the first words of the
  answer, or the member's edit; its origin the "from whom" party, or the member's choice;
  the activity's themes and date) **and** the adoption of it by the answering party at
  *interesse*, unless that party is the origin itself.

A party that already adopts the lesson keeps its adoption (never moved back to
*interesse*); the proposal is then accepted with nothing new to save. The proposal is
claimed first (``pending`` -> ``accepting``), so two members accepting at once save once.

A self-assessment answer replaces the party's scores for the round's year (and deal):
indicators scored are created or updated, indicators now left open are retired (undo
brings them back), unchanged scores are left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from app.checkin.forms import CheckinAnswer, ScoreAnswer
from app.checkin.tokens import CHECKIN_DAYS, ROUND_DAYS, CheckinLink, RoundLink, expiry, sign_checkin, sign_round
from graph.errors import DealnetError
from graph.model import Assessment, Dataset, Indicator, Stage
from loaders.driver import Store
from loaders.entries import ChangeEntry, RecordChange, new_id, read_record, save_records
from loaders.proposals import (
    LinkRecord,
    ProposalRecord,
    RoundRecord,
    create_link,
    create_proposal,
    ensure_side_constraints,
    move_proposal,
    open_round,
    proposal,
    record_round_answer,
    rounds,
)

__all__ = [
    "LINK_ROLE",
    "TITLE_MAX",
    "Acceptance",
    "ProposalGone",
    "ProposalIncomplete",
    "RoundExists",
    "accept_proposal",
    "adoption_note",
    "assessment_changes",
    "decline_proposal",
    "lesson_title",
    "make_checkin_link",
    "open_assessment_round",
    "round_token",
    "submit_assessment",
    "submit_checkin",
]

#: The ``role`` the change log records for a party answering through its signed link.
LINK_ROLE: Final = "link"
#: Longest title a new lesson gets from an answer (words are not cut).
TITLE_MAX: Final = 100


class ProposalGone(DealnetError):
    """The proposal was decided (or is being decided) by someone else, or does not exist."""


class ProposalIncomplete(DealnetError):
    """A new lesson needs an origin party and a title, and the proposal (and the member) gave none."""


class RoundExists(DealnetError):
    """An open round for that year and deal exists already: its links are the ones to use."""

    def __init__(self, existing: RoundRecord) -> None:
        super().__init__(f"round {existing.id} for {existing.year} is open")
        self.existing = existing


@dataclass(frozen=True)
class Acceptance:
    """What accepting a proposal saved (empty ``changes``: the party had adopted the lesson already)."""

    proposal_id: str
    result: str
    """``adoptions:<key>``, ``lessons:<id>`` (and the adoption), or ``exists:adoptions:<key>``."""
    changes: tuple[ChangeEntry, ...]


def make_checkin_link(store: Store, secret: str, *, activity_id: str, actor: str) -> tuple[LinkRecord, str]:
    """A new check-in link for ``activity_id``: its record and its signed token."""
    ensure_side_constraints(store)
    record = create_link(store, activity_id=activity_id, created_by=actor, expires=expiry(CHECKIN_DAYS))
    return record, sign_checkin(secret, CheckinLink(record.id, activity_id, record.expires))


def submit_checkin(store: Store, link: LinkRecord, answer: CheckinAnswer) -> ProposalRecord:
    """Store a participant's answer as a pending proposal (nothing reaches the data)."""
    return create_proposal(
        store,
        link_id=link.id,
        activity_id=link.activity_id,
        party_id=answer.party_id,
        learned=answer.learned,
        intent=answer.intent,
        lesson_id=answer.lesson_id,
        from_party_id=answer.from_party_id,
        from_text=answer.from_text,
    )


def lesson_title(learned: str, limit: int = TITLE_MAX) -> str:
    """A lesson title from an answer: its first line, cut after a whole word within ``limit``.

    >>> lesson_title("Het buurtbudget werkt als je bewoners zelf laat kiezen\\nen verder...")
    'Het buurtbudget werkt als je bewoners zelf laat kiezen'
    >>> lesson_title("een heel lang antwoord " * 10, 30)
    'een heel lang antwoord een…'
    """
    first = learned.strip().splitlines()[0].strip() if learned.strip() else ""
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def adoption_note(p: ProposalRecord) -> str:
    """The note of an adoption from a check-in: where it came from and what the party intends (data, in Dutch).

    >>> adoption_note(ProposalRecord("p-1", "c-1", "a", "urk", "x", "pilot", "pending", "2026-03-02T10:00:00+00:00",
    ...                              from_text="Anna uit Emmen"))
    'Uit check-in p-1 (02-03-2026); voornemen: pilot; geleerd van: Anna uit Emmen'
    """
    day = dt.date.fromisoformat(p.created_at[:10])
    parts = [f"Uit check-in {p.id} ({day:%d-%m-%Y})", f"voornemen: {p.intent}"]
    if p.from_text:
        parts.append(f"geleerd van: {p.from_text}")
    return "; ".join(parts)


def _adoption(p: ProposalRecord, lesson_id: str) -> dict[str, object]:
    return {
        "lesson_id": lesson_id,
        "party_id": p.party_id,
        "date": p.created_at[:10],
        "stage": Stage.INTERESSE.value,
        "via_activity_id": p.activity_id,
        "note": adoption_note(p),
    }


def _plan(p: ProposalRecord, data: Dataset, origin_id: str | None, title: str | None) -> tuple[list[RecordChange], str]:
    """The records accepting ``p`` saves, and the result it is marked with."""
    if p.lesson_id is not None:
        key = f"{p.lesson_id}|{p.party_id}"
        if any(a.key == key for a in data.adoptions):
            return [], f"exists:adoptions:{key}"
        return [RecordChange("adoptions", _adoption(p, p.lesson_id))], f"adoptions:{key}"
    origin = origin_id or p.from_party_id
    title = (title or "").strip() or lesson_title(p.learned)
    if origin is None or not title:
        raise ProposalIncomplete(f"proposal {p.id}: a new lesson needs an origin party and a title")
    activity = next((a for a in data.activities if a.id == p.activity_id), None)
    lesson_id = new_id("lessons", title, [lesson.id for lesson in data.lessons])
    lesson: dict[str, object] = {
        "id": lesson_id,
        "title": title,
        "origin_id": origin,
        "description": p.learned,
        "date": activity.date.isoformat() if activity is not None else p.created_at[:10],
        "theme_ids": list(activity.theme_ids) if activity is not None else [],
        "activity_id": p.activity_id if activity is not None else None,
        "confidential": bool(activity.confidential) if activity is not None else False,
    }
    changes = [RecordChange("lessons", lesson)]
    if origin != p.party_id:
        changes.append(RecordChange("adoptions", _adoption(p, lesson_id)))
    return changes, f"lessons:{lesson_id}"


def accept_proposal(
    store: Store,
    proposal_id: str,
    data: Dataset,
    *,
    actor: str,
    role: str,
    origin_id: str | None = None,
    title: str | None = None,
) -> Acceptance:
    """Accept a pending proposal: save its records (see the module docstring) and mark it accepted.

    ``data`` is the current data (the whole of it); ``origin_id`` and ``title`` are the
    member's choices for a new lesson.

    Raises
    ------
    ProposalGone
        Decided by someone else meanwhile, or unknown.
    ProposalIncomplete
        A new lesson without an origin party.
    loaders.entries.EntryInvalid, loaders.entries.EntryConflict
        The data refuses the records (a lesson retired meanwhile, its origin answering);
        the proposal stays pending.
    """
    found = proposal(store, proposal_id)
    if found is None or found.status != "pending":
        raise ProposalGone(f"proposal {proposal_id} is not pending")
    changes, result = _plan(found, data, origin_id, title)
    if not move_proposal(store, proposal_id, expected="pending", to="accepting", actor=actor):
        raise ProposalGone(f"proposal {proposal_id} is being decided by someone else")
    try:
        saved = save_records(store, changes, actor=actor, role=role) if changes else ()
    except BaseException:
        move_proposal(store, proposal_id, expected="accepting", to="pending", actor=actor)
        raise
    move_proposal(store, proposal_id, expected="accepting", to="accepted", actor=actor, result=result)
    return Acceptance(proposal_id, result, saved)


def decline_proposal(store: Store, proposal_id: str, *, actor: str) -> None:
    """Decline a pending proposal: it stays in the store, marked, and never reaches the data.

    Raises
    ------
    ProposalGone
        When it is no longer pending.
    """
    if not move_proposal(store, proposal_id, expected="pending", to="declined", actor=actor):
        raise ProposalGone(f"proposal {proposal_id} is not pending")


# -- rounds --------------------------------------------------------------------------------


def open_assessment_round(
    store: Store, *, year: int, deal_id: str | None, scale: tuple[float, float], actor: str, now: float | None = None
) -> RoundRecord:
    """Open a round for ``year`` (and deal) on ``scale``.

    Raises
    ------
    RoundExists
        When a round for the same year and deal is still open.
    """
    ensure_side_constraints(store)
    moment = dt.datetime.now(dt.UTC).timestamp() if now is None else now
    for existing in rounds(store):
        if existing.year == year and existing.deal_id == deal_id and existing.open_at(moment):
            raise RoundExists(existing)
    return open_round(
        store, year=year, deal_id=deal_id, scale=scale, opened_by=actor, expires=expiry(ROUND_DAYS, now=moment)
    )


def round_token(secret: str, round_: RoundRecord, party_id: str) -> str:
    """The signed link token of one party for ``round_`` (valid as long as the round)."""
    return sign_round(secret, RoundLink(round_.id, party_id, round_.expires))


def _key(year: int, indicator: Indicator, party_id: str, deal_id: str | None) -> str:
    return f"{year}|{indicator}|{party_id}|{deal_id or ''}"


def assessment_changes(
    round_: RoundRecord, party_id: str, answers: Iterable[ScoreAnswer], previous: dict[str, Assessment]
) -> list[tuple[Indicator, dict[str, object] | None, bool]]:
    """Per indicator that changes: its new values (``None``: retire) and whether a record exists now.

    >>> r = RoundRecord("r-1", 2026, 1.0, 5.0, "anna", "2026-01-05", 2_000_000_000, deal_id="kk")
    >>> old = Assessment(year=2026, indicator="proces", score=3, party_id="urk", deal_id="kk")
    >>> [(str(i), v and v["score"], e) for i, v, e in assessment_changes(
    ...     r, "urk", [ScoreAnswer(Indicator.MEERWAARDE, 4.0)], {"proces": old})]
    [('meerwaarde', 4.0, False), ('proces', None, True)]
    """
    given = {str(a.indicator): a for a in answers}
    out: list[tuple[Indicator, dict[str, object] | None, bool]] = []
    for indicator in Indicator:
        old, new = previous.get(str(indicator)), given.get(str(indicator))
        if new is None:
            if old is not None:
                out.append((indicator, None, True))
            continue
        if old is not None and old.score == new.score and (old.note or None) == new.note:
            continue
        values: dict[str, object] = {
            "year": round_.year,
            "indicator": indicator.value,
            "score": new.score,
            "party_id": party_id,
            "deal_id": round_.deal_id,
            "note": new.note,
        }
        out.append((indicator, values, old is not None))
    return out


def submit_assessment(
    store: Store, round_: RoundRecord, party_id: str, answers: tuple[ScoreAnswer, ...], previous: dict[str, Assessment]
) -> tuple[ChangeEntry, ...]:
    """Save a party's answer as ``assessments`` records (replacing its previous answer) and note it in the round.

    Raises
    ------
    loaders.entries.EntryInvalid, loaders.entries.EntryConflict
        When the data refuses the scores or changed under the form; nothing written.
    """
    changes: list[RecordChange] = []
    for indicator, values, exists in assessment_changes(round_, party_id, answers, previous):
        key = _key(round_.year, indicator, party_id, round_.deal_id)
        current = read_record(store, "assessments", key) if exists else None
        version = current.version if current is not None else None
        changes.append(RecordChange("assessments", values, key=key if exists else None, expected_version=version))
    saved = save_records(store, changes, actor=f"zelfevaluatie:{party_id}", role=LINK_ROLE) if changes else ()
    record_round_answer(store, round_.id, party_id, len(answers))
    return saved
